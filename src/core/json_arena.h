/* json_arena.h: a per-thread scratch allocator for jansson.
 *
 * Parsing one event makes a dozen small jansson allocations that all die
 * together a moment later. Between json_arena_begin() and json_arena_end()
 * a thread's jansson allocations come from a fixed per-thread buffer (and
 * from malloc once it is full); frees inside the buffer cost nothing, and
 * json_arena_end() releases it all at once. Outside that window jansson
 * uses malloc and free as usual. */
#ifndef CUSTODY_JSON_ARENA_H
#define CUSTODY_JSON_ARENA_H

/* Route this thread's jansson allocations to its arena. Every value made
 * in the window must be released (json_decref) before json_arena_end(). */
void json_arena_begin(void);

/* Stop using the arena and forget what it held. */
void json_arena_end(void);

#endif
