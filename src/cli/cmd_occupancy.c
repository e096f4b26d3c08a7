/* custody occupancy: national and per-facility population at an instant. */
#include "commands.h"
#include "occupancy.h"

/* A facility counts at the instant when it is open or holds someone. */
static bool shown(const struct occupancy_row *r)
{
	return r->open || r->population > 0;
}

static json_t *occupancy_json(const struct occupancy *o)
{
	json_t *root = json_object(), *national = json_object(), *list = json_array();
	json_object_set_new(root, "at", cli_json_time(o->at));
	json_object_set_new(national, "population", json_integer(o->population));
	json_object_set_new(national, "capacity", json_integer(o->capacity));
	json_object_set_new(national, "facility_capacity", json_integer(o->facility_capacity));
	json_object_set_new(root, "national", national);
	json_t *aors = json_array();
	for (int a = 0; a < vocab_aor.count; a++) {
		const struct occupancy_area *area = &o->aors[a];
		if (!area->population && !area->capacity)
			continue;
		json_t *row = json_object();
		json_object_set_new(row, "aor", json_string(vocab_word(&vocab_aor, a)));
		json_object_set_new(row, "population", json_integer(area->population));
		json_object_set_new(row, "capacity", json_integer(area->capacity));
		json_array_append_new(aors, row);
	}
	json_object_set_new(root, "aors", aors);
	for (size_t i = 0; i < o->n; i++) {
		const struct occupancy_row *r = &o->rows[i];
		if (!shown(r))
			continue;
		json_t *row = json_object();
		json_object_set_new(row, "facility", json_string(r->facility->code));
		json_object_set_new(row, "population", json_integer(r->population));
		json_object_set_new(row, "capacity", json_integer(r->capacity));
		json_object_set_new(row, "open", json_boolean(r->open));
		json_array_append_new(list, row);
	}
	json_object_set_new(root, "facilities", list);
	return root;
}

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
		if (!shown(r))
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
	return cli_print_occupancy(cli, at, json, occupancy_json, print_occupancy);
}
