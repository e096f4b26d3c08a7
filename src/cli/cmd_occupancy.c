/* custody occupancy: national and per-facility population at an instant. */
#include "commands.h"

static double percent(int64_t part, int64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_occupancy(const struct occupancy *o)
{
	char at[TS_TEXT_MAX];
	printf("occupancy at %s\n", ts_format(o->at, at));
	printf("national: %lld detained, capacity %lld (%.1f%%)", (long long)o->population, (long long)o->capacity,
	       percent(o->population, o->capacity));
	if (o->capacity != o->facility_capacity)
		printf("; the open facilities have %lld beds", (long long)o->facility_capacity);
	printf("\n\n%-16s %10s %10s %8s\n", "AOR", "population", "capacity", "used");
	for (int a = 0; a < vocab_aor.count; a++)
		if (o->aors[a].population || o->aors[a].capacity)
			printf("%-16s %10lld %10lld %7.1f%%\n", vocab_word(&vocab_aor, a), (long long)o->aors[a].population,
			       (long long)o->aors[a].capacity, percent(o->aors[a].population, o->aors[a].capacity));
	printf("\n");
	printf("%-16s %10s %10s %8s\n", "facility", "population", "capacity", "used");
	for (size_t i = 0; i < o->n; i++) {
		const struct occupancy_row *r = &o->rows[i];
		if (!view_occupancy_listed(r))
			continue;
		printf("%-16s %10lld %10d %7.1f%%%s\n", r->facility->code, (long long)r->population, r->capacity,
		       percent(r->population, r->capacity), r->open ? "" : "  (closed)");
	}
}

int cmd_occupancy(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *at_text = NULL;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {"at", NULL, &at_text, 0}, {NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("occupancy", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	ts_t at = cli->now;
	if (at_text && (rc = cli_time("--at", at_text, &at)))
		return rc;
	return cli_print_occupancy(cli, at, json, view_occupancy, print_occupancy);
}
