/* custody report: ICE's tables for a fiscal year from the ledger; beside
 * ICE's own figures with --compare; as a workbook in ICE's layout, with a
 * Cohorts sheet, with --xlsx. */
#include <string.h>

#include "cohort.h"
#include "commands.h"
#include "from_ledger.h"
#include "official_json.h"
#include "writer.h"

struct report {
	long fy;
	const char *tz, *at, *xlsx, *table;
	bool compare, public_, json, quiet;
};

static json_t *cohorts_json(const struct ice_cohorts *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n; i++) {
		json_t *states = json_object();
		for (int s = 0; s < ICE_COHORT_STATES; s++)
			json_object_set_new(states, ice_cohort_states[s], json_integer((json_int_t)c->rows[i].states[s]));
		json_array_append_new(a, json_pack("{s:s, s:I, s:o}", "arrested_in", c->rows[i].label, "arrested",
						   (json_int_t)c->rows[i].arrested, "states", states));
	}
	return a;
}

static void print_cohorts(const struct ice_cohorts *c)
{
	printf("cohorts: what became of the people arrested, at %s\n", c->at);
	cli_print_cohort_header("arrested in");
	for (size_t i = 0; i < c->n; i++)
		cli_print_cohort_row(c->rows[i].label, c->rows[i].arrested, c->rows[i].states);
}

static int output(const struct report *r, const struct ice_official *mine, const struct ice_official *theirs,
		  const struct ice_cohorts *cohorts, struct error *err)
{
	if (r->xlsx && ice_write(r->xlsx, mine, cohorts, r->public_ ? ICE_WRITE_PUBLIC : 0, err))
		return err->code;
	if (r->json) {
		json_t *o = json_object();
		json_object_set_new(o, "fy", json_integer(r->fy));
		json_object_set_new(o, "at", json_string(cohorts->at));
		json_object_set_new(o, "ledger", official_json(mine, r->table, r->public_));
		if (theirs)
			json_object_set_new(o, "official", official_json(theirs, r->table, r->public_));
		if (!r->table || strcmp(r->table, "cohorts") == 0)
			json_object_set_new(o, "cohorts", cohorts_json(cohorts));
		return cli_print_json(o) ? error_set(err, ERR_IO, "writing the output") : 0;
	}
	printf("the ledger's figures, as of %s%s\n", cohorts->at, theirs ? ", beside ICE's" : "");
	if (!r->table || strcmp(r->table, "cohorts") != 0)
		official_print(mine, theirs, r->table, r->public_);
	if (!r->table || strcmp(r->table, "cohorts") == 0)
		print_cohorts(cohorts);
	if (r->xlsx)
		printf("wrote %s\n", r->xlsx);
	return 0;
}

/* The ledger's figures of the year, and ICE's with --compare. */
static int run(struct cli *cli, const struct report *r, ts_t as_of, const struct stats_calendar *c,
	       struct error *err)
{
	struct ledger *l;
	int rc = cli_open(cli, STORE_OPEN, &l);
	if (rc)
		return rc;
	struct stats_snapshot s;
	struct ice_official mine, theirs;
	struct ice_cohorts cohorts;
	ice_official_init(&mine, (int)r->fy);
	ice_official_init(&theirs, (int)r->fy);
	rc = r->compare ? cli_load_official(l, (int)r->fy, &theirs, err) : 0;
	if (rc == 0) {
		if ((rc = cli_load_snapshot(l, &s, r->quiet || r->json, err)) == 0)
			rc = ice_from_ledger(&s, ledger_facilities(l), c, as_of, &mine, &cohorts, err);
		stats_snapshot_free(&s);
	}
	if (rc == 0)
		rc = output(r, &mine, r->compare ? &theirs : NULL, &cohorts, err);
	ice_official_free(&mine);
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
	if (r.table && strcmp(r.table, "cohorts") != 0 && !official_table_known(r.table))
		return cli_usage_error("report", "--table: \"%s\" is not facilities, book_ins, book_outs, adp, alos, "
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
