/* custody log: the audit trail, in recording order. */
#include <stdlib.h>

#include "commands.h"

struct log_out {
	bool json;
	struct view_array array;
};

/* store_event_fn: print one entry; the JSON form is an array streamed
 * element by element so that any size of log prints in constant memory. */
static int log_event(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct log_out *out = ctx;
	char recorded[TS_TEXT_MAX];
	ts_format(sev->recorded_at, recorded);
	char *text = view_event_text(sev, err);
	if (!text)
		return err->code;
	if (!out->json) {
		printf("%lld\t%s\t%s\t%s%s\n", (long long)sev->seq, recorded, sev->actor, text,
		       sev->voided_by ? "\t[voided]" : "");
		free(text);
		return 0;
	}
	json_t *entry = json_object(), *body = json_loads(text, 0, NULL);
	free(text);
	if (!entry || !body) {
		json_decref(entry);
		json_decref(body);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	json_object_set_new(entry, "seq", json_integer(sev->seq));
	json_object_set_new(entry, "recorded_at", json_string(recorded));
	json_object_set_new(entry, "actor", json_string(sev->actor));
	json_object_set_new(entry, "voided", json_boolean(sev->voided_by != 0));
	json_object_set_new(entry, "event", body);
	return view_array_add(&out->array, entry, err);
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	struct log_out out = {false, {stdout, false}};
	const char *person_text = NULL, *since_text = NULL;
	const struct cli_option opts[] = {
		{"json", &out.json, NULL, 0}, {"person", NULL, &person_text, 0}, {"since", NULL, &since_text, 0},
		{NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("log", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	ts_t since = TS_NONE;
	char person[ANUMBER_LEN + 1];
	struct error err;
	if (since_text && (rc = cli_time("--since", since_text, &since)))
		return rc;
	if (person_text && anumber_normalize(person_text, person, &err))
		return cli_usage_error("log", "--person: %s", err.msg);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	rc = store_log(ledger_store(l), person_text ? person : NULL, since, log_event, &out, &err);
	if (out.json)
		rc = view_array_end(&out.array, rc, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
