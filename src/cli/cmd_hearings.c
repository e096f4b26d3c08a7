/* custody hearings: upcoming court hearings of people under supervision. */
#include "commands.h"

static int print_hearings(struct ledger *l, ts_t from, ts_t to, struct error *err)
{
	struct hearing_list list;
	int rc = hearings_between(l, from, to, VIEW_ALL_AORS, &list, err);
	if (rc)
		return rc;
	char a[TS_TEXT_MAX], b[TS_TEXT_MAX];
	printf("%zu hearings of people under supervision from %s to %s\n", list.n, ts_format(from, a),
	       ts_format(to, b));
	for (size_t i = 0; i < list.n; i++) {
		const struct atd_hearing *h = &list.items[i];
		printf("%s  %s  %-5s %s\n", ts_format(h->hearing_at, a), h->person,
		       vocab_word(&vocab_technology, h->technology), h->aor == UNSET ? "-" : vocab_word(&vocab_aor, h->aor));
	}
	hearing_list_free(&list);
	return 0;
}

int cmd_hearings(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *from_text = NULL, *days_text = NULL;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {"from", NULL, &from_text, 0},
					  {"days", NULL, &days_text, 0}, {NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("hearings", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	ts_t from = cli->now;
	long days = 7;
	if ((rc = cli_number("hearings", "--days", days_text, 1, BOUND_DAYS_MAX, &days)))
		return rc;
	if (from_text && (rc = cli_time("--from", from_text, &from)))
		return rc;
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	ts_t to = from + days * TS_DAY;
	rc = json ? view_hearings(stdout, l, from, to, VIEW_ALL_AORS, &err) : print_hearings(l, from, to, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
