/* test_population.c: the facility daily population table's parser
 * (population.h): columns by name, RFC 4180 quoting, bounded records, every
 * check of a row with its line, and reading through any chunking. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "population.h"

#define HEADER                                                                                      \
	"detention_facility_code,date,n_detained,n_detained_at_midnight,n_detained_male,"           \
	"n_detained_female,n_detained_convicted_criminal,n_detained_possibly_under_18,detention_facility\n"

/* What the sink received. */
struct got {
	size_t rows, facilities;
	struct population_row row[8];
	char code[8][POPULATION_CODE_MAX + 1], name[8][64];
	char fac_code[8][POPULATION_CODE_MAX + 1], fac_name[8][64];
	int64_t fac_first[8], fac_last[8];
	size_t stop_at; /* row fails with ERR_REJECTED at this row (from 1); 0 never */
};

static int on_row(void *ctx, const struct population_row *r, struct error *err)
{
	struct got *g = ctx;
	if (++g->rows == g->stop_at)
		return error_set(err, ERR_REJECTED, "stopped");
	if (g->rows <= 8) {
		size_t i = g->rows - 1;
		g->row[i] = *r;
		snprintf(g->code[i], sizeof g->code[i], "%s", r->facility);
		snprintf(g->name[i], sizeof g->name[i], "%s", r->name);
	}
	return 0;
}

static int on_facility(void *ctx, const struct population_facility *f, struct error *err)
{
	(void)err;
	struct got *g = ctx;
	size_t i = g->facilities++;
	assert_true(i < 8);
	snprintf(g->fac_code[i], sizeof g->fac_code[i], "%s", f->code);
	snprintf(g->fac_name[i], sizeof g->fac_name[i], "%s", f->name);
	g->fac_first[i] = f->first;
	g->fac_last[i] = f->last;
	return 0;
}

static int parse(const char *text, struct got *g, struct population_summary *sum, struct error *err)
{
	const struct population_sink sink = {on_row, on_facility, g};
	return population_parse_buffer(text, strlen(text), "t.csv", &sink, sum, err);
}

static int64_t day(int y, unsigned m, unsigned d)
{
	return ts_days_from_civil(y, m, d);
}

static void reads_a_table(void **state)
{
	(void)state;
	struct got g = {0};
	struct population_summary sum;
	struct error err;
	const char *text = "\xEF\xBB\xBF" "extra,detention_facility_code,date,n_detained,n_detained_at_midnight,"
			   "n_detained_male,detention_facility\r\n"
			   "x,STWRTGA,2024-10-01,12,10,,Stewart\r\n"
			   "y,AKANVIL,2024-10-01,3,0,3,\"ANVIL MOUNTAIN CC, NOME,\"\r\n"
			   "\r\n"
			   "\"z\nz\",STWRTGA,2024-10-02,15,15,15,\"STEWART \"\"NEW\"\" CENTER\"\r\n";
	assert_int_equal(parse(text, &g, &sum, &err), 0);
	assert_int_equal(sum.rows, 3);
	assert_int_equal(sum.facilities, 2);
	assert_int_equal(sum.first, day(2024, 10, 1));
	assert_int_equal(sum.last, day(2024, 10, 2));
	assert_string_equal(g.code[0], "STWRTGA");
	assert_string_equal(g.name[0], "Stewart");
	assert_int_equal(g.row[0].line, 2);
	assert_int_equal(g.row[0].counts[POPULATION_DETAINED], 12);
	assert_int_equal(g.row[0].counts[POPULATION_MIDNIGHT], 10);
	assert_int_equal(g.row[0].counts[POPULATION_MALE], -1);	      /* empty */
	assert_int_equal(g.row[0].counts[POPULATION_UNDER_18], -1);  /* no column */
	assert_string_equal(g.name[1], "ANVIL MOUNTAIN CC, NOME,");
	assert_int_equal(g.row[2].line, 5); /* after a blank line */
	assert_string_equal(g.name[2], "STEWART \"NEW\" CENTER");
	for (size_t i = 0; i < g.facilities; i++)
		if (strcmp(g.fac_code[i], "STWRTGA") == 0) {
			assert_string_equal(g.fac_name[i], "STEWART \"NEW\" CENTER");
			assert_int_equal(g.fac_first[i], day(2024, 10, 1));
			assert_int_equal(g.fac_last[i], day(2024, 10, 2));
		}
}

/* The lines of a record after one with a quoted line end count on. */
static void counts_lines_across_quoted_line_ends(void **state)
{
	(void)state;
	struct got g = {0};
	struct error err;
	const char *text = "detention_facility_code,\"a\ncolumn\",date,n_detained,n_detained_at_midnight\n"
			   "A,\"two\nlines\",2024-10-01,1,1\nA,,2024-10-02,1,2\n";
	assert_int_equal(parse(text, &g, NULL, &err), ERR_INVALID);
	assert_string_equal(err.msg, "t.csv: line 5: n_detained_at_midnight is 2, more than n_detained (1)");
}

struct refusal {
	const char *text, *msg;
};

static void refuses_bad_files(void **state)
{
	(void)state;
	static const struct refusal cases[] = {
		{"", "t.csv: line 1: the file is empty: no header"},
		{"detention_facility_code,date,n_detained\nA,2024-10-01,1\n",
		 "t.csv: line 1: the header has no column \"n_detained_at_midnight\""},
		{"date,n_detained_at_midnight\n", "t.csv: line 1: the header has no column \"detention_facility_code\""},
		{"detention_facility_code,date,date,n_detained_at_midnight\n",
		 "t.csv: line 1: the header names the column \"date\" twice"},
		{HEADER "A,2024-10-01,1,-1,0,0,0,0,x\n", "t.csv: line 2: n_detained_at_midnight: \"-1\" is negative"},
		{HEADER "A,2024-10-01,1,1.5,0,0,0,0,x\n",
		 "t.csv: line 2: n_detained_at_midnight: \"1.5\" is not a whole number"},
		{HEADER "A,2024-10-01,1,,0,0,0,0,x\n", "t.csv: line 2: n_detained_at_midnight: \"\" is not a whole number"},
		{HEADER "A,2024-10-01,99999999999999999999,1,0,0,0,0,x\n",
		 "t.csv: line 2: n_detained: 99999999999999999999 is more than 1000000"},
		{HEADER "A,2024-13-01,1,1,0,0,0,0,x\n", "t.csv: line 2: date: \"2024-13-01\" is not a date"},
		{HEADER "A,1999-12-31,1,1,0,0,0,0,x\n", "t.csv: line 2: date: \"1999-12-31\" is not a date"},
		{HEADER "A,2024-10-01,1,1,0,0,0,0,x\nB,2024-09-01,1,1,0,0,0,0,x\nA,2024-09-30,1,1,0,0,0,0,x\n",
		 "t.csv: line 4: date 2024-09-30 of facility A is not after its date 2024-10-01 on line 2"},
		{HEADER "A,2024-10-01,5,6,0,0,0,0,x\n", "t.csv: line 2: n_detained_at_midnight is 6, more than"},
		{HEADER "A,2024-10-01,5,5,0,0,0,6,x\n", "t.csv: line 2: n_detained_possibly_under_18 is 6, more than"},
		{HEADER "A,2024-10-01,5,5,0,0,0,0\n", "t.csv: line 2: 8 columns, the header has 9"},
		{HEADER "a-b,2024-10-01,5,5,0,0,0,0,x\n", "t.csv: line 2: detention_facility_code: \"a-b\" is not"},
		{HEADER "ABCDEFGHIJKLMNOPQ,2024-10-01,5,5,0,0,0,0,x\n", "t.csv: line 2: detention_facility_code:"},
		{HEADER "A,2024-10-01,5,5,0,0,0,0,\"x\"y\n", "t.csv: line 2: column 9: text after the closing quote"},
		{HEADER "A,2024-10-01,5,5,0,0,0,0,x\"y\"\n", "t.csv: line 2: column 9: a quote inside a field not in"},
		{HEADER "A,2024-10-01,5,5,0,0,0,0,\"x\n", "t.csv: line 2: a quoted field is not closed"},
		{HEADER "A,2024-10-01,5,5,0,0,0,0,\"\x01\"\n", "t.csv: line 2: detention_facility: the name is"},
		{HEADER "A,2024-10-01,5,5,0,0,0,0,\"a\nb\"\n", "t.csv: line 2: detention_facility: the name is"},
		{HEADER "A,2024-10-01,5,5,0,0,0,0,\xff\n", "t.csv: line 2: detention_facility: the name is"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct got g = {0};
		struct error err;
		assert_int_equal(parse(cases[i].text, &g, NULL, &err), ERR_INVALID);
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: \"%s\", not \"%s...\"", i, err.msg, cases[i].msg);
	}
}

static void refuses_a_nul_and_too_many_columns(void **state)
{
	(void)state;
	struct error err;
	const struct population_sink none = {0};
	static const char nul[] = HEADER "A,2024\0-10-01,1,1,0,0,0,0,x\n";
	assert_int_equal(population_parse_buffer(nul, sizeof nul - 1, "t.csv", &none, NULL, &err), ERR_INVALID);
	assert_string_equal(err.msg, "t.csv: line 2: a NUL byte: this is not a CSV text file");
	char wide[1024] = "detention_facility_code,date,n_detained_at_midnight";
	for (int i = 0; i < POPULATION_FIELDS_MAX; i++)
		snprintf(wide + strlen(wide), sizeof wide - strlen(wide), ",c%d", i);
	assert_int_equal(population_parse_buffer(wide, strlen(wide), "t.csv", &none, NULL, &err), ERR_INVALID);
	assert_string_equal(err.msg, "t.csv: line 1: more than 64 columns");
}

/* An endless line of 'A's after the header: read only up to the record
 * limit (and the buffer around it), then refused. */
struct endless {
	size_t given;
};

static long endless_read(void *src, char *buf, size_t size, struct error *err)
{
	(void)err;
	struct endless *e = src;
	static const char header[] = HEADER;
	size_t n = 0;
	for (; n < size && e->given + n < sizeof header - 1; n++)
		buf[n] = header[e->given + n];
	memset(buf + n, 'A', size - n);
	e->given += size;
	return (long)size;
}

static void refuses_an_endless_line_in_bounded_memory(void **state)
{
	(void)state;
	struct endless e = {0};
	struct error err;
	const struct population_sink none = {0};
	assert_int_equal(population_parse(endless_read, &e, "-", &none, NULL, &err), ERR_INVALID);
	assert_string_equal(err.msg, "-: line 2: longer than 65536 bytes (a record of the table is at most that)");
	assert_true(e.given <= 8 * POPULATION_RECORD_MAX);
}

/* The bytes of a buffer handed over one at a time, then an error. */
struct trickle {
	const char *text;
	size_t at, n;
	bool fail_at_end;
};

static long trickle_read(void *src, char *buf, size_t size, struct error *err)
{
	struct trickle *t = src;
	assert_true(size > 0);
	if (t->at == t->n)
		return t->fail_at_end ? error_set(err, ERR_INVALID, "the compressed data is cut short") : 0;
	buf[0] = t->text[t->at++];
	return 1;
}

static void reads_through_any_chunking(void **state)
{
	(void)state;
	const char *text = HEADER "A,2024-10-01,1,1,0,0,0,0,\"x,\"\"y\"\"\"\nB,2024-10-01,2,2,1,1,0,0,z";
	struct trickle t = {text, 0, strlen(text), false};
	struct got g = {0};
	struct population_summary sum;
	struct error err;
	const struct population_sink sink = {on_row, NULL, &g};
	assert_int_equal(population_parse(trickle_read, &t, "t.csv", &sink, &sum, &err), 0);
	assert_int_equal(sum.rows, 2);
	assert_string_equal(g.name[0], "x,\"y\"");
	assert_string_equal(g.name[1], "z"); /* no line end at the end */
	t = (struct trickle){text, 0, strlen(text) - 5, true};
	memset(&g, 0, sizeof g);
	assert_int_equal(population_parse(trickle_read, &t, "t.csv.gz", &sink, &sum, &err), ERR_INVALID);
	assert_string_equal(err.msg, "t.csv.gz: line 3: the compressed data is cut short");
}

static void stops_when_the_sink_fails(void **state)
{
	(void)state;
	struct got g = {.stop_at = 2};
	struct error err;
	const char *text = HEADER "A,2024-10-01,1,1,0,0,0,0,x\nA,2024-10-02,1,1,0,0,0,0,x\nA,2024-10-03,1,1,0,0,0,0,x\n";
	assert_int_equal(parse(text, &g, NULL, &err), ERR_REJECTED);
	assert_int_equal(g.rows, 2);
	assert_int_equal(g.facilities, 0);
}

static void refuses_too_many_facilities(void **state)
{
	(void)state;
	size_t size = strlen(HEADER) + (POPULATION_FACILITIES_MAX + 1) * 40;
	char *text = malloc(size);
	assert_non_null(text);
	size_t n = (size_t)snprintf(text, size, "%s", HEADER);
	for (int i = 0; i <= POPULATION_FACILITIES_MAX; i++)
		n += (size_t)snprintf(text + n, size - n, "F%d,2024-10-01,1,1,0,0,0,0,x\n", i);
	struct error err;
	const struct population_sink none = {0};
	int rc = population_parse_buffer(text, n, "t.csv", &none, NULL, &err);
	free(text);
	assert_int_equal(rc, ERR_INVALID);
	assert_string_equal(err.msg, "t.csv: line 20002: more than 20000 facilities");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_table),
		cmocka_unit_test(counts_lines_across_quoted_line_ends),
		cmocka_unit_test(refuses_bad_files),
		cmocka_unit_test(refuses_a_nul_and_too_many_columns),
		cmocka_unit_test(refuses_an_endless_line_in_bounded_memory),
		cmocka_unit_test(reads_through_any_chunking),
		cmocka_unit_test(stops_when_the_sink_fails),
		cmocka_unit_test(refuses_too_many_facilities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
