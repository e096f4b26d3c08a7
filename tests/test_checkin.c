/* test_checkin.c: the check-in periods of one enrolment (checkin.h).
 *
 * rules.md, "Alternatives to detention", and docs/supervision.md: an
 * enrolment with check-in every N days is cut into periods [a, a + N days)
 * from its start; a period is met by an `ok` check-in in [a, b + grace);
 * a full period is ended at b + grace and missed if unmet; a change of N
 * closes the period in progress (and starts new periods there), the end of
 * the enrolment closes it (and starts none); a period closed early counts
 * (as ended and met) only if met, and is never missed.
 *
 * Each table row starts an enrolment and then runs its steps in time
 * order: check-ins (ok or failed_verification), changes, the end, and
 * queries. A query asks checkin_summary_at() at its instant and gives the
 * whole summary: ended, met, missed_run, last_ok, open_b and
 * open_deadline ("-" for TS_NONE, "*" for not checked); every query also
 * checks that the state was not changed by it, and that the compliance of
 * the counts (atd_compliance) is met / ended. */
#include <stdbool.h>
#include <string.h>

#include "support.h"

#include "checkin.h"
#include "supervision.h"

#define H 3600

enum op { OP_OK, OP_FAILED, OP_CHANGE, OP_END, OP_QUERY, OP_STOP };

struct step {
	enum op op;
	const char *at;
	int days;                 /* OP_CHANGE */
	int64_t ended, met, run;  /* OP_QUERY */
	const char *last_ok, *open_b, *open_deadline; /* OP_QUERY: "-" TS_NONE, "*" any */
};

#define OK(at) {OP_OK, at, 0, 0, 0, 0, NULL, NULL, NULL}
#define FAILED(at) {OP_FAILED, at, 0, 0, 0, 0, NULL, NULL, NULL}
#define CHANGE(at, days) {OP_CHANGE, at, days, 0, 0, 0, NULL, NULL, NULL}
#define END(at) {OP_END, at, 0, 0, 0, 0, NULL, NULL, NULL}
#define Q(at, ended, met, run, last_ok, open_b, open_deadline)                                        \
	{OP_QUERY, at, 0, ended, met, run, last_ok, open_b, open_deadline}
#define STEPS(...) ((const struct step[]){__VA_ARGS__, {OP_STOP, NULL, 0, 0, 0, 0, NULL, NULL, NULL}})

struct checkin_case {
	const char *what;
	const char *start;
	int days;
	int grace_hours;
	const struct step *steps;
};

/* Periods of the usual row (7 days from 2025-01-01T00:00Z, grace 24 h):
 *   P0 [01-01, 01-08) deadline 01-09   P1 [01-08, 01-15) deadline 01-16
 *   P2 [01-15, 01-22) deadline 01-23   P3 [01-22, 01-29) deadline 01-30
 *   P4 [01-29, 02-05) deadline 02-06 */
#define JAN "2025-01-01T00:00:00Z"

static const struct checkin_case cases[] = {
	/* --- period arithmetic */
	{"an enrolment starting mid-day: periods from its instant", "2025-03-10T15:30:00Z", 7, 24,
	 STEPS(Q("2025-03-10T15:30:00Z", 0, 0, 0, "-", "2025-03-17T15:30:00Z", "2025-03-18T15:30:00Z"),
	       Q("2025-03-17T15:30:00Z", 0, 0, 0, "-", "2025-03-17T15:30:00Z", "2025-03-18T15:30:00Z"),
	       Q("2025-03-18T15:29:59Z", 0, 0, 0, "-", "2025-03-17T15:30:00Z", "2025-03-18T15:30:00Z"),
	       Q("2025-03-18T15:30:00Z", 1, 0, 1, "-", "2025-03-24T15:30:00Z", "2025-03-25T15:30:00Z"),
	       Q("2025-03-25T15:30:00Z", 2, 0, 2, "-", "2025-03-31T15:30:00Z", "2025-04-01T15:30:00Z"))},
	{"mid-day start, a check-in in the first period", "2025-03-10T15:30:00Z", 7, 24,
	 STEPS(OK("2025-03-10T15:30:00Z"),
	       Q("2025-03-10T15:30:00Z", 0, 0, 0, "2025-03-10T15:30:00Z", "-", "-"),
	       Q("2025-03-17T15:29:59Z", 0, 0, 0, "2025-03-10T15:30:00Z", "-", "-"),
	       Q("2025-03-17T15:30:00Z", 0, 0, 0, "2025-03-10T15:30:00Z", "2025-03-24T15:30:00Z", "2025-03-25T15:30:00Z"),
	       Q("2025-03-18T15:30:00Z", 1, 1, 0, "2025-03-10T15:30:00Z", "2025-03-24T15:30:00Z", "2025-03-25T15:30:00Z"),
	       Q("2025-03-25T15:30:00Z", 2, 1, 1, "2025-03-10T15:30:00Z", "2025-03-31T15:30:00Z", "2025-04-01T15:30:00Z"))},

	/* --- boundaries */
	{"a check-in exactly on a period boundary meets both periods", JAN, 7, 24,
	 STEPS(OK("2025-01-08T00:00:00Z"),
	       Q("2025-01-09T00:00:00Z", 1, 1, 0, "2025-01-08T00:00:00Z", "-", "-"),
	       Q("2025-01-15T00:00:00Z", 1, 1, 0, "2025-01-08T00:00:00Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"),
	       Q("2025-01-16T00:00:00Z", 2, 2, 0, "2025-01-08T00:00:00Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"),
	       Q("2025-01-23T00:00:00Z", 3, 2, 1, "2025-01-08T00:00:00Z", "2025-01-29T00:00:00Z", "2025-01-30T00:00:00Z"))},
	{"no grace: a check-in on the boundary meets only the period starting there", JAN, 1, 0,
	 STEPS(OK("2025-01-02T00:00:00Z"),
	       Q("2025-01-02T00:00:00Z", 1, 0, 1, "2025-01-02T00:00:00Z", "-", "-"),
	       Q("2025-01-03T00:00:00Z", 2, 1, 0, "2025-01-02T00:00:00Z", "2025-01-04T00:00:00Z", "2025-01-04T00:00:00Z"))},
	{"no grace: the last second of a period meets it", JAN, 1, 0,
	 STEPS(OK("2025-01-01T23:59:59Z"), Q("2025-01-02T00:00:00Z", 1, 1, 0, "2025-01-01T23:59:59Z", "2025-01-03T00:00:00Z", "2025-01-03T00:00:00Z"))},
	{"grace to the second: b + grace - 1 meets the period (and the next)", JAN, 7, 24,
	 STEPS(Q("2025-01-08T23:59:59Z", 0, 0, 0, "-", "2025-01-08T00:00:00Z", "2025-01-09T00:00:00Z"),
	       OK("2025-01-08T23:59:59Z"),
	       Q("2025-01-08T23:59:59Z", 0, 0, 0, "2025-01-08T23:59:59Z", "-", "-"),
	       Q("2025-01-09T00:00:00Z", 1, 1, 0, "2025-01-08T23:59:59Z", "-", "-"),
	       Q("2025-01-16T00:00:00Z", 2, 2, 0, "2025-01-08T23:59:59Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"))},
	{"grace to the second: b + grace is too late (and counts for the next)", JAN, 7, 24,
	 STEPS(OK("2025-01-09T00:00:00Z"),
	       Q("2025-01-09T00:00:00Z", 1, 0, 1, "2025-01-09T00:00:00Z", "-", "-"),
	       Q("2025-01-16T00:00:00Z", 2, 1, 0, "2025-01-09T00:00:00Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"))},
	{"the deadline is exact: ended at b + grace, not a second before", JAN, 7, 24,
	 STEPS(OK("2025-01-03T00:00:00Z"),
	       Q("2025-01-08T23:59:59Z", 0, 0, 0, "2025-01-03T00:00:00Z", "2025-01-15T00:00:00Z", "2025-01-16T00:00:00Z"),
	       Q("2025-01-09T00:00:00Z", 1, 1, 0, "2025-01-03T00:00:00Z", "2025-01-15T00:00:00Z", "2025-01-16T00:00:00Z"),
	       Q("2025-01-15T23:59:59Z", 1, 1, 0, "2025-01-03T00:00:00Z", "2025-01-15T00:00:00Z", "2025-01-16T00:00:00Z"),
	       Q("2025-01-16T00:00:00Z", 2, 1, 1, "2025-01-03T00:00:00Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"))},
	{"a check-in one second before the enrolment's first period ends meets only it", JAN, 7, 24,
	 STEPS(OK("2025-01-07T23:59:59Z"),
	       Q("2025-01-16T00:00:00Z", 2, 1, 1, "2025-01-07T23:59:59Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"))},

	/* --- one check-in, several periods */
	{"one check-in in the grace of one-day periods meets two adjacent periods", JAN, 1, 24,
	 STEPS(OK("2025-01-02T12:00:00Z"),
	       Q("2025-01-02T12:00:00Z", 0, 0, 0, "2025-01-02T12:00:00Z", "-", "-"),
	       Q("2025-01-03T00:00:00Z", 1, 1, 0, "2025-01-02T12:00:00Z", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z"),
	       Q("2025-01-04T00:00:00Z", 2, 2, 0, "2025-01-02T12:00:00Z", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z"),
	       Q("2025-01-05T00:00:00Z", 3, 2, 1, "2025-01-02T12:00:00Z", "2025-01-05T00:00:00Z", "2025-01-06T00:00:00Z"))},
	{"a 48-hour grace: one check-in meets three one-day periods", JAN, 1, 48,
	 STEPS(OK("2025-01-03T12:00:00Z"),
	       Q("2025-01-06T00:00:00Z", 3, 3, 0, "2025-01-03T12:00:00Z", "2025-01-05T00:00:00Z", "2025-01-07T00:00:00Z"),
	       Q("2025-01-07T00:00:00Z", 4, 3, 1, "2025-01-03T12:00:00Z", "2025-01-06T00:00:00Z", "2025-01-08T00:00:00Z"))},
	{"the longest grace (144 h) over one-day periods with a change: eight periods wait at once", JAN, 1, 144,
	 STEPS(CHANGE("2025-01-07T12:00:00Z", 1),
	       Q("2025-01-07T12:00:00Z", 0, 0, 0, "-", "2025-01-02T00:00:00Z", "2025-01-08T00:00:00Z"),
	       OK("2025-01-07T13:00:00Z"),
	       Q("2025-01-07T13:00:00Z", 0, 0, 0, "2025-01-07T13:00:00Z", "-", "-"),
	       Q("2025-01-14T12:00:00Z", 8, 8, 0, "2025-01-07T13:00:00Z", "2025-01-09T12:00:00Z", "2025-01-15T12:00:00Z"),
	       Q("2025-01-15T12:00:00Z", 9, 8, 1, "2025-01-07T13:00:00Z", "2025-01-10T12:00:00Z", "2025-01-16T12:00:00Z"))},

	/* --- failed verification */
	{"failed_verification meets nothing", JAN, 7, 24,
	 STEPS(FAILED("2025-01-03T00:00:00Z"), FAILED("2025-01-08T12:00:00Z"),
	       Q("2025-01-08T12:00:00Z", 0, 0, 0, "-", "2025-01-08T00:00:00Z", "2025-01-09T00:00:00Z"),
	       Q("2025-01-09T00:00:00Z", 1, 0, 1, "-", "2025-01-15T00:00:00Z", "2025-01-16T00:00:00Z"),
	       Q("2025-01-16T00:00:00Z", 2, 0, 2, "-", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"))},
	{"failed_verification after an ok leaves last_ok", JAN, 7, 24,
	 STEPS(OK("2025-01-02T00:00:00Z"), FAILED("2025-01-10T00:00:00Z"),
	       Q("2025-01-16T00:00:00Z", 2, 1, 1, "2025-01-02T00:00:00Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"))},

	/* --- changes of the period length */
	{"a change mid-period, nothing met: the closed period never counts, new periods start at the change", JAN, 7, 24,
	 STEPS(CHANGE("2025-01-05T12:00:00Z", 3),
	       Q("2025-01-05T13:00:00Z", 0, 0, 0, "-", "2025-01-05T12:00:00Z", "2025-01-06T12:00:00Z"),
	       Q("2025-01-06T12:00:00Z", 0, 0, 0, "-", "2025-01-08T12:00:00Z", "2025-01-09T12:00:00Z"),
	       Q("2025-01-09T11:59:59Z", 0, 0, 0, "-", "2025-01-08T12:00:00Z", "2025-01-09T12:00:00Z"),
	       Q("2025-01-09T12:00:00Z", 1, 0, 1, "-", "2025-01-11T12:00:00Z", "2025-01-12T12:00:00Z"),
	       Q("2025-01-12T12:00:00Z", 2, 0, 2, "-", "2025-01-14T12:00:00Z", "2025-01-15T12:00:00Z"))},
	{"a change mid-period after a check-in: the closed period counts, met", JAN, 7, 24,
	 STEPS(OK("2025-01-03T00:00:00Z"), CHANGE("2025-01-05T12:00:00Z", 3),
	       Q("2025-01-06T11:59:59Z", 0, 0, 0, "2025-01-03T00:00:00Z", "2025-01-08T12:00:00Z", "2025-01-09T12:00:00Z"),
	       Q("2025-01-06T12:00:00Z", 1, 1, 0, "2025-01-03T00:00:00Z", "2025-01-08T12:00:00Z", "2025-01-09T12:00:00Z"),
	       Q("2025-01-09T12:00:00Z", 2, 1, 1, "2025-01-03T00:00:00Z", "2025-01-11T12:00:00Z", "2025-01-12T12:00:00Z"))},
	{"a check-in in the grace after a change meets the closed period and the new one", JAN, 7, 24,
	 STEPS(CHANGE("2025-01-05T12:00:00Z", 3), OK("2025-01-06T11:59:59Z"),
	       Q("2025-01-06T12:00:00Z", 1, 1, 0, "2025-01-06T11:59:59Z", "-", "-"),
	       Q("2025-01-09T12:00:00Z", 2, 2, 0, "2025-01-06T11:59:59Z", "2025-01-11T12:00:00Z", "2025-01-12T12:00:00Z"))},
	{"a check-in at the change + grace is too late for the closed period", JAN, 7, 24,
	 STEPS(CHANGE("2025-01-05T12:00:00Z", 3), OK("2025-01-06T12:00:00Z"),
	       Q("2025-01-06T12:00:00Z", 0, 0, 0, "2025-01-06T12:00:00Z", "-", "-"),
	       Q("2025-01-09T12:00:00Z", 1, 1, 0, "2025-01-06T12:00:00Z", "2025-01-11T12:00:00Z", "2025-01-12T12:00:00Z"))},
	{"a closed unmet period does not break a run of missed periods", JAN, 7, 24,
	 STEPS(Q("2025-01-09T00:00:00Z", 1, 0, 1, "-", "2025-01-15T00:00:00Z", "2025-01-16T00:00:00Z"),
	       CHANGE("2025-01-10T00:00:00Z", 7),
	       Q("2025-01-11T00:00:00Z", 1, 0, 1, "-", "2025-01-17T00:00:00Z", "2025-01-18T00:00:00Z"),
	       Q("2025-01-18T00:00:00Z", 2, 0, 2, "-", "2025-01-24T00:00:00Z", "2025-01-25T00:00:00Z"))},
	{"a change exactly on a period start leaves no empty period", JAN, 7, 24,
	 STEPS(CHANGE("2025-01-08T00:00:00Z", 3),
	       Q("2025-01-08T00:00:00Z", 0, 0, 0, "-", "2025-01-08T00:00:00Z", "2025-01-09T00:00:00Z"),
	       Q("2025-01-09T00:00:00Z", 1, 0, 1, "-", "2025-01-11T00:00:00Z", "2025-01-12T00:00:00Z"),
	       Q("2025-01-12T00:00:00Z", 2, 0, 2, "-", "2025-01-14T00:00:00Z", "2025-01-15T00:00:00Z"),
	       Q("2025-01-15T00:00:00Z", 3, 0, 3, "-", "2025-01-17T00:00:00Z", "2025-01-18T00:00:00Z"))},
	{"a change on a period start, a check-in after it meets the full period before and the new one", JAN, 7, 24,
	 STEPS(CHANGE("2025-01-08T00:00:00Z", 3), OK("2025-01-08T06:00:00Z"),
	       Q("2025-01-12T00:00:00Z", 2, 2, 0, "2025-01-08T06:00:00Z", "2025-01-14T00:00:00Z", "2025-01-15T00:00:00Z"))},
	{"a change at the enrolment's start: only the new periods", JAN, 7, 24,
	 STEPS(CHANGE(JAN, 1),
	       Q("2025-01-04T00:00:00Z", 2, 0, 2, "-", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z"))},
	{"a longer period after a change", JAN, 1, 24,
	 STEPS(OK("2025-01-01T10:00:00Z"), CHANGE("2025-01-01T12:00:00Z", 30),
	       Q("2025-01-02T12:00:00Z", 1, 1, 0, "2025-01-01T10:00:00Z", "2025-01-31T12:00:00Z", "2025-02-01T12:00:00Z"),
	       Q("2025-02-01T12:00:00Z", 2, 1, 1, "2025-01-01T10:00:00Z", "2025-03-02T12:00:00Z", "2025-03-03T12:00:00Z"))},

	/* --- the end of the enrolment */
	{"the end mid-period after a check-in: the closed period counts, met, and nothing after", JAN, 7, 24,
	 STEPS(OK("2025-01-08T12:00:00Z"), END("2025-01-12T00:00:00Z"),
	       Q("2025-01-12T23:59:59Z", 1, 1, 0, "2025-01-08T12:00:00Z", "*", "*"),
	       Q("2025-01-13T00:00:00Z", 2, 2, 0, "2025-01-08T12:00:00Z", "-", "-"),
	       Q("2026-06-01T00:00:00Z", 2, 2, 0, "2025-01-08T12:00:00Z", "-", "-"))},
	{"the end mid-period, the closed period unmet: never missed", JAN, 7, 24,
	 STEPS(OK("2025-01-03T00:00:00Z"), END("2025-01-12T00:00:00Z"),
	       Q("2025-01-13T00:00:00Z", 1, 1, 0, "2025-01-03T00:00:00Z", "-", "-"),
	       Q("2027-01-01T00:00:00Z", 1, 1, 0, "2025-01-03T00:00:00Z", "-", "-"))},
	{"the end exactly on a period start: the full period before still ends, unmet", JAN, 7, 24,
	 STEPS(END("2025-01-08T00:00:00Z"),
	       Q("2025-01-09T00:00:00Z", 1, 0, 1, "-", "-", "-"),
	       Q("2025-03-01T00:00:00Z", 1, 0, 1, "-", "-", "-"))},
	{"the end exactly on a period start, the full period met", JAN, 7, 24,
	 STEPS(OK("2025-01-05T00:00:00Z"), END("2025-01-08T00:00:00Z"),
	       Q("2025-01-09T00:00:00Z", 1, 1, 0, "2025-01-05T00:00:00Z", "-", "-"),
	       Q("2025-03-01T00:00:00Z", 1, 1, 0, "2025-01-05T00:00:00Z", "-", "-"))},
	{"the end at the enrolment's instant: no period at all", JAN, 7, 24,
	 STEPS(END(JAN), Q("2026-01-01T00:00:00Z", 0, 0, 0, "-", "-", "-"))},

	/* --- long gaps */
	{"a year of one-day periods unmet (2020 has 366 days)", "2020-01-01T00:00:00Z", 1, 24,
	 STEPS(Q("2021-01-01T00:00:00Z", 365, 0, 365, "-", "2021-01-01T00:00:00Z", "2021-01-02T00:00:00Z"),
	       OK("2021-01-01T00:00:00Z"),
	       Q("2021-01-02T00:00:00Z", 366, 1, 0, "2021-01-01T00:00:00Z", "2021-01-03T00:00:00Z", "2021-01-04T00:00:00Z"),
	       Q("2021-01-03T00:00:00Z", 367, 2, 0, "2021-01-01T00:00:00Z", "2021-01-03T00:00:00Z", "2021-01-04T00:00:00Z"),
	       Q("2021-01-05T00:00:00Z", 369, 2, 2, "2021-01-01T00:00:00Z", "2021-01-05T00:00:00Z", "2021-01-06T00:00:00Z"))},
	{"a thousand days of 7-day periods from mid-morning, the first met", "2022-06-15T09:45:00Z", 7, 24,
	 STEPS(OK("2022-06-16T00:00:00Z"),
	       Q("2025-03-13T09:44:59Z", 142, 1, 141, "2022-06-16T00:00:00Z", "2025-03-12T09:45:00Z", "2025-03-13T09:45:00Z"),
	       Q("2025-03-13T09:45:00Z", 143, 1, 142, "2022-06-16T00:00:00Z", "2025-03-19T09:45:00Z", "2025-03-20T09:45:00Z"),
	       OK("2025-03-13T10:00:00Z"),
	       Q("2025-03-20T09:45:00Z", 144, 2, 0, "2025-03-13T10:00:00Z", "2025-03-26T09:45:00Z", "2025-03-27T09:45:00Z"),
	       Q("2025-03-27T09:45:00Z", 145, 2, 1, "2025-03-13T10:00:00Z", "2025-04-02T09:45:00Z", "2025-04-03T09:45:00Z"))},
	{"a long gap, then a change: the gap's periods are counted before the new ones", "2024-01-01T00:00:00Z", 7, 24,
	 STEPS(CHANGE("2025-01-01T00:00:00Z", 1),
	       /* 2024-01-01 + 52 weeks = 2024-12-30: 52 full periods ended by 2024-12-31;
		* the 53rd [12-30, 01-06) closed at 2025-01-01, unmet; then one-day periods */
	       Q("2025-01-01T00:00:00Z", 52, 0, 52, "-", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"),
	       Q("2025-01-03T00:00:00Z", 53, 0, 53, "-", "2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z"))},

	/* --- missed_run */
	{"missed_run resets after a met period and counts again", JAN, 7, 24,
	 STEPS(Q("2025-01-23T00:00:00Z", 3, 0, 3, "-", "2025-01-29T00:00:00Z", "2025-01-30T00:00:00Z"),
	       OK("2025-01-25T00:00:00Z"),
	       Q("2025-01-29T23:59:59Z", 3, 0, 3, "2025-01-25T00:00:00Z", "2025-02-05T00:00:00Z", "2025-02-06T00:00:00Z"),
	       Q("2025-01-30T00:00:00Z", 4, 1, 0, "2025-01-25T00:00:00Z", "2025-02-05T00:00:00Z", "2025-02-06T00:00:00Z"),
	       Q("2025-02-06T00:00:00Z", 5, 1, 1, "2025-01-25T00:00:00Z", "2025-02-12T00:00:00Z", "2025-02-13T00:00:00Z"),
	       Q("2025-02-13T00:00:00Z", 6, 1, 2, "2025-01-25T00:00:00Z", "2025-02-19T00:00:00Z", "2025-02-20T00:00:00Z"))},
	{"every period met", JAN, 7, 24,
	 STEPS(OK("2025-01-02T00:00:00Z"), OK("2025-01-09T00:00:00Z"), OK("2025-01-16T00:00:00Z"), OK("2025-01-23T00:00:00Z"),
	       Q("2025-01-30T00:00:00Z", 4, 4, 0, "2025-01-23T00:00:00Z", "2025-02-05T00:00:00Z", "2025-02-06T00:00:00Z"))},

	/* --- open_b and open_deadline: the oldest unmet period still within its deadline */
	{"open: the previous period in its grace comes before the one in progress", JAN, 7, 24,
	 STEPS(Q("2025-01-08T06:00:00Z", 0, 0, 0, "-", "2025-01-08T00:00:00Z", "2025-01-09T00:00:00Z"),
	       OK("2025-01-08T07:00:00Z"),
	       Q("2025-01-08T07:00:00Z", 0, 0, 0, "2025-01-08T07:00:00Z", "-", "-"),
	       Q("2025-01-15T00:00:00Z", 1, 1, 0, "2025-01-08T07:00:00Z", "2025-01-22T00:00:00Z", "2025-01-23T00:00:00Z"))},
	{"open: a met period in progress leaves nothing open until the next begins", JAN, 30, 24,
	 STEPS(OK("2025-01-20T00:00:00Z"),
	       Q("2025-01-30T23:59:59Z", 0, 0, 0, "2025-01-20T00:00:00Z", "-", "-"),
	       Q("2025-01-31T00:00:00Z", 0, 0, 0, "2025-01-20T00:00:00Z", "2025-03-02T00:00:00Z", "2025-03-03T00:00:00Z"))},
};

static ts_t when(const char *text)
{
	return strcmp(text, "-") == 0 ? TS_NONE : T(text);
}

static void check_time(const struct checkin_case *c, const struct step *s, const char *field, ts_t got,
		       const char *want)
{
	if (strcmp(want, "*") == 0 || got == when(want))
		return;
	char g[TS_TEXT_MAX];
	fail_msg("%s, query at %s: %s %s, expected %s", c->what, s->at, field, got == TS_NONE ? "-" : ts_format(got, g),
		 want);
}

static void run_case(const struct checkin_case *c)
{
	struct checkin_state st;
	memset(&st, 0xa5, sizeof st);
	checkin_start(&st, T(c->start), c->days, (ts_t)c->grace_hours * H);
	for (const struct step *s = c->steps; s->op != OP_STOP; s++) {
		switch (s->op) {
		case OP_OK:
		case OP_FAILED:
			checkin_record(&st, T(s->at), s->op == OP_OK);
			break;
		case OP_CHANGE:
			checkin_change(&st, T(s->at), s->days);
			break;
		case OP_END:
			checkin_end(&st, T(s->at));
			break;
		case OP_QUERY: {
			struct checkin_state before;
			memcpy(&before, &st, sizeof st);
			struct checkin_summary sum;
			memset(&sum, 0x5a, sizeof sum);
			checkin_summary_at(&st, T(s->at), &sum);
			if (memcmp(&before, &st, sizeof st) != 0)
				fail_msg("%s: checkin_summary_at(%s) changed the state", c->what, s->at);
			if (sum.ended != s->ended || sum.met != s->met || sum.missed_run != s->run)
				fail_msg("%s, query at %s: ended %lld, met %lld, missed_run %lld; expected %lld, %lld, %lld",
					 c->what, s->at, (long long)sum.ended, (long long)sum.met, (long long)sum.missed_run,
					 (long long)s->ended, (long long)s->met, (long long)s->run);
			check_time(c, s, "last_ok", sum.last_ok, s->last_ok);
			check_time(c, s, "open_b", sum.open_b, s->open_b);
			check_time(c, s, "open_deadline", sum.open_deadline, s->open_deadline);
			/* the same question again: the same answer */
			struct checkin_summary again;
			checkin_summary_at(&st, T(s->at), &again);
			assert_memory_equal(&sum, &again, sizeof sum);
			/* compliance = met / ended, undefined (-1) with nothing ended */
			struct atd_group g = {.ended = sum.ended, .met = sum.met};
			double rate = atd_compliance(&g);
			if (sum.ended == 0)
				assert_true(rate < 0);
			else
				assert_true(rate == (double)sum.met / (double)sum.ended);
			break;
		}
		case OP_STOP:
			break;
		}
	}
}

static void test_periods(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < ROWS(cases); i++)
		run_case(&cases[i]);
}

/* A later query does not move the state: asked far ahead, then events
 * before that instant are still applied as if it had not been asked. */
static void test_summary_does_not_advance(void **unused)
{
	(void)unused;
	struct checkin_state a, b;
	checkin_start(&a, T(JAN), 7, 24 * H);
	checkin_start(&b, T(JAN), 7, 24 * H);
	struct checkin_summary far, sa, sb;
	checkin_summary_at(&a, T("2030-01-01T00:00:00Z"), &far);
	assert_true(far.ended > 200);
	assert_int_equal(far.met, 0);
	checkin_record(&a, T("2025-01-03T00:00:00Z"), true);
	checkin_record(&b, T("2025-01-03T00:00:00Z"), true);
	assert_memory_equal(&a, &b, sizeof a);
	checkin_summary_at(&a, T("2025-01-09T00:00:00Z"), &sa);
	checkin_summary_at(&b, T("2025-01-09T00:00:00Z"), &sb);
	assert_int_equal(sa.ended, 1);
	assert_int_equal(sa.met, 1);
	assert_memory_equal(&sa, &sb, sizeof sa);
}

/* The state stays small: after years of periods nothing waits but the
 * periods still within their grace. */
static void test_state_stays_small(void **unused)
{
	(void)unused;
	struct checkin_state s;
	checkin_start(&s, T("2000-01-01T00:00:00Z"), 1, 24 * H);
	for (int day = 0; day < 3000; day += 3)
		checkin_record(&s, T("2000-01-01T00:00:00Z") + (ts_t)day * TS_DAY + 12 * H, true);
	assert_true(s.n_pending <= 2);
	struct checkin_summary sum;
	checkin_summary_at(&s, T("2000-01-01T00:00:00Z") + 3000 * (ts_t)TS_DAY, &sum);
	/* period k (day k) ends at day k + 2 with the grace: 0..2998 have ended */
	assert_int_equal(sum.ended, 2999);
	/* a check-in on day 3j at 12:00 meets periods 3j - 1 and 3j; day 0
	 * only period 0; 3j + 1 is missed, and 2998 is the latest */
	assert_int_equal(sum.met, 1 + 2 * 999);
	assert_int_equal(sum.missed_run, 1);
}

/* Many changes of the period length within one grace: each closes the
 * period in progress, and each closed period can still be met during its
 * grace. With one-day periods and a 24-hour grace, CHECKIN_PENDING + 2
 * changes ten minutes apart close as many short periods, [t0, t0 + 10 min),
 * [t0 + 10 min, t0 + 20 min), ...; one ok check-in ten minutes after the
 * last change falls in the grace of every one of them (and in the period
 * in progress), so each counts as ended and met (rules.md: "periods closed
 * early and met count as ended and met"). */
/* Changes ten minutes apart, as many as checkin_change_fits() allows, then
 * an ok check-in: every period closed early is met (rules.md: a period
 * closed early counts when met). The state refuses the change that would
 * make it decide a period before its deadline. */
static void test_many_changes_within_a_grace(void **unused)
{
	(void)unused;
	const ts_t t0 = T(JAN), step = 600;
	struct checkin_state s;
	checkin_start(&s, t0, 1, 24 * H);
	int changes = 0;
	while (checkin_change_fits(&s, t0 + (changes + 1) * step, 1)) {
		changes++;
		checkin_change(&s, t0 + changes * step, 1);
		if (changes > CHECKIN_PENDING)
			fail_msg("checkin_change_fits() allowed %d changes within one grace", changes);
	}
	if (changes < 5)
		fail_msg("only %d changes within one grace fit", changes);
	checkin_record(&s, t0 + (changes + 1) * step, true);
	/* three days on: the closed periods (deadlines about 24 h on) and the
	 * full period [last change, + 1 d) (deadline + 2 d) have ended */
	struct checkin_summary sum;
	checkin_summary_at(&s, t0 + 3 * TS_DAY, &sum);
	if (sum.ended != changes + 1 || sum.met != changes + 1 || sum.missed_run != 0)
		fail_msg("%d changes 10 minutes apart, then an ok check-in: ended %lld, met %lld, missed_run %lld; "
			 "expected %d periods (%d closed early, 1 full), all met",
			 changes, (long long)sum.ended, (long long)sum.met, (long long)sum.missed_run, changes + 1, changes);
}

/* An ok check-in and a change of the same second: the check-in falls in
 * the first new period whichever was recorded first (found by an
 * independent model: recorded first, it used to meet only the closed one). */
static void test_checkin_at_the_instant_of_a_change(void **unused)
{
	(void)unused;
	const ts_t t0 = T(JAN), x = t0 + 4 * TS_DAY;
	struct checkin_summary first, second;
	struct checkin_state a, b;
	checkin_start(&a, t0, 14, 24 * H);
	checkin_change(&a, x, 7);
	checkin_record(&a, x, true);
	checkin_start(&b, t0, 14, 24 * H);
	checkin_record(&b, x, true);
	checkin_change(&b, x, 7);
	checkin_summary_at(&a, x + 8 * TS_DAY, &first);
	checkin_summary_at(&b, x + 8 * TS_DAY, &second);
	assert_int_equal(first.ended, 2);
	assert_int_equal(first.met, 2);
	assert_int_equal(second.ended, first.ended);
	assert_int_equal(second.met, first.met);
	assert_int_equal(second.missed_run, 0);
	/* at the enrolment instant: the change leaves no empty period, and the
	 * check-in meets the new first one */
	checkin_start(&b, t0, 14, 24 * H);
	checkin_record(&b, t0, true);
	checkin_change(&b, t0, 7);
	checkin_summary_at(&b, t0 + 8 * TS_DAY + 1, &second);
	assert_int_equal(second.ended, 1);
	assert_int_equal(second.met, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_summary_does_not_advance),
		cmocka_unit_test(test_state_stays_small),
		cmocka_unit_test(test_many_changes_within_a_grace),
		cmocka_unit_test(test_checkin_at_the_instant_of_a_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
