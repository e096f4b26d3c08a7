/* fuzz_rules.c: the rules file (rules.h) on any text, as `--rules FILE`
 * and PUT /api/rules read it; every setting of what parses is written
 * back as the rules command shows it. */
#include <stdlib.h>

#include "fuzz.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!text || size > RULES_FILE_MAX) {
		free(text);
		return 0;
	}
	struct rules r;
	struct error err;
	if (rules_parse(text, "fuzz.ini", &r, &err) == 0) {
		char value[64];
		for (size_t i = 0; i < rules_count(); i++)
			(void)rules_value_text(&r, i, value, sizeof value);
	}
	free(text);
	return 0;
}
