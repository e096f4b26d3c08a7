/* custody access-log: who read which person's record, when. */
#include "admin_views.h"
#include "commands.h"
#include "event.h"

struct access_args {
	struct admin_access_filter filter;
	bool json;
};

static int print_row(void *ctx, const struct store_access *a, struct error *err)
{
	(void)ctx, (void)err;
	char at[TS_TEXT_MAX], asked[TS_TEXT_MAX] = "-";
	if (a->asked_at != TS_NONE)
		ts_format(a->asked_at, asked);
	printf("%8lld  %s  %-20s %s  %-20s  %s\n", (long long)a->seq, ts_format(a->at, at), a->actor, a->person, asked,
	       a->what);
	return 0;
}

int cmd_access_log(struct cli *cli, int argc, char **argv)
{
	struct access_args a = {{NULL, NULL, TS_NONE}, false};
	const char *person = NULL, *since = NULL;
	const struct cli_option opts[] = {{"person", NULL, &person, 0},
					  {"user", NULL, &a.filter.user, 0},
					  {"since", NULL, &since, 0},
					  {"json", &a.json, NULL, 0},
					  {NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("access-log", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	if (since && (rc = cli_time("--since", since, &a.filter.since)))
		return rc;
	char normal[ANUMBER_LEN + 1];
	struct error err;
	if (person && anumber_normalize(person, normal, &err))
		return cli_usage_error("access-log", "--person: %s", err.msg);
	a.filter.person = person ? normal : NULL;
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	rc = a.json ? admin_view_access_log(stdout, ledger_store(l), &a.filter, &err)
		    : store_access_log(ledger_store(l), a.filter.person, a.filter.user, a.filter.since, print_row, NULL,
				       &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
