/* test_ledger.c: the write path (ledger.h, ledger.c).
 *
 * Each test gets its own directory under $TMPDIR (or /tmp) holding its
 * ledger (struct tmp, support.h); the directory and everything in it (-wal,
 * -shm) are removed afterwards. The ledger's clock is fixed at
 * TEST_NOW_TEXT (2026-01-01T00:00:00Z).
 *
 * Events are written as in the contract with single quotes so that they
 * read without escapes; add() and append_ok() turn them into JSON. The
 * projections are compared as text dumps read through a separate SQLite
 * connection (dump()), every table ordered by every column.
 *
 * Facilities most tests start from (FACILITIES, ledger_with()):
 *   AAA, BBB   open from 2025-01-01
 *   CCC        open from 2025-01-01, capacity 5 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "support.h"

#include "error.h"
#include "occupancy.h"
#include "rules.h"
#include "store.h"
#include "timeline.h"

/* ------------------------------------------------------------ fixture */

/* What a test holds, closed and freed by the teardown even when an
 * assertion fails: open ledgers and malloc'd strings. */
static struct {
	struct ledger *ledgers[4];
	void *mem[1024];
	size_t n_mem;
} fx;

/* Free p at the end of the test; returns p. */
static void *keep(void *p)
{
	assert_non_null(p);
	assert_true(fx.n_mem < ROWS(fx.mem));
	fx.mem[fx.n_mem++] = p;
	return p;
}

static int setup(void **state)
{
	memset(&fx, 0, sizeof fx);
	*state = tmp_new("ledger");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	for (size_t i = 0; i < ROWS(fx.ledgers); i++)
		ledger_close(fx.ledgers[i]);
	for (size_t i = 0; i < fx.n_mem; i++)
		free(fx.mem[i]);
	memset(&fx, 0, sizeof fx);
	return tmp_free(*state);
}

/* ------------------------------------------------------------ helpers */

/* open_test_ledger(), closed by the teardown unless close_ledger() is. */
static struct ledger *open_ledger(const char *path, enum store_mode mode)
{
	struct ledger *l = open_test_ledger(path, mode);
	for (size_t i = 0; i < ROWS(fx.ledgers); i++)
		if (!fx.ledgers[i]) {
			fx.ledgers[i] = l;
			return l;
		}
	ledger_close(l);
	fail_msg("too many ledgers open");
	return NULL;
}

static void close_ledger(struct ledger *l)
{
	for (size_t i = 0; i < ROWS(fx.ledgers); i++)
		if (fx.ledgers[i] == l)
			fx.ledgers[i] = NULL;
	ledger_close(l);
}

/* Append one contract line ('...' for "..."); returns the result. */
static int add(struct ledger *l, const char *line, enum ledger_outcome *outcome, char *id, struct error *err)
{
	char *json = dq(line);
	enum ledger_outcome ignored;
	int rc = ledger_append_json(l, json, strlen(json), outcome ? outcome : &ignored, id, err);
	free(json);
	return rc;
}

/* Append one line that must fail with code; the message must contain
 * every one of the NULL-terminated words. */
static void fails(struct ledger *l, const char *line, int code, ...)
{
	struct error err = {0};
	int rc = add(l, line, NULL, NULL, &err);
	if (rc != code)
		fail_msg("append %s: got %d (%s), want %d", line, rc, rc ? err.msg : "stored", code);
	va_list ap;
	va_start(ap, code);
	for (const char *w; (w = va_arg(ap, const char *));)
		if (!strstr(err.msg, w)) {
			va_end(ap);
			fail_msg("append %s: message \"%s\" does not contain \"%s\"", line, err.msg, w);
		}
	va_end(ap);
}

static int64_t max_seq(struct ledger *l)
{
	int64_t seq = -1;
	struct error err = {0};
	assert_int_equal(store_max_seq(ledger_store(l), &seq, &err), 0);
	return seq;
}

static int count_row(void *ctx, const struct stored_event *ev, struct error *err)
{
	(void)ev;
	(void)err;
	(*(int64_t *)ctx)++;
	return 0;
}

/* The number of rows in the log (as the ledger's connection sees it). */
static int64_t log_count(struct ledger *l)
{
	int64_t n = 0;
	struct error err = {0};
	assert_int_equal(store_log(ledger_store(l), NULL, TS_NONE, count_row, &n, &err), 0);
	return n;
}

static int keep_seq(void *ctx, const struct stored_event *ev, struct error *err)
{
	(void)err;
	*(int64_t *)ctx = ev->seq;
	return 0;
}

static int64_t seq_of(struct ledger *l, const char *id)
{
	int64_t seq = 0;
	struct error err = {0};
	if (store_find_event(ledger_store(l), id, keep_seq, &seq, &err) != 0)
		fail_msg("store_find_event(%s): %s", id, err.msg);
	return seq;
}

/* A growing string. */
struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *text)
{
	size_t n = strlen(text);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, text, n + 1);
	b->len += n;
}

static const char *const PROJECTIONS[] = {"voided", "facilities", "people", "stays", "stints", "enrolments"};

/* A connection of its own to the ledger at path; the caller closes it. */
static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("open %s: %s", path, db ? sqlite3_errmsg(db) : "?");
	return db;
}

/* Append the rows of sql to b, one per line, columns separated by '|'. */
static void put_rows(struct buf *b, sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	int cols = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < cols; c++) {
			put(b, c ? "|" : "");
			const unsigned char *v = sqlite3_column_text(st, c);
			put(b, v ? (const char *)v : "NULL");
		}
		put(b, "\n");
	}
	sqlite3_finalize(st);
}

/* Every row of the committed projections, each table ordered by every
 * column, as text (malloc'd). */
static char *dump(const char *path)
{
	sqlite3 *db = open_db(path);
	struct buf b = {0};
	put(&b, "");
	for (size_t t = 0; t < ROWS(PROJECTIONS); t++) {
		char sql[512];
		snprintf(sql, sizeof sql, "SELECT * FROM %s", PROJECTIONS[t]);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		int cols = sqlite3_column_count(st);
		sqlite3_finalize(st);
		size_t k = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY ", PROJECTIONS[t]);
		for (int c = 1; c <= cols; c++)
			k += (size_t)snprintf(sql + k, sizeof sql - k, "%s%d", c > 1 ? ", " : "", c);
		put(&b, "== ");
		put(&b, PROJECTIONS[t]);
		put(&b, "\n");
		put_rows(&b, db, sql);
	}
	sqlite3_close(db);
	return keep(b.s);
}

/* Rows of a query against the committed ledger, one per line, columns
 * separated by '|' (malloc'd). */
static char *query(const char *path, const char *sql)
{
	sqlite3 *db = open_db(path);
	struct buf b = {0};
	put(&b, "");
	put_rows(&b, db, sql);
	sqlite3_close(db);
	return keep(b.s);
}

static void expect_query(const char *path, const char *sql, const char *want)
{
	char *got = query(path, sql);
	if (strcmp(got, want) != 0)
		fail_msg("%s\ngot:\n%s\nwant:\n%s", sql, got, want);
}

static void expect_same(const char *a, const char *b, const char *what)
{
	if (strcmp(a, b) == 0)
		return;
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	size_t from = i > 200 ? i - 200 : 0;
	fail_msg("%s differ at byte %zu:\n--- first:\n%.400s\n--- second:\n%.400s", what, i, a + from, b + from);
}

/* The example stream of the contract, one line per element (malloc'd). */
struct lines {
	char *line[100]; /* freed by the teardown */
	size_t n;
};

static void read_example(struct lines *out)
{
	FILE *f = open_fixture("example.ndjson");
	memset(out, 0, sizeof *out);
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = read_line(f, &text, &cap)) >= 0) {
		if (n == 0)
			continue;
		if (out->n == ROWS(out->line)) {
			free(text);
			fclose(f);
			fail_msg("example.ndjson: too many lines");
		}
		out->line[out->n++] = keep(strdup(text));
	}
	free(text);
	fclose(f);
	assert_true(out->n > 50);
}

/* Append real JSON lines (not quoted), each stored. */
static void ok_json(struct ledger *l, const char *json)
{
	struct error err = {0};
	enum ledger_outcome outcome = LEDGER_DUPLICATE;
	if (ledger_append_json(l, json, strlen(json), &outcome, NULL, &err) != 0)
		fail_msg("append %s: %s", json, err.msg);
	assert_int_equal(outcome, LEDGER_STORED);
}

/* Append every line of the example (inside the caller's transaction). */
static void append_example(struct ledger *l)
{
	struct lines ex;
	read_example(&ex);
	for (size_t i = 0; i < ex.n; i++)
		ok_json(l, ex.line[i]);
}

static void ingest_example(struct ledger *l)
{
	tx_begin(l);
	append_example(l);
	tx_commit(l);
}

#define FAC(id, code, cap)                                                                              \
	"{'id':'" id "','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'" code "','name':'" \
	"Facility " code "','aor':'ATL','kind':'SPC','capacity':" #cap "}"

static const char *const FACILITIES[] = {FAC("fa", "AAA", 100), FAC("fb", "BBB", 50), FAC("fc", "CCC", 5),
					 NULL};

/* A new ledger at t->path (closed by the teardown) holding FACILITIES and
 * then lines (NULL-terminated; NULL for none), each list committed. */
static struct ledger *ledger_with(const struct tmp *t, const char *const *lines)
{
	struct ledger *l = open_ledger(t->path, STORE_CREATE);
	append_all(l, FACILITIES);
	if (lines)
		append_all(l, lines);
	return l;
}

#define P "'person':'A-123-456-789'"
#define PERSON "A123456789"
#define Q "'person':'A000000002'"
#define R "'person':'A000000003'"

/* Who the ledger says a person is at an instant. */
struct who {
	bool detained, enrolled;
	char facility[FACILITY_CODE_MAX + 1];
	size_t n_events;
};

static int person_at(struct ledger *l, const char *person, ts_t until, struct who *w)
{
	struct timeline tl;
	struct error err = {0};
	int rc = ledger_person(l, person, until, &tl, &err);
	memset(w, 0, sizeof *w);
	if (rc == 0) {
		w->detained = tl.detained;
		w->enrolled = tl.enrolled;
		w->n_events = tl.n_events;
		if (tl.detained)
			snprintf(w->facility, sizeof w->facility, "%s", tl.stint.facility);
	}
	timeline_free(&tl);
	return rc;
}

/* ------------------------------------------------------------ the example */

static void test_example_stores_then_duplicates(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = open_ledger(t->path, STORE_CREATE);
	struct lines ex;
	read_example(&ex);

	tx_begin(l);
	for (size_t i = 0; i < ex.n; i++) {
		struct error err = {0};
		enum ledger_outcome outcome = LEDGER_DUPLICATE;
		char id[EVENT_ID_MAX + 1] = "";
		if (ledger_append_json(l, ex.line[i], strlen(ex.line[i]), &outcome, id, &err) != 0)
			fail_msg("line %zu: %s", i + 1, err.msg);
		assert_int_equal(outcome, LEDGER_STORED);
		assert_true(id[0] != '\0');
		assert_int_equal(seq_of(l, id), (int64_t)i + 1);
	}
	tx_commit(l);
	assert_int_equal(log_count(l), (int64_t)ex.n);
	assert_int_equal(max_seq(l), (int64_t)ex.n);
	char *before = dump(t->path);

	/* a few things the projections must say */
	expect_query(t->path, "SELECT target_seq FROM voided", "16\n"); /* ev-0012 */
	expect_query(t->path, "SELECT code, open, capacity FROM facilities ORDER BY code",
		     "ATLHOLD|0|12\nKRO|1|650\nSTFRCTX|1|2400\nSTWRTGA|1|1900\n");
	expect_query(t->path, "SELECT person, detained, coalesce(facility, '-') FROM people ORDER BY person",
		     "A055500001|0|-\nA098765432|0|-\nA123456789|0|-\nA200300400|0|-\nA300400500|0|-\n"
		     "A400500600|1|KRO\n");

	/* everything again: all duplicates, nothing changes */
	tx_begin(l);
	for (size_t i = 0; i < ex.n; i++) {
		struct error err = {0};
		enum ledger_outcome outcome = LEDGER_STORED;
		if (ledger_append_json(l, ex.line[i], strlen(ex.line[i]), &outcome, NULL, &err) != 0)
			fail_msg("again, line %zu: %s", i + 1, err.msg);
		if (outcome != LEDGER_DUPLICATE)
			fail_msg("again, line %zu: stored twice", i + 1);
	}
	tx_commit(l);
	assert_int_equal(log_count(l), (int64_t)ex.n);
	char *after = dump(t->path);
	expect_same(before, after, "projections after re-sending the example");
	close_ledger(l);
}

static void test_conflict(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = open_ledger(t->path, STORE_CREATE);
	ingest_example(l);
	int64_t n = log_count(l);
	char *before = dump(t->path);

	tx_begin(l);
	/* ev-0002 booked A123456789 in at STWRTGA */
	fails(l, "{'id':'ev-0002','type':'book_in','at':'2025-01-27T15:10:00Z','person':'A123456789','facility':'KRO'}",
	      ERR_CONFLICT, "conflict", "ev-0002", NULL);
	/* another type altogether */
	fails(l, "{'id':'ev-0002','type':'facility_capacity','at':'2025-01-27T15:10:00Z','facility':'KRO','capacity':1}",
	      ERR_CONFLICT, "conflict", NULL);
	/* a note added is different content too */
	fails(l, "{'id':'ev-0002','type':'book_in','at':'2025-01-27T15:10:00Z','person':'A123456789','facility':'STWRTGA','note':'x'}",
	      ERR_CONFLICT, "conflict", NULL);
	/* ev-0012 has been voided: the same content is still a duplicate, other content a conflict */
	fails(l, "{'id':'ev-0012','type':'atd_checkin','at':'2025-09-15T17:05:00Z','person':'A123456789','result':'ok'}",
	      ERR_CONFLICT, "conflict", NULL);
	assert_int_equal(log_count(l), n);
	enum ledger_outcome outcome = LEDGER_STORED;
	struct error err = {0};
	assert_int_equal(add(l, "{'id':'ev-0012','type':'atd_checkin','at':'2025-09-15T17:05:00Z','person':'A123456789','result':'failed_verification'}",
			     &outcome, NULL, &err),
			 0);
	assert_int_equal(outcome, LEDGER_DUPLICATE);
	/* a void re-sent under its id with another (existing) target */
	fails(l, "{'id':'ev-0080','type':'void','at':'2025-09-16T08:00:00Z','target':'ev-0011','reason':'duplicate submission from the device vendor'}",
	      ERR_CONFLICT, "conflict", "ev-0080", NULL);
	tx_commit(l);

	assert_int_equal(log_count(l), n);
	char *after = dump(t->path);
	expect_same(before, after, "projections after conflicts");
	close_ledger(l);
}

/* A void re-sent under its id with a target the log does not hold: the id
 * is taken with other content, so it is a conflict (events.md), like any
 * other event re-sent with different content. */
/* A person whose every event was voided is still known: no state, and the
 * voided events stay in their timeline. */
static void test_person_with_every_event_voided(void **state)
{
	struct ledger *l = ledger_with(*state, LINES("{'id':'a1','type':'arrest','at':'2025-02-01T00:00:00Z'," Q
						    ",'aor':'ATL','agency':'ICE'}",
						    "{'id':'v1','type':'void','at':'2025-02-02T00:00:00Z',"
						    "'target':'a1','reason':'wrong person'}"));
	struct timeline tl;
	struct error err;
	assert_int_equal(ledger_person(l, "A000000002", TS_FOREVER, &tl, &err), 0);
	assert_int_equal(tl.n_events, 0);
	assert_false(tl.detained);
	timeline_free(&tl);
	assert_int_equal(ledger_person(l, "A000000099", TS_FOREVER, &tl, &err), ERR_NOTFOUND);
	timeline_free(&tl);
}

static void test_void_conflict_unknown_target(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = open_ledger(t->path, STORE_CREATE);
	ingest_example(l);
	int64_t n = log_count(l);
	tx_begin(l);
	fails(l, "{'id':'ev-0080','type':'void','at':'2025-09-16T08:00:00Z','target':'ev-9999','reason':'duplicate submission from the device vendor'}",
	      ERR_CONFLICT, "conflict", "ev-0080", NULL);
	tx_commit(l);
	assert_int_equal(log_count(l), n);
	close_ledger(l);
}

static void test_duplicate_in_another_spelling(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = ledger_with(
		t, LINES("{'id':'a1','type':'arrest','at':'2025-02-01T13:00:00Z','person':'A12345678','aor':'ATL','agency':'ICE'}",
			 "{'id':'b1','type':'book_in','at':'2025-02-01T15:00:00Z','person':'A-123-456-789','facility':'AAA'}"));
	int64_t n = log_count(l);

	static const char *const same[] = {
		/* A-number padded, `at` with an offset, fields in another order */
		"{'type':'arrest','id':'a1','agency':'ICE','aor':'ATL','person':'A012345678','at':'2025-02-01T08:00:00-05:00'}",
		"{'id':'a1','type':'arrest','at':'2025-02-01T13:00:00.75Z','person':'A-12-345-678','aor':'ATL','agency':'ICE'}",
		/* the default border:false spelled out */
		"{'id':'a1','type':'arrest','at':'2025-02-01T13:00:00Z','person':'A12345678','aor':'ATL','agency':'ICE','border':false}",
		"{'id':'b1','type':'book_in','at':'2025-02-01T16:30:00+01:30','person':'A123456789','facility':'AAA'}",
		"{'id':'b1','type':'book_in','at':'2025-02-01t15:00:00z','person':'A 123 456 789','facility':'AAA'}",
		NULL};
	tx_begin(l);
	for (const char *const *s = same; *s; s++) {
		enum ledger_outcome outcome = LEDGER_STORED;
		struct error err = {0};
		if (add(l, *s, &outcome, NULL, &err) != 0)
			fail_msg("%s: %s", *s, err.msg);
		if (outcome != LEDGER_DUPLICATE)
			fail_msg("%s: not a duplicate", *s);
	}
	/* one second off is not the same */
	fails(l, "{'id':'b1','type':'book_in','at':'2025-02-01T15:00:01Z','person':'A123456789','facility':'AAA'}",
	      ERR_CONFLICT, "conflict", NULL);
	/* border:true is not the default */
	fails(l, "{'id':'a1','type':'arrest','at':'2025-02-01T13:00:00Z','person':'A12345678','aor':'ATL','agency':'ICE','border':true}",
	      ERR_CONFLICT, "conflict", NULL);
	tx_commit(l);
	assert_int_equal(log_count(l), n);
	close_ledger(l);
}

static void test_invalid_event(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = ledger_with(t, NULL);
	int64_t n = log_count(l);
	char *before = dump(t->path);

	tx_begin(l);
	struct error err = {0};
	char id[EVENT_ID_MAX + 1] = "";
	assert_int_equal(add(l, "{'id':'x1','type':'arrest','at':'2025-02-01T13:00:00Z'," P ",'aor':'ATL','agency':'ICE','colour':'red'}",
			     NULL, id, &err),
			 ERR_INVALID);
	assert_string_equal(id, "x1");
	assert_non_null(strstr(err.msg, "colour"));
	fails(l, "{'id':'x2','type':'book_out','at':'2025-02-01T13:00:00Z'," P ",'reason':'bailed'}", ERR_INVALID,
	      "\"reason\"", "bailed", NULL);
	fails(l, "{'id':'x3','type':'arrest','at':'2025-02-01T13:00:00Z','person':'B123','aor':'ATL','agency':'ICE'}",
	      ERR_INVALID, "person", NULL);
	fails(l, "not json", ERR_INVALID, NULL);
	/* the clock: at most 5 minutes ahead */
	fails(l, "{'id':'x4','type':'arrest','at':'2026-01-01T00:05:01Z'," P ",'aor':'ATL','agency':'ICE'}",
	      ERR_INVALID, "\"at\"", NULL);
	append_ok(l, "{'id':'x5','type':'arrest','at':'2026-01-01T00:05:00Z'," P ",'aor':'ATL','agency':'ICE'}");
	assert_int_equal(seq_of(l, "x5"), n + 1);
	tx_commit(l);
	assert_int_equal(log_count(l), n + 1);
	char *after = dump(t->path);
	assert_string_not_equal(before, after); /* x5 made a person */
	close_ledger(l);
}

/* A rejected event is taken back: the log is as before and the next event
 * takes the next seq. */
static void test_rejected_event_taken_back(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = ledger_with(t, NULL);
	tx_begin(l);
	append_ok(l, "{'id':'a1','type':'arrest','at':'2025-02-01T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}");
	append_ok(l, "{'id':'b1','type':'book_in','at':'2025-02-01T12:00:00Z'," P ",'facility':'AAA'}");
	int64_t n = log_count(l);
	assert_int_equal(n, 5);
	fails(l, "{'id':'b2','type':'book_in','at':'2025-02-02T12:00:00Z'," P ",'facility':'BBB'}", ERR_REJECTED,
	      PERSON, "b2", "already in custody", "b1", NULL);
	assert_int_equal(log_count(l), n);
	assert_int_equal(max_seq(l), n);
	/* a transfer to where the person already is */
	fails(l, "{'id':'t1','type':'transfer','at':'2025-02-02T12:00:00Z'," P ",'facility':'AAA'}", ERR_REJECTED,
	      "already held at AAA", NULL);
	/* an unknown facility */
	fails(l, "{'id':'t2','type':'transfer','at':'2025-02-02T12:00:00Z'," P ",'facility':'ZZZ'}", ERR_REJECTED,
	      "ZZZ", NULL);
	assert_int_equal(log_count(l), n);
	append_ok(l, "{'id':'o1','type':'book_out','at':'2025-02-03T12:00:00Z'," P ",'reason':'removed','country':'MX'}");
	assert_int_equal(seq_of(l, "o1"), n + 1);
	/* the rejected id is free: it may be used for a valid event */
	append_ok(l, "{'id':'b2','type':'book_in','at':'2025-02-04T12:00:00Z'," P ",'facility':'BBB'}");
	assert_int_equal(seq_of(l, "b2"), n + 2);
	/* a rejected facility event is taken back too */
	fails(l, "{'id':'fx','type':'facility_capacity','at':'2025-02-04T12:00:00Z','facility':'ZZZ','capacity':3}",
	      ERR_REJECTED, NULL);
	append_ok(l, "{'id':'o2','type':'book_out','at':'2025-02-05T12:00:00Z'," P ",'reason':'removed','country':'MX'}");
	assert_int_equal(seq_of(l, "o2"), n + 3);
	tx_commit(l);
	close_ledger(l);

	/* and after reopening: no gap in the log */
	l = open_ledger(t->path, STORE_OPEN);
	expect_query(t->path, "SELECT count(*), min(seq), max(seq) FROM events", "8|1|8\n");
	expect_query(t->path, "SELECT key, facility, out_reason FROM stays ORDER BY in_at",
		     "b1|AAA|removed\nb2|BBB|removed\n");
	close_ledger(l);
}

/* ledger_append_event: an event parsed by the caller (as the reader thread
 * does); the ledger may take its strings, the caller still frees it. */
static void test_append_parsed_event(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = open_ledger(t->path, STORE_CREATE);
	static const char *const lines[] = {
		"{\"id\":\"f1\",\"type\":\"facility_open\",\"at\":\"2025-01-01T00:00:00Z\",\"facility\":\"AAA\","
		"\"name\":\"Alpha\",\"aor\":\"ATL\",\"kind\":\"SPC\",\"capacity\":10,\"city\":\"Atlanta\",\"note\":\"n\"}",
		"{\"id\":\"a1\",\"type\":\"arrest\",\"at\":\"2025-02-01T08:00:00Z\",\"person\":\"A-123-456-789\","
		"\"aor\":\"ATL\",\"agency\":\"ICE\",\"family_name\":\"Doe\",\"given_name\":\"Jo\",\"method\":\"x\"}",
		"{\"id\":\"b1\",\"type\":\"book_in\",\"at\":\"2025-02-01T12:00:00Z\",\"person\":\"A123456789\","
		"\"facility\":\"AAA\",\"note\":\"late night\"}",
		"{\"id\":\"v1\",\"type\":\"void\",\"at\":\"2025-12-01T00:00:00Z\",\"target\":\"f1\",\"reason\":\"no\"}",
		"{\"id\":\"o1\",\"type\":\"book_out\",\"at\":\"2025-02-02T12:00:00Z\",\"person\":\"A123456789\","
		"\"reason\":\"removed\",\"country\":\"MX\"}",
		"{\"id\":\"f2\",\"type\":\"facility_close\",\"at\":\"2025-03-01T00:00:00Z\",\"facility\":\"AAA\"}",
		"{\"id\":\"f1\",\"type\":\"facility_open\",\"at\":\"2025-01-01T00:00:00Z\",\"facility\":\"AAA\","
		"\"name\":\"Alpha\",\"aor\":\"ATL\",\"kind\":\"SPC\",\"capacity\":10,\"city\":\"Atlanta\",\"note\":\"n\"}",
	};
	/* outcome: stored, stored, stored, rejected (AAA holds b1), stored,
	 * stored, duplicate */
	static const int want[] = {0, 0, 0, ERR_REJECTED, 0, 0, 0};
	tx_begin(l);
	for (size_t i = 0; i < ROWS(lines); i++) {
		struct event ev;
		struct error err = {0};
		if (event_parse(lines[i], strlen(lines[i]), test_now(), &ev, &err) != 0)
			fail_msg("event_parse(%s): %s", lines[i], err.msg);
		enum ledger_outcome outcome = LEDGER_STORED;
		int rc = ledger_append_event(l, &ev, lines[i], strlen(lines[i]), &outcome, &err);
		event_free(&ev);
		if (rc != want[i])
			fail_msg("line %zu: got %d (%s), want %d", i + 1, rc, rc ? err.msg : "ok", want[i]);
		if (rc == 0)
			assert_int_equal(outcome, i == 6 ? LEDGER_DUPLICATE : LEDGER_STORED);
	}
	tx_commit(l);
	/* the log keeps each body exactly as received */
	expect_query(t->path, "SELECT id FROM events ORDER BY seq", "f1\na1\nb1\no1\nf2\n");
	expect_query(t->path, "SELECT body = '{\"id\":\"a1\",\"type\":\"arrest\",\"at\":\"2025-02-01T08:00:00Z\","
			      "\"person\":\"A-123-456-789\",\"aor\":\"ATL\",\"agency\":\"ICE\",\"family_name\":\"Doe\","
			      "\"given_name\":\"Jo\",\"method\":\"x\"}', person FROM events WHERE id = 'a1'",
		     "1|A123456789\n");
	expect_query(t->path, "SELECT code, name, city, open FROM facilities", "AAA|Alpha|Atlanta|0\n");
	expect_query(t->path, "SELECT family_name, given_name FROM people", "Doe|Jo\n");
	close_ledger(l);
}

/* ------------------------------------------------------------ late events */

static void test_late_transfer(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'o1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'removed','country':'MX'}",
		NULL};
	struct ledger *l = ledger_with(t, first);
	tx_begin(l);
	/* recorded late: between the book-in and the book-out */
	append_ok(l, "{'id':'t1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'BBB'}");
	/* a second late one, to the same facility: rejected */
	fails(l, "{'id':'t2','type':'transfer','at':'2025-01-25T12:00:00Z'," P ",'facility':'BBB'}", ERR_REJECTED,
	      "already held at BBB", NULL);
	/* a late transfer after the book-out: not detained then */
	fails(l, "{'id':'t3','type':'transfer','at':'2025-01-05T12:00:00Z'," P ",'facility':'CCC'}", ERR_REJECTED,
	      "not in custody", NULL);
	tx_commit(l);

	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT key, stay_key, facility, in_at - %lld, out_at - %lld FROM stints ORDER BY in_at",
		 (long long)T("2025-01-10T12:00:00Z"), (long long)T("2025-01-10T12:00:00Z"));
	/* b1 at AAA for 10 days, t1 at BBB for the next 21 */
	expect_query(t->path, sql, "b1|b1|AAA|0|864000\nt1|b1|BBB|864000|2678400\n");
	expect_query(t->path, "SELECT key, facility, out_reason FROM stays", "b1|AAA|removed\n");
	expect_query(t->path, "SELECT detained FROM people", "0\n");

	/* who is where, to the second */
	struct occupancy o;
	struct error err = {0};
	assert_int_equal(occupancy_at(l, T("2025-01-20T11:59:59Z"), &o, &err), 0);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.rows[0].facility->code, "AAA");
	assert_int_equal(o.rows[0].population, 1);
	assert_int_equal(o.rows[1].population, 0);
	occupancy_free(&o);
	assert_int_equal(occupancy_at(l, T("2025-01-20T12:00:00Z"), &o, &err), 0);
	assert_int_equal(o.rows[0].population, 0);
	assert_string_equal(o.rows[1].facility->code, "BBB");
	assert_int_equal(o.rows[1].population, 1);
	occupancy_free(&o);

	struct who w;
	assert_int_equal(person_at(l, PERSON, T("2025-01-20T12:00:00Z"), &w), 0);
	assert_true(w.detained);
	assert_string_equal(w.facility, "BBB");
	close_ledger(l);
}

static void test_late_book_in_breaks_later_event(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-05T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'o1','type':'book_out','at':'2025-01-15T12:00:00Z'," P ",'reason':'recognizance'}",
		"{'id':'b2','type':'book_in','at':'2025-02-01T12:00:00Z'," P ",'facility':'AAA'}", NULL};
	struct ledger *l = ledger_with(t, first);
	int64_t n = log_count(l);
	char *before = dump(t->path);

	tx_begin(l);
	/* free on 2025-01-20, but then b2 would book in a detained person */
	fails(l, "{'id':'late','type':'book_in','at':'2025-01-20T12:00:00Z'," P ",'facility':'BBB'}", ERR_REJECTED,
	      "late", "b2", "later", NULL);
	assert_int_equal(log_count(l), n);
	/* a late event that breaks nothing is fine, and the cached timeline
	 * was not disturbed by the rejected one */
	append_ok(l, "{'id':'c1','type':'classify','at':'2025-01-20T12:00:00Z'," P ",'criminality':'none'}");
	append_ok(l, "{'id':'o2','type':'book_out','at':'2025-02-03T12:00:00Z'," P ",'reason':'removed','country':'MX'}");
	tx_commit(l);

	expect_query(t->path, "SELECT key, out_reason FROM stays ORDER BY in_at", "b1|recognizance\nb2|removed\n");
	expect_query(t->path, "SELECT criminality, detained FROM people", "none|0\n");
	char *after = dump(t->path);
	assert_string_not_equal(before, after);
	close_ledger(l);
}

/* A stint must lie inside an open period of its facility. */
static void test_stints_inside_open_periods(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-05T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'o1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'removed','country':'MX'}",
		"{'id':'r1','type':'classify','at':'2025-03-05T12:00:00Z'," R ",'criminality':'none'}",
		"{'id':'cc','type':'facility_close','at':'2025-03-01T00:00:00Z','facility':'CCC'}", NULL};
	struct ledger *l = ledger_with(t, first);
	int64_t n = log_count(l);
	tx_begin(l);
	/* a stay that began before the close and has no end: rejected */
	fails(l, "{'id':'q1','type':'book_in','at':'2025-02-01T12:00:00Z'," Q ",'facility':'CCC'}", ERR_REJECTED,
	      "CCC", "cc", NULL);
	/* the same, recorded late before an event of the person */
	fails(l, "{'id':'r2','type':'book_in','at':'2025-02-01T12:00:00Z'," R ",'facility':'CCC'}", ERR_REJECTED,
	      "CCC", NULL);
	assert_int_equal(log_count(l), n);
	/* a late transfer into CCC, inside a stay that ended before the close */
	append_ok(l, "{'id':'t1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'CCC'}");
	tx_commit(l);
	expect_query(t->path, "SELECT key, facility FROM stints ORDER BY in_at", "b1|AAA\nt1|CCC\n");
	close_ledger(l);
}

/* ------------------------------------------------------------ voids */

static void test_void_person_event(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-05T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'o1','type':'book_out','at':'2025-01-15T12:00:00Z'," P ",'reason':'removed','country':'MX'}",
		NULL};
	struct ledger *l = ledger_with(t, first);
	struct who w;
	assert_int_equal(person_at(l, PERSON, TS_FOREVER, &w), 0);
	assert_false(w.detained);

	tx_begin(l);
	append_ok(l, "{'id':'v1','type':'void','at':'2025-12-01T00:00:00Z','target':'o1','reason':'entered in error'}");
	assert_int_equal(person_at(l, PERSON, TS_FOREVER, &w), 0);
	assert_true(w.detained);
	assert_string_equal(w.facility, "AAA");
	int64_t n = log_count(l);
	fails(l, "{'id':'v2','type':'void','at':'2025-12-01T00:00:00Z','target':'v1','reason':'undo'}", ERR_REJECTED,
	      "v1", "itself a void", NULL);
	fails(l, "{'id':'v3','type':'void','at':'2025-12-01T00:00:00Z','target':'o1','reason':'again'}", ERR_REJECTED,
	      "o1", "already voided", NULL);
	fails(l, "{'id':'v4','type':'void','at':'2025-12-01T00:00:00Z','target':'nope','reason':'what'}", ERR_REJECTED,
	      "nope", NULL);
	/* a void naming another person than its target's */
	fails(l, "{'id':'v5','type':'void','at':'2025-12-01T00:00:00Z'," Q ",'target':'b1','reason':'what'}",
	      ERR_REJECTED, "b1", NULL);
	assert_int_equal(log_count(l), n);
	tx_commit(l);

	expect_query(t->path, "SELECT detained, facility FROM people", "1|AAA\n");
	expect_query(t->path, "SELECT key, out_at IS NULL FROM stays", "b1|1\n");
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT target_seq = %lld, void_seq = %lld FROM voided", (long long)seq_of(l, "o1"),
		 (long long)seq_of(l, "v1"));
	expect_query(t->path, sql, "1|1\n");

	/* the voided book_out is out of the derivation: a new one is accepted */
	append_all(l, LINES("{'id':'o2','type':'book_out','at':'2025-01-20T12:00:00Z'," P ",'reason':'removed','country':'MX'}"));
	expect_query(t->path, "SELECT key, out_reason FROM stays", "b1|removed\n");
	close_ledger(l);
}

static void test_void_book_out_between_book_ins(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'o1','type':'book_out','at':'2025-01-15T12:00:00Z'," P ",'reason':'removed','country':'MX'}",
		"{'id':'b2','type':'book_in','at':'2025-02-01T12:00:00Z'," P ",'facility':'BBB'}", NULL};
	struct ledger *l = ledger_with(t, first);
	int64_t n = log_count(l);
	char *before = dump(t->path);
	tx_begin(l);
	fails(l, "{'id':'v1','type':'void','at':'2025-12-01T00:00:00Z'," P ",'target':'o1','reason':'oops'}", ERR_REJECTED,
	      "void of o1", "b2", NULL);
	assert_int_equal(log_count(l), n);
	tx_commit(l);
	expect_same(before, dump(t->path), "projections after a rejected void");
	/* the rejected void left the derivation alone: b2's stay goes on */
	append_all(l, LINES("{'id':'o2','type':'book_out','at':'2025-02-02T12:00:00Z'," P ",'reason':'removed','country':'MX'}"));
	char *after = query(t->path, "SELECT key, facility, out_reason FROM stays ORDER BY in_at");
	assert_string_equal(after, "b1|AAA|removed\nb2|BBB|removed\n");
	expect_query(t->path, "SELECT count(*) FROM voided", "0\n");
	close_ledger(l);
}

static void test_void_facility_open_while_held(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z'," P ",'facility':'CCC'}", NULL};
	struct ledger *l = ledger_with(t, first);
	int64_t n = log_count(l);
	char *before = dump(t->path);
	tx_begin(l);
	fails(l, "{'id':'v1','type':'void','at':'2025-12-01T00:00:00Z','target':'fc','reason':'oops'}", ERR_REJECTED,
	      "CCC", "someone is held there", NULL);
	assert_int_equal(log_count(l), n);
	tx_commit(l);
	char *after = dump(t->path);
	expect_same(before, after, "projections after a rejected void");
	/* the registry still has CCC open */
	const struct facility *ccc = facility_find(ledger_facilities(l), "CCC");
	assert_non_null(ccc);
	struct facility_state st;
	facility_state_at(ccc, T("2025-06-01T00:00:00Z"), &st);
	assert_true(st.open);
	assert_int_equal(st.capacity, 5);
	/* and people can still be booked in there */
	append_all(l, LINES("{'id':'b2','type':'book_in','at':'2025-01-06T12:00:00Z'," Q ",'facility':'CCC'}"));
	close_ledger(l);
}

static void test_facility_close(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z'," P ",'facility':'CCC'}", NULL};
	struct ledger *l = ledger_with(t, first);
	int64_t n = log_count(l);

	tx_begin(l);
	fails(l, "{'id':'x1','type':'facility_close','at':'2025-03-01T00:00:00Z','facility':'CCC'}", ERR_REJECTED,
	      "CCC", "someone is held there", NULL);
	assert_int_equal(log_count(l), n);
	/* the rejected close left the registry as it was */
	struct facility_state st;
	facility_state_at(facility_find(ledger_facilities(l), "CCC"), T("2025-06-01T00:00:00Z"), &st);
	assert_true(st.open);
	append_ok(l, "{'id':'o1','type':'book_out','at':'2025-04-01T12:00:00Z'," P ",'reason':'removed','country':'MX'}");
	/* recorded late, before the book-out: the stay runs past it */
	fails(l, "{'id':'x2','type':'facility_close','at':'2025-04-01T11:59:59Z','facility':'CCC'}", ERR_REJECTED,
	      "CCC", "someone is held there", NULL);
	/* at the book-out itself: nobody is held any more */
	append_ok(l, "{'id':'x3','type':'facility_close','at':'2025-04-01T12:00:00Z','facility':'CCC'}");
	/* and a book-in after the close is rejected */
	fails(l, "{'id':'b2','type':'book_in','at':'2025-05-01T12:00:00Z'," Q ",'facility':'CCC'}", ERR_REJECTED,
	      "closed", NULL);
	tx_commit(l);
	expect_query(t->path, "SELECT open FROM facilities WHERE code = 'CCC'", "0\n");
	facility_state_at(facility_find(ledger_facilities(l), "CCC"), T("2025-06-01T00:00:00Z"), &st);
	assert_false(st.open);
	close_ledger(l);
}

/* ------------------------------------------------------------ transactions */

static void test_rollback(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-05T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z'," P ",'facility':'AAA'}", NULL};
	struct ledger *l = ledger_with(t, first);
	int64_t n = log_count(l);
	char *before = dump(t->path);

	tx_begin(l);
	append_ok(l, "{'id':'fn','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'NEW','name':'New','aor':'ATL','kind':'SPC','capacity':3}");
	append_ok(l, "{'id':'t1','type':'transfer','at':'2025-01-06T12:00:00Z'," P ",'facility':'NEW'}");
	append_ok(l, "{'id':'o1','type':'book_out','at':'2025-01-07T12:00:00Z'," P ",'reason':'removed','country':'MX'}");
	append_ok(l, "{'id':'q1','type':'book_in','at':'2025-01-07T12:00:00Z'," Q ",'facility':'NEW'}");
	append_ok(l, "{'id':'cap','type':'facility_capacity','at':'2025-01-08T00:00:00Z','facility':'AAA','capacity':1}");
	assert_non_null(facility_find(ledger_facilities(l), "NEW"));
	ledger_rollback(l);

	assert_int_equal(log_count(l), n);
	assert_int_equal(max_seq(l), n);
	assert_null(facility_find(ledger_facilities(l), "NEW"));
	struct facility_state st;
	facility_state_at(facility_find(ledger_facilities(l), "AAA"), T("2025-06-01T00:00:00Z"), &st);
	assert_int_equal(st.capacity, 100);
	struct who w;
	assert_int_equal(person_at(l, PERSON, TS_FOREVER, &w), 0);
	assert_true(w.detained);
	assert_string_equal(w.facility, "AAA");
	assert_int_equal(person_at(l, "A000000002", TS_FOREVER, &w), ERR_NOTFOUND);
	char *after = dump(t->path);
	expect_same(before, after, "projections after a rollback");

	/* the next transaction starts from the committed state, cache included */
	tx_begin(l);
	fails(l, "{'id':'t2','type':'transfer','at':'2025-01-06T12:00:00Z'," P ",'facility':'NEW'}", ERR_REJECTED,
	      "NEW", NULL);
	append_ok(l, "{'id':'t3','type':'transfer','at':'2025-01-06T12:00:00Z'," P ",'facility':'BBB'}");
	assert_int_equal(seq_of(l, "t3"), n + 1);
	append_ok(l, "{'id':'o1','type':'book_out','at':'2025-01-09T12:00:00Z'," P ",'reason':'removed','country':'MX'}");
	tx_commit(l);
	expect_query(t->path, "SELECT key, facility, out_at IS NULL FROM stints ORDER BY in_at", "b1|AAA|0\nt3|BBB|0\n");
	close_ledger(l);

	/* and a transaction left open is rolled back by ledger_close */
	l = open_ledger(t->path, STORE_OPEN);
	tx_begin(l);
	append_ok(l, "{'id':'lost','type':'arrest','at':'2025-03-01T08:00:00Z'," R ",'aor':'ATL','agency':'ICE'}");
	close_ledger(l);
	expect_query(t->path, "SELECT count(*) FROM events WHERE id = 'lost'", "0\n");
}

/* ------------------------------------------------------------ rebuild */

/* More events on top of the example: voids of person and facility
 * events, late events, a capacity change, supervision. */
static const char *const EXTRA[] = {
	"{'id':'x-fac','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'XTRA','name':'Extra','aor':'DAL','kind':'IGSA','capacity':40,'city':'Dallas','state':'TX'}",
	"{'id':'x-cap','type':'facility_capacity','at':'2025-03-01T00:00:00Z','facility':'XTRA','capacity':45}",
	"{'id':'x-a1','type':'arrest','at':'2025-02-01T08:00:00Z','person':'A700000001','aor':'DAL','agency':'ICE','family_name':'Roe','given_name':'Ann','citizenship':'GT'}",
	"{'id':'x-b1','type':'book_in','at':'2025-02-01T12:00:00Z','person':'A700000001','facility':'XTRA'}",
	"{'id':'x-o1','type':'book_out','at':'2025-04-01T12:00:00Z','person':'A700000001','reason':'relief_granted'}",
	"{'id':'x-t1','type':'transfer','at':'2025-03-01T12:00:00Z','person':'A700000001','facility':'KRO'}",
	"{'id':'x-c1','type':'classify','at':'2025-02-15T12:00:00Z','person':'A700000001','criminality':'convicted','threat_level':2}",
	"{'id':'x-v1','type':'void','at':'2025-12-01T00:00:00Z','target':'x-c1','reason':'wrong person'}",
	"{'id':'x-e1','type':'atd_enroll','at':'2025-04-02T12:00:00Z','person':'A700000001','technology':'phone','checkin_days':30}",
	"{'id':'x-e2','type':'atd_change','at':'2025-05-02T12:00:00Z','person':'A700000001','checkin_days':60,'reason':'compliant'}",
	"{'id':'x-a2','type':'arrest','at':'2025-02-03T08:00:00Z','person':'A700000002','aor':'DAL','agency':'CBP','border':true}",
	"{'id':'x-b2','type':'book_in','at':'2025-02-03T12:00:00Z','person':'A700000002','facility':'XTRA'}",
	"{'id':'x-t2','type':'transfer','at':'2025-02-10T12:00:00Z','person':'A700000002','facility':'STWRTGA'}",
	"{'id':'x-v2','type':'void','at':'2025-12-01T00:00:00Z','person':'A700000002','target':'x-t2','reason':'never moved'}",
	"{'id':'x-o2','type':'book_out','at':'2025-02-20T12:00:00Z','person':'A700000002','reason':'removed','country':'HN'}",
	"{'id':'x-v3','type':'void','at':'2025-12-01T00:00:00Z','target':'x-cap','reason':'typo'}",
	"{'id':'x-v4','type':'void','at':'2025-12-01T00:00:00Z','target':'ev-0067','reason':'not verified'}",
	"{'id':'x-e3','type':'atd_enroll','at':'2025-10-01T12:00:00Z','person':'A300400500','technology':'app','checkin_days':7}",
	"{'id':'x-b3','type':'book_in','at':'2025-11-01T12:00:00Z','person':'A300400500','facility':'XTRA'}",
	/* a person whose only event is voided: no people row */
	"{'id':'x-a9','type':'arrest','at':'2025-05-01T08:00:00Z','person':'A700000009','aor':'DAL','agency':'ICE'}",
	"{'id':'x-v9','type':'void','at':'2025-12-01T00:00:00Z','target':'x-a9','reason':'wrong A-number'}",
	NULL};

static void test_rebuild_equivalence(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = open_ledger(t->path, STORE_CREATE);
	ingest_example(l);
	append_all(l, EXTRA);
	char *before = dump(t->path);
	/* sanity: the extra events did what they say */
	expect_query(t->path, "SELECT code, capacity FROM facilities WHERE code = 'XTRA'", "XTRA|40\n");
	expect_query(t->path, "SELECT count(*) FROM voided", "6\n");
	expect_query(t->path, "SELECT count(*) FROM people WHERE person = 'A700000009'", "0\n");
	expect_query(t->path,
		     "SELECT person, enrolled, detained, coalesce(criminality, '-') FROM people WHERE person IN "
		     "('A700000001', 'A300400500') ORDER BY person",
		     "A300400500|0|1|none\nA700000001|1|0|-\n");
	expect_query(t->path, "SELECT key, facility FROM stints WHERE person = 'A700000002'", "x-b2|XTRA\n");
	expect_query(t->path,
		     "SELECT key, end_reason FROM enrolments WHERE person = 'A300400500'", "x-e3|detained\n");

	struct error err = {0};
	if (ledger_rebuild(l, &err) != 0)
		fail_msg("ledger_rebuild: %s", err.msg);
	char *after = dump(t->path);
	expect_same(before, after, "projections before and after rebuild");

	/* a rebuild from empty projections gives the same again, and so does
	 * reopening */
	close_ledger(l);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	for (size_t i = 0; i < ROWS(PROJECTIONS); i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM %s", PROJECTIONS[i]);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	sqlite3_close(db);
	l = open_ledger(t->path, STORE_OPEN);
	assert_int_equal(ledger_rebuild(l, &err), 0);
	after = dump(t->path);
	expect_same(before, after, "projections before and after rebuild from empty");
	close_ledger(l);
}

/* Voiding the only facility_open of a facility nobody was ever held in:
 * the facility rows must be what a rebuild makes of the log. */
static void test_rebuild_after_facility_void(void **state)
{
	struct tmp *t = *state;
	static const char *const more[] = {
		"{'id':'fz','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'ZZZ','name':'Typo','aor':'ATL','kind':'SPC','capacity':9}",
		"{'id':'vz','type':'void','at':'2025-12-01T00:00:00Z','target':'fz','reason':'no such facility'}",
		NULL};
	struct ledger *l = ledger_with(t, more);
	char *before = dump(t->path);
	struct occupancy o;
	struct error err = {0};
	assert_int_equal(occupancy_at(l, T("2025-06-01T00:00:00Z"), &o, &err), 0);
	size_t rows_before = o.n;
	occupancy_free(&o);

	if (ledger_rebuild(l, &err) != 0)
		fail_msg("ledger_rebuild: %s", err.msg);
	char *after = dump(t->path);
	assert_int_equal(occupancy_at(l, T("2025-06-01T00:00:00Z"), &o, &err), 0);
	size_t rows_after = o.n;
	occupancy_free(&o);
	expect_same(before, after, "projections before and after rebuild (voided facility_open)");
	/* the registry too: the same rows as after a rebuild */
	assert_int_equal(rows_before, rows_after);
	close_ledger(l);
}

/* ------------------------------------------------------------ cache */

/* An event stream of many people, interleaved in time and in recording
 * order, with late events and voids, written into buf. */
static void stream_event(struct buf *b, const char *f, ...) __attribute__((format(printf, 2, 3)));

static void stream_event(struct buf *b, const char *f, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, f);
	vsnprintf(line, sizeof line, f, ap);
	va_end(ap);
	put(b, line);
	put(b, "\n");
}

static char *make_stream(void)
{
	struct buf b = {0};
	put(&b, "");
	static const char *const codes[] = {"AAA", "BBB", "CCC"};
	for (int f = 0; f < 3; f++)
		stream_event(&b,
			     "{\"id\":\"f-%s\",\"type\":\"facility_open\",\"at\":\"2025-01-01T00:00:00Z\","
			     "\"facility\":\"%s\",\"name\":\"F %s\",\"aor\":\"ATL\",\"kind\":\"SPC\",\"capacity\":%d}",
			     codes[f], codes[f], codes[f], 100 + f);
	enum { PEOPLE = 40 };
	/* round r of every person, in turn: arrest, book_in, transfer,
	 * classify, book_out, enrol, check-in; times by day and person */
	for (int r = 0; r < 7; r++)
		for (int p = 0; p < PEOPLE; p++) {
			int day = 1 + r * 4 + p % 3;
			char at[32], person[16], id[32];
			snprintf(at, sizeof at, "2025-02-%02dT%02d:%02d:00Z", day, p % 24, p % 60);
			snprintf(person, sizeof person, "A8000%05d", p);
			snprintf(id, sizeof id, "s-%d-%d", p, r);
			const char *fac = codes[p % 3], *other = codes[(p + 1) % 3];
			switch (r) {
			case 0:
				stream_event(&b,
					     "{\"id\":\"%s\",\"type\":\"arrest\",\"at\":\"%s\",\"person\":\"%s\","
					     "\"aor\":\"ATL\",\"agency\":\"ICE\",\"family_name\":\"N%d\"}",
					     id, at, person, p);
				break;
			case 1:
				stream_event(&b,
					     "{\"id\":\"%s\",\"type\":\"book_in\",\"at\":\"%s\",\"person\":\"%s\","
					     "\"facility\":\"%s\"}",
					     id, at, person, fac);
				break;
			case 2:
				stream_event(&b,
					     "{\"id\":\"%s\",\"type\":\"transfer\",\"at\":\"%s\",\"person\":\"%s\","
					     "\"facility\":\"%s\"}",
					     id, at, person, other);
				break;
			case 3:
				stream_event(&b,
					     "{\"id\":\"%s\",\"type\":\"classify\",\"at\":\"%s\",\"person\":\"%s\","
					     "\"criminality\":\"%s\"}",
					     id, at, person, p % 2 ? "none" : "pending");
				break;
			case 4:
				if (p % 4 == 3)
					break; /* some stay detained */
				stream_event(&b,
					     "{\"id\":\"%s\",\"type\":\"book_out\",\"at\":\"%s\",\"person\":\"%s\","
					     "\"reason\":\"removed\",\"country\":\"MX\"}",
					     id, at, person);
				break;
			case 5:
				if (p % 4 == 3)
					break;
				stream_event(&b,
					     "{\"id\":\"%s\",\"type\":\"atd_enroll\",\"at\":\"%s\",\"person\":\"%s\","
					     "\"technology\":\"app\",\"checkin_days\":7}",
					     id, at, person);
				break;
			case 6:
				if (p % 4 == 3)
					break;
				stream_event(&b,
					     "{\"id\":\"%s\",\"type\":\"atd_checkin\",\"at\":\"%s\",\"person\":\"%s\","
					     "\"result\":\"ok\"}",
					     id, at, person);
				break;
			}
		}
	/* late events and voids */
	for (int p = 0; p < PEOPLE; p += 5) {
		char person[16];
		snprintf(person, sizeof person, "A8000%05d", p);
		/* a late transfer back, between the first transfer and the book-out */
		stream_event(&b,
			     "{\"id\":\"late-%d\",\"type\":\"transfer\",\"at\":\"2025-02-%02dT23:59:00Z\","
			     "\"person\":\"%s\",\"facility\":\"%s\"}",
			     p, 1 + 2 * 4 + p % 3, person, codes[p % 3]);
		/* void the classify */
		stream_event(&b,
			     "{\"id\":\"void-%d\",\"type\":\"void\",\"at\":\"2025-12-01T00:00:00Z\","
			     "\"target\":\"s-%d-3\",\"reason\":\"wrong\"}",
			     p, p);
	}
	/* void some check-ins, and the enrolment of one person together with its check-in */
	stream_event(&b, "{\"id\":\"void-c1\",\"type\":\"void\",\"at\":\"2025-12-01T00:00:00Z\",\"target\":\"s-1-6\",\"reason\":\"dup\"}");
	stream_event(&b, "{\"id\":\"void-c2\",\"type\":\"void\",\"at\":\"2025-12-01T00:00:00Z\",\"target\":\"s-2-6\",\"reason\":\"dup\"}");
	stream_event(&b, "{\"id\":\"void-e2\",\"type\":\"void\",\"at\":\"2025-12-01T00:00:00Z\",\"target\":\"s-2-5\",\"reason\":\"dup\"}");
	return keep(b.s);
}

/* Ingest the stream into a new ledger at path, committing every `batch`
 * events; budget 0 keeps the default. */
static void ingest_stream(const char *path, const char *stream, size_t budget, int batch)
{
	struct ledger *l = open_ledger(path, STORE_CREATE);
	if (budget)
		ledger_set_cache_budget(l, budget);
	tx_begin(l);
	append_example(l);
	int k = 0;
	for (const char *p = stream; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p);
		struct error err = {0};
		enum ledger_outcome outcome;
		if (ledger_append_json(l, p, n, &outcome, NULL, &err) != 0)
			fail_msg("%.*s: %s", (int)n, p, err.msg);
		assert_int_equal(outcome, LEDGER_STORED);
		p = nl + 1;
		if (++k % batch == 0) {
			tx_commit(l);
			tx_begin(l);
		}
	}
	tx_commit(l);
	close_ledger(l);
}

static void test_cache_budget(void **state)
{
	struct tmp *t = *state;
	char *stream = make_stream();
	char other[600]; /* a second ledger to compare with */
	snprintf(other, sizeof other, "%s/other.db", t->dir);
	ingest_stream(t->path, stream, 0, 1000000);
	ingest_stream(other, stream, 1, 1000000);
	char *a = dump(t->path), *b = dump(other);
	expect_same(a, b, "projections with the default cache and with a 1-byte budget");

	/* committing often makes no difference either */
	unlink(other);
	char wal[700], shm[700];
	snprintf(wal, sizeof wal, "%s-wal", other);
	snprintf(shm, sizeof shm, "%s-shm", other);
	unlink(wal);
	unlink(shm);
	ingest_stream(other, stream, 1, 7);
	b = dump(other);
	expect_same(a, b, "projections with a 1-byte budget, committed every 7 events");

	/* and it is what a rebuild makes */
	struct ledger *l = open_ledger(t->path, STORE_OPEN);
	struct error err = {0};
	assert_int_equal(ledger_rebuild(l, &err), 0);
	close_ledger(l);
	b = dump(t->path);
	expect_same(a, b, "projections before and after rebuild (stream)");

	/* sanity: the stream did what it says */
	expect_query(t->path, "SELECT count(*) FROM people WHERE person LIKE 'A8000%' AND detained = 1", "10\n");
	expect_query(t->path, "SELECT count(*) FROM voided", "12\n");
}

/* ------------------------------------------------------------ reads */

static void test_person_until(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'t1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'BBB'}",
		"{'id':'o1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'supervision'}",
		"{'id':'e1','type':'atd_enroll','at':'2025-02-10T13:00:00Z'," P ",'technology':'app','checkin_days':7}",
		NULL};
	struct ledger *l = ledger_with(t, first);
	struct who w;
	assert_int_equal(person_at(l, PERSON, T("2025-01-10T11:59:59Z"), &w), 0);
	assert_false(w.detained);
	assert_int_equal(w.n_events, 1);
	assert_int_equal(person_at(l, PERSON, T("2025-01-10T12:00:00Z"), &w), 0);
	assert_true(w.detained);
	assert_string_equal(w.facility, "AAA");
	assert_int_equal(person_at(l, PERSON, T("2025-01-20T11:59:59Z"), &w), 0);
	assert_string_equal(w.facility, "AAA");
	assert_int_equal(person_at(l, PERSON, T("2025-01-20T12:00:00Z"), &w), 0);
	assert_string_equal(w.facility, "BBB");
	assert_int_equal(person_at(l, PERSON, T("2025-02-10T11:59:59Z"), &w), 0);
	assert_true(w.detained);
	assert_int_equal(person_at(l, PERSON, T("2025-02-10T12:00:00Z"), &w), 0);
	assert_false(w.detained);
	assert_false(w.enrolled);
	assert_int_equal(person_at(l, PERSON, T("2025-02-10T13:00:00Z"), &w), 0);
	assert_true(w.enrolled);
	assert_int_equal(w.n_events, 5);
	assert_int_equal(person_at(l, PERSON, TS_FOREVER, &w), 0);
	assert_true(w.enrolled);
	assert_false(w.detained);
	/* an A-number the ledger has never seen */
	assert_int_equal(person_at(l, "A999999999", TS_FOREVER, &w), ERR_NOTFOUND);
	close_ledger(l);
}

/* ------------------------------------------------------------ rules */

static void test_mandatory_detention(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'c1','type':'classify','at':'2025-01-11T12:00:00Z'," P ",'mandatory':'236c'}",
		"{'id':'a2','type':'arrest','at':'2025-01-10T08:00:00Z'," Q ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b2','type':'book_in','at':'2025-01-10T12:00:00Z'," Q ",'facility':'AAA'}",
		"{'id':'c2','type':'classify','at':'2025-01-11T12:00:00Z'," Q ",'mandatory':'235b'}",
		NULL};
	struct ledger *l = ledger_with(t, first);
	tx_begin(l);
	static const char *const discretionary[] = {"recognizance", "supervision", "paroled", "bonded_out"};
	for (size_t i = 0; i < 4; i++) {
		char line[256];
		snprintf(line, sizeof line,
			 "{'id':'o-%zu','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'%s'}", i,
			 discretionary[i]);
		fails(l, line, ERR_REJECTED, "236c", "mandatory", NULL);
	}
	fails(l, "{'id':'o-cap','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'capacity','note':'no beds'}",
	      ERR_REJECTED, "236c", NULL);
	/* under 235b, parole is allowed, other discretionary releases are not */
	fails(l, "{'id':'q-rec','type':'book_out','at':'2025-02-01T12:00:00Z'," Q ",'reason':'recognizance'}",
	      ERR_REJECTED, "235b", NULL);
	append_ok(l, "{'id':'q-par','type':'book_out','at':'2025-02-01T12:00:00Z'," Q ",'reason':'paroled'}");
	/* a non-discretionary release is fine */
	append_ok(l, "{'id':'o-rem','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'removed','country':'MX'}");
	tx_commit(l);
	/* a late classify to none before the release would not change the
	 * releases already recorded; a new stay after reclassification may be
	 * released on recognizance */
	static const char *const later[] = {
		"{'id':'c3','type':'classify','at':'2025-03-01T12:00:00Z'," P ",'mandatory':'none'}",
		"{'id':'b3','type':'book_in','at':'2025-03-02T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'o3','type':'book_out','at':'2025-03-03T12:00:00Z'," P ",'reason':'recognizance'}",
		NULL};
	append_all(l, later);
	expect_query(t->path, "SELECT key, out_reason FROM stays ORDER BY person, in_at",
		     "b2|paroled\nb1|removed\nb3|recognizance\n");
	close_ledger(l);
}

static void test_border_policy(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ELP','agency':'CBP','border':true}",
		"{'id':'b1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'a2','type':'arrest','at':'2025-01-10T08:00:00Z'," Q ",'aor':'ELP','agency':'CBP','border':true}",
		"{'id':'b2','type':'book_in','at':'2025-01-10T12:00:00Z'," Q ",'facility':'AAA'}",
		"{'id':'a3','type':'arrest','at':'2025-01-10T08:00:00Z'," R ",'aor':'ELP','agency':'CBP'}",
		"{'id':'b3','type':'book_in','at':'2025-01-10T12:00:00Z'," R ",'facility':'AAA'}",
		NULL};
	struct ledger *l = ledger_with(t, first);

	/* default: forbidden */
	tx_begin(l);
	fails(l, "{'id':'o1','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'recognizance'}", ERR_REJECTED,
	      "border", "a1", NULL);
	fails(l, "{'id':'o1','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'paroled'}", ERR_REJECTED,
	      "border", NULL);
	fails(l, "{'id':'o1','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'capacity','note':'no beds'}",
	      ERR_REJECTED, "border", NULL);
	/* not a border arrest: fine */
	append_ok(l, "{'id':'o3','type':'book_out','at':'2025-02-01T12:00:00Z'," R ",'reason':'recognizance'}");
	/* a removal is not a release the policy covers */
	append_ok(l, "{'id':'o2','type':'book_out','at':'2025-02-01T12:00:00Z'," Q ",'reason':'removed','country':'MX'}");
	tx_commit(l);

	/* allowed */
	struct rules rules;
	rules_default(&rules);
	assert_false(rules.border_release_allowed);
	rules.border_release_allowed = true;
	ledger_set_rules(l, &rules);
	append_all(l, LINES("{'id':'o1','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'recognizance'}"));

	/* and forbidden again */
	rules.border_release_allowed = false;
	ledger_set_rules(l, &rules);
	static const char *const again[] = {
		"{'id':'b4','type':'book_in','at':'2025-02-02T12:00:00Z'," P ",'facility':'AAA'}", NULL};
	append_all(l, again);
	tx_begin(l);
	fails(l, "{'id':'o4','type':'book_out','at':'2025-02-03T12:00:00Z'," P ",'reason':'supervision'}", ERR_REJECTED,
	      "border", NULL);
	tx_commit(l);
	expect_query(t->path, "SELECT key, out_reason FROM stays WHERE person = 'A123456789' ORDER BY in_at",
		     "b1|recognizance\nb4|NULL\n");
	close_ledger(l);
}


/* ------------------------------------------------------------ what errors may say */

/* Append one line that must fail with code; the message must name none of
 * the NULL-terminated words (things the caller did not send). */
static void fails_without(struct ledger *l, const char *line, int code, ...)
{
	struct error err = {0};
	int rc = add(l, line, NULL, NULL, &err);
	if (rc != code)
		fail_msg("append %s: got %d (%s), want %d", line, rc, rc ? err.msg : "stored", code);
	va_list ap;
	va_start(ap, code);
	for (const char *w; (w = va_arg(ap, const char *));)
		if (strstr(err.msg, w)) {
			va_end(ap);
			fail_msg("append %s: message \"%s\" names \"%s\"", line, err.msg, w);
		}
	va_end(ap);
}

/* A conflict says the id is taken, and nothing of what is recorded under
 * it: not its person, facility, type or body. */
static void test_conflict_names_nothing_stored(void **state)
{
	struct tmp *t = *state;
	struct ledger *l = open_ledger(t->path, STORE_CREATE);
	ingest_example(l);
	tx_begin(l);
	const char *other = "{'id':'ev-0002','type':'arrest','at':'2025-01-27T15:10:00Z'," Q ",'aor':'ATL','agency':'ICE'}";
	fails(l, other, ERR_CONFLICT, "\"ev-0002\" is already recorded with different content", NULL);
	fails_without(l, other, ERR_CONFLICT, "A123456789", "STWRTGA", "book_in", "{", "seq", NULL);
	/* ev-0001 holds a name and a birth date */
	fails_without(l, "{'id':'ev-0001','type':'arrest','at':'2025-01-27T15:10:00Z'," Q ",'aor':'ATL','agency':'ICE'}",
		      ERR_CONFLICT, "Example", "1988", "A123456789", NULL);
	tx_commit(l);
	close_ledger(l);
}

/* A void answers with nothing of its target's person unless it names
 * them: not their A-number, nor why their timeline refuses it. */
static void test_void_names_nothing_of_its_target(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-05T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z'," P ",'facility':'AAA'}",
		"{'id':'t1','type':'transfer','at':'2025-01-08T12:00:00Z'," P ",'facility':'BBB'}",
		"{'id':'v1','type':'void','at':'2025-01-09T12:00:00Z','target':'a1','reason':'x'}", NULL};
	struct ledger *l = ledger_with(t, first);
	tx_begin(l);
	/* another person named: the target's person stays unnamed */
	fails_without(l, "{'id':'v2','type':'void','at':'2025-02-01T00:00:00Z'," Q ",'target':'b1','reason':'x'}",
		      ERR_REJECTED, PERSON, "seq", NULL);
	/* voiding b1 strands t1: without a person, no detail of the timeline */
	fails_without(l, "{'id':'v3','type':'void','at':'2025-02-01T00:00:00Z','target':'b1','reason':'x'}",
		      ERR_REJECTED, PERSON, "t1", "BBB", "2025-01-08", NULL);
	/* with the person named, the reason */
	fails(l, "{'id':'v4','type':'void','at':'2025-02-01T00:00:00Z'," P ",'target':'b1','reason':'x'}",
	      ERR_REJECTED, "b1", "t1", NULL);
	/* a voided target: no seq of the void */
	fails_without(l, "{'id':'v5','type':'void','at':'2025-02-01T00:00:00Z','target':'a1','reason':'x'}",
		      ERR_REJECTED, "seq", "v1", NULL);
	tx_commit(l);
	/* closing a facility while someone is held there names no one */
	tx_begin(l);
	fails_without(l, "{'id':'cb','type':'facility_close','at':'2025-03-01T00:00:00Z','facility':'BBB'}",
		      ERR_REJECTED, PERSON, "t1", NULL);
	tx_commit(l);
	close_ledger(l);
}

/* Run sql on the file at path through a connection of its own. */
static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db = open_db(path);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* A stored log that does not parse is an I/O failure (not invalid input),
 * and not blamed on the event being appended. */
static void test_corrupt_log_is_io(void **state)
{
	struct tmp *t = *state;
	static const char *const first[] = {
		"{'id':'a1','type':'arrest','at':'2025-01-05T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}", NULL};
	struct ledger *l = ledger_with(t, first);
	close_ledger(l);
	/* the stored state gone, the person replays from a log that is broken */
	exec_sql(t->path, "DROP TRIGGER events_append_only_update; UPDATE events SET body = '{\"id\":' "
			  "WHERE id = 'a1'; UPDATE people SET state = NULL;");
	l = open_ledger(t->path, STORE_OPEN);
	tx_begin(l);
	struct error err = {0};
	assert_int_equal(add(l, "{'id':'b1','type':'book_in','at':'2025-01-06T12:00:00Z'," P ",'facility':'AAA'}", NULL,
			     NULL, &err),
			 ERR_IO);
	assert_int_equal(err.code, ERR_IO);
	assert_non_null(strstr(err.msg, "does not parse"));
	ledger_rollback(l);
	close_ledger(l);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_example_stores_then_duplicates),
		TEST(test_conflict),
		TEST(test_void_conflict_unknown_target),
		TEST(test_person_with_every_event_voided),
		TEST(test_duplicate_in_another_spelling),
		TEST(test_invalid_event),
		TEST(test_rejected_event_taken_back),
		TEST(test_append_parsed_event),
		TEST(test_late_transfer),
		TEST(test_late_book_in_breaks_later_event),
		TEST(test_stints_inside_open_periods),
		TEST(test_void_person_event),
		TEST(test_void_book_out_between_book_ins),
		TEST(test_void_facility_open_while_held),
		TEST(test_facility_close),
		TEST(test_rollback),
		TEST(test_rebuild_equivalence),
		TEST(test_rebuild_after_facility_void),
		TEST(test_cache_budget),
		TEST(test_person_until),
		TEST(test_mandatory_detention),
		TEST(test_border_policy),
		TEST(test_conflict_names_nothing_stored),
		TEST(test_void_names_nothing_of_its_target),
		TEST(test_corrupt_log_is_io),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
