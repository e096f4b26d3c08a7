/* custody candidates: ranked release candidates (rules.md, capacity). */
#include <stdint.h>
#include <string.h>

#include "commands.h"

/* Population and capacity of the scope asked about: facility, else aor
 * (UNSET: none), else the nation. */
static void scope_beds(const struct occupancy *o, const char *facility, int aor, int64_t *population,
		       int64_t *capacity)
{
	*population = o->population;
	*capacity = o->capacity;
	if (aor != UNSET) {
		*population = o->aors[aor].population;
		*capacity = o->aors[aor].capacity;
	}
	for (size_t i = 0; facility && i < o->n; i++)
		if (strcmp(o->rows[i].facility->code, facility) == 0) {
			*population = o->rows[i].population;
			*capacity = o->rows[i].capacity;
		}
}

static void print_list(const struct candidate_list *list, size_t n, const struct occupancy *o, const char *facility,
		       int aor)
{
	int64_t population, capacity;
	scope_beds(o, facility, aor, &population, &capacity);
	char at[TS_TEXT_MAX];
	printf("%s at %s: %lld held, %lld beds", facility ? facility : aor != UNSET ? vocab_word(&vocab_aor, aor) : "national",
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

/* The first `need` candidates at `at` in the scope of filter (its
 * facility, else the single AOR aor), as text after the scope's beds. */
static int print_candidates(struct ledger *l, ts_t at, const struct flag_filter *filter, int aor, size_t need,
			    struct error *err)
{
	struct candidate_list list;
	struct occupancy o;
	int rc = candidates_at(l, at, filter, &list, err);
	if (rc)
		return rc;
	if ((rc = occupancy_at(l, at, &o, err)) == 0) {
		print_list(&list, need < list.n ? need : list.n, &o, filter->facility, aor);
		occupancy_free(&o);
	}
	candidate_list_free(&list);
	return rc;
}

int cmd_candidates(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL, *aor_text = NULL, *need_text = NULL;
	int aor;
	struct flag_filter filter;
	flag_filter_any(&filter);
	const struct cli_option opts[] = {
		{"json", &json, NULL, 0},	{"at", NULL, &at_text, 0},		{"aor", NULL, &aor_text, 0},
		{"need", NULL, &need_text, 0}, {"facility", NULL, &filter.facility, 0}, {NULL, NULL, NULL, 0},
	};
	int npos;
	int rc = cli_parse("candidates", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	ts_t at = cli->now;
	long need = -1;
	if ((rc = cli_number("candidates", "--need", need_text, 0, BOUND_NEED_MAX, &need)))
		return rc;
	if (aor_text && filter.facility)
		return cli_usage_error("candidates", "give --facility or --aor, not both%s", "");
	if ((at_text && (rc = cli_time("--at", at_text, &at))) ||
	    (rc = cli_word("candidates", "--aor", &vocab_aor, aor_text, &aor)))
		return rc;
	filter.aor_mask = aor_mask_of(aor);
	struct ledger *l;
	if ((rc = cli_open_scope(cli, filter.facility, &l)))
		return rc;
	struct error err;
	size_t n = need < 0 ? SIZE_MAX : (size_t)need;
	rc = json ? view_candidates(stdout, l, at, &filter, n, &err) : print_candidates(l, at, &filter, aor, n, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
