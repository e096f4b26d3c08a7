/* Unit tests for timestamp.c: RFC 3339 parsing, dates, formatting. */
#include <string.h>

#include "support.h"

#include "timestamp.h"

#define SENTINEL ((ts_t)424242)

/* Parse text (which must be valid) and return the instant. */
static ts_t parse_ok(const char *text)
{
	struct error err = {0};
	ts_t t = SENTINEL;
	int rc = ts_parse(text, &t, &err);
	if (rc != 0)
		fail_msg("ts_parse(\"%s\") failed: %s", text, err.msg);
	return t;
}

/* Texts that ts_parse accepts, and the instant each one denotes. */
static void test_parse_valid_instants(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		ts_t want;
	} rows[] = {
		{"1970-01-01T00:00:00Z", 0},
		{"1970-01-02", 86400},
		{"2025-02-03T14:05:00Z", 1738591500},
		{"2025-02-03t14:05:00z", 1738591500},   /* lowercase t and z */
		{"2025-02-03T09:05:00-05:00", 1738591500},
		{"2025-02-03T19:35:00+05:30", 1738591500},
		{"2025-02-03T14:05:00+00:00", 1738591500},
		{"2025-02-03T14:05:00-00:00", 1738591500},
		{"2025-02-03T14:05:00.999Z", 1738591500}, /* fraction truncated */
		{"2025-02-03T14:05:00.5-00:00", 1738591500},
		{"2025-02-03T09:05:00.999999999-05:00", 1738591500},
		{"2025-02-03", 1738540800}, /* bare date: midnight UTC */
		{"2000-03-01", 951868800},
		{"2000-02-29T12:00:00Z", 951825600}, /* 2000 is a leap year */
		{"2024-02-29", 1709164800},
		{"1900-01-01T00:00:00Z", -2208988800},
		{"1969-12-31T23:59:59Z", -1},
		{"1970-01-01T00:59:59+01:00", -1},
		{"0001-01-01T00:00:00Z", -62135596800},
		{"9999-12-31T23:59:59Z", 253402300799},
		{"2025-02-03T23:59:59+23:59", 1738540800 + 86399 - (23 * 3600 + 59 * 60)},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		ts_t got = parse_ok(rows[i].text);
		if (got != rows[i].want)
			fail_msg("ts_parse(\"%s\") = %lld, want %lld", rows[i].text, (long long)got,
				 (long long)rows[i].want);
	}
}

/* Offsets move the instant across day and year boundaries. */
static void test_parse_offsets_cross_boundaries(void **state)
{
	(void)state;
	static const struct {
		const char *text, *utc;
	} rows[] = {
		{"2025-02-03T00:30:00+01:00", "2025-02-02T23:30:00Z"},
		{"2024-12-31T23:00:00-02:00", "2025-01-01T01:00:00Z"},
		{"2025-01-01T00:00:00+14:00", "2024-12-31T10:00:00Z"},
		{"2024-02-28T23:00:00-01:00", "2024-02-29T00:00:00Z"},
		{"2025-02-28T23:00:00-01:00", "2025-03-01T00:00:00Z"},
		{"1970-01-01T00:00:00+00:01", "1969-12-31T23:59:00Z"},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		char buf[TS_TEXT_MAX];
		assert_string_equal(ts_format(parse_ok(rows[i].text), buf), rows[i].utc);
	}
}

/* Everything ts_parse must reject, with *out left alone. */
static void test_parse_invalid(void **state)
{
	(void)state;
	static const char *const rows[] = {
		"", "2025", "2025-02-0", "2025-02-3", "2025-2-03", "25-02-03", "2025/02/03", "20250203",
		" 2025-02-03", "+2025-02-03", "2025-02-03x", "2025-02-03T", "2025-02-03T14:05",
		"0000-01-01",                                           /* year 0 */
		"2025-00-10", "2025-13-01",                             /* month */
		"2025-01-00", "2025-01-32", "2025-04-31", "2025-06-31", /* day */
		"2025-02-29", "2023-02-29", "1900-02-29", "2100-02-29", /* not leap years */
		"2024-02-30",
		"2025-02-03T24:00:00Z", "2025-02-03T14:60:00Z", "2025-02-03T14:05:60Z",
		"2025-02-03T1a:05:00Z", "2025-02-03T14-05-00Z", "2025-02-03T14:05Z",
		"2025-02-03T14:05:00",                           /* no zone */
		"2025-02-03 14:05:00Z",                          /* space separator */
		"2025-02-03T14:05:00+24:00", "2025-02-03T14:05:00+05:60", "2025-02-03T14:05:00+0500",
		"2025-02-03T14:05:00+05", "2025-02-03T14:05:00+05:00:00", "2025-02-03T14:05:00*05:00",
		"2025-02-03T14:05:00UTC", "2025-02-03T14:05:00.Z", "2025-02-03T14:05:00.12a3Z",
		"2025-02-03T14:05:00Zjunk", "2025-02-03T14:05:00Z ", "2025-02-03T14:05:00ZZ",
		"2025-02-03T14:05:00-05:00x", "yesterday",
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		struct error err = {0};
		ts_t t = SENTINEL;
		int rc = ts_parse(rows[i], &t, &err);
		if (rc != ERR_INVALID)
			fail_msg("ts_parse(\"%s\") = %d, want ERR_INVALID", rows[i], rc);
		assert_int_equal(err.code, ERR_INVALID);
		assert_int_equal(t, SENTINEL);
		assert_non_null(strstr(err.msg, "is not an RFC 3339 time"));
		assert_non_null(strstr(err.msg, rows[i]));
	}
}

static void test_parse_without_error_struct(void **state)
{
	(void)state;
	ts_t t = SENTINEL;
	assert_int_equal(ts_parse("2025-02-30", &t, NULL), ERR_INVALID);
	assert_int_equal(ts_parse_date("nope", &t, NULL), ERR_INVALID);
	assert_int_equal(t, SENTINEL);
	assert_int_equal(ts_parse("2025-02-03", &t, NULL), 0);
	assert_int_equal(t, 1738540800);
}

/* ts_parse_date takes exactly YYYY-MM-DD and nothing else. */
static void test_parse_date(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		ts_t want;
	} good[] = {
		{"2025-02-03", 1738540800}, {"2000-02-29", 951782400}, {"1969-12-31", -86400},
		{"1900-01-01", -2208988800}, {"0001-01-01", -62135596800},
	};
	static const char *const bad[] = {
		"", "2025-02-03T00:00:00Z", "2025-02-03T00:00:00", "2025-02-03Z", "2025-02-03 ",
		" 2025-02-03", "2025-2-03", "2025-02-3", "20250203", "2025/02/03", "2025-02-30",
		"1900-02-29", "2025-13-01", "0000-01-01", "02-03-2025",
	};
	for (size_t i = 0; i < ROWS(good); i++) {
		ts_t t = SENTINEL;
		assert_int_equal(ts_parse_date(good[i].text, &t, NULL), 0);
		assert_int_equal(t, good[i].want);
	}
	for (size_t i = 0; i < ROWS(bad); i++) {
		struct error err = {0};
		ts_t t = SENTINEL;
		if (ts_parse_date(bad[i], &t, &err) != ERR_INVALID)
			fail_msg("ts_parse_date(\"%s\") accepted", bad[i]);
		assert_int_equal(t, SENTINEL);
		assert_non_null(strstr(err.msg, "is not a date (expected YYYY-MM-DD)"));
	}
}

static void test_format_known_instants(void **state)
{
	(void)state;
	static const struct {
		ts_t t;
		const char *text, *date;
	} rows[] = {
		{0, "1970-01-01T00:00:00Z", "1970-01-01"},
		{1738591500, "2025-02-03T14:05:00Z", "2025-02-03"},
		{-1, "1969-12-31T23:59:59Z", "1969-12-31"},
		{-86400, "1969-12-31T00:00:00Z", "1969-12-31"},
		{-86401, "1969-12-30T23:59:59Z", "1969-12-30"},
		{-2208988800, "1900-01-01T00:00:00Z", "1900-01-01"},
		{951825600, "2000-02-29T12:00:00Z", "2000-02-29"},
		{-62135596800, "0001-01-01T00:00:00Z", "0001-01-01"},
		{253402300799, "9999-12-31T23:59:59Z", "9999-12-31"},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		char buf[TS_TEXT_MAX], date[DATE_TEXT_MAX];
		assert_string_equal(ts_format(rows[i].t, buf), rows[i].text);
		assert_string_equal(ts_format_date(rows[i].t, date), rows[i].date);
	}
}

/* Format then parse gives the instant back, before and after 1970. */
static void test_format_round_trip(void **state)
{
	(void)state;
	static const ts_t rows[] = {
		0, 1, -1, 59, -59, 86399, -86399, 1738591500, -1738591500, 951825600, -2208988801,
		-62135596800, 253402300799, 4102444800 /* 2100-01-01 */,
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		char buf[TS_TEXT_MAX], date[DATE_TEXT_MAX];
		assert_int_equal(parse_ok(ts_format(rows[i], buf)), rows[i]);
		ts_t day = SENTINEL;
		assert_int_equal(ts_parse_date(ts_format_date(rows[i], date), &day, NULL), 0);
		assert_int_equal(day, ts_floor_day(rows[i]));
	}
}

/* Every day from 1600 to 2400 formats and parses back to itself, and the
 * calendar agrees with ts_days_from_civil. */
static void test_every_day_round_trips(void **state)
{
	(void)state;
	int64_t first = ts_days_from_civil(1600, 1, 1), last = ts_days_from_civil(2401, 1, 1);
	assert_int_equal(first * TS_DAY, -11676096000);
	assert_int_equal(last * TS_DAY, 13601088000);
	for (int64_t d = first; d < last; d++) {
		char date[DATE_TEXT_MAX];
		ts_t t = SENTINEL;
		ts_format_date(d * TS_DAY + 43200, date);
		if (ts_parse_date(date, &t, NULL) != 0 || t != d * TS_DAY)
			fail_msg("day %lld formatted as %s does not parse back", (long long)d, date);
	}
}

static void test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(ts_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(ts_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(ts_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(ts_days_from_civil(2000, 3, 1) - ts_days_from_civil(2000, 2, 28), 2);
	assert_int_equal(ts_days_from_civil(1900, 3, 1) - ts_days_from_civil(1900, 2, 28), 1);
	assert_int_equal(ts_days_from_civil(2025, 1, 1) - ts_days_from_civil(2024, 1, 1), 366);
}

static void test_floor_day(void **state)
{
	(void)state;
	static const struct {
		ts_t t, want;
	} rows[] = {
		{0, 0}, {1, 0}, {86399, 0}, {86400, 86400}, {-1, -86400}, {-86399, -86400},
		{-86400, -86400}, {-86401, -172800}, {1738591500, 1738540800},
		{-2208988799, -2208988800},
	};
	for (size_t i = 0; i < ROWS(rows); i++)
		assert_int_equal(ts_floor_day(rows[i].t), rows[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid_instants),
		cmocka_unit_test(test_parse_offsets_cross_boundaries),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_without_error_struct),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_format_known_instants),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_every_day_round_trips),
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_floor_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
