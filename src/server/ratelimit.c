/* ratelimit.c: token buckets in a bounded hash table (ratelimit.h). */
#include "ratelimit.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 8192 /* a power of two */
#define PROBES 8
#define ADDR_MAX 64

struct bucket {
	char client[ADDR_MAX];
	double tokens, seen;
};

struct ratelimit {
	pthread_mutex_t lock;
	double capacity, per_second;
	struct bucket slots[SLOTS];
};

int ratelimit_new(double per_minute, struct ratelimit **out, struct error *err)
{
	assert(per_minute > 0);
	struct ratelimit *r = calloc(1, sizeof *r);
	if (!r)
		return error_set(err, ERR_NOMEM, "out of memory");
	pthread_mutex_init(&r->lock, NULL);
	r->capacity = per_minute;
	r->per_second = per_minute / 60.0;
	*out = r;
	return 0;
}

void ratelimit_free(struct ratelimit *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The client's bucket, or a fresh one in place of the stalest probed. */
static struct bucket *bucket_of(struct ratelimit *r, const char *client, double now)
{
	uint32_t h = hash(client);
	struct bucket *stalest = NULL;
	for (uint32_t i = 0; i < PROBES; i++) {
		struct bucket *b = &r->slots[(h + i) & (SLOTS - 1)];
		if (strcmp(b->client, client) == 0)
			return b;
		if (!stalest || b->seen < stalest->seen)
			stalest = b;
	}
	snprintf(stalest->client, sizeof stalest->client, "%s", client);
	stalest->tokens = r->capacity;
	stalest->seen = now;
	return stalest;
}

int ratelimit_take(struct ratelimit *r, const char *client, double now)
{
	pthread_mutex_lock(&r->lock);
	struct bucket *b = bucket_of(r, client, now);
	b->tokens = fmin(r->capacity, b->tokens + (now - b->seen) * r->per_second);
	b->seen = now;
	int wait = 0;
	if (b->tokens >= 1)
		b->tokens -= 1;
	else
		wait = (int)ceil((1 - b->tokens) / r->per_second);
	pthread_mutex_unlock(&r->lock);
	return wait;
}
