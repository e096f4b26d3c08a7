/* custody place: facilities with a free bed for a person, best first. */
#include <stdlib.h>

#include "commands.h"
#include "occupancy.h"

static json_t *placements_json(const struct placement *p, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct event *d = p[i].row->details;
		json_t *o = json_object();
		json_object_set_new(o, "facility", json_string(p[i].row->facility->code));
		json_object_set_new(o, "name", json_string(d->name));
		json_object_set_new(o, "aor", json_string(vocab_word(&vocab_aor, d->aor)));
		json_object_set_new(o, "kind", json_string(vocab_word(&vocab_facility_kind, d->kind)));
		json_object_set_new(o, "capacity", json_integer(p[i].row->capacity));
		json_object_set_new(o, "population", json_integer(p[i].row->population));
		json_object_set_new(o, "free", json_integer(p[i].free));
		json_object_set_new(o, "in_aor", json_boolean(p[i].in_aor));
		json_array_append_new(a, o);
	}
	return a;
}

static void print_placements(const struct timeline *tl, int aor, bool child, const struct placement *p, size_t n)
{
	printf("%s (%s%s), AOR %s: %zu facilities with a free bed\n", tl->person,
	       tl->sex == UNSET ? "sex unknown" : vocab_word(&vocab_person_sex, tl->sex), child ? ", a child" : "",
	       aor == UNSET ? "unknown" : vocab_word(&vocab_aor, aor), n);
	for (size_t i = 0; i < n; i++) {
		const struct event *d = p[i].row->details;
		printf("%-10s %-4s %-9s %6lld free of %6d  %s\n", p[i].row->facility->code, vocab_word(&vocab_aor, d->aor),
		       vocab_word(&vocab_facility_kind, d->kind), (long long)p[i].free, p[i].row->capacity, d->name);
	}
}

/* Where the person of tl could go at instant at. */
static int place(struct ledger *l, const struct timeline *tl, ts_t at, int aor, bool json, struct error *err)
{
	struct occupancy o;
	int rc = occupancy_at(l, at, &o, err);
	if (rc)
		return rc;
	struct placement *p = malloc((o.n ? o.n : 1) * sizeof *p);
	if (!p) {
		occupancy_free(&o);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	bool child = tl->birth_date != TS_NONE && at < ts_add_years(tl->birth_date, ledger_rules(l)->child_age_years);
	size_t n = beds_place(o.rows, o.n, tl->sex, child, aor, p);
	if (json)
		rc = cli_print_json(placements_json(p, n)) ? error_set(err, ERR_IO, "writing the output") : 0;
	else
		print_placements(tl, aor, child, p, n);
	free(p);
	occupancy_free(&o);
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
	struct timeline tl;
	rc = ledger_person(l, person, at, &tl, &err);
	if (rc == 0)
		rc = place(l, &tl, at, aor != UNSET ? aor : tl.arrest_aor, json, &err);
	timeline_free(&tl);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
