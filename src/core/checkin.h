/* checkin.h: the check-in periods of a supervision enrolment.
 *
 * rules.md, "Alternatives to detention": an enrolment with check-in every
 * N days is cut into periods [a, a + N days) from its start; a change of N
 * or the end of the enrolment closes the period in progress there (and a
 * change starts new periods). A period is met by an `ok` check-in in
 * [a, b + grace); a full period is ended at b + grace and missed if it
 * ended unmet; a period closed early counts only if it was met.
 *
 * The state keeps only what is still open: periods whose deadline has
 * passed are folded into counters, so it stays small however long the
 * enrolment runs, and a query at a later instant advances a copy. Events
 * must be applied in time order. Pure. */
#ifndef CUSTODY_CHECKIN_H
#define CUSTODY_CHECKIN_H

#include <stdbool.h>
#include <stdint.h>

#include "timestamp.h"

/* At most this many periods wait for their deadline at once: enough for
 * the longest grace a rules file may set (checkin_grace_hours <= 144)
 * over one-day periods, with periods closed early by changes. */
#define CHECKIN_PENDING 10

struct checkin_period {
	ts_t a, b;   /* the span [a, b) */
	bool met;    /* an ok check-in fell in [a, b + grace) */
	bool closed; /* closed early by a change or the end */
};

struct checkin_state {
	ts_t grace;      /* seconds after b during which a period can still be met */
	ts_t seg_start;  /* where the current run of equal periods began */
	ts_t seg_len;    /* their length in seconds; 0 once the enrolment ended */
	int64_t next;    /* index in the run of the next period not yet pending */
	struct checkin_period pending[CHECKIN_PENDING]; /* oldest first */
	int n_pending;
	int64_t ended, met; /* periods past their deadline (and closed early, if met) */
	int64_t missed_run; /* ended periods missed in a row, up to the latest */
	ts_t last_ok;       /* the latest ok check-in, TS_NONE if none */
};

/* Periods that have ended and their outcome, at an instant. */
struct checkin_summary {
	int64_t ended, met, missed_run;
	ts_t last_ok;
	/* the oldest period not yet met whose deadline is still ahead, if any
	 * (TS_NONE otherwise): when it ends and when its grace runs out */
	ts_t open_b, open_deadline;
};

/* Start the periods of an enrolment at `at`, every `days` days, with a
 * grace of grace_seconds. */
void checkin_start(struct checkin_state *s, ts_t at, int days, ts_t grace_seconds);

/* A check-in at `at` (not before the last event applied). ok says whether
 * its result was `ok`. */
void checkin_record(struct checkin_state *s, ts_t at, bool ok);

/* A change of the period length at `at`: closes the period in progress and
 * starts periods of `days` days there. */
void checkin_change(struct checkin_state *s, ts_t at, int days);

/* Whether a change at `at` to periods of `days` days keeps every period
 * that may still be met within the state (CHECKIN_PENDING of them at
 * once). False only after many changes within one grace: the timeline
 * refuses such a change rather than decide periods before their time. */
bool checkin_change_fits(const struct checkin_state *s, ts_t at, int days);

/* The end of the enrolment at `at`: closes the period in progress; no
 * period starts after it. */
void checkin_end(struct checkin_state *s, ts_t at);

/* The outcome at instant t (not before the last event applied) into *out;
 * s is not changed. */
void checkin_summary_at(const struct checkin_state *s, ts_t t, struct checkin_summary *out);

#endif
