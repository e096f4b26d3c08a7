/* ratelimit.h: a token bucket per client address (the public locator).
 *
 * Each address may take `per_minute` requests a minute, its bucket refilled
 * continuously up to that many. The table is bounded: when it is full, the
 * address seen least recently among those it would displace loses its
 * bucket (it starts full again). Thread-safe. */
#ifndef CUSTODY_RATELIMIT_H
#define CUSTODY_RATELIMIT_H

#include "error.h"

struct ratelimit;

/* A new limiter (per_minute > 0); free with ratelimit_free(). ERR_NOMEM on
 * failure. */
int ratelimit_new(double per_minute, struct ratelimit **out, struct error *err);
void ratelimit_free(struct ratelimit *r);

/* Take one request for client at instant now (seconds, monotonic): 0 when
 * allowed, else the whole seconds to wait before the next one is. */
int ratelimit_take(struct ratelimit *r, const char *client, double now);

#endif
