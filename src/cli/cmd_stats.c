/* custody stats: daily series, period figures and cohort outcomes
 * (statistics.md), from the ledger's snapshot. */
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "commands.h"
#include "series.h"

/* The options every statistics query shares. */
struct query {
	const char *from, *to, *by, *tz, *at, *arrested;
	bool json, csv, quiet;
	enum stats_by by_value;
};

static int parse_days(const char *text, const char *option, int64_t *day)
{
	struct error err;
	if (!stats_parse_day(text, day, &err))
		return 0;
	char msg[ERROR_MSG_MAX + 32];
	snprintf(msg, sizeof msg, "%s: %s", option, err.msg);
	return cli_usage_error("stats", "%s", msg);
}

/* The calendar of --from..--to (or of the given days) in --tz. */
static int query_calendar(const struct query *q, int64_t first, int64_t last, struct stats_calendar *c)
{
	struct error err;
	if (stats_calendar_init(c, q->tz, first, last, &err) == 0)
		return 0;
	stats_calendar_free(c);
	return cli_usage_error("stats", "%s", err.msg);
}

static int period_days(const struct query *q, int64_t *first, int64_t *last)
{
	if (!q->from || !q->to)
		return cli_usage_error("stats", "%s", "--from and --to (dates, YYYY-MM-DD) are required");
	int rc = parse_days(q->from, "--from", first);
	if (rc == 0)
		rc = parse_days(q->to, "--to", last);
	if (rc == 0 && *last < *first)
		rc = cli_usage_error("stats", "%s", "--to is before --from");
	return rc;
}

static void print_daily_text_row(const char *date, const char *group, const struct stats_series *x, size_t g,
				 size_t d, bool csv)
{
	const char *fmt = csv ? "%s,%s" : "%-10s  %-16s";
	printf(fmt, date, group);
	for (int f = 0; f < STATS_FIGURES; f++) {
		if (!stats_figure_defined(x->by, f))
			printf(csv ? "," : " %10s", csv ? "" : "-");
		else
			printf(csv ? ",%d" : " %10d", stats_series_at(x, f, g, d));
	}
	putchar('\n');
}

static json_t *daily_json(const char *date, const char *group, const struct stats_series *x, size_t g, size_t d)
{
	json_t *o = json_object();
	json_object_set_new(o, "date", json_string(date));
	json_object_set_new(o, "group", json_string(group));
	for (int f = 0; f < STATS_FIGURES; f++)
		json_object_set_new(o, stats_figure_names[f],
				    stats_figure_defined(x->by, f) ? json_integer(stats_series_at(x, f, g, d))
								   : json_null());
	return o;
}

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

static int print_daily(const struct stats_snapshot *s, const struct stats_calendar *c, const struct query *q,
		       struct error *err)
{
	struct stats_series x;
	int rc = stats_daily(s, c, q->by_value, &x, err);
	bool *used = rc == 0 ? groups_used(&x) : NULL;
	if (rc == 0 && !used)
		rc = error_set(err, ERR_NOMEM, "out of memory");
	struct cli_array array = {false};
	if (rc == 0 && q->csv)
		printf("date,group,%s,%s,%s,%s,%s\n", stats_figure_names[0], stats_figure_names[1],
		       stats_figure_names[2], stats_figure_names[3], stats_figure_names[4]);
	else if (rc == 0 && !q->json)
		printf("%-10s  %-16s %10s %10s %10s %10s %10s\n", "date", "group", "arrests", "population", "book_ins",
		       "book_outs", "removals");
	for (size_t d = 0; rc == 0 && d < x.n_days; d++) {
		char date[DATE_TEXT_MAX];
		stats_format_day(c->first + (int64_t)d, date);
		for (size_t g = 0; rc == 0 && g < x.n_groups; g++) {
			if (x.by != STATS_BY_NONE && !used[g])
				continue;
			const char *name = stats_group_name(s, x.by, g);
			if (q->json)
				rc = cli_array_add(&array, daily_json(date, name, &x, g, d), err);
			else
				print_daily_text_row(date, name, &x, g, d, q->csv);
		}
	}
	if (rc == 0 && q->json)
		cli_array_end(&array);
	free(used);
	stats_series_free(&x);
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

static json_t *period_json(const struct query *q, const char *group, const struct stats_period *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "from", json_string(q->from));
	json_object_set_new(o, "to", json_string(q->to));
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
	json_object_set_new(o, "tz", json_string(q->tz ? q->tz : "UTC"));
	return o;
}

static int64_t sum(const int64_t *v, int n)
{
	int64_t total = 0;
	for (int i = 0; i < n; i++)
		total += v[i];
	return total;
}

static void print_period_text(const char *group, const struct stats_period *p)
{
	if (group)
		printf("== %s\n", group);
	printf("ADP %.1f, ALOS %.1f days (%lld stays ended), removals %lld", p->adp, p->alos_days,
	       (long long)p->ended, (long long)p->removals);
	if (p->arrests >= 0)
		printf(", arrests %lld", (long long)p->arrests);
	printf("\nbook-ins %lld: ICE %lld, CBP %lld", (long long)sum(p->book_ins, 3), (long long)p->book_ins[0],
	       (long long)p->book_ins[1]);
	if (p->book_ins[2])
		printf(", unknown %lld", (long long)p->book_ins[2]);
	printf("\nbook-outs %lld:", (long long)sum(p->book_outs, OUT_REASON_COUNT));
	for (int r = 0; r < OUT_REASON_COUNT; r++)
		if (p->book_outs[r])
			printf(" %s %lld", vocab_word(&vocab_release_reason, r), (long long)p->book_outs[r]);
	putchar('\n');
}

/* Whether a group of a breakdown has anything to show for the period. */
static bool period_used(const struct stats_period *p)
{
	return p->adp > 0 || sum(p->book_ins, 3) || p->ended || p->arrests > 0 || p->removals;
}

static int print_period(const struct stats_snapshot *s, const struct stats_calendar *c, const struct query *q,
			struct error *err)
{
	size_t n = stats_groups(s, q->by_value);
	struct stats_period *p = calloc(n, sizeof *p);
	if (!p)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = stats_period(s, c, q->by_value, p, err);
	bool grouped = q->by_value != STATS_BY_NONE;
	if (rc == 0 && q->json && !grouped)
		rc = cli_print_json(period_json(q, NULL, &p[0])) ? error_set(err, ERR_IO, "writing the output") : 0;
	else if (rc == 0 && q->json) {
		json_t *groups = json_array();
		for (size_t g = 0; g < n; g++)
			if (period_used(&p[g]))
				json_array_append_new(groups, period_json(q, stats_group_name(s, q->by_value, g), &p[g]));
		rc = cli_print_json(groups) ? error_set(err, ERR_IO, "writing the output") : 0;
	} else if (rc == 0) {
		printf("%s to %s (%s)\n", q->from, q->to, q->tz ? q->tz : "UTC");
		for (size_t g = 0; g < n; g++)
			if (!grouped || period_used(&p[g]))
				print_period_text(grouped ? stats_group_name(s, q->by_value, g) : NULL, &p[g]);
	}
	free(p);
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

static void print_cohort_text(const char *group, const struct stats_cohort *c)
{
	double states[COHORT_STATES];
	for (int i = 0; i < COHORT_STATES; i++)
		states[i] = (double)c->states[i];
	cli_print_cohort_row(group, (double)c->arrested, states);
}

/* Split "D..D" into its two days. */
static int arrested_days(const char *text, int64_t *first, int64_t *last)
{
	const char *dots = text ? strstr(text, "..") : NULL;
	char from[DATE_TEXT_MAX];
	if (!dots || dots - text >= (ptrdiff_t)sizeof from)
		return cli_usage_error("stats", "%s", "--arrested takes two dates, FROM..TO (YYYY-MM-DD..YYYY-MM-DD)");
	memcpy(from, text, (size_t)(dots - text));
	from[dots - text] = '\0';
	int rc = parse_days(from, "--arrested", first);
	if (rc == 0)
		rc = parse_days(dots + 2, "--arrested", last);
	if (rc == 0 && *last < *first)
		rc = cli_usage_error("stats", "%s", "--arrested: the second date is before the first");
	return rc;
}

static int print_cohort(const struct stats_snapshot *s, const struct stats_calendar *c, ts_t at,
			const struct query *q, struct error *err)
{
	size_t n = stats_groups(s, q->by_value);
	struct stats_cohort *out = calloc(n, sizeof *out);
	if (!out)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = stats_cohort(s, c->start, c->ends[c->n - 1], at, q->by_value, out, err);
	bool grouped = q->by_value != STATS_BY_NONE;
	char at_text[TS_TEXT_MAX];
	ts_format(at, at_text);
	if (rc == 0 && q->json) {
		json_t *o;
		if (grouped) {
			o = json_array();
			for (size_t g = 0; g < n; g++)
				if (out[g].arrested)
					json_array_append_new(o, cohort_json(stats_group_name(s, q->by_value, g), &out[g]));
		} else {
			o = cohort_json(NULL, &out[0]);
			json_object_set_new(o, "at", json_string(at_text));
		}
		rc = cli_print_json(o) ? error_set(err, ERR_IO, "writing the output") : 0;
	} else if (rc == 0) {
		printf("arrested %s, states at %s\n", q->arrested, at_text);
		cli_print_cohort_header(grouped ? q->by : "");
		for (size_t g = 0; g < n; g++)
			if (!grouped || out[g].arrested)
				print_cohort_text(grouped ? stats_group_name(s, q->by_value, g) : "all", &out[g]);
	}
	free(out);
	return rc;
}

static int print_detained(const struct stats_snapshot *s, ts_t at, const struct query *q, struct error *err)
{
	size_t n = stats_groups(s, q->by_value);
	int64_t *counts = calloc(n, sizeof *counts), total = 0;
	if (!counts)
		return error_set(err, ERR_NOMEM, "out of memory");
	stats_detained(s, at, q->by_value, counts);
	for (size_t g = 0; g < n; g++)
		total += counts[g];
	char at_text[TS_TEXT_MAX];
	ts_format(at, at_text);
	int rc = 0;
	if (q->json) {
		json_t *o = json_pack("{s:s, s:I}", "at", at_text, "detained", (json_int_t)total), *groups = json_object();
		for (size_t g = 0; q->by_value != STATS_BY_NONE && g < n; g++)
			if (counts[g])
				json_object_set_new(groups, stats_group_name(s, q->by_value, g), json_integer(counts[g]));
		json_object_set_new(o, "groups", groups);
		rc = cli_print_json(o) ? error_set(err, ERR_IO, "writing the output") : 0;
	} else {
		printf("detained at %s: %lld\n", at_text, (long long)total);
		for (size_t g = 0; q->by_value != STATS_BY_NONE && g < n; g++)
			if (counts[g])
				printf("  %-16s %9lld\n", stats_group_name(s, q->by_value, g), (long long)counts[g]);
	}
	free(counts);
	return rc;
}

/* Run one query against the ledger's snapshot. */
static int run_query(struct cli *cli, const char *what, const struct query *q, int64_t first, int64_t last,
		     ts_t at)
{
	struct stats_calendar c;
	int rc = query_calendar(q, first, last, &c);
	if (rc)
		return rc;
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l))) {
		stats_calendar_free(&c);
		return rc;
	}
	struct stats_snapshot s;
	struct error err;
	rc = cli_load_snapshot(l, &s, q->quiet || q->json || q->csv, &err);
	if (rc == 0 && strcmp(what, "daily") == 0)
		rc = print_daily(&s, &c, q, &err);
	else if (rc == 0 && strcmp(what, "period") == 0)
		rc = print_period(&s, &c, q, &err);
	else if (rc == 0 && strcmp(what, "detained") == 0)
		rc = print_detained(&s, at, q, &err);
	else if (rc == 0)
		rc = print_cohort(&s, &c, at, q, &err);
	stats_snapshot_free(&s);
	stats_calendar_free(&c);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}

int cmd_stats(struct cli *cli, int argc, char **argv)
{
	struct query q = {0};
	const struct cli_option opts[] = {
		{"from", NULL, &q.from, 0}, {"to", NULL, &q.to, 0},	   {"by", NULL, &q.by, 0},
		{"tz", NULL, &q.tz, 0},	    {"at", NULL, &q.at, 0},	   {"arrested", NULL, &q.arrested, 0},
		{"json", &q.json, NULL, 0}, {"csv", &q.csv, NULL, 0},	   {"quiet", &q.quiet, NULL, 'q'},
		{NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos;
	int rc = cli_parse("stats", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	const char *what = npos ? pos[0] : "";
	int by = STATS_BY_NONE;
	if (strcmp(what, "daily") != 0 && strcmp(what, "period") != 0 && strcmp(what, "cohort") != 0 &&
	    strcmp(what, "detained") != 0)
		return cli_usage_error("stats", "\"%s\": which statistics? daily, period, cohort or detained", what);
	if (q.json && q.csv)
		return cli_usage_error("stats", "%s", "--json or --csv, not both");
	if (q.csv && strcmp(what, "daily") != 0)
		return cli_usage_error("stats", "--csv is for the daily series, not %s", what);
	if ((rc = cli_word("stats", "--by", &vocab_stats_by, q.by, &by)))
		return rc;
	q.by_value = by == UNSET ? STATS_BY_NONE : (enum stats_by)by;
	int64_t first, last;
	ts_t at = cli->now;
	if (strcmp(what, "cohort") == 0) {
		if (q.by_value != STATS_BY_NONE && q.by_value != STATS_BY_AOR && q.by_value != STATS_BY_AGENCY &&
		    q.by_value != STATS_BY_CRIMINALITY)
			return cli_usage_error("stats", "%s", "a cohort is broken down by aor, agency or criminality");
		if ((rc = arrested_days(q.arrested, &first, &last)) || (q.at && (rc = cli_time("--at", q.at, &at))))
			return rc;
	} else if (strcmp(what, "detained") == 0) {
		if (q.from || q.to || q.arrested)
			return cli_usage_error("stats", "%s", "detained takes --at, not --from, --to or --arrested");
		if (q.at && (rc = cli_time("--at", q.at, &at)))
			return rc;
		first = last = 0;
	} else if (q.arrested || q.at) {
		return cli_usage_error("stats", "--arrested and --at are for cohort and detained, not %s", what);
	} else if ((rc = period_days(&q, &first, &last))) {
		return rc;
	}
	return run_query(cli, what, &q, first, last, at);
}
