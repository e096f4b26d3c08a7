/* lines.h: read a stream line by line in bounded memory.
 *
 * Lines end with "\n" or "\r\n" (the "\r" is dropped). A line longer than
 * the limit is reported as too long, with its first `max` bytes, and the
 * rest of it is skipped; memory never exceeds about twice the limit. */
#ifndef CUSTODY_LINES_H
#define CUSTODY_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct lines {
	FILE *f;
	char *buf;
	size_t cap, len, pos, max;
	bool eof, skipping;
	uint64_t number; /* of the line last returned, from 1 */
};

/* Start reading f with lines of at most max bytes. Returns 0 or -1 (out of
 * memory). Free with lines_free(); f stays the caller's. */
int lines_init(struct lines *r, FILE *f, size_t max);

void lines_free(struct lines *r);

/* Next line: returns 1 with *line / *len set (valid until the next call;
 * *too_long set when it was cut), 0 at the end, -1 on a read error. */
int lines_next(struct lines *r, const char **line, size_t *len, bool *too_long);

#endif
