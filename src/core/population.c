/* population.c: the facility daily population table, parsed from a byte
 * stream in bounded memory (see population.h). */
#include "population.h"

#include <assert.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "timestamp.h"

const char *const population_columns[POPULATION_COUNTS_N] = {
#define POPULATION_COLUMN(e, column, key, required) column,
	POPULATION_COUNTS(POPULATION_COLUMN)
#undef POPULATION_COLUMN
};

const char *const population_keys[POPULATION_COUNTS_N] = {
#define POPULATION_KEY(e, column, key, required) key,
	POPULATION_COUNTS(POPULATION_KEY)
#undef POPULATION_KEY
};

static const bool count_required[POPULATION_COUNTS_N] = {
#define POPULATION_REQUIRED(e, column, key, required) required,
	POPULATION_COUNTS(POPULATION_REQUIRED)
#undef POPULATION_REQUIRED
};

#define CODE_COLUMN "detention_facility_code"
#define DATE_COLUMN "date"
#define NAME_COLUMN "detention_facility"
#define BUFFER_SIZE (4 * POPULATION_RECORD_MAX)
#define TABLE_SIZE 32768 /* a power of two, well above POPULATION_FACILITIES_MAX */

/* What the parse knows of a facility so far. */
struct facility {
	char code[POPULATION_CODE_MAX + 1];
	char *name;
	int64_t first, last;
	uint64_t rows, last_line;
};

struct parser {
	population_read_fn read;
	void *src;
	const char *source;
	char *buf; /* BUFFER_SIZE + 1 bytes: a record's end is written a NUL */
	size_t start, end;
	bool eof;
	uint64_t line; /* where the next record starts */
	size_t n_columns;
	int col_code, col_date, col_name, col_count[POPULATION_COUNTS_N]; /* -1: absent */
	char *fields[POPULATION_FIELDS_MAX];
	size_t n_fields;
	struct facility **table;
	size_t n_facilities;
};

/* ERR_INVALID, "SOURCE: line N: " and the message. */
__attribute__((format(printf, 4, 5))) static int fail(const struct parser *p, uint64_t line, struct error *err,
						      const char *fmt, ...)
{
	char msg[ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error_set(err, ERR_INVALID, "%s: line %llu: %s", p->source, (unsigned long long)line, msg);
}

/* Read more bytes after those of the record begun at p->start, moving it to
 * the front of the buffer; *scan follows it. */
static int refill(struct parser *p, size_t *scan, struct error *err)
{
	memmove(p->buf, p->buf + p->start, p->end - p->start);
	p->end -= p->start;
	*scan -= p->start;
	p->start = 0;
	long n = p->read(p->src, p->buf + p->end, BUFFER_SIZE - p->end, err);
	if (n < 0)
		return error_prefix(err, (int)n, "%s: line %llu: ", p->source, (unsigned long long)p->line);
	p->eof = n == 0;
	p->end += (size_t)n;
	return 0;
}

/* The next record into *rec (NUL-terminated in place, its line end
 * removed): 1, or 0 at the end of the stream, or an error. A line end
 * inside quotes belongs to the field. */
static int next_record(struct parser *p, char **rec, uint64_t *line, struct error *err)
{
	size_t scan = p->start;
	uint64_t inner = 0; /* line ends inside quotes */
	bool quoted = false;
	for (;;) {
		for (; scan < p->end; scan++) {
			char c = p->buf[scan];
			if (c == '"')
				quoted = !quoted;
			else if (c == '\n' && !quoted)
				break;
			else if (c == '\n')
				inner++;
			else if (c == '\0')
				return fail(p, p->line + inner, err, "a NUL byte: this is not a CSV text file");
		}
		if (scan - p->start >= POPULATION_RECORD_MAX)
			return fail(p, p->line, err, "longer than %d bytes (a record of the table is at most that)",
				    POPULATION_RECORD_MAX);
		if (scan < p->end || p->eof)
			break;
		int rc = refill(p, &scan, err);
		if (rc)
			return rc;
	}
	if (scan == p->start && p->eof)
		return 0;
	if (quoted)
		return fail(p, p->line, err, "a quoted field is not closed before the end of the file");
	*rec = p->buf + p->start;
	*line = p->line;
	size_t len = scan - p->start;
	if (len > 0 && (*rec)[len - 1] == '\r')
		len--;
	(*rec)[len] = '\0';
	p->start = scan < p->end ? scan + 1 : scan;
	p->line += 1 + inner;
	return 1;
}

/* Split the record rec into p->fields, in place (RFC 4180: a field in
 * double quotes may hold commas, line ends and "" for a quote). */
static int split(struct parser *p, char *rec, uint64_t line, struct error *err)
{
	char *r = rec, *w = rec;
	p->n_fields = 0;
	for (;;) {
		if (p->n_fields == POPULATION_FIELDS_MAX)
			return fail(p, line, err, "more than %d columns", POPULATION_FIELDS_MAX);
		p->fields[p->n_fields++] = w;
		if (*r == '"') {
			for (r++; *r && (*r != '"' || r[1] == '"'); r++) {
				if (*r == '"')
					r++; /* "" is one quote */
				*w++ = *r;
			}
			if (!*r++)
				return fail(p, line, err, "column %zu: the quoted field is not closed", p->n_fields);
			if (*r && *r != ',')
				return fail(p, line, err, "column %zu: text after the closing quote", p->n_fields);
		} else {
			for (; *r && *r != ','; r++) {
				if (*r == '"')
					return fail(p, line, err, "column %zu: a quote inside a field not in quotes",
						    p->n_fields);
				*w++ = *r;
			}
		}
		bool more = *r == ',';
		*w++ = '\0';
		if (!more)
			return 0;
		r++;
	}
}

/* Find the columns in the header (already split). */
static int read_header(struct parser *p, uint64_t line, struct error *err)
{
	static const char bom[] = "\xEF\xBB\xBF";
	if (strncmp(p->fields[0], bom, 3) == 0)
		p->fields[0] += 3;
	p->col_code = p->col_date = p->col_name = -1;
	for (int c = 0; c < POPULATION_COUNTS_N; c++)
		p->col_count[c] = -1;
	for (size_t i = 0; i < p->n_fields; i++) {
		const char *f = p->fields[i];
		int *col = strcasecmp(f, CODE_COLUMN) == 0   ? &p->col_code
			   : strcasecmp(f, DATE_COLUMN) == 0 ? &p->col_date
			   : strcasecmp(f, NAME_COLUMN) == 0 ? &p->col_name
							     : NULL;
		for (int c = 0; !col && c < POPULATION_COUNTS_N; c++)
			if (strcasecmp(f, population_columns[c]) == 0)
				col = &p->col_count[c];
		if (col && *col >= 0)
			return fail(p, line, err, "the header names the column \"%s\" twice", f);
		if (col)
			*col = (int)i;
	}
	const char *missing = p->col_code < 0 ? CODE_COLUMN : p->col_date < 0 ? DATE_COLUMN : NULL;
	for (int c = 0; !missing && c < POPULATION_COUNTS_N; c++)
		if (count_required[c] && p->col_count[c] < 0)
			missing = population_columns[c];
	if (missing)
		return fail(p, line, err, "the header has no column \"%s\" (the facility daily population table "
					  "has detention_facility_code, date, n_detained_at_midnight, ...)",
			    missing);
	p->n_columns = p->n_fields;
	return 0;
}

/* A count's cell: a whole number from 0 to POPULATION_COUNT_MAX; empty is
 * -1 (unknown) unless the count is required. */
static int read_count(struct parser *p, uint64_t line, int c, long *out, struct error *err)
{
	const char *text = p->fields[p->col_count[c]];
	const char *what = population_columns[c];
	if (!*text && !count_required[c]) {
		*out = -1;
		return 0;
	}
	if (*text == '-' && text[1])
		return fail(p, line, err, "%s: \"%.*s\" is negative", what, error_cut(text, 40), text);
	long v = 0;
	const char *s = text;
	for (; *s >= '0' && *s <= '9' && v <= POPULATION_COUNT_MAX; s++)
		v = v * 10 + (*s - '0');
	if (!*text || (*s && (*s < '0' || *s > '9')))
		return fail(p, line, err, "%s: \"%.*s\" is not a whole number", what, error_cut(text, 40), text);
	if (*s || v > POPULATION_COUNT_MAX)
		return fail(p, line, err, "%s: %.*s is more than %d", what, error_cut(text, 40), text,
			    POPULATION_COUNT_MAX);
	*out = v;
	return 0;
}

static bool valid_code(const char *code)
{
	size_t n = strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
	return n > 0 && n <= POPULATION_CODE_MAX && code[n] == '\0';
}

/* Whether name is valid UTF-8 without control characters. */
static bool valid_name(const char *name)
{
	for (const unsigned char *s = (const unsigned char *)name; *s; s++)
		if (*s < 0x20 || *s == 0x7f)
			return false;
	json_t *j = json_string(name); /* NULL when not UTF-8 */
	json_decref(j);
	return j != NULL;
}

/* The facility of code into *out, added when new. */
static int facility_of(struct parser *p, const char *code, uint64_t line, struct facility **out, struct error *err)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *s = (const unsigned char *)code; *s; s++)
		h = (h ^ *s) * 16777619u;
	size_t i = h & (TABLE_SIZE - 1);
	for (; p->table[i]; i = (i + 1) & (TABLE_SIZE - 1))
		if (strcmp(p->table[i]->code, code) == 0) {
			*out = p->table[i];
			return 0;
		}
	if (p->n_facilities == POPULATION_FACILITIES_MAX)
		return fail(p, line, err, "more than %d facilities", POPULATION_FACILITIES_MAX);
	struct facility *f = calloc(1, sizeof *f);
	if (!f)
		return error_set(err, ERR_NOMEM, "out of memory");
	strcpy(f->code, code);
	f->last = INT64_MIN;
	p->table[i] = *out = f;
	p->n_facilities++;
	return 0;
}

/* Check a row's date against its facility's, and keep the facility's name. */
static int follow_facility(struct parser *p, const struct population_row *r, struct error *err)
{
	struct facility *f = NULL;
	int rc = facility_of(p, r->facility, r->line, &f, err);
	if (rc)
		return rc;
	if (r->day <= f->last) {
		char day[DATE_TEXT_MAX], last[DATE_TEXT_MAX];
		ts_format_date(r->day * TS_DAY, day);
		ts_format_date(f->last * TS_DAY, last);
		return fail(p, r->line, err,
			    "date %s of facility %s is not after its date %s on line %llu (the dates of each "
			    "facility must ascend)",
			    day, r->facility, last, (unsigned long long)f->last_line);
	}
	if (!f->name || strcmp(f->name, r->name) != 0) {
		if (strlen(r->name) > POPULATION_NAME_MAX || !valid_name(r->name))
			return fail(p, r->line, err, "%s: the name is longer than %d bytes, not UTF-8 or has control "
						     "characters",
				    NAME_COLUMN, POPULATION_NAME_MAX);
		char *name = strdup(r->name);
		if (!name)
			return error_set(err, ERR_NOMEM, "out of memory");
		free(f->name);
		f->name = name;
	}
	if (f->rows++ == 0)
		f->first = r->day;
	f->last = r->day;
	f->last_line = r->line;
	return 0;
}

/* Read and check the row in p->fields. */
static int read_row(struct parser *p, uint64_t line, struct population_row *r, struct error *err)
{
	if (p->n_fields != p->n_columns)
		return fail(p, line, err, "%zu columns, the header has %zu", p->n_fields, p->n_columns);
	r->line = line;
	r->facility = p->fields[p->col_code];
	r->name = p->col_name >= 0 ? p->fields[p->col_name] : "";
	if (!valid_code(r->facility))
		return fail(p, line, err, "%s: \"%.*s\" is not a facility code (1 to %d of A-Z and 0-9)", CODE_COLUMN,
			    error_cut(r->facility, 40), r->facility, POPULATION_CODE_MAX);
	const char *date = p->fields[p->col_date];
	ts_t t;
	if (ts_parse_date(date, &t, NULL) || t < ts_days_from_civil(POPULATION_YEAR_MIN, 1, 1) * TS_DAY ||
	    t > ts_days_from_civil(POPULATION_YEAR_MAX, 12, 31) * TS_DAY)
		return fail(p, line, err, "date: \"%.*s\" is not a date (YYYY-MM-DD) from %d to %d", error_cut(date, 40),
			    date, POPULATION_YEAR_MIN, POPULATION_YEAR_MAX);
	r->day = t / TS_DAY;
	for (int c = 0; c < POPULATION_COUNTS_N; c++) {
		r->counts[c] = -1;
		int rc = p->col_count[c] >= 0 ? read_count(p, line, c, &r->counts[c], err) : 0;
		if (rc)
			return rc;
	}
	long all = r->counts[POPULATION_DETAINED];
	for (int c = 0; all >= 0 && c < POPULATION_COUNTS_N; c++)
		if (r->counts[c] > all)
			return fail(p, line, err, "%s is %ld, more than %s (%ld)", population_columns[c], r->counts[c],
				    population_columns[POPULATION_DETAINED], all);
	return follow_facility(p, r, err);
}

static int parse(struct parser *p, const struct population_sink *sink, struct population_summary *sum,
		 struct error *err)
{
	char *rec;
	uint64_t line;
	int rc = next_record(p, &rec, &line, err);
	if (rc == 0)
		return fail(p, 1, err, "the file is empty: no header");
	if (rc < 0 || (rc = split(p, rec, line, err)) || (rc = read_header(p, line, err)))
		return rc;
	while ((rc = next_record(p, &rec, &line, err)) == 1) {
		struct population_row r;
		if ((rc = split(p, rec, line, err)))
			return rc;
		if (p->n_fields == 1 && !*p->fields[0])
			continue; /* a blank line */
		if ((rc = read_row(p, line, &r, err)) || (sink->row && (rc = sink->row(sink->ctx, &r, err))))
			return rc;
		if (sum->rows++ == 0 || r.day < sum->first)
			sum->first = r.day;
		if (r.day > sum->last)
			sum->last = r.day;
	}
	for (size_t i = 0; rc == 0 && i < TABLE_SIZE; i++) {
		const struct facility *f = p->table[i];
		if (f && sink->facility)
			rc = sink->facility(sink->ctx,
					    &(struct population_facility){f->code, f->name, f->first, f->last, f->rows},
					    err);
	}
	sum->facilities = p->n_facilities;
	return rc;
}

int population_parse(population_read_fn read, void *src, const char *source, const struct population_sink *sink,
		     struct population_summary *summary, struct error *err)
{
	assert(read && source && sink);
	struct parser p = {.read = read, .src = src, .source = source, .line = 1};
	struct population_summary sum = {0};
	p.buf = malloc(BUFFER_SIZE + 1);
	p.table = calloc(TABLE_SIZE, sizeof *p.table);
	int rc = p.buf && p.table ? parse(&p, sink, &sum, err) : error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; p.table && i < TABLE_SIZE; i++)
		if (p.table[i]) {
			free(p.table[i]->name);
			free(p.table[i]);
		}
	free(p.table);
	free(p.buf);
	if (rc == 0 && summary)
		*summary = sum;
	return rc;
}

struct memory {
	const char *data;
	size_t n, at;
};

/* population_read_fn over a buffer. */
static long read_memory(void *src, char *buf, size_t size, struct error *err)
{
	(void)err;
	struct memory *m = src;
	size_t n = m->n - m->at < size ? m->n - m->at : size;
	memcpy(buf, m->data + m->at, n);
	m->at += n;
	return (long)n;
}

int population_parse_buffer(const char *data, size_t n, const char *source, const struct population_sink *sink,
			    struct population_summary *summary, struct error *err)
{
	struct memory m = {data, n, 0};
	return population_parse(read_memory, &m, source, sink, summary, err);
}
