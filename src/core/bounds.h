/* bounds.h: what a user may give, and what one query may ask: the range
 * of instants and dates, and the size of an answer. The one definition
 * the command line (src/cli), the server (src/server), the statistics and
 * the event parser read; docs/cli.md (Bounds) lists the same values.
 *
 * Instants and dates run from 1970-01-01T00:00:00Z (the statistics count
 * seconds since then, snapshot.h) to 2099-12-31T23:59:59Z. */
#ifndef CUSTODY_BOUNDS_H
#define CUSTODY_BOUNDS_H

#include <stddef.h>

#include "error.h"
#include "timestamp.h"

#define BOUND_TIME_MIN ((ts_t)0)          /* 1970-01-01T00:00:00Z */
#define BOUND_TIME_MAX ((ts_t)4102444799) /* 2099-12-31T23:59:59Z */

/* The counts one query may ask for. */
#define BOUND_DAYS_MAX 3660             /* days of hearings ahead (--days, days=) */
#define BOUND_NEED_MAX 100000           /* release candidates (--need, need=) */
#define BOUND_SERIES_DAYS_MAX 3660      /* days of a daily series: ten years */
#define BOUND_SERIES_ROWS_MAX 100000    /* rows of a daily series: days x groups */
#define BOUND_PERIOD_CELLS_MAX 1000000  /* the days x groups a period's figures count */
#define BOUND_CALENDAR_DAYS_MAX 36525   /* days of a period or a cohort: a hundred years */

/* Birth dates: from 1900-01-01, and not after the event that gives one. */
#define BOUND_BIRTH_MIN ((ts_t)-2208988800) /* 1900-01-01 */

/* Whether t lies within [BOUND_TIME_MIN, BOUND_TIME_MAX]: 0, or
 * ERR_INVALID with a message quoting t (a date when date is true) and the
 * bounds. */
int bound_time(ts_t t, int date, struct error *err);

/* ts_parse() (an RFC 3339 time or a date) then bound_time(). */
int bound_parse_time(const char *text, ts_t *out, struct error *err);

/* ts_parse_date() (YYYY-MM-DD) then bound_time(), as days since
 * 1970-01-01. */
int bound_parse_day(const char *text, int64_t *day, struct error *err);

/* Whether the birth date born lies within [BOUND_BIRTH_MIN, latest]: 0, or
 * ERR_INVALID with "DATE is before 1900-01-01" or "DATE is after
 * LATEST_TEXT" (latest_text names latest, e.g. "the arrest (TIME)"). */
int bound_birth_date(ts_t born, ts_t latest, const char *latest_text, struct error *err);

#endif
