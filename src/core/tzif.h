/* tzif.h: the UTC offsets of a time zone, from its TZif data (RFC 8536)
 * as the system's time-zone database holds it (/usr/share/zoneinfo).
 *
 * Unlike TZ and mktime(), nothing here is process-wide: any thread may
 * read any zone at any time. Only the 64-bit data of version 2 and later
 * is read; an instant after the last transition follows the footer's
 * POSIX TZ rule (e.g. "EST5EDT,M3.2.0,M11.1.0"). The parser takes hostile
 * bytes (a fuzz target's): every count, index, offset and length is
 * checked against the data and the RFC, and nothing is read past len. */
#ifndef CUSTODY_TZIF_H
#define CUSTODY_TZIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "timestamp.h"

#define TZIF_TYPES_MAX 256    /* a transition names its type in a byte */
#define TZIF_FOOTER_MAX 128   /* the longest POSIX TZ rule read */
#define TZIF_DATA_MAX (1 << 20) /* the largest TZif data accepted */

/* A day of a POSIX rule: Jn (kind 'J', 1-365, 29 February never counted),
 * n (kind 'n', 0-365, counted) or Mm.w.d (kind 'M'). */
struct tzif_day {
	char kind;
	int n, month, week, weekday;
	int32_t time; /* seconds after the local midnight of that day, -167 to 167 hours */
};

struct tzif_rule {
	int32_t std_off, dst_off; /* seconds east of UTC */
	bool has_dst;
	struct tzif_day start, end; /* of daylight time, in the local time in force before each */
};

struct tzif {
	size_t n_times;
	int64_t *times;   /* owned: the transitions, strictly ascending */
	uint8_t *types;   /* owned: the type in force from times[i] on */
	size_t n_types;
	int32_t utoff[TZIF_TYPES_MAX]; /* seconds east of UTC, of each type */
	bool has_rule;    /* after the last transition: rule, else its type */
	struct tzif_rule rule;
};

/* Parse TZif data (len bytes, at most TZIF_DATA_MAX) into *z. ERR_INVALID
 * with a message saying what is wrong and where (version 1 alone and leap
 * seconds are refused). The caller frees z with tzif_free(), on failure
 * too. */
int tzif_parse(const unsigned char *data, size_t len, struct tzif *z, struct error *err);

/* Free what z owns; z may be parsed into again. */
void tzif_free(struct tzif *z);

/* The offset from UTC (seconds east) in force at instant t. */
int32_t tzif_offset(const struct tzif *z, ts_t t);

/* The instant of local time `local` (seconds since 1970-01-01T00:00:00 on
 * the zone's clock): the earlier instant when the clock shows it twice
 * (clocks set back); when it never shows it (clocks set forward), the
 * instant it would be with the offset in force before the change, which
 * falls after the change (02:30 in a gap from 02:00 to 03:00 is the instant
 * the clock shows 03:30). */
ts_t tzif_utc(const struct tzif *z, ts_t local);

#endif
