/* fuzz_event.c: the event parser (event.h) on any text.
 *
 * An event that parses must write its canonical form, and that form must
 * parse again into the same canonical form. */
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "fuzz.h"

#define NOW ((ts_t)1767225600) /* 2026-01-01T00:00:00Z, the ledger's clock */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct event ev, again;
	struct error err;
	if (event_parse((const char *)data, size, NOW, &ev, &err))
		return 0;
	char *canon = event_to_json(&ev);
	fuzz_require(canon != NULL, "out of memory");
	char buf[EVENT_TEXT_MAX];
	size_t len = event_format(&ev, buf, sizeof buf);
	fuzz_require(len == strlen(canon) && memcmp(buf, canon, len) == 0, "event_format differs from event_to_json");
	fuzz_require(event_parse(canon, len, NOW, &again, &err) == 0, "the canonical form does not parse");
	char *canon2 = event_to_json(&again);
	fuzz_require(canon2 != NULL && strcmp(canon, canon2) == 0, "the canonical form is not stable");
	free(canon2);
	free(canon);
	event_free(&again);
	event_free(&ev);
	return 0;
}
