#include "timestamp.h"

#include <assert.h>
#include <string.h>

int64_t ts_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const int64_t yoe = y - era * 400;
	const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void ts_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int64_t doe = z - era * 146097;
	const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned ts_days_in_month(int64_t y, unsigned m)
{
	static const unsigned len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Read exactly n decimal digits from s; returns -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int parse_date_part(const char *s, int64_t *days)
{
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1 || s[4] != '-' || m < 1 || m > 12 || s[7] != '-' || d < 1 ||
	    (unsigned)d > ts_days_in_month(y, (unsigned)m))
		return -1;
	*days = ts_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

static int bad_time(struct error *err, const char *text)
{
	return error_set(err, ERR_INVALID,
			 "\"%.*s\" is not an RFC 3339 time (expected e.g. 2025-02-03T14:05:00Z, "
			 "2025-02-03T09:05:00-05:00 or 2025-02-03)",
			 error_cut(text, 40), text);
}

int ts_parse_date(const char *text, ts_t *out, struct error *err)
{
	int64_t days;
	if (strlen(text) != 10 || parse_date_part(text, &days) != 0)
		return error_set(err, ERR_INVALID, "\"%.*s\" is not a date (expected YYYY-MM-DD)",
				 error_cut(text, 40), text);
	*out = days * TS_DAY;
	return 0;
}

int ts_parse(const char *text, ts_t *out, struct error *err)
{
	size_t len = strlen(text);
	int64_t days;
	if (len < 10 || parse_date_part(text, &days) != 0)
		return bad_time(err, text);
	if (len == 10) {
		*out = days * TS_DAY;
		return 0;
	}
	const char *s = text + 10;
	if (len < 20 || (*s != 'T' && *s != 't'))
		return bad_time(err, text);
	int hh = digits(s + 1, 2), mm = digits(s + 4, 2), ss = digits(s + 7, 2);
	if (hh < 0 || hh > 23 || s[3] != ':' || mm < 0 || mm > 59 || s[6] != ':' || ss < 0 || ss > 59)
		return bad_time(err, text);
	s += 9;
	if (*s == '.') {
		const char *frac = ++s;
		while (*s >= '0' && *s <= '9')
			s++;
		if (s == frac)
			return bad_time(err, text);
	}
	int64_t offset = 0;
	if ((*s == 'Z' || *s == 'z') && s[1] == '\0') {
		offset = 0;
	} else if ((*s == '+' || *s == '-') && strlen(s) == 6) {
		int oh = digits(s + 1, 2), om = digits(s + 4, 2);
		if (oh < 0 || oh > 23 || s[3] != ':' || om < 0 || om > 59)
			return bad_time(err, text);
		offset = (int64_t)(oh * 3600 + om * 60) * (*s == '-' ? -1 : 1);
	} else {
		return bad_time(err, text);
	}
	ts_t t = days * TS_DAY + hh * 3600 + mm * 60 + ss - offset;
	/* an offset must not carry the instant outside years 0001..9999 UTC */
	if (t < ts_days_from_civil(1, 1, 1) * TS_DAY || t >= ts_days_from_civil(10000, 1, 1) * TS_DAY)
		return bad_time(err, text);
	*out = t;
	return 0;
}

ts_t ts_floor_day(ts_t t)
{
	ts_t r = t % TS_DAY;
	return t - (r < 0 ? r + TS_DAY : r);
}

/* Write v as exactly n decimal digits (v < 10^n). */
static void put_digits(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

char *ts_format_date(ts_t t, char buf[DATE_TEXT_MAX])
{
	int64_t y;
	unsigned m, d;
	ts_civil_from_days(ts_floor_day(t) / TS_DAY, &y, &m, &d);
	put_digits(buf, (unsigned)(((y % 10000) + 10000) % 10000), 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	buf[10] = '\0';
	return buf;
}

char *ts_format(ts_t t, char buf[TS_TEXT_MAX])
{
	unsigned secs = (unsigned)(t - ts_floor_day(t));
	ts_format_date(t, buf);
	buf[10] = 'T';
	put_digits(buf + 11, secs / 3600, 2);
	buf[13] = ':';
	put_digits(buf + 14, secs / 60 % 60, 2);
	buf[16] = ':';
	put_digits(buf + 17, secs % 60, 2);
	buf[19] = 'Z';
	buf[20] = '\0';
	return buf;
}

ts_t ts_add_years(ts_t t, int years)
{
	ts_t day = ts_floor_day(t);
	int64_t y;
	unsigned m, d;
	ts_civil_from_days(day / TS_DAY, &y, &m, &d);
	y += years;
	/* 29 February in a year without one: 1 March */
	int64_t days = d > ts_days_in_month(y, m) ? ts_days_from_civil(y, m, d - 1) + 1 : ts_days_from_civil(y, m, d);
	return days * TS_DAY + (t - day);
}
