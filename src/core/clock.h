/* clock.h: one person's legal clocks and flags at an instant.
 *
 * rules.md: for a person held, the removal period and its tolling and
 * pauses, the custody reviews it makes due, the presumptive six months and
 * when release is required (Zadvydas), bond eligibility, the children's
 * limits and the classification standard; for a person under supervision,
 * the check-in flags and their court hearings. Every function reads a timeline whose state is
 * the fold of the person's events up to the instant asked about (the
 * caller replays up to t when later events exist). Pure. */
#ifndef CUSTODY_CLOCK_H
#define CUSTODY_CLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "facility.h"
#include "rules.h"
#include "timeline.h"
#include "vocab.h"

enum flag_rule {
	FLAG_PO_90, FLAG_PO_REVIEW_90, FLAG_PO_REVIEW_180, FLAG_PO_REVIEW_ANNUAL, FLAG_PO_180, FLAG_PO_RELEASE,
	FLAG_PR_BOND, FLAG_CH_72H, FLAG_CH_20D, FLAG_STD_CLASSIFY_12H, FLAG_ATD_ESCALATE, FLAG_ATD_ABSCOND,
	FLAG_ATD_DEESCALATE, FLAG_ATD_TAMPER, FLAG_HEARING_REMINDER, FLAG_HEARING_MISSED, FLAG_RULE_COUNT
};

/* The most flags one person can have at once: one per rule, and up to
 * CLOCK_REMINDERS_MAX hearing reminders. */
#define CLOCK_REMINDERS_MAX 8
#define CLOCK_FLAGS_MAX (FLAG_RULE_COUNT + CLOCK_REMINDERS_MAX - 1)
enum flag_status { FLAG_DUE, FLAG_OVERDUE, FLAG_INFO };

/* "PO-90", ... and "due", "overdue", "info". */
extern const struct vocab vocab_flag_rule, vocab_flag_status;

#define FLAG_REASON_MAX 240

struct flag {
	int rule;   /* enum flag_rule */
	int status; /* enum flag_status */
	ts_t due;   /* TS_NONE when the rule has no due time */
	char reason[FLAG_REASON_MAX];
};

/* The post-order clock of a person at t. */
struct removal_clock {
	bool runs;     /* a final order, and no stay of removal in force */
	ts_t start;    /* S (rules.md) */
	ts_t tolled;   /* seconds of non-cooperation after S, up to t */
	ts_t end;      /* S + removal period + tolled */
	const char *start_why; /* "final order", "stay lifted", "book-in" */
};

/* The removal clock of tl at t; runs is false (and the rest unset) when
 * no post-order clock runs. */
void clock_removal(const struct timeline *tl, ts_t t, const struct rules *r, struct removal_clock *out);

/* Whether t lies inside tl's removal period, when detention is mandatory
 * (241a): detained after a final order, S <= t < S + 90 d (+ tolled). */
bool clock_in_removal_period(const struct timeline *tl, ts_t t, const struct rules *r);

/* Whether the person of tl was a child (under rules' age) when the current
 * or last stay began. False when the birth date is unknown. */
bool clock_child_at_book_in(const struct timeline *tl, const struct rules *r);

/* Whether PO-RELEASE holds at t: more than the presumptive period past S
 * and the last travel document refused or the last review finding removal
 * not foreseeable. *since (if not NULL) is when it began to hold. */
bool clock_release_required(const struct timeline *tl, ts_t t, const struct rules *r, ts_t *since);

/* The flags in force for tl at t, into out (room for CLOCK_FLAGS_MAX),
 * in rule order; returns how many. Only a person held (detention flags)
 * or under supervision (supervision and hearing flags) has any. reg
 * gives the kind of the facility holding them. */
size_t clock_flags(const struct timeline *tl, ts_t t, const struct facility_registry *reg, const struct rules *r,
		   struct flag *out);

/* The supervision outcome of tl's current or last enrolment at t. */
void clock_checkins(const struct timeline *tl, ts_t t, struct checkin_summary *out);

#endif
