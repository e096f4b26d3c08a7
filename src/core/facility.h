/* facility.h: the facility registry, every facility's own timeline.
 *
 * A facility's state at an instant is the fold of its facility_open,
 * facility_capacity and facility_close events with `at` at or before that
 * instant, in (at, seq) order. A facility_open of a facility that is already
 * open re-states its details (name, capacity, ...), as a later year's ICE
 * workbook does. Pure: the registry never touches the store. */
#ifndef CUSTODY_FACILITY_H
#define CUSTODY_FACILITY_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

struct facility_record {
	struct event ev; /* owned */
	int64_t seq;
};

struct facility {
	char code[FACILITY_CODE_MAX + 1];
	struct facility_record *records; /* sorted by (at, seq) */
	size_t n, cap;
};

struct facility_registry {
	struct facility *items; /* sorted by code */
	size_t n, cap;
};

struct facility_state {
	bool open;
	const struct event *details; /* the latest facility_open; NULL if never opened */
	int capacity;
	ts_t since; /* when it last opened or closed */
};

void facility_registry_init(struct facility_registry *reg);

/* Free every facility and the events the registry owns. */
void facility_registry_free(struct facility_registry *reg);

/* The facility with this code, or NULL. */
const struct facility *facility_find(const struct facility_registry *reg, const char *code);

/* Fill *st with the state of fac at instant t (closed and without details
 * before its first event). */
void facility_state_at(const struct facility *fac, ts_t t, struct facility_state *st);

/* Whether fac is open throughout [in, out): open at in and not closed at any
 * instant before out (out may be TS_FOREVER). fac may be NULL (never). */
bool facility_covers(const struct facility *fac, ts_t in, ts_t out);

/* Add a facility event with its ledger seq, taking ownership of ev's strings
 * (ev is left empty). Fails with ERR_REJECTED, leaving the registry as it
 * was, when the facility's timeline would become invalid (a capacity change
 * or a close while it is not open, anything before its first opening). */
int facility_add(struct facility_registry *reg, struct event *ev, int64_t seq, struct error *err);

/* Remove the record with this seq from the facility with this code, moving
 * its event into *out (which the caller frees); a facility left with no
 * events leaves the registry. Fails with ERR_NOTFOUND, or
 * ERR_REJECTED when the remaining timeline would be invalid; the registry is
 * then unchanged. */
int facility_remove(struct facility_registry *reg, const char *code, int64_t seq,
		    struct event *out, struct error *err);

#endif
