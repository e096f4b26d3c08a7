/* test_ratelimit.c: token buckets per client address (src/server/ratelimit.c). */
#include "support.h"

#include <stdlib.h>

#include "ratelimit.h"

static struct ratelimit *limiter(double per_minute)
{
	struct ratelimit *r = NULL;
	struct error err = {0};
	if (ratelimit_new(per_minute, &r, &err) != 0)
		fail_msg("ratelimit_new(%g): %s", per_minute, err.msg);
	return r;
}

/* n takes of client at now, each of which must be allowed. */
static void take_allowed(struct ratelimit *r, const char *client, double now, int n)
{
	for (int i = 0; i < n; i++)
		if (ratelimit_take(r, client, now) != 0)
			fail_msg("%s at %g: take %d of %d refused", client, now, i + 1, n);
}

static void test_three_a_minute(void **state)
{
	(void)state;
	struct ratelimit *r = limiter(3);
	take_allowed(r, "192.0.2.1", 0, 3);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 0), 20);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 0), 20);
	take_allowed(r, "192.0.2.1", 20, 1);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 20), 20);
	ratelimit_free(r);
}

/* The bucket refills continuously (one a second at 60 a minute) and the
 * wait is whole seconds, rounded up. */
static void test_continuous_refill(void **state)
{
	(void)state;
	struct ratelimit *r = limiter(60);
	take_allowed(r, "192.0.2.1", 100, 60);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 100), 1);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 100.25), 1);
	take_allowed(r, "192.0.2.1", 101, 1);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 101), 1);
	take_allowed(r, "192.0.2.1", 111, 10);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 111), 1);
	ratelimit_free(r);
}

/* An idle client's bucket holds at most per_minute requests. */
static void test_bucket_is_capped(void **state)
{
	(void)state;
	struct ratelimit *r = limiter(3);
	take_allowed(r, "192.0.2.1", 0, 1);
	take_allowed(r, "192.0.2.1", 86400, 3);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", 86400), 20);
	ratelimit_free(r);
}

static void test_clients_are_independent(void **state)
{
	(void)state;
	struct ratelimit *r = limiter(3);
	take_allowed(r, "192.0.2.1", 5, 3);
	assert_true(ratelimit_take(r, "192.0.2.1", 5) > 0);
	take_allowed(r, "192.0.2.2", 5, 3);
	assert_true(ratelimit_take(r, "192.0.2.2", 5) > 0);
	take_allowed(r, "2001:db8::1", 5, 3);
	assert_true(ratelimit_take(r, "192.0.2.1", 5) > 0);
	ratelimit_free(r);
}

/* Limiters do not share buckets. */
static void test_limiters_are_independent(void **state)
{
	(void)state;
	struct ratelimit *a = limiter(3), *b = limiter(3);
	take_allowed(a, "192.0.2.1", 5, 3);
	take_allowed(b, "192.0.2.1", 5, 3);
	assert_true(ratelimit_take(a, "192.0.2.1", 5) > 0);
	ratelimit_free(a);
	ratelimit_free(b);
}

static void address(unsigned i, char buf[64])
{
	snprintf(buf, 64, "10.%u.%u.%u", i >> 16 & 255, i >> 8 & 255, i & 255);
}

/* 100000 clients (more than the table holds), each allowed its first
 * request; afterwards a fresh client is allowed and limited as usual. */
static void test_many_clients(void **state)
{
	(void)state;
	struct ratelimit *r = limiter(3);
	double now = 1000;
	for (unsigned i = 0; i < 100000; i++, now += 0.001) {
		char client[64];
		address(i, client);
		if (ratelimit_take(r, client, now) != 0)
			fail_msg("%s: first request refused", client);
	}
	take_allowed(r, "192.0.2.1", now, 3);
	assert_int_equal(ratelimit_take(r, "192.0.2.1", now), 20);
	char last[64];
	address(99999, last);
	take_allowed(r, last, now, 2);
	assert_true(ratelimit_take(r, last, now) > 0);
	ratelimit_free(r);
}

/* Far from full, the table forgets no one: 1000 clients, each limited. */
static void test_no_client_forgotten_before_full(void **state)
{
	(void)state;
	struct ratelimit *r = limiter(3);
	for (unsigned i = 0; i < 1000; i++) {
		char client[64];
		address(i, client);
		take_allowed(r, client, 1 + i * 0.001, 3);
	}
	for (unsigned i = 0; i < 1000; i++) {
		char client[64];
		address(i, client);
		if (ratelimit_take(r, client, 2) == 0)
			fail_msg("%s: its bucket was forgotten", client);
	}
	ratelimit_free(r);
}

/* A flood of one-off addresses does not refill the bucket of a client
 * that keeps asking: the least recently seen lose theirs. */
static void test_active_client_survives_a_flood(void **state)
{
	(void)state;
	struct ratelimit *r = limiter(3);
	double now = 1000;
	take_allowed(r, "192.0.2.1", now, 3);
	for (unsigned i = 0; i < 100000; i++, now += 0.0001) {
		char client[64];
		address(i, client);
		if (ratelimit_take(r, client, now) != 0)
			fail_msg("%s: first request refused", client);
		if (i % 100 == 0 && ratelimit_take(r, "192.0.2.1", now) == 0)
			fail_msg("192.0.2.1 allowed again after %u other clients", i);
	}
	ratelimit_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_a_minute),
		cmocka_unit_test(test_continuous_refill),
		cmocka_unit_test(test_bucket_is_capped),
		cmocka_unit_test(test_clients_are_independent),
		cmocka_unit_test(test_limiters_are_independent),
		cmocka_unit_test(test_many_clients),
		cmocka_unit_test(test_no_client_forgotten_before_full),
		cmocka_unit_test(test_active_client_survives_a_flood),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
