/* custody backup: a consistent copy of the ledger while writers run. */
#include "audit.h"
#include "commands.h"

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	char *pos[1];
	int npos;
	int rc = cli_parse("backup", argc, argv, NULL, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	if (npos != 1)
		return cli_usage_error("backup", "expected the file to write%s", "");
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct audit_head head;
	struct error err;
	rc = audit_backup(l, pos[0], &head, &err);
	ledger_close(l);
	if (rc)
		return cli_fail(&err);
	char text[AUDIT_HEAD_TEXT];
	printf("backed up %s to %s, head %s\n", cli->db_path, pos[0], audit_head_format(&head, text));
	return EXIT_OK;
}
