/* snapshot.h: the columnar in-memory snapshot the statistics are computed
 * from (statistics.md).
 *
 * Built from every person's projection rows (struct tl_history, as
 * store_histories() walks them): custody stays; segments, the parts of a
 * stint between two changes of classification, so that every midnight is
 * counted with the classification in force; arrests; departures;
 * supervision enrolments, in parts between changes of technology; and the
 * hearing outcomes of participants. Each
 * table is a set of parallel columns, one array per field, so that a query
 * reads only the columns it needs.
 *
 * Instants are seconds since 1970-01-01T00:00:00Z in 32 bits (unsigned,
 * to 2106-02-07); an open end is STATS_OPEN, and only an open end: a
 * finite instant is clamped to [0, STATS_OPEN - 1]. The events and the
 * queries hold no instant outside 1970 to 2099 (bounds.h), so the clamp
 * changes nothing they ask; it keeps any instant that reaches a
 * statistic from passing for an open end. A class byte holds a criminality (bits 0-1: enum
 * criminality, STATS_CRIM_UNKNOWN when none is recorded), a threat level
 * (bits 2-3: 1-3, 0 for none) and a mandatory basis (bits 4-6: enum
 * mandatory + 1, 0 when none is recorded). */
#ifndef CUSTODY_STATS_SNAPSHOT_H
#define CUSTODY_STATS_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "facility.h"
#include "timeline.h"

#define STATS_OPEN UINT32_MAX
#define STATS_NONE 0xff /* a small column's "not recorded" */
#define STATS_CRIM_UNKNOWN 3

static inline int stats_class_crim(uint8_t class_)
{
	return class_ & 3;
}

/* The criminality a breakdown counts: unknown counts as none
 * (statistics.md). */
static inline int stats_class_crim_counted(uint8_t class_)
{
	int crim = stats_class_crim(class_);
	return crim == STATS_CRIM_UNKNOWN ? CRIM_NONE : crim;
}

static inline int stats_class_threat(uint8_t class_)
{
	return (class_ >> 2) & 3;
}

/* The mandatory basis (enum mandatory), or UNSET when none is recorded. */
static inline int stats_class_mandatory(uint8_t class_)
{
	return ((class_ >> 4) & 7) - 1;
}

/* A table: n rows of parallel columns (at most STATS_COLUMNS_MAX). */
#define STATS_COLUMNS_MAX 10
struct stats_table {
	size_t n, cap;
	int n_columns;
	void **columns[STATS_COLUMNS_MAX]; /* where each column's array pointer lives */
	size_t sizes[STATS_COLUMNS_MAX];   /* its element size */
};

struct stats_snapshot {
	/* facilities, in code order; a facility is a uint16_t index */
	size_t n_facilities;
	char (*facility_code)[FACILITY_CODE_MAX + 1];
	int8_t *facility_aor; /* vocab_aor index, -1 if none */
	int32_t *facility_capacity;

	struct stats_table stays;
	uint32_t *stay_in, *stay_out, *stay_person; /* person: the A-number's digits */
	uint16_t *stay_fac_in, *stay_fac_out;       /* where it began, where it ended (or is) */
	uint8_t *stay_agency, *stay_reason;          /* STATS_NONE when unknown, open */
	uint8_t *stay_class_in, *stay_class_out;     /* in force at book-in, at book-out */

	struct stats_table segments;
	uint32_t *seg_in, *seg_out, *seg_stay;
	uint16_t *seg_fac;
	uint8_t *seg_class;

	struct stats_table arrests;
	uint32_t *arrest_at, *arrest_person;
	uint8_t *arrest_aor, *arrest_agency, *arrest_class;

	struct stats_table departures;
	uint32_t *dep_at, *dep_person;
	uint8_t *dep_aor, *dep_agency, *dep_class; /* of the latest arrest before it */

	/* enrolments, split at each change of technology: one row per part */
	struct stats_table enrolments;
	uint32_t *enr_start, *enr_end, *enr_since, *enr_person; /* the part's start and end, the enrolment's start */
	uint8_t *enr_tech, *enr_area, *enr_reason; /* technology, AOR, end reason (STATS_NONE: open or not the last part) */

	struct stats_table hearings; /* outcomes of hearings of people under supervision */
	uint32_t *hearing_at;
	uint8_t *hearing_attended; /* 1 attended, 0 missed */

	size_t n_stints, n_people; /* loaded, for the bytes per stint */
	uint32_t last_person;       /* the latest person added */
};

/* Start an empty snapshot that knows the facilities of reg (which is not
 * retained). ERR_INVALID for 65,535 facilities or more. The caller frees the
 * snapshot with stats_snapshot_free(), on failure too. */
int stats_snapshot_init(struct stats_snapshot *s, const struct facility_registry *reg, struct error *err);

/* Add one person's history. People are added in person order (as
 * store_histories() walks them), so that every table is sorted by person:
 * ERR_INVALID otherwise, or when the history names an unknown
 * facility, a stint of no stay of theirs or a value outside its
 * vocabulary; the snapshot then holds an unspecified part of the person
 * and should be freed. */
int stats_snapshot_add(struct stats_snapshot *s, const struct tl_history *h, struct error *err);

/* A store_histories() callback: stats_snapshot_add() with ctx the snapshot. */
int stats_snapshot_add_fn(void *ctx, const struct tl_history *h, struct error *err);

/* Give back the unused capacity of every column once loading is done. */
void stats_snapshot_settle(struct stats_snapshot *s);

/* Bytes the snapshot's columns hold. */
size_t stats_snapshot_bytes(const struct stats_snapshot *s);

/* Free everything the snapshot owns. */
void stats_snapshot_free(struct stats_snapshot *s);

/* An instant in the snapshot's 32 bits (see above): STATS_OPEN for
 * TS_FOREVER only. */
uint32_t stats_time(ts_t t);

/* An instant asked about, which is never an open end: stats_time()
 * below STATS_OPEN, so that what is open at it is open. */
uint32_t stats_instant(ts_t t);

#endif
