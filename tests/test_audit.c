/* test_audit.c: the hash chain over the log and its head (chain.c,
 * sqlite.c), and the whole-file check and backup (audit.h, audit.c).
 *
 * Each test gets a ledger of its own (struct ledger_fixture, support.h);
 * where a test damages the file it does so with the sqlite3 API directly,
 * as someone with the file could. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "support.h"

#include "audit.h"
#include "ledger.h"
#include "rules.h"

static int setup(void **state)
{
	*state = ledger_fixture_new("audit");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	ledger_fixture_free(*state);
	return 0;
}

static const char *const EVENTS[] = {
	"{'id':'f1','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'AAA','name':'A','aor':'ATL','kind':'CDF','capacity':10}",
	"{'id':'a1','type':'arrest','at':'2025-01-05T08:00:00Z','person':'A100000001','aor':'ATL','agency':'ICE'}",
	"{'id':'b1','type':'book_in','at':'2025-01-05T12:00:00Z','person':'A100000001','facility':'AAA'}",
	"{'id':'a2','type':'arrest','at':'2025-01-06T08:00:00Z','person':'A100000002','aor':'ATL','agency':'ICE'}",
	NULL};

/* The problems audit_verify() reports, one a line. */
struct found {
	char text[4096];
};

static void keep_problem(void *ctx, const char *problem)
{
	struct found *f = ctx;
	size_t n = strlen(f->text);
	snprintf(f->text + n, sizeof f->text - n, "%s\n", problem);
}

/* audit_verify() of path, which must run; returns the number of problems,
 * their text in *f. */
static size_t verify(const char *path, const struct audit_head *expect, struct found *f, struct audit_head *head)
{
	struct rules rules;
	rules_default(&rules);
	struct audit_report report;
	struct error err = {0};
	memset(f, 0, sizeof *f);
	if (audit_verify(path, &rules, expect, keep_problem, f, &report, &err) != 0)
		fail_msg("audit_verify(%s): %s", path, err.msg);
	size_t lines = 0;
	for (const char *p = f->text; (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, report.problems);
	if (head)
		*head = report.head;
	return report.problems;
}

static void close_fixture_ledger(struct ledger_fixture *fx)
{
	ledger_close(fx->l);
	fx->l = NULL;
	fx->s = NULL;
}

static void test_head_text(void **unused)
{
	(void)unused;
	struct audit_head h = {.seq = 42}, back;
	for (int i = 0; i < AUDIT_HASH_BYTES; i++)
		h.hash[i] = (unsigned char)(i * 7 + 1);
	char text[AUDIT_HEAD_TEXT];
	audit_head_format(&h, text);
	assert_int_equal(strlen(text), 3 + 64);
	assert_int_equal(audit_head_parse(text, &back, NULL), 0);
	assert_int_equal(back.seq, 42);
	assert_memory_equal(back.hash, h.hash, AUDIT_HASH_BYTES);
	static const char *const bad[] = {"", "42", "42:", "-1:00", ":00", "x:00", "42:abc",
					   "42:0000000000000000000000000000000000000000000000000000000000000000ff"};
	struct error err = {0};
	for (size_t i = 0; i < ROWS(bad); i++)
		assert_int_equal(audit_head_parse(bad[i], &back, &err), ERR_INVALID);
}

/* A sound ledger verifies; its head is its last event; a rejected event
 * taken back leaves chain and head as they were. */
static void test_sound_ledger_and_rejected_event(void **state)
{
	struct ledger_fixture *fx = *state;
	append_all(fx->l, EVENTS);
	struct found f;
	struct audit_head head, after;
	assert_int_equal(verify(fx->tmp->path, NULL, &f, &head), 0);
	assert_int_equal(head.seq, 4);
	tx_begin(fx->l);
	/* a transfer while not detained: appended, rejected, taken back */
	const char *bad = "{\"id\":\"t1\",\"type\":\"transfer\",\"at\":\"2025-01-07T00:00:00Z\",\"person\":\"A100000002\","
			  "\"facility\":\"AAA\"}";
	enum ledger_outcome outcome;
	struct error err = {0};
	assert_int_equal(ledger_append_json(fx->l, bad, strlen(bad), &outcome, NULL, &err), ERR_REJECTED);
	append_ok(fx->l, "{'id':'b2','type':'book_in','at':'2025-01-07T00:00:00Z','person':'A100000002','facility':'AAA'}");
	tx_commit(fx->l);
	assert_int_equal(verify(fx->tmp->path, &head, &f, &after), 0);
	assert_int_equal(after.seq, 5);
}

/* The migration computes over an existing log the chain appending gives. */
static void test_migration_computes_the_chain(void **state)
{
	struct ledger_fixture *fx = *state;
	append_all(fx->l, EVENTS);
	struct found f;
	struct audit_head native, migrated;
	assert_int_equal(verify(fx->tmp->path, NULL, &f, &native), 0);
	close_fixture_ledger(fx);
	downgrade_ledger(fx->tmp->path, 6); /* no hash, no head */
	fx->l = open_test_ledger(fx->tmp->path, STORE_OPEN);
	fx->s = ledger_store(fx->l);
	assert_int_equal(verify(fx->tmp->path, &native, &f, &migrated), 0);
	assert_int_equal(migrated.seq, native.seq);
	assert_memory_equal(migrated.hash, native.hash, AUDIT_HASH_BYTES);
}

/* What the triggers refuse: a committed last event deleted, the head moved
 * back or away from the last event, a second head. */
static void test_log_and_head_guarded(void **state)
{
	struct ledger_fixture *fx = *state;
	append_all(fx->l, EVENTS);
	close_fixture_ledger(fx);
	const char *path = fx->tmp->path;
	assert_int_not_equal(raw_sql(path, "DELETE FROM events WHERE seq = 4", NULL, 0), SQLITE_OK);
	assert_int_not_equal(raw_sql(path, "UPDATE head SET seq = 3, hash = (SELECT hash FROM events WHERE seq = 3)", NULL, 0),
			     SQLITE_OK);
	assert_int_not_equal(raw_sql(path, "UPDATE head SET hash = zeroblob(32)", NULL, 0), SQLITE_OK);
	assert_int_not_equal(raw_sql(path, "DELETE FROM head", NULL, 0), SQLITE_OK);
	assert_int_not_equal(raw_sql(path, "INSERT INTO head VALUES (2, 4, zeroblob(32))", NULL, 0), SQLITE_OK);
	struct found f;
	assert_int_equal(verify(path, NULL, &f, NULL), 0);
}

/* Damage done with the triggers dropped is found: each case on a copy. */
static void test_damage_found(void **state)
{
	struct ledger_fixture *fx = *state;
	append_all(fx->l, EVENTS);
	struct audit_head kept;
	struct found f;
	assert_int_equal(verify(fx->tmp->path, NULL, &f, &kept), 0);
	static const struct {
		const char *sql, *problem;
	} cases[] = {
		{"DROP TRIGGER events_append_only_delete; DELETE FROM events WHERE seq = 4", "cut from its end"},
		{"DROP TRIGGER events_append_only_delete; DROP TRIGGER head_advances; DELETE FROM events WHERE seq = 4;"
		 "UPDATE head SET seq = 3, hash = (SELECT hash FROM events WHERE seq = 3)",
		 "does not hold the head"},
		{"DROP TRIGGER events_append_only_update; UPDATE events SET at = at + 1 WHERE seq = 2",
		 "chain breaks at seq 2"},
		{"DROP TRIGGER events_append_only_delete; DELETE FROM events WHERE seq = 2", "chain breaks at seq 3"},
		{"UPDATE people SET state = X'0315' WHERE person = 'A100000001'", "stored state of person A100000001"},
		{"DELETE FROM stays", "stays: 1 rows differ"},
	};
	char copy[700];
	snprintf(copy, sizeof copy, "%s.copy", fx->tmp->path);
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct audit_head head;
		struct error err = {0};
		remove(copy);
		assert_int_equal(audit_backup(fx->l, copy, &head, &err), 0);
		assert_int_equal(head.seq, kept.seq);
		assert_int_equal(raw_sql(copy, cases[i].sql, NULL, 0), SQLITE_OK);
		if (verify(copy, &kept, &f, NULL) == 0 || !strstr(f.text, cases[i].problem))
			fail_msg("%s: want \"%s\", found:\n%s", cases[i].sql, cases[i].problem, f.text);
	}
	remove(copy);
}

/* backup refuses an existing file and leaves nothing behind on failure. */
static void test_backup_refuses_existing(void **state)
{
	struct ledger_fixture *fx = *state;
	append_all(fx->l, EVENTS);
	struct audit_head head;
	struct error err = {0};
	assert_int_equal(audit_backup(fx->l, fx->tmp->path, &head, &err), ERR_EXISTS);
	char missing[700];
	snprintf(missing, sizeof missing, "%s/no/such/dir/copy.db", fx->tmp->dir);
	assert_int_equal(audit_backup(fx->l, missing, &head, &err), ERR_IO);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_text),
		TEST(test_sound_ledger_and_rejected_event),
		TEST(test_migration_computes_the_chain),
		TEST(test_log_and_head_guarded),
		TEST(test_damage_found),
		TEST(test_backup_refuses_existing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
