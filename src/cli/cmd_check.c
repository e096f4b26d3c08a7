/* custody check: the ledger file's integrity. */
#include "commands.h"

static int check(struct ledger *l, const struct cli *cli, struct error *err)
{
	(void)cli;
	int rc = store_check_integrity(ledger_store(l), err);
	if (rc == 0)
		printf("ok\n");
	return rc;
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	return cli_run_simple(cli, "check", argc, argv, STORE_OPEN, check);
}
