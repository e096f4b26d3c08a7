/* custody rebuild: regenerate every projection from the event log. */
#include "commands.h"

static int rebuild(struct ledger *l, const struct cli *cli, struct error *err)
{
	int rc = ledger_rebuild(l, err);
	if (rc == 0)
		printf("rebuilt the projections of %s from its log\n", cli->db_path);
	return rc;
}

int cmd_rebuild(struct cli *cli, int argc, char **argv)
{
	return cli_run_simple(cli, "rebuild", argc, argv, STORE_OPEN, rebuild);
}
