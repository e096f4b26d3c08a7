#include "array.h"

#include <assert.h>
#include <stdlib.h>

#include "error.h"

int array_reserve(void **items, size_t *cap, size_t n, size_t size, size_t first)
{
	assert(n <= *cap && first > 0);
	if (n < *cap)
		return 0;
	size_t want = *cap ? *cap * 2 : first;
	void *p = realloc(*items, want * size);
	if (!p)
		return ERR_NOMEM;
	*items = p;
	*cap = want;
	return 0;
}

int array_grow(void **items, size_t *cap, size_t n, size_t size, struct error *err)
{
	return array_reserve(items, cap, n, size, 1024) ? error_set(err, ERR_NOMEM, "out of memory") : 0;
}

void array_release(void **items, size_t *n, size_t *cap)
{
	free(*items);
	*items = NULL;
	*n = *cap = 0;
}

int array_settle(int rc, void **items, size_t *n, size_t *cap, size_t size,
		 int (*compare)(const void *, const void *))
{
	if (rc) {
		array_release(items, n, cap);
		return rc;
	}
	if (compare && *n > 1)
		qsort(*items, *n, size, compare);
	return 0;
}
