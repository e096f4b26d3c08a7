/* tzif.c: TZif data and POSIX TZ rules (see tzif.h). */
#include "tzif.h"

#include <stdlib.h>
#include <string.h>

#define HEADER 44
#define UTOFF_MIN (-89999) /* RFC 8536, section 3.2: -24:59:59 to 25:59:59 */
#define UTOFF_MAX 93599
#define RULE_TIME_MAX (167 * 3600)

/* A cursor over the data: every read is checked against its end. */
struct bytes {
	const unsigned char *p, *end;
};

static bool take(struct bytes *b, size_t n, const unsigned char **out)
{
	if ((size_t)(b->end - b->p) < n)
		return false;
	*out = b->p;
	b->p += n;
	return true;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct header {
	char version;
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int read_header(struct bytes *b, struct header *h, struct error *err)
{
	const unsigned char *p;
	if (!take(b, HEADER, &p) || memcmp(p, "TZif", 4) != 0)
		return error_set(err, ERR_INVALID, "not TZif data (no \"TZif\" header)");
	h->version = (char)p[4];
	uint32_t *counts[] = {&h->isutcnt, &h->isstdcnt, &h->leapcnt, &h->timecnt, &h->typecnt, &h->charcnt};
	for (int i = 0; i < 6; i++)
		*counts[i] = be32(p + 20 + 4 * i);
	return 0;
}

/* The bytes of a data block of the header's counts, with times of
 * time_size bytes; false when that overflows or passes the end. */
static bool block_size(const struct header *h, size_t time_size, const struct bytes *b, size_t *size)
{
	uint64_t n = (uint64_t)h->timecnt * (time_size + 1) + (uint64_t)h->typecnt * 6 + h->charcnt +
		     (uint64_t)h->leapcnt * (time_size + 4) + h->isstdcnt + h->isutcnt;
	*size = (size_t)n;
	return n <= (uint64_t)(b->end - b->p);
}

static int check_counts(const struct header *h, struct error *err)
{
	if (h->typecnt == 0 || h->typecnt > TZIF_TYPES_MAX)
		return error_set(err, ERR_INVALID, "TZif: %u time types (1 to %d)", h->typecnt, TZIF_TYPES_MAX);
	if (h->charcnt == 0)
		return error_set(err, ERR_INVALID, "TZif: no time zone designations");
	if ((h->isstdcnt != 0 && h->isstdcnt != h->typecnt) || (h->isutcnt != 0 && h->isutcnt != h->typecnt))
		return error_set(err, ERR_INVALID, "TZif: standard/UT indicators do not match the time types");
	if (h->leapcnt != 0)
		return error_set(err, ERR_INVALID, "TZif: leap seconds are not supported (a \"right/\" zone)");
	return 0;
}

/* The 64-bit data block: transitions, their types, the types' offsets. */
static int read_block(struct bytes *b, const struct header *h, struct tzif *z, struct error *err)
{
	const unsigned char *times, *idx, *info;
	size_t rest = (size_t)h->charcnt + h->isstdcnt + h->isutcnt;
	const unsigned char *skip;
	if (!take(b, (size_t)h->timecnt * 8, &times) || !take(b, h->timecnt, &idx) ||
	    !take(b, (size_t)h->typecnt * 6, &info) || !take(b, rest, &skip))
		return error_set(err, ERR_INVALID, "TZif: the data is shorter than its header says");
	z->n_types = h->typecnt;
	for (size_t i = 0; i < z->n_types; i++) {
		int32_t utoff = (int32_t)be32(info + 6 * i);
		if (utoff < UTOFF_MIN || utoff > UTOFF_MAX || info[6 * i + 4] > 1 || info[6 * i + 5] >= h->charcnt)
			return error_set(err, ERR_INVALID, "TZif: time type %zu is out of range", i);
		z->utoff[i] = utoff;
	}
	z->times = malloc((h->timecnt ? h->timecnt : 1) * sizeof *z->times);
	z->types = malloc(h->timecnt ? h->timecnt : 1);
	if (!z->times || !z->types)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < h->timecnt; i++) {
		z->times[i] = be64(times + 8 * i);
		z->types[i] = idx[i];
		if (idx[i] >= h->typecnt)
			return error_set(err, ERR_INVALID, "TZif: transition %zu names time type %u of %u", i, idx[i],
					 h->typecnt);
		if (i > 0 && z->times[i] <= z->times[i - 1])
			return error_set(err, ERR_INVALID, "TZif: transition %zu is not after the one before", i);
	}
	z->n_times = h->timecnt;
	return 0;
}

/* ---- POSIX TZ rules (the footer) ---------------------------------------- */

/* A cursor over the footer's text, which holds no NUL (parse_footer()). */
struct text {
	const char *p, *end;
};

static bool at(const struct text *t, char c)
{
	return t->p < t->end && *t->p == c;
}

static bool digit(const struct text *t)
{
	return t->p < t->end && *t->p >= '0' && *t->p <= '9';
}

/* A decimal number of at most 3 digits into *v. */
static bool number(struct text *t, int *v)
{
	if (!digit(t))
		return false;
	*v = 0;
	for (int n = 0; n < 3 && digit(t); n++)
		*v = *v * 10 + (*t->p++ - '0');
	return !digit(t);
}

/* A zone abbreviation: 3 or more letters, or <...> of letters, digits, + and -. */
static bool name(struct text *t)
{
	const char *start = t->p;
	if (at(t, '<')) {
		for (t->p++; t->p < t->end && *t->p != '>'; t->p++)
			if (!strchr("+-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", *t->p))
				return false;
		if (!at(t, '>') || t->p - start < 4)
			return false;
		t->p++;
		return true;
	}
	while (t->p < t->end && ((*t->p >= 'A' && *t->p <= 'Z') || (*t->p >= 'a' && *t->p <= 'z')))
		t->p++;
	return t->p - start >= 3;
}

/* [+-]hh[:mm[:ss]] with hh at most max_hours, into seconds. */
static bool hms(struct text *t, int max_hours, int32_t *out)
{
	int sign = at(t, '-') ? -1 : 1;
	if (at(t, '-') || at(t, '+'))
		t->p++;
	int h, m = 0, s = 0;
	if (!number(t, &h) || h > max_hours)
		return false;
	if (at(t, ':') && (t->p++, !number(t, &m) || m > 59))
		return false;
	if (at(t, ':') && (t->p++, !number(t, &s) || s > 59))
		return false;
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00:00). */
static bool rule_day(struct text *t, struct tzif_day *d)
{
	memset(d, 0, sizeof *d);
	d->time = 2 * 3600;
	if (at(t, 'M')) {
		d->kind = 'M';
		t->p++;
		if (!number(t, &d->month) || d->month < 1 || d->month > 12 || !at(t, '.'))
			return false;
		t->p++;
		if (!number(t, &d->week) || d->week < 1 || d->week > 5 || !at(t, '.'))
			return false;
		t->p++;
		if (!number(t, &d->weekday) || d->weekday > 6)
			return false;
	} else {
		d->kind = at(t, 'J') ? 'J' : 'n';
		if (d->kind == 'J')
			t->p++;
		if (!number(t, &d->n) || d->n > 365 || (d->kind == 'J' && d->n < 1))
			return false;
	}
	if (!at(t, '/'))
		return true;
	t->p++;
	return hms(t, RULE_TIME_MAX / 3600, &d->time);
}

/* ,start[/time],end[/time], to the end of the text. */
static bool rule_dates(struct text *t, struct tzif_rule *r)
{
	if (!at(t, ','))
		return false;
	t->p++;
	if (!rule_day(t, &r->start) || !at(t, ','))
		return false;
	t->p++;
	return rule_day(t, &r->end) && t->p == t->end;
}

/* std offset [dst [offset] [,start[/time],end[/time]]]; POSIX offsets are
 * west of UTC. A daylight time without dates has the US rule. */
static bool posix_rule(struct text *t, struct tzif_rule *r)
{
	int32_t west;
	if (!name(t) || !hms(t, 24, &west))
		return false;
	r->std_off = -west;
	r->has_dst = t->p < t->end;
	if (!r->has_dst)
		return true;
	if (!name(t))
		return false;
	r->dst_off = r->std_off + 3600;
	if (t->p < t->end && !at(t, ',')) {
		if (!hms(t, 24, &west))
			return false;
		r->dst_off = -west;
	}
	if (t->p == t->end) {
		static const char us[] = ",M3.2.0,M11.1.0";
		struct text d = {us, us + sizeof us - 1};
		return rule_dates(&d, r);
	}
	return rule_dates(t, r);
}

/* The footer: "\n" rule "\n" at the end of the data (an empty rule: the
 * last type stays in force). */
static int parse_footer(struct bytes *b, struct tzif *z, struct error *err)
{
	size_t len = (size_t)(b->end - b->p);
	if (len < 2 || b->p[0] != '\n' || b->end[-1] != '\n')
		return error_set(err, ERR_INVALID, "TZif: no footer (a rule between two new lines) after the data");
	const char *text = (const char *)b->p + 1;
	size_t n = len - 2;
	if (n == 0)
		return 0;
	if (n > TZIF_FOOTER_MAX || memchr(text, '\n', n) || memchr(text, '\0', n))
		return error_set(err, ERR_INVALID, "TZif: the footer is not one rule of at most %d bytes",
				 TZIF_FOOTER_MAX);
	struct text t = {text, text + n};
	if (!posix_rule(&t, &z->rule) || t.p != t.end)
		return error_set(err, ERR_INVALID, "TZif: footer \"%.*s\" is not a POSIX TZ rule", (int)n, text);
	z->has_rule = true;
	return 0;
}

int tzif_parse(const unsigned char *data, size_t len, struct tzif *z, struct error *err)
{
	memset(z, 0, sizeof *z);
	if (len > TZIF_DATA_MAX)
		return error_set(err, ERR_INVALID, "TZif: %zu bytes is more than the %d accepted", len, TZIF_DATA_MAX);
	struct bytes b = {data, data + len};
	struct header h;
	size_t v1;
	int rc = read_header(&b, &h, err);
	if (rc)
		return rc;
	if (h.version < '2')
		return error_set(err, ERR_INVALID, "TZif: version 1 data (only versions 2 and later are read)");
	const unsigned char *skip;
	if (!block_size(&h, 4, &b, &v1) || !take(&b, v1, &skip))
		return error_set(err, ERR_INVALID, "TZif: the data is shorter than its header says");
	if ((rc = read_header(&b, &h, err)))
		return rc;
	if (h.version < '2')
		return error_set(err, ERR_INVALID, "TZif: the second header is not of version 2 or later");
	if ((rc = check_counts(&h, err)) || (rc = read_block(&b, &h, z, err)))
		return rc;
	return parse_footer(&b, z, err);
}

void tzif_free(struct tzif *z)
{
	free(z->times);
	free(z->types);
	memset(z, 0, sizeof *z);
}

/* ---- offsets --------------------------------------------------------------- */

/* Days since 1970-01-01 of a rule's day in year y. */
static int64_t rule_day_of(const struct tzif_day *d, int64_t y)
{
	int64_t jan1 = ts_days_from_civil(y, 1, 1);
	bool leap = ts_days_in_month(y, 2) == 29;
	if (d->kind == 'J')
		return jan1 + d->n - 1 + (leap && d->n >= 60);
	if (d->kind == 'n')
		return jan1 + d->n;
	int64_t first = ts_days_from_civil(y, (unsigned)d->month, 1);
	int weekday = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
	int64_t day = first + (d->weekday - weekday + 7) % 7 + 7 * (d->week - 1);
	while (day >= first + ts_days_in_month(y, (unsigned)d->month))
		day -= 7;
	return day;
}

/* The offset a rule gives at t: daylight time from start to end (in the
 * southern hemisphere, end comes first in the year). */
static int32_t rule_offset(const struct tzif_rule *r, ts_t t)
{
	if (!r->has_dst)
		return r->std_off;
	int64_t y;
	unsigned m, d;
	ts_civil_from_days(ts_floor_day(t + r->std_off) / TS_DAY, &y, &m, &d);
	ts_t start = rule_day_of(&r->start, y) * TS_DAY + r->start.time - r->std_off;
	ts_t end = rule_day_of(&r->end, y) * TS_DAY + r->end.time - r->dst_off;
	bool dst = start < end ? t >= start && t < end : !(t >= end && t < start);
	return dst && start != end ? r->dst_off : r->std_off;
}

/* The largest instant the offsets are computed for: years past 9999 have
 * the offsets of 9999 (and the arithmetic stays far from overflow). */
#define T_LIMIT ((ts_t)253402300799)

int32_t tzif_offset(const struct tzif *z, ts_t t)
{
	t = t < -T_LIMIT ? -T_LIMIT : t > T_LIMIT ? T_LIMIT : t;
	if (z->n_times == 0 || t < z->times[0])
		return z->n_times == 0 && z->has_rule ? rule_offset(&z->rule, t) : z->utoff[0];
	if (t >= z->times[z->n_times - 1] && z->has_rule)
		return rule_offset(&z->rule, t);
	size_t lo = 0, hi = z->n_times; /* the last transition at or before t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->utoff[z->types[lo]];
}

ts_t tzif_utc(const struct tzif *z, ts_t local)
{
	/* the offsets in force a day either side: a time shown is one of
	 * local - offset for them (offsets change at most a few times a day) */
	local = local < -T_LIMIT ? -T_LIMIT : local > T_LIMIT ? T_LIMIT : local;
	int32_t before = tzif_offset(z, local - TS_DAY);
	int32_t offsets[3] = {before, tzif_offset(z, local), tzif_offset(z, local + TS_DAY)};
	ts_t best = TS_NONE;
	for (int i = 0; i < 3; i++) {
		ts_t t = local - offsets[i];
		if (tzif_offset(z, t) == offsets[i] && (best == TS_NONE || t < best))
			best = t;
	}
	return best != TS_NONE ? best : local - before;
}
