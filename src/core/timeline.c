#include "timeline.h"
#include "array.h"
#include "clock.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void timeline_init(struct timeline *tl, const char *person)
{
	memset(tl, 0, sizeof *tl);
	assert(strlen(person) <= ANUMBER_LEN);
	strcpy(tl->person, person);
	tl->last_at = tl->birth_date = tl->classified_at = tl->arrest_at = TS_NONE;
	tl->final_date = tl->order_at = tl->stay_at = tl->noncooperation_since = tl->travel_at = TS_NONE;
	tl->review_90_at = tl->review_180_at = tl->review_continued_at = tl->review_at = TS_NONE;
	tl->review_continued = tl->review_foreseeable = UNSET;
	tl->sex = tl->criminality = tl->threat_level = tl->mandatory = tl->protected_ = UNSET;
	tl->arrest_aor = tl->agency = tl->border = UNSET;
	tl->bond_status = tl->bond_amount = tl->stay_of_removal = tl->travel_status = UNSET;
	tl->stay.in = tl->stay.out = tl->stint.in = tl->stint.out = TS_NONE;
	tl->enrolment.start = tl->enrolment.end = tl->tamper_at = TS_NONE;
	tl->checkins.last_ok = TS_NONE;
}

void timeline_free(struct timeline *tl)
{
	free(tl->family_name);
	free(tl->given_name);
	free(tl->hearings);
	free(tl->noncoop);
	free(tl->changes.stays);
	free(tl->changes.stints);
	free(tl->changes.enrolments);
	free(tl->changes.marks);
	memset(tl, 0, sizeof *tl);
}

void timeline_changes_clear(struct timeline *tl)
{
	free(tl->changes.stays);
	free(tl->changes.stints);
	free(tl->changes.enrolments);
	free(tl->changes.marks);
	memset(&tl->changes, 0, sizeof tl->changes);
}

bool timeline_has_changes(const struct timeline *tl)
{
	const struct tl_changes *c = &tl->changes;
	return c->person || c->n_stays || c->n_stints || c->n_enrolments || c->n_marks;
}

/* Whether an event of this type changes the person's summary (identity,
 * classification, custody, final order, enrolment). */
static bool changes_summary(int type)
{
	switch (type) {
	case EV_ARREST:
	case EV_BOOK_IN:
	case EV_TRANSFER:
	case EV_BOOK_OUT:
	case EV_CLASSIFY:
	case EV_REMOVAL_ORDER:
	case EV_ATD_ENROLL:
	case EV_ATD_END:
		return true;
	default:
		return false;
	}
}

size_t timeline_footprint(const struct timeline *tl)
{
	const struct tl_changes *c = &tl->changes;
	return sizeof *tl + tl->cap_hearings * sizeof *tl->hearings + tl->cap_noncoop * sizeof *tl->noncoop +
	       c->cap_stays * sizeof *c->stays +
	       c->cap_stints * sizeof *c->stints + c->cap_enrolments * sizeof *c->enrolments +
	       c->cap_marks * sizeof *c->marks +
	       (tl->family_name ? strlen(tl->family_name) + 1 : 0) +
	       (tl->given_name ? strlen(tl->given_name) + 1 : 0);
}

/* Make room for one more element in a growable array (a person's arrays
 * are short: start at two). */
static int reserve(void **items, size_t *cap, size_t n, size_t size)
{
	return array_reserve(items, cap, n, size, 2);
}

/* Record the latest version of a derived record (one per key). */
#define RECORD_CHANGE(list, n, cap, rec)                                                  \
	do {                                                                              \
		size_t i_ = 0;                                                            \
		while (i_ < (n) && strcmp((list)[i_].key, (rec).key) != 0)                \
			i_++;                                                             \
		if (i_ == (n)) {                                                          \
			if (reserve((void **)&(list), &(cap), (n), sizeof *(list)))       \
				return error_set(err, ERR_NOMEM, "out of memory");         \
			(n)++;                                                            \
		}                                                                         \
		(list)[i_] = (rec);                                                       \
	} while (0)

static int note_stay(struct timeline *tl, struct error *err)
{
	RECORD_CHANGE(tl->changes.stays, tl->changes.n_stays, tl->changes.cap_stays, tl->stay);
	return 0;
}

static int note_stint(struct timeline *tl, struct error *err)
{
	RECORD_CHANGE(tl->changes.stints, tl->changes.n_stints, tl->changes.cap_stints, tl->stint);
	return 0;
}

static int note_enrolment(struct timeline *tl, struct error *err)
{
	RECORD_CHANGE(tl->changes.enrolments, tl->changes.n_enrolments, tl->changes.cap_enrolments,
		      tl->enrolment);
	return 0;
}

static const char *const mark_words[] = {"arrest", "classify", "departure", "hearing", "technology"};
const struct vocab vocab_mark_kind = {"mark kind", mark_words, MARK_KIND_COUNT};

/* The mark ev leaves, if it is one the statistics count (kind UNSET if not). */
static int mark_kind(const struct event *ev)
{
	switch (ev->type) {
	case EV_ARREST:
		return MARK_ARREST;
	case EV_CLASSIFY:
		return MARK_CLASSIFY;
	case EV_DEPARTURE:
		return MARK_DEPARTURE;
	case EV_HEARING:
		return ev->status == HEARING_ATTENDED || ev->status == HEARING_MISSED ? MARK_HEARING : UNSET;
	case EV_ATD_ENROLL:
		return MARK_TECHNOLOGY;
	case EV_ATD_CHANGE:
		return ev->technology != UNSET ? MARK_TECHNOLOGY : UNSET;
	default:
		return UNSET;
	}
}

/* Record the mark of ev, just applied (the state is the one after it). */
static int note_mark(struct timeline *tl, const struct event *ev, int kind, struct error *err)
{
	struct tl_changes *c = &tl->changes;
	if (reserve((void **)&c->marks, &c->cap_marks, c->n_marks, sizeof *c->marks))
		return error_set(err, ERR_NOMEM, "out of memory");
	struct tl_mark *m = &c->marks[c->n_marks++];
	strcpy(m->key, ev->id);
	strcpy(m->person, tl->person);
	m->at = ev->at;
	m->ord = (int64_t)tl->n_events;
	m->kind = kind;
	m->criminality = tl->criminality;
	m->threat_level = tl->threat_level;
	m->aor = kind == MARK_ARREST ? ev->aor : UNSET;
	m->agency = kind == MARK_ARREST ? ev->agency : UNSET;
	m->outcome = kind == MARK_HEARING ? ev->status : UNSET;
	m->technology = kind == MARK_TECHNOLOGY ? tl->enrolment.technology : UNSET;
	m->mandatory = tl->mandatory;
	m->supervised = tl->enrolled;
	return 0;
}

/* "person A012345678 at 2025-02-03T14:05:00Z: book_in ev-1: " + reason */
static int reject(const struct timeline *tl, const struct event *ev, struct error *err, const char *fmt,
		  ...) __attribute__((format(printf, 4, 5)));

static int reject(const struct timeline *tl, const struct event *ev, struct error *err, const char *fmt,
		  ...)
{
	if (!err)
		return ERR_REJECTED;
	char at[TS_TEXT_MAX], why[ERROR_MSG_MAX / 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return error_set(err, ERR_REJECTED, "person %s at %s: %s %s: %s", tl->person, ts_format(ev->at, at),
			 vocab_word(&vocab_event_type, ev->type), ev->id, why);
}

/* Describe the current stay for messages: "at STWRTGA since ... (book_in ev-2)". */
static const char *held(const struct timeline *tl, char *buf, size_t size)
{
	char at[TS_TEXT_MAX];
	snprintf(buf, size, "held at %s since %s (book_in %s)", tl->stint.facility,
		 ts_format(tl->stint.in, at), tl->stay.key);
	return buf;
}

static const char *enrolled(const struct timeline *tl, char *buf, size_t size)
{
	char at[TS_TEXT_MAX];
	snprintf(buf, size, "enrolled since %s (atd_enroll %s)", ts_format(tl->enrolment.start, at),
		 tl->enrolment.key);
	return buf;
}

static int need_detained(const struct timeline *tl, const struct event *ev, struct error *err)
{
	if (tl->detained)
		return 0;
	char at[TS_TEXT_MAX];
	if (!tl->stay.key[0])
		return reject(tl, ev, err, "the person is not in custody (never booked in)");
	return reject(tl, ev, err, "the person is not in custody (booked out at %s, ending stay %s)",
		      ts_format(tl->stay.out, at), tl->stay.key);
}

static int need_free(const struct timeline *tl, const struct event *ev, struct error *err)
{
	char buf[200];
	return tl->detained ? reject(tl, ev, err, "the person is already in custody, %s",
				     held(tl, buf, sizeof buf))
			    : 0;
}

static int need_enrolled(const struct timeline *tl, const struct event *ev, struct error *err)
{
	if (tl->enrolled)
		return 0;
	char at[TS_TEXT_MAX];
	if (!tl->enrolment.key[0])
		return reject(tl, ev, err, "the person is not enrolled in supervision (never enrolled)");
	return reject(tl, ev, err, "the person is not enrolled in supervision (enrolment %s ended at %s)",
		      tl->enrolment.key, ts_format(tl->enrolment.end, at));
}

static int need_open_facility(const struct timeline *tl, const struct event *ev,
			      const struct facility_registry *reg, struct error *err)
{
	const struct facility *fac = facility_find(reg, ev->facility);
	struct facility_state st;
	facility_state_at(fac, ev->at, &st);
	if (!fac || !st.details)
		return reject(tl, ev, err, "facility %s is unknown (no facility_open at or before this time)",
			      ev->facility);
	if (!st.open) {
		char at[TS_TEXT_MAX];
		return reject(tl, ev, err, "facility %s is closed (since %s)", ev->facility,
			      ts_format(st.since, at));
	}
	return 0;
}

/* The stint [in, out) must lie inside an open period of its facility. */
static int need_stint_covered(const struct timeline *tl, const struct event *ev,
			      const struct facility_registry *reg, ts_t out, struct error *err)
{
	if (facility_covers(facility_find(reg, tl->stint.facility), tl->stint.in, out))
		return 0;
	char at[TS_TEXT_MAX];
	return reject(tl, ev, err, "facility %s closes while the person is held there (stint from %s, %s)",
		      tl->stint.facility, ts_format(tl->stint.in, at), tl->stint.key);
}

/* A book-out's release reason against the contract (mandatory detention)
 * and, when fresh, the policy of rules (the removal period, border
 * release). */
static int check_release(const struct timeline *tl, const struct event *ev, const struct rules *rules, bool fresh,
			 struct error *err)
{
	const char *reason = vocab_word(&vocab_release_reason, ev->reason);
	if (!release_is_discretionary(ev->reason))
		return 0;
	bool mandatory = tl->mandatory != UNSET && tl->mandatory != MAND_NONE;
	if (mandatory && !(ev->reason == OUT_PAROLED && tl->mandatory == MAND_235B))
		return reject(tl, ev, err,
			      "discretionary release (%s) of a person held under mandatory detention "
			      "(%s, set by %s)",
			      reason, vocab_word(&vocab_mandatory, tl->mandatory), tl->mandatory_by);
	if (!fresh)
		return 0;
	if (clock_in_removal_period(tl, ev->at, rules)) {
		struct removal_clock rc;
		char end[DATE_TEXT_MAX];
		clock_removal(tl, ev->at, rules, &rc);
		return reject(tl, ev, err,
			      "rule PO-90: discretionary release (%s) inside the removal period (%s, to %s): "
			      "detention is mandatory (241a)",
			      reason, tl->order_id, ts_format_date(rc.end, end));
	}
	bool border_reason = ev->reason == OUT_RECOGNIZANCE || ev->reason == OUT_SUPERVISION ||
			     ev->reason == OUT_PAROLED || ev->reason == OUT_CAPACITY;
	if (border_reason && tl->border == 1 && !rules->border_release_allowed)
		return reject(tl, ev, err,
			      "policy border_release = forbidden: release (%s) of a border arrest (%s)",
			      reason, tl->arrest_id);
	return 0;
}

static struct tl_hearing *find_hearing(const struct timeline *tl, ts_t hearing_at)
{
	for (size_t i = tl->n_hearings; i-- > 0;)
		if (tl->hearings[i].hearing_at == hearing_at)
			return &tl->hearings[i];
	return NULL;
}

static int set_text(char **dst, const char *src, struct error *err)
{
	if (!src)
		return 0;
	char *copy = strdup(src);
	if (!copy)
		return error_set(err, ERR_NOMEM, "out of memory");
	free(*dst);
	*dst = copy;
	return 0;
}

static void classify(struct timeline *tl, const struct event *ev)
{
	if (ev->criminality != UNSET)
		tl->criminality = ev->criminality;
	if (ev->threat_level != UNSET)
		tl->threat_level = ev->threat_level;
	if (ev->mandatory != UNSET) {
		tl->mandatory = ev->mandatory;
		strcpy(tl->mandatory_by, ev->id);
	}
	if (ev->protected_ != UNSET)
		tl->protected_ = ev->protected_;
}

static int apply_arrest(struct timeline *tl, const struct event *ev, struct error *err)
{
	int rc = need_free(tl, ev, err);
	if (rc || (rc = set_text(&tl->family_name, ev->family_name, err)) ||
	    (rc = set_text(&tl->given_name, ev->given_name, err)))
		return rc;
	if (ev->birth_date != TS_NONE)
		tl->birth_date = ev->birth_date;
	if (ev->sex != UNSET)
		tl->sex = ev->sex;
	if (ev->citizenship[0])
		memcpy(tl->citizenship, ev->citizenship, 3);
	if (ev->birth_country[0])
		memcpy(tl->birth_country, ev->birth_country, 3);
	classify(tl, ev);
	strcpy(tl->arrest_id, ev->id);
	tl->arrest_at = ev->at;
	tl->arrest_aor = ev->aor;
	tl->agency = ev->agency;
	tl->border = ev->border;
	return 0;
}

static int end_enrolment(struct timeline *tl, ts_t at, int reason, struct error *err)
{
	checkin_end(&tl->checkins, at);
	tl->enrolled = false;
	tl->enrolment.end = at;
	tl->enrolment.end_reason = reason;
	return note_enrolment(tl, err);
}

static int open_stint(struct timeline *tl, const struct event *ev, struct error *err)
{
	memset(&tl->stint, 0, sizeof tl->stint);
	strcpy(tl->stint.key, ev->id);
	strcpy(tl->stint.stay_key, tl->stay.key);
	strcpy(tl->stint.person, tl->person);
	strcpy(tl->stint.facility, ev->facility);
	tl->stint.in = ev->at;
	tl->stint.out = TS_FOREVER;
	return note_stint(tl, err);
}

static int apply_book_in(struct timeline *tl, const struct event *ev, const struct facility_registry *reg,
			 struct error *err)
{
	int rc = need_free(tl, ev, err);
	if (rc || (rc = need_open_facility(tl, ev, reg, err)))
		return rc;
	if (tl->enrolled && (rc = end_enrolment(tl, ev->at, END_DETAINED, err)))
		return rc;
	memset(&tl->stay, 0, sizeof tl->stay);
	strcpy(tl->stay.key, ev->id);
	strcpy(tl->stay.person, tl->person);
	strcpy(tl->stay.facility, ev->facility);
	tl->stay.in = ev->at;
	tl->stay.out = TS_FOREVER;
	tl->stay.out_reason = UNSET;
	tl->stay.agency = tl->agency;
	tl->stay.border = tl->border;
	tl->stay.criminality_in = tl->criminality;
	tl->stay.criminality_out = UNSET;
	tl->detained = true;
	tl->bond_status = tl->bond_amount = UNSET;
	if ((rc = note_stay(tl, err)))
		return rc;
	return open_stint(tl, ev, err);
}

static int apply_transfer(struct timeline *tl, const struct event *ev, const struct facility_registry *reg,
			  struct error *err)
{
	int rc = need_detained(tl, ev, err);
	if (rc || (rc = need_open_facility(tl, ev, reg, err)) ||
	    (rc = need_stint_covered(tl, ev, reg, ev->at, err)))
		return rc;
	if (strcmp(ev->facility, tl->stint.facility) == 0)
		return reject(tl, ev, err, "the person is already held at %s", ev->facility);
	tl->stint.out = ev->at;
	if ((rc = note_stint(tl, err)))
		return rc;
	return open_stint(tl, ev, err);
}

static int apply_book_out(struct timeline *tl, const struct event *ev, const struct facility_registry *reg,
			  const struct rules *rules, bool fresh, struct error *err)
{
	if (ev->reason == OUT_CAPACITY && (!ev->note || !ev->note[0]))
		return reject(tl, ev, err,
			      "a capacity release needs a note giving the officer's reason (rules.md: capacity)");
	int rc = need_detained(tl, ev, err);
	if (rc || (rc = check_release(tl, ev, rules, fresh, err)) ||
	    (rc = need_stint_covered(tl, ev, reg, ev->at, err)))
		return rc;
	tl->detained = false;
	tl->stint.out = tl->stay.out = ev->at;
	tl->stay.out_reason = ev->reason;
	tl->stay.criminality_out = tl->criminality;
	if ((rc = note_stint(tl, err)))
		return rc;
	return note_stay(tl, err);
}

/* Open or close a non-cooperation interval (already checked). */
static int noncooperation(struct timeline *tl, const struct event *ev, struct error *err)
{
	if (ev->status == NONCOOP_START) {
		if (reserve((void **)&tl->noncoop, &tl->cap_noncoop, tl->n_noncoop, sizeof *tl->noncoop))
			return error_set(err, ERR_NOMEM, "out of memory");
		tl->noncoop[tl->n_noncoop++] = (struct tl_interval){ev->at, TS_FOREVER};
	} else {
		assert(tl->n_noncoop > 0 && tl->noncoop[tl->n_noncoop - 1].end == TS_FOREVER);
		tl->noncoop[tl->n_noncoop - 1].end = ev->at;
	}
	tl->noncooperation = ev->status == NONCOOP_START;
	tl->noncooperation_since = ev->at;
	return 0;
}

static int custody_review(struct timeline *tl, const struct event *ev, struct error *err)
{
	int rc = need_detained(tl, ev, err);
	if (rc)
		return rc;
	if (ev->review_kind == REVIEW_90_DAY)
		tl->review_90_at = ev->at;
	if (ev->review_kind == REVIEW_180_DAY)
		tl->review_180_at = ev->at;
	if (ev->review_kind == REVIEW_180_DAY || ev->review_kind == REVIEW_ANNUAL) {
		tl->review_continued_at = ev->at;
		tl->review_continued = ev->decision == DECISION_CONTINUE;
	}
	tl->review_at = ev->at;
	tl->review_foreseeable = ev->removal_foreseeable;
	return 0;
}

static int apply_case(struct timeline *tl, const struct event *ev, struct error *err)
{
	char at[TS_TEXT_MAX];
	switch (ev->type) {
	case EV_REMOVAL_ORDER:
		tl->final_order = true;
		tl->final_date = ev->final_date;
		tl->order_at = ev->at;
		strcpy(tl->order_id, ev->id);
		tl->stay_of_removal = UNSET;
		tl->stay_at = TS_NONE;
		return 0;
	case EV_STAY_OF_REMOVAL:
		if (ev->status == STAY_GRANTED && !tl->final_order)
			return reject(tl, ev, err, "a stay of removal needs an earlier final order of removal");
		if (ev->status == STAY_GRANTED && tl->stay_of_removal == STAY_GRANTED)
			return reject(tl, ev, err, "a stay of removal is already granted");
		if (ev->status == STAY_LIFTED && tl->stay_of_removal != STAY_GRANTED)
			return reject(tl, ev, err, "no stay of removal is in force to lift");
		tl->stay_of_removal = ev->status;
		tl->stay_at = ev->at;
		return 0;
	case EV_TRAVEL_DOCUMENT:
		tl->travel_status = ev->status;
		tl->travel_at = ev->at;
		memcpy(tl->travel_country, ev->country, 3);
		return 0;
	case EV_NONCOOPERATION:
		if (ev->status == NONCOOP_START && tl->noncooperation)
			return reject(tl, ev, err, "non-cooperation already started at %s",
				      ts_format(tl->noncooperation_since, at));
		if (ev->status == NONCOOP_END && !tl->noncooperation)
			return reject(tl, ev, err, "no non-cooperation interval is open");
		return noncooperation(tl, ev, err);
	case EV_CUSTODY_REVIEW:
		return custody_review(tl, ev, err);
	default:
		assert(!"not a case event");
		return 0;
	}
}

static int apply_bond(struct timeline *tl, const struct event *ev, const struct rules *rules, bool fresh,
		      struct error *err)
{
	int rc = need_detained(tl, ev, err);
	if (rc)
		return rc;
	if (fresh && ev->status == BOND_SET && ev->amount < rules->bond_minimum)
		return reject(tl, ev, err, "rule bond_minimum: a bond of USD %d is below the minimum of USD %d",
			      ev->amount, rules->bond_minimum);
	if (ev->status == BOND_POSTED && tl->bond_status != BOND_SET)
		return reject(tl, ev, err, "bond posted but no bond is set in this stay");
	tl->bond_status = ev->status;
	if (ev->status == BOND_SET)
		tl->bond_amount = ev->amount;
	return 0;
}

static int apply_hearing(struct timeline *tl, const struct event *ev, struct error *err)
{
	struct tl_hearing *h = find_hearing(tl, ev->hearing_at);
	char at[TS_TEXT_MAX];
	if (ev->status != HEARING_SCHEDULED) {
		if (!h)
			return reject(tl, ev, err, "no hearing at %s was scheduled",
				      ts_format(ev->hearing_at, at));
		if (h->status != HEARING_SCHEDULED)
			return reject(tl, ev, err, "the hearing at %s is already recorded as %s",
				      ts_format(ev->hearing_at, at),
				      vocab_word(&vocab_hearing_status, h->status));
	}
	if (!h) {
		if (reserve((void **)&tl->hearings, &tl->cap_hearings, tl->n_hearings, sizeof *tl->hearings))
			return error_set(err, ERR_NOMEM, "out of memory");
		h = &tl->hearings[tl->n_hearings++];
		h->hearing_at = ev->hearing_at;
	}
	h->status = ev->status;
	return 0;
}

static int apply_supervision(struct timeline *tl, const struct event *ev, const struct rules *rules,
			     struct error *err)
{
	char buf[200];
	int rc;
	switch (ev->type) {
	case EV_ATD_ENROLL:
		if ((rc = need_free(tl, ev, err)))
			return rc;
		if (tl->enrolled)
			return reject(tl, ev, err, "the person is already %s", enrolled(tl, buf, sizeof buf));
		memset(&tl->enrolment, 0, sizeof tl->enrolment);
		strcpy(tl->enrolment.key, ev->id);
		strcpy(tl->enrolment.person, tl->person);
		tl->enrolment.start = ev->at;
		tl->enrolment.end = TS_FOREVER;
		tl->enrolment.end_reason = UNSET;
		tl->enrolment.technology = ev->technology;
		tl->enrolment.checkin_days = ev->checkin_days;
		tl->enrolment.aor = ev->aor;
		tl->enrolment.area = ev->aor != UNSET ? ev->aor : tl->arrest_aor;
		tl->enrolled = true;
		checkin_start(&tl->checkins, ev->at, ev->checkin_days, (ts_t)rules->checkin_grace_hours * 3600);
		tl->alerts = 0;
		tl->tamper_at = TS_NONE;
		return note_enrolment(tl, err);
	case EV_ATD_CHECKIN:
		if ((rc = need_enrolled(tl, ev, err)))
			return rc;
		checkin_record(&tl->checkins, ev->at, ev->result == CHECKIN_OK);
		return 0;
	case EV_ATD_ALERT:
		if ((rc = need_enrolled(tl, ev, err)))
			return rc;
		tl->alerts++;
		if (ev->alert == ALERT_TAMPER)
			tl->tamper_at = ev->at;
		return 0;
	case EV_ATD_CHANGE:
		if ((rc = need_enrolled(tl, ev, err)))
			return rc;
		if (ev->checkin_days != UNSET && !checkin_change_fits(&tl->checkins, ev->at, ev->checkin_days))
			return reject(tl, ev, err,
				      "too many changes of checkin_days within one grace period: earlier periods "
				      "could still be met (at most %d can wait for a check-in at once)",
				      CHECKIN_PENDING);
		if (ev->technology != UNSET)
			tl->enrolment.technology = ev->technology;
		if (ev->checkin_days != UNSET) {
			tl->enrolment.checkin_days = ev->checkin_days;
			checkin_change(&tl->checkins, ev->at, ev->checkin_days);
		}
		return note_enrolment(tl, err);
	case EV_ATD_END:
		if ((rc = need_enrolled(tl, ev, err)))
			return rc;
		return end_enrolment(tl, ev->at, ev->reason, err);
	default:
		assert(!"not a supervision event");
		return 0;
	}
}

/* Check ev against the state and apply it. Every check runs before the first
 * change, so a rejected event leaves the state as it was. */
static int step(struct timeline *tl, const struct event *ev, const struct facility_registry *reg,
		const struct rules *rules, bool fresh, struct error *err)
{
	assert(strcmp(ev->person, tl->person) == 0);
	int rc;
	switch (ev->type) {
	case EV_ARREST:
		rc = apply_arrest(tl, ev, err);
		break;
	case EV_BOOK_IN:
		rc = apply_book_in(tl, ev, reg, err);
		break;
	case EV_TRANSFER:
		rc = apply_transfer(tl, ev, reg, err);
		break;
	case EV_BOOK_OUT:
		rc = apply_book_out(tl, ev, reg, rules, fresh, err);
		break;
	case EV_CLASSIFY:
		classify(tl, ev);
		tl->classified_at = ev->at;
		rc = 0;
		break;
	case EV_REMOVAL_ORDER:
	case EV_STAY_OF_REMOVAL:
	case EV_TRAVEL_DOCUMENT:
	case EV_NONCOOPERATION:
	case EV_CUSTODY_REVIEW:
		rc = apply_case(tl, ev, err);
		break;
	case EV_BOND:
		rc = apply_bond(tl, ev, rules, fresh, err);
		break;
	case EV_HEARING:
		rc = apply_hearing(tl, ev, err);
		break;
	case EV_DEPARTURE:
		if ((rc = need_free(tl, ev, err)))
			break;
		tl->departed = true;
		memcpy(tl->departure_country, ev->country, 3);
		break;
	case EV_ATD_ENROLL:
	case EV_ATD_CHECKIN:
	case EV_ATD_ALERT:
	case EV_ATD_CHANGE:
	case EV_ATD_END:
		rc = apply_supervision(tl, ev, rules, err);
		break;
	default:
		return reject(tl, ev, err, "not a person event");
	}
	int kind = rc == 0 ? mark_kind(ev) : UNSET;
	if (kind != UNSET)
		rc = note_mark(tl, ev, kind, err);
	if (rc == 0) {
		tl->last_at = ev->at;
		tl->changes.person |= changes_summary(ev->type) || tl->n_events == 0;
		tl->n_events++;
	}
	return rc;
}

int timeline_apply(struct timeline *tl, const struct event *ev, const struct facility_registry *reg,
		   const struct rules *rules, struct error *err)
{
	assert(tl->last_at == TS_NONE || ev->at >= tl->last_at);
	/* A stint opened now stays open: its facility must not close later. */
	bool opens_stint = (ev->type == EV_BOOK_IN && !tl->detained) || (ev->type == EV_TRANSFER && tl->detained);
	const struct facility *fac = opens_stint ? facility_find(reg, ev->facility) : NULL;
	struct facility_state st;
	facility_state_at(fac, ev->at, &st);
	if (st.open && !facility_covers(fac, ev->at, TS_FOREVER)) {
		const struct event *closing = NULL;
		for (size_t i = 0; !closing && i < fac->n; i++)
			if (fac->records[i].ev.type == EV_FACILITY_CLOSE && fac->records[i].ev.at > ev->at)
				closing = &fac->records[i].ev;
		assert(closing);
		char at[TS_TEXT_MAX];
		return reject(tl, ev, err, "facility %s closes after this time (facility_close %s at %s)",
			      ev->facility, closing->id, ts_format(closing->at, at));
	}
	return step(tl, ev, reg, rules, true, err);
}

int timeline_aor(const struct timeline *tl, const struct facility_registry *reg, ts_t t)
{
	if (tl->detained) {
		struct facility_state st;
		facility_state_at(facility_find(reg, tl->stint.facility), t, &st);
		return st.details ? st.details->aor : UNSET;
	}
	if (tl->enrolled && tl->enrolment.aor != UNSET)
		return tl->enrolment.aor;
	return tl->arrest_aor;
}

int timeline_replay(struct timeline *tl, const struct event *const *events, size_t n, ts_t until,
		    const struct facility_registry *reg, const struct rules *rules, const struct event *fresh,
		    size_t *failed, struct error *err)
{
	for (size_t i = 0; i < n && events[i]->at <= until; i++) {
		assert(i == 0 || events[i - 1]->at <= events[i]->at);
		int rc = step(tl, events[i], reg, rules, events[i] == fresh, err);
		if (rc) {
			if (failed)
				*failed = i;
			return rc;
		}
	}
	if (tl->detained && until == TS_FOREVER &&
	    !facility_covers(facility_find(reg, tl->stint.facility), tl->stint.in, TS_FOREVER)) {
		char at[TS_TEXT_MAX];
		if (failed)
			*failed = n;
		return error_set(err, ERR_REJECTED,
				 "person %s: facility %s closes while the person is held there (since %s, %s)",
				 tl->person, tl->stint.facility, ts_format(tl->stint.in, at), tl->stint.key);
	}
	return 0;
}
