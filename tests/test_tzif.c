/* test_tzif.c: time-zone offsets from TZif data (tzif.h).
 *
 * The offsets of the system's zones equal the C library's (localtime_r()
 * under TZ, which the calendar used before) at every hour-ish instant from
 * 1970 to 2099, and local midnights map to the instants mktime() gave;
 * POSIX rules of each kind; and hostile data (cut, flipped, forged) is
 * refused or read without a fault. */
#define _GNU_SOURCE /* tm_gmtoff */
#include "support.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tzif.h"

#define ZONEINFO "/usr/share/zoneinfo/"

/* The bytes of a zone's file (malloc'd), or NULL when the system lacks it. */
static unsigned char *zone_bytes(const char *zone, size_t *len)
{
	char path[256];
	snprintf(path, sizeof path, ZONEINFO "%s", zone);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *data = malloc(TZIF_DATA_MAX);
	assert_non_null(data);
	*len = fread(data, 1, TZIF_DATA_MAX, f);
	fclose(f);
	return data;
}

static void load(const char *zone, struct tzif *z)
{
	size_t len;
	unsigned char *data = zone_bytes(zone, &len);
	if (!data)
		fail_msg("no %s%s on this system (tzdata)", ZONEINFO, zone);
	struct error err = {0};
	if (tzif_parse(data, len, z, &err))
		fail_msg("tzif_parse(%s): %s", zone, err.msg);
	free(data);
}

static const char *const ZONES[] = {
	"America/New_York", "America/Los_Angeles", "America/Chicago", "Europe/London", "Europe/Dublin",
	"Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Tehran", "America/Sao_Paulo",
	"America/Santiago", "Pacific/Chatham", "Africa/Casablanca", "America/St_Johns", "Pacific/Apia",
	"America/Havana", "Asia/Gaza", "UTC",
};

static void set_tz(const char *zone)
{
	assert_int_equal(setenv("TZ", zone, 1), 0);
	tzset();
}

/* Every 5 hours and 7 minutes from 1970 to 2099 (so every hour of the day
 * is visited), the offset equals localtime_r()'s. */
static void test_offsets_equal_the_c_library(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROWS(ZONES); i++) {
		struct tzif z;
		load(ZONES[i], &z);
		set_tz(ZONES[i]);
		for (ts_t t = 0; t < 4102444800; t += 5 * 3600 + 7 * 60) {
			time_t tt = (time_t)t;
			struct tm tm;
			localtime_r(&tt, &tm);
			if (tzif_offset(&z, t) != tm.tm_gmtoff) {
				char when[TS_TEXT_MAX];
				fail_msg("%s at %s: offset %d, the C library %ld", ZONES[i], ts_format(t, when),
					 tzif_offset(&z, t), tm.tm_gmtoff);
			}
		}
		tzif_free(&z);
	}
	unsetenv("TZ");
	tzset();
}

/* The instants of local midnight and 23:59:59 of every day from 1970 to
 * 2099 in New York (and in zones that change at other hours) equal
 * mktime()'s, which the calendar used before: the days of a report are
 * the same, across every change of daylight time. */
static void test_local_times_equal_mktime(void **state)
{
	(void)state;
	static const char *const zones[] = {"America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"};
	for (size_t i = 0; i < ROWS(zones); i++) {
		struct tzif z;
		load(zones[i], &z);
		set_tz(zones[i]);
		for (int64_t day = 0; day < 47482; day++) {
			static const int hms[][3] = {{0, 0, 0}, {23, 59, 59}};
			for (int k = 0; k < 2; k++) {
				time_t midnight = (time_t)(day * TS_DAY);
				struct tm civil, local;
				gmtime_r(&midnight, &civil);
				memset(&local, 0, sizeof local);
				local.tm_year = civil.tm_year;
				local.tm_mon = civil.tm_mon;
				local.tm_mday = civil.tm_mday;
				local.tm_hour = hms[k][0];
				local.tm_min = hms[k][1];
				local.tm_sec = hms[k][2];
				local.tm_isdst = -1;
				ts_t want = (ts_t)mktime(&local);
				ts_t got = tzif_utc(&z, day * TS_DAY + hms[k][0] * 3600 + hms[k][1] * 60 + hms[k][2]);
				if (got != want) {
					char a[TS_TEXT_MAX], b[TS_TEXT_MAX];
					fail_msg("%s day %lld +%02d:%02d:%02d: %s, mktime %s", zones[i], (long long)day,
						 hms[k][0], hms[k][1], hms[k][2], ts_format(got, a),
						 ts_format(want, b));
				}
			}
		}
		tzif_free(&z);
	}
	unsetenv("TZ");
	tzset();
}

/* ---- forged data ------------------------------------------------------------- */

/* A TZif file of version 2: an empty version 1 block, then n transitions
 * (times, types), the types' offsets, and the footer rule. */
struct forged {
	unsigned char bytes[4096];
	size_t len;
};

static void put32(struct forged *f, uint32_t v)
{
	for (int i = 3; i >= 0; i--)
		f->bytes[f->len++] = (unsigned char)(v >> (8 * i));
}

static void put64(struct forged *f, int64_t v)
{
	put32(f, (uint32_t)((uint64_t)v >> 32));
	put32(f, (uint32_t)v);
}

static void header(struct forged *f, uint32_t timecnt, uint32_t typecnt, uint32_t charcnt)
{
	memcpy(f->bytes + f->len, "TZif2", 5);
	memset(f->bytes + f->len + 5, 0, 15);
	f->len += 20;
	uint32_t counts[6] = {0, 0, 0, timecnt, typecnt, charcnt};
	for (int i = 0; i < 6; i++)
		put32(f, counts[i]);
}

static struct forged forge(size_t n, const int64_t *times, const uint8_t *types, size_t n_types,
			   const int32_t *utoff, const char *footer)
{
	struct forged f = {.len = 0};
	header(&f, 0, 0, 0);
	header(&f, (uint32_t)n, (uint32_t)n_types, 4);
	for (size_t i = 0; i < n; i++)
		put64(&f, times[i]);
	for (size_t i = 0; i < n; i++)
		f.bytes[f.len++] = types[i];
	for (size_t i = 0; i < n_types; i++) {
		put32(&f, (uint32_t)utoff[i]);
		f.bytes[f.len++] = 0;
		f.bytes[f.len++] = 0;
	}
	memcpy(f.bytes + f.len, "ABC", 4);
	f.len += 4;
	f.len += (size_t)sprintf((char *)f.bytes + f.len, "\n%s\n", footer);
	return f;
}

/* A zone of one type and a footer rule. */
static int parse_rule(const char *footer, struct tzif *z, struct error *err)
{
	static const int32_t utoff[] = {0};
	struct forged f = forge(0, NULL, NULL, 1, utoff, footer);
	return tzif_parse(f.bytes, f.len, z, err);
}

static int32_t offset_at(const struct tzif *z, const char *when)
{
	return tzif_offset(z, T(when));
}

/* Rules of every kind: Mm.w.d (the last week as 5), Jn, n, /time, a
 * negative time (version 3), the southern hemisphere, <+0330>-style names,
 * daylight time without dates (the US rule), no daylight time. */
static void test_rules(void **state)
{
	(void)state;
	struct tzif z;
	struct error err = {0};
	assert_int_equal(parse_rule("EST5EDT,M3.2.0,M11.1.0", &z, &err), 0);
	assert_int_equal(offset_at(&z, "2030-03-10T06:59:59Z"), -5 * 3600);
	assert_int_equal(offset_at(&z, "2030-03-10T07:00:00Z"), -4 * 3600);
	assert_int_equal(offset_at(&z, "2030-11-03T05:59:59Z"), -4 * 3600);
	assert_int_equal(offset_at(&z, "2030-11-03T06:00:00Z"), -5 * 3600);
	/* in the gap: 03:30 EDT */
	assert_int_equal(tzif_utc(&z, T("2030-03-10T02:30:00Z")), T("2030-03-10T07:30:00Z"));
	assert_int_equal(tzif_utc(&z, T("2030-11-03T01:30:00Z")), T("2030-11-03T05:30:00Z")); /* twice: the first */
	tzif_free(&z);

	assert_int_equal(parse_rule("EST5EDT", &z, &err), 0); /* the US rule */
	assert_int_equal(offset_at(&z, "2031-07-01T00:00:00Z"), -4 * 3600);
	tzif_free(&z);

	assert_int_equal(parse_rule("AEST-10AEDT,M10.1.0,M4.1.0/3", &z, &err), 0);
	assert_int_equal(offset_at(&z, "2030-01-15T00:00:00Z"), 11 * 3600);
	assert_int_equal(offset_at(&z, "2030-06-15T00:00:00Z"), 10 * 3600);
	assert_int_equal(offset_at(&z, "2030-12-31T23:00:00Z"), 11 * 3600);
	tzif_free(&z);

	assert_int_equal(parse_rule("<+0330>-3:30", &z, &err), 0);
	assert_int_equal(offset_at(&z, "2040-01-01T00:00:00Z"), 3 * 3600 + 30 * 60);
	tzif_free(&z);

	assert_int_equal(parse_rule("XST3XDT,J60/0,J300/0", &z, &err), 0); /* 1 March to 27 October */
	assert_int_equal(offset_at(&z, "2032-03-01T02:59:59Z"), -3 * 3600);
	assert_int_equal(offset_at(&z, "2032-03-01T03:00:00Z"), -2 * 3600);
	tzif_free(&z);

	assert_int_equal(parse_rule("XST3XDT,59/0,299/0", &z, &err), 0); /* 29 February in 2032 */
	assert_int_equal(offset_at(&z, "2032-02-29T03:00:00Z"), -2 * 3600);
	tzif_free(&z);

	assert_int_equal(parse_rule("XST3XDT,M3.5.0/-1,M10.5.0/25", &z, &err), 0); /* last Sundays, odd hours */
	assert_int_equal(offset_at(&z, "2030-03-31T01:59:59Z"), -3 * 3600); /* 30 March 23:00 local */
	assert_int_equal(offset_at(&z, "2030-03-31T02:00:00Z"), -2 * 3600);
	tzif_free(&z);

	assert_int_equal(parse_rule("", &z, &err), 0); /* no rule: the last type */
	assert_int_equal(offset_at(&z, "2050-01-01T00:00:00Z"), 0);
	tzif_free(&z);
}

/* Transitions: before the first, type 0; then each in turn; after the
 * last, the rule. */
static void test_transitions(void **state)
{
	(void)state;
	const int64_t times[] = {1000, 2000};
	const uint8_t types[] = {1, 0};
	const int32_t utoff[] = {3600, -3600};
	struct forged f = forge(2, times, types, 2, utoff, "<+02>-2");
	struct tzif z;
	struct error err = {0};
	assert_int_equal(tzif_parse(f.bytes, f.len, &z, &err), 0);
	assert_int_equal(tzif_offset(&z, 999), 3600);
	assert_int_equal(tzif_offset(&z, 1000), -3600);
	assert_int_equal(tzif_offset(&z, 1999), -3600);
	assert_int_equal(tzif_offset(&z, 2000), 7200);
	assert_int_equal(tzif_offset(&z, TS_FOREVER), 7200);
	assert_int_equal(tzif_offset(&z, TS_NONE), 3600);
	tzif_free(&z);
}

static void expect_refused(const unsigned char *data, size_t len, const char *want)
{
	struct tzif z;
	struct error err = {0};
	int rc = tzif_parse(data, len, &z, &err);
	tzif_free(&z);
	if (rc != ERR_INVALID)
		fail_msg("accepted (rc %d), expected a refusal naming \"%s\"", rc, want);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

/* Forged counts, indices, offsets, orders and footers are refused, each
 * with what is wrong. */
static void test_hostile_data(void **state)
{
	(void)state;
	const int64_t times[] = {1000, 2000};
	const uint8_t types[] = {0, 0};
	const int32_t utoff[] = {0};
	struct forged f = forge(2, times, types, 1, utoff, "UTC0");

	struct forged g = f;
	memcpy(g.bytes, "TZjf", 4);
	expect_refused(g.bytes, g.len, "not TZif");
	g = f;
	g.bytes[4] = 0; /* version 1 */
	expect_refused(g.bytes, g.len, "version 1");
	g = f;
	g.bytes[44 + 4] = '1';
	expect_refused(g.bytes, g.len, "second header");
	g = f;
	g.bytes[44 + 20 + 12 + 3] = 200; /* timecnt 200: past the end */
	expect_refused(g.bytes, g.len, "shorter than its header");
	g = f;
	memset(g.bytes + 44 + 20 + 12, 0xff, 4); /* timecnt 2^32 - 1 */
	expect_refused(g.bytes, g.len, "shorter than its header");
	g = f;
	memset(g.bytes + 44 + 20 + 16, 0, 4); /* typecnt 0 */
	expect_refused(g.bytes, g.len, "time types");
	g = f;
	g.bytes[44 + 20 + 8 + 3] = 1; /* a leap second */
	expect_refused(g.bytes, g.len, "leap seconds");
	g = f;
	g.bytes[88 + 16 + 1] = 7; /* the second transition names type 7 of 1 */
	expect_refused(g.bytes, g.len, "time type 7");
	g = f;
	memcpy(g.bytes + 88 + 8, g.bytes + 88, 8); /* the second transition at the first's time */
	expect_refused(g.bytes, g.len, "not after");
	g = f;
	memset(g.bytes + 88 + 18, 0x7f, 4); /* an offset of 0x7f7f7f7f seconds */
	expect_refused(g.bytes, g.len, "out of range");
	g = f;
	g.len -= 1; /* no final new line */
	expect_refused(g.bytes, g.len, "footer");

	static const char *const bad_rules[] = {
		"EST",  "ES5", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.0.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0",
		"EST5EDT,J0,J365", "EST5EDT,366,0", "EST25", "EST5EDT,M3.2.0/168,M11.1.0", "<AB>5", "<A B>5",
		"<ABC5", "EST5EDT,M3.2.0", "EST5EDT,M3.2.0,M11.1.0,", "EST5:60", "EST5EDT4:00:60", "EST5 ",
		"EST1234", "EST5EDT,M3.2.0,M11.1.0/2:", "EST5EDT;M3.2.0,M11.1.0",
	};
	for (size_t i = 0; i < ROWS(bad_rules); i++) {
		struct forged r = forge(0, NULL, NULL, 1, utoff, bad_rules[i]);
		expect_refused(r.bytes, r.len, "footer");
	}
	char long_rule[TZIF_FOOTER_MAX + 8];
	memset(long_rule, 'A', sizeof long_rule - 1);
	long_rule[sizeof long_rule - 1] = '\0';
	struct forged r = forge(0, NULL, NULL, 1, utoff, long_rule);
	expect_refused(r.bytes, r.len, "footer");
}

/* A real file cut at every length, and with every byte flipped: refused or
 * read, never a fault (under ASan: no read past the data), and what is
 * read gives offsets. */
static void test_cut_and_flipped_files(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = zone_bytes("America/New_York", &len);
	assert_non_null(data);
	for (size_t n = 0; n < len; n++) {
		unsigned char *cut = malloc(n ? n : 1);
		assert_non_null(cut);
		memcpy(cut, data, n);
		struct tzif z;
		struct error err;
		assert_int_equal(tzif_parse(cut, n, &z, &err), ERR_INVALID);
		tzif_free(&z);
		free(cut);
	}
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			data[i] ^= (unsigned char)(1 << bit);
			struct tzif z;
			struct error err;
			if (tzif_parse(data, len, &z, &err) == 0) {
				(void)tzif_offset(&z, T("2030-07-01T00:00:00Z"));
				(void)tzif_utc(&z, T("2030-03-10T02:30:00Z"));
				(void)tzif_offset(&z, TS_FOREVER);
			}
			tzif_free(&z);
			data[i] ^= (unsigned char)(1 << bit);
		}
	}
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets_equal_the_c_library),
		cmocka_unit_test(test_local_times_equal_mktime),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_hostile_data),
		cmocka_unit_test(test_cut_and_flipped_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
