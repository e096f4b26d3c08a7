/* Unit tests for the person cache: the hash map of cached timelines. */
#include <stdlib.h>

#include "support.h"

#include "person_cache.h"

static struct cached *entry_for(unsigned number)
{
	char person[ANUMBER_LEN + 1];
	snprintf(person, sizeof person, "A%09u", number);
	struct cached *e = calloc(1, sizeof *e);
	assert_non_null(e);
	timeline_init(&e->tl, person);
	return e;
}

static void put_and_get_across_growth(void **state)
{
	(void)state;
	struct person_cache c = {0};
	enum { N = 5000 }; /* several times the first capacity */
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(person_cache_put(&c, entry_for(i * 7919)), 0);
	assert_int_equal(c.n, N);
	assert_true(c.cap * 7 >= c.n * 10);
	assert_true(c.bytes >= N * sizeof(struct timeline));
	for (unsigned i = 0; i < N; i++) {
		char person[ANUMBER_LEN + 1];
		snprintf(person, sizeof person, "A%09u", i * 7919);
		struct cached *e = person_cache_get(&c, person);
		assert_non_null(e);
		assert_string_equal(e->tl.person, person);
	}
	assert_null(person_cache_get(&c, "A999999999"));
	person_cache_clear(&c);
	assert_int_equal(c.n, 0);
	assert_null(person_cache_get(&c, "A000000000"));
}

static void replace_swaps_the_entry(void **state)
{
	(void)state;
	struct person_cache c = {0};
	struct cached *first = entry_for(1), *second = entry_for(1);
	second->dirty = true;
	assert_int_equal(person_cache_put(&c, first), 0);
	person_cache_replace(&c, second); /* frees first */
	struct cached *got = person_cache_get(&c, "A000000001");
	assert_ptr_equal(got, second);
	assert_true(got->dirty);
	assert_int_equal(c.n, 1);
	person_cache_clear(&c);
}

static int count_dirty(void *ctx, struct cached *e, struct error *err)
{
	(void)err;
	*(int *)ctx += e->dirty;
	return 0;
}

static int stop_at_first(void *ctx, struct cached *e, struct error *err)
{
	(void)e;
	(*(int *)ctx)++;
	return error_set(err, ERR_IO, "stop");
}

static void each_visits_every_entry_and_stops_on_error(void **state)
{
	(void)state;
	struct person_cache c = {0};
	for (unsigned i = 0; i < 100; i++) {
		struct cached *e = entry_for(i);
		e->dirty = i % 3 == 0;
		assert_int_equal(person_cache_put(&c, e), 0);
	}
	int dirty = 0, visits = 0;
	struct error err;
	assert_int_equal(person_cache_each(&c, count_dirty, &dirty, &err), 0);
	assert_int_equal(dirty, 34);
	assert_int_equal(person_cache_each(&c, stop_at_first, &visits, &err), ERR_IO);
	assert_int_equal(visits, 1);
	person_cache_clear(&c);
}

static void sweep_keeps_only_the_people_used_since_the_last(void **state)
{
	(void)state;
	struct person_cache c = {0};
	for (unsigned i = 0; i < 3000; i++)
		assert_int_equal(person_cache_put(&c, entry_for(i)), 0);
	assert_int_equal(person_cache_sweep(&c), 0); /* nobody was looked up */
	assert_int_equal(c.n, 0);
	assert_int_equal(c.bytes, 0);
	for (unsigned i = 0; i < 3000; i++)
		assert_int_equal(person_cache_put(&c, entry_for(i)), 0);
	size_t before = c.bytes;
	for (unsigned i = 0; i < 3000; i += 3) {
		char person[ANUMBER_LEN + 1];
		snprintf(person, sizeof person, "A%09u", i);
		assert_non_null(person_cache_get(&c, person));
	}
	assert_int_equal(person_cache_sweep(&c), 0);
	assert_int_equal(c.n, 1000);
	assert_true(c.bytes * 3 <= before + 3 && c.bytes > 0);
	assert_non_null(person_cache_get(&c, "A000000003"));
	assert_null(person_cache_get(&c, "A000000004"));
	assert_int_equal(person_cache_sweep(&c), 0); /* only A000000003 was used since */
	assert_int_equal(c.n, 1);
	person_cache_clear(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(put_and_get_across_growth),
		cmocka_unit_test(replace_swaps_the_entry),
		cmocka_unit_test(each_visits_every_entry_and_stops_on_error),
		cmocka_unit_test(sweep_keeps_only_the_people_used_since_the_last),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
