/* array.h: growing an array of elements one at a time. */
#ifndef CUSTODY_ARRAY_H
#define CUSTODY_ARRAY_H

#include <stddef.h>

/* Make room in *items (capacity *cap, n in use, elements of size bytes)
 * for one more element: when full, reallocate to twice the capacity (first
 * elements the first time). Returns 0, or ERR_NOMEM leaving *items and
 * *cap as they were. The caller frees *items. */
int array_reserve(void **items, size_t *cap, size_t n, size_t size, size_t first);

#endif
