/* custody flags: every flag in force at an instant (rules.md). */
#include "commands.h"
#include "flags.h"

static json_t *flags_json(const struct flag_list *list)
{
	json_t *a = json_array();
	for (size_t i = 0; i < list->n; i++) {
		const struct person_flag *pf = &list->items[i];
		json_t *o = json_object();
		json_object_set_new(o, "person", json_string(pf->person));
		json_object_set_new(o, "rule", json_string(vocab_word(&vocab_flag_rule, pf->flag.rule)));
		json_object_set_new(o, "status", json_string(vocab_word(&vocab_flag_status, pf->flag.status)));
		json_object_set_new(o, "due", cli_json_time(pf->flag.due));
		json_object_set_new(o, "reason", json_string(pf->flag.reason));
		json_object_set_new(o, "facility", json_string(pf->facility));
		json_array_append_new(a, o);
	}
	return a;
}

static void print_flags(const struct flag_list *list, ts_t at)
{
	char t[TS_TEXT_MAX];
	printf("%zu flag%s at %s\n", list->n, list->n == 1 ? "" : "s", ts_format(at, t));
	for (size_t i = 0; i < list->n; i++) {
		const struct person_flag *pf = &list->items[i];
		printf("%-20s %-7s %-16s %s %-10s %s\n", pf->flag.due == TS_NONE ? "-" : ts_format(pf->flag.due, t),
		       vocab_word(&vocab_flag_status, pf->flag.status), vocab_word(&vocab_flag_rule, pf->flag.rule),
		       pf->person, pf->facility, pf->flag.reason);
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
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct flag_list list;
	struct error err;
	if (flags_at(l, at, &filter, &list, &err)) {
		rc = cli_fail(&err);
	} else {
		if (json)
			rc = cli_print_json(flags_json(&list));
		else
			print_flags(&list, at);
		flag_list_free(&list);
	}
	ledger_close(l);
	return rc;
}
