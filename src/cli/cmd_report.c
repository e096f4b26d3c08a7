/* custody report: ICE's tables for a fiscal year from the ledger; beside
 * ICE's own figures with --compare; as a workbook in ICE's layout, with a
 * Cohorts sheet, with --xlsx. */
#include <string.h>

#include "cohort.h"
#include "commands.h"
#include "official_text.h"
#include "writer.h"

struct report {
	long fy;
	const char *tz, *at, *xlsx, *table;
	bool compare, public_, json, quiet;
};

static void print_cohorts(const struct ice_cohorts *c)
{
	printf("cohorts: what became of the people arrested, at %s\n", c->at);
	cli_print_cohort_header("arrested in");
	for (size_t i = 0; i < c->n; i++)
		cli_print_cohort_row(c->rows[i].label, c->rows[i].arrested, c->rows[i].states);
}

/* The workbook (--xlsx), then the report as JSON or text. */
static int output(const struct report *r, const struct view_report *mine, const struct view_report_params *p,
		  struct error *err)
{
	if (r->xlsx && ice_write(r->xlsx, &mine->ledger, &mine->cohorts, r->public_ ? ICE_WRITE_PUBLIC : 0, err))
		return err->code;
	if (r->json)
		return view_report_write(stdout, mine, p, err);
	if (p->official && !ice_official_has_data(&mine->ledger)) {
		printf("the ledger has no data for fiscal year %ld (no one held, moved or supervised in it): nothing "
		       "to set beside ICE's figures; custody official --fy %ld prints them\n",
		       r->fy, r->fy);
		return 0;
	}
	printf("the ledger's figures, as of %s%s\n", mine->cohorts.at, p->official ? ", beside ICE's" : "");
	if (!r->table || strcmp(r->table, "cohorts") != 0)
		official_print(&mine->ledger, p->official, r->table, r->public_);
	if (!r->table || strcmp(r->table, "cohorts") == 0)
		print_cohorts(&mine->cohorts);
	if (r->xlsx)
		printf("wrote %s\n", r->xlsx);
	return 0;
}

/* The ledger's figures of the year from its snapshot, then output(). */
static int report(struct ledger *l, const struct report *r, const struct view_report_params *p, struct error *err)
{
	struct stats_snapshot s;
	struct view_report mine;
	int rc = cli_load_snapshot(l, &s, r->quiet || r->json, err);
	if (rc == 0)
		rc = view_report_compute(&s, ledger_facilities(l), p, &mine, err);
	stats_snapshot_free(&s);
	if (rc)
		return rc;
	rc = output(r, &mine, p, err);
	view_report_free(&mine);
	return rc;
}

/* ICE's figures first with --compare (none imported: fail before loading
 * the snapshot), then report(). */
static int run(struct cli *cli, const struct report *r, ts_t as_of, const struct stats_calendar *c,
	       struct error *err)
{
	struct ledger *l;
	int rc = cli_open(cli, STORE_OPEN, &l);
	if (rc)
		return rc;
	struct ice_official theirs;
	ice_official_init(&theirs, (int)r->fy);
	struct view_report_params p = {(int)r->fy, c, as_of, r->table, r->public_, r->compare ? &theirs : NULL};
	rc = r->compare ? view_load_official(l, (int)r->fy, &theirs, err) : 0;
	if (rc == 0)
		rc = report(l, r, &p, err);
	ice_official_free(&theirs);
	ledger_close(l);
	return rc ? cli_fail(err) : EXIT_OK;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report r = {0};
	const char *fy_text = NULL;
	const struct cli_option opts[] = {
		{"fy", NULL, &fy_text, 0},     {"tz", NULL, &r.tz, 0},		 {"at", NULL, &r.at, 0},
		{"xlsx", NULL, &r.xlsx, 0},    {"table", NULL, &r.table, 0},	 {"compare", &r.compare, NULL, 0},
		{"public", &r.public_, NULL, 0}, {"json", &r.json, NULL, 0},	 {"quiet", &r.quiet, NULL, 'q'},
		{NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("report", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	if ((rc = cli_fiscal_year("report", fy_text, true, &r.fy)))
		return rc;
	if (r.table && strcmp(r.table, "cohorts") != 0 && !view_official_table_known(r.table))
		return cli_usage_error("report", "--table: \"%s\" is not facilities, book_ins, book_outs, releases, adp, alos, "
						 "detained, removals, atd, court or cohorts", r.table);
	int64_t first, last;
	stats_fiscal_year((int)r.fy, &first, &last);
	struct stats_calendar c;
	struct error err;
	if (stats_calendar_init(&c, r.tz, first, last, &err)) {
		stats_calendar_free(&c);
		return cli_usage_error("report", "%s", err.msg);
	}
	ts_t as_of = c.ends[c.n - 1] < cli->now ? c.ends[c.n - 1] : cli->now;
	if (r.at && (rc = cli_time("--at", r.at, &as_of)) == 0 && as_of > c.ends[c.n - 1])
		as_of = c.ends[c.n - 1];
	if (rc == 0)
		rc = run(cli, &r, as_of, &c, &err);
	stats_calendar_free(&c);
	return rc;
}
