/* custody atd: supervision figures, and who is due or has missed. */
#include <string.h>

#include "commands.h"

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

/* The figures at `at`, broken down by `by` (its word in by_text). */
static int print_summary(struct ledger *l, ts_t at, aor_mask_t aor_mask, enum atd_by by, const char *by_text,
			 struct error *err)
{
	struct atd_summary s;
	int rc = atd_summary_at(l, at, aor_mask, &s, err);
	if (rc)
		return rc;
	char t[TS_TEXT_MAX];
	printf("supervision at %s: %lld active, %lld absconders (enrolments ended absconded)\n", ts_format(s.at, t),
	       (long long)s.all.active, (long long)s.absconders);
	printf("%-10s %9s %9s %11s %11s\n", by_text ? by_text : "", "active", "ALIP", "compliance", "appearance");
	print_group("all", &s.all);
	for (int i = 0; i < atd_groups(by); i++) {
		const char *name;
		const struct atd_group *g = atd_group(&s, by, i, &name);
		if (g->active)
			print_group(name, g);
	}
	return 0;
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

static int print_list(struct ledger *l, ts_t at, aor_mask_t aor_mask, enum atd_which which, struct error *err)
{
	struct atd_list list;
	int rc = atd_list_at(l, at, aor_mask, which, &list, err);
	if (rc)
		return rc;
	printf("%zu %s at %s\n", list.n, which == ATD_DUE ? "due within 24 hours" : "missed their latest period",
	       ts_format(at, (char[TS_TEXT_MAX]){0}));
	for (size_t i = 0; i < list.n; i++)
		print_person(&list.items[i], which);
	atd_list_free(&list);
	return 0;
}

int cmd_atd(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL, *aor_text = NULL, *by_text = NULL;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {"at", NULL, &at_text, 0}, {"aor", NULL, &aor_text, 0},
					  {"by", NULL, &by_text, 0}, {NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos, aor;
	int rc = cli_parse("atd", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	const char *list = npos ? pos[0] : NULL;
	if (list && strcmp(list, "due") != 0 && strcmp(list, "missed") != 0)
		return cli_usage_error("atd", "unknown list \"%s\" (due or missed)", list);
	if (by_text && list)
		return cli_usage_error("atd", "--by breaks down the figures: not with the %s list", list);
	if (by_text && strcmp(by_text, "technology") != 0 && strcmp(by_text, "aor") != 0)
		return cli_usage_error("atd", "--by: \"%s\" is not technology or aor", by_text);
	enum atd_by by = !by_text ? ATD_BY_NONE : strcmp(by_text, "aor") == 0 ? ATD_BY_AOR : ATD_BY_TECHNOLOGY;
	ts_t at = cli->now;
	if ((at_text && (rc = cli_time("--at", at_text, &at))) || (rc = cli_word("atd", "--aor", &vocab_aor, aor_text, &aor)))
		return rc;
	aor_mask_t aor_mask = aor_mask_of(aor);
	enum atd_which which = list && strcmp(list, "due") == 0 ? ATD_DUE : ATD_MISSED;
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	if (list)
		rc = json ? view_atd_list(stdout, l, at, aor_mask, which, &err) : print_list(l, at, aor_mask, which, &err);
	else
		rc = json ? view_atd(stdout, l, at, aor_mask, by, &err) : print_summary(l, at, aor_mask, by, by_text, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
