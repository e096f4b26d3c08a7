/* views_rules.c: the rules in force (see views.h). */
#include "views_internal.h"

const char *view_rules_source(const struct rules *r, size_t i, char *buf, size_t size)
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
		json_object_set_new(o, "source", json_string(view_rules_source(r, i, from, sizeof from)));
		json_object_set_new(o, "rule", json_string(s->help));
		json_array_append_new(list, o);
	}
	return list;
}

int view_rules(FILE *out, const struct rules *r, struct error *err)
{
	return view_put_json(out, rules_json(r), err);
}
