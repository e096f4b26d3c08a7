/* timeline.h: one person's timeline, the state machine over their events.
 *
 * A person's events are applied in (at, seq) order. Each event is checked
 * against the state before it (events.md: a book-in while detained, a
 * transfer while not detained, a check-in outside an enrolment are invalid)
 * and then changes the state. Besides the current state the timeline emits
 * the derived records the store keeps as projections: stays, stints and
 * enrolments, each keyed by the id of the event that opened it, and marks,
 * the facts the statistics count.
 *
 * Pure: no I/O. Facilities are looked up in a facility registry. */
#ifndef CUSTODY_TIMELINE_H
#define CUSTODY_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "checkin.h"
#include "event.h"
#include "facility.h"
#include "rules.h"

/* A custody stay: book_in to book_out. out is TS_FOREVER while open. */
struct tl_stay {
	char key[EVENT_ID_MAX + 1]; /* the book_in's id */
	char person[ANUMBER_LEN + 1];
	char facility[FACILITY_CODE_MAX + 1]; /* where it began */
	ts_t in, out;
	int out_reason;     /* release reason, UNSET while open */
	int agency;         /* of the arrest that opened the episode, UNSET if none */
	int border;         /* that arrest's border flag, UNSET if none */
	int criminality_in; /* in force at book-in, UNSET if unknown */
	int criminality_out;
};

/* A stint: the part of a stay in one facility. */
struct tl_stint {
	char key[EVENT_ID_MAX + 1]; /* the book_in's or transfer's id */
	char stay_key[EVENT_ID_MAX + 1];
	char person[ANUMBER_LEN + 1];
	char facility[FACILITY_CODE_MAX + 1];
	ts_t in, out;
};

/* A supervision enrolment: atd_enroll to atd_end (or a book-in). */
struct tl_enrolment {
	char key[EVENT_ID_MAX + 1]; /* the atd_enroll's id */
	char person[ANUMBER_LEN + 1];
	ts_t start, end;
	int end_reason; /* enum atd_end_reason, UNSET while open */
	int technology; /* current */
	int checkin_days;
	int aor;  /* UNSET when the enrolment names none */
	int area; /* its AOR: aor, else the latest arrest's when it began (UNSET if neither) */
};

/* A fact the statistics count at its instant (statistics.md): an arrest, a
 * classification, a departure, or the outcome of a hearing. One per event,
 * keyed by its id; ord orders a person's marks as their events apply. */
enum tl_mark_kind { MARK_ARREST, MARK_CLASSIFY, MARK_DEPARTURE, MARK_HEARING, MARK_TECHNOLOGY, MARK_KIND_COUNT };
/* "arrest", "classify", "departure", "hearing", "technology" (an enrolment's
 * technology from then on: an atd_enroll, an atd_change of technology) */
extern const struct vocab vocab_mark_kind;

struct tl_mark {
	char key[EVENT_ID_MAX + 1]; /* the event's id */
	char person[ANUMBER_LEN + 1];
	ts_t at;
	int64_t ord;      /* the event's place in the person's timeline */
	int kind;         /* enum tl_mark_kind */
	int criminality;  /* in force after the event, UNSET if unknown */
	int threat_level; /* in force after the event, UNSET if none */
	int aor, agency;  /* an arrest's; UNSET otherwise */
	int outcome;      /* a hearing's: HEARING_ATTENDED or HEARING_MISSED; UNSET otherwise */
	int technology;   /* MARK_TECHNOLOGY's: enum technology; UNSET otherwise */
	int mandatory;    /* the mandatory basis in force after the event, UNSET if none recorded */
	bool supervised;  /* enrolled in supervision when it happened */
};

/* What the projections keep of one person's history: their stays, stints,
 * enrolments and marks, each list in no particular order. The arrays
 * belong to whoever filled the struct. */
struct tl_history {
	const char *person;
	const struct tl_stay *stays;
	size_t n_stays;
	const struct tl_stint *stints;
	size_t n_stints;
	const struct tl_enrolment *enrolments;
	size_t n_enrolments;
	const struct tl_mark *marks;
	size_t n_marks;
};

/* A non-cooperation interval; end is TS_FOREVER while it is open. */
struct tl_interval {
	ts_t start, end;
};

struct tl_hearing {
	ts_t hearing_at;
	int status; /* latest enum hearing_status */
};

/* Derived records created or changed since the last timeline_changes_clear();
 * each key appears at most once, with its latest version. person is set
 * when the person's summary (identity, classification, custody, final order,
 * enrolment) may have changed, and on the first event. */
struct tl_changes {
	bool person;
	struct tl_stay *stays;
	size_t n_stays, cap_stays;
	struct tl_stint *stints;
	size_t n_stints, cap_stints;
	struct tl_enrolment *enrolments;
	size_t n_enrolments, cap_enrolments;
	struct tl_mark *marks; /* new marks only: a mark never changes */
	size_t n_marks, cap_marks;
};

struct timeline {
	char person[ANUMBER_LEN + 1];
	ts_t last_at; /* TS_NONE before the first event */
	size_t n_events;

	/* identity, from the latest arrest that gave it */
	char *family_name, *given_name; /* owned */
	ts_t birth_date;
	int sex;
	char citizenship[3], birth_country[3];

	/* classification in force */
	int criminality, threat_level, mandatory, protected_;
	ts_t classified_at; /* last classify, TS_NONE if none */
	char mandatory_by[EVENT_ID_MAX + 1]; /* the event that set mandatory */

	/* enforcement episode: the latest arrest */
	char arrest_id[EVENT_ID_MAX + 1];
	ts_t arrest_at;
	int arrest_aor, agency, border;

	/* custody */
	bool detained;
	struct tl_stay stay;   /* current or last stay (key "" if none) */
	struct tl_stint stint; /* current or last stint */
	int bond_status;       /* latest in this stay, UNSET if none */
	int bond_amount;

	/* case */
	bool final_order;
	ts_t final_date;
	ts_t order_at; /* when the order was recorded as made */
	char order_id[EVENT_ID_MAX + 1];
	int stay_of_removal; /* latest status, UNSET if none since the order */
	ts_t stay_at;        /* its time */
	bool noncooperation; /* an interval is open */
	ts_t noncooperation_since;
	struct tl_interval *noncoop; /* owned: every interval, in time order */
	size_t n_noncoop, cap_noncoop;
	int travel_status; /* latest, UNSET if none */
	ts_t travel_at;
	char travel_country[3];

	/* custody reviews: the latest of each kind, TS_NONE if none */
	ts_t review_90_at, review_180_at;
	ts_t review_continued_at; /* the latest 180_day or annual review */
	int review_continued;     /* its decision was continue (1) or release (0) */
	ts_t review_at;           /* the latest review of any kind */
	int review_foreseeable;   /* what it said of removal: 1, 0, or UNSET */
	struct tl_hearing *hearings; /* owned, in order of scheduling */
	size_t n_hearings, cap_hearings;
	bool departed;
	char departure_country[3];

	/* supervision */
	bool enrolled;
	struct tl_enrolment enrolment; /* current or last enrolment (key "" if none) */
	struct checkin_state checkins; /* its check-in periods */
	int alerts;                    /* its device alerts */
	ts_t tamper_at;                /* its latest tamper alert, TS_NONE if none */

	struct tl_changes changes;
};

/* Start an empty timeline for person (normalised A-number). */
void timeline_init(struct timeline *tl, const char *person);

/* Free everything the timeline owns; it may be initialised again. */
void timeline_free(struct timeline *tl);

/* Apply ev, which must not be earlier than tl->last_at (the append case).
 * ev is being recorded now: besides the contract (events.md) it is checked
 * against the policy of rules (rules.md: the removal period, border
 * release, the bond minimum). Returns 0 and updates the state and the
 * changes; or ERR_REJECTED with a message naming the person, the time, the
 * conflicting event or the rule, leaving tl unchanged. ev is not retained. */
int timeline_apply(struct timeline *tl, const struct event *ev, const struct facility_registry *reg,
		   const struct rules *rules, struct error *err);

/* Build tl afresh (tl must be freshly initialised) from the person's events,
 * sorted by (at, seq), applying those with at <= until (TS_FOREVER for
 * all). Events already recorded are held to the contract only: the policy
 * of rules applied when each was recorded. fresh (one of events, or NULL)
 * is the event being recorded now, checked against the policy as well. On
 * failure returns ERR_REJECTED, *failed (if not NULL) is the index of the
 * event that could not be applied, and tl holds the state before it (the
 * caller frees it either way). */
int timeline_replay(struct timeline *tl, const struct event *const *events, size_t n, ts_t until,
		    const struct facility_registry *reg, const struct rules *rules, const struct event *fresh,
		    size_t *failed, struct error *err);

/* The person's AOR at t (tl being their state at t): that of the facility
 * holding them; if not held, that of their supervision enrolment when it
 * names one; otherwise that of their latest arrest. UNSET if none. */
int timeline_aor(const struct timeline *tl, const struct facility_registry *reg, ts_t t);

/* Serialise tl's state (not its changes) into *out, malloc'd, *len bytes:
 * what the store keeps so that a timeline loads without a replay. */
int timeline_encode(const struct timeline *tl, unsigned char **out, size_t *len, struct error *err);

/* Restore into tl (which the caller frees with timeline_free()) a state
 * serialised by timeline_encode(). ERR_NOTFOUND when data is of another
 * version (the caller replays instead); ERR_INVALID when it is truncated or
 * corrupt: a value out of its range (a vocabulary index, an instant outside
 * years 1-9999, a count, a string's length) or breaking an invariant the
 * timeline relies on (a stay's end before its start, detained without an
 * open stay, check-in periods that are not whole days...). On failure tl
 * holds nothing to free. */
int timeline_decode(const unsigned char *data, size_t len, struct timeline *tl, struct error *err);

/* Forget the recorded changes (after the store has written them), and free
 * the memory they held. */
void timeline_changes_clear(struct timeline *tl);

/* Whether anything was recorded since the last timeline_changes_clear(). */
bool timeline_has_changes(const struct timeline *tl);

/* Approximate heap and struct bytes held by tl, for cache budgeting. */
size_t timeline_footprint(const struct timeline *tl);

#endif
