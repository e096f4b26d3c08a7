/* gzstream.h: a file, or standard input, read as bytes: gzip-compressed
 * (any number of members) or not, told apart by the gzip magic number
 * (zlib's gzread). */
#ifndef CUSTODY_GZSTREAM_H
#define CUSTODY_GZSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct gzstream;

/* Open path ("-": standard input) into *out, which the caller closes with
 * gzstream_close(). ERR_IO naming the file when it cannot be opened. */
int gzstream_open(const char *path, struct gzstream **out, struct error *err);

/* Read up to size bytes (at most 1 GiB) into buf: the number read, 0 at the
 * end, ERR_IO when the file cannot be read, or ERR_INVALID when its
 * compressed data is corrupt or cut short, with err saying which. s is a
 * struct gzstream (a population_read_fn). */
long gzstream_read(void *s, char *buf, size_t size, struct error *err);

/* The bytes read so far from the file (compressed, when it is). */
uint64_t gzstream_offset(const struct gzstream *s);

/* Close s (NULL: nothing). */
void gzstream_close(struct gzstream *s);

#endif
