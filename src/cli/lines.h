/* lines.h: read a stream line by line in bounded memory.
 *
 * Lines end with "\n" or "\r\n" (the "\r" is dropped). A line longer than
 * the limit is reported as too long, with its first `max` bytes; the rest
 * of it is read past at once, however long it is (its length is counted),
 * and kept whole in the spill file when one is given. Memory never exceeds
 * about the limit plus 64 KiB. */
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
	bool eof;
	uint64_t number; /* of the line last returned, from 1 */
	/* of the last line returned too long: its whole length (without its
	 * line end), and where it is in the spill file */
	uint64_t long_len, long_at;
	int spill;          /* a file descriptor, or -1 */
	uint64_t spill_len; /* bytes written to it */
};

/* Start reading f with lines of at most max bytes. Returns 0 or -1 (out of
 * memory). Free with lines_free(); f stays the caller's. */
int lines_init(struct lines *r, FILE *f, size_t max);

/* Keep every over-long line whole in the file spill (open for writing;
 * the caller's), back to back from its current size 0, and report where
 * in long_at and long_len. */
void lines_spill(struct lines *r, int spill);

void lines_free(struct lines *r);

/* Next line: returns 1 with *line / *len set (valid until the next call;
 * *too_long set when it was cut to max bytes), 0 at the end, -1 on a
 * read error or a failed write to the spill (errno says which). */
int lines_next(struct lines *r, const char **line, size_t *len, bool *too_long);

#endif
