/* fuzz_population.c: the daily population table (population.h) from any
 * bytes, as `custody import-population` reads it. Every row handed on
 * holds what the parser promises: a date within its years, counts within
 * their bounds and none above n_detained. */
#include "fuzz.h"
#include "population.h"

static int check_row(void *ctx, const struct population_row *r, struct error *err)
{
	(void)ctx;
	(void)err;
	fuzz_require(r->facility && r->facility[0], "a row without a facility");
	long detained = r->counts[POPULATION_DETAINED];
	for (int i = 0; i < POPULATION_COUNTS_N; i++) {
		fuzz_require(r->counts[i] >= -1 && r->counts[i] <= 1000000, "a count out of bounds");
		fuzz_require(detained < 0 || r->counts[i] <= detained, "a count above n_detained");
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct population_sink sink = {.row = check_row};
	struct population_summary summary;
	struct error err;
	if (population_parse_buffer((const char *)data, size, "fuzz", &sink, &summary, &err) == 0)
		fuzz_require(summary.first <= summary.last, "days out of order");
	return 0;
}
