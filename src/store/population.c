/* population.c: the daily population of every facility, kept as reference
 * data beside the log (see store_population_put() in store.h). */
#include "store.h"
#include "store_db.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of the counts, in the order of enum population_count. */
#define COUNT_COLUMNS "detained, midnight, male, female, convicted, under_18"
_Static_assert(POPULATION_COUNTS_N == 6, "COUNT_COLUMNS names every count of population.h, in its order");

enum { W_LAST, W_ADD, W_FIND, W_PUT, W_NAME, W_COUNT };

static const char *const writer_sql[W_COUNT] = {
	[W_LAST] = "SELECT max(day) FROM population WHERE facility = ?1",
	[W_ADD] = "INSERT INTO population(facility, day, " COUNT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[W_FIND] = "SELECT " COUNT_COLUMNS " FROM population WHERE facility = ?1 AND day = ?2",
	[W_PUT] = "UPDATE population SET (" COUNT_COLUMNS ") = (?3, ?4, ?5, ?6, ?7, ?8) "
		  "WHERE facility = ?1 AND day = ?2",
	[W_NAME] = "INSERT INTO population_facilities(code, name, last_day) VALUES (?1, ?2, ?3) "
		   "ON CONFLICT (code) DO UPDATE SET name = CASE WHEN excluded.name <> '' AND "
		   "excluded.last_day >= last_day THEN excluded.name ELSE name END, "
		   "last_day = max(last_day, excluded.last_day)",
};

struct store_population_writer {
	struct store *s;
	sqlite3_stmt *st[W_COUNT];
	/* the facility of the last row put, and the latest day the ledger
	 * has of it: a later day is new without a look */
	char facility[POPULATION_CODE_MAX + 1];
	int64_t last;
};

int store_population_writer_open(struct store *s, struct store_population_writer **out, struct error *err)
{
	struct store_population_writer *w = calloc(1, sizeof *w);
	*out = NULL;
	if (!w)
		return error_set(err, ERR_NOMEM, "out of memory");
	w->s = s;
	int rc = 0;
	for (int i = 0; rc == 0 && i < W_COUNT; i++)
		rc = store_db_prepare(s, writer_sql[i], &w->st[i], "preparing the daily population", err);
	if (rc)
		store_population_writer_close(w);
	else
		*out = w;
	return rc;
}

void store_population_writer_close(struct store_population_writer *w)
{
	if (!w)
		return;
	for (int i = 0; i < W_COUNT; i++)
		sqlite3_finalize(w->st[i]);
	free(w);
}

/* Whether the row st found holds r's counts (NULL for an unknown one). */
static bool same_counts(sqlite3_stmt *st, const struct population_row *r)
{
	for (int c = 0; c < POPULATION_COUNTS_N; c++) {
		bool null = sqlite3_column_type(st, c) == SQLITE_NULL;
		if (null != (r->counts[c] < 0) || (!null && sqlite3_column_int64(st, c) != r->counts[c]))
			return false;
	}
	return true;
}

/* Run st, a statement without rows, and reset it. */
static int run(struct store_population_writer *w, sqlite3_stmt *st, const char *what, struct error *err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_db_error(w->s, err, what);
	sqlite3_reset(st);
	return rc;
}

/* Bind r to st: its facility and day as ?1 and ?2, its counts from ?3. */
static void bind_row(sqlite3_stmt *st, const struct population_row *r)
{
	sqlite3_bind_text(st, 1, r->facility, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->day);
	for (int c = 0; c < POPULATION_COUNTS_N; c++)
		if (r->counts[c] < 0)
			sqlite3_bind_null(st, 3 + c);
		else
			sqlite3_bind_int64(st, 3 + c, r->counts[c]);
}

/* The latest day the ledger has of r's facility into w->last (INT64_MIN: none). */
static int follow(struct store_population_writer *w, const struct population_row *r, struct error *err)
{
	if (strcmp(w->facility, r->facility) == 0)
		return 0;
	sqlite3_stmt *st = w->st[W_LAST];
	sqlite3_bind_text(st, 1, r->facility, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	w->last = step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL ? sqlite3_column_int64(st, 0)
										   : INT64_MIN;
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return store_db_error(w->s, err, "reading the daily population");
	snprintf(w->facility, sizeof w->facility, "%s", r->facility);
	return 0;
}

/* How the ledger's row of r's facility and day compares with r. */
static int compare(struct store_population_writer *w, const struct population_row *r,
		   enum store_population_outcome *outcome, struct error *err)
{
	sqlite3_stmt *find = w->st[W_FIND];
	sqlite3_bind_text(find, 1, r->facility, -1, SQLITE_STATIC);
	sqlite3_bind_int64(find, 2, r->day);
	int step = sqlite3_step(find);
	*outcome = step != SQLITE_ROW	  ? STORE_POPULATION_NEW
		   : same_counts(find, r) ? STORE_POPULATION_SAME
					  : STORE_POPULATION_CHANGED;
	sqlite3_reset(find);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : store_db_error(w->s, err, "reading the daily population");
}

int store_population_put(struct store_population_writer *w, const struct population_row *r,
			 enum store_population_outcome *outcome, struct error *err)
{
	assert(strlen(r->facility) <= POPULATION_CODE_MAX);
	*outcome = STORE_POPULATION_NEW;
	int rc = follow(w, r, err);
	if (rc == 0 && r->day <= w->last)
		rc = compare(w, r, outcome, err);
	if (rc || *outcome == STORE_POPULATION_SAME)
		return rc;
	if (r->day > w->last)
		w->last = r->day;
	sqlite3_stmt *st = w->st[*outcome == STORE_POPULATION_NEW ? W_ADD : W_PUT];
	bind_row(st, r);
	return run(w, st, "writing the daily population", err);
}

int store_population_name(struct store_population_writer *w, const struct population_facility *f,
			  struct error *err)
{
	sqlite3_stmt *st = w->st[W_NAME];
	sqlite3_bind_text(st, 1, f->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->last);
	return run(w, st, "writing a facility's name", err);
}

/* The series' queries: [by facility][of one facility]. */
static const char *const series_sql[2][2] = {
	{"SELECT day, NULL, NULL, sum(midnight) FROM population WHERE day BETWEEN ?1 AND ?2 GROUP BY day ORDER BY day",
	 "SELECT day, NULL, NULL, midnight FROM population WHERE facility = ?3 AND day BETWEEN ?1 AND ?2 ORDER BY day"},
	{"SELECT p.day, p.facility, f.name, p.midnight FROM population p JOIN population_facilities f "
	 "ON f.code = p.facility WHERE p.day BETWEEN ?1 AND ?2 ORDER BY p.day, p.facility",
	 "SELECT p.day, p.facility, f.name, p.midnight FROM population p JOIN population_facilities f "
	 "ON f.code = p.facility WHERE p.facility = ?3 AND p.day BETWEEN ?1 AND ?2 ORDER BY p.day"},
};

struct series_walk {
	store_population_fn fn;
	void *ctx;
};

/* store_db_row_fn: one day of a series. */
static int series_row(void *ctx, sqlite3_stmt *st, struct error *err)
{
	const struct series_walk *w = ctx;
	struct store_population_day d = {
		.day = sqlite3_column_int64(st, 0),
		.facility = (const char *)sqlite3_column_text(st, 1),
		.name = (const char *)sqlite3_column_text(st, 2),
		.population = sqlite3_column_int64(st, 3),
	};
	return w->fn(w->ctx, &d, err);
}

/* ERR_NOTFOUND unless the ledger has a daily population (of facility,
 * when not NULL). */
static int imported(struct store *s, const char *facility, struct error *err)
{
	sqlite3_stmt *st;
	int rc = store_db_prepare(s, "SELECT 1 FROM population_facilities WHERE ?1 IS NULL OR code = ?1 LIMIT 1", &st,
				  "reading the daily population", err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, facility, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return store_db_error(s, err, "reading the daily population");
	if (facility)
		return error_set(err, ERR_NOTFOUND, "no daily population of facility \"%.*s\" was imported",
				 error_cut(facility, 40), facility);
	return error_set(err, ERR_NOTFOUND, "no daily population was imported (custody import-population FILE)");
}

int store_population_get(struct store *s, int64_t first, int64_t last, const char *facility, bool by_facility,
			 store_population_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	int rc = imported(s, facility, err);
	if (rc == 0)
		rc = store_db_prepare(s, series_sql[by_facility][facility != NULL], &st, "reading the daily population",
				      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	if (facility)
		sqlite3_bind_text(st, 3, facility, -1, SQLITE_STATIC);
	struct series_walk w = {fn, ctx};
	return store_db_each(s, st, series_row, &w, NULL, "reading the daily population", err);
}

struct facility_walk {
	store_population_facility_fn fn;
	void *ctx;
};

/* store_db_row_fn: one facility of the daily population. */
static int facility_row(void *ctx, sqlite3_stmt *st, struct error *err)
{
	const struct facility_walk *w = ctx;
	return w->fn(w->ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), err);
}

int store_population_facilities(struct store *s, store_population_facility_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	int rc = store_db_prepare(s, "SELECT code, name FROM population_facilities ORDER BY code", &st,
				  "reading the daily population's facilities", err);
	if (rc)
		return rc;
	struct facility_walk w = {fn, ctx};
	return store_db_each(s, st, facility_row, &w, NULL, "reading the daily population's facilities", err);
}
