/* reader.h: read and parse NDJSON events on a second thread.
 *
 * Parsing JSON costs about as much as storing an event, so ingest runs
 * both at once: a reader thread reads lines and parses them into events,
 * in blocks, while the caller's thread stores the previous block. Memory
 * is bounded by a fixed number of blocks in flight. Lines come out in input
 * order; blank lines are skipped. */
#ifndef CUSTODY_READER_H
#define CUSTODY_READER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

/* One non-blank input line and what parsing it gave. */
struct parsed_line {
	uint64_t number;  /* line number in the input, from 1 */
	const char *text; /* the line as read (no line end) */
	size_t len;
	uint64_t long_len; /* a line too long (text holds its first bytes): its whole length; else 0 */
	uint64_t long_at;  /* where reader_copy_line() finds it whole */
	int rc;           /* 0: ev holds the event; otherwise an ERR_* code */
	const char *msg;  /* when rc != 0: why */
	struct event ev;  /* owned by the reader */
};

struct reader;

/* The longest line read: a longer one is rejected ("line N: line longer
 * than 1048576 bytes"), in bounded memory whatever its length. */
#define READER_LINE_MAX ((size_t)1 << 20)

/* Start reading f (which stays the caller's) on a new thread; events are
 * checked against the clock now. With keep_long, every line too long is
 * also kept whole in a temporary file, for reader_copy_line(). Returns 0,
 * or -1 when out of memory, threads or a temporary file. Stop it with
 * reader_stop(). */
int reader_start(FILE *f, ts_t now, bool keep_long, struct reader **out);

/* Write line's bytes unchanged to out (without a line end): the whole
 * line, also when it was too long and kept (reader_start()). Returns 0, or
 * -1 with errno on a failed read or write. */
int reader_copy_line(struct reader *r, const struct parsed_line *line, FILE *out);

/* The next line: returns 1 and sets *line (valid until the next call; the
 * caller may take its event's fields), 0 at
 * the end of the input, -1 on a read error (errno says which). */
int reader_next(struct reader *r, struct parsed_line **line);

/* Stop the thread (even mid-input) and free everything. NULL is a no-op. */
void reader_stop(struct reader *r);

#endif
