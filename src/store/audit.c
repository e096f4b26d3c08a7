#include "audit.h"
#include "chain.h"
#include "store_db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

_Static_assert(AUDIT_HASH_BYTES == CHAIN_HASH_BYTES, "a head holds a hash of the chain");

/* --- heads ------------------------------------------------------------- */

char *audit_head_format(const struct audit_head *h, char buf[AUDIT_HEAD_TEXT])
{
	int n = snprintf(buf, AUDIT_HEAD_TEXT, "%lld:", (long long)h->seq);
	for (int i = 0; i < AUDIT_HASH_BYTES && n + 2 < AUDIT_HEAD_TEXT; i++, n += 2)
		snprintf(buf + n, 3, "%02x", h->hash[i]);
	return buf;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int audit_head_parse(const char *text, struct audit_head *out, struct error *err)
{
	char *end;
	errno = 0;
	long long seq = strtoll(text, &end, 10);
	bool ok = end != text && *end == ':' && seq >= 0 && errno == 0 && strlen(end + 1) == 2 * AUDIT_HASH_BYTES;
	for (int i = 0; ok && i < AUDIT_HASH_BYTES; i++) {
		int hi = hex_digit(end[1 + 2 * i]), lo = hex_digit(end[2 + 2 * i]);
		ok = hi >= 0 && lo >= 0;
		out->hash[i] = (unsigned char)(hi << 4 | lo);
	}
	if (!ok)
		return error_set(err, ERR_INVALID, "head \"%.*s\": expected SEQ:HASH (64 hexadecimal digits), as check "
				 "and backup print it", error_cut(text, 100), text);
	out->seq = seq;
	return 0;
}

/* --- files ------------------------------------------------------------- */

static int io_error(struct error *err, const char *what, const char *path)
{
	return error_set(err, ERR_IO, "%s %s: %s", what, path, strerror(errno));
}

/* Create an empty file of mode 0600 named after pattern (ending in
 * XXXXXX, replaced). */
static int make_temp(char *pattern, struct error *err)
{
	int fd = mkstemp(pattern);
	if (fd < 0)
		return io_error(err, "creating", pattern);
	close(fd);
	return 0;
}

/* Remove a database file and what SQLite keeps beside it. */
static void remove_db(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char name[PATH_MAX + 16];
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

static int sync_path(const char *path, int flags, struct error *err)
{
	int fd = open(path, flags);
	if (fd < 0)
		return io_error(err, "opening", path);
	int rc = fsync(fd) == 0 ? 0 : io_error(err, "syncing", path);
	close(fd);
	return rc;
}

/* Sync the directory holding path, so that a new name in it is durable. */
static int sync_dir_of(const char *path, struct error *err)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return sync_path(dir, O_RDONLY | O_DIRECTORY, err);
}

/* The head row of db into *head. */
static int read_head(sqlite3 *db, struct audit_head *head)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT seq, hash FROM head", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 1) == AUDIT_HASH_BYTES ? SQLITE_OK : SQLITE_CORRUPT;
	if (rc == SQLITE_OK) {
		head->seq = sqlite3_column_int64(st, 0);
		memcpy(head->hash, sqlite3_column_blob(st, 1), AUDIT_HASH_BYTES);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Copy the database src to the (empty) file dest in one step of SQLite's
 * online backup: a snapshot of one instant, writers of src going on. The
 * copy uses a rollback journal; *head (when not NULL) receives its head. */
static int copy_db(sqlite3 *src, const char *src_name, const char *dest, struct audit_head *head,
		   struct error *err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(dest, &db, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(db, "main", src, "main") : NULL;
	if (b) {
		int step = sqlite3_backup_step(b, -1);
		rc = sqlite3_backup_finish(b);
		if (rc == SQLITE_OK && step != SQLITE_DONE)
			rc = step;
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(db);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc == SQLITE_OK && head)
		rc = read_head(db, head);
	if (rc != SQLITE_OK)
		error_set(err, ERR_IO, "copying %s to %s: %s", src_name, dest, db ? sqlite3_errstr(rc) : "out of memory");
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : ERR_IO;
}

int audit_backup(struct ledger *l, const char *dest, struct audit_head *head, struct error *err)
{
	if (access(dest, F_OK) == 0)
		return error_set(err, ERR_EXISTS, "%s already exists; refusing to overwrite it", dest);
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", dest) >= (int)sizeof tmp)
		return error_set(err, ERR_INVALID, "%s: path too long", dest);
	int rc = make_temp(tmp, err);
	if (rc)
		return rc;
	rc = copy_db(store_db(ledger_store(l)), "the ledger", tmp, head, err);
	if (rc == 0)
		rc = sync_path(tmp, O_RDONLY, err);
	if (rc == 0 && link(tmp, dest) != 0)
		rc = errno == EEXIST ? error_set(err, ERR_EXISTS, "%s already exists; refusing to overwrite it", dest)
				     : io_error(err, "naming the copy", dest);
	remove_db(tmp);
	return rc ? rc : sync_dir_of(dest, err);
}

/* --- checks ------------------------------------------------------------ */

/* Where problems go, counted. */
struct sink {
	store_problem_fn fn;
	void *ctx;
	size_t *n;
};

static void problem(const struct sink *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(const struct sink *k, const char *fmt, ...)
{
	char msg[ERROR_MSG_MAX + 200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	k->fn(k->ctx, msg);
	++*k->n;
}

/* The chain recomputed over the log, in seq order. */
struct chain_walk {
	unsigned char prev[CHAIN_HASH_BYTES];
	int64_t seq;    /* the last event walked, 0 before the first */
	int64_t broken; /* the first seq whose stored hash is not the chain's, 0 if none */
	const struct audit_head *expect;
	bool expect_found; /* the log holds the expected head's event, with its hash */
};

static int walk_event(void *ctx, sqlite3_stmt *st, struct error *err)
{
	struct chain_walk *w = ctx;
	struct stored_event ev;
	int rc = store_db_event(st, &ev, err);
	if (rc)
		return rc;
	unsigned char hash[CHAIN_HASH_BYTES];
	chain_hash(w->prev, &ev, hash);
	if (!w->broken && (sqlite3_column_bytes(st, 8) != CHAIN_HASH_BYTES ||
			   memcmp(sqlite3_column_blob(st, 8), hash, CHAIN_HASH_BYTES) != 0))
		w->broken = ev.seq;
	if (w->expect && ev.seq == w->expect->seq)
		w->expect_found = memcmp(hash, w->expect->hash, CHAIN_HASH_BYTES) == 0;
	memcpy(w->prev, hash, CHAIN_HASH_BYTES);
	w->seq = ev.seq;
	return 0;
}

/* The hash chain, the head table, and the head the operator kept. */
static int check_chain(struct store *s, const struct audit_head *expect, const struct sink *k,
		       struct audit_head *head, struct error *err)
{
	struct chain_walk w = {.expect = expect};
	sqlite3_stmt *st;
	int rc = store_db_prepare(s, "SELECT seq, id, type, person, at, recorded_at, actor, body, hash FROM events "
				  "ORDER BY seq", &st, "reading the log", err);
	if (rc || (rc = store_db_each(s, st, walk_event, &w, NULL, "reading the log", err)))
		return rc;
	head->seq = w.seq;
	memcpy(head->hash, w.prev, CHAIN_HASH_BYTES);
	if (w.broken)
		problem(k, "the log's hash chain breaks at seq %lld: that event was changed, or one before it removed",
			(long long)w.broken);
	struct audit_head stored;
	if (read_head(store_db(s), &stored) != SQLITE_OK)
		problem(k, "the log's head is missing or damaged");
	else if (stored.seq > w.seq)
		problem(k, "the log ends at seq %lld but its head is seq %lld: events were cut from its end",
			(long long)w.seq, (long long)stored.seq);
	else if (stored.seq < w.seq || memcmp(stored.hash, head->hash, CHAIN_HASH_BYTES) != 0)
		problem(k, "the log's head (seq %lld) does not match its last event (seq %lld)", (long long)stored.seq,
			(long long)w.seq);
	bool empty_expected = expect && expect->seq == 0;
	if (expect && !empty_expected && !w.expect_found) {
		char text[AUDIT_HEAD_TEXT];
		problem(k, "the log does not hold the head %s: what was recorded up to it was cut or changed",
			audit_head_format(expect, text));
	}
	return 0;
}

static int exec_sql(struct store *s, const char *sql, struct error *err)
{
	return sqlite3_exec(store_db(s), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : store_db_error(s, err, sql);
}

/* Keep a copy of every projection table as audit_<table>. */
static int save_projections(struct store *s, struct error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && store_projection_tables[i]; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "CREATE TABLE audit_%s AS SELECT * FROM %s", store_projection_tables[i],
			 store_projection_tables[i]);
		rc = exec_sql(s, sql, err);
	}
	return rc;
}

/* Rows of one table differing from its saved copy. */
struct difference {
	size_t n;
	char first[80]; /* the first column of the first of them */
};

static int count_difference(void *ctx, sqlite3_stmt *st, struct error *err)
{
	struct difference *d = ctx;
	(void)err;
	if (d->n++ == 0)
		snprintf(d->first, sizeof d->first, "%s",
			 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "NULL");
	return 0;
}

/* Each projection table against its copy saved before the replay. */
static int compare_projections(struct store *s, const struct sink *k, struct error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && store_projection_tables[i]; i++) {
		const char *t = store_projection_tables[i];
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT * FROM (SELECT * FROM %s EXCEPT SELECT * FROM audit_%s) UNION ALL "
			 "SELECT * FROM (SELECT * FROM audit_%s EXCEPT SELECT * FROM %s)",
			 t, t, t, t);
		struct difference d = {0};
		sqlite3_stmt *st;
		if ((rc = store_db_prepare(s, sql, &st, "comparing the projections", err)) == 0)
			rc = store_db_each(s, st, count_difference, &d, NULL, "comparing the projections", err);
		if (rc == 0 && d.n)
			problem(k, "%s: %zu rows differ from a replay of the log (the first: %s)", t, d.n, d.first);
	}
	return rc;
}

/* Every check, on the copy at path. */
static int verify_copy(const char *path, const struct rules *rules, const struct audit_head *expect,
		       const struct sink *k, struct audit_head *head, struct error *err)
{
	struct ledger *l;
	int rc = ledger_open(path, STORE_OPEN, 0, &l, err);
	if (rc)
		return rc;
	ledger_set_rules(l, rules);
	struct store *s = ledger_store(l);
	struct error why;
	size_t corrupt = 0;
	if (store_check_integrity(s, &why))
		problem(k, "%s", why.msg);
	if ((rc = store_check_states(s, k->fn, k->ctx, &corrupt, err)) == 0) {
		*k->n += corrupt;
		rc = check_chain(s, expect, k, head, err);
	}
	if (rc == 0 && (rc = save_projections(s, err)) == 0) {
		if (ledger_rebuild(l, &why))
			problem(k, "the log does not replay: %s", why.msg);
		else
			rc = compare_projections(s, k, err);
	}
	ledger_close(l);
	return rc;
}

int audit_verify(const char *path, const struct rules *rules, const struct audit_head *expect,
		 store_problem_fn fn, void *ctx, struct audit_report *report, struct error *err)
{
	memset(report, 0, sizeof *report);
	if (access(path, F_OK) != 0)
		return error_set(err, ERR_NOTFOUND, "%s: no such file", path);
	const char *dir = getenv("TMPDIR");
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s/custody-verify-XXXXXX", dir && *dir ? dir : "/tmp");
	int rc = make_temp(tmp, err);
	if (rc)
		return rc;
	sqlite3 *src = NULL;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		rc = error_set(err, ERR_IO, "%s: cannot open: %s", path, src ? sqlite3_errmsg(src) : "out of memory");
	if (rc == 0) {
		sqlite3_busy_timeout(src, 10000);
		rc = copy_db(src, path, tmp, NULL, err);
	}
	sqlite3_close(src);
	struct sink k = {fn, ctx, &report->problems};
	if (rc == 0 && (rc = verify_copy(tmp, rules, expect, &k, &report->head, err)))
		error_prefix(err, rc, "%s: ", path);
	remove_db(tmp);
	return rc;
}
