/* custody official: the figures imported from ICE's workbook of a fiscal
 * year (custody import-ice), as ICE published them. */
#include <string.h>

#include "commands.h"
#include "official_text.h"

int cmd_official(struct cli *cli, int argc, char **argv)
{
	const char *fy_text = NULL, *table = NULL;
	bool json = false;
	const struct cli_option opts[] = {{"fy", NULL, &fy_text, 0},
					  {"table", NULL, &table, 0},
					  {"json", &json, NULL, 0},
					  {NULL, NULL, NULL, 0}};
	int npos;
	long fy;
	int rc = cli_parse("official", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	if ((rc = cli_fiscal_year("official", fy_text, true, &fy)))
		return rc;
	if (!view_official_table_known(table))
		return cli_usage_error("official", "--table: \"%s\" is not facilities, book_ins, book_outs, releases, adp, "
						   "alos, detained, removals, atd or court", table);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	struct ice_official o;
	if (json) {
		rc = view_official(stdout, l, (int)fy, table, &err);
	} else {
		if ((rc = view_load_official(l, (int)fy, &o, &err)) == 0)
			official_print(&o, NULL, table, false);
		ice_official_free(&o);
	}
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
