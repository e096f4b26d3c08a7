/* custody flags: every flag in force at an instant (rules.md). */
#include "commands.h"

static void print_list(const struct flag_list *list, ts_t at)
{
	char t[TS_TEXT_MAX];
	printf("%zu flag%s at %s\n", list->n, list->n == 1 ? "" : "s", ts_format(at, t));
	for (size_t i = 0; i < list->n; i++) {
		const struct person_flag *pf = &list->items[i];
		printf("%-20s %-7s %-16s %s %-10s %s\n", pf->flag.due == TS_NONE ? "-" : ts_format(pf->flag.due, t),
		       vocab_word(&vocab_flag_status, pf->flag.status), vocab_word(&vocab_flag_rule, pf->flag.rule),
		       pf->person, pf->facility[0] ? pf->facility : "-", pf->flag.reason);
	}
}

/* The flags at `at` of the people filter matches, as text. */
static int print_flags(struct ledger *l, ts_t at, const struct flag_filter *filter, struct error *err)
{
	struct flag_list list;
	int rc = flags_at(l, at, filter, &list, err);
	if (rc == 0)
		print_list(&list, at);
	flag_list_free(&list);
	return rc;
}

int cmd_flags(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL, *rule = NULL, *aor_text = NULL, *status = NULL;
	int aor;
	struct flag_filter filter;
	flag_filter_any(&filter);
	const struct cli_option opts[] = {
		{"json", &json, NULL, 0},	  {"at", NULL, &at_text, 0},		  {"rule", NULL, &rule, 0},
		{"aor", NULL, &aor_text, 0},		  {"facility", NULL, &filter.facility, 0}, {"status", NULL, &status, 0},
		{NULL, NULL, NULL, 0},
	};
	int npos;
	int rc = cli_parse("flags", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	ts_t at = cli->now;
	if ((at_text && (rc = cli_time("--at", at_text, &at))) ||
	    (rc = cli_word("flags", "--rule", &vocab_flag_rule, rule, &filter.rule)) ||
	    (rc = cli_word("flags", "--aor", &vocab_aor, aor_text, &aor)) ||
	    (rc = cli_word("flags", "--status", &vocab_flag_status, status, &filter.status)))
		return rc;
	filter.aor_mask = aor_mask_of(aor);
	struct ledger *l;
	if ((rc = cli_open_scope(cli, filter.facility, &l)))
		return rc;
	struct error err;
	rc = json ? view_flags(stdout, l, at, &filter, &err) : print_flags(l, at, &filter, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
