/* test_lines.c: the bounded line reader (lines.h).
 *
 * Input comes from fmemopen() for small literal streams (so that NUL bytes
 * and missing final newlines are exact) and from tmpfile() for streams
 * larger than the reader's 64 KiB chunk. */
#define _GNU_SOURCE /* fopencookie */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "lines.h"

#define CHUNK ((size_t)1 << 16) /* lines.c's read size */

/* What a test holds, freed by the teardown even when an assertion fails. */
static struct {
	FILE *f;
	struct lines r;
	bool live; /* r was initialised */
	char *in;  /* a test's input buffer */
} fx;

static int fx_setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof fx);
	return 0;
}

/* Free the reader and close the stream (also between two inputs of a test). */
static void finish(void)
{
	if (fx.live)
		lines_free(&fx.r);
	if (fx.f)
		fclose(fx.f);
	fx.live = false;
	fx.f = NULL;
}

static int fx_teardown(void **state)
{
	(void)state;
	finish();
	free(fx.in);
	memset(&fx, 0, sizeof fx);
	return 0;
}

/* Start reading f with lines of at most max bytes. */
static struct lines *start(FILE *f, size_t max)
{
	finish();
	assert_non_null(f);
	fx.f = f;
	assert_int_equal(lines_init(&fx.r, f, max), 0);
	fx.live = true;
	return &fx.r;
}

/* A buffer of n bytes that the teardown frees. */
static char *input_buffer(size_t n)
{
	free(fx.in);
	fx.in = malloc(n);
	assert_non_null(fx.in);
	return fx.in;
}

/* A stream over the n bytes of data (which must outlive it). */
static FILE *mem(const char *data, size_t n)
{
	FILE *f = fmemopen((void *)data, n, "r");
	assert_non_null(f);
	return f;
}

/* Read the next line and check it is exactly want[0..want_len) with the
 * given too_long flag and line number. */
static void expect_line(struct lines *r, const char *want, size_t want_len, bool want_too_long,
			uint64_t number)
{
	const char *line = NULL;
	size_t len = 12345;
	bool too_long = !want_too_long;
	assert_int_equal(lines_next(r, &line, &len, &too_long), 1);
	assert_int_equal(len, want_len);
	assert_true(want_len == 0 || memcmp(line, want, want_len) == 0);
	assert_int_equal(too_long, want_too_long);
	assert_int_equal(r->number, number);
}

static void expect_end(struct lines *r)
{
	const char *line;
	size_t len;
	bool too_long;
	assert_int_equal(lines_next(r, &line, &len, &too_long), 0);
	/* and it stays at the end */
	assert_int_equal(lines_next(r, &line, &len, &too_long), 0);
}

#define S(lit) lit, sizeof(lit) - 1 /* a literal and its length, NULs included */

static void test_lf_endings(void **state)
{
	(void)state;
	static const char in[] = "alpha\nbeta\ngamma\n";
	struct lines *r = start(mem(S(in)), 100);
	expect_line(r, S("alpha"), false, 1);
	expect_line(r, S("beta"), false, 2);
	expect_line(r, S("gamma"), false, 3);
	expect_end(r);
}

static void test_crlf_endings(void **state)
{
	(void)state;
	/* \r\n and \n mixed; a \r not before \n is data */
	static const char in[] = "one\r\ntwo\nth\rree\r\n\r\nlast\r\n";
	struct lines *r = start(mem(S(in)), 100);
	expect_line(r, S("one"), false, 1);
	expect_line(r, S("two"), false, 2);
	expect_line(r, S("th\rree"), false, 3);
	expect_line(r, S(""), false, 4);
	expect_line(r, S("last"), false, 5);
	expect_end(r);
}

static void test_last_line_without_newline(void **state)
{
	(void)state;
	static const char in[] = "first\nsecond";
	struct lines *r = start(mem(S(in)), 100);
	expect_line(r, S("first"), false, 1);
	expect_line(r, S("second"), false, 2);
	expect_end(r);
}

static void test_empty_lines_and_empty_input(void **state)
{
	(void)state;
	static const char in[] = "\n\na\n\n";
	struct lines *r = start(mem(S(in)), 100);
	expect_line(r, S(""), false, 1);
	expect_line(r, S(""), false, 2);
	expect_line(r, S("a"), false, 3);
	expect_line(r, S(""), false, 4);
	expect_end(r);

	r = start(tmpfile(), 100); /* nothing at all */
	expect_end(r);
	assert_int_equal(r->number, 0);
}

static void test_too_long_line(void **state)
{
	(void)state;
	static const char in[] = "short\n0123456789abcdef\nnext\n0123456789XYZ";
	struct lines *r = start(mem(S(in)), 10);
	expect_line(r, S("short"), false, 1);
	expect_line(r, S("0123456789"), true, 2);
	expect_line(r, S("next"), false, 3); /* the rest of line 2 was skipped */
	expect_line(r, S("0123456789"), true, 4); /* too long at the end of the input */
	expect_end(r);
}

/* A line far longer than the chunk: its rest is skipped over several reads. */
static void test_too_long_line_across_chunks(void **state)
{
	(void)state;
	size_t long_len = 3 * CHUNK + 17;
	size_t n = long_len + 64;
	char *in = input_buffer(n);
	size_t k = 0;
	k += (size_t)sprintf(in + k, "head\n");
	for (size_t i = 0; i < long_len; i++)
		in[k++] = (char)('a' + i % 26);
	k += (size_t)sprintf(in + k, "\ntail\r\n");
	struct lines *r = start(tmpfile_with(in, k), 1000);
	expect_line(r, S("head"), false, 1);
	expect_line(r, in + 5, 1000, true, 2);
	expect_line(r, S("tail"), false, 3);
	expect_end(r);
}

static void test_line_of_exactly_max_bytes(void **state)
{
	(void)state;
	static const char in[] = "0123456789\n012345678\r\n0123456789\r\n";
	struct lines *r = start(mem(S(in)), 10);
	expect_line(r, S("0123456789"), false, 1);
	expect_line(r, S("012345678"), false, 2);
	expect_line(r, S("0123456789"), false, 3);
	expect_end(r);
}

/* The last line has exactly max bytes and no line end: it is not longer
 * than the limit, so it is not too long. */
static void test_last_line_of_exactly_max_bytes(void **state)
{
	(void)state;
	static const char in[] = "a\n0123456789";
	struct lines *r = start(mem(S(in)), 10);
	expect_line(r, S("a"), false, 1);
	expect_line(r, S("0123456789"), false, 2);
	expect_end(r);
}

/* A line of exactly max bytes whose newline falls just past what one read
 * brought in (the buffer holds max + CHUNK bytes): still not too long. */
static void test_max_line_at_chunk_boundary(void **state)
{
	(void)state;
	const size_t max = 10;
	size_t n = CHUNK + max + 32;
	char *in = input_buffer(n);
	/* CHUNK bytes of 7-byte lines (8 with the '\n'), so that the
	 * max-byte line starts exactly at offset CHUNK */
	size_t k = 0;
	while (k + 8 <= CHUNK) {
		memset(in + k, 'x', 7);
		in[k + 7] = '\n';
		k += 8;
	}
	assert_int_equal(k, CHUNK);
	memcpy(in + k, "0123456789\nafter\n", 17);
	k += 17;
	struct lines *r = start(tmpfile_with(in, k), max);
	const char *line;
	size_t len;
	bool too_long;
	for (uint64_t i = 1; i <= CHUNK / 8; i++) {
		assert_int_equal(lines_next(r, &line, &len, &too_long), 1);
		assert_int_equal(len, 7);
		assert_false(too_long);
	}
	expect_line(r, S("0123456789"), false, CHUNK / 8 + 1);
	expect_line(r, S("after"), false, CHUNK / 8 + 2);
	expect_end(r);
}

static void test_nul_bytes_kept(void **state)
{
	(void)state;
	static const char in[] = "a\0b\n\0\n\0\0\0\r\nend\0";
	struct lines *r = start(mem(S(in)), 100);
	expect_line(r, "a\0b", 3, false, 1);
	expect_line(r, "\0", 1, false, 2);
	expect_line(r, "\0\0\0", 3, false, 3);
	expect_line(r, "end\0", 4, false, 4);
	expect_end(r);
}

/* Many lines of varied lengths over several 64 KiB chunks, every one
 * intact and numbered. */
static const char HASHES[] = "##############################################################################";

static void test_many_lines_across_chunks(void **state)
{
	(void)state;
	enum { N = 40000 };
	FILE *f = tmpfile();
	assert_non_null(f);
	fx.f = f;
	size_t total = 0;
	for (int i = 0; i < N; i++) {
		/* lengths 0..~80 so that line ends fall everywhere in a chunk */
		int pad = (i * 7919) % 71;
		int w = fprintf(f, "line %d %.*s%s", i, pad, HASHES, i % 3 == 0 ? "\r\n" : "\n");
		assert_true(w > 0);
		total += (size_t)w;
	}
	assert_true(total > 20 * CHUNK);
	rewind(f);
	fx.f = NULL;
	struct lines *r = start(f, 200);
	for (int i = 0; i < N; i++) {
		char want[200];
		int pad = (i * 7919) % 71;
		int wl = snprintf(want, sizeof want, "line %d %.*s", i, pad, HASHES);
		expect_line(r, want, (size_t)wl, false, (uint64_t)i + 1);
	}
	expect_end(r);
}

/* A read error is reported as -1. */
static void test_read_error(void **state)
{
	(void)state;
	FILE *w = fopen("/dev/null", "w"); /* write-only: reading it fails */
	assert_non_null(w);
	struct lines *r = start(w, 100);
	const char *line;
	size_t len;
	bool too_long;
	assert_int_equal(lines_next(r, &line, &len, &too_long), -1);
}

/* The spill's bytes (of a tmpfile()), NUL-terminated, malloc'd. */
static char *spilled(FILE *spill, uint64_t at, uint64_t n)
{
	char *text = malloc(n + 1);
	assert_non_null(text);
	assert_int_equal(fseek(spill, (long)at, SEEK_SET), 0);
	assert_int_equal(fread(text, 1, n, spill), n);
	text[n] = '\0';
	return text;
}

/* Over-long lines are kept whole in the spill, back to back, without
 * their line ends; a "\r" is data but before the "\n", also when a read
 * ends between them (the first read is max + CHUNK bytes, the next CHUNK). */
static void test_spill_keeps_long_lines_whole(void **state)
{
	(void)state;
	const size_t max = 10, boundary = max + CHUNK - 1; /* the last byte of the first read */
	static const char *const tails[] = {"\r\nshort\n", "\rY\nshort\n"};
	static const size_t kept[] = {0, 2}; /* of the tail: "" and "\rY" */
	for (size_t t = 0; t < ROWS(tails); t++) {
		char *in = input_buffer(boundary + 64);
		for (size_t i = 0; i < boundary; i++)
			in[i] = (char)('a' + i % 26);
		size_t k = boundary + (size_t)sprintf(in + boundary, "%s0123456789\r\rX\n0123456789ABC", tails[t]);
		FILE *spill = tmpfile();
		assert_non_null(spill);
		struct lines *r = start(tmpfile_with(in, k), max);
		lines_spill(r, fileno(spill));
		expect_line(r, in, max, true, 1);
		assert_int_equal(r->long_at, 0);
		assert_int_equal(r->long_len, boundary + kept[t]);
		char *text = spilled(spill, r->long_at, r->long_len);
		assert_memory_equal(text, in, boundary + kept[t]);
		free(text);
		expect_line(r, S("short"), false, 2);
		expect_line(r, S("0123456789"), true, 3);
		text = spilled(spill, r->long_at, r->long_len);
		assert_string_equal(text, "0123456789\r\rX");
		free(text);
		expect_line(r, S("0123456789"), true, 4);
		text = spilled(spill, r->long_at, r->long_len);
		assert_string_equal(text, "0123456789ABC");
		free(text);
		expect_end(r);
		assert_int_equal(r->long_at + r->long_len, boundary + kept[t] + 13 + 13);
		fclose(spill);
	}
}

/* A stream of `left` bytes of 'a', then "\nnext\n": a line of 2 GiB that
 * never lives in memory. */
struct endless {
	uint64_t left;
	bool tail;
};

static ssize_t endless_read(void *cookie, char *buf, size_t size)
{
	struct endless *e = cookie;
	if (e->left == 0) {
		if (e->tail)
			return 0;
		e->tail = true;
		size_t n = size < 6 ? size : 6;
		memcpy(buf, "\nnext\n", n);
		return (ssize_t)n;
	}
	size_t n = e->left < size ? (size_t)e->left : size;
	memset(buf, 'a', n);
	e->left -= n;
	return (ssize_t)n;
}

/* A line of 2 GiB is refused as too long with its length counted, in the
 * reader's bounded buffer, and the next line is read. */
static void test_two_gib_line(void **state)
{
	(void)state;
	static struct endless e;
	e = (struct endless){(uint64_t)2 << 30, false};
	FILE *f = fopencookie(&e, "r", (cookie_io_functions_t){.read = endless_read});
	assert_non_null(f);
	struct lines *r = start(f, 1 << 20);
	const char *line;
	size_t len;
	bool too_long;
	assert_int_equal(lines_next(r, &line, &len, &too_long), 1);
	assert_true(too_long);
	assert_int_equal(len, 1 << 20);
	assert_int_equal(r->long_len, (uint64_t)2 << 30);
	assert_true(r->cap <= (1 << 20) + CHUNK);
	expect_line(r, S("next"), false, 2);
	expect_end(r);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_lf_endings),
		TEST(test_crlf_endings),
		TEST(test_last_line_without_newline),
		TEST(test_empty_lines_and_empty_input),
		TEST(test_too_long_line),
		TEST(test_too_long_line_across_chunks),
		TEST(test_line_of_exactly_max_bytes),
		TEST(test_last_line_of_exactly_max_bytes),
		TEST(test_max_line_at_chunk_boundary),
		TEST(test_nul_bytes_kept),
		TEST(test_many_lines_across_chunks),
		TEST(test_read_error),
		TEST(test_spill_keeps_long_lines_whole),
		TEST(test_two_gib_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
