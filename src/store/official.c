/* official.c: the official figures imported from ICE's workbooks, kept as
 * reference data beside the log (see store_official_put() in store.h). */
#include <stdio.h>
#include <string.h>

#include "store.h"
#include "store_db.h"

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct error *err)
{
	return store_db_prepare(s, sql, st, "preparing the official figures", err);
}

static int put_one(struct store *s, sqlite3_stmt *st, int fy, const struct store_figure *f, struct error *err)
{
	sqlite3_bind_int(st, 1, fy);
	sqlite3_bind_text(st, 2, f->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->grp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->sub, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, f->month);
	if (f->text) {
		sqlite3_bind_null(st, 6);
		sqlite3_bind_text(st, 7, f->text, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_double(st, 6, f->value);
		sqlite3_bind_null(st, 7);
	}
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_db_error(s, err, "writing an official figure");
	sqlite3_reset(st);
	return rc;
}

int store_official_put(struct store *s, int fy, const struct store_figure *figures, size_t n,
		       struct error *err)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc = prepare(s, "DELETE FROM official WHERE fy = ?1", &del, err);
	if (rc == 0)
		rc = prepare(s, "INSERT INTO official(fy, tbl, grp, sub, month, value, text) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &ins, err);
	if (rc == 0) {
		sqlite3_bind_int(del, 1, fy);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = store_db_error(s, err, "clearing the official figures");
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = put_one(s, ins, fy, &figures[i], err);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

static const char *text_or_empty(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

struct release {
	char *released, *digest;
};

/* store_db_row_fn: one figure of the release table. */
static int release_row(void *ctx, sqlite3_stmt *st, struct error *err)
{
	(void)err;
	struct release *r = ctx;
	const char *sub = text_or_empty(st, 0);
	char *to = strcmp(sub, "modified") == 0 ? r->released : strcmp(sub, "digest") == 0 ? r->digest : NULL;
	if (to)
		snprintf(to, STORE_RELEASE_MAX, "%s", text_or_empty(st, 1));
	return 0;
}

int store_official_release(struct store *s, int fy, char released[STORE_RELEASE_MAX],
			   char digest[STORE_RELEASE_MAX], struct error *err)
{
	sqlite3_stmt *st = NULL;
	released[0] = digest[0] = '\0';
	int rc = prepare(s, "SELECT sub, text FROM official WHERE fy = ?1 AND tbl = 'release'", &st, err);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, fy);
	struct release r = {released, digest};
	size_t rows;
	return store_db_each(s, st, release_row, &r, &rows, "reading the official figures' release", err);
}

struct figure_walk {
	store_figure_fn fn;
	void *ctx;
};

/* store_db_row_fn: one official figure. */
static int figure_row(void *ctx, sqlite3_stmt *st, struct error *err)
{
	const struct figure_walk *w = ctx;
	struct store_figure f = {
		.tbl = text_or_empty(st, 0),
		.grp = text_or_empty(st, 1),
		.sub = text_or_empty(st, 2),
		.month = sqlite3_column_int(st, 3),
		.value = sqlite3_column_double(st, 4),
		.text = (const char *)sqlite3_column_text(st, 5),
	};
	return w->fn(w->ctx, &f, err);
}

int store_official_get(struct store *s, int fy, store_figure_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(s, "SELECT tbl, grp, sub, month, value, text FROM official WHERE fy = ?1 "
			    "ORDER BY tbl, grp, sub, month", &st, err);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, fy);
	struct figure_walk w = {fn, ctx};
	size_t rows;
	rc = store_db_each(s, st, figure_row, &w, &rows, "reading the official figures", err);
	if (rc == 0 && rows == 0)
		rc = error_set(err, ERR_NOTFOUND, "no official figures for fiscal year %d were imported "
					       "(custody import-ice WORKBOOK)", fy);
	return rc;
}
