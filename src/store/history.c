/* history.c: every person's projection rows, one person at a time (see
 * store_histories() in store.h). Four queries walk stays, stints,
 * enrolments and marks side by side, each in person order (the order of
 * their primary keys, so SQLite sorts nothing). */
#include "array.h"
#include "store.h"
#include "store_db.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum cursor_id { C_STAYS, C_STINTS, C_ENROLMENTS, C_MARKS, C_COUNT };

static const char *const cursor_sql[C_COUNT] = {
	[C_STAYS] = "SELECT person, key, facility, in_at, out_at, out_reason, agency, border, criminality_in,"
		    " criminality_out FROM stays ORDER BY person",
	[C_STINTS] = "SELECT person, key, stay_key, facility, in_at, out_at FROM stints ORDER BY person",
	[C_ENROLMENTS] = "SELECT person, key, start_at, end_at, end_reason, technology, checkin_days, aor, area"
			 " FROM enrolments ORDER BY person",
	[C_MARKS] = "SELECT person, key, at, ord, kind, criminality, threat_level, aor, agency, outcome,"
		    " supervised, technology, mandatory FROM marks ORDER BY person",
};

struct cursor {
	sqlite3_stmt *st;
	bool row; /* st is on a row */
};

static const char *text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

/* Copy column i into dst (size bytes); ERR_INVALID when it does not fit. */
static int copy_text(char *dst, size_t size, sqlite3_stmt *st, int i, struct error *err)
{
	const char *t = text(st, i);
	size_t len = strlen(t);
	if (len >= size)
		return error_set(err, ERR_INVALID, "database: %s: a value of %zu bytes is too long for its column",
				 sqlite3_column_name(st, i), len);
	memcpy(dst, t, len + 1);
	return 0;
}

static ts_t time_or(sqlite3_stmt *st, int i, ts_t if_null)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? if_null : sqlite3_column_int64(st, i);
}

static int int_or_unset(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? UNSET : sqlite3_column_int(st, i);
}

/* The index of column i's word in v; UNSET for NULL; ERR_INVALID for a
 * word custody never writes. */
static int word(sqlite3_stmt *st, int i, const struct vocab *v, int *out, struct error *err)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		*out = UNSET;
		return 0;
	}
	*out = vocab_find(v, text(st, i));
	if (*out < 0)
		return error_set(err, ERR_INVALID, "database: %s: \"%.*s\" is not a %s", sqlite3_column_name(st, i),
				 error_cut(text(st, i), 40), text(st, i), v->name);
	return 0;
}

static int read_stay(sqlite3_stmt *st, struct tl_stay *r, struct error *err)
{
	memset(r, 0, sizeof *r);
	r->in = sqlite3_column_int64(st, 3);
	r->out = time_or(st, 4, TS_FOREVER);
	r->border = int_or_unset(st, 7);
	int rc;
	if ((rc = copy_text(r->person, sizeof r->person, st, 0, err)) ||
	    (rc = copy_text(r->key, sizeof r->key, st, 1, err)) ||
	    (rc = copy_text(r->facility, sizeof r->facility, st, 2, err)) ||
	    (rc = word(st, 5, &vocab_release_reason, &r->out_reason, err)) ||
	    (rc = word(st, 6, &vocab_agency, &r->agency, err)) ||
	    (rc = word(st, 8, &vocab_criminality, &r->criminality_in, err)))
		return rc;
	return word(st, 9, &vocab_criminality, &r->criminality_out, err);
}

static int read_stint(sqlite3_stmt *st, struct tl_stint *r, struct error *err)
{
	memset(r, 0, sizeof *r);
	r->in = sqlite3_column_int64(st, 4);
	r->out = time_or(st, 5, TS_FOREVER);
	int rc;
	if ((rc = copy_text(r->person, sizeof r->person, st, 0, err)) ||
	    (rc = copy_text(r->key, sizeof r->key, st, 1, err)) ||
	    (rc = copy_text(r->stay_key, sizeof r->stay_key, st, 2, err)))
		return rc;
	return copy_text(r->facility, sizeof r->facility, st, 3, err);
}

static int read_enrolment(sqlite3_stmt *st, struct tl_enrolment *r, struct error *err)
{
	memset(r, 0, sizeof *r);
	r->start = sqlite3_column_int64(st, 2);
	r->end = time_or(st, 3, TS_FOREVER);
	r->checkin_days = sqlite3_column_int(st, 6);
	int rc;
	if ((rc = copy_text(r->person, sizeof r->person, st, 0, err)) ||
	    (rc = copy_text(r->key, sizeof r->key, st, 1, err)) ||
	    (rc = word(st, 4, &vocab_atd_end_reason, &r->end_reason, err)) ||
	    (rc = word(st, 5, &vocab_technology, &r->technology, err)) ||
	    (rc = word(st, 7, &vocab_aor, &r->aor, err)))
		return rc;
	return word(st, 8, &vocab_aor, &r->area, err);
}

static int read_mark(sqlite3_stmt *st, struct tl_mark *r, struct error *err)
{
	memset(r, 0, sizeof *r);
	r->at = sqlite3_column_int64(st, 2);
	r->ord = sqlite3_column_int64(st, 3);
	r->threat_level = int_or_unset(st, 6);
	r->supervised = sqlite3_column_int(st, 10) != 0;
	int rc;
	if ((rc = copy_text(r->person, sizeof r->person, st, 0, err)) ||
	    (rc = copy_text(r->key, sizeof r->key, st, 1, err)) ||
	    (rc = word(st, 4, &vocab_mark_kind, &r->kind, err)) ||
	    (rc = word(st, 5, &vocab_criminality, &r->criminality, err)) ||
	    (rc = word(st, 7, &vocab_aor, &r->aor, err)) || (rc = word(st, 8, &vocab_agency, &r->agency, err)) ||
	    (rc = word(st, 9, &vocab_hearing_status, &r->outcome, err)))
		return rc;
	if ((rc = word(st, 11, &vocab_technology, &r->technology, err)))
		return rc;
	return word(st, 12, &vocab_mandatory, &r->mandatory, err);
}

/* Read the row cursor c is on into the person's lists. */
static int read_row(enum cursor_id c, sqlite3_stmt *st, struct tl_changes *l, struct error *err)
{
	switch (c) {
	case C_STAYS:
		if (array_grow((void **)&l->stays, &l->cap_stays, l->n_stays, sizeof *l->stays, err))
			return ERR_NOMEM;
		return read_stay(st, &l->stays[l->n_stays++], err);
	case C_STINTS:
		if (array_grow((void **)&l->stints, &l->cap_stints, l->n_stints, sizeof *l->stints, err))
			return ERR_NOMEM;
		return read_stint(st, &l->stints[l->n_stints++], err);
	case C_ENROLMENTS:
		if (array_grow((void **)&l->enrolments, &l->cap_enrolments, l->n_enrolments, sizeof *l->enrolments,
			       err))
			return ERR_NOMEM;
		return read_enrolment(st, &l->enrolments[l->n_enrolments++], err);
	default:
		assert(c == C_MARKS);
		if (array_grow((void **)&l->marks, &l->cap_marks, l->n_marks, sizeof *l->marks, err))
			return ERR_NOMEM;
		return read_mark(st, &l->marks[l->n_marks++], err);
	}
}

static int advance(struct store *s, struct cursor *c, struct error *err)
{
	int step = sqlite3_step(c->st);
	c->row = step == SQLITE_ROW;
	return c->row || step == SQLITE_DONE ? 0 : store_db_error(s, err, "reading the projections");
}

/* Read every row of person from each cursor, then hand them to fn. */
static int one_person(struct store *s, struct cursor *cur, const char *person, struct tl_changes *l,
		      store_history_fn fn, void *ctx, struct error *err)
{
	l->n_stays = l->n_stints = l->n_enrolments = l->n_marks = 0;
	int rc = 0;
	for (int c = 0; rc == 0 && c < C_COUNT; c++)
		while (rc == 0 && cur[c].row && strcmp(text(cur[c].st, 0), person) == 0)
			if ((rc = read_row(c, cur[c].st, l, err)) == 0)
				rc = advance(s, &cur[c], err);
	if (rc)
		return rc;
	struct tl_history h = {
		.person = person,
		.stays = l->stays,
		.n_stays = l->n_stays,
		.stints = l->stints,
		.n_stints = l->n_stints,
		.enrolments = l->enrolments,
		.n_enrolments = l->n_enrolments,
		.marks = l->marks,
		.n_marks = l->n_marks,
	};
	return fn(ctx, &h, err);
}

/* Copy into person the smallest person a cursor is on: 1, or 0 when every
 * cursor is done, or ERR_INVALID for a value that is not an A-number. */
static int next_person(const struct cursor *cur, char person[ANUMBER_LEN + 1], struct error *err)
{
	const char *least = NULL;
	for (int c = 0; c < C_COUNT; c++)
		if (cur[c].row && (!least || strcmp(text(cur[c].st, 0), least) < 0))
			least = text(cur[c].st, 0);
	if (!least)
		return 0;
	if (strlen(least) != ANUMBER_LEN)
		return error_set(err, ERR_INVALID, "database: person \"%.*s\" is not a stored A-number",
				 error_cut(least, 40), least);
	memcpy(person, least, ANUMBER_LEN + 1);
	return 1;
}

int store_histories(struct store *s, store_history_fn fn, void *ctx, struct error *err)
{
	struct cursor cur[C_COUNT] = {0};
	struct tl_changes l = {0}; /* one person's rows, the lists reused from person to person */
	int rc = 0;
	for (int c = 0; rc == 0 && c < C_COUNT; c++) {
		if (sqlite3_prepare_v2(store_db(s), cursor_sql[c], -1, &cur[c].st, NULL) != SQLITE_OK)
			rc = store_db_error(s, err, "reading the projections");
		else
			rc = advance(s, &cur[c], err);
	}
	char person[ANUMBER_LEN + 1];
	int more = rc == 0 ? next_person(cur, person, err) : 0;
	while (more > 0) {
		rc = one_person(s, cur, person, &l, fn, ctx, err);
		more = rc == 0 ? next_person(cur, person, err) : 0;
	}
	if (more < 0)
		rc = more;
	for (int c = 0; c < C_COUNT; c++)
		sqlite3_finalize(cur[c].st);
	free(l.stays);
	free(l.stints);
	free(l.enrolments);
	free(l.marks);
	return rc;
}
