/* calendar.h: the reporting days of a statistics query (statistics.md,
 * Time).
 *
 * A reporting day is a calendar day in the report's time zone (UTC unless
 * an IANA zone such as America/New_York is given). A calendar covers the
 * days from..to and knows, for each, the instant of its 23:59:59, when the
 * midnight population is counted. */
#ifndef CUSTODY_STATS_CALENDAR_H
#define CUSTODY_STATS_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "timestamp.h"

#define STATS_ZONE_MAX 64

struct stats_calendar {
	char zone[STATS_ZONE_MAX]; /* "UTC" or an IANA name */
	int64_t first;             /* the first day, as days since 1970-01-01 */
	size_t n;                  /* days */
	ts_t start;                /* the first instant of the first day */
	ts_t *ends;                /* owned: ends[d], the instant of 23:59:59 of day d */
	int utc;                   /* days are UTC days: found by arithmetic */
};

/* Fill c with the days first..last (days since 1970-01-01, first <=
 * last, within the dates and the span of bounds.h) in zone (NULL or "UTC" for UTC). ERR_INVALID
 * for an unknown zone, named in the message. The caller frees c with
 * stats_calendar_free(), on failure too. A zone's days are read from its
 * file of the system's time-zone database (tzif.h): no process-wide
 * state, so any thread may make a calendar. */
int stats_calendar_init(struct stats_calendar *c, const char *zone, int64_t first, int64_t last,
			struct error *err);

/* Free what c owns; c may be initialised again. */
void stats_calendar_free(struct stats_calendar *c);

/* The first day d with ends[d] >= t: the day t falls in, or 0 before the
 * calendar and n after it (so 0 is also "before": callers that count
 * events check stats_calendar_covers() first). */
size_t stats_calendar_day(const struct stats_calendar *c, ts_t t);

/* stats_calendar_day() of a snapshot instant (snapshot.h), inline: the
 * daily series call it for every record. */
static inline size_t stats_calendar_day32(const struct stats_calendar *c, uint32_t t)
{
	if (!c->utc)
		return stats_calendar_day(c, t);
	int64_t d = (int64_t)(t / 86400u) - c->first;
	return d < 0 ? 0 : d > (int64_t)c->n ? c->n : (size_t)d;
}

/* Whether t falls within one of the calendar's days. */
static inline int stats_calendar_covers(const struct stats_calendar *c, ts_t t)
{
	return c->n > 0 && t >= c->start && t <= c->ends[c->n - 1];
}

/* The days since 1970-01-01 of the date text "YYYY-MM-DD" into *day;
 * ERR_INVALID naming the text otherwise, or naming the bounds (bounds.h)
 * when it lies outside them. */
int stats_parse_day(const char *text, int64_t *day, struct error *err);

/* The first day of fiscal year fy (1 October of fy - 1) and its last (30
 * September of fy), as days since 1970-01-01. */
void stats_fiscal_year(int fy, int64_t *first, int64_t *last);

/* The fiscal year of a day. */
int stats_fiscal_year_of(int64_t day);

/* "YYYY-MM-DD" of a day into buf (DATE_TEXT_MAX bytes); returns buf. */
char *stats_format_day(int64_t day, char buf[DATE_TEXT_MAX]);

#endif
