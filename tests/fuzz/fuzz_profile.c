/* fuzz_profile.c: the generator's profile file (profile.h) on any text, as
 * `generate --profile FILE` reads it; a profile that parses drives a short
 * run of the flow model (engine.h) at a small scale, whose events must all
 * write their canonical form. */
#include <stdlib.h>

#include "engine.h"
#include "fuzz.h"
#include "profile.h"

#define EVENTS_MAX 2000 /* events of a run looked at, at most */

static int take(void *ctx, const struct event *ev, struct error *err)
{
	size_t *n = ctx;
	char buf[EVENT_TEXT_MAX];
	fuzz_require(event_format(ev, buf, sizeof buf) > 0, "an event of the flow model does not format");
	return ++*n < EVENTS_MAX ? 0 : error_set(err, ERR_INVALID, "enough");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!text)
		return 0;
	struct profile p;
	struct error err;
	if (profile_parse(text, "fuzz.ini", &p, &err) == 0) {
		struct sim_options o = {.seed = 1, .scale = 1e-4, .from = ts_floor_day(p.from), .days = 2};
		size_t n = 0;
		int rc = sim_run(&p, &o, take, &n, NULL, &err);
		fuzz_require(rc == 0 || rc == ERR_INVALID, "the flow model failed");
	}
	profile_free(&p);
	free(text);
	return 0;
}
