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
	json_object_set_new(root, "national", national);
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

static void print_occupancy(const struct occupancy *o)
{
	char at[TS_TEXT_MAX];
	printf("occupancy at %s\n", ts_format(o->at, at));
	printf("national: %lld detained, capacity %lld (%.1f%%)\n\n", (long long)o->population,
	       (long long)o->capacity, o->capacity ? 100.0 * (double)o->population / (double)o->capacity : 0.0);
	printf("%-16s %10s %10s %8s\n", "facility", "population", "capacity", "used");
	for (size_t i = 0; i < o->n; i++) {
		const struct occupancy_row *r = &o->rows[i];
		if (!shown(r))
			continue;
		printf("%-16s %10lld %10d %7.1f%%%s\n", r->facility->code, (long long)r->population, r->capacity,
		       r->capacity ? 100.0 * (double)r->population / r->capacity : 0.0, r->open ? "" : "  (closed)");
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
