/* occupancy.h: who is held where at an instant, against capacity. */
#ifndef CUSTODY_OCCUPANCY_H
#define CUSTODY_OCCUPANCY_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger.h"

struct occupancy_row {
	const struct facility *facility; /* owned by the ledger's registry */
	const struct event *details;     /* its latest facility_open (NULL if never opened by then) */
	bool open;
	int capacity; /* at the instant; 0 when closed */
	int64_t population;
};

struct occupancy {
	ts_t at;
	int64_t population; /* national */
	int64_t capacity;   /* sum over facilities open at the instant */
	struct occupancy_row *rows; /* every facility of the registry, by code */
	size_t n;
};

/* Fill *out with the occupancy at instant at. The rows point into the
 * ledger's facility registry: use them before the ledger changes. Free
 * with occupancy_free(). */
int occupancy_at(struct ledger *l, ts_t at, struct occupancy *out, struct error *err);

void occupancy_free(struct occupancy *o);

#endif
