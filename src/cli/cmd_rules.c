/* custody rules: the settings in force and where each came from. */
#include <string.h>

#include "commands.h"

static const char *origin(const struct rules *r, size_t i, char *buf, size_t size)
{
	if (r->line[i] == 0)
		return "default";
	snprintf(buf, size, "%s line %d", r->origin, r->line[i]);
	return buf;
}

static json_t *rules_json(const struct rules *r)
{
	json_t *list = json_array();
	for (size_t i = 0; i < rules_count(); i++) {
		const struct rules_setting *s = rules_setting(i);
		char value[32], from[RULES_ORIGIN_MAX + 32];
		json_t *o = json_object();
		json_object_set_new(o, "section", json_string(s->section));
		json_object_set_new(o, "key", json_string(s->key));
		json_object_set_new(o, "value", json_string(rules_value_text(r, i, value, sizeof value)));
		json_object_set_new(o, "unit", json_string(s->unit));
		json_object_set_new(o, "source", json_string(origin(r, i, from, sizeof from)));
		json_object_set_new(o, "rule", json_string(s->help));
		json_array_append_new(list, o);
	}
	return list;
}

/* As a rules file: what is printed can be saved and edited. */
static void print_rules(const struct rules *r)
{
	const char *section = "";
	for (size_t i = 0; i < rules_count(); i++) {
		const struct rules_setting *s = rules_setting(i);
		char value[32], from[RULES_ORIGIN_MAX + 32];
		if (strcmp(section, s->section) != 0)
			printf("%s[%s]\n", i ? "\n" : "", section = s->section);
		printf("%-22s = %-10s ; %s, %s; %s\n", s->key, rules_value_text(r, i, value, sizeof value), s->unit,
		       origin(r, i, from, sizeof from), s->help);
	}
}

int cmd_rules(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const struct cli_option opts[] = {{"json", &json, NULL, 0}, {NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("rules", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	struct rules r;
	if ((rc = cli_rules(cli, &r)))
		return rc;
	if (json)
		return cli_print_json(rules_json(&r));
	print_rules(&r);
	return EXIT_OK;
}
