#include "person_cache.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static size_t hash_person(const char *person)
{
	size_t h = 1469598103934665603ull;
	for (const char *p = person; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

static struct person_slot *slot_of(const struct person_cache *c, const char *person)
{
	assert(c->cap && (c->cap & (c->cap - 1)) == 0);
	size_t i = hash_person(person) & (c->cap - 1);
	while (c->slots[i].entry && strcmp(c->slots[i].person, person) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->slots[i];
}

struct cached *person_cache_get(const struct person_cache *c, const char *person)
{
	struct cached *e = c->cap ? slot_of(c, person)->entry : NULL;
	if (e)
		e->used = true;
	return e;
}

static int grow(struct person_cache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 1024;
	struct person_slot *old = c->slots;
	size_t old_cap = c->cap;
	c->slots = calloc(cap, sizeof *c->slots);
	if (!c->slots) {
		c->slots = old;
		return ERR_NOMEM;
	}
	c->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].entry)
			*slot_of(c, old[i].person) = old[i];
	free(old);
	return 0;
}

int person_cache_put(struct person_cache *c, struct cached *entry)
{
	if ((c->n + 1) * 10 > c->cap * 7 && grow(c))
		return ERR_NOMEM;
	struct person_slot *s = slot_of(c, entry->tl.person);
	assert(!s->entry);
	memcpy(s->person, entry->tl.person, sizeof s->person);
	s->entry = entry;
	c->n++;
	c->bytes += timeline_footprint(&entry->tl);
	return 0;
}

void cached_free(struct cached *entry)
{
	if (!entry)
		return;
	timeline_free(&entry->tl);
	free(entry);
}

void person_cache_clear(struct person_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		cached_free(c->slots[i].entry);
	free(c->slots);
	memset(c, 0, sizeof *c);
}

void person_cache_replace(struct person_cache *c, struct cached *entry)
{
	struct person_slot *s = slot_of(c, entry->tl.person);
	assert(s->entry);
	c->bytes -= timeline_footprint(&s->entry->tl);
	c->bytes += timeline_footprint(&entry->tl);
	cached_free(s->entry);
	s->entry = entry;
}

int person_cache_sweep(struct person_cache *c)
{
	struct person_slot *old = c->slots;
	size_t old_cap = c->cap;
	c->slots = calloc(old_cap ? old_cap : 1, sizeof *c->slots);
	if (!c->slots) {
		c->slots = old;
		return ERR_NOMEM;
	}
	c->n = 0;
	c->bytes = 0;
	for (size_t i = 0; i < old_cap; i++) {
		struct cached *e = old[i].entry;
		if (!e)
			continue;
		assert(!e->dirty);
		if (!e->used) {
			cached_free(e);
			continue;
		}
		e->used = false;
		*slot_of(c, e->tl.person) = old[i];
		c->n++;
		c->bytes += timeline_footprint(&e->tl);
	}
	free(old);
	return 0;
}

int person_cache_each(struct person_cache *c, person_cache_fn fn, void *ctx, struct error *err)
{
	for (size_t i = 0; i < c->cap; i++) {
		int rc = c->slots[i].entry ? fn(ctx, c->slots[i].entry, err) : 0;
		if (rc)
			return rc;
	}
	return 0;
}
