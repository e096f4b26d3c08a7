/* gzstream.c: files read through zlib's gz* functions (see gzstream.h). */
#include "gzstream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define GZ_BUFFER (128 * 1024)

struct gzstream {
	gzFile gz;
};

int gzstream_open(const char *path, struct gzstream **out, struct error *err)
{
	*out = NULL;
	struct gzstream *s = calloc(1, sizeof *s);
	if (!s)
		return error_set(err, ERR_NOMEM, "out of memory");
	errno = 0;
	s->gz = strcmp(path, "-") == 0 ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path, "rb");
	if (!s->gz) {
		free(s);
		return error_set(err, ERR_IO, "%s: %s", path, errno ? strerror(errno) : "cannot be opened");
	}
	gzbuffer(s->gz, GZ_BUFFER);
	*out = s;
	return 0;
}

long gzstream_read(void *stream, char *buf, size_t size, struct error *err)
{
	struct gzstream *s = stream;
	unsigned want = size > (1u << 30) ? 1u << 30 : (unsigned)size;
	int n = gzread(s->gz, buf, want);
	int code;
	const char *msg = gzerror(s->gz, &code);
	if (n > 0)
		return n;
	if (n == 0 && code == Z_BUF_ERROR)
		return error_set(err, ERR_INVALID, "the compressed data is cut short (a truncated gzip file)");
	if (n < 0 && code == Z_ERRNO)
		return error_set(err, ERR_IO, "cannot be read: %s", strerror(errno));
	if (n < 0)
		return error_set(err, ERR_INVALID, "the compressed data is corrupt: %s", msg);
	return 0;
}

uint64_t gzstream_offset(const struct gzstream *s)
{
	long off = gzoffset(s->gz);
	return off > 0 ? (uint64_t)off : 0;
}

void gzstream_close(struct gzstream *s)
{
	if (!s)
		return;
	gzclose(s->gz);
	free(s);
}
