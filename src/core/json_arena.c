#include "json_arena.h"

#include <jansson.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

#define ARENA_BYTES 65536

static _Thread_local struct {
	alignas(max_align_t) unsigned char bytes[ARENA_BYTES];
	size_t used;
	bool active;
} arena;

static void *arena_malloc(size_t size)
{
	size_t start = (arena.used + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	if (!arena.active || size > ARENA_BYTES - start)
		return malloc(size);
	arena.used = start + size;
	return arena.bytes + start;
}

static void arena_free(void *p)
{
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)arena.bytes;
	if (at < base || at >= base + ARENA_BYTES)
		free(p);
}

static once_flag installed = ONCE_FLAG_INIT;

static void install(void)
{
	json_set_alloc_funcs(arena_malloc, arena_free);
}

void json_arena_begin(void)
{
	call_once(&installed, install);
	arena.used = 0;
	arena.active = true;
}

void json_arena_end(void)
{
	arena.active = false;
	arena.used = 0;
}
