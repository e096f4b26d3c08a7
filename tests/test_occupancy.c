/* test_occupancy.c: who is held where at an instant (occupancy.h).
 *
 * One ledger per test, in its own directory under $TMPDIR (or /tmp),
 * removed afterwards (struct fixture); the ledger's clock is TEST_NOW_TEXT
 * (2026-01-01T00:00:00Z).
 *
 * The facilities of every test (FACILITIES):
 *   AAA  open 2025-01-01, capacity 100; 150 from 2025-02-15
 *   BBB  open 2025-01-01, capacity 50
 *   CCC  open 2025-01-01, capacity 10; closed 2025-03-01
 *   DDD  opens 2025-02-01, capacity 20
 * and the people:
 *   A000000001  book_in AAA 2025-01-10T12:00:00Z, transfer BBB
 *               2025-01-20T12:00:00Z, book_out 2025-02-10T12:00:00Z
 *   A000000002  book_in CCC 2025-01-15T00:00:00Z, book_out 2025-02-20T00:00:00Z
 *   A000000003  book_in AAA 2025-01-20T12:00:00Z (still held) */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "error.h"
#include "occupancy.h"

/* What every test gets: its directory and the ledger in it. */
struct fixture {
	struct tmp *tmp;
	struct ledger *l;
};

#define FAC(id, code, at, cap)                                                                                \
	"{'id':'" id "','type':'facility_open','at':'" at "','facility':'" code "','name':'Facility " code \
	"','aor':'ATL','kind':'SPC','capacity':" #cap "}"

static const char *const FACILITIES[] = {
	FAC("fa", "AAA", "2025-01-01T00:00:00Z", 100),
	FAC("fb", "BBB", "2025-01-01T00:00:00Z", 50),
	FAC("fc", "CCC", "2025-01-01T00:00:00Z", 10),
	FAC("fd", "DDD", "2025-02-01T00:00:00Z", 20),
	"{'id':'fa-cap','type':'facility_capacity','at':'2025-02-15T00:00:00Z','facility':'AAA','capacity':150}",
	NULL};

static const char *const PEOPLE[] = {
	"{'id':'p1-in','type':'book_in','at':'2025-01-10T12:00:00Z','person':'A000000001','facility':'AAA'}",
	"{'id':'p1-tr','type':'transfer','at':'2025-01-20T12:00:00Z','person':'A000000001','facility':'BBB'}",
	"{'id':'p1-out','type':'book_out','at':'2025-02-10T12:00:00Z','person':'A000000001','reason':'removed','country':'MX'}",
	"{'id':'p2-in','type':'book_in','at':'2025-01-15T00:00:00Z','person':'A000000002','facility':'CCC'}",
	"{'id':'p2-out','type':'book_out','at':'2025-02-20T00:00:00Z','person':'A000000002','reason':'removed','country':'MX'}",
	"{'id':'p3-in','type':'book_in','at':'2025-01-20T12:00:00Z','person':'A000000003','facility':'AAA'}",
	/* CCC closes once its last person has left */
	"{'id':'fc-close','type':'facility_close','at':'2025-03-01T00:00:00Z','facility':'CCC'}",
	NULL};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	f->tmp = tmp_new("occupancy");
	if (!f->tmp) {
		free(f);
		return -1;
	}
	*state = f;
	f->l = open_test_ledger(f->tmp->path, STORE_CREATE);
	append_all(f->l, FACILITIES);
	append_all(f->l, PEOPLE);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ledger_close(f->l);
	int rc = tmp_free(f->tmp);
	free(f);
	return rc;
}

/* The occupancy at `at` + delta seconds as text:
 * "pop/cap AAA=pop/cap[x] BBB=..." where x marks a closed facility. */
static void describe(struct ledger *l, const char *at, int delta, char *out, size_t size)
{
	struct occupancy o;
	struct error err = {0};
	ts_t t = T(at) + delta;
	if (occupancy_at(l, t, &o, &err) != 0)
		fail_msg("occupancy_at(%s%+d): %s", at, delta, err.msg);
	assert_int_equal(o.at, t);
	size_t k = (size_t)snprintf(out, size, "%lld/%lld", (long long)o.population, (long long)o.capacity);
	int64_t pop = 0, cap = 0;
	for (size_t i = 0; i < o.n; i++) {
		const struct occupancy_row *r = &o.rows[i];
		k += (size_t)snprintf(out + k, size - k, " %s=%lld/%d%s", r->facility->code, (long long)r->population,
				      r->capacity, r->open ? "" : "x");
		pop += r->population;
		cap += r->capacity;
		if (!r->open)
			assert_int_equal(r->capacity, 0);
	}
	/* the national figures are the sums of the rows */
	assert_int_equal(pop, o.population);
	assert_int_equal(cap, o.capacity);
	occupancy_free(&o);
	assert_null(o.rows);
}

static void expect(struct ledger *l, const char *at, int delta, const char *want)
{
	char got[512];
	describe(l, at, delta, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("occupancy at %s%+d:\n got  %s\n want %s", at, delta, got, want);
}

static void test_book_in_boundary(void **state)
{
	struct fixture *f = *state;
	expect(f->l, "2025-01-10T12:00:00Z", -1, "0/160 AAA=0/100 BBB=0/50 CCC=0/10 DDD=0/0x");
	expect(f->l, "2025-01-10T12:00:00Z", 0, "1/160 AAA=1/100 BBB=0/50 CCC=0/10 DDD=0/0x");
	expect(f->l, "2025-01-15T00:00:00Z", -1, "1/160 AAA=1/100 BBB=0/50 CCC=0/10 DDD=0/0x");
	expect(f->l, "2025-01-15T00:00:00Z", 0, "2/160 AAA=1/100 BBB=0/50 CCC=1/10 DDD=0/0x");
}

static void test_transfer_boundary(void **state)
{
	struct fixture *f = *state;
	/* one second before: P1 still at AAA, P3 not yet booked in */
	expect(f->l, "2025-01-20T12:00:00Z", -1, "2/160 AAA=1/100 BBB=0/50 CCC=1/10 DDD=0/0x");
	/* at the transfer: P1 at BBB; P3 arrives at AAA at the same second */
	expect(f->l, "2025-01-20T12:00:00Z", 0, "3/160 AAA=1/100 BBB=1/50 CCC=1/10 DDD=0/0x");
}

static void test_book_out_boundary(void **state)
{
	struct fixture *f = *state;
	expect(f->l, "2025-02-10T12:00:00Z", -1, "3/180 AAA=1/100 BBB=1/50 CCC=1/10 DDD=0/20");
	expect(f->l, "2025-02-10T12:00:00Z", 0, "2/180 AAA=1/100 BBB=0/50 CCC=1/10 DDD=0/20");
	expect(f->l, "2025-02-20T00:00:00Z", -1, "2/230 AAA=1/150 BBB=0/50 CCC=1/10 DDD=0/20");
	expect(f->l, "2025-02-20T00:00:00Z", 0, "1/230 AAA=1/150 BBB=0/50 CCC=0/10 DDD=0/20");
	/* P3's stay is open: still counted long after */
	expect(f->l, "2025-12-31T23:59:59Z", 0, "1/220 AAA=1/150 BBB=0/50 CCC=0/0x DDD=0/20");
}

static void test_national_capacity(void **state)
{
	struct fixture *f = *state;
	/* before anything opened: every facility has a row, closed */
	expect(f->l, "2025-01-01T00:00:00Z", -1, "0/0 AAA=0/0x BBB=0/0x CCC=0/0x DDD=0/0x");
	expect(f->l, "2025-01-01T00:00:00Z", 0, "0/160 AAA=0/100 BBB=0/50 CCC=0/10 DDD=0/0x");
	/* DDD opens */
	expect(f->l, "2025-02-01T00:00:00Z", -1, "3/160 AAA=1/100 BBB=1/50 CCC=1/10 DDD=0/0x");
	expect(f->l, "2025-02-01T00:00:00Z", 0, "3/180 AAA=1/100 BBB=1/50 CCC=1/10 DDD=0/20");
	/* AAA's capacity changes */
	expect(f->l, "2025-02-15T00:00:00Z", -1, "2/180 AAA=1/100 BBB=0/50 CCC=1/10 DDD=0/20");
	expect(f->l, "2025-02-15T00:00:00Z", 0, "2/230 AAA=1/150 BBB=0/50 CCC=1/10 DDD=0/20");
	/* CCC closes: it counts 0 */
	expect(f->l, "2025-03-01T00:00:00Z", -1, "1/230 AAA=1/150 BBB=0/50 CCC=0/10 DDD=0/20");
	expect(f->l, "2025-03-01T00:00:00Z", 0, "1/220 AAA=1/150 BBB=0/50 CCC=0/0x DDD=0/20");
}

/* The rows are every facility of the registry, in code order, with the
 * details of the latest facility_open as of the instant. */
static void test_rows(void **state)
{
	struct fixture *f = *state;
	const struct facility_registry *reg = ledger_facilities(f->l);
	struct occupancy o;
	struct error err = {0};
	assert_int_equal(occupancy_at(f->l, T("2025-01-05T00:00:00Z"), &o, &err), 0);
	assert_int_equal(o.n, reg->n);
	assert_int_equal(o.n, 4);
	static const char *const codes[] = {"AAA", "BBB", "CCC", "DDD"};
	for (size_t i = 0; i < o.n; i++) {
		assert_ptr_equal(o.rows[i].facility, &reg->items[i]);
		assert_string_equal(o.rows[i].facility->code, codes[i]);
	}
	assert_non_null(o.rows[0].details);
	assert_string_equal(o.rows[0].details->name, "Facility AAA");
	assert_null(o.rows[3].details); /* DDD has not opened yet */
	assert_false(o.rows[3].open);
	occupancy_free(&o);

	/* a facility opened later in another transaction gets a row too */
	static const char *const more[] = {FAC("fe", "EEE", "2025-04-01T00:00:00Z", 7),
					   "{'id':'fa-re','type':'facility_open','at':'2025-04-01T00:00:00Z','facility':'AAA','name':'AAA renamed','aor':'ATL','kind':'SPC','capacity':120}",
					   NULL};
	append_all(f->l, more);
	expect(f->l, "2025-04-01T00:00:00Z", 0, "1/197 AAA=1/120 BBB=0/50 CCC=0/0x DDD=0/20 EEE=0/7");
	assert_int_equal(occupancy_at(f->l, T("2025-04-01T00:00:00Z"), &o, &err), 0);
	assert_string_equal(o.rows[0].details->name, "AAA renamed");
	occupancy_free(&o);
	assert_int_equal(occupancy_at(f->l, T("2025-03-31T23:59:59Z"), &o, &err), 0);
	assert_string_equal(o.rows[0].details->name, "Facility AAA");
	assert_int_equal(o.rows[0].capacity, 150);
	assert_false(o.rows[4].open);
	occupancy_free(&o);
}

/* An empty ledger: no rows, nothing counted. */
static void test_empty_ledger(void **state)
{
	struct fixture *f = *state;
	char path[700];
	snprintf(path, sizeof path, "%s/empty.db", f->tmp->dir);
	struct ledger *l = NULL;
	struct error err = {0};
	assert_int_equal(ledger_open(path, STORE_CREATE, test_now(), &l, &err), 0);
	struct occupancy o;
	assert_int_equal(occupancy_at(l, T("2025-06-01T00:00:00Z"), &o, &err), 0);
	assert_int_equal(o.n, 0);
	assert_int_equal(o.population, 0);
	assert_int_equal(o.capacity, 0);
	occupancy_free(&o);
	ledger_close(l);
}

/* A void of a book-out reopens the stay: the occupancy follows. */
static void test_after_void(void **state)
{
	struct fixture *f = *state;
	static const char *const v[] = {
		"{'id':'v1','type':'void','at':'2025-12-01T00:00:00Z','target':'p1-out','reason':'never left'}", NULL};
	append_all(f->l, v);
	expect(f->l, "2025-02-10T12:00:00Z", 0, "3/180 AAA=1/100 BBB=1/50 CCC=1/10 DDD=0/20");
	expect(f->l, "2025-12-31T23:59:59Z", 0, "2/220 AAA=1/150 BBB=1/50 CCC=0/0x DDD=0/20");
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_book_in_boundary),
		TEST(test_transfer_boundary),
		TEST(test_book_out_boundary),
		TEST(test_national_capacity),
		TEST(test_rows),
		TEST(test_empty_ledger),
		TEST(test_after_void),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
