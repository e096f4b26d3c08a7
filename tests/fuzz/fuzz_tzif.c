/* fuzz_tzif.c: a TZif file (tzif.h) from any bytes, as a zone file of the
 * system's tzdata gives it to `--tz`. A zone that parses answers every
 * instant within the bounds: its offset is within RFC 8536's range (-25 to
 * 26 hours), and the instant of a local time lies within two days of it. */
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "fuzz.h"
#include "tzif.h"

/* Instants spread over the bounds, from the input's first bytes too. */
static ts_t instant(const uint8_t *data, size_t size, size_t i)
{
	uint64_t bits = 0;
	for (size_t k = 0; k < 8 && i * 8 + k < size; k++)
		bits = bits << 8 | data[i * 8 + k];
	return BOUND_TIME_MIN + (ts_t)(bits % (uint64_t)(BOUND_TIME_MAX - BOUND_TIME_MIN + 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > TZIF_DATA_MAX)
		return 0;
	struct tzif z;
	struct error err;
	if (tzif_parse(data, size, &z, &err) == 0) {
		for (size_t i = 0; i < 8; i++) {
			ts_t t = instant(data, size, i);
			int32_t off = tzif_offset(&z, t);
			fuzz_require(off >= -89999 && off <= 93599, "an offset out of range");
			ts_t back = tzif_utc(&z, t + off);
			fuzz_require(back > t - 2 * 86400 && back < t + 2 * 86400, "a local time far from its instant");
		}
	}
	tzif_free(&z);
	return 0;
}
