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
	int rc;           /* 0: ev holds the event; otherwise an ERR_* code */
	const char *msg;  /* when rc != 0: why */
	struct event ev;  /* owned by the reader */
};

struct reader;

/* Start reading f (which stays the caller's) on a new thread; events are
 * checked against the clock now. Returns 0, or -1 when out of memory or
 * threads. Stop it with reader_stop(). */
int reader_start(FILE *f, ts_t now, struct reader **out);

/* The next line: returns 1 and sets *line (valid until the next call; the
 * caller may take its event's fields), 0 at
 * the end of the input, -1 on a read error (errno says which). */
int reader_next(struct reader *r, struct parsed_line **line);

/* Stop the thread (even mid-input) and free everything. NULL is a no-op. */
void reader_stop(struct reader *r);

#endif
