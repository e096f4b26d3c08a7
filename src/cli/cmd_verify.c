/* custody verify: a ledger file (a backup) checked whole, read-only; and
 * the check both `verify` and `check` run. */
#include "audit.h"
#include "commands.h"

static void print_problem(void *ctx, const char *problem)
{
	(void)ctx;
	printf("problem: %s\n", problem);
}

int cli_verify_file(struct cli *cli, const char *command, const char *path, const char *head_text)
{
	struct audit_head expect;
	struct error err;
	if (head_text && audit_head_parse(head_text, &expect, &err))
		return cli_usage_error(command, "--head: %s", err.msg);
	struct rules rules;
	int rc = cli_rules(cli, &rules);
	if (rc)
		return rc;
	struct audit_report report;
	if ((rc = audit_verify(path, &rules, head_text ? &expect : NULL, print_problem, NULL, &report, &err))) {
		fprintf(stderr, "custody: %s\n", err.msg);
		return EXIT_IO;
	}
	char head[AUDIT_HEAD_TEXT];
	printf("head %s\n", audit_head_format(&report.head, head));
	if (report.problems) {
		printf("%zu problem%s\n", report.problems, report.problems == 1 ? "" : "s");
		return EXIT_IO;
	}
	printf("ok\n");
	return EXIT_OK;
}

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	const char *head = NULL;
	const struct cli_option opts[] = {{"head", NULL, &head, 0}, {NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos;
	int rc = cli_parse("verify", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	if (npos != 1)
		return cli_usage_error("verify", "expected the file to verify%s", "");
	return cli_verify_file(cli, "verify", pos[0], head);
}
