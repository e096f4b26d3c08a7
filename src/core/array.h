/* array.h: growing an array of elements one at a time. */
#ifndef CUSTODY_ARRAY_H
#define CUSTODY_ARRAY_H

#include <stddef.h>

/* Make room in *items (capacity *cap, n in use, elements of size bytes)
 * for one more element: when full, reallocate to twice the capacity (first
 * elements the first time). Returns 0, or ERR_NOMEM leaving *items and
 * *cap as they were. The caller frees *items. */
int array_reserve(void **items, size_t *cap, size_t n, size_t size, size_t first);

struct error;

/* array_reserve() for the lists of a query (first 1024), with "out of
 * memory" in err on failure. */
int array_grow(void **items, size_t *cap, size_t n, size_t size, struct error *err);

/* Free *items and set the list empty (the _free of a list type). */
void array_release(void **items, size_t *n, size_t *cap);

/* The end of building a list: when rc is not 0, release the list and
 * return rc; otherwise sort its n elements with compare (NULL: leave them
 * as they are) and return 0. */
int array_settle(int rc, void **items, size_t *n, size_t *cap, size_t size,
		 int (*compare)(const void *, const void *));

#endif
