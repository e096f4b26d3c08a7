/* occupancy.h: who is held where at an instant, against capacity. */
#ifndef CUSTODY_OCCUPANCY_H
#define CUSTODY_OCCUPANCY_H

#include <stdbool.h>
#include <stdint.h>

#include "beds.h"
#include "ledger.h"

#define OCCUPANCY_AORS 32

/* Population and beds of an area of responsibility. */
struct occupancy_area {
	int64_t population, capacity;
};

struct occupancy {
	ts_t at;
	int64_t population;        /* national */
	int64_t capacity;          /* national: the rules' national_capacity when set, else facility_capacity */
	int64_t facility_capacity; /* sum over facilities open at the instant */
	struct occupancy_area aors[OCCUPANCY_AORS]; /* by enum of vocab_aor */
	struct occupancy_row *rows; /* every facility of the registry, by code */
	size_t n;
};

/* Fill *out with the occupancy at instant at, against the capacity of
 * facilities, AORs and the nation (the ledger's rules). The rows point into the
 * ledger's facility registry: use them before the ledger changes. Free
 * with occupancy_free(). */
int occupancy_at(struct ledger *l, ts_t at, struct occupancy *out, struct error *err);

void occupancy_free(struct occupancy *o);

#endif
