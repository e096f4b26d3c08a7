/* custody check: the ledger file checked whole (as `verify` checks a copy). */
#include "commands.h"

int cmd_check(struct cli *cli, int argc, char **argv)
{
	const char *head = NULL;
	const struct cli_option opts[] = {{"head", NULL, &head, 0}, {NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("check", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	return cli_verify_file(cli, "check", cli->db_path, head);
}
