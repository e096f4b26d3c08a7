/* population.h: the Deportation Data Project's facility daily population
 * table (CSV, RFC 4180), read from a byte stream (docs/population.md).
 *
 * The parser takes its bytes from a read function, so it runs over a file,
 * a gzip stream (io/bytestream.h) or a buffer alike, in bounded memory: a
 * record longer than POPULATION_RECORD_MAX bytes is refused once that many
 * are read, whatever follows. Every error names the source and the line. */
#ifndef CUSTODY_POPULATION_H
#define CUSTODY_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define POPULATION_RECORD_MAX 65536   /* bytes of one record (a header or a row), its line end included */
#define POPULATION_FIELDS_MAX 64      /* columns of the header and of each row */
#define POPULATION_COUNT_MAX 1000000  /* the largest count of one facility on one day */
#define POPULATION_CODE_MAX 16	      /* bytes of a facility code: A-Z and 0-9 */
#define POPULATION_NAME_MAX 256	      /* bytes of a facility's name */
#define POPULATION_FACILITIES_MAX 20000 /* facilities in one file */
#define POPULATION_YEAR_MIN 2000      /* dates from 1 January of this year */
#define POPULATION_YEAR_MAX 2099      /* to 31 December of this one */

/* The counts of a row: X(enum, the file's column, the store's column,
 * required). Each count is at most n_detained (people held at any time
 * that day); n_detained_at_midnight is the population. */
#define POPULATION_COUNTS(X)                                                          \
	X(POPULATION_DETAINED, "n_detained", "detained", false)                      \
	X(POPULATION_MIDNIGHT, "n_detained_at_midnight", "midnight", true)           \
	X(POPULATION_MALE, "n_detained_male", "male", false)                         \
	X(POPULATION_FEMALE, "n_detained_female", "female", false)                   \
	X(POPULATION_CONVICTED, "n_detained_convicted_criminal", "convicted", false) \
	X(POPULATION_UNDER_18, "n_detained_possibly_under_18", "under_18", false)

enum population_count {
#define POPULATION_ENUM(e, column, key, required) e,
	POPULATION_COUNTS(POPULATION_ENUM)
#undef POPULATION_ENUM
	POPULATION_COUNTS_N
};

/* The columns of the file (by count), and the store's names of them. */
extern const char *const population_columns[POPULATION_COUNTS_N];
extern const char *const population_keys[POPULATION_COUNTS_N];

/* One row: a facility on a day. */
struct population_row {
	const char *facility; /* its code */
	const char *name;     /* its name as ICE records it; "" when the file has no name column */
	int64_t day;	      /* days since 1970-01-01 */
	long counts[POPULATION_COUNTS_N]; /* -1: the file has no such column, or left the cell empty */
	uint64_t line;	      /* where the row starts in the file (from 1, the header's line) */
};

/* One facility of a file, once the whole file is read: its name on its
 * latest day. */
struct population_facility {
	const char *code, *name;
	int64_t first, last; /* its first and latest day in the file */
	uint64_t rows;
};

/* Read up to size bytes into buf: the number read, 0 at the end of the
 * stream, or a negative ERR_* code with err saying why. */
typedef long (*population_read_fn)(void *src, char *buf, size_t size, struct error *err);

/* What the parser hands its rows to. row is called for each row, in file
 * order; facility once for each facility after the last row (in no set
 * order). A callback's failure stops the parse and is returned. Both may
 * be NULL. */
struct population_sink {
	int (*row)(void *ctx, const struct population_row *r, struct error *err);
	int (*facility)(void *ctx, const struct population_facility *f, struct error *err);
	void *ctx;
};

/* What a parse read. */
struct population_summary {
	uint64_t rows;
	size_t facilities;
	int64_t first, last; /* the earliest and the latest day; 0 when there are no rows */
};

/* Parse the table read through read(src) from its header on; source names
 * it in messages. The header must name the columns detention_facility_code,
 * date and n_detained_at_midnight; the other columns of population_columns
 * and detention_facility are read when present; other columns are ignored.
 * Each row is checked: the code (1 to 16 of A-Z 0-9), the date (YYYY-MM-DD,
 * 2000 to 2099), the counts (whole numbers from 0 to 1,000,000; an empty
 * cell is unknown, except n_detained_at_midnight's), each count at most
 * n_detained, the name (valid UTF-8, no control characters, at most 256
 * bytes), and the dates of one facility must ascend strictly down the file.
 * Returns 0 with *summary filled (when not NULL), or a negative ERR_* code
 * (ERR_INVALID for a bad file) with err "SOURCE: line N: why". The strings of
 * rows and facilities are valid only during the callback. */
int population_parse(population_read_fn read, void *src, const char *source, const struct population_sink *sink,
		     struct population_summary *summary, struct error *err);

/* population_parse() of the n bytes at data (for tests and fuzzing). */
int population_parse_buffer(const char *data, size_t n, const char *source, const struct population_sink *sink,
			    struct population_summary *summary, struct error *err);

#endif
