/* custody candidates: ranked release candidates (rules.md, capacity). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "flags.h"
#include "occupancy.h"

static json_t *threat_json(int level)
{
	return level == UNSET || level == THREAT_NULL ? json_null() : json_integer(level);
}

static int print_candidates_json(const struct candidate_list *list, size_t n, struct error *err)
{
	struct cli_array a = {false};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct candidate *c = &list->items[i];
		json_t *o = json_object(), *reasons = json_array();
		json_object_set_new(o, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(o, "person", json_string(c->person));
		json_object_set_new(o, "facility", json_string(c->facility));
		json_object_set_new(o, "days_detained", json_real(round(c->days_detained * 10) / 10));
		json_object_set_new(o, "threat_level", threat_json(c->threat_level));
		json_object_set_new(o, "criminality", cli_json_word(&vocab_criminality, c->criminality));
		json_object_set_new(o, "release_required", json_boolean(c->release_required));
		for (size_t k = 0; k < c->n_reasons; k++)
			json_array_append_new(reasons, json_string(c->reasons[k]));
		json_object_set_new(o, "reasons", reasons);
		rc = cli_array_add(&a, o, err);
	}
	cli_array_end(&a);
	return rc;
}

/* Population and capacity of the scope asked about. */
static void scope_beds(const struct occupancy *o, const struct flag_filter *f, int64_t *population,
		       int64_t *capacity)
{
	*population = o->population;
	*capacity = o->capacity;
	if (f->aor != UNSET) {
		*population = o->aors[f->aor].population;
		*capacity = o->aors[f->aor].capacity;
	}
	for (size_t i = 0; f->facility && i < o->n; i++)
		if (strcmp(o->rows[i].facility->code, f->facility) == 0) {
			*population = o->rows[i].population;
			*capacity = o->rows[i].capacity;
		}
}

static void print_candidates(const struct candidate_list *list, size_t n, const struct occupancy *o,
			     const struct flag_filter *f)
{
	int64_t population, capacity;
	scope_beds(o, f, &population, &capacity);
	char at[TS_TEXT_MAX];
	printf("%s at %s: %lld held, %lld beds", f->facility ? f->facility : f->aor != UNSET ? vocab_word(&vocab_aor, f->aor) : "national",
	       ts_format(o->at, at), (long long)population, (long long)capacity);
	if (population > capacity)
		printf(", %lld over capacity", (long long)(population - capacity));
	printf("\n%zu candidates, %zu held never listed (mandatory detention, border arrests, children, removal "
	       "imminent)\n",
	       list->n, list->excluded);
	for (size_t i = 0; i < n; i++) {
		const struct candidate *c = &list->items[i];
		printf("%5zu  %s  %-10s", i + 1, c->person, c->facility);
		for (size_t k = 0; k < c->n_reasons; k++)
			printf("%s%s", k ? "; " : "  ", c->reasons[k]);
		printf("\n");
	}
}

int cmd_candidates(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL, *aor = NULL, *need_text = NULL;
	struct flag_filter filter;
	flag_filter_any(&filter);
	const struct cli_option opts[] = {
		{"json", &json, NULL, 0},	{"at", NULL, &at_text, 0},		{"aor", NULL, &aor, 0},
		{"need", NULL, &need_text, 0}, {"facility", NULL, &filter.facility, 0}, {NULL, NULL, NULL, 0},
	};
	int npos;
	int rc = cli_parse("candidates", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	ts_t at = cli->now;
	long need = -1;
	if ((rc = cli_number("candidates", "--need", need_text, 0, 100000000, &need)))
		return rc;
	if (aor && filter.facility)
		return cli_usage_error("candidates", "give --facility or --aor, not both%s", "");
	if ((at_text && (rc = cli_time("--at", at_text, &at))) ||
	    (rc = cli_word("candidates", "--aor", &vocab_aor, aor, &filter.aor)))
		return rc;
	struct ledger *l;
	if ((rc = cli_open_scope(cli, filter.facility, &l)))
		return rc;
	struct candidate_list list;
	struct occupancy o;
	struct error err;
	if (candidates_at(l, at, &filter, &list, &err)) {
		rc = cli_fail(&err);
	} else {
		size_t n = need >= 0 && (size_t)need < list.n ? (size_t)need : list.n;
		if (json)
			rc = print_candidates_json(&list, n, &err) ? cli_fail(&err) : EXIT_OK;
		else if ((rc = occupancy_at(l, at, &o, &err)) == 0) {
			print_candidates(&list, n, &o, &filter);
			occupancy_free(&o);
		} else
			rc = cli_fail(&err);
		candidate_list_free(&list);
	}
	ledger_close(l);
	return rc;
}
