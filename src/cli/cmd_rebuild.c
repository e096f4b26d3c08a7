/* custody rebuild: regenerate every projection from the event log. */
#include "commands.h"

int cmd_rebuild(struct cli *cli, int argc, char **argv)
{
	int npos;
	int rc = cli_parse("rebuild", argc, argv, NULL, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	rc = ledger_rebuild(l, &err) ? cli_fail(&err) : EXIT_OK;
	ledger_close(l);
	if (rc == EXIT_OK)
		printf("rebuilt the projections of %s from its log\n", cli->db_path);
	return rc;
}
