/* test_sqlite.c: the store on SQLite (store.h, sqlite.c).
 *
 * Each test gets its own directory under $TMPDIR (or /tmp) holding its
 * ledger file (struct tmp, support.h); the directory and everything in it
 * (the -wal and -shm files too) are removed afterwards. Where a test needs
 * to look at the file from outside the store, or to damage it, it opens it
 * with the sqlite3 API directly. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "support.h"

#include "error.h"
#include "rules.h"
#include "store.h"
#include "timeline.h"

/* ------------------------------------------------------------ temp files */

static int setup(void **state)
{
	*state = tmp_new("sqlite");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return tmp_free(*state);
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* ------------------------------------------------------------ raw sqlite */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		fail_msg("sqlite3_open_v2(%s): %s", path, db ? sqlite3_errmsg(db) : "?");
	return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char copy[512];
		snprintf(copy, sizeof copy, "%s", msg ? msg : "?");
		sqlite3_free(msg);
		fail_msg("%s: %s", sql, copy);
	}
}

/* The first column of the first row of sql, as an integer. */
static int64_t raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t file_int(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	int64_t v = raw_int(db, sql);
	sqlite3_close(db);
	return v;
}

/* ------------------------------------------------------------ store helpers */

static struct store *create(const struct tmp *t)
{
	struct store *s = NULL;
	struct error err = {0};
	bool migrated = true;
	if (store_open(t->path, STORE_CREATE, &s, &migrated, &err) != 0)
		fail_msg("store_open(CREATE): %s", err.msg);
	assert_false(migrated);
	return s;
}

static struct store *reopen(const struct tmp *t)
{
	struct store *s = NULL;
	struct error err = {0};
	if (store_open(t->path, STORE_OPEN, &s, NULL, &err) != 0)
		fail_msg("store_open(OPEN): %s", err.msg);
	return s;
}

static void begin_store(struct store *s)
{
	struct error err = {0};
	if (store_begin(s, &err) != 0)
		fail_msg("store_begin: %s", err.msg);
}

static void commit_store(struct store *s)
{
	struct error err = {0};
	if (store_commit(s, &err) != 0)
		fail_msg("store_commit: %s", err.msg);
}

/* Insert one row; returns whether it was appended. */
static bool insert(struct store *s, int64_t seq, const char *id, const char *type, const char *person, ts_t at,
		   ts_t recorded_at, const char *body)
{
	struct stored_event ev = {
		.seq = seq,
		.id = id,
		.type = type,
		.person = person,
		.at = at,
		.recorded_at = recorded_at,
		.actor = "tester",
		.body = body,
		.body_len = strlen(body),
	};
	bool appended = false;
	struct error err = {0};
	if (store_insert_event(s, &ev, &appended, &err) != 0)
		fail_msg("store_insert_event(%s): %s", id, err.msg);
	return appended;
}

static int64_t max_seq(struct store *s)
{
	int64_t seq = -1;
	struct error err = {0};
	assert_int_equal(store_max_seq(s, &seq, &err), 0);
	return seq;
}

/* Rows handed to a store_event_fn, copied. */
struct rows {
	int64_t seq[64];
	char id[64][EVENT_ID_MAX + 1];
	char body[64][256];
	ts_t at[64], recorded_at[64];
	int64_t voided_by[64];
	size_t n;
};

static int keep_row(void *ctx, const struct stored_event *ev, struct error *err)
{
	(void)err;
	struct rows *r = ctx;
	assert_true(r->n < 64);
	r->seq[r->n] = ev->seq;
	snprintf(r->id[r->n], sizeof r->id[r->n], "%s", ev->id);
	assert_int_equal(strlen(ev->body), ev->body_len);
	snprintf(r->body[r->n], sizeof r->body[r->n], "%s", ev->body);
	r->at[r->n] = ev->at;
	r->recorded_at[r->n] = ev->recorded_at;
	r->voided_by[r->n] = ev->voided_by;
	r->n++;
	return 0;
}

static void log_rows(struct store *s, const char *person, ts_t since, struct rows *out)
{
	memset(out, 0, sizeof *out);
	struct error err = {0};
	if (store_log(s, person, since, keep_row, out, &err) != 0)
		fail_msg("store_log: %s", err.msg);
}

/* The schema of migration 1 in sqlite.c, exactly. */
static const char V1_SCHEMA[] =
	"CREATE TABLE events ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" type TEXT NOT NULL,"
	" person TEXT,"
	" at INTEGER NOT NULL,"
	" recorded_at INTEGER NOT NULL,"
	" actor TEXT NOT NULL,"
	" body TEXT NOT NULL);"
	"CREATE INDEX events_person ON events(person, at);"
	"CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
	" WHEN old.seq < (SELECT max(seq) FROM events)"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	"PRAGMA user_version = 1;";

/* A version-1 ledger as custody 0.1 wrote it: the log only. A facility,
 * a person arrested and booked in, a classify and a void of it. */
static void make_v1_ledger(const char *path)
{
	sqlite3 *db = raw_open(path);
	raw_exec(db, "PRAGMA journal_mode = WAL");
	raw_exec(db, V1_SCHEMA);
	ts_t open = T("2025-01-01T00:00:00Z"), arrest = T("2025-02-01T08:00:00Z");
	ts_t in = T("2025-02-01T12:00:00Z"), rec = T("2025-12-01T00:00:00Z");
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "INSERT INTO events VALUES (1, 'f1', 'facility_open', NULL, %lld, %lld, 'old', "
		 "'{\"id\":\"f1\",\"type\":\"facility_open\",\"at\":\"2025-01-01T00:00:00Z\",\"facility\":\"AAA\","
		 "\"name\":\"Alpha\",\"aor\":\"ATL\",\"kind\":\"SPC\",\"capacity\":100}');"
		 "INSERT INTO events VALUES (2, 'a1', 'arrest', 'A123456789', %lld, %lld, 'old', "
		 "'{\"id\":\"a1\",\"type\":\"arrest\",\"at\":\"2025-02-01T08:00:00Z\",\"person\":\"A-123-456-789\","
		 "\"aor\":\"ATL\",\"agency\":\"ICE\",\"family_name\":\"Doe\"}');"
		 "INSERT INTO events VALUES (3, 'b1', 'book_in', 'A123456789', %lld, %lld, 'old', "
		 "'{\"id\":\"b1\",\"type\":\"book_in\",\"at\":\"2025-02-01T12:00:00Z\",\"person\":\"A123456789\","
		 "\"facility\":\"AAA\"}');"
		 "INSERT INTO events VALUES (4, 'c1', 'classify', 'A123456789', %lld, %lld, 'old', "
		 "'{\"id\":\"c1\",\"type\":\"classify\",\"at\":\"2025-02-01T12:00:00Z\",\"person\":\"A123456789\","
		 "\"criminality\":\"convicted\"}');"
		 "INSERT INTO events VALUES (5, 'v1', 'void', 'A123456789', %lld, %lld, 'old', "
		 "'{\"id\":\"v1\",\"type\":\"void\",\"at\":\"2025-12-01T00:00:00Z\",\"target\":\"c1\","
		 "\"reason\":\"wrong person\"}');",
		 (long long)open, (long long)rec, (long long)arrest, (long long)rec, (long long)in, (long long)rec,
		 (long long)in, (long long)rec, (long long)rec, (long long)rec);
	raw_exec(db, sql);
	sqlite3_close(db);
}

/* ------------------------------------------------------------ opening */

static void test_create_on_existing_path(void **state)
{
	struct tmp *t = *state;
	struct store *s = NULL;
	struct error err = {0};

	/* any file at all: refused, and left alone */
	FILE *f = fopen(t->path, "w");
	assert_non_null(f);
	fputs("precious\n", f);
	fclose(f);
	assert_int_equal(store_open(t->path, STORE_CREATE, &s, NULL, &err), ERR_EXISTS);
	assert_null(s);
	assert_non_null(strstr(err.msg, t->path));
	char buf[32] = "";
	f = fopen(t->path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "precious\n");
	unlink(t->path);

	/* an existing ledger: refused, and still a ledger */
	s = create(t);
	store_close(s);
	s = NULL;
	assert_int_equal(store_open(t->path, STORE_CREATE, &s, NULL, &err), ERR_EXISTS);
	assert_null(s);
	s = reopen(t);
	store_close(s);
}

static void test_open_missing_path(void **state)
{
	struct tmp *t = *state;
	struct store *s = NULL;
	struct error err = {0};
	assert_int_equal(store_open(t->path, STORE_OPEN, &s, NULL, &err), ERR_NOTFOUND);
	assert_null(s);
	assert_false(exists(t->path)); /* not created as a side effect */
}

static void test_open_foreign_sqlite_file(void **state)
{
	struct tmp *t = *state;
	sqlite3 *db = raw_open(t->path);
	raw_exec(db, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
	sqlite3_close(db);

	struct store *s = NULL;
	struct error err = {0};
	int rc = store_open(t->path, STORE_OPEN, &s, NULL, &err);
	assert_int_not_equal(rc, 0);
	assert_null(s);
	assert_non_null(strstr(err.msg, "not a custody ledger"));

	/* it is left as it was: nothing added, and not switched to WAL */
	sqlite3 *check = raw_open(t->path);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(check, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char mode[16];
	snprintf(mode, sizeof mode, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(check);
	assert_int_equal(file_int(t->path, "PRAGMA user_version"), 0);
	assert_int_equal(file_int(t->path, "SELECT count(*) FROM sqlite_master WHERE name = 'events'"), 0);
	assert_int_equal(file_int(t->path, "SELECT count(*) FROM recipes"), 1);
	assert_string_equal(mode, "delete");
}

static void test_open_text_file(void **state)
{
	struct tmp *t = *state;
	FILE *f = fopen(t->path, "w");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fprintf(f, "this is a text file, line %d, not a database\n", i);
	fclose(f);

	struct store *s = NULL;
	struct error err = {0};
	int rc = store_open(t->path, STORE_OPEN, &s, NULL, &err);
	assert_int_not_equal(rc, 0);
	assert_null(s);
	assert_non_null(strstr(err.msg, t->path));
	/* and it is left as it was */
	f = fopen(t->path, "r");
	assert_non_null(f);
	char line[128];
	int lines = 0;
	while (fgets(line, sizeof line, f))
		lines++;
	fclose(f);
	assert_int_equal(lines, 200);
	assert_string_equal(line, "this is a text file, line 199, not a database\n");

	/* an empty file is no ledger either */
	f = fopen(t->path, "w");
	assert_non_null(f);
	fclose(f);
	err.msg[0] = '\0';
	rc = store_open(t->path, STORE_OPEN, &s, NULL, &err);
	assert_int_not_equal(rc, 0);
	assert_null(s);
	assert_non_null(strstr(err.msg, "not a custody ledger"));
}

static void test_create_schema_version(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	int64_t seq = -1;
	struct error err = {0};
	assert_int_equal(store_max_seq(s, &seq, &err), 0);
	assert_int_equal(seq, 0);
	store_close(s);

	sqlite3 *db = raw_open(t->path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	static const char *const tables[] = {"events", "voided", "facilities", "people", "stays", "stints",
					     "enrolments"};
	for (size_t i = 0; i < ROWS(tables); i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
			 tables[i]);
		if (raw_int(db, sql) != 1)
			fail_msg("table %s missing", tables[i]);
	}
	/* WAL mode, as storage.md says */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* reopening a current ledger migrates nothing */
	bool migrated = true;
	assert_int_equal(store_open(t->path, STORE_OPEN, &s, &migrated, &err), 0);
	assert_false(migrated);
	store_close(s);
}

static void test_migrate_v1(void **state)
{
	struct tmp *t = *state;
	make_v1_ledger(t->path);

	struct store *s = NULL;
	struct error err = {0};
	bool migrated = false;
	if (store_open(t->path, STORE_OPEN, &s, &migrated, &err) != 0)
		fail_msg("store_open: %s", err.msg);
	assert_true(migrated);
	assert_int_equal(max_seq(s), 5);
	struct rows rows;
	log_rows(s, NULL, TS_NONE, &rows);
	assert_int_equal(rows.n, 5);
	assert_string_equal(rows.id[2], "b1");
	store_close(s);

	assert_int_equal(file_int(t->path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(file_int(t->path, "SELECT count(*) FROM sqlite_master WHERE name = 'stints'"), 1);

	/* migrated once: the next open has nothing to do */
	migrated = true;
	assert_int_equal(store_open(t->path, STORE_OPEN, &s, &migrated, &err), 0);
	assert_false(migrated);
	store_close(s);
}

/* Through ledger_open, a migration that changes the projections is
 * followed by a rebuild: the new tables are filled from the old log. */
static void test_migrate_v1_rebuilds_projections(void **state)
{
	struct tmp *t = *state;
	make_v1_ledger(t->path);

	struct ledger *l = open_test_ledger(t->path, STORE_OPEN);
	assert_non_null(facility_find(ledger_facilities(l), "AAA"));
	ledger_close(l);

	sqlite3 *db = raw_open(t->path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM facilities WHERE code = 'AAA' AND open = 1 "
				     "AND capacity = 100 AND name = 'Alpha'"),
			 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM people WHERE person = 'A123456789' AND detained = 1 "
				     "AND facility = 'AAA' AND family_name = 'Doe'"),
			 1);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM stays WHERE key = 'b1' AND person = 'A123456789' AND facility = 'AAA' "
		 "AND in_at = %lld AND out_at IS NULL",
		 (long long)T("2025-02-01T12:00:00Z"));
	assert_int_equal(raw_int(db, sql), 1);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM stints WHERE key = 'b1' AND stay_key = 'b1' AND facility = 'AAA' "
		 "AND in_at = %lld AND out_at IS NULL",
		 (long long)T("2025-02-01T12:00:00Z"));
	assert_int_equal(raw_int(db, sql), 1);
	/* the void is applied: the classify does not count */
	assert_int_equal(raw_int(db, "SELECT count(*) FROM voided WHERE target_seq = 4 AND void_seq = 5"), 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM people WHERE criminality IS NULL"), 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM events"), 5);
	sqlite3_close(db);
}

static void test_newer_version_refused(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	store_close(s);
	sqlite3 *db = raw_open(t->path);
	raw_exec(db, "PRAGMA user_version = 99");
	sqlite3_close(db);

	s = NULL;
	struct error err = {0};
	int rc = store_open(t->path, STORE_OPEN, &s, NULL, &err);
	assert_int_not_equal(rc, 0);
	assert_null(s);
	assert_non_null(strstr(err.msg, "99"));
	assert_non_null(strstr(err.msg, "newer"));
	assert_int_equal(file_int(t->path, "PRAGMA user_version"), 99); /* not touched */
}

/* ------------------------------------------------------------ the log */

static void fill_three(struct store *s)
{
	ts_t at = T("2025-03-01T00:00:00Z"), rec = T("2025-12-01T00:00:00Z");
	begin_store(s);
	assert_true(insert(s, 1, "e1", "arrest", "A000000001", at, rec, "{\"one\":1}"));
	assert_true(insert(s, 2, "e2", "arrest", "A000000002", at, rec, "{\"two\":2}"));
	assert_true(insert(s, 3, "e3", "arrest", "A000000003", at, rec, "{\"three\":3}"));
	commit_store(s);
}

static void test_triggers(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	fill_three(s);

	sqlite3 *db = raw_open(t->path);
	sqlite3_busy_timeout(db, 5000);
	/* no UPDATE, of any row */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE events SET body = 'x' WHERE seq = 3", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_not_equal(sqlite3_exec(db, "UPDATE events SET type = 'x' WHERE seq = 1", NULL, NULL, NULL),
			     SQLITE_OK);
	/* no DELETE but of the newest row */
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events WHERE seq = 1", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events WHERE seq = 2", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM events"), 3);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM events WHERE body = 'x' OR type = 'x'"), 0);
	sqlite3_close(db);

	/* through the store: the last row appended in the transaction may go,
	 * no other (a committed one, even the newest, is behind the head) */
	struct error err = {0};
	begin_store(s);
	assert_int_not_equal(store_delete_last_event(s, 1, &err), 0);
	assert_non_null(strstr(err.msg, "append-only"));
	assert_int_not_equal(store_delete_last_event(s, 3, &err), 0);
	assert_true(insert(s, 4, "ev-4", "arrest", "A000000004", 4000, 4000, "{}"));
	assert_int_not_equal(store_delete_last_event(s, 2, &err), 0);
	assert_int_equal(max_seq(s), 4);
	if (store_delete_last_event(s, 4, &err) != 0)
		fail_msg("store_delete_last_event(4): %s", err.msg);
	assert_int_equal(max_seq(s), 3);
	struct rows rows;
	log_rows(s, NULL, TS_NONE, &rows);
	assert_int_equal(rows.n, 3);
	commit_store(s);
	store_close(s);
	assert_int_equal(file_int(t->path, "SELECT count(*) FROM events"), 3);
	assert_int_equal(file_int(t->path, "SELECT seq FROM head"), 3);
}

static void test_insert_repeated_id(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	fill_three(s);

	begin_store(s);
	ts_t at = T("2025-04-01T00:00:00Z");
	assert_false(insert(s, 4, "e2", "book_in", "A000000009", at, at, "{\"other\":true}"));
	assert_int_equal(max_seq(s), 3);
	/* the row under e2 is the first one */
	struct rows rows = {0};
	struct error err = {0};
	assert_int_equal(store_find_event(s, "e2", keep_row, &rows, &err), 0);
	assert_int_equal(rows.n, 1);
	assert_int_equal(rows.seq[0], 2);
	assert_string_equal(rows.body[0], "{\"two\":2}");
	/* and seq 4 is still free */
	assert_true(insert(s, 4, "e4", "book_in", "A000000009", at, at, "{\"four\":4}"));
	commit_store(s);

	memset(&rows, 0, sizeof rows);
	assert_int_equal(store_find_event(s, "nope", keep_row, &rows, &err), ERR_NOTFOUND);
	assert_int_equal(rows.n, 0);
	store_close(s);
	assert_int_equal(file_int(t->path, "SELECT count(*) FROM events"), 4);
}

static void test_log_order_and_filters(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	ts_t r1 = T("2025-06-01T00:00:00Z"), r2 = T("2025-06-02T00:00:00Z"), r3 = T("2025-06-03T00:00:00Z");
	ts_t a1 = T("2025-01-01T00:00:00Z"), a0 = T("2024-01-01T00:00:00Z");
	begin_store(s);
	/* `at` deliberately out of seq order: the log is in seq order */
	assert_true(insert(s, 1, "x1", "facility_open", NULL, a1, r1, "{}"));
	assert_true(insert(s, 2, "x2", "arrest", "A000000001", a1, r1, "{}"));
	assert_true(insert(s, 3, "x3", "arrest", "A000000002", a0, r2, "{}"));
	assert_true(insert(s, 4, "x4", "book_in", "A000000001", a0, r2, "{}"));
	assert_true(insert(s, 5, "x5", "book_out", "A000000001", a1, r3, "{}"));
	commit_store(s);

	struct rows rows;
	log_rows(s, NULL, TS_NONE, &rows);
	assert_int_equal(rows.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(rows.seq[i], (int64_t)i + 1);
	assert_int_equal(rows.at[2], a0);
	assert_int_equal(rows.recorded_at[4], r3);

	log_rows(s, "A000000001", TS_NONE, &rows);
	assert_int_equal(rows.n, 3);
	assert_string_equal(rows.id[0], "x2");
	assert_string_equal(rows.id[1], "x4");
	assert_string_equal(rows.id[2], "x5");

	log_rows(s, "A000000002", TS_NONE, &rows);
	assert_int_equal(rows.n, 1);
	assert_string_equal(rows.id[0], "x3");

	log_rows(s, "A999999999", TS_NONE, &rows);
	assert_int_equal(rows.n, 0);

	/* since: recorded at or after, to the second */
	log_rows(s, NULL, r2, &rows);
	assert_int_equal(rows.n, 3);
	assert_string_equal(rows.id[0], "x3");
	log_rows(s, NULL, r2 + 1, &rows);
	assert_int_equal(rows.n, 1);
	assert_string_equal(rows.id[0], "x5");
	log_rows(s, NULL, r2 - 1, &rows);
	assert_int_equal(rows.n, 3);
	log_rows(s, NULL, r3 + 1, &rows);
	assert_int_equal(rows.n, 0);

	/* both */
	log_rows(s, "A000000001", r2, &rows);
	assert_int_equal(rows.n, 2);
	assert_string_equal(rows.id[0], "x4");
	assert_string_equal(rows.id[1], "x5");

	/* a callback that stops the walk: its result is returned */
	store_close(s);
}

static int stop_walk(void *ctx, const struct stored_event *ev, struct error *err)
{
	(void)ev;
	int *calls = ctx;
	(*calls)++;
	return error_set(err, ERR_REJECTED, "stop");
}

static void test_walk_stops(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	fill_three(s);
	int calls = 0;
	struct error err = {0};
	assert_int_equal(store_log(s, NULL, TS_NONE, stop_walk, &calls, &err), ERR_REJECTED);
	assert_int_equal(calls, 1);
	/* the statement was reset: the next walk starts over */
	struct rows rows;
	log_rows(s, NULL, TS_NONE, &rows);
	assert_int_equal(rows.n, 3);
	store_close(s);
}

/* ------------------------------------------------------------ projections */

/* Apply lines to a fresh timeline of person and write its projections. */
static void write_person(struct store *s, const struct facility_registry *reg, const char *person,
			 const char *const *lines)
{
	struct timeline tl;
	timeline_init(&tl, person);
	struct rules rules;
	rules_default(&rules);
	struct error err = {0};
	for (; *lines; lines++) {
		struct event ev;
		parse_event(*lines, &ev);
		if (timeline_apply(&tl, &ev, reg, &rules, &err) != 0)
			fail_msg("timeline_apply(%s): %s", *lines, err.msg);
		event_free(&ev);
	}
	if (store_write_person(s, &tl, false, &err) != 0)
		fail_msg("store_write_person: %s", err.msg);
	timeline_free(&tl);
}

struct counts {
	char code[8][FACILITY_CODE_MAX + 1];
	int64_t count[8];
	size_t n;
};

static int keep_count(void *ctx, const char *code, int64_t count, struct error *err)
{
	(void)err;
	struct counts *c = ctx;
	assert_true(c->n < 8);
	snprintf(c->code[c->n], sizeof c->code[c->n], "%s", code);
	c->count[c->n++] = count;
	return 0;
}

/* The population at t as "CODE=n CODE=n". */
static void population(struct store *s, ts_t t, char *out, size_t size)
{
	struct counts c = {0};
	struct error err = {0};
	if (store_population_at(s, t, keep_count, &c, &err) != 0)
		fail_msg("store_population_at: %s", err.msg);
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < c.n; i++)
		k += (size_t)snprintf(out + k, size - k, "%s%s=%lld", i ? " " : "", c.code[i],
				      (long long)c.count[i]);
}

static void expect_population(struct store *s, const char *at, int delta, const char *want)
{
	char got[256];
	population(s, T(at) + delta, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("population at %s%+d: got \"%s\", want \"%s\"", at, delta, got, want);
}

#define P1 "'person':'A000000001'"
#define P2 "'person':'A000000002'"

static void test_population_at(void **state)
{
	struct tmp *t = *state;
	struct facility_registry reg;
	facility_registry_init(&reg);
	add_facility_ok(&reg, "{'id':'fa','type':'facility_open','at':'2025-01-01','facility':'AAA','name':'A','aor':'ATL','kind':'SPC','capacity':10}", 1000);
	add_facility_ok(&reg, "{'id':'fb','type':'facility_open','at':'2025-01-01','facility':'BBB','name':'B','aor':'ATL','kind':'SPC','capacity':10}", 1001);

	struct store *s = create(t);
	begin_store(s);
	static const char *const p1[] = {
		"{'id':'p1-in','type':'book_in','at':'2025-01-10T12:00:00Z'," P1 ",'facility':'AAA'}",
		"{'id':'p1-tr','type':'transfer','at':'2025-01-20T12:00:00Z'," P1 ",'facility':'BBB'}",
		"{'id':'p1-out','type':'book_out','at':'2025-02-10T12:00:00Z'," P1 ",'reason':'removed','country':'MX'}",
		NULL};
	static const char *const p2[] = {
		"{'id':'p2-in','type':'book_in','at':'2025-01-20T12:00:00Z'," P2 ",'facility':'AAA'}", NULL};
	write_person(s, &reg, "A000000001", p1);
	write_person(s, &reg, "A000000002", p2);
	commit_store(s);

	expect_population(s, "2025-01-10T12:00:00Z", -1, "");
	expect_population(s, "2025-01-10T12:00:00Z", 0, "AAA=1");
	expect_population(s, "2025-01-20T12:00:00Z", -1, "AAA=1");
	/* at the transfer: P1 is at BBB (in <= t < out), P2 arrives at AAA */
	expect_population(s, "2025-01-20T12:00:00Z", 0, "AAA=1 BBB=1");
	expect_population(s, "2025-02-10T12:00:00Z", -1, "AAA=1 BBB=1");
	expect_population(s, "2025-02-10T12:00:00Z", 0, "AAA=1");
	expect_population(s, "2030-01-01T00:00:00Z", 0, "AAA=1"); /* open stint */

	struct error err = {0};
	assert_int_equal(store_check_integrity(s, &err), 0);
	store_close(s);
	facility_registry_free(&reg);
}

static void test_integrity_ok(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	struct error err = {0};
	assert_int_equal(store_check_integrity(s, &err), 0);
	fill_three(s);
	assert_int_equal(store_check_integrity(s, &err), 0);
	store_close(s);
	s = reopen(t);
	assert_int_equal(store_check_integrity(s, &err), 0);
	store_close(s);
}

/* A transaction left open is rolled back by store_close. */
static void test_close_rolls_back(void **state)
{
	struct tmp *t = *state;
	struct store *s = create(t);
	fill_three(s);
	begin_store(s);
	ts_t at = T("2025-04-01T00:00:00Z");
	assert_true(insert(s, 4, "e4", "arrest", "A000000004", at, at, "{}"));
	store_close(s);
	s = reopen(t);
	assert_int_equal(max_seq(s), 3);
	/* and store_rollback discards too */
	begin_store(s);
	assert_true(insert(s, 4, "e4", "arrest", "A000000004", at, at, "{}"));
	store_rollback(s);
	assert_int_equal(max_seq(s), 3);
	store_close(s);
	store_close(NULL);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_create_on_existing_path),
		TEST(test_open_missing_path),
		TEST(test_open_foreign_sqlite_file),
		TEST(test_open_text_file),
		TEST(test_create_schema_version),
		TEST(test_migrate_v1),
		TEST(test_migrate_v1_rebuilds_projections),
		TEST(test_newer_version_refused),
		TEST(test_triggers),
		TEST(test_insert_repeated_id),
		TEST(test_log_order_and_filters),
		TEST(test_walk_stops),
		TEST(test_population_at),
		TEST(test_integrity_ok),
		TEST(test_close_rolls_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
