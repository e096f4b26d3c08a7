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

/* A string that may be NULL, malloc'd. */
static char *get_dup(struct reader *r)
{
	int64_t len;
	const char *s = get_bytes(r, &len);
	if (!s)
		return NULL;
	char *copy = strndup(s, (size_t)len);
	if (!copy)
		r->failed = true;
	return copy;
}

/* Every field, in the order of the form: one list serves both ways. A
 * change to these lists (or to a field's meaning) changes the form: bump
 * CODEC_VERSION, and add a schema migration that rebuilds the projections
 * (store.h), or every stored state is refused and replayed. */
#define FIELDS_SUMMARY(INT, STR, FIX)                                                          \
	INT(last_at) INT(n_events) STR(family_name) STR(given_name) INT(birth_date) INT(sex)      \
	FIX(citizenship) FIX(birth_country) INT(criminality) INT(threat_level) INT(mandatory)    \
	INT(protected_) INT(classified_at) FIX(mandatory_by) FIX(arrest_id) INT(arrest_at)        \
	INT(arrest_aor) INT(agency) INT(border) INT(detained) INT(bond_status) INT(bond_amount)   \
	INT(final_order) INT(final_date) INT(order_at) FIX(order_id) INT(stay_of_removal)         \
	INT(stay_at) INT(noncooperation) INT(noncooperation_since) INT(travel_status)            \
	INT(travel_at) FIX(travel_country) INT(review_90_at) INT(review_180_at)                  \
	INT(review_continued_at) INT(review_continued) INT(review_at) INT(review_foreseeable)    \
	INT(departed) FIX(departure_country) INT(enrolled) INT(alerts) INT(tamper_at)
#define FIELDS_STAY(INT, FIX)                                                                  \
	FIX(key) FIX(person) FIX(facility) INT(in) INT(out) INT(out_reason) INT(agency)           \
	INT(border) INT(criminality_in) INT(criminality_out)
#define FIELDS_CHECKINS(INT)                                                                   \
	INT(grace) INT(seg_start) INT(seg_len) INT(next) INT(ended) INT(met) INT(missed_run)     \
	INT(last_ok)
#define FIELDS_STINT(INT, FIX) FIX(key) FIX(stay_key) FIX(person) FIX(facility) INT(in) INT(out)
#define FIELDS_ENROLMENT(INT, FIX)                                                             \
	FIX(key) FIX(person) INT(start) INT(end) INT(end_reason) INT(technology)                 \
	INT(checkin_days) INT(aor) INT(area)

int timeline_encode(const struct timeline *tl, unsigned char **out, size_t *len, struct error *err)
{
	struct writer w = {0};
	put_byte(&w, CODEC_VERSION);
	put_str(&w, tl->person);
#define W_INT(f) put_int(&w, (int64_t)tl->f);
#define W_STR(f) put_str(&w, tl->f);
	FIELDS_SUMMARY(W_INT, W_STR, W_STR)
#define W_SUB(f) put_int(&w, (int64_t)sub->f);
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

int timeline_decode(const unsigned char *data, size_t len, struct timeline *tl, struct error *err)
{
	struct reader r = {data, data + len, false};
	char person[ANUMBER_LEN + 1];
	if (len == 0 || *r.p++ != CODEC_VERSION)
		return error_set(err, ERR_INVALID, "stored timeline: not of version %d", CODEC_VERSION);
	get_fixed(&r, person, sizeof person);
	timeline_init(tl, person);
#define R_INT(f) tl->f = (__typeof__(tl->f))get_int(&r);
#define R_STR(f) tl->f = get_dup(&r);
#define R_FIX(f) get_fixed(&r, tl->f, sizeof tl->f);
	FIELDS_SUMMARY(R_INT, R_STR, R_FIX)
#define R_SUB(f) sub->f = (__typeof__(sub->f))get_int(&r);
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
			sub->pending[i].a = get_int(&r);
			sub->pending[i].b = get_int(&r);
			int flags = get_small(&r, 0, 3);
			sub->pending[i].met = flags & 1;
			sub->pending[i].closed = flags & 2;
		}
	}
	tl->noncoop = get_array(&r, &tl->n_noncoop, &tl->cap_noncoop, sizeof *tl->noncoop);
	for (size_t i = 0; !r.failed && i < tl->n_noncoop; i++) {
		tl->noncoop[i].start = get_int(&r);
		tl->noncoop[i].end = get_int(&r);
	}
	if (!r.failed)
		tl->hearings = get_array(&r, &tl->n_hearings, &tl->cap_hearings, sizeof *tl->hearings);
	for (size_t i = 0; !r.failed && i < tl->n_hearings; i++) {
		tl->hearings[i].hearing_at = get_int(&r);
		tl->hearings[i].status = get_small(&r, HEARING_SCHEDULED, HEARING_ADJOURNED);
	}
	if (r.failed || r.p != r.end) {
		timeline_free(tl);
		return error_set(err, ERR_INVALID, "stored timeline of %s: malformed", person);
	}
	return 0;
}
