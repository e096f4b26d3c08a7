/* custody add: append one event given on the command line. */
#include <string.h>

#include "commands.h"

int cmd_add(struct cli *cli, int argc, char **argv)
{
	char *pos[1];
	int npos;
	int rc = cli_parse("add", argc, argv, NULL, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	if (npos != 1)
		return cli_usage_error("add", "expected one JSON event%s", "");
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	enum ledger_outcome outcome;
	char id[EVENT_ID_MAX + 1] = "";
	rc = ledger_begin(l, &err);
	if (rc == 0 && (rc = ledger_append_json(l, pos[0], strlen(pos[0]), &outcome, id, &err)) == 0)
		rc = ledger_commit(l, &err);
	if (rc) {
		ledger_rollback(l);
		ledger_close(l);
		if (id[0] && rc != ERR_IO && rc != ERR_NOMEM)
			fprintf(stderr, "custody: id %s: %s\n", id, err.msg);
		else
			fprintf(stderr, "custody: %s\n", err.msg);
		return cli_status(rc);
	}
	ledger_close(l);
	printf("%s %s\n", outcome == LEDGER_STORED ? "stored" : "duplicate", id);
	return EXIT_OK;
}
