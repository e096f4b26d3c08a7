/* custody hearings: upcoming court hearings of people under supervision. */
#include <stdlib.h>

#include "commands.h"
#include "supervision.h"

static json_t *hearing_json(const struct atd_hearing *h)
{
	json_t *o = json_object();
	json_object_set_new(o, "person", json_string(h->person));
	json_object_set_new(o, "hearing_at", cli_json_time(h->hearing_at));
	json_object_set_new(o, "technology", json_string(vocab_word(&vocab_technology, h->technology)));
	json_object_set_new(o, "aor", cli_json_word(&vocab_aor, h->aor));
	return o;
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
	if ((rc = cli_number("hearings", "--days", days_text, 1, 3660, &days)))
		return rc;
	if (from_text && (rc = cli_time("--from", from_text, &from)))
		return rc;
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct hearing_list list;
	struct error err;
	if ((rc = hearings_between(l, from, from + days * TS_DAY, &list, &err)) == 0) {
		struct cli_array array = {false};
		char a[TS_TEXT_MAX], b[TS_TEXT_MAX];
		if (!json)
			printf("%zu hearings of people under supervision from %s to %s\n", list.n, ts_format(from, a),
			       ts_format(from + days * TS_DAY, b));
		for (size_t i = 0; rc == 0 && i < list.n; i++) {
			const struct atd_hearing *h = &list.items[i];
			if (json)
				rc = cli_array_add(&array, hearing_json(h), &err);
			else
				printf("%s  %s  %-5s %s\n", ts_format(h->hearing_at, a), h->person,
				       vocab_word(&vocab_technology, h->technology),
				       h->aor == UNSET ? "-" : vocab_word(&vocab_aor, h->aor));
		}
		if (json)
			cli_array_end(&array);
		hearing_list_free(&list);
	}
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
