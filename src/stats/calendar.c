/* calendar.c: reporting days and time zones (see calendar.h). */
#include "calendar.h"
#include "bounds.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DAY 86400
#define ZONEINFO "/usr/share/zoneinfo/"

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Whether zone is a name of the system's time-zone database. */
static int zone_known(const char *zone)
{
	if (!zone[0] || zone[0] == '/' || strstr(zone, "..") || strlen(zone) >= STATS_ZONE_MAX)
		return 0;
	for (const char *c = zone; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      strchr("/_+-", *c)))
			return 0;
	char path[sizeof ZONEINFO + STATS_ZONE_MAX];
	strcpy(path, ZONEINFO);
	strcat(path, zone);
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* The instant of hh:mm:ss local time on day (days since 1970) in the zone
 * TZ is set to. */
static ts_t local_instant(int64_t day, int hh, int mm, int ss)
{
	time_t midnight = (time_t)(day * DAY);
	struct tm civil, local;
	gmtime_r(&midnight, &civil);
	memset(&local, 0, sizeof local);
	local.tm_year = civil.tm_year;
	local.tm_mon = civil.tm_mon;
	local.tm_mday = civil.tm_mday;
	local.tm_hour = hh;
	local.tm_min = mm;
	local.tm_sec = ss;
	local.tm_isdst = -1;
	return (ts_t)mktime(&local);
}

/* Fill c->ends and c->start in zone, through TZ; ERR_NOMEM when the TZ in
 * force cannot be kept to be put back. */
static int zone_days(struct stats_calendar *c, const char *zone, struct error *err)
{
	const char *was = getenv("TZ");
	char *saved = was ? strdup(was) : NULL;
	if (was && !saved)
		return error_set(err, ERR_NOMEM, "out of memory");
	setenv("TZ", zone, 1);
	tzset();
	c->start = local_instant(c->first, 0, 0, 0);
	for (size_t d = 0; d < c->n; d++)
		c->ends[d] = local_instant(c->first + (int64_t)d, 23, 59, 59);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return 0;
}

int stats_calendar_init(struct stats_calendar *c, const char *zone, int64_t first, int64_t last,
			struct error *err)
{
	memset(c, 0, sizeof *c);
	c->utc = !zone || strcmp(zone, "UTC") == 0;
	if (!c->utc && !zone_known(zone))
		return error_set(err, ERR_INVALID, "time zone \"%.*s\" is not in the time-zone database (%s), "
						   "e.g. America/New_York or UTC",
				 error_cut(zone, 64), zone, ZONEINFO);
	if (first < BOUND_TIME_MIN / DAY || last > BOUND_TIME_MAX / DAY) {
		char lo[DATE_TEXT_MAX], hi[DATE_TEXT_MAX];
		return error_set(err, ERR_INVALID, "the days must lie within the dates custody accepts, %s to %s",
				 ts_format_date(BOUND_TIME_MIN, lo), ts_format_date(BOUND_TIME_MAX, hi));
	}
	if (last < first || last - first >= BOUND_CALENDAR_DAYS_MAX)
		return error_set(err, ERR_INVALID, "the days must run forward and span at most %d days",
				 BOUND_CALENDAR_DAYS_MAX);
	strcpy(c->zone, c->utc ? "UTC" : zone);
	c->first = first;
	c->n = (size_t)(last - first + 1);
	c->ends = malloc(c->n * sizeof *c->ends);
	if (!c->ends)
		return error_set(err, ERR_NOMEM, "out of memory");
	if (!c->utc)
		return zone_days(c, zone, err);
	c->start = first * DAY;
	for (size_t d = 0; d < c->n; d++)
		c->ends[d] = (first + (int64_t)d) * DAY + DAY - 1;
	return 0;
}

void stats_calendar_free(struct stats_calendar *c)
{
	free(c->ends);
	memset(c, 0, sizeof *c);
}

size_t stats_calendar_day(const struct stats_calendar *c, ts_t t)
{
	if (c->utc) {
		int64_t d = floor_div(t == TS_FOREVER ? INT64_MAX - DAY : t, DAY) - c->first;
		return d < 0 ? 0 : d > (int64_t)c->n ? c->n : (size_t)d;
	}
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->ends[mid] >= t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int stats_parse_day(const char *text, int64_t *day, struct error *err)
{
	return bound_parse_day(text, day, err);
}

void stats_fiscal_year(int fy, int64_t *first, int64_t *last)
{
	*first = ts_days_from_civil(fy - 1, 10, 1);
	*last = ts_days_from_civil(fy, 9, 30);
}

int stats_fiscal_year_of(int64_t day)
{
	time_t t = (time_t)(day * DAY);
	struct tm civil;
	gmtime_r(&t, &civil);
	return civil.tm_year + 1900 + (civil.tm_mon >= 9);
}

char *stats_format_day(int64_t day, char buf[DATE_TEXT_MAX])
{
	return ts_format_date(day * DAY, buf);
}
