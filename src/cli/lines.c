#include "lines.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK ((size_t)1 << 16)

int lines_init(struct lines *r, FILE *f, size_t max)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->max = max;
	r->cap = max + CHUNK;
	r->spill = -1;
	r->buf = malloc(r->cap);
	return r->buf ? 0 : -1;
}

void lines_spill(struct lines *r, int spill)
{
	r->spill = spill;
}

void lines_free(struct lines *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Move the unconsumed part to the start of the buffer. */
static void shift(struct lines *r)
{
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
}

/* Read more input after the unconsumed part; returns -1 on a read error. */
static int fill(struct lines *r)
{
	shift(r);
	assert(r->len < r->cap);
	size_t got = fread(r->buf + r->len, 1, r->cap - r->len, r->f);
	r->len += got;
	if (got == 0) {
		if (ferror(r->f))
			return -1;
		r->eof = true;
	}
	return 0;
}

static void emit(struct lines *r, size_t end, size_t next, const char **line, size_t *len)
{
	*line = r->buf + r->pos;
	*len = end - r->pos;
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	r->pos = next;
	r->number++;
}

/* Count n bytes of the over-long line, and write them to the spill. */
static int keep(struct lines *r, const char *bytes, size_t n)
{
	r->long_len += n;
	while (r->spill >= 0 && n > 0) {
		ssize_t w = pwrite(r->spill, bytes, n, (off_t)r->spill_len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		bytes += w;
		n -= (size_t)w;
		r->spill_len += (uint64_t)w;
	}
	return 0;
}

/* The over-long line at pos: return its first max bytes, having read
 * past the rest of it (kept by keep()). Its line end, "\n" or "\r\n", is
 * not part of it; a "\r" at the end of a read is held back until the next
 * byte shows whether it ends the line. */
static int take_long(struct lines *r, const char **line, size_t *len)
{
	shift(r);
	assert(r->len > r->max);
	r->long_len = 0;
	r->long_at = r->spill_len;
	if (keep(r, r->buf, r->max))
		return -1;
	bool cr = false;
	for (;;) {
		const char *from = r->buf + r->max, *nl = memchr(from, '\n', r->len - r->max);
		const char *end = nl ? nl : r->buf + r->len;
		if (cr && end > from && keep(r, "\r", 1))
			return -1;
		cr = end > from && end[-1] == '\r';
		if (keep(r, from, (size_t)(end - from) - cr))
			return -1;
		if (nl || r->eof) {
			r->pos = nl ? (size_t)(nl - r->buf) + 1 : r->len;
			break;
		}
		r->len = r->max;
		if (fill(r))
			return -1;
	}
	*line = r->buf;
	*len = r->max;
	r->number++;
	return 1;
}

/* Length of the line [pos, end) without a final "\r". */
static size_t content_len(const struct lines *r, size_t end)
{
	size_t n = end - r->pos;
	return n > 0 && r->buf[end - 1] == '\r' ? n - 1 : n;
}

int lines_next(struct lines *r, const char **line, size_t *len, bool *too_long)
{
	*too_long = false;
	for (;;) {
		char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		size_t end = nl ? (size_t)(nl - r->buf) : r->len;
		if (content_len(r, end) > r->max && (nl || r->eof || end - r->pos > r->max + 1)) {
			*too_long = true;
			return take_long(r, line, len);
		} else if (nl) {
			emit(r, end, end + 1, line, len);
			return 1;
		} else if (r->eof) {
			if (r->pos == r->len)
				return 0;
			emit(r, r->len, r->len, line, len);
			return 1;
		}
		if (fill(r))
			return -1;
	}
}
