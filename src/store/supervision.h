/* supervision.h: the alternatives-to-detention figures and lists of a
 * ledger at an instant (rules.md and statistics.md, "Alternatives to
 * detention"): active participants, ALIP, compliance, absconders, court
 * appearance; who must check in, who missed; upcoming hearings. */
#ifndef CUSTODY_SUPERVISION_H
#define CUSTODY_SUPERVISION_H

#include "aor_mask.h"
#include "checkin.h"
#include "ledger.h"

#define ATD_AORS 32

/* One group of participants (all of them, a technology or an AOR). */
struct atd_group {
	int64_t active;
	double enrolled_days;  /* summed over the active: ALIP = enrolled_days / active */
	int64_t ended, met;    /* check-in periods of their enrolments: compliance = met / ended */
	int64_t attended, missed; /* their hearings concluded by the instant */
};

struct atd_summary {
	ts_t at;
	struct atd_group all;
	struct atd_group by_technology[TECH_COUNT];
	struct atd_group by_aor[ATD_AORS + 1]; /* by enum of vocab_aor; [ATD_AORS]: unknown */
	int64_t absconders; /* enrolments ended `absconded` by the instant */
};

/* The figures at t over the participants whose AOR (timeline_aor(); for
 * the absconders, the enrolment's) is in aor_mask (AOR_MASK_ALL: all). */
int atd_summary_at(struct ledger *l, ts_t t, aor_mask_t aor_mask, struct atd_summary *out, struct error *err);

/* The breakdowns of a summary: by technology (enum technology), by AOR
 * (enum of vocab_aor, then "unknown"). */
enum atd_by { ATD_BY_NONE, ATD_BY_TECHNOLOGY, ATD_BY_AOR };

/* The number of groups of breakdown by (0 for ATD_BY_NONE). */
int atd_groups(enum atd_by by);

/* Group i (< atd_groups(by)) of breakdown by in s, and its name in *name
 * (static). */
const struct atd_group *atd_group(const struct atd_summary *s, enum atd_by by, int i, const char **name);

/* ALIP in days, compliance rate and court appearance rate of a group;
 * -1 when there is nothing to divide by. */
double atd_alip(const struct atd_group *g);
double atd_compliance(const struct atd_group *g);
double atd_appearance(const struct atd_group *g);

/* A participant and their check-in standing at an instant. */
struct atd_person {
	char person[ANUMBER_LEN + 1];
	int technology, checkin_days, aor;
	struct checkin_summary checkins;
};

struct atd_list {
	struct atd_person *items;
	size_t n, cap;
};

enum atd_which {
	ATD_DUE,   /* must check in within the next 24 hours: a period not yet met ends before t + 24 h
		    * and can still be met; by its end */
	ATD_MISSED /* the latest ended period was missed; most periods missed in a row first */
};

/* The participants at t whose AOR (timeline_aor()) is in aor_mask
 * (AOR_MASK_ALL: all) who are due or have missed, into *out (freed with
 * atd_list_free()), sorted as enum atd_which says, then by A-number. */
int atd_list_at(struct ledger *l, ts_t t, aor_mask_t aor_mask, enum atd_which which, struct atd_list *out,
		struct error *err);

void atd_list_free(struct atd_list *list);

/* A scheduled hearing of a participant. */
struct atd_hearing {
	char person[ANUMBER_LEN + 1];
	ts_t hearing_at;
	int technology, aor;
};

struct hearing_list {
	struct atd_hearing *items;
	size_t n, cap;
};

/* The hearings still scheduled at `from`, with hearing_at in [from, to],
 * of the people under supervision at `from` whose AOR (timeline_aor() at
 * `from`) is in aor_mask (AOR_MASK_ALL: all), by time then A-number, into
 * *out (freed with hearing_list_free()). */
int hearings_between(struct ledger *l, ts_t from, ts_t to, aor_mask_t aor_mask, struct hearing_list *out,
		     struct error *err);

void hearing_list_free(struct hearing_list *list);

#endif
