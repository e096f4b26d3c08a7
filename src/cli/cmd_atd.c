/* custody atd: supervision figures, and who is due or has missed. */
#include <math.h>
#include <string.h>

#include "commands.h"
#include "supervision.h"

/* A rate or an average, rounded, or null when there was nothing to count. */
static json_t *figure(double x, double scale)
{
	return x < 0 ? json_null() : json_real(round(x * scale) / scale);
}

static json_t *group_json(const char *name, const struct atd_group *g)
{
	json_t *o = json_object();
	json_object_set_new(o, "group", json_string(name));
	json_object_set_new(o, "active", json_integer(g->active));
	json_object_set_new(o, "alip_days", figure(atd_alip(g), 10));
	json_object_set_new(o, "compliance_rate", figure(atd_compliance(g), 10000));
	json_object_set_new(o, "court_appearance_rate", figure(atd_appearance(g), 10000));
	return o;
}

/* The name of group i of a breakdown, and the group itself. */
static const struct atd_group *group_at(const struct atd_summary *s, bool by_aor, int i, const char **name)
{
	if (!by_aor) {
		*name = vocab_word(&vocab_technology, i);
		return &s->by_technology[i];
	}
	*name = i < vocab_aor.count ? vocab_word(&vocab_aor, i) : "unknown";
	return &s->by_aor[i < vocab_aor.count ? i : ATD_AORS];
}

static int group_count(bool by_aor)
{
	return by_aor ? vocab_aor.count + 1 : TECH_COUNT;
}

static json_t *summary_json(const struct atd_summary *s, const char *by)
{
	json_t *o = json_object(), *tech = json_object(), *aors = json_object();
	json_object_set_new(o, "at", cli_json_time(s->at));
	json_object_set_new(o, "active", json_integer(s->all.active));
	json_object_set_new(o, "alip_days", figure(atd_alip(&s->all), 10));
	json_object_set_new(o, "compliance_rate", figure(atd_compliance(&s->all), 10000));
	for (int i = 0; i < TECH_COUNT; i++)
		json_object_set_new(tech, vocab_word(&vocab_technology, i), json_integer(s->by_technology[i].active));
	json_object_set_new(o, "by_technology", tech);
	for (int i = 0; i < group_count(true); i++) {
		const char *name;
		const struct atd_group *g = group_at(s, true, i, &name);
		if (g->active)
			json_object_set_new(aors, name, json_integer(g->active));
	}
	json_object_set_new(o, "by_aor", aors);
	json_object_set_new(o, "absconders", json_integer(s->absconders));
	json_object_set_new(o, "court_appearance_rate", figure(atd_appearance(&s->all), 10000));
	if (by) {
		json_t *groups = json_array();
		for (int i = 0; i < group_count(strcmp(by, "aor") == 0); i++) {
			const char *name;
			const struct atd_group *g = group_at(s, strcmp(by, "aor") == 0, i, &name);
			if (g->active)
				json_array_append_new(groups, group_json(name, g));
		}
		json_object_set_new(o, "groups", groups);
	}
	return o;
}

/* A percentage in a column of width 11, "-" when undefined. */
static const char *percent(double rate, char buf[16])
{
	if (rate < 0)
		return "-";
	snprintf(buf, 16, "%.1f%%", 100 * rate);
	return buf;
}

static void print_group(const char *name, const struct atd_group *g)
{
	char a[16], b[16];
	printf("%-10s %9lld %9.1f %11s %11s\n", name, (long long)g->active, atd_alip(g) < 0 ? 0 : atd_alip(g),
	       percent(atd_compliance(g), a), percent(atd_appearance(g), b));
}

static void print_summary(const struct atd_summary *s, const char *by)
{
	char at[TS_TEXT_MAX];
	printf("supervision at %s: %lld active, %lld absconders (enrolments ended absconded)\n",
	       ts_format(s->at, at), (long long)s->all.active, (long long)s->absconders);
	printf("%-10s %9s %9s %11s %11s\n", by ? by : "", "active", "ALIP", "compliance", "appearance");
	print_group("all", &s->all);
	for (int i = 0; by && i < group_count(strcmp(by, "aor") == 0); i++) {
		const char *name;
		const struct atd_group *g = group_at(s, strcmp(by, "aor") == 0, i, &name);
		if (g->active)
			print_group(name, g);
	}
}

static json_t *person_json(const struct atd_person *p, enum atd_which which)
{
	json_t *o = json_object();
	json_object_set_new(o, "person", json_string(p->person));
	json_object_set_new(o, "technology", json_string(vocab_word(&vocab_technology, p->technology)));
	if (which == ATD_MISSED) {
		json_object_set_new(o, "missed_periods", json_integer(p->checkins.missed_run));
	} else {
		json_object_set_new(o, "due", cli_json_time(p->checkins.open_b));
		json_object_set_new(o, "grace_until", cli_json_time(p->checkins.open_deadline));
	}
	json_object_set_new(o, "last_ok", cli_json_time(p->checkins.last_ok));
	json_object_set_new(o, "checkin_days", json_integer(p->checkin_days));
	json_object_set_new(o, "aor", cli_json_word(&vocab_aor, p->aor));
	return o;
}

static void print_person(const struct atd_person *p, enum atd_which which)
{
	char a[TS_TEXT_MAX], b[TS_TEXT_MAX];
	const char *last = p->checkins.last_ok == TS_NONE ? "never" : ts_format(p->checkins.last_ok, b);
	if (which == ATD_MISSED)
		printf("%s  %-5s every %2d days  %3lld missed in a row  last ok %s\n", p->person,
		       vocab_word(&vocab_technology, p->technology), p->checkin_days, (long long)p->checkins.missed_run,
		       last);
	else
		printf("%s  %-5s every %2d days  due %s  last ok %s\n", p->person,
		       vocab_word(&vocab_technology, p->technology), p->checkin_days, ts_format(p->checkins.open_b, a),
		       last);
}

static int print_list(struct ledger *l, ts_t at, int aor, enum atd_which which, bool json, struct error *err)
{
	struct atd_list list;
	int rc = atd_list_at(l, at, aor, which, &list, err);
	if (rc)
		return rc;
	struct cli_array array = {false};
	if (!json)
		printf("%zu %s at %s\n", list.n, which == ATD_DUE ? "due within 24 hours" : "missed their latest period",
		       ts_format(at, (char[TS_TEXT_MAX]){0}));
	for (size_t i = 0; rc == 0 && i < list.n; i++)
		if (json)
			rc = cli_array_add(&array, person_json(&list.items[i], which), err);
		else
			print_person(&list.items[i], which);
	if (json)
		cli_array_end(&array);
	atd_list_free(&list);
	return rc;
}

int cmd_atd(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL, *aor_text = NULL, *by = NULL;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {"at", NULL, &at_text, 0}, {"aor", NULL, &aor_text, 0},
					  {"by", NULL, &by, 0},	  {NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos, aor;
	int rc = cli_parse("atd", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	const char *list = npos ? pos[0] : NULL;
	if (list && strcmp(list, "due") != 0 && strcmp(list, "missed") != 0)
		return cli_usage_error("atd", "unknown list \"%s\" (due or missed)", list);
	if (by && list)
		return cli_usage_error("atd", "--by breaks down the figures: not with the %s list", list);
	if (by && strcmp(by, "technology") != 0 && strcmp(by, "aor") != 0)
		return cli_usage_error("atd", "--by: \"%s\" is not technology or aor", by);
	ts_t at = cli->now;
	if ((at_text && (rc = cli_time("--at", at_text, &at))) || (rc = cli_word("atd", "--aor", &vocab_aor, aor_text, &aor)))
		return rc;
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	struct atd_summary s;
	if (list)
		rc = print_list(l, at, aor, strcmp(list, "due") == 0 ? ATD_DUE : ATD_MISSED, json, &err);
	else if ((rc = atd_summary_at(l, at, aor, &s, &err)) == 0 && json)
		rc = cli_print_json(summary_json(&s, by)) ? error_set(&err, ERR_IO, "writing the output") : 0;
	else if (rc == 0)
		print_summary(&s, by);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
