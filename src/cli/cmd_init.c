/* custody init: create a new ledger. */
#include "commands.h"

int cmd_init(struct cli *cli, int argc, char **argv)
{
	int npos;
	int rc = cli_parse("init", argc, argv, NULL, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_CREATE, &l)))
		return rc;
	ledger_close(l);
	printf("created ledger %s\n", cli->db_path);
	return EXIT_OK;
}
