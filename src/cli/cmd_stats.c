/* custody stats: daily series, period figures and cohort outcomes
 * (statistics.md), from the ledger's snapshot. */
#include <string.h>

#include "commands.h"

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

/* view_day_fn: a row of the daily series as a line of text. */
static int print_day(void *ctx, const char *date, const char *group, const struct stats_series *x, size_t g,
		     size_t d, struct error *err)
{
	(void)ctx;
	(void)err;
	printf("%-10s  %-16s", date, group);
	for (int f = 0; f < STATS_FIGURES; f++)
		if (stats_figure_defined(x->by, f))
			printf(" %10d", stats_series_at(x, f, g, d));
		else
			printf(" %10s", "-");
	putchar('\n');
	return 0;
}

static int print_daily(const struct stats_snapshot *s, const struct stats_calendar *c, const struct query *q,
		       struct error *err)
{
	if (q->json || q->csv)
		return view_stats_daily(stdout, s, c, q->by_value, q->csv, err);
	printf("%-10s  %-16s %10s %10s %10s %10s %10s\n", "date", "group", "arrests", "population", "book_ins",
	       "book_outs", "removals");
	return view_stats_days(s, c, q->by_value, print_day, NULL, err);
}

static int64_t sum(const int64_t *v, int n)
{
	int64_t total = 0;
	for (int i = 0; i < n; i++)
		total += v[i];
	return total;
}

/* view_period_fn: one group's figures as text. */
static int print_period_group(void *ctx, const char *group, const struct stats_period *p, struct error *err)
{
	(void)ctx;
	(void)err;
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
	return 0;
}

static int print_period(const struct stats_snapshot *s, const struct stats_calendar *c, const struct query *q,
			struct error *err)
{
	if (q->json)
		return view_stats_period(stdout, s, c, q->by_value, err);
	printf("%s to %s (%s)\n", q->from, q->to, c->zone);
	return view_stats_periods(s, c, q->by_value, print_period_group, NULL, err);
}

/* view_cohort_fn: one group's outcomes as a row of text. */
static int print_cohort_group(void *ctx, const char *group, const struct stats_cohort *c, struct error *err)
{
	(void)ctx;
	(void)err;
	double states[COHORT_STATES];
	for (int i = 0; i < COHORT_STATES; i++)
		states[i] = (double)c->states[i];
	cli_print_cohort_row(group ? group : "all", (double)c->arrested, states);
	return 0;
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
	if (q->json)
		return view_stats_cohort(stdout, s, c, at, q->by_value, err);
	char at_text[TS_TEXT_MAX];
	printf("arrested %s, states at %s\n", q->arrested, ts_format(at, at_text));
	cli_print_cohort_header(q->by_value != STATS_BY_NONE ? q->by : "");
	return view_stats_cohorts(s, c, at, q->by_value, print_cohort_group, NULL, err);
}

static int print_detained(const struct stats_snapshot *s, ts_t at, const struct query *q, struct error *err)
{
	if (q->json)
		return view_stats_detained(stdout, s, at, q->by_value, err);
	struct view_detained d;
	int rc = view_detained_at(s, at, q->by_value, &d, err);
	if (rc == 0) {
		char at_text[TS_TEXT_MAX];
		printf("detained at %s: %lld\n", ts_format(at, at_text), (long long)d.total);
		for (size_t g = 0; q->by_value != STATS_BY_NONE && g < d.n; g++)
			if (d.counts[g])
				printf("  %-16s %9lld\n", stats_group_name(s, q->by_value, g), (long long)d.counts[g]);
	}
	view_detained_free(&d);
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
	bool series = strcmp(what, "daily") == 0;
	int usage = 0;
	if (rc == 0 && (series || strcmp(what, "period") == 0) && stats_query_check(&s, &c, q->by_value, series, &err))
		usage = cli_usage_error("stats", "%s", err.msg);
	else if (rc == 0 && series)
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
	return usage ? usage : rc ? cli_fail(&err) : EXIT_OK;
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
