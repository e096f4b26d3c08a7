/* custody show: one person's state and timeline. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commands.h"

struct show_events {
	json_t *list; /* --json: the events */
	ts_t until;
};

static json_t *threat_json(int threat)
{
	return threat == UNSET || threat == THREAT_NULL ? json_null() : json_integer(threat);
}

/* store_event_fn: one event of the timeline, as JSON or as a text line. */
static int show_event(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct show_events *s = ctx;
	if (sev->at > s->until)
		return 0;
	char *text = cli_event_text(sev, err);
	if (!text)
		return err->code;
	if (!s->list) {
		char at[TS_TEXT_MAX];
		printf("  %6lld  %s  %s%s\n", (long long)sev->seq, ts_format(sev->at, at), text,
		       sev->voided_by ? "  [voided]" : "");
		free(text);
		return 0;
	}
	json_t *ev = json_loads(text, 0, NULL);
	free(text);
	if (!ev || json_object_set_new(ev, "seq", json_integer(sev->seq)) ||
	    json_object_set_new(ev, "recorded_at", cli_json_time(sev->recorded_at)) ||
	    json_object_set_new(ev, "actor", json_string(sev->actor)) ||
	    json_object_set_new(ev, "voided", json_boolean(sev->voided_by != 0)) || json_array_append_new(s->list, ev)) {
		json_decref(ev);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	return 0;
}

/* The person's flags at at, as JSON (flags --json without the person). */
static json_t *flags_json(const struct flag *flags, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(vocab_word(&vocab_flag_rule, flags[i].rule)));
		json_object_set_new(o, "status", json_string(vocab_word(&vocab_flag_status, flags[i].status)));
		json_object_set_new(o, "due", cli_json_time(flags[i].due));
		json_object_set_new(o, "reason", json_string(flags[i].reason));
		json_array_append_new(a, o);
	}
	return a;
}

static void print_flags(const struct flag *flags, size_t n)
{
	char due[TS_TEXT_MAX];
	for (size_t i = 0; i < n; i++)
		printf("%s %-16s %-7s %-20s %s\n", i ? "               " : "flags:         ",
		       vocab_word(&vocab_flag_rule, flags[i].rule), vocab_word(&vocab_flag_status, flags[i].status),
		       flags[i].due == TS_NONE ? "-" : ts_format(flags[i].due, due), flags[i].reason);
}

static json_t *state_json(const struct timeline *tl, ts_t at)
{
	char date[DATE_TEXT_MAX];
	json_t *o = json_object();
	json_object_set_new(o, "person", json_string(tl->person));
	json_object_set_new(o, "at", cli_json_time(at));
	json_object_set_new(o, "detained", json_boolean(tl->detained));
	json_object_set_new(o, "facility", tl->detained ? json_string(tl->stint.facility) : json_null());
	json_object_set_new(o, "stay_start", cli_json_time(tl->detained ? tl->stay.in : TS_NONE));
	json_object_set_new(o, "criminality", cli_json_word(&vocab_criminality, tl->criminality));
	json_object_set_new(o, "threat_level", threat_json(tl->threat_level));
	json_object_set_new(o, "mandatory", cli_json_word(&vocab_mandatory, tl->mandatory));
	json_object_set_new(o, "protected", json_boolean(tl->protected_ == 1));
	json_object_set_new(o, "final_order",
			    tl->final_order ? json_string(ts_format_date(tl->final_date, date)) : json_null());
	json_object_set_new(o, "enrolled", json_boolean(tl->enrolled));
	json_object_set_new(o, "technology",
			    cli_json_word(&vocab_technology, tl->enrolled ? tl->enrolment.technology : UNSET));
	if (tl->enrolled) {
		struct checkin_summary c;
		clock_checkins(tl, at, &c);
		json_t *periods = json_object();
		json_object_set_new(periods, "ended", json_integer(c.ended));
		json_object_set_new(periods, "met", json_integer(c.met));
		json_object_set_new(periods, "missed_in_a_row", json_integer(c.missed_run));
		json_object_set_new(periods, "last_ok", cli_json_time(c.last_ok));
		json_object_set_new(o, "checkins", periods);
	}
	json_object_set_new(o, "family_name", tl->family_name ? json_string(tl->family_name) : json_null());
	json_object_set_new(o, "given_name", tl->given_name ? json_string(tl->given_name) : json_null());
	json_object_set_new(o, "birth_date",
			    tl->birth_date == TS_NONE ? json_null() : json_string(ts_format_date(tl->birth_date, date)));
	json_object_set_new(o, "citizenship", tl->citizenship[0] ? json_string(tl->citizenship) : json_null());
	return o;
}

static const char *word_or(const struct vocab *v, int value, const char *absent)
{
	return value == UNSET ? absent : vocab_word(v, value);
}

static void print_state(const struct timeline *tl, ts_t at)
{
	char a[TS_TEXT_MAX], d[DATE_TEXT_MAX];
	printf("%s  %s%s%s\n", tl->person, tl->family_name ? tl->family_name : "(no name)",
	       tl->given_name ? ", " : "", tl->given_name ? tl->given_name : "");
	if (tl->detained)
		printf("custody:        detained at %s since %s (stay %s)\n", tl->stint.facility,
		       ts_format(tl->stay.in, a), tl->stay.key);
	else
		printf("custody:        not detained\n");
	printf("classification: criminality %s, threat level %s, mandatory %s\n",
	       word_or(&vocab_criminality, tl->criminality, "unknown"),
	       tl->threat_level > 0 ? (const char *[]){"", "1", "2", "3"}[tl->threat_level] : "none",
	       word_or(&vocab_mandatory, tl->mandatory, "unknown"));
	if (tl->final_order)
		printf("case:           final order %s%s\n", ts_format_date(tl->final_date, d),
		       tl->stay_of_removal == STAY_GRANTED ? ", stay of removal in force" : "");
	if (!tl->enrolled)
		return;
	struct checkin_summary c;
	clock_checkins(tl, at, &c);
	printf("supervision:    enrolled since %s (%s, check-in every %d days)\n", ts_format(tl->enrolment.start, a),
	       vocab_word(&vocab_technology, tl->enrolment.technology), tl->enrolment.checkin_days);
	printf("check-ins:      %lld of %lld ended periods met, %lld missed in a row, last ok %s\n", (long long)c.met,
	       (long long)c.ended, (long long)c.missed_run, c.last_ok == TS_NONE ? "never" : ts_format(c.last_ok, a));
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {"at", NULL, &at_text, 0}, {NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos;
	int rc = cli_parse("show", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	if (npos != 1)
		return cli_usage_error("show", "expected one A-number%s", "");
	ts_t at = cli->now;
	char person[ANUMBER_LEN + 1];
	struct error err;
	if (at_text && (rc = cli_time("--at", at_text, &at)))
		return rc;
	if (anumber_normalize(pos[0], person, &err))
		return cli_usage_error("show", "%s", err.msg);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct timeline tl;
	struct show_events s = {json ? json_array() : NULL, at};
	struct flag flags[CLOCK_FLAGS_MAX];
	size_t n_flags = 0;
	rc = ledger_person(l, person, at, &tl, &err);
	if (rc == 0)
		n_flags = clock_flags(&tl, at, ledger_facilities(l), ledger_rules(l), flags);
	if (rc == 0 && !json) {
		print_state(&tl, at);
		print_flags(flags, n_flags);
		printf("events:\n");
	}
	if (rc == 0)
		rc = store_person_events(ledger_store(l), person, show_event, &s, &err);
	if (rc == 0 && json) {
		json_t *o = state_json(&tl, at);
		json_object_set_new(o, "flags", flags_json(flags, n_flags));
		json_object_set_new(o, "events", s.list);
		s.list = NULL;
		rc = cli_print_json(o);
	} else if (rc) {
		rc = cli_fail(&err);
	}
	json_decref(s.list);
	timeline_free(&tl);
	ledger_close(l);
	return rc;
}
