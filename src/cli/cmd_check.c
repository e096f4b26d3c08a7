/* custody check: the ledger file's integrity. */
#include "commands.h"

int cmd_check(struct cli *cli, int argc, char **argv)
{
	int npos;
	int rc = cli_parse("check", argc, argv, NULL, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	rc = store_check_integrity(ledger_store(l), &err) ? cli_fail(&err) : EXIT_OK;
	ledger_close(l);
	if (rc == EXIT_OK)
		printf("ok\n");
	return rc;
}
