/* timeline_codec.c: a timeline's state as bytes (timeline_encode and
 * timeline_decode in timeline.h).
 *
 * The form: a version byte, then every field in a fixed order, integers as
 * varints and strings as a length and their bytes. An integer's code is 0
 * for INT64_MIN (TS_NONE, the most common instant) and 1 + its zigzag
 * otherwise, so that absent instants and small numbers (UNSET, enums,
 * counts) take a byte. A decoder that
 * meets another version or a malformed state says so, and the store's
 * caller replays the person's events instead. */
#include "timeline.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define CODEC_VERSION 3

struct writer {
	unsigned char *p;
	size_t n, cap;
	bool failed;
};

static void put_byte(struct writer *w, unsigned char b)
{
	if (w->n == w->cap && !w->failed) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		unsigned char *p = realloc(w->p, cap);
		if (!p) {
			w->failed = true;
			return;
		}
		w->p = p;
		w->cap = cap;
	}
	if (!w->failed)
		w->p[w->n++] = b;
}

static void put_int(struct writer *w, int64_t v)
{
	uint64_t z = v == INT64_MIN ? 0 : (((uint64_t)v << 1) ^ (uint64_t)(v >> 63)) + 1;
	while (z >= 0x80) {
		put_byte(w, (unsigned char)(z | 0x80));
		z >>= 7;
	}
	put_byte(w, (unsigned char)z);
}

static void put_str(struct writer *w, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	put_int(w, s ? (int64_t)len : -1);
	for (size_t i = 0; i < len; i++)
		put_byte(w, (unsigned char)s[i]);
}

struct reader {
	const unsigned char *p, *end;
	bool failed;
};

/* The integer of a code (see the top of the file). */
static int64_t uncode(uint64_t z)
{
	if (z == 0)
		return INT64_MIN;
	z--;
	return (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
}

static int64_t get_int(struct reader *r)
{
	if (r->p < r->end && *r->p < 0x80) /* most fields fit a byte */
		return uncode(*r->p++);
	uint64_t z = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p == r->end) {
			r->failed = true;
			return 0;
		}
		unsigned char b = *r->p++;
		z |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return uncode(z);
	}
	r->failed = true;
	return 0;
}

/* An int that must lie in [lo, hi]. */
static int get_small(struct reader *r, int lo, int hi)
{
	int64_t v = get_int(r);
	if (v < lo || v > hi)
		r->failed = true;
	return r->failed ? lo : (int)v;
}

/* The bytes of a string, NULL for a NULL string; *len its length. */
static const char *get_bytes(struct reader *r, int64_t *len)
{
	*len = get_int(r);
	if (r->failed || *len < -1 || *len > r->end - r->p) {
		r->failed = true;
		return NULL;
	}
	if (*len < 0)
		return NULL;
	const char *s = (const char *)r->p;
	r->p += *len;
	return memchr(s, '\0', (size_t)*len) ? (r->failed = true, NULL) : s;
}

/* A string into a fixed buffer of size bytes. */
static void get_fixed(struct reader *r, char *buf, size_t size)
{
	int64_t len;
	const char *s = get_bytes(r, &len);
	if (!s || (size_t)len >= size) {
		r->failed = true;
		buf[0] = '\0';
		return;
	}
	memcpy(buf, s, (size_t)len);
	buf[len] = '\0';
}

/* A string that may be NULL, malloc'd, of at most TEXT_MAX bytes (an
 * event's text field). */
static char *get_dup(struct reader *r)
{
	int64_t len;
	const char *s = get_bytes(r, &len);
	if (s && len > TEXT_MAX)
		r->failed = true;
	if (!s || r->failed)
		return NULL;
	char *copy = strndup(s, (size_t)len);
	if (!copy)
		r->failed = true;
	return copy;
}

/* What a decoded integer may be (every value is checked, so that a
 * corrupt state never reaches the clocks): an instant of years 1-9999 or
 * TS_NONE; the same or TS_FOREVER (an open end); a bool; UNSET, 0 or 1; a
 * count; UNSET or an index of a vocabulary; a number in [lo, hi]. */
enum kind { K_INSTANT, K_AT, K_OPEN, K_BOOL, K_FLAG, K_COUNT, K_WORD, K_RANGE };

struct range {
	enum kind kind;
	int64_t lo, hi;
	const struct vocab *words;
};

#define INSTANT ((struct range){K_INSTANT, 0, 0, NULL}) /* an instant, or none */
#define AT ((struct range){K_AT, 0, 0, NULL})           /* an instant that must be there */
#define OPEN ((struct range){K_OPEN, 0, 0, NULL})
#define BOOL ((struct range){K_BOOL, 0, 1, NULL})
#define FLAG ((struct range){K_FLAG, UNSET, 1, NULL})
#define COUNT ((struct range){K_COUNT, 0, 1000000000, NULL})
#define WORD(v) ((struct range){K_WORD, 0, 0, &(v)})
#define RANGE(lo, hi) ((struct range){K_RANGE, (lo), (hi), NULL})

#define MAX_GRACE ((int64_t)144 * 3600) /* rules.md: checkin_grace_hours <= 144 */
#define MAX_DAYS 90                      /* events.md: checkin_days 1-90 */

/* Every field, in the order of the form, with what it may hold: one list
 * serves both ways. A change to these lists (or to a field's meaning)
 * changes the form: bump CODEC_VERSION, and add a schema migration that
 * rebuilds the projections (store.h), or every stored state is refused
 * and replayed. */
#define FIELDS_SUMMARY(INT, STR, FIX)                                                                    \
	INT(last_at, INSTANT) INT(n_events, COUNT) STR(family_name) STR(given_name) INT(birth_date, INSTANT) \
	INT(sex, WORD(vocab_person_sex)) FIX(citizenship) FIX(birth_country)                                 \
	INT(criminality, WORD(vocab_criminality)) INT(threat_level, RANGE(UNSET, 3))                        \
	INT(mandatory, WORD(vocab_mandatory)) INT(protected_, FLAG) INT(classified_at, INSTANT)             \
	FIX(mandatory_by) FIX(arrest_id) INT(arrest_at, INSTANT) INT(arrest_aor, WORD(vocab_aor))           \
	INT(agency, WORD(vocab_agency)) INT(border, FLAG) INT(detained, BOOL)                               \
	INT(bond_status, WORD(vocab_bond_status)) INT(bond_amount, RANGE(UNSET, 100000000))                 \
	INT(final_order, BOOL) INT(final_date, INSTANT) INT(order_at, INSTANT) FIX(order_id)                \
	INT(stay_of_removal, WORD(vocab_stay_status)) INT(stay_at, INSTANT) INT(noncooperation, BOOL)       \
	INT(noncooperation_since, INSTANT) INT(travel_status, WORD(vocab_travel_status))                    \
	INT(travel_at, INSTANT) FIX(travel_country) INT(review_90_at, INSTANT) INT(review_180_at, INSTANT)  \
	INT(review_continued_at, INSTANT) INT(review_continued, FLAG) INT(review_at, INSTANT)               \
	INT(review_foreseeable, FLAG) INT(departed, BOOL) FIX(departure_country) INT(enrolled, BOOL)        \
	INT(alerts, COUNT) INT(tamper_at, INSTANT)
#define FIELDS_STAY(INT, FIX)                                                                            \
	FIX(key) FIX(person) FIX(facility) INT(in, INSTANT) INT(out, OPEN)                                  \
	INT(out_reason, WORD(vocab_release_reason)) INT(agency, WORD(vocab_agency)) INT(border, FLAG)       \
	INT(criminality_in, WORD(vocab_criminality)) INT(criminality_out, WORD(vocab_criminality))
#define FIELDS_CHECKINS(INT)                                                                             \
	INT(grace, RANGE(0, MAX_GRACE)) INT(seg_start, INSTANT) INT(seg_len, RANGE(0, MAX_DAYS * TS_DAY))    \
	INT(next, COUNT) INT(ended, COUNT) INT(met, COUNT) INT(missed_run, COUNT) INT(last_ok, INSTANT)
#define FIELDS_STINT(INT, FIX)                                                                           \
	FIX(key) FIX(stay_key) FIX(person) FIX(facility) INT(in, INSTANT) INT(out, OPEN)
#define FIELDS_ENROLMENT(INT, FIX)                                                                       \
	FIX(key) FIX(person) INT(start, INSTANT) INT(end, OPEN) INT(end_reason, WORD(vocab_atd_end_reason)) \
	INT(technology, WORD(vocab_technology)) INT(checkin_days, RANGE(0, MAX_DAYS))                       \
	INT(aor, WORD(vocab_aor)) INT(area, WORD(vocab_aor))

/* Whether t is an instant custody can hold (ts_parse's years 1-9999). */
static bool instant_ok(int64_t t)
{
	return t >= ts_days_from_civil(1, 1, 1) * TS_DAY && t < ts_days_from_civil(10000, 1, 1) * TS_DAY;
}

static bool in_range(int64_t v, struct range k)
{
	switch (k.kind) {
	case K_INSTANT:
		return v == TS_NONE || instant_ok(v);
	case K_AT:
		return instant_ok(v);
	case K_OPEN:
		return v == TS_NONE || v == TS_FOREVER || instant_ok(v);
	case K_WORD:
		return v >= UNSET && v < k.words->count;
	default:
		return v >= k.lo && v <= k.hi;
	}
}

/* An integer that must be in range k (the reader fails otherwise). */
static int64_t get_checked(struct reader *r, struct range k)
{
	int64_t v = get_int(r);
	if (!r->failed && !in_range(v, k))
		r->failed = true;
	return r->failed ? 0 : v;
}

int timeline_encode(const struct timeline *tl, unsigned char **out, size_t *len, struct error *err)
{
	struct writer w = {0};
	put_byte(&w, CODEC_VERSION);
	put_str(&w, tl->person);
#define W_INT(f, range) put_int(&w, (int64_t)tl->f);
#define W_STR(f) put_str(&w, tl->f);
	FIELDS_SUMMARY(W_INT, W_STR, W_STR)
#define W_SUB(f, range) put_int(&w, (int64_t)sub->f);
#define W_SUBSTR(f) put_str(&w, sub->f);
	{
		const struct tl_stay *sub = &tl->stay;
		FIELDS_STAY(W_SUB, W_SUBSTR)
	}
	{
		const struct tl_stint *sub = &tl->stint;
		FIELDS_STINT(W_SUB, W_SUBSTR)
	}
	{
		const struct tl_enrolment *sub = &tl->enrolment;
		FIELDS_ENROLMENT(W_SUB, W_SUBSTR)
	}
	{
		const struct checkin_state *sub = &tl->checkins;
		FIELDS_CHECKINS(W_SUB)
		put_int(&w, sub->n_pending);
		for (int i = 0; i < sub->n_pending; i++) {
			put_int(&w, sub->pending[i].a);
			put_int(&w, sub->pending[i].b);
			put_int(&w, sub->pending[i].met + 2 * sub->pending[i].closed);
		}
	}
	put_int(&w, (int64_t)tl->n_noncoop);
	for (size_t i = 0; i < tl->n_noncoop; i++) {
		put_int(&w, tl->noncoop[i].start);
		put_int(&w, tl->noncoop[i].end);
	}
	put_int(&w, (int64_t)tl->n_hearings);
	for (size_t i = 0; i < tl->n_hearings; i++) {
		put_int(&w, tl->hearings[i].hearing_at);
		put_int(&w, tl->hearings[i].status);
	}
	if (w.failed) {
		free(w.p);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	*out = w.p;
	*len = w.n;
	return 0;
}

/* n elements of size bytes, for a count read from the form. */
static void *get_array(struct reader *r, size_t *n, size_t *cap, size_t size)
{
	int64_t count = get_int(r);
	if (r->failed || count < 0 || count > r->end - r->p) { /* each element takes a byte at least */
		r->failed = true;
		return NULL;
	}
	*n = *cap = (size_t)count;
	void *p = count ? calloc((size_t)count, size) : NULL;
	if (count && !p)
		r->failed = true;
	return p;
}

static bool country_ok(const char *code)
{
	return !code[0] || vocab_find(&vocab_country, code) >= 0;
}

/* Whether an interval [a, b] is in order: a set, b not before it. */
static bool span_ok(ts_t a, ts_t b)
{
	return a != TS_NONE && b != TS_NONE && a <= b;
}

/* The check-in periods: whole days, no period past year 9999, pending
 * periods in order; the counters consistent. */
static bool checkins_ok(const struct checkin_state *c)
{
	if (c->seg_len % TS_DAY || c->met > c->ended || c->missed_run > c->ended)
		return false;
	if (c->seg_len && (c->seg_start == TS_NONE || c->next > (INT64_MAX / 4 - c->seg_start) / c->seg_len ||
			   !instant_ok(c->seg_start + c->next * c->seg_len - c->seg_len)))
		return false;
	for (int i = 0; i < c->n_pending; i++)
		if (!span_ok(c->pending[i].a, c->pending[i].b) || c->pending[i].b - c->pending[i].a > MAX_DAYS * TS_DAY ||
		    (i && c->pending[i].a < c->pending[i - 1].a))
			return false;
	return true;
}

/* Whether every fact an event sets together with its instant has that
 * instant: the clocks print and count from it. */
static bool facts_dated(const struct timeline *tl)
{
	const struct {
		int64_t fact;
		ts_t at;
	} facts[] = {
		{tl->stay_of_removal, tl->stay_at},	    {tl->travel_status, tl->travel_at},
		{tl->review_foreseeable, tl->review_at},   {tl->review_continued, tl->review_continued_at},
		{tl->noncooperation ? 1 : UNSET, tl->noncooperation_since},
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
		if (facts[i].fact != UNSET && facts[i].at == TS_NONE)
			return false;
	return true;
}

/* The first invariant the timeline relies on that a decoded state breaks,
 * or NULL: what the clocks read must be what an event could have made. */
static const char *state_broken(const struct timeline *tl)
{
	if (!country_ok(tl->citizenship) || !country_ok(tl->birth_country) ||
	    !country_ok(tl->travel_country) || !country_ok(tl->departure_country))
		return "a country out of range";
	if ((tl->stay.key[0] && !span_ok(tl->stay.in, tl->stay.out)) ||
	    (tl->stint.key[0] && !span_ok(tl->stint.in, tl->stint.out)))
		return "a stay or stint out of order";
	if (tl->detained && (!tl->stay.key[0] || tl->stay.out != TS_FOREVER || !tl->stint.key[0] ||
			     !tl->stint.facility[0] || tl->stint.out != TS_FOREVER))
		return "detained without an open stay";
	if (tl->final_order && tl->final_date == TS_NONE)
		return "a final order without its date";
	if (!facts_dated(tl))
		return "a fact without the instant it was recorded";
	const struct tl_enrolment *e = &tl->enrolment;
	if (e->key[0] && (!span_ok(e->start, e->end) || e->checkin_days < 1 || e->technology == UNSET))
		return "an enrolment out of order";
	if (tl->enrolled && (!e->key[0] || e->end != TS_FOREVER || tl->checkins.seg_len == 0))
		return "enrolled without an open enrolment";
	if (!checkins_ok(&tl->checkins))
		return "check-in periods out of range";
	for (size_t i = 0; i < tl->n_noncoop; i++)
		if (!span_ok(tl->noncoop[i].start, tl->noncoop[i].end) ||
		    (i && tl->noncoop[i].start < tl->noncoop[i - 1].end))
			return "non-cooperation intervals out of order";
	if (tl->noncooperation && (!tl->n_noncoop || tl->noncoop[tl->n_noncoop - 1].end != TS_FOREVER))
		return "non-cooperation open without its interval";
	return NULL;
}

int timeline_decode(const unsigned char *data, size_t len, struct timeline *tl, struct error *err)
{
	struct reader r = {data, data + len, false};
	char person[ANUMBER_LEN + 1];
	if (len == 0)
		return error_set(err, ERR_INVALID, "stored timeline: empty");
	if (*r.p++ != CODEC_VERSION)
		return error_set(err, ERR_NOTFOUND, "stored timeline: not of version %d", CODEC_VERSION);
	get_fixed(&r, person, sizeof person);
	timeline_init(tl, person);
#define R_INT(f, range) tl->f = (__typeof__(tl->f))get_checked(&r, range);
#define R_STR(f) tl->f = get_dup(&r);
#define R_FIX(f) get_fixed(&r, tl->f, sizeof tl->f);
	FIELDS_SUMMARY(R_INT, R_STR, R_FIX)
#define R_SUB(f, range) sub->f = (__typeof__(sub->f))get_checked(&r, range);
#define R_SUBFIX(f) get_fixed(&r, sub->f, sizeof sub->f);
	{
		struct tl_stay *sub = &tl->stay;
		FIELDS_STAY(R_SUB, R_SUBFIX)
	}
	{
		struct tl_stint *sub = &tl->stint;
		FIELDS_STINT(R_SUB, R_SUBFIX)
	}
	{
		struct tl_enrolment *sub = &tl->enrolment;
		FIELDS_ENROLMENT(R_SUB, R_SUBFIX)
	}
	{
		struct checkin_state *sub = &tl->checkins;
		FIELDS_CHECKINS(R_SUB)
		sub->n_pending = get_small(&r, 0, CHECKIN_PENDING);
		for (int i = 0; !r.failed && i < sub->n_pending; i++) {
			sub->pending[i].a = get_checked(&r, INSTANT);
			sub->pending[i].b = get_checked(&r, INSTANT);
			int flags = get_small(&r, 0, 3);
			sub->pending[i].met = flags & 1;
			sub->pending[i].closed = flags & 2;
		}
	}
	tl->noncoop = get_array(&r, &tl->n_noncoop, &tl->cap_noncoop, sizeof *tl->noncoop);
	for (size_t i = 0; !r.failed && i < tl->n_noncoop; i++) {
		tl->noncoop[i].start = get_checked(&r, INSTANT);
		tl->noncoop[i].end = get_checked(&r, OPEN);
	}
	if (!r.failed)
		tl->hearings = get_array(&r, &tl->n_hearings, &tl->cap_hearings, sizeof *tl->hearings);
	for (size_t i = 0; !r.failed && i < tl->n_hearings; i++) {
		tl->hearings[i].hearing_at = get_checked(&r, AT);
		tl->hearings[i].status = get_small(&r, HEARING_SCHEDULED, HEARING_ADJOURNED);
	}
	const char *broken = r.failed || r.p != r.end ? "a value is malformed or out of range" : state_broken(tl);
	if (broken) {
		timeline_free(tl);
		return error_set(err, ERR_INVALID, "stored timeline of %s: %s", person, broken);
	}
	return 0;
}
