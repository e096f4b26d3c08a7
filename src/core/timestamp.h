/* timestamp.h: instants as seconds since 1970-01-01T00:00:00Z, RFC 3339
 * parsing and formatting, calendar dates.
 *
 * custody stores every instant as UTC with second precision. Input may carry
 * an offset; output is always `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD`. */
#ifndef CUSTODY_TIMESTAMP_H
#define CUSTODY_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef int64_t ts_t;

#define TS_NONE INT64_MIN   /* "no instant" (unset) */
#define TS_FOREVER INT64_MAX /* the open end of an interval */
#define TS_DAY 86400

#define TS_TEXT_MAX 21   /* "2025-02-03T14:05:00Z" plus NUL */
#define DATE_TEXT_MAX 11 /* "2025-02-03" plus NUL */

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
int64_t ts_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The proleptic Gregorian date of days since 1970-01-01. */
void ts_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* The days of month m (1-12) of year y. */
unsigned ts_days_in_month(int64_t y, unsigned m);

/* Parse RFC 3339 (`2025-02-03T14:05:00Z`, `...-05:00`, fractional seconds
 * truncated) or a bare date (`2025-02-03`, meaning 00:00:00Z) into *out.
 * Returns 0, or ERR_INVALID with a message saying what was expected. */
int ts_parse(const char *text, ts_t *out, struct error *err);

/* Parse a bare `YYYY-MM-DD` date into the instant of its midnight UTC. */
int ts_parse_date(const char *text, ts_t *out, struct error *err);

/* Write t as `YYYY-MM-DDTHH:MM:SSZ` into buf (TS_TEXT_MAX bytes); returns buf. */
char *ts_format(ts_t t, char buf[TS_TEXT_MAX]);

/* Write the UTC calendar date of t as `YYYY-MM-DD` (DATE_TEXT_MAX bytes). */
char *ts_format_date(ts_t t, char buf[DATE_TEXT_MAX]);

/* Midnight UTC at the start of t's day. */
ts_t ts_floor_day(ts_t t);

/* The same calendar day and time of day years later (29 February becomes
 * 1 March in a year without it): a birthday. */
ts_t ts_add_years(ts_t t, int years);

#endif
