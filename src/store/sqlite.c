/* sqlite.c: the store on SQLite 3 (WAL, synchronous=FULL, prepared
 * statements). See store.h for the contract of each function. */
#include "store.h"
#include "chain.h"
#include "store_db.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum stmt_id {
	Q_FIND_EVENT, Q_INSERT_EVENT, Q_DELETE_LAST, Q_MARK_VOIDED, Q_PERSON_EVENTS, Q_FACILITY_EVENTS,
	Q_ALL_PERSON_EVENTS, Q_LOG, Q_VOID_EVENTS, Q_MAX_SEQ,
	Q_DEL_PEOPLE, Q_DEL_STAYS, Q_DEL_STINTS, Q_DEL_ENROLMENTS, Q_DEL_MARKS,
	Q_PUT_PEOPLE, Q_PUT_STAY, Q_PUT_STINT, Q_PUT_ENROLMENT, Q_PUT_MARK, Q_PUT_FACILITY, Q_DEL_FACILITY,
	Q_FACILITY_STINTS, Q_POPULATION_AT, Q_PERSON_STATE, Q_HELD_AT, Q_ENROLLED_AT, Q_ABSCONDED,
	Q_HEAD, Q_SET_HEAD, Q_LAST_HASH, Q_COUNT
};

#define EVENT_COLUMNS                                                                          \
	"e.seq, e.id, e.type, e.person, e.at, e.recorded_at, e.actor, e.body, "                \
	"coalesce((SELECT void_seq FROM voided v WHERE v.target_seq = e.seq), 0)"

static const char *const stmt_sql[Q_COUNT] = {
	[Q_FIND_EVENT] = "SELECT " EVENT_COLUMNS " FROM events e WHERE e.id = ?1",
	[Q_DELETE_LAST] = "DELETE FROM events WHERE seq = ?1",
	[Q_INSERT_EVENT] = "INSERT INTO events(seq, id, type, person, at, recorded_at, actor, body, hash) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
	[Q_MARK_VOIDED] = "INSERT INTO voided(target_seq, void_seq) VALUES (?1, ?2)",
	[Q_PERSON_EVENTS] = "SELECT " EVENT_COLUMNS " FROM events e WHERE e.person = ?1 ORDER BY e.at, e.seq",
	[Q_FACILITY_EVENTS] = "SELECT " EVENT_COLUMNS " FROM events e WHERE e.person IS NULL "
			      "AND e.type <> 'void' AND NOT EXISTS (SELECT 1 FROM voided v "
			      "WHERE v.target_seq = e.seq) ORDER BY e.at, e.seq",
	[Q_ALL_PERSON_EVENTS] = "SELECT " EVENT_COLUMNS " FROM events e WHERE e.person IS NOT NULL "
				"AND e.type <> 'void' ORDER BY e.person, e.at, e.seq",
	[Q_LOG] = "SELECT " EVENT_COLUMNS " FROM events e WHERE (?1 IS NULL OR e.person = ?1) "
		  "AND e.recorded_at >= ?2 ORDER BY e.seq",
	[Q_VOID_EVENTS] = "SELECT " EVENT_COLUMNS " FROM events e WHERE e.type = 'void' ORDER BY e.seq",
	[Q_MAX_SEQ] = "SELECT coalesce(max(seq), 0) FROM events",
	[Q_DEL_PEOPLE] = "DELETE FROM people WHERE person = ?1",
	[Q_DEL_STAYS] = "DELETE FROM stays WHERE person = ?1",
	[Q_DEL_STINTS] = "DELETE FROM stints WHERE person = ?1",
	[Q_DEL_ENROLMENTS] = "DELETE FROM enrolments WHERE person = ?1",
	[Q_DEL_MARKS] = "DELETE FROM marks WHERE person = ?1",
	[Q_PUT_PEOPLE] = "INSERT OR REPLACE INTO people(person, family_name, given_name, birth_date, sex, "
			 "citizenship, birth_country, criminality, threat_level, mandatory, protected, "
			 "detained, facility, stay_start, final_order, enrolled, arrest_aor, state, last_at) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	[Q_PUT_STAY] = "INSERT OR REPLACE INTO stays(key, person, facility, in_at, out_at, out_reason, "
		       "agency, border, criminality_in, criminality_out) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_PUT_STINT] = "INSERT OR REPLACE INTO stints(key, stay_key, person, facility, in_at, out_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_PUT_ENROLMENT] = "INSERT OR REPLACE INTO enrolments(key, person, start_at, end_at, end_reason, "
			    "technology, checkin_days, aor, area) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_PUT_MARK] = "INSERT OR REPLACE INTO marks(key, person, at, ord, kind, criminality, threat_level, "
		       "aor, agency, outcome, supervised, technology, mandatory) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[Q_PUT_FACILITY] = "INSERT OR REPLACE INTO facilities(code, name, aor, kind, capacity, sex, city, "
			   "state, open, since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_DEL_FACILITY] = "DELETE FROM facilities WHERE code = ?1",
	[Q_FACILITY_STINTS] = "SELECT key, person, in_at, out_at FROM stints WHERE facility = ?1",
	[Q_POPULATION_AT] = "SELECT facility, count(*) FROM stints WHERE in_at <= ?1 "
			    "AND (out_at IS NULL OR out_at > ?1) GROUP BY facility ORDER BY facility",
	[Q_PERSON_STATE] = "SELECT state FROM people WHERE person = ?1",
	/* one pass over people: for those with no event after ?1 the state
	 * after all events is the state at ?1; the others are looked up */
	[Q_HELD_AT] = "SELECT p.person, p.state FROM people p WHERE CASE WHEN p.last_at <= ?1 THEN p.detained = 1 "
		      "ELSE EXISTS (SELECT 1 FROM stays s WHERE s.person = p.person AND s.in_at <= ?1 "
		      "AND (s.out_at IS NULL OR s.out_at > ?1)) END ORDER BY p.person",
	[Q_ABSCONDED] = "SELECT area, count(*) FROM enrolments WHERE end_reason = 'absconded' "
			"AND end_at <= ?1 GROUP BY 1",
	[Q_ENROLLED_AT] = "SELECT p.person, p.state FROM people p WHERE CASE WHEN p.last_at <= ?1 THEN p.enrolled = 1 "
			  "ELSE EXISTS (SELECT 1 FROM enrolments e WHERE e.person = p.person AND e.start_at <= ?1 "
			  "AND (e.end_at IS NULL OR e.end_at > ?1)) END ORDER BY p.person",
	[Q_HEAD] = "SELECT seq, hash FROM head",
	[Q_SET_HEAD] = "UPDATE head SET seq = ?1, hash = ?2",
	[Q_LAST_HASH] = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
};

/* Schema migrations: step i brings a ledger from version i to i + 1. */
static const struct migration {
	const char *sql;
	bool projections; /* changes the projections: rebuild them afterwards */
} migrations[STORE_SCHEMA_VERSION] = {
	{"CREATE TABLE events ("
	 " seq INTEGER PRIMARY KEY,"
	 " id TEXT NOT NULL UNIQUE,"
	 " type TEXT NOT NULL,"
	 " person TEXT,"
	 " at INTEGER NOT NULL,"
	 " recorded_at INTEGER NOT NULL,"
	 " actor TEXT NOT NULL,"
	 " body TEXT NOT NULL);"
	 "CREATE INDEX events_person ON events(person, at);" /* then seq: the rowid */
	 "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
	 " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	 /* the one deletion allowed: the newest row, an event rejected by its
	  * timeline right after it was appended in the same transaction */
	 "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
	 " WHEN old.seq < (SELECT max(seq) FROM events)"
	 " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;",
	 false},
	{"CREATE TABLE voided (target_seq INTEGER PRIMARY KEY, void_seq INTEGER NOT NULL);"
	 "CREATE TABLE facilities (code TEXT PRIMARY KEY, name TEXT, aor TEXT, kind TEXT,"
	 " capacity INTEGER, sex TEXT, city TEXT, state TEXT, open INTEGER NOT NULL, since INTEGER)"
	 " WITHOUT ROWID;"
	 "CREATE TABLE people (person TEXT PRIMARY KEY, family_name TEXT, given_name TEXT,"
	 " birth_date TEXT, sex TEXT, citizenship TEXT, birth_country TEXT, criminality TEXT,"
	 " threat_level INTEGER, mandatory TEXT, protected INTEGER, detained INTEGER NOT NULL,"
	 " facility TEXT, stay_start INTEGER, final_order TEXT, enrolled INTEGER NOT NULL,"
	 " arrest_aor TEXT) WITHOUT ROWID;"
	 /* keyed by person first: a person's rows are replaced together */
	 "CREATE TABLE stays (person TEXT NOT NULL, key TEXT NOT NULL, facility TEXT NOT NULL,"
	 " in_at INTEGER NOT NULL, out_at INTEGER, out_reason TEXT, agency TEXT, border INTEGER,"
	 " criminality_in TEXT, criminality_out TEXT, PRIMARY KEY (person, key)) WITHOUT ROWID;"
	 "CREATE TABLE stints (person TEXT NOT NULL, key TEXT NOT NULL, stay_key TEXT NOT NULL,"
	 " facility TEXT NOT NULL, in_at INTEGER NOT NULL, out_at INTEGER, PRIMARY KEY (person, key))"
	 " WITHOUT ROWID;"
	 "CREATE TABLE enrolments (person TEXT NOT NULL, key TEXT NOT NULL, start_at INTEGER NOT NULL,"
	 " end_at INTEGER, end_reason TEXT, technology TEXT NOT NULL, checkin_days INTEGER NOT NULL,"
	 " aor TEXT, PRIMARY KEY (person, key)) WITHOUT ROWID;",
	 true},
	/* the whole timeline state, so that a person loads without a replay */
	{"ALTER TABLE people ADD COLUMN state BLOB;", true},
	/* the stored state gains check-in periods (timeline_codec.c version 2);
	 * an enrolment keeps the AOR it belongs to */
	{"ALTER TABLE enrolments ADD COLUMN area TEXT; ALTER TABLE people ADD COLUMN last_at INTEGER;", true},
	/* the facts statistics count at their instant; and the official
	 * figures imported from ICE's workbooks (reference data, not derived) */
	{"CREATE TABLE marks (person TEXT NOT NULL, key TEXT NOT NULL, at INTEGER NOT NULL, ord INTEGER NOT NULL,"
	 " kind TEXT NOT NULL, criminality TEXT, threat_level INTEGER, aor TEXT, agency TEXT, outcome TEXT,"
	 " supervised INTEGER NOT NULL, technology TEXT, mandatory TEXT, PRIMARY KEY (person, key)) WITHOUT ROWID;"
	 "CREATE TABLE official (fy INTEGER NOT NULL, tbl TEXT NOT NULL, grp TEXT NOT NULL, sub TEXT NOT NULL,"
	 " month INTEGER NOT NULL, value REAL, text TEXT, PRIMARY KEY (fy, tbl, grp, sub, month)) WITHOUT ROWID;",
	 true},
	/* the server's users and the access log (who read which person: kept,
	 * never edited, like the event log); the locator's lookup by name */
	{"CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, aors TEXT, token_hash TEXT,"
	 " created_at INTEGER NOT NULL, token_at INTEGER) WITHOUT ROWID;"
	 "CREATE TABLE access_log (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
	 " person TEXT NOT NULL, what TEXT NOT NULL);"
	 "CREATE INDEX access_log_person ON access_log(person, seq);"
	 "CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log"
	 " BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	 "CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log"
	 " BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	 "CREATE INDEX people_name ON people(family_name COLLATE NOCASE, given_name COLLATE NOCASE,"
	 " birth_country);",
	 false},
	/* the hash chain over the log (chain.h), computed for the events
	 * already there, and its head, which only advances: a log cut at its
	 * end no longer matches its head, nor a head the operator kept; the
	 * one deletion allowed (the newest event, rejected in the transaction
	 * that appended it) never reached the head */
	{"ALTER TABLE events ADD COLUMN hash BLOB;"
	 "DROP TRIGGER events_append_only_update;"
	 "DROP TRIGGER events_append_only_delete;"
	 "CREATE TEMP TABLE chain (seq INTEGER PRIMARY KEY, hash BLOB NOT NULL);"
	 "INSERT INTO temp.chain WITH RECURSIVE c(seq, hash) AS (SELECT 0, zeroblob(32) UNION ALL"
	 " SELECT e.seq, custody_event_hash(c.hash, e.seq, e.id, e.type, e.person, e.at, e.recorded_at, e.actor,"
	 " e.body) FROM c JOIN events e ON e.seq = (SELECT min(seq) FROM events WHERE seq > c.seq))"
	 " SELECT seq, hash FROM c;"
	 "UPDATE events SET hash = (SELECT hash FROM temp.chain t WHERE t.seq = events.seq);"
	 "CREATE TABLE head (one INTEGER PRIMARY KEY CHECK (one = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL);"
	 "INSERT INTO head SELECT 1, seq, hash FROM temp.chain ORDER BY seq DESC LIMIT 1;"
	 "DROP TABLE temp.chain;"
	 "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
	 " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	 "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
	 " WHEN old.seq < (SELECT max(seq) FROM events) OR old.seq <= (SELECT seq FROM head)"
	 " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
	 "CREATE TRIGGER head_advances BEFORE UPDATE ON head"
	 " WHEN new.one IS NOT 1 OR new.seq < old.seq OR new.seq IS NOT (SELECT max(seq) FROM events)"
	 " OR new.hash IS NOT (SELECT hash FROM events WHERE seq = new.seq)"
	 " BEGIN SELECT RAISE(ABORT, 'the head of the event log only advances to its last event'); END;"
	 "CREATE TRIGGER head_kept BEFORE DELETE ON head"
	 " BEGIN SELECT RAISE(ABORT, 'the head of the event log is kept'); END;"
	 "CREATE TRIGGER head_single BEFORE INSERT ON head"
	 " BEGIN SELECT RAISE(ABORT, 'the event log has one head'); END;",
	 false},
	/* the daily population of every facility (the Deportation Data
	 * Project's table, custody import-population: reference data, not
	 * derived), and each facility's name as ICE records it on its latest day */
	{"CREATE TABLE population (facility TEXT NOT NULL, day INTEGER NOT NULL, detained INTEGER,"
	 " midnight INTEGER NOT NULL, male INTEGER, female INTEGER, convicted INTEGER, under_18 INTEGER,"
	 " PRIMARY KEY (facility, day)) WITHOUT ROWID;"
	 "CREATE TABLE population_facilities (code TEXT PRIMARY KEY, name TEXT NOT NULL, last_day INTEGER NOT NULL)"
	 " WITHOUT ROWID;",
	 false},
	/* the access log records the instant each read asked about (NULL in
	 * the rows written before) */
	{"ALTER TABLE access_log ADD COLUMN asked_at INTEGER;", false},
};

const char *const store_projection_tables[] = {"voided", "facilities", "people", "stays", "stints",
					       "enrolments", "marks", NULL};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q_COUNT];
	bool in_transaction;
	/* in a transaction: the head as committed, and the last event appended
	 * (seq and hash), which becomes the head on commit */
	int64_t head_seq, tip_seq;
	unsigned char tip[CHAIN_HASH_BYTES];
};

static int db_error(struct store *s, struct error *err, const char *what)
{
	return error_set(err, ERR_IO, "database: %s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

int store_db_error(struct store *s, struct error *err, const char *what)
{
	return db_error(s, err, what);
}

int store_db_prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what, struct error *err)
{
	return sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK ? 0 : db_error(s, err, what);
}

int store_db_each(struct store *s, sqlite3_stmt *st, store_db_row_fn row, void *ctx, size_t *rows, const char *what,
		  struct error *err)
{
	int rc = 0, step;
	size_t n = 0;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		rc = row(ctx, st, err);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(s, err, what);
	sqlite3_finalize(st);
	if (rows)
		*rows = n;
	return rc;
}

static int exec(struct store *s, const char *sql, struct error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	int rc = error_set(err, ERR_IO, "database: %s", msg ? msg : sqlite3_errmsg(s->db));
	sqlite3_free(msg);
	return rc;
}

/* The integer a one-row query such as a PRAGMA returns. */
static int query_int(struct store *s, const char *sql, int64_t *out, const char *what, struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, what);
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : db_error(s, err, what);
	*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static int user_version(struct store *s, int *version, struct error *err)
{
	int64_t v = 0;
	int rc = query_int(s, "PRAGMA user_version", &v, "reading the schema version", err);
	*version = (int)v;
	return rc;
}

int store_data_version(struct store *s, int64_t *out, struct error *err)
{
	return query_int(s, "PRAGMA data_version", out, "reading the data version", err);
}

int store_read_only(struct store *s, struct error *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "PRAGMA query_only = 1; PRAGMA mmap_size = %lld; PRAGMA cache_size = -%d",
		 (long long)STORE_READ_MAP, STORE_READ_CACHE_KIB);
	return exec(s, sql, err);
}

static int migrate(struct store *s, int from, bool *projections, struct error *err)
{
	for (int v = from; v < STORE_SCHEMA_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		int rc = exec(s, "BEGIN IMMEDIATE", err);
		if (rc == 0 && (rc = exec(s, migrations[v].sql, err)) == 0 && (rc = exec(s, bump, err)) == 0)
			rc = exec(s, "COMMIT", err);
		if (rc) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return error_prefix(err, rc, "migrating the ledger to schema version %d: ", v + 1);
		}
		*projections |= migrations[v].projections && from > 0;
	}
	return 0;
}

static int configure(struct store *s, struct error *err)
{
	int rc = exec(s,
		      "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF;"
		      "PRAGMA cache_size = -524288; PRAGMA temp_store = FILE;",
		      err);
	if (rc == 0)
		sqlite3_busy_timeout(s->db, 10000);
	return rc;
}

static int prepare_all(struct store *s, struct error *err)
{
	for (int i = 0; i < Q_COUNT; i++) {
		assert(stmt_sql[i]);
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[i], NULL) !=
		    SQLITE_OK)
			return db_error(s, err, "preparing statements");
	}
	return 0;
}

/* A ledger has the events table; anything else at user_version 0 is foreign. */
static int looks_empty(struct store *s, bool *empty, struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "reading the schema (is this a SQLite file?)");
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : db_error(s, err, "reading the schema");
	*empty = sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	return rc;
}

static int open_checked(struct store *s, const char *path, enum store_mode mode, bool *projections,
			struct error *err)
{
	bool exists = access(path, F_OK) == 0;
	if (mode == STORE_CREATE && exists)
		return error_set(err, ERR_EXISTS, "%s already exists; refusing to overwrite a ledger", path);
	if (mode == STORE_OPEN && !exists)
		return error_set(err, ERR_NOTFOUND, "%s: no ledger here (create one with `custody init`)", path);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK)
		return error_set(err, ERR_IO, "%s: cannot open: %s", path,
				 s->db ? sqlite3_errmsg(s->db) : "out of memory");
	int version = 0, rc;
	bool empty = true;
	/* look before configuring: a file that is not a ledger stays untouched */
	if ((rc = user_version(s, &version, err)) || (rc = looks_empty(s, &empty, err)))
		return error_prefix(err, rc, "%s: ", path);
	if (version == 0 && !empty)
		return error_set(err, ERR_IO, "%s is not a custody ledger", path);
	if (version == 0 && mode == STORE_OPEN)
		return error_set(err, ERR_IO, "%s is not a custody ledger (empty file)", path);
	if (version > STORE_SCHEMA_VERSION)
		return error_set(err, ERR_IO,
				 "%s has schema version %d, newer than this custody understands (%d)", path,
				 version, STORE_SCHEMA_VERSION);
	if ((rc = configure(s, err)))
		return error_prefix(err, rc, "%s: ", path);
	if (chain_register(s->db) != SQLITE_OK)
		return db_error(s, err, "registering the hash chain's function");
	if ((rc = migrate(s, version, projections, err)))
		return rc;
	return prepare_all(s, err);
}

int store_open(const char *path, enum store_mode mode, struct store **out, bool *migrated_projections,
	       struct error *err)
{
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return error_set(err, ERR_NOMEM, "out of memory");
	bool projections = false;
	int rc = open_checked(s, path, mode, &projections, err);
	if (rc) {
		store_close(s);
		return rc;
	}
	if (migrated_projections)
		*migrated_projections = projections;
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->in_transaction)
		store_rollback(s);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s);
}

/* Run a statement that returns no rows, then reset it. */
static int run(struct store *s, sqlite3_stmt *st, struct error *err, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, err, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* The (seq, hash) row of a query: the head, or the log's last event; seq
 * 0 and zero bytes when there is none. */
static int read_link(struct store *s, enum stmt_id id, int64_t *seq, unsigned char hash[CHAIN_HASH_BYTES],
		     struct error *err)
{
	sqlite3_stmt *st = s->stmt[id];
	int step = sqlite3_step(st), rc = 0;
	*seq = 0;
	memset(hash, 0, CHAIN_HASH_BYTES);
	if (step == SQLITE_ROW && sqlite3_column_bytes(st, 1) == CHAIN_HASH_BYTES) {
		*seq = sqlite3_column_int64(st, 0);
		memcpy(hash, sqlite3_column_blob(st, 1), CHAIN_HASH_BYTES);
	} else if (step == SQLITE_ROW) {
		rc = error_set(err, ERR_IO, "database: the hash chain is damaged at seq %lld (run `custody check`)",
			       (long long)sqlite3_column_int64(st, 0));
	} else if (step != SQLITE_DONE) {
		rc = db_error(s, err, "reading the head of the log");
	}
	sqlite3_reset(st);
	return rc;
}

int store_begin(struct store *s, struct error *err)
{
	assert(!s->in_transaction);
	int rc = exec(s, "BEGIN IMMEDIATE", err);
	if (rc == 0 && (rc = read_link(s, Q_HEAD, &s->head_seq, s->tip, err)))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->tip_seq = s->head_seq;
	s->in_transaction = rc == 0;
	return rc;
}

/* Advance the head to the last event appended, in the transaction. */
static int advance_head(struct store *s, struct error *err)
{
	if (s->tip_seq == s->head_seq)
		return 0;
	sqlite3_stmt *st = s->stmt[Q_SET_HEAD];
	sqlite3_bind_int64(st, 1, s->tip_seq);
	sqlite3_bind_blob(st, 2, s->tip, CHAIN_HASH_BYTES, SQLITE_STATIC);
	return run(s, st, err, "advancing the head of the log");
}

int store_commit(struct store *s, struct error *err)
{
	assert(s->in_transaction);
	int rc = advance_head(s, err);
	if (rc == 0)
		rc = exec(s, "COMMIT", err);
	if (rc == 0)
		s->in_transaction = false;
	return rc;
}

void store_rollback(struct store *s)
{
	if (!s->in_transaction)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_transaction = false;
}

/* Bind helpers: absent values become SQL NULL. */
static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s && s[0] ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int bind_word(sqlite3_stmt *st, int i, const struct vocab *v, int value)
{
	return value == UNSET ? sqlite3_bind_null(st, i) : sqlite3_bind_text(st, i, vocab_word(v, value), -1,
									     SQLITE_STATIC);
}

static int bind_time(sqlite3_stmt *st, int i, ts_t t)
{
	return t == TS_NONE || t == TS_FOREVER ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, t);
}

static int bind_int(sqlite3_stmt *st, int i, int value)
{
	return value == UNSET ? sqlite3_bind_null(st, i) : sqlite3_bind_int(st, i, value);
}

static int bind_date(sqlite3_stmt *st, int i, ts_t t)
{
	char buf[DATE_TEXT_MAX];
	return t == TS_NONE ? sqlite3_bind_null(st, i)
			    : sqlite3_bind_text(st, i, ts_format_date(t, buf), -1, SQLITE_TRANSIENT);
}

static ts_t column_time(sqlite3_stmt *st, int i, ts_t if_null)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? if_null : sqlite3_column_int64(st, i);
}

int store_db_event(sqlite3_stmt *st, struct stored_event *ev, struct error *err)
{
	*ev = (struct stored_event){
		.seq = sqlite3_column_int64(st, 0),
		.id = (const char *)sqlite3_column_text(st, 1),
		.type = (const char *)sqlite3_column_text(st, 2),
		.person = (const char *)sqlite3_column_text(st, 3),
		.at = sqlite3_column_int64(st, 4),
		.recorded_at = sqlite3_column_int64(st, 5),
		.actor = (const char *)sqlite3_column_text(st, 6),
		.body = (const char *)sqlite3_column_text(st, 7),
		.body_len = (size_t)sqlite3_column_bytes(st, 7),
	};
	return ev->id && ev->type && ev->actor && ev->body ? 0 : error_set(err, ERR_NOMEM, "out of memory reading the log");
}

/* Step through an event query, calling fn for each row. */
static int each_event(struct store *s, sqlite3_stmt *st, store_event_fn fn, void *ctx, struct error *err)
{
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct stored_event ev;
		if ((rc = store_db_event(st, &ev, err)) == 0) {
			ev.voided_by = sqlite3_column_int64(st, 8);
			rc = fn(ctx, &ev, err);
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(s, err, "reading the log");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_max_seq(struct store *s, int64_t *out, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_MAX_SEQ];
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : db_error(s, err, "reading the last seq");
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

struct finder {
	store_event_fn fn;
	void *ctx;
	bool found;
};

static int found_event(void *ctx, const struct stored_event *ev, struct error *err)
{
	struct finder *f = ctx;
	f->found = true;
	return f->fn(f->ctx, ev, err);
}

int store_find_event(struct store *s, const char *id, store_event_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_FIND_EVENT];
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	struct finder f = {fn, ctx, false};
	int rc = each_event(s, st, found_event, &f, err);
	if (rc == 0 && !f.found)
		return error_set(err, ERR_NOTFOUND, "unknown event %s", id);
	return rc;
}

int store_insert_event(struct store *s, const struct stored_event *ev, bool *appended, struct error *err)
{
	assert(s->in_transaction);
	unsigned char hash[CHAIN_HASH_BYTES];
	chain_hash(s->tip, ev, hash);
	sqlite3_stmt *st = s->stmt[Q_INSERT_EVENT];
	sqlite3_bind_int64(st, 1, ev->seq);
	sqlite3_bind_text(st, 2, ev->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ev->type, -1, SQLITE_STATIC);
	bind_text(st, 4, ev->person);
	sqlite3_bind_int64(st, 5, ev->at);
	sqlite3_bind_int64(st, 6, ev->recorded_at);
	sqlite3_bind_text(st, 7, ev->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, ev->body, (int)ev->body_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, hash, CHAIN_HASH_BYTES, SQLITE_STATIC);
	int rc = run(s, st, err, "appending an event");
	*appended = rc == 0 && sqlite3_changes(s->db) == 1;
	if (*appended) {
		s->tip_seq = ev->seq;
		memcpy(s->tip, hash, CHAIN_HASH_BYTES);
	}
	return rc;
}

int store_delete_last_event(struct store *s, int64_t seq, struct error *err)
{
	assert(s->in_transaction); /* the triggers refuse any but the newest row, uncommitted */
	sqlite3_stmt *st = s->stmt[Q_DELETE_LAST];
	sqlite3_bind_int64(st, 1, seq);
	int rc = run(s, st, err, "taking back a rejected event");
	return rc ? rc : read_link(s, Q_LAST_HASH, &s->tip_seq, s->tip, err);
}

int store_mark_voided(struct store *s, int64_t target_seq, int64_t void_seq, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_MARK_VOIDED];
	sqlite3_bind_int64(st, 1, target_seq);
	sqlite3_bind_int64(st, 2, void_seq);
	return run(s, st, err, "recording a void");
}

int store_person_events(struct store *s, const char *person, store_event_fn fn, void *ctx,
			struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_PERSON_EVENTS];
	sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
	return each_event(s, st, fn, ctx, err);
}

int store_facility_events(struct store *s, store_event_fn fn, void *ctx, struct error *err)
{
	return each_event(s, s->stmt[Q_FACILITY_EVENTS], fn, ctx, err);
}

int store_all_person_events(struct store *s, store_event_fn fn, void *ctx, struct error *err)
{
	return each_event(s, s->stmt[Q_ALL_PERSON_EVENTS], fn, ctx, err);
}

int store_void_events(struct store *s, store_event_fn fn, void *ctx, struct error *err)
{
	return each_event(s, s->stmt[Q_VOID_EVENTS], fn, ctx, err);
}

int store_log(struct store *s, const char *person, ts_t since, store_event_fn fn, void *ctx,
	      struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_LOG];
	bind_text(st, 1, person);
	sqlite3_bind_int64(st, 2, since == TS_NONE ? INT64_MIN : since);
	return each_event(s, st, fn, ctx, err);
}

static int delete_person(struct store *s, const char *person, struct error *err)
{
	static const enum stmt_id dels[] = {Q_DEL_PEOPLE, Q_DEL_STAYS, Q_DEL_STINTS, Q_DEL_ENROLMENTS,
					    Q_DEL_MARKS};
	for (size_t i = 0; i < sizeof dels / sizeof *dels; i++) {
		sqlite3_stmt *st = s->stmt[dels[i]];
		sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
		int rc = run(s, st, err, "clearing a person's projections");
		if (rc)
			return rc;
	}
	return 0;
}

static int put_people(struct store *s, const struct timeline *tl, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_PUT_PEOPLE];
	bind_text(st, 1, tl->person);
	bind_text(st, 2, tl->family_name);
	bind_text(st, 3, tl->given_name);
	bind_date(st, 4, tl->birth_date);
	bind_word(st, 5, &vocab_person_sex, tl->sex);
	bind_text(st, 6, tl->citizenship);
	bind_text(st, 7, tl->birth_country);
	bind_word(st, 8, &vocab_criminality, tl->criminality);
	bind_int(st, 9, tl->threat_level);
	bind_word(st, 10, &vocab_mandatory, tl->mandatory);
	bind_int(st, 11, tl->protected_);
	sqlite3_bind_int(st, 12, tl->detained);
	bind_text(st, 13, tl->detained ? tl->stint.facility : NULL);
	bind_time(st, 14, tl->detained ? tl->stay.in : TS_NONE);
	bind_date(st, 15, tl->final_order ? tl->final_date : TS_NONE);
	sqlite3_bind_int(st, 16, tl->enrolled);
	bind_word(st, 17, &vocab_aor, tl->arrest_aor);
	unsigned char *state;
	size_t len;
	int rc = timeline_encode(tl, &state, &len, err);
	if (rc) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return rc;
	}
	sqlite3_bind_blob64(st, 18, state, len, free);
	bind_time(st, 19, tl->last_at);
	return run(s, st, err, "writing a person");
}

static int put_stay(struct store *s, const struct tl_stay *r, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_PUT_STAY];
	bind_text(st, 1, r->key);
	bind_text(st, 2, r->person);
	bind_text(st, 3, r->facility);
	bind_time(st, 4, r->in);
	bind_time(st, 5, r->out);
	bind_word(st, 6, &vocab_release_reason, r->out_reason);
	bind_word(st, 7, &vocab_agency, r->agency);
	bind_int(st, 8, r->border);
	bind_word(st, 9, &vocab_criminality, r->criminality_in);
	bind_word(st, 10, &vocab_criminality, r->criminality_out);
	return run(s, st, err, "writing a stay");
}

static int put_stint(struct store *s, const struct tl_stint *r, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_PUT_STINT];
	bind_text(st, 1, r->key);
	bind_text(st, 2, r->stay_key);
	bind_text(st, 3, r->person);
	bind_text(st, 4, r->facility);
	bind_time(st, 5, r->in);
	bind_time(st, 6, r->out);
	return run(s, st, err, "writing a stint");
}

static int put_enrolment(struct store *s, const struct tl_enrolment *r, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_PUT_ENROLMENT];
	bind_text(st, 1, r->key);
	bind_text(st, 2, r->person);
	bind_time(st, 3, r->start);
	bind_time(st, 4, r->end);
	bind_word(st, 5, &vocab_atd_end_reason, r->end_reason);
	bind_word(st, 6, &vocab_technology, r->technology);
	sqlite3_bind_int(st, 7, r->checkin_days);
	bind_word(st, 8, &vocab_aor, r->aor);
	bind_word(st, 9, &vocab_aor, r->area);
	return run(s, st, err, "writing an enrolment");
}

static int put_mark(struct store *s, const struct tl_mark *m, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_PUT_MARK];
	bind_text(st, 1, m->key);
	bind_text(st, 2, m->person);
	bind_time(st, 3, m->at);
	sqlite3_bind_int64(st, 4, m->ord);
	bind_word(st, 5, &vocab_mark_kind, m->kind);
	bind_word(st, 6, &vocab_criminality, m->criminality);
	bind_int(st, 7, m->threat_level);
	bind_word(st, 8, &vocab_aor, m->aor);
	bind_word(st, 9, &vocab_agency, m->agency);
	bind_word(st, 10, &vocab_hearing_status, m->outcome);
	sqlite3_bind_int(st, 11, m->supervised);
	bind_word(st, 12, &vocab_technology, m->technology);
	bind_word(st, 13, &vocab_mandatory, m->mandatory);
	return run(s, st, err, "writing a mark");
}

int store_write_person(struct store *s, const struct timeline *tl, bool replace, struct error *err)
{
	const struct tl_changes *c = &tl->changes;
	int rc = replace ? delete_person(s, tl->person, err) : 0;
	for (size_t i = 0; rc == 0 && i < c->n_stays; i++)
		rc = put_stay(s, &c->stays[i], err);
	for (size_t i = 0; rc == 0 && i < c->n_stints; i++)
		rc = put_stint(s, &c->stints[i], err);
	for (size_t i = 0; rc == 0 && i < c->n_enrolments; i++)
		rc = put_enrolment(s, &c->enrolments[i], err);
	for (size_t i = 0; rc == 0 && i < c->n_marks; i++)
		rc = put_mark(s, &c->marks[i], err);
	if (rc)
		return rc;
	if (tl->n_events > 0)
		return put_people(s, tl, err);
	sqlite3_stmt *st = s->stmt[Q_DEL_PEOPLE];
	sqlite3_bind_text(st, 1, tl->person, -1, SQLITE_STATIC);
	return run(s, st, err, "clearing a person");
}

int store_write_facility(struct store *s, const struct facility *fac, struct error *err)
{
	struct facility_state fs;
	facility_state_at(fac, TS_FOREVER, &fs);
	sqlite3_stmt *st = s->stmt[Q_PUT_FACILITY];
	const struct event *d = fs.details;
	bind_text(st, 1, fac->code);
	bind_text(st, 2, d ? d->name : NULL);
	bind_word(st, 3, &vocab_aor, d ? d->aor : UNSET);
	bind_word(st, 4, &vocab_facility_kind, d ? d->kind : UNSET);
	bind_int(st, 5, d ? fs.capacity : UNSET);
	bind_word(st, 6, &vocab_facility_sex, d ? d->facility_sex : UNSET);
	bind_text(st, 7, d ? d->city : NULL);
	bind_text(st, 8, d ? d->state : NULL);
	sqlite3_bind_int(st, 9, fs.open);
	bind_time(st, 10, fs.since);
	return run(s, st, err, "writing a facility");
}

int store_delete_facility(struct store *s, const char *code, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_DEL_FACILITY];
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return run(s, st, err, "deleting a facility");
}

int store_facility_stints(struct store *s, const char *code, store_stint_fn fn, void *ctx,
			  struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_FACILITY_STINTS];
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			sqlite3_column_int64(st, 2), column_time(st, 3, TS_FOREVER), err);
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(s, err, "reading stints");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_clear_projections(struct store *s, struct error *err)
{
	for (size_t i = 0; store_projection_tables[i]; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM %s", store_projection_tables[i]);
		int rc = exec(s, sql, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* Run a (text, count) query with the instant t as ?1, calling fn per row. */
static int counts_at(struct store *s, enum stmt_id id, ts_t t, store_count_fn fn, void *ctx, const char *what,
		     struct error *err)
{
	sqlite3_stmt *st = s->stmt[id];
	sqlite3_bind_int64(st, 1, t);
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1), err);
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(s, err, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_population_at(struct store *s, ts_t t, store_count_fn fn, void *ctx, struct error *err)
{
	return counts_at(s, Q_POPULATION_AT, t, fn, ctx, "counting the population", err);
}

int store_absconders_at(struct store *s, ts_t t, store_count_fn fn, void *ctx, struct error *err)
{
	return counts_at(s, Q_ABSCONDED, t, fn, ctx, "counting absconders", err);
}

int store_check_integrity(struct store *s, struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "integrity check");
	int rc = 0;
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = db_error(s, err, "integrity check");
	else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		rc = error_set(err, ERR_IO, "integrity check: %s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* Decode the state in column col of st, the state of person, into tl
 * (*stored true) or leave *stored false when there is none or it is of
 * another version (the caller replays). A state that does not decode, holds
 * values out of range or is another person's is corrupt: ERR_IO. */
static int column_timeline(sqlite3_stmt *st, int col, const char *person, struct timeline *tl, bool *stored,
			   struct error *err)
{
	const void *blob = sqlite3_column_blob(st, col);
	int len = sqlite3_column_bytes(st, col);
	struct error why;
	int rc = blob ? timeline_decode(blob, (size_t)len, tl, &why) : ERR_NOTFOUND;
	*stored = rc == 0;
	if (rc == 0 && strcmp(tl->person, person) != 0) {
		timeline_free(tl);
		*stored = false;
		rc = error_set(&why, ERR_INVALID, "the state of another person");
	}
	if (rc == ERR_INVALID)
		return error_set(err, ERR_IO, "stored state of person %s is corrupt (%s): run `custody check`", person,
				 why.msg);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

int store_load_timeline(struct store *s, const char *person, struct timeline *tl, struct error *err)
{
	sqlite3_stmt *st = s->stmt[Q_PERSON_STATE];
	sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
	int step = sqlite3_step(st), rc = 0;
	bool stored = false;
	if (step == SQLITE_ROW)
		rc = column_timeline(st, 0, person, tl, &stored, err);
	else if (step != SQLITE_DONE)
		rc = db_error(s, err, "reading a person's state");
	if (rc == 0 && !stored)
		rc = error_set(err, ERR_NOTFOUND, "no stored state for %s", person);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_check_states(struct store *s, store_problem_fn fn, void *ctx, size_t *problems, struct error *err)
{
	sqlite3_stmt *st;
	int rc = store_db_prepare(s, "SELECT person, state FROM people ORDER BY person", &st, "reading the states", err);
	int step = SQLITE_DONE;
	*problems = 0;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct timeline tl;
		struct error why;
		bool stored = false;
		if (column_timeline(st, 1, (const char *)sqlite3_column_text(st, 0), &tl, &stored, &why)) {
			fn(ctx, why.msg);
			++*problems;
		}
		if (stored)
			timeline_free(&tl);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(s, err, "reading the states");
	sqlite3_finalize(st);
	return rc;
}

int store_people_at(struct store *s, ts_t t, enum store_who who, store_timeline_fn fn, void *ctx,
		    struct error *err)
{
	sqlite3_stmt *st = s->stmt[who == STORE_HELD ? Q_HELD_AT : Q_ENROLLED_AT];
	sqlite3_bind_int64(st, 1, t);
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct timeline tl;
		const char *person = (const char *)sqlite3_column_text(st, 0);
		bool stored = false;
		if ((rc = column_timeline(st, 1, person, &tl, &stored, err)) == 0)
			rc = fn(ctx, person, stored ? &tl : NULL, err);
		if (stored)
			timeline_free(&tl);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(s, err, who == STORE_HELD ? "reading who is held" : "reading who is enrolled");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}
