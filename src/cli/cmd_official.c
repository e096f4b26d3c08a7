/* custody official: the figures imported from ICE's workbook of a fiscal
 * year (custody import-ice), as ICE published them; with --population,
 * the daily population imported by import-population. */
#include <string.h>

#include "commands.h"
#include "official_text.h"

struct options {
	const char *fy, *table, *from, *to, *facility, *by;
	bool json, csv, population;
};

/* --from or --to of --population into *day. */
static int population_day(const char *option, const char *text, int64_t *day)
{
	struct error err;
	if (!text)
		return cli_usage_error("official", "%s", "--population takes --from and --to (dates, YYYY-MM-DD)");
	if (view_population_day(text, day, &err) == 0)
		return 0;
	char msg[ERROR_MSG_MAX + 32];
	snprintf(msg, sizeof msg, "%s: %s", option, err.msg);
	return cli_usage_error("official", "%s", msg);
}

static int population(struct cli *cli, const struct options *o)
{
	struct view_population_params p = {.facility = o->facility};
	int rc;
	if (o->fy || o->table)
		return cli_usage_error("official", "%s", "--population takes --from and --to, not --fy or --table");
	if (o->json && o->csv)
		return cli_usage_error("official", "%s", "--json or --csv, not both");
	if (o->by && strcmp(o->by, "facility") != 0)
		return cli_usage_error("official", "--by: \"%s\" is not facility (the only breakdown of the population)",
				       o->by);
	if ((rc = population_day("--from", o->from, &p.first)) || (rc = population_day("--to", o->to, &p.last)))
		return rc;
	if (p.last < p.first)
		return cli_usage_error("official", "%s", "--to is before --from");
	p.by_facility = o->by != NULL;
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	rc = view_population(stdout, l, &p, o->json ? VIEW_JSON : o->csv ? VIEW_CSV : VIEW_TEXT, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}

int cmd_official(struct cli *cli, int argc, char **argv)
{
	struct options o = {0};
	const struct cli_option opts[] = {{"fy", NULL, &o.fy, 0},	      {"table", NULL, &o.table, 0},
					  {"json", &o.json, NULL, 0},	      {"population", &o.population, NULL, 0},
					  {"from", NULL, &o.from, 0},	      {"to", NULL, &o.to, 0},
					  {"facility", NULL, &o.facility, 0}, {"by", NULL, &o.by, 0},
					  {"csv", &o.csv, NULL, 0},	      {NULL, NULL, NULL, 0}};
	int npos;
	long fy;
	int rc = cli_parse("official", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	if (o.population)
		return population(cli, &o);
	if (o.from || o.to || o.facility || o.by || o.csv)
		return cli_usage_error("official", "%s", "--from, --to, --facility, --by and --csv go with --population");
	if ((rc = cli_fiscal_year("official", o.fy, true, &fy)))
		return rc;
	if (!view_official_table_known(o.table))
		return cli_usage_error("official", "--table: \"%s\" is not facilities, book_ins, book_outs, releases, adp, "
						   "alos, detained, removals, atd or court", o.table);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	struct ice_official off;
	if (o.json) {
		rc = view_official(stdout, l, (int)fy, o.table, &err);
	} else {
		if ((rc = view_load_official(l, (int)fy, &off, &err)) == 0)
			official_print(&off, NULL, o.table, false);
		ice_official_free(&off);
	}
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
