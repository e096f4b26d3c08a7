/* test_flags.c: flags and release candidates over a ledger (src/store/flags.c):
 * what the write path, voids, late events and rebuild do to them. */
#include "support.h"

#include <string.h>

#include "flags.h"

#define P "'person':'A100000001'"
#define Q "'person':'A100000002'"

static const char *const base[] = {
	"{'id':'fac','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'AAA','name':'A','aor':'ATL','kind':'CDF','capacity':1}",
	"{'id':'a1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE','threat_level':null}",
	"{'id':'b1','type':'book_in','at':'2025-01-10T10:00:00Z'," P ",'facility':'AAA'}",
	"{'id':'c1','type':'classify','at':'2025-01-10T12:00:00Z'," P ",'criminality':'none','mandatory':'none'}",
	"{'id':'o1','type':'removal_order','at':'2025-02-01T10:00:00Z'," P ",'final':'2025-02-01'}",
	"{'id':'a2','type':'arrest','at':'2025-01-11T08:00:00Z'," Q ",'aor':'ATL','agency':'ICE','threat_level':1}",
	"{'id':'b2','type':'book_in','at':'2025-01-11T10:00:00Z'," Q ",'facility':'AAA'}",
	"{'id':'c2','type':'classify','at':'2025-01-11T12:00:00Z'," Q ",'criminality':'convicted','mandatory':'none'}",
	NULL,
};

/* The flags of everyone at t as "PERSON RULE STATUS" lines. */
static void flags_text(struct ledger *l, ts_t t, char *buf, size_t size)
{
	struct flag_list list;
	flags_everyone(l, t, &list);
	buf[0] = '\0';
	for (size_t i = 0; i < list.n; i++) {
		size_t used = strlen(buf);
		snprintf(buf + used, size - used, "%s %s %s\n", list.items[i].person,
			 vocab_word(&vocab_flag_rule, list.items[i].flag.rule),
			 vocab_word(&vocab_flag_status, list.items[i].flag.status));
	}
	flag_list_free(&list);
}

static void test_void_of_order_removes_post_order_clocks(void **state)
{
	(void)state;
	struct tmp *t = tmp_new("flags-void");
	struct ledger *l = open_test_ledger(t->path, STORE_CREATE);
	append_all(l, base);
	char text[2048];
	flags_text(l, T("2025-03-01"), text, sizeof text);
	assert_string_equal(text, "A100000001 PO-90 info\n"
				  "A100000001 PO-REVIEW-90 due\n"
				  "A100000001 PO-REVIEW-180 due\n"
				  "A100000002 PR-BOND info\n");
	append_all(l, LINES("{'id':'v1','type':'void','at':'2025-03-02T00:00:00Z','target':'o1','reason':'wrong person'}"));
	flags_text(l, T("2025-03-01"), text, sizeof text);
	assert_string_equal(text, "A100000001 PR-BOND info\nA100000002 PR-BOND info\n");
	struct error err;
	assert_int_equal(ledger_rebuild(l, &err), 0);
	char rebuilt[2048];
	flags_text(l, T("2025-03-01"), rebuilt, sizeof rebuilt);
	assert_string_equal(rebuilt, text);
	ledger_close(l);
	assert_int_equal(tmp_free(t), 0);
}

/* A review recorded late (after a later event of the person) clears the
 * overdue flag at every instant after it, and a past instant still sees
 * the flag: the replayed state at t, not the latest one. */
static void test_late_review_and_past_instants(void **state)
{
	(void)state;
	struct tmp *t = tmp_new("flags-late");
	struct ledger *l = open_test_ledger(t->path, STORE_CREATE);
	append_all(l, base);
	append_all(l, LINES("{'id':'td','type':'travel_document','at':'2025-06-01T00:00:00Z'," P ",'status':'requested','country':'MX'}"));
	char text[2048];
	flags_text(l, T("2025-05-15"), text, sizeof text);
	assert_non_null(strstr(text, "A100000001 PO-REVIEW-90 overdue\n"));
	append_all(l, LINES("{'id':'r90','type':'custody_review','at':'2025-04-20T00:00:00Z'," P ",'kind':'90_day','decision':'continue'}"));
	flags_text(l, T("2025-05-15"), text, sizeof text);
	assert_null(strstr(text, "PO-REVIEW-90"));
	flags_text(l, T("2025-04-19"), text, sizeof text);
	assert_non_null(strstr(text, "A100000001 PO-REVIEW-90 due\n"));
	ledger_close(l);
	assert_int_equal(tmp_free(t), 0);
}

/* Candidates: the person inside the removal period is never listed; once
 * it has passed, the one with no threat level ranks before threat level 1. */
static void test_candidates_follow_the_removal_period(void **state)
{
	(void)state;
	struct tmp *t = tmp_new("flags-candidates");
	struct ledger *l = open_test_ledger(t->path, STORE_CREATE);
	append_all(l, base);
	struct flag_filter any;
	flag_filter_any(&any);
	struct candidate_list list;
	struct error err;
	assert_int_equal(candidates_at(l, T("2025-03-01"), &any, &list, &err), 0);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.excluded, 1);
	assert_string_equal(list.items[0].person, "A100000002");
	candidate_list_free(&list);
	assert_int_equal(candidates_at(l, T("2025-06-01"), &any, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].person, "A100000001");
	assert_string_equal(list.items[1].person, "A100000002");
	candidate_list_free(&list);
	ledger_close(l);
	assert_int_equal(tmp_free(t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_void_of_order_removes_post_order_clocks),
		cmocka_unit_test(test_late_review_and_past_instants),
		cmocka_unit_test(test_candidates_follow_the_removal_period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
