/* custody flags: every flag in force at an instant (rules.md). */
#include "commands.h"
#include "flags.h"

/* Written directly rather than through jansson objects: a national list
 * has a hundred thousand flags, and building them took longer than
 * computing them. */
static void print_flags_json(const struct flag_list *list)
{
	fputs("[", stdout);
	for (size_t i = 0; i < list->n; i++) {
		const struct person_flag *pf = &list->items[i];
		char due[TS_TEXT_MAX + 2] = "null";
		if (pf->flag.due != TS_NONE)
			snprintf(due, sizeof due, "\"%s\"", ts_format(pf->flag.due, (char[TS_TEXT_MAX]){0}));
		printf("%s\n  {\"person\": \"%s\", \"rule\": \"%s\", \"status\": \"%s\", \"due\": %s, \"reason\": ",
		       i ? "," : "", pf->person, vocab_word(&vocab_flag_rule, pf->flag.rule),
		       vocab_word(&vocab_flag_status, pf->flag.status), due);
		cli_put_json_string(stdout, pf->flag.reason);
		printf(pf->facility[0] ? ", \"facility\": \"%s\"}" : ", \"facility\": null}", pf->facility);
	}
	fputs(list->n ? "\n]\n" : "]\n", stdout);
}

static void print_flags(const struct flag_list *list, ts_t at)
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

int cmd_flags(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL, *rule = NULL, *aor = NULL, *status = NULL;
	struct flag_filter filter;
	flag_filter_any(&filter);
	const struct cli_option opts[] = {
		{"json", &json, NULL, 0},	  {"at", NULL, &at_text, 0},		  {"rule", NULL, &rule, 0},
		{"aor", NULL, &aor, 0},		  {"facility", NULL, &filter.facility, 0}, {"status", NULL, &status, 0},
		{NULL, NULL, NULL, 0},
	};
	int npos;
	int rc = cli_parse("flags", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	ts_t at = cli->now;
	if ((at_text && (rc = cli_time("--at", at_text, &at))) ||
	    (rc = cli_word("flags", "--rule", &vocab_flag_rule, rule, &filter.rule)) ||
	    (rc = cli_word("flags", "--aor", &vocab_aor, aor, &filter.aor)) ||
	    (rc = cli_word("flags", "--status", &vocab_flag_status, status, &filter.status)))
		return rc;
	struct ledger *l;
	if ((rc = cli_open_scope(cli, filter.facility, &l)))
		return rc;
	struct flag_list list;
	struct error err;
	if (flags_at(l, at, &filter, &list, &err)) {
		rc = cli_fail(&err);
	} else {
		if (json)
			print_flags_json(&list);
		else
			print_flags(&list, at);
		flag_list_free(&list);
	}
	ledger_close(l);
	return rc;
}
