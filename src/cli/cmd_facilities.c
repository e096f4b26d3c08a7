/* custody facilities: every facility with its beds and population now. */
#include "commands.h"

static const char *word(const struct vocab *v, int value)
{
	return value == UNSET ? "" : vocab_word(v, value);
}

static void print_facilities(const struct occupancy *o)
{
	printf("%-10s %-44s %-4s %-9s %8s %10s %6s\n", "code", "name", "aor", "kind", "capacity", "population",
	       "free");
	for (size_t i = 0; i < o->n; i++) {
		const struct occupancy_row *r = &o->rows[i];
		const struct event *d = r->details;
		printf("%-10s %-44.44s %-4s %-9s %8d %10lld %6lld%s\n", r->facility->code, d ? d->name : "",
		       word(&vocab_aor, d ? d->aor : UNSET), word(&vocab_facility_kind, d ? d->kind : UNSET),
		       r->capacity, (long long)r->population, (long long)(r->capacity - r->population),
		       r->open ? "" : "  (closed)");
	}
}

int cmd_facilities(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("facilities", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	return cli_print_occupancy(cli, cli->now, json, view_facilities, print_facilities);
}
