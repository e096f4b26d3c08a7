/* fuzz_timeline_codec.c: decoding a stored timeline state
 * (timeline_decode, timeline.h) from any bytes, as a corrupt `people` row
 * gives it.
 *
 * A state that decodes must encode, and what it encodes into must decode
 * into a state that encodes into the same bytes again; and it must be fit
 * for the legal clocks and the check-in periods at any instant within the
 * bounds, as `flags` and `atd` read it (the decoder validates every value). */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "clock.h"
#include "fuzz.h"
#include "timeline.h"

/* The flags and the check-in outcome of tl at instants across the bounds. */
static void run_clocks(const struct timeline *tl)
{
	struct facility_registry reg;
	facility_registry_init(&reg);
	struct rules r;
	rules_default(&r);
	static const ts_t at[] = {BOUND_TIME_MIN, 1735689600 /* 2025-01-01 */, BOUND_TIME_MAX};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		struct flag flags[CLOCK_FLAGS_MAX];
		size_t n = clock_flags(tl, at[i], &reg, &r, flags);
		fuzz_require(n <= CLOCK_FLAGS_MAX, "more flags than room");
		struct checkin_summary sum;
		clock_checkins(tl, at[i], &sum);
	}
	facility_registry_free(&reg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct timeline tl;
	struct error err;
	if (timeline_decode(data, size, &tl, &err))
		return 0;
	unsigned char *out;
	size_t len;
	fuzz_require(timeline_encode(&tl, &out, &len, &err) == 0, "out of memory");
	(void)timeline_footprint(&tl);
	run_clocks(&tl);
	struct timeline again;
	fuzz_require(timeline_decode(out, len, &again, &err) == 0, "an encoded state does not decode");
	unsigned char *out2;
	size_t len2;
	fuzz_require(timeline_encode(&again, &out2, &len2, &err) == 0, "out of memory");
	fuzz_require(len2 == len && memcmp(out, out2, len) == 0, "a decoded state encodes differently");
	free(out2);
	timeline_free(&again);
	free(out);
	timeline_free(&tl);
	return 0;
}
