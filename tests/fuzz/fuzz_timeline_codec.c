/* fuzz_timeline_codec.c: decoding a stored timeline state
 * (timeline_decode, timeline.h) from any bytes, as a corrupt `people` row
 * gives it.
 *
 * A state that decodes must encode, and what it encodes into must decode
 * into a state that encodes into the same bytes again. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "timeline.h"

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
