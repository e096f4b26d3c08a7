/* atd.h: alternatives-to-detention figures (statistics.md) from a
 * snapshot: the participants active at an instant by technology and AOR,
 * their mean days enrolled (ALIP), absconders, and the court appearance of
 * participants. */
#ifndef CUSTODY_STATS_ATD_H
#define CUSTODY_STATS_ATD_H

#include "snapshot.h"

#define STATS_ATD_AORS (VOCAB_AORS + 1) /* the AORs, then "unknown" */

struct stats_atd {
	int64_t active; /* enrolments open at T: start <= T < end */
	int64_t by_tech[TECH_COUNT];
	int64_t by_aor[STATS_ATD_AORS];
	int64_t by_aor_tech[STATS_ATD_AORS][TECH_COUNT];
	double alip_days; /* mean (T - start) / 86400 of the active */
	double alip_by_aor[STATS_ATD_AORS];
	int64_t absconders;        /* enrolments ended `absconded` in [from, T] */
	int64_t attended, missed;  /* hearing outcomes of participants in [from, T] */
};

/* The figures at instant at, with absconders and hearings counted from
 * instant from. */
void stats_atd(const struct stats_snapshot *s, ts_t from, ts_t at, struct stats_atd *out);

#endif
