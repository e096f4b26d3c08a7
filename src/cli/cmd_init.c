/* custody init: create a new ledger. */
#include "commands.h"

static int created(struct ledger *l, const struct cli *cli, struct error *err)
{
	(void)l;
	(void)err;
	printf("created ledger %s\n", cli->db_path);
	return 0;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	return cli_run_simple(cli, "init", argc, argv, STORE_CREATE, created);
}
