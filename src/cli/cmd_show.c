/* custody show: one person's state and timeline. */
#include <stdlib.h>

#include "clock.h"
#include "commands.h"
#include "users.h"

/* store_event_fn: one event of the timeline, up to the instant ctx, as a
 * text line. */
static int print_event(void *ctx, const struct stored_event *sev, struct error *err)
{
	const ts_t *until = ctx;
	if (sev->at > *until)
		return 0;
	char *text = view_event_text(sev, err);
	if (!text)
		return err->code;
	char at[TS_TEXT_MAX];
	printf("  %6lld  %s  %s%s\n", (long long)sev->seq, ts_format(sev->at, at), text,
	       sev->voided_by ? "  [voided]" : "");
	free(text);
	return 0;
}

static void print_flags(const struct flag *flags, size_t n)
{
	char due[TS_TEXT_MAX];
	for (size_t i = 0; i < n; i++)
		printf("%s %-16s %-7s %-20s %s\n", i ? "               " : "flags:         ",
		       vocab_word(&vocab_flag_rule, flags[i].rule), vocab_word(&vocab_flag_status, flags[i].status),
		       flags[i].due == TS_NONE ? "-" : ts_format(flags[i].due, due), flags[i].reason);
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

/* The person's state, flags and events at `at`, as text. */
static int print_person(struct ledger *l, const char *person, ts_t at, struct error *err)
{
	struct timeline tl; /* ledger_person() initialises it, on failure too */
	int rc = ledger_person(l, person, at, &tl, err);
	if (rc == 0) {
		struct flag flags[CLOCK_FLAGS_MAX];
		size_t n = clock_flags(&tl, at, ledger_facilities(l), ledger_rules(l), flags);
		print_state(&tl, at);
		print_flags(flags, n);
		printf("events:\n");
		rc = store_person_events(ledger_store(l), person, print_event, &at, err);
	}
	timeline_free(&tl);
	return rc;
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
	rc = json ? view_show(stdout, l, person, at, &err) : print_person(l, person, at, &err);
	const char *read[] = {person};
	if (rc == 0) /* a read of a person's record, like the server's (docs/api.md) */
		rc = store_access_add(ledger_store(l), cli->now, cli->actor, read, 1, "custody show", at, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
