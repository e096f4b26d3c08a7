/* flags.h: the flags and release candidates of everyone held at an
 * instant, over a ledger (rules.md). */
#ifndef CUSTODY_FLAGS_H
#define CUSTODY_FLAGS_H

#include "aor_mask.h"
#include "beds.h"
#include "clock.h"
#include "ledger.h"

/* Who is asked about: any field left UNSET / NULL / AOR_MASK_ALL matches
 * everyone. */
struct flag_filter {
	int rule;             /* enum flag_rule */
	int status;           /* enum flag_status */
	aor_mask_t aor_mask;    /* the person's AOR (timeline_aor()) is one of these (aor_mask.h) */
	const char *facility; /* the facility holding the person */
};

struct person_flag {
	char person[ANUMBER_LEN + 1];
	char facility[FACILITY_CODE_MAX + 1]; /* holding them; "" under supervision */
	struct flag flag;
};

struct flag_list {
	struct person_flag *items;
	size_t n, cap;
};

/* Set every field of f to "any". */
void flag_filter_any(struct flag_filter *f);

/* The flags in force at t of everyone held at t who matches filter, into
 * *out (which the caller frees with flag_list_free()), sorted by due time
 * (flags without one last), then A-number, then rule. */
int flags_at(struct ledger *l, ts_t t, const struct flag_filter *filter, struct flag_list *out, struct error *err);

void flag_list_free(struct flag_list *list);

struct candidate_list {
	struct candidate *items;
	size_t n, cap;
	size_t excluded; /* held in the scope but never listed */
};

/* The release candidates at t among those held at t in the scope of
 * filter (its AORs and facility; rule and status are ignored), ranked best
 * first (beds_rank()), into *out (freed with candidate_list_free()). */
int candidates_at(struct ledger *l, ts_t t, const struct flag_filter *filter, struct candidate_list *out,
		  struct error *err);

void candidate_list_free(struct candidate_list *list);

#endif
