/* person_cache.h: the person timelines a ledger keeps in memory.
 *
 * An open-addressing hash map from A-number to the person's timeline and
 * whether the projections lag behind it. The ledger bounds it by bytes
 * (footprint) and empties it when over budget. */
#ifndef CUSTODY_PERSON_CACHE_H
#define CUSTODY_PERSON_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "timeline.h"

/* A person's cached timeline and whether the projections lag behind it. */
struct cached {
	struct timeline tl;
	bool dirty;   /* tl.changes hold records not yet written */
	bool replace; /* the timeline was replayed: rewrite all its rows */
	bool used;    /* looked up since the last person_cache_sweep() */
};

struct person_slot {
	char person[ANUMBER_LEN + 1];
	struct cached *entry;
};

struct person_cache {
	struct person_slot *slots;
	size_t cap, n; /* cap is 0 or a power of two */
	size_t bytes;  /* approximate footprint of the cached timelines; the
			* owner adjusts it when a timeline grows or shrinks */
};

/* The entry of person (marked used), or NULL. */
struct cached *person_cache_get(const struct person_cache *c, const char *person);

/* Insert entry, whose person must not be cached yet; the cache owns it
 * from then on. Returns 0 or ERR_NOMEM (entry then stays the caller's). */
int person_cache_put(struct person_cache *c, struct cached *entry);

/* Replace the cached entry of entry's person (which must be cached) by
 * entry, freeing the old one. */
void person_cache_replace(struct person_cache *c, struct cached *entry);

/* Free the entries not used since the previous sweep, which must not be
 * dirty, and mark the rest unused. Returns 0 or ERR_NOMEM (c unchanged). */
int person_cache_sweep(struct person_cache *c);

/* Free every entry and the map; c is empty and reusable after. */
void person_cache_clear(struct person_cache *c);

/* Free one entry (NULL is a no-op). */
void cached_free(struct cached *entry);

typedef int (*person_cache_fn)(void *ctx, struct cached *entry, struct error *err);

/* Call fn for every entry (in slot order) until it returns non-zero. */
int person_cache_each(struct person_cache *c, person_cache_fn fn, void *ctx, struct error *err);

#endif
