/* custody place: facilities with a free bed for a person, best first. */
#include "commands.h"

static void print_placements(const struct view_placements *p)
{
	const struct timeline *tl = &p->tl;
	printf("%s (%s%s), AOR %s: %zu facilities with a free bed\n", tl->person,
	       tl->sex == UNSET ? "sex unknown" : vocab_word(&vocab_person_sex, tl->sex), p->child ? ", a child" : "",
	       p->aor == UNSET ? "unknown" : vocab_word(&vocab_aor, p->aor), p->n);
	for (size_t i = 0; i < p->n; i++) {
		const struct placement *pl = &p->items[i];
		const struct event *d = pl->row->details;
		printf("%-10s %-4s %-9s %6lld free of %6d  %s\n", pl->row->facility->code, vocab_word(&vocab_aor, d->aor),
		       vocab_word(&vocab_facility_kind, d->kind), (long long)pl->free, pl->row->capacity, d->name);
	}
}

/* Where the person could go at `at`, as text. */
static int print_place(struct ledger *l, const char *person, ts_t at, int aor, struct error *err)
{
	struct view_placements p;
	int rc = view_placements_at(l, person, at, aor, &p, err);
	if (rc == 0)
		print_placements(&p);
	view_placements_free(&p);
	return rc;
}

int cmd_place(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL, *aor_text = NULL;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {"at", NULL, &at_text, 0}, {"aor", NULL, &aor_text, 0},
					  {NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos, aor;
	int rc = cli_parse("place", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	if (npos != 1)
		return cli_usage_error("place", "expected one A-number%s", "");
	ts_t at = cli->now;
	char person[ANUMBER_LEN + 1];
	struct error err;
	if ((at_text && (rc = cli_time("--at", at_text, &at))) || (rc = cli_word("place", "--aor", &vocab_aor, aor_text, &aor)))
		return rc;
	if (anumber_normalize(pos[0], person, &err))
		return cli_usage_error("place", "%s", err.msg);
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	rc = json ? view_place(stdout, l, person, at, aor, &err) : print_place(l, person, at, aor, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
