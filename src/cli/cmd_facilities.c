/* custody facilities: every facility with its beds and population now. */
#include "commands.h"
#include "occupancy.h"

static const char *word(const struct vocab *v, int value)
{
	return value == UNSET ? "" : vocab_word(v, value);
}

static json_t *facilities_json(const struct occupancy *o)
{
	json_t *list = json_array();
	for (size_t i = 0; i < o->n; i++) {
		const struct occupancy_row *r = &o->rows[i];
		const struct event *d = r->details;
		json_t *row = json_object();
		json_object_set_new(row, "facility", json_string(r->facility->code));
		json_object_set_new(row, "name", d ? json_string(d->name) : json_null());
		json_object_set_new(row, "aor", cli_json_word(&vocab_aor, d ? d->aor : UNSET));
		json_object_set_new(row, "kind", cli_json_word(&vocab_facility_kind, d ? d->kind : UNSET));
		json_object_set_new(row, "capacity", json_integer(r->capacity));
		json_object_set_new(row, "population", json_integer(r->population));
		json_object_set_new(row, "free", json_integer(r->capacity - r->population));
		json_object_set_new(row, "open", json_boolean(r->open));
		json_object_set_new(row, "sex", cli_json_word(&vocab_facility_sex, d ? d->facility_sex : UNSET));
		json_object_set_new(row, "city", d && d->city ? json_string(d->city) : json_null());
		json_object_set_new(row, "state", d && d->state[0] ? json_string(d->state) : json_null());
		json_array_append_new(list, row);
	}
	return list;
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
	return cli_print_occupancy(cli, cli->now, json, facilities_json, print_facilities);
}
