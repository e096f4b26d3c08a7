#include "reader.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"

#define BLOCK_LINES 512
#define BLOCKS 6 /* in flight: being parsed, queued, being stored */

struct block {
	struct parsed_line lines[BLOCK_LINES];
	size_t n;
	char *text; /* the lines' bytes, back to back */
	size_t text_len, text_cap;
	char *msgs[BLOCK_LINES]; /* owned error messages */
};

struct reader {
	FILE *f;
	FILE *spill; /* the lines too long, whole (keep_long), or NULL */
	ts_t now;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct block blocks[BLOCKS];
	size_t head, count; /* filled blocks, a ring of BLOCKS: the consumer's
			     * current block stays counted until it is done */
	bool done, stop;    /* done: the thread has filled its last block */
	int read_errno;     /* set with done on a read error */
	size_t current;     /* the block the consumer is on */
	size_t pos;         /* next line within it */
	bool holding;       /* the consumer holds blocks[current] */
};

static void block_reset(struct block *b)
{
	for (size_t i = 0; i < b->n; i++) {
		event_free(&b->lines[i].ev);
		free(b->msgs[i]);
		b->msgs[i] = NULL;
	}
	b->n = 0;
	b->text_len = 0;
}

static bool blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return false;
	return true;
}

/* Copy a line into the block's text; returns false when out of memory. */
static bool keep_text(struct block *b, const char *line, size_t len)
{
	if (b->text_len + len > b->text_cap) {
		size_t cap = (b->text_len + len) * 2;
		char *p = realloc(b->text, cap);
		if (!p)
			return false;
		b->text = p;
		b->text_cap = cap;
	}
	memcpy(b->text + b->text_len, line, len);
	b->text_len += len;
	return true;
}

static void parse_into(struct reader *r, struct block *b, const struct lines *in, const char *line, size_t len,
		       bool too_long)
{
	struct parsed_line *p = &b->lines[b->n];
	struct error err;
	p->number = in->number;
	p->len = len;
	p->long_len = too_long ? in->long_len : 0;
	p->long_at = in->long_at;
	if (too_long) {
		event_init(&p->ev);
		p->rc = error_set(&err, ERR_INVALID, "line longer than %zu bytes (%llu bytes)", READER_LINE_MAX,
				  (unsigned long long)in->long_len);
	} else {
		p->rc = event_parse(line, len, r->now, &p->ev, &err);
	}
	b->msgs[b->n] = p->rc ? strdup(err.msg) : NULL;
	p->msg = b->msgs[b->n] ? b->msgs[b->n] : "out of memory";
	b->n++;
}

/* Fill one block from the input; returns 0, or an errno on a read error. */
static int fill_block(struct reader *r, struct lines *in, struct block *b, bool *eof)
{
	const char *line;
	size_t len;
	bool too_long;
	while (b->n < BLOCK_LINES) {
		int got = lines_next(in, &line, &len, &too_long);
		if (got <= 0) {
			*eof = true;
			return got < 0 ? (errno ? errno : EIO) : 0;
		}
		if (blank(line, len))
			continue;
		if (!keep_text(b, line, len))
			return ENOMEM;
		parse_into(r, b, in, line, len, too_long);
	}
	return 0;
}

static void *run(void *arg)
{
	struct reader *r = arg;
	struct lines in;
	int error = lines_init(&in, r->f, READER_LINE_MAX) ? ENOMEM : 0;
	if (r->spill)
		lines_spill(&in, fileno(r->spill));
	bool eof = error != 0;
	for (size_t next = 0; !eof;) {
		pthread_mutex_lock(&r->lock);
		while (r->count >= BLOCKS && !r->stop)
			pthread_cond_wait(&r->changed, &r->lock);
		bool stop = r->stop;
		pthread_mutex_unlock(&r->lock);
		if (stop)
			break;
		struct block *b = &r->blocks[next];
		block_reset(b);
		error = fill_block(r, &in, b, &eof);
		/* the text may have moved while growing: point the lines into it */
		size_t offset = 0;
		for (size_t i = 0; i < b->n; i++) {
			b->lines[i].text = b->text + offset;
			offset += b->lines[i].len;
		}
		pthread_mutex_lock(&r->lock);
		r->count++;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		next = (next + 1) % BLOCKS;
	}
	lines_free(&in);
	pthread_mutex_lock(&r->lock);
	r->done = true;
	r->read_errno = error;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int reader_start(FILE *f, ts_t now, bool keep_long, struct reader **out)
{
	struct reader *r = calloc(1, sizeof *r);
	if (!r)
		return -1;
	r->f = f;
	r->now = now;
	if (keep_long && !(r->spill = tmpfile())) {
		free(r);
		return -1;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	if (pthread_create(&r->thread, NULL, run, r) != 0) {
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->changed);
		if (r->spill)
			fclose(r->spill);
		free(r);
		return -1;
	}
	*out = r;
	return 0;
}

int reader_copy_line(struct reader *r, const struct parsed_line *line, FILE *out)
{
	if (!line->long_len || !r->spill)
		return fwrite(line->text, 1, line->len, out) == line->len ? 0 : -1;
	char buf[1 << 16];
	for (uint64_t done = 0; done < line->long_len;) {
		uint64_t left = line->long_len - done;
		size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
		ssize_t got = pread(fileno(r->spill), buf, want, (off_t)(line->long_at + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			errno = got == 0 ? EIO : errno;
			return -1;
		}
		if (fwrite(buf, 1, (size_t)got, out) != (size_t)got)
			return -1;
		done += (uint64_t)got;
	}
	return 0;
}

int reader_next(struct reader *r, struct parsed_line **line)
{
	for (;;) {
		if (r->holding && r->pos < r->blocks[r->current].n) {
			*line = &r->blocks[r->current].lines[r->pos++];
			return 1;
		}
		pthread_mutex_lock(&r->lock);
		if (r->holding) {
			/* give the finished block back to the reader thread */
			r->holding = false;
			r->head = (r->head + 1) % BLOCKS;
			r->count--;
			pthread_cond_broadcast(&r->changed);
		}
		while (r->count == 0 && !r->done)
			pthread_cond_wait(&r->changed, &r->lock);
		int result = 0;
		if (r->count > 0) {
			r->holding = true;
			r->current = r->head;
			r->pos = 0;
			result = 1;
		} else if (r->read_errno) {
			errno = r->read_errno;
			result = -1;
		}
		pthread_mutex_unlock(&r->lock);
		if (result <= 0)
			return result;
	}
}

void reader_stop(struct reader *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	for (size_t i = 0; i < BLOCKS; i++) {
		block_reset(&r->blocks[i]);
		free(r->blocks[i].text);
	}
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->changed);
	if (r->spill)
		fclose(r->spill);
	free(r);
}
