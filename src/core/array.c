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
