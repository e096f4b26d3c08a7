/* users.c: users, the access log and the locator's lookup (users.h). */
#include "users.h"
#include "store_db.h"

#include <assert.h>
#include <stddef.h>

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct error *err)
{
	return store_db_prepare(s, sql, st, "preparing a query", err);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static ts_t column_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? TS_NONE : sqlite3_column_int64(st, i);
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Run a statement that returns no rows; *changes (if not NULL) receives
 * the number of rows it changed. Finalizes st. */
static int run(struct store *s, sqlite3_stmt *st, int *changes, const char *what, struct error *err)
{
	int step = sqlite3_step(st);
	int rc = step == SQLITE_DONE ? 0
	       : step == SQLITE_CONSTRAINT ? error_set(err, ERR_EXISTS, "%s: already there", what)
				     : store_db_error(s, err, what);
	if (changes)
		*changes = sqlite3_changes(store_db(s));
	sqlite3_finalize(st);
	return rc;
}

int store_user_add(struct store *s, const char *name, const char *role, const char *aors, ts_t at,
		   struct error *err)
{
	assert(name && role);
	sqlite3_stmt *st;
	int rc = prepare(s, "INSERT INTO users(name, role, aors, created_at) VALUES (?1, ?2, ?3, ?4)", &st, err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	bind_text_or_null(st, 3, aors);
	sqlite3_bind_int64(st, 4, at);
	rc = run(s, st, NULL, "adding a user", err);
	return rc == ERR_EXISTS ? error_set(err, ERR_EXISTS, "user %s already exists", name) : rc;
}

/* Run st (with name bound as ?1) and report ERR_NOTFOUND when it changed
 * no row. */
static int change_user(struct store *s, sqlite3_stmt *st, const char *name, const char *what, struct error *err)
{
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int changes = 0;
	int rc = run(s, st, &changes, what, err);
	if (rc == 0 && changes == 0)
		rc = error_set(err, ERR_NOTFOUND, "no user %s", name);
	return rc;
}

int store_user_remove(struct store *s, const char *name, struct error *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "DELETE FROM users WHERE name = ?1", &st, err);
	return rc ? rc : change_user(s, st, name, "removing a user", err);
}

int store_user_set_token(struct store *s, const char *name, const char *token_hash, ts_t at,
			 struct error *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "UPDATE users SET token_hash = ?2, token_at = ?3 WHERE name = ?1", &st, err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 2, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at);
	return change_user(s, st, name, "issuing a token", err);
}

/* The caller's function for each row of a walk, and its context. */
struct user_walk {
	store_user_fn fn;
	void *ctx;
};

struct access_walk {
	store_access_fn fn;
	void *ctx;
};

struct located_walk {
	store_located_fn fn;
	void *ctx;
};

/* store_db_row_fn: one user. */
static int user_row(void *ctx, sqlite3_stmt *st, struct error *err)
{
	const struct user_walk *w = ctx;
	struct store_user u = {
		.name = column_text(st, 0),
		.role = column_text(st, 1),
		.aors = column_text(st, 2),
		.token_hash = column_text(st, 3),
		.created_at = column_time(st, 4),
		.token_at = column_time(st, 5),
	};
	return w->fn(w->ctx, &u, err);
}

/* Call fn for each user row of st (finalized here); *rows says how many. */
static int walk_users(struct store *s, sqlite3_stmt *st, store_user_fn fn, void *ctx, size_t *rows,
		      struct error *err)
{
	struct user_walk w = {fn, ctx};
	return store_db_each(s, st, user_row, &w, rows, "reading the users", err);
}

#define USER_COLUMNS "SELECT name, role, aors, token_hash, created_at, token_at FROM users"

int store_users(struct store *s, store_user_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, USER_COLUMNS " ORDER BY name", &st, err);
	return rc ? rc : walk_users(s, st, fn, ctx, NULL, err);
}

int store_user_find(struct store *s, const char *name, store_user_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	size_t rows;
	int rc = prepare(s, USER_COLUMNS " WHERE name = ?1", &st, err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = walk_users(s, st, fn, ctx, &rows, err)) == 0 && rows == 0)
		rc = error_set(err, ERR_NOTFOUND, "no user %s", name);
	return rc;
}

/* Insert a row for each person with st (actor, what, the instants bound). */
static int insert_access(struct store *s, sqlite3_stmt *st, const char *const *people, size_t n, struct error *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(st, 3, people[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return store_db_error(s, err, "writing the access log");
		sqlite3_reset(st);
	}
	return 0;
}

int store_access_add(struct store *s, ts_t at, const char *actor, const char *const *people, size_t n,
		     const char *what, ts_t asked_at, struct error *err)
{
	assert(actor && what && (people || n == 0));
	if (n == 0)
		return 0;
	sqlite3_stmt *st;
	int rc = prepare(s, "INSERT INTO access_log(at, actor, person, what, asked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
			 &st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, at);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, what, -1, SQLITE_STATIC);
	if (asked_at == TS_NONE)
		sqlite3_bind_null(st, 5);
	else
		sqlite3_bind_int64(st, 5, asked_at);
	bool own = sqlite3_get_autocommit(store_db(s)) != 0;
	if (own && (rc = store_begin(s, err)) == 0 && (rc = insert_access(s, st, people, n, err)) == 0)
		rc = store_commit(s, err);
	else if (!own)
		rc = insert_access(s, st, people, n, err);
	if (rc && own)
		store_rollback(s);
	sqlite3_finalize(st);
	return rc;
}

/* store_db_row_fn: one row of the access log. */
static int access_row(void *ctx, sqlite3_stmt *st, struct error *err)
{
	const struct access_walk *w = ctx;
	struct store_access a = {
		.seq = sqlite3_column_int64(st, 0),
		.at = sqlite3_column_int64(st, 1),
		.actor = column_text(st, 2),
		.person = column_text(st, 3),
		.what = column_text(st, 4),
		.asked_at = column_time(st, 5),
	};
	return w->fn(w->ctx, &a, err);
}

int store_access_log(struct store *s, const char *person, const char *actor, ts_t since, store_access_fn fn,
		     void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "SELECT seq, at, actor, person, what, asked_at FROM access_log WHERE (?1 IS NULL OR person = ?1)"
			    " AND (?2 IS NULL OR actor = ?2) AND at >= ?3 ORDER BY seq", &st, err);
	if (rc)
		return rc;
	bind_text_or_null(st, 1, person);
	bind_text_or_null(st, 2, actor);
	sqlite3_bind_int64(st, 3, since == TS_NONE ? INT64_MIN : since);
	struct access_walk w = {fn, ctx};
	return store_db_each(s, st, access_row, &w, NULL, "reading the access log", err);
}

/* Every lookup yields at least one row: the query's own row q joined to
 * the people it matches, or, matching nobody, to NULLs. The row of nobody
 * takes the work of a person's (the stays looked up, a birth date parsed),
 * and the caller's visibility check refuses it as it refuses a hidden
 * person: an unknown A-number costs what a hidden one costs. */
#define LOCATE_COLUMNS                                                                                 \
	"SELECT p.person, coalesce(p.detained, 0), coalesce(p.facility, ''), coalesce(p.protected, 0),"  \
	" CASE WHEN p.person IS NULL THEN '1970-01-01' ELSE p.birth_date END,"                          \
	" (SELECT max(out_at) FROM stays s WHERE s.person = coalesce(p.person, q.person))"              \
	" FROM (SELECT ?1 AS person, ?2 AS a2, ?3 AS a3, ?4 AS a4) q LEFT JOIN people p ON "

static int bind_locate(sqlite3_stmt *st, const struct store_locate_query *q)
{
	char date[DATE_TEXT_MAX];
	if (q->person) {
		sqlite3_bind_text(st, 1, q->person, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, q->birth_country, -1, SQLITE_STATIC);
		return 0;
	}
	sqlite3_bind_text(st, 1, q->family_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, q->given_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, q->birth_country, -1, SQLITE_STATIC);
	if (q->birth_date == TS_NONE)
		return sqlite3_bind_null(st, 4);
	return sqlite3_bind_text(st, 4, ts_format_date(q->birth_date, date), -1, SQLITE_TRANSIENT);
}

/* store_db_row_fn: one person the locator matched. */
static int located_row(void *ctx, sqlite3_stmt *st, struct error *err)
{
	const struct located_walk *w = ctx;
	struct store_located p = {
		.person = column_text(st, 0),
		.detained = sqlite3_column_int(st, 1) != 0,
		.facility = column_text(st, 2),
		.protected_ = sqlite3_column_int(st, 3) > 0,
		.released_at = column_time(st, 5),
		.birth_date = TS_NONE,
	};
	const char *birth = column_text(st, 4);
	if (birth && ts_parse_date(birth, &p.birth_date, NULL))
		return error_set(err, ERR_INVALID, "person %s: stored birth date %s is not a date", p.person, birth);
	return w->fn(w->ctx, &p, err);
}

int store_locate(struct store *s, const struct store_locate_query *q, store_located_fn fn, void *ctx,
		 struct error *err)
{
	assert(q->birth_country && (q->person || (q->family_name && q->given_name)));
	sqlite3_stmt *st;
	int rc = prepare(s,
			 q->person ? LOCATE_COLUMNS "p.person = q.person AND p.birth_country = q.a2"
				   : LOCATE_COLUMNS "p.family_name = q.person COLLATE NOCASE AND p.given_name = q.a2 "
						    "COLLATE NOCASE AND p.birth_country = q.a3 AND (q.a4 IS NULL OR "
						    "p.birth_date = q.a4) ORDER BY p.person",
			 &st, err);
	if (rc)
		return rc;
	bind_locate(st, q);
	struct located_walk w = {fn, ctx};
	return store_db_each(s, st, located_row, &w, NULL, "looking people up", err);
}
