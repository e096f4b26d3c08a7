/* beds.h: beds against people: release candidates and placement.
 *
 * rules.md, "Capacity and release candidates": when occupancy exceeds
 * capacity the ledger ranks who could be released, and for a new book-in
 * it suggests where there is a free bed. The officer decides. Pure. */
#ifndef CUSTODY_BEDS_H
#define CUSTODY_BEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facility.h"
#include "rules.h"
#include "timeline.h"

/* A facility's beds at an instant. */
struct occupancy_row {
	const struct facility *facility; /* owned by a registry */
	const struct event *details;     /* its latest facility_open (NULL if never opened by then) */
	bool open;
	int capacity; /* at the instant; 0 when closed */
	int64_t population;
};

#define BEDS_REASONS 5
#define BEDS_REASON_MAX 200

struct candidate {
	char person[ANUMBER_LEN + 1];
	char facility[FACILITY_CODE_MAX + 1];
	ts_t since; /* book-in of the stay */
	double days_detained;
	int threat_level; /* UNSET (never classified), THREAT_NULL, 1, 2, 3 */
	int criminality;  /* UNSET when unknown */
	bool release_required;
	char reasons[BEDS_REASONS][BEDS_REASON_MAX];
	size_t n_reasons;
};

/* Whether the person of tl, held at t (tl is their state at t), may be
 * listed as a release candidate. Yes: *c is filled with what ranks them
 * and the reasons, and 0 is returned. No: returns a static text saying why
 * they are never listed (mandatory detention, a border arrest under the
 * policy, a child, removal imminent). */
const char *beds_candidate(const struct timeline *tl, ts_t t, const struct rules *r, struct candidate *c);

/* Sort candidates best first: release required, then threat level (none,
 * 3, 2, 1, unknown), criminality (none, pending, convicted, unknown), the
 * longest detained, then A-number. */
void beds_rank(struct candidate *c, size_t n);

/* A facility with a free bed for a person. */
struct placement {
	const struct occupancy_row *row;
	int64_t free;
	bool in_aor;
};

/* Into out (room for n) the facilities of rows (n of them) that are open
 * and have a free bed for a person of sex (enum person_sex, UNSET when
 * unknown) who is or is not a child: a child only in a FAMILY facility,
 * an adult anywhere else; M or F in facilities for their sex or any, X or
 * unknown only in facilities for any. Those in aor (UNSET for none) come
 * first, then most free beds first. Returns how many. */
size_t beds_place(const struct occupancy_row *rows, size_t n, int sex, bool child, int aor, struct placement *out);

#endif
