/* calendar.c: reporting days and time zones (see calendar.h). */
#include "calendar.h"
#include "bounds.h"

#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tzif.h"

#define DAY 86400
#define ZONEINFO "/usr/share/zoneinfo/"

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Whether zone may name a file of the time-zone database: not empty,
 * relative, no "..", letters, digits and / _ + - only, bounded. */
static bool zone_name_valid(const char *zone)
{
	if (!zone[0] || zone[0] == '/' || strstr(zone, "..") || strlen(zone) >= STATS_ZONE_MAX)
		return false;
	for (const char *c = zone; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      strchr("/_+-", *c)))
			return false;
	return true;
}

/* Read the TZif file of zone (a valid name) into *data (malloc'd, *len
 * bytes); -1 when it is not a readable regular file of at most
 * TZIF_DATA_MAX bytes. */
static int zone_file(const char *zone, unsigned char **data, size_t *len)
{
	char path[sizeof ZONEINFO + STATS_ZONE_MAX];
	snprintf(path, sizeof path, "%s%s", ZONEINFO, zone);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	*data = NULL;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > TZIF_DATA_MAX ||
	    !(*data = malloc((size_t)st.st_size + 1))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*len = 0;
	for (ssize_t got; *len < (size_t)st.st_size; *len += (size_t)got)
		if ((got = read(fd, *data + *len, (size_t)st.st_size - *len)) <= 0)
			break;
	close(fd);
	return 0;
}

static int zone_unknown(const char *zone, struct error *err)
{
	return error_set(err, ERR_INVALID, "time zone \"%.*s\" is not in the time-zone database (%s), "
					   "e.g. America/New_York or UTC",
			 error_cut(zone, 64), zone, ZONEINFO);
}

/* The offsets of zone (a valid name): ERR_INVALID naming it when it is not
 * a zone of the database (a directory such as "America" is not). The
 * caller frees z, on failure too. */
static int zone_load(const char *zone, struct tzif *z, struct error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	struct error why;
	memset(z, 0, sizeof *z);
	int rc = zone_file(zone, &data, &len) == 0 ? tzif_parse(data, len, z, &why) : ERR_INVALID;
	free(data);
	if (rc == ERR_NOMEM)
		return error_set(err, rc, "out of memory");
	return rc ? zone_unknown(zone, err) : 0;
}

/* Fill c->start and c->ends in zone: a day runs from its local midnight
 * to the next day's (tzif_utc()), and ends[d] is the last second of day d. */
static int zone_days(struct stats_calendar *c, const char *zone, struct error *err)
{
	struct tzif z;
	int rc = zone_load(zone, &z, err);
	if (rc == 0) {
		c->start = tzif_utc(&z, c->first * DAY);
		for (size_t d = 0; d < c->n; d++)
			c->ends[d] = tzif_utc(&z, (c->first + (int64_t)d + 1) * DAY) - 1;
	}
	tzif_free(&z);
	return rc;
}

int stats_calendar_init(struct stats_calendar *c, const char *zone, int64_t first, int64_t last,
			struct error *err)
{
	memset(c, 0, sizeof *c);
	c->utc = !zone || strcmp(zone, "UTC") == 0;
	if (!c->utc && !zone_name_valid(zone))
		return zone_unknown(zone, err);
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
