/* test_reader.c: the parsing thread (reader.h).
 *
 * Input is written to a tmpfile() and read back through reader_start(),
 * reader_next() and reader_stop(). The reader hands out blocks of 512
 * lines; several tests use more lines than that so that blocks are
 * recycled. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support.h"

#include "error.h"
#include "event.h"
#include "reader.h"
#include "timestamp.h"
#include "vocab.h"

#define LINE_MAX_BYTES ((size_t)1 << 20) /* reader.c's limit */

/* What a test holds, freed by the teardown even when an assertion fails. */
static struct {
	FILE *f;
	struct reader *r;
	struct event taken;
} fx;

static int fx_setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof fx);
	event_init(&fx.taken);
	return 0;
}

/* Stop the reader and close its input (also between two runs of a test). */
static void finish(void)
{
	reader_stop(fx.r);
	fx.r = NULL;
	if (fx.f)
		fclose(fx.f);
	fx.f = NULL;
}

static int fx_teardown(void **state)
{
	(void)state;
	finish();
	event_free(&fx.taken);
	return 0;
}

/* One valid event line (no line end) numbered i. */
static int event_line(char *buf, size_t size, int i)
{
	return snprintf(buf, size,
			"{\"id\":\"ev-%06d\",\"type\":\"arrest\",\"at\":\"2025-03-01T10:%02d:%02dZ\","
			"\"person\":\"A%09d\",\"aor\":\"ATL\",\"agency\":\"ICE\"}",
			i, i / 60 % 60, i % 60, 100000000 + i);
}

/* A new input (the teardown closes it). */
static FILE *new_input(void)
{
	finish();
	fx.f = tmpfile();
	assert_non_null(fx.f);
	return fx.f;
}

/* A new input holding text[0..len), rewound (the teardown closes it). */
static FILE *input(const char *text, size_t len)
{
	finish();
	fx.f = tmpfile_with(text, len);
	return fx.f;
}

/* Start the reader on f (the test's input). */
static struct reader *start(FILE *f)
{
	assert_ptr_equal(f, fx.f);
	reader_stop(fx.r);
	fx.r = NULL;
	assert_int_equal(reader_start(f, test_now(), false, &fx.r), 0);
	assert_non_null(fx.r);
	return fx.r;
}

/* Stop the reader now (the test times it). */
static void stop(void)
{
	reader_stop(fx.r);
	fx.r = NULL;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_empty_input(void **state)
{
	(void)state;
	FILE *f = input("", 0);
	struct reader *r = start(f);
	struct parsed_line *line = NULL;
	assert_int_equal(reader_next(r, &line), 0);
	assert_int_equal(reader_next(r, &line), 0); /* stays at the end */

	/* only blank lines: nothing either */
	f = input("\n  \n\t\r\n\r\n", 9);
	r = start(f);
	assert_int_equal(reader_next(r, &line), 0);

	reader_stop(NULL); /* a no-op */
}

/* Several thousand lines come out in input order, each parsed, with its
 * text and line number. */
static void test_order_preserved(void **state)
{
	(void)state;
	enum { N = 5000 }; /* about ten blocks of 512 */
	FILE *f = new_input();
	char buf[256];
	for (int i = 0; i < N; i++) {
		event_line(buf, sizeof buf, i);
		fprintf(f, "%s%s", buf, i % 2 ? "\r\n" : "\n");
	}
	rewind(f);
	struct reader *r = start(f);
	struct parsed_line *line;
	for (int i = 0; i < N; i++) {
		assert_int_equal(reader_next(r, &line), 1);
		int len = event_line(buf, sizeof buf, i);
		assert_int_equal(line->number, (uint64_t)i + 1);
		if (line->rc != 0)
			fail_msg("line %d: %s", i + 1, line->msg);
		assert_int_equal(line->len, (size_t)len);
		assert_memory_equal(line->text, buf, (size_t)len);
		char id[32];
		snprintf(id, sizeof id, "ev-%06d", i);
		assert_string_equal(line->ev.id, id);
		assert_int_equal(line->ev.type, EV_ARREST);
		char person[16];
		snprintf(person, sizeof person, "A%09d", 100000000 + i);
		assert_string_equal(line->ev.person, person);
	}
	assert_int_equal(reader_next(r, &line), 0);
}

/* Blank lines (empty, spaces, tabs, \r) are skipped; the numbers of the
 * lines that come out still count them. */
static void test_blank_lines_skipped(void **state)
{
	(void)state;
	FILE *f = new_input();
	char buf[256];
	/* line k (from 1) holds event k when k % 4 == 1; the others are blank;
	 * enough of them to span several blocks */
	enum { LINES = 4 * 1500 };
	static const char *const blanks[] = {"", "   ", "\t \r"};
	for (int k = 1; k <= LINES; k++) {
		if (k % 4 == 1) {
			event_line(buf, sizeof buf, k);
			fprintf(f, "%s\n", buf);
		} else {
			fprintf(f, "%s\n", blanks[(k % 4 + 2) % 4]);
		}
	}
	rewind(f);
	struct reader *r = start(f);
	struct parsed_line *line;
	for (int k = 1; k <= LINES; k += 4) {
		assert_int_equal(reader_next(r, &line), 1);
		assert_int_equal(line->number, (uint64_t)k);
		assert_int_equal(line->rc, 0);
		char id[32];
		snprintf(id, sizeof id, "ev-%06d", k);
		assert_string_equal(line->ev.id, id);
	}
	assert_int_equal(reader_next(r, &line), 0);
}

/* A bad line comes out in its place with rc and msg; its id is kept when
 * it could be read; the lines around it are unaffected. */
static void test_bad_lines(void **state)
{
	(void)state;
	static const char text[] =
		"{\"id\":\"ok-1\",\"type\":\"arrest\",\"at\":\"2025-03-01T10:00:00Z\",\"person\":\"A123456789\",\"aor\":\"ATL\",\"agency\":\"ICE\"}\n"
		"{\"id\":\"bad-1\",\"type\":\"book_out\",\"at\":\"2025-03-01T11:00:00Z\",\"person\":\"A123456789\",\"reason\":\"bailed\"}\n"
		"\n"
		"{\"id\":\"bad-2\",\"type\":\"arrest\",\"at\":\n"
		"not json at all\n"
		"{\"id\":\"bad-3\",\"type\":\"arrest\",\"at\":\"2026-01-01T00:05:01Z\",\"person\":\"A123456789\",\"aor\":\"ATL\",\"agency\":\"ICE\"}\n"
		"{\"id\":\"ok-2\",\"type\":\"arrest\",\"at\":\"2026-01-01T00:05:00Z\",\"person\":\"A123456789\",\"aor\":\"ATL\",\"agency\":\"ICE\"}";
	FILE *f = input(text, sizeof text - 1);
	struct reader *r = start(f);
	struct parsed_line *line;

	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 1);
	assert_int_equal(line->rc, 0);
	assert_string_equal(line->ev.id, "ok-1");

	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 2);
	assert_int_equal(line->rc, ERR_INVALID);
	assert_non_null(line->msg);
	assert_non_null(strstr(line->msg, "\"reason\""));
	assert_non_null(strstr(line->msg, "bailed"));
	assert_string_equal(line->ev.id, "bad-1"); /* readable: kept */
	assert_true(line->len > 0);
	assert_memory_equal(line->text, "{\"id\":\"bad-1\"", 13);

	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 4);
	assert_int_equal(line->rc, ERR_INVALID);
	assert_non_null(strstr(line->msg, "JSON"));
	assert_string_equal(line->ev.id, ""); /* not JSON: no id */

	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 5);
	assert_int_equal(line->rc, ERR_INVALID);
	assert_true(strlen(line->msg) > 0);
	assert_int_equal(line->len, strlen("not json at all"));
	assert_memory_equal(line->text, "not json at all", line->len);

	/* more than 5 minutes after the clock */
	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 6);
	assert_int_equal(line->rc, ERR_INVALID);
	assert_string_equal(line->ev.id, "bad-3");
	assert_non_null(strstr(line->msg, "\"at\""));

	/* exactly 5 minutes after: fine; the last line has no newline */
	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 7);
	if (line->rc != 0)
		fail_msg("%s", line->msg);
	assert_string_equal(line->ev.id, "ok-2");

	assert_int_equal(reader_next(r, &line), 0);
}

/* A line over the 1 MiB limit is a bad line of its own; the next line is
 * read normally. The over-long line is valid JSON padded with spaces, so
 * only the limit can reject it. */
static void test_line_over_limit(void **state)
{
	(void)state;
	static const char head[] =
		"{\"id\":\"big\",\"type\":\"arrest\",\"at\":\"2025-03-01T10:00:00Z\",\"person\":\"A123456789\",\"aor\":\"ATL\",\"agency\":\"ICE\"}";
	FILE *f = new_input();
	fputs(head, f);
	for (size_t i = sizeof head - 1; i < LINE_MAX_BYTES + 100; i++)
		fputc(' ', f);
	fputs("\n", f);
	char buf[256];
	event_line(buf, sizeof buf, 7);
	fprintf(f, "%s\n", buf);
	rewind(f);

	struct reader *r = start(f);
	struct parsed_line *line;
	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 1);
	assert_int_equal(line->rc, ERR_INVALID);
	assert_non_null(strstr(line->msg, "longer than"));
	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->number, 2);
	assert_int_equal(line->rc, 0);
	assert_string_equal(line->ev.id, "ev-000007");
	assert_int_equal(reader_next(r, &line), 0);
}

/* The caller may take the strings of an event it is handed (reader.h);
 * the reader must then not free them again. */
static void test_caller_takes_strings(void **state)
{
	(void)state;
	static const char text[] =
		"{\"id\":\"n1\",\"type\":\"arrest\",\"at\":\"2025-03-01T10:00:00Z\",\"person\":\"A123456789\",\"aor\":\"ATL\",\"agency\":\"ICE\",\"note\":\"hello\",\"family_name\":\"Doe\"}\n";
	FILE *f = input(text, sizeof text - 1);
	struct reader *r = start(f);
	struct parsed_line *line;
	assert_int_equal(reader_next(r, &line), 1);
	assert_int_equal(line->rc, 0);
	fx.taken = line->ev;
	event_init(&line->ev);
	assert_string_equal(fx.taken.note, "hello");
	assert_string_equal(fx.taken.family_name, "Doe");
	assert_int_equal(reader_next(r, &line), 0);
	stop();
}

/* Stopping in the middle of a large input returns at once (the thread does
 * not parse the rest) and frees everything (ASan/LSan check the latter). */
static void test_stop_mid_input(void **state)
{
	(void)state;
	enum { N = 200000 };
	FILE *f = new_input();
	char buf[256];
	for (int i = 0; i < N; i++) {
		event_line(buf, sizeof buf, i);
		fprintf(f, "%s\n", buf);
	}
	rewind(f);

	/* stop after a few lines */
	struct reader *r = start(f);
	struct parsed_line *line;
	for (int i = 0; i < 10; i++) {
		assert_int_equal(reader_next(r, &line), 1);
		assert_int_equal(line->number, (uint64_t)i + 1);
	}
	double t0 = seconds();
	stop();
	double stop_time = seconds() - t0;
	assert_true(stop_time < 0.5);

	/* stop after more than the blocks in flight, mid-block */
	rewind(f);
	r = start(f);
	for (int i = 0; i < 512 * 8 + 100; i++) {
		assert_int_equal(reader_next(r, &line), 1);
		assert_int_equal(line->number, (uint64_t)i + 1);
		assert_int_equal(line->rc, 0);
	}
	t0 = seconds();
	stop();
	assert_true(seconds() - t0 < 0.5);

	/* stop before reading anything */
	rewind(f);
	r = start(f);
	t0 = seconds();
	stop();
	assert_true(seconds() - t0 < 0.5);
}

/* A read error ends the lines with -1 and errno set. */
static void test_read_error(void **state)
{
	(void)state;
	finish();
	fx.f = fopen("/dev/null", "w"); /* write-only: reading it fails */
	assert_non_null(fx.f);
	struct reader *r = start(fx.f);
	struct parsed_line *line;
	errno = 0;
	assert_int_equal(reader_next(r, &line), -1);
	assert_int_not_equal(errno, 0);
	stop();
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_empty_input),
		TEST(test_order_preserved),
		TEST(test_blank_lines_skipped),
		TEST(test_bad_lines),
		TEST(test_line_over_limit),
		TEST(test_caller_takes_strings),
		TEST(test_stop_mid_input),
		TEST(test_read_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
