/* views_stats.c: the statistics queries over a snapshot (see views.h). */
#include "views_internal.h"

#include <stdlib.h>

int view_load_snapshot(struct ledger *l, struct stats_snapshot *s, struct error *err)
{
	int rc = stats_snapshot_init(s, ledger_facilities(l), err);
	if (rc == 0)
		rc = store_histories(ledger_store(l), stats_snapshot_add_fn, s, err);
	if (rc == 0)
		stats_snapshot_settle(s);
	return rc;
}

/* --- daily ------------------------------------------------------------- */

/* Which groups ever have anything to show (empty facilities and unknown
 * groups are left out of a breakdown): a malloc'd flag per group, or NULL. */
static bool *groups_used(const struct stats_series *x)
{
	bool *used = calloc(x->n_groups + 1, sizeof *used);
	for (size_t g = 0; used && g < x->n_groups; g++)
		for (int f = 0; !used[g] && f < STATS_FIGURES; f++)
			for (size_t d = 0; !used[g] && d < x->n_days; d++)
				used[g] = stats_series_at(x, f, g, d) != 0;
	return used;
}

int view_stats_days(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		    view_day_fn fn, void *ctx, struct error *err)
{
	struct stats_series x = {0};
	int rc = stats_query_check(s, c, by, true, err);
	if (rc == 0)
		rc = stats_daily(s, c, by, &x, err);
	bool *used = rc == 0 ? groups_used(&x) : NULL;
	if (rc == 0 && !used)
		rc = error_set(err, ERR_NOMEM, "out of memory");
	for (size_t d = 0; rc == 0 && d < x.n_days; d++) {
		char date[DATE_TEXT_MAX];
		stats_format_day(c->first + (int64_t)d, date);
		for (size_t g = 0; rc == 0 && g < x.n_groups; g++)
			if (x.by == STATS_BY_NONE || used[g])
				rc = fn(ctx, date, stats_group_name(s, x.by, g), &x, g, d, err);
	}
	free(used);
	stats_series_free(&x);
	return rc;
}

/* view_day_fn: a row as an element of the array ctx. */
static int day_json(void *ctx, const char *date, const char *group, const struct stats_series *x, size_t g,
		    size_t d, struct error *err)
{
	json_t *o = json_object();
	json_object_set_new(o, "date", json_string(date));
	json_object_set_new(o, "group", json_string(group));
	for (int f = 0; f < STATS_FIGURES; f++)
		json_object_set_new(o, stats_figure_names[f],
				    stats_figure_defined(x->by, f) ? json_integer(stats_series_at(x, f, g, d))
								   : json_null());
	return view_array_add(ctx, o, err);
}

/* view_day_fn: a row as a CSV line on the FILE ctx. */
static int day_csv(void *ctx, const char *date, const char *group, const struct stats_series *x, size_t g,
		   size_t d, struct error *err)
{
	FILE *out = ctx;
	(void)err;
	fprintf(out, "%s,%s", date, group);
	for (int f = 0; f < STATS_FIGURES; f++)
		if (stats_figure_defined(x->by, f))
			fprintf(out, ",%d", stats_series_at(x, f, g, d));
		else
			putc(',', out);
	putc('\n', out);
	return 0;
}

int view_stats_daily(FILE *out, const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		     bool csv, struct error *err)
{
	if (csv) {
		fputs("date,group", out);
		for (int f = 0; f < STATS_FIGURES; f++)
			fprintf(out, ",%s", stats_figure_names[f]);
		putc('\n', out);
		return view_done(out, view_stats_days(s, c, by, day_csv, out, err), err);
	}
	struct view_array a = {out, false};
	return view_array_end(&a, view_stats_days(s, c, by, day_json, &a, err), err);
}

/* --- period ------------------------------------------------------------ */

/* Whether a group of a breakdown has anything to show for the period. */
static bool period_used(const struct stats_period *p)
{
	bool booked_in = p->book_ins[0] || p->book_ins[1] || p->book_ins[2];
	return p->adp > 0 || booked_in || p->ended || p->arrests > 0 || p->removals;
}

int view_stats_periods(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		       view_period_fn fn, void *ctx, struct error *err)
{
	size_t n = stats_groups(s, by);
	struct stats_period *p = calloc(n, sizeof *p);
	if (!p)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = stats_period(s, c, by, p, err);
	bool grouped = by != STATS_BY_NONE;
	for (size_t g = 0; rc == 0 && g < n; g++)
		if (!grouped || period_used(&p[g]))
			rc = fn(ctx, grouped ? stats_group_name(s, by, g) : NULL, &p[g], err);
	free(p);
	return rc;
}

static json_t *counts_json(const struct vocab *v, const int64_t *counts, int n, bool unknown_last)
{
	json_t *o = json_object();
	for (int i = 0; i < n; i++)
		if (i < v->count)
			json_object_set_new(o, vocab_word(v, i), json_integer(counts[i]));
		else if (unknown_last && counts[i])
			json_object_set_new(o, "unknown", json_integer(counts[i]));
	return o;
}

static json_t *period_json(const struct stats_calendar *c, const char *group, const struct stats_period *p)
{
	char from[DATE_TEXT_MAX], to[DATE_TEXT_MAX];
	json_t *o = json_object();
	json_object_set_new(o, "from", json_string(stats_format_day(c->first, from)));
	json_object_set_new(o, "to", json_string(stats_format_day(c->first + (int64_t)c->n - 1, to)));
	if (group)
		json_object_set_new(o, "group", json_string(group));
	json_object_set_new(o, "adp", json_real(p->adp));
	json_object_set_new(o, "alos_days", json_real(p->alos_days));
	json_object_set_new(o, "book_ins", counts_json(&vocab_agency, p->book_ins, 3, true));
	json_object_set_new(o, "book_outs", counts_json(&vocab_release_reason, p->book_outs, OUT_REASON_COUNT, false));
	json_object_set_new(o, "removals", json_integer(p->removals));
	json_object_set_new(o, "arrests", p->arrests < 0 ? json_null() : json_integer(p->arrests));
	json_object_set_new(o, "stays_ended", json_integer(p->ended));
	json_object_set_new(o, "book_ins_by_criminality", counts_json(&vocab_criminality, p->book_ins_crim, 3, false));
	json_object_set_new(o, "book_outs_by_criminality",
			    counts_json(&vocab_criminality, p->book_outs_crim, 3, false));
	json_object_set_new(o, "tz", json_string(c->zone));
	return o;
}

/* The JSON document of a statistics view being gathered: the object of an
 * answer without a breakdown, the array of the groups of one with. */
struct gathered {
	const struct stats_calendar *c;
	json_t *json;
};

/* Add element (of group, NULL without a breakdown) to g. */
static int gather(struct gathered *g, const char *group, json_t *element, struct error *err)
{
	if (!element)
		return error_set(err, ERR_NOMEM, "out of memory building the output");
	if (!group) {
		g->json = element;
		return 0;
	}
	return json_array_append_new(g->json, element) ? error_set(err, ERR_NOMEM, "out of memory") : 0;
}

/* view_period_fn: one group's figures into the struct gathered ctx. */
static int gather_period(void *ctx, const char *group, const struct stats_period *p, struct error *err)
{
	struct gathered *g = ctx;
	return gather(g, group, period_json(g->c, group, p), err);
}

int view_stats_period(FILE *out, const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		      struct error *err)
{
	struct gathered g = {c, by == STATS_BY_NONE ? NULL : json_array()};
	int rc = view_stats_periods(s, c, by, gather_period, &g, err);
	if (rc) {
		json_decref(g.json);
		return rc;
	}
	return view_put_json(out, g.json, err);
}

/* --- cohort ------------------------------------------------------------ */

int view_stats_cohorts(const struct stats_snapshot *s, const struct stats_calendar *c, ts_t at, enum stats_by by,
		       view_cohort_fn fn, void *ctx, struct error *err)
{
	size_t n = stats_groups(s, by);
	struct stats_cohort *out = calloc(n, sizeof *out);
	if (!out)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = stats_cohort(s, c->start, c->ends[c->n - 1], at, by, out, err);
	bool grouped = by != STATS_BY_NONE;
	for (size_t g = 0; rc == 0 && g < n; g++)
		if (!grouped || out[g].arrested)
			rc = fn(ctx, grouped ? stats_group_name(s, by, g) : NULL, &out[g], err);
	free(out);
	return rc;
}

static json_t *cohort_json(const char *group, const struct stats_cohort *c)
{
	json_t *o = json_object(), *states = json_object(), *reasons = json_object();
	if (group)
		json_object_set_new(o, "group", json_string(group));
	json_object_set_new(o, "arrested", json_integer(c->arrested));
	for (int i = 0; i < COHORT_STATES; i++)
		json_object_set_new(states, stats_cohort_state_names[i], json_integer(c->states[i]));
	json_object_set_new(o, "states", states);
	for (int r = 0; r < OUT_REASON_COUNT; r++)
		if (c->released_by_reason[r])
			json_object_set_new(reasons, vocab_word(&vocab_release_reason, r),
					    json_integer(c->released_by_reason[r]));
	json_object_set_new(o, "released_by_reason", reasons);
	return o;
}

/* view_cohort_fn: one group's outcomes into the struct gathered ctx. */
static int gather_cohort(void *ctx, const char *group, const struct stats_cohort *c, struct error *err)
{
	return gather(ctx, group, cohort_json(group, c), err);
}

int view_stats_cohort(FILE *out, const struct stats_snapshot *s, const struct stats_calendar *c, ts_t at,
		      enum stats_by by, struct error *err)
{
	struct gathered g = {c, by == STATS_BY_NONE ? NULL : json_array()};
	int rc = view_stats_cohorts(s, c, at, by, gather_cohort, &g, err);
	if (rc) {
		json_decref(g.json);
		return rc;
	}
	if (by == STATS_BY_NONE)
		json_object_set_new(g.json, "at", view_json_time(at));
	return view_put_json(out, g.json, err);
}

/* --- detained ---------------------------------------------------------- */

int view_detained_at(const struct stats_snapshot *s, ts_t at, enum stats_by by, struct view_detained *out,
		     struct error *err)
{
	out->total = 0;
	out->n = stats_groups(s, by);
	out->counts = calloc(out->n, sizeof *out->counts);
	if (!out->counts)
		return error_set(err, ERR_NOMEM, "out of memory");
	stats_detained(s, at, by, out->counts);
	for (size_t g = 0; g < out->n; g++)
		out->total += out->counts[g];
	return 0;
}

void view_detained_free(struct view_detained *d)
{
	free(d->counts);
	*d = (struct view_detained){0};
}

int view_stats_detained(FILE *out, const struct stats_snapshot *s, ts_t at, enum stats_by by,
			struct error *err)
{
	struct view_detained d;
	int rc = view_detained_at(s, at, by, &d, err);
	if (rc == 0) {
		json_t *o = json_object(), *groups = json_object();
		json_object_set_new(o, "at", view_json_time(at));
		json_object_set_new(o, "detained", json_integer(d.total));
		for (size_t g = 0; by != STATS_BY_NONE && g < d.n; g++)
			if (d.counts[g])
				json_object_set_new(groups, stats_group_name(s, by, g), json_integer(d.counts[g]));
		json_object_set_new(o, "groups", groups);
		rc = view_put_json(out, o, err);
	}
	view_detained_free(&d);
	return rc;
}
