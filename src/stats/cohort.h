/* cohort.h: what became of the people arrested (statistics.md, Cohort
 * outcomes).
 *
 * The cohort is the people with an arrest in [from, to]; each counts once,
 * from their first arrest in it (A), in the first state that applies at T:
 * detained (held at T); removed (a book-out `removed` or a departure
 * between A and T); released_supervised (their latest stay since A ended in
 * a release by T and they are enrolled at T); released (the same, not
 * enrolled: counted by book-out reason in released_by_reason); other (that
 * stay ended in death, escape, or a transfer out of ICE detention:
 * transferred, transferred_usms, transferred_hhs); never_detained (no
 * book-in between A and T). */
#ifndef CUSTODY_STATS_COHORT_H
#define CUSTODY_STATS_COHORT_H

#include "series.h"

enum stats_cohort_state { COHORT_DETAINED, COHORT_REMOVED, COHORT_RELEASED_SUPERVISED, COHORT_RELEASED,
			  COHORT_OTHER, COHORT_NEVER_DETAINED, COHORT_STATES };

/* "detained", "removed", "released_supervised", "released", "other", "never_detained" */
extern const char *const stats_cohort_state_names[COHORT_STATES];

struct stats_cohort {
	int64_t arrested;
	int64_t states[COHORT_STATES];
	int64_t released_by_reason[OUT_REASON_COUNT];
};

/* The outcomes at `at` of the people arrested in [from, to] (instants; a
 * person arrested after `at` is never_detained at `at`),
 * by the AOR or the criminality of that arrest (by: STATS_BY_NONE,
 * STATS_BY_AOR, STATS_BY_CRIMINALITY, STATS_BY_AGENCY), into
 * out[0..stats_groups(s, by)), which the caller allocates. ERR_INVALID for
 * another breakdown. */
int stats_cohort(const struct stats_snapshot *s, ts_t from, ts_t to, ts_t at, enum stats_by by,
		 struct stats_cohort *out, struct error *err);

#endif
