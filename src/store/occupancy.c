#include "occupancy.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>


/* store_count_fn: a facility's population, matched to its registry row. */
static int count_facility(void *ctx, const char *code, int64_t count, struct error *err)
{
	struct occupancy *o = ctx;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->rows[i].facility->code, code) == 0) {
			o->rows[i].population = count;
			o->population += count;
			if (o->rows[i].details)
				o->aors[o->rows[i].details->aor].population += count;
			return 0;
		}
	return error_set(err, ERR_IO, "the projections hold people at facility %s, which the log never opened",
			 code);
}

int occupancy_at(struct ledger *l, ts_t at, struct occupancy *out, struct error *err)
{
	const struct facility_registry *reg = ledger_facilities(l);
	assert(vocab_aor.count <= OCCUPANCY_AORS);
	memset(out, 0, sizeof *out);
	out->at = at;
	out->rows = calloc(reg->n ? reg->n : 1, sizeof *out->rows);
	if (!out->rows)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < reg->n; i++) {
		struct facility_state st;
		facility_state_at(&reg->items[i], at, &st);
		struct occupancy_row *r = &out->rows[out->n++];
		r->facility = &reg->items[i];
		r->details = st.details;
		r->open = st.open;
		r->capacity = st.open ? st.capacity : 0;
		out->facility_capacity += r->capacity;
		if (st.details)
			out->aors[st.details->aor].capacity += r->capacity;
	}
	int national = ledger_rules(l)->national_capacity;
	out->capacity = national == RULES_UNSET ? out->facility_capacity : national;
	int rc = store_population_at(ledger_store(l), at, count_facility, out, err);
	if (rc) {
		occupancy_free(out);
		return rc;
	}
	return 0;
}

void occupancy_free(struct occupancy *o)
{
	free(o->rows);
	memset(o, 0, sizeof *o);
}
