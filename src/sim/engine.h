/* engine.h: the flow model of national detention and supervision.
 *
 * A discrete-event simulation: people arrive (arrests, by month and agency,
 * from the profile), are booked in, classified, transferred, ordered
 * removed, reviewed, bonded, released or removed; some are released onto
 * supervision and check in, miss, escalate, abscond and go to court. The
 * run starts from the profile's standing population (people already
 * detained or supervised on the first day, with their earlier events).
 * Every event is handed to the caller in `at` order, facilities first: the
 * event writer is one such caller, a forecast another. Same profile, options
 * and seed: the same events, in the same order. */
#ifndef CUSTODY_ENGINE_H
#define CUSTODY_ENGINE_H

#include <stdint.h>

#include "event.h"
#include "profile.h"

struct sim_options {
	uint64_t seed;
	double scale; /* multiplies arrivals and standing populations */
	ts_t from;    /* first day (midnight UTC) */
	int days;
};

/* Figures of the run, for calibration checks: counted over [from, from +
 * days), by the month (from October) in which they happened. */
struct sim_totals {
	uint64_t events;
	uint64_t book_ins[2][PROFILE_MONTHS]; /* [agency][month] */
	uint64_t book_outs[OUT_REASON_COUNT];
	uint64_t atd_active[TECH_COUNT]; /* enrolled at the end of the run */
	uint64_t checkins, hearings_attended, hearings_missed;
};

/* Receives each event; a non-zero return stops the run and is returned. */
typedef int (*sim_emit_fn)(void *ctx, const struct event *ev, struct error *err);

/* Run the model, calling emit for every event in order, and fill *totals
 * (may be NULL). Returns 0, what emit returned, or ERR_NOMEM. */
int sim_run(const struct profile *p, const struct sim_options *o, sim_emit_fn emit, void *ctx,
	    struct sim_totals *totals, struct error *err);

#endif
