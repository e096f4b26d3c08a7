#include "lines.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK ((size_t)1 << 16)

int lines_init(struct lines *r, FILE *f, size_t max)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->max = max;
	r->cap = max + CHUNK;
	r->buf = malloc(r->cap);
	return r->buf ? 0 : -1;
}

void lines_free(struct lines *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Read more input after the unconsumed part; returns -1 on a read error. */
static int fill(struct lines *r)
{
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
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

/* Return the first max bytes of the current line as too long; the rest of
 * it is dropped (now, or by later calls when it runs past the buffer). */
static void emit_cut(struct lines *r, const char *nl, const char **line, size_t *len)
{
	size_t start = r->pos;
	emit(r, start + r->max, start + r->max, line, len);
	if (nl)
		r->pos = (size_t)(nl - r->buf) + 1;
	else
		r->skipping = !r->eof;
	if (!nl && r->eof)
		r->pos = r->len;
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
		if (r->skipping) {
			/* drop the rest of an over-long line */
			r->pos = nl ? end + 1 : r->len;
			r->skipping = !nl;
			if (nl)
				continue;
		} else if (content_len(r, end) > r->max && (nl || r->eof || end - r->pos > r->max + 1)) {
			*too_long = true;
			emit_cut(r, nl, line, len);
			return 1;
		} else if (nl) {
			emit(r, end, end + 1, line, len);
			return 1;
		} else if (r->eof) {
			if (r->pos == r->len)
				return 0;
			emit(r, r->len, r->len, line, len);
			return 1;
		}
		if (r->eof)
			return 0;
		if (fill(r))
			return -1;
	}
}
