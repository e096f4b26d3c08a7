/* custody rules: the settings in force and where each came from. */
#include <string.h>

#include "commands.h"

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
		       view_rules_source(r, i, from, sizeof from), s->help);
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
	struct error err;
	if (json)
		return view_rules(stdout, &r, &err) ? cli_fail(&err) : EXIT_OK;
	print_rules(&r);
	return EXIT_OK;
}
