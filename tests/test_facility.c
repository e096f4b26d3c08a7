/* test_facility.c: the facility registry (facility.h).
 *
 * Events are written as in the contract (events.md), with single quotes so
 * that they read without escapes; parse_event() (support.h) turns them into
 * JSON and parses them with event_parse(). */
#include <stdbool.h>
#include <string.h>

#include "support.h"

#include "event.h"
#include "facility.h"

/* facility_add of one line with its seq; the event is freed either way. */
static int add(struct facility_registry *reg, const char *line, int64_t seq, struct error *err)
{
	struct event e;
	parse_event(line, &e);
	int rc = facility_add(reg, &e, seq, err);
	if (rc == 0) /* ownership moved: the event is left empty */
		assert_null(e.name);
	event_free(&e);
	return rc;
}

static void add_ok(struct facility_registry *reg, const char *line, int64_t seq)
{
	struct error err = {0};
	if (add(reg, line, seq, &err) != 0)
		fail_msg("facility_add(%s): %s", line, err.msg);
}

/* The whole registry as text: "CODE[id@seq id@seq] CODE[...]", to compare
 * before and after a rejected change. */
static void snapshot(const struct facility_registry *reg, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < reg->n; i++) {
		const struct facility *f = &reg->items[i];
		len += (size_t)snprintf(buf + len, size - len, "%s[", f->code);
		for (size_t j = 0; j < f->n; j++)
			len += (size_t)snprintf(buf + len, size - len, "%s%s@%lld", j ? " " : "",
						f->records[j].ev.id, (long long)f->records[j].seq);
		len += (size_t)snprintf(buf + len, size - len, "] ");
		assert_true(len < size);
	}
}

/* The record ids of one facility in order, space separated. */
static void order_of(const struct facility_registry *reg, const char *code, char *buf, size_t size)
{
	const struct facility *f = facility_find(reg, code);
	assert_non_null(f);
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f->n; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " " : "", f->records[i].ev.id);
	assert_true(len < size);
}

static struct facility_state state(const struct facility_registry *reg, const char *code, const char *at)
{
	struct facility_state st;
	facility_state_at(facility_find(reg, code), T(at), &st);
	return st;
}

#define OPEN_KRO "{'id':'kro-open','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'KRO','name':'Krome','aor':'MIA','kind':'SPC','capacity':600}"
#define CAP_KRO "{'id':'kro-cap','type':'facility_capacity','at':'2025-02-01T00:00:00Z','facility':'KRO','capacity':650}"
#define CLOSE_KRO "{'id':'kro-close','type':'facility_close','at':'2025-03-01T00:00:00Z','facility':'KRO'}"
#define REOPEN_KRO "{'id':'kro-reopen','type':'facility_open','at':'2025-05-01T00:00:00Z','facility':'KRO','name':'Krome','aor':'MIA','kind':'SPC','capacity':600}"

/* Initialise reg with the NULL-terminated lines, added in order with seqs
 * 1, 2, 3, ... (each must be accepted). */
static void registry_of(struct facility_registry *reg, const char *const *lines)
{
	facility_registry_init(reg);
	for (int64_t seq = 1; *lines; lines++, seq++)
		add_ok(reg, *lines, seq);
}

static void test_state_folds_open_capacity_close(void **unused)
{
	(void)unused;
	struct facility_registry reg;
	registry_of(&reg, LINES(OPEN_KRO, CAP_KRO, CLOSE_KRO));

	struct facility_state st = state(&reg, "KRO", "2024-12-31T23:59:59Z");
	assert_false(st.open);
	assert_null(st.details);
	assert_int_equal(st.since, TS_NONE);

	st = state(&reg, "KRO", "2025-01-01T00:00:00Z"); /* an event at t counts at t */
	assert_true(st.open);
	assert_non_null(st.details);
	assert_string_equal(st.details->id, "kro-open");
	assert_string_equal(st.details->name, "Krome");
	assert_int_equal(st.details->facility_sex, FSEX_ANY);
	assert_int_equal(st.capacity, 600);
	assert_int_equal(st.since, T("2025-01-01T00:00:00Z"));

	st = state(&reg, "KRO", "2025-02-01T00:00:00Z");
	assert_true(st.open);
	assert_int_equal(st.capacity, 650);
	assert_int_equal(st.since, T("2025-01-01T00:00:00Z")); /* a capacity change is no re-opening */

	st = state(&reg, "KRO", "2025-03-01T00:00:00Z");
	assert_false(st.open);
	assert_non_null(st.details); /* closed, but it was once open */
	assert_string_equal(st.details->id, "kro-open");
	assert_int_equal(st.since, T("2025-03-01T00:00:00Z"));

	/* No such facility: closed, no details. */
	facility_state_at(facility_find(&reg, "NOPE"), T("2025-02-01T00:00:00Z"), &st);
	assert_false(st.open);
	assert_null(st.details);
	facility_registry_free(&reg);
}

static void test_reopen_restates_details(void **unused)
{
	(void)unused;
	struct facility_registry reg;
	registry_of(&reg, LINES(OPEN_KRO));
	add_ok(&reg, "{'id':'kro-2026','type':'facility_open','at':'2026-01-01T00:00:00Z','facility':'KRO',"
		     "'name':'Krome North SPC','aor':'MIA','kind':'SPC','capacity':700,'sex':'M','city':'Miami','state':'FL'}",
	       2);

	struct facility_state st = state(&reg, "KRO", "2025-06-01T00:00:00Z");
	assert_string_equal(st.details->name, "Krome");
	assert_int_equal(st.capacity, 600);

	st = state(&reg, "KRO", "2026-01-01T00:00:00Z");
	assert_true(st.open);
	assert_string_equal(st.details->id, "kro-2026");
	assert_string_equal(st.details->name, "Krome North SPC");
	assert_string_equal(st.details->city, "Miami");
	assert_int_equal(st.details->facility_sex, FSEX_M);
	assert_int_equal(st.capacity, 700);
	assert_int_equal(st.since, T("2025-01-01T00:00:00Z")); /* open all along */

	/* Close and open again: since moves to the new opening. */
	add_ok(&reg, "{'id':'kro-close','type':'facility_close','at':'2026-03-01T00:00:00Z','facility':'KRO'}", 3);
	add_ok(&reg, "{'id':'kro-again','type':'facility_open','at':'2026-04-01T00:00:00Z','facility':'KRO',"
		     "'name':'Krome','aor':'MIA','kind':'SPC','capacity':100}",
	       4);
	st = state(&reg, "KRO", "2026-04-02T00:00:00Z");
	assert_true(st.open);
	assert_int_equal(st.capacity, 100);
	assert_int_equal(st.since, T("2026-04-01T00:00:00Z"));
	facility_registry_free(&reg);
}

/* A capacity change or a close while the facility is not open is rejected,
 * naming the facility and the event, and the registry is left as it was. */
static void test_change_while_not_open_rejected(void **unused)
{
	(void)unused;
	static const struct {
		const char *line, *id;
	} cases[] = {
		/* before anything: a new facility would start with no opening */
		{"{'id':'new-cap','type':'facility_capacity','at':'2025-02-01T00:00:00Z','facility':'NEW','capacity':5}", "new-cap"},
		{"{'id':'new-close','type':'facility_close','at':'2025-02-01T00:00:00Z','facility':'NEW'}", "new-close"},
		/* before KRO's opening (a late event) */
		{"{'id':'early-cap','type':'facility_capacity','at':'2024-12-01T00:00:00Z','facility':'KRO','capacity':5}", "early-cap"},
		{"{'id':'early-close','type':'facility_close','at':'2024-12-01T00:00:00Z','facility':'KRO'}", "early-close"},
		/* after KRO's close */
		{"{'id':'late-cap','type':'facility_capacity','at':'2025-04-01T00:00:00Z','facility':'KRO','capacity':5}", "late-cap"},
		{"{'id':'late-close','type':'facility_close','at':'2025-04-01T00:00:00Z','facility':'KRO'}", "late-close"},
		/* a second close inserted between the open and the close makes the
		 * existing close invalid */
		{"{'id':'mid-close','type':'facility_close','at':'2025-02-15T00:00:00Z','facility':'KRO'}", "kro-close"},
	};
	struct facility_registry reg;
	registry_of(&reg, LINES(OPEN_KRO, CAP_KRO, CLOSE_KRO));
	char before[512], after[512];
	snapshot(&reg, before, sizeof before);
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct error err = {0};
		assert_int_equal(add(&reg, cases[i].line, 10 + (int64_t)i, &err), ERR_REJECTED);
		assert_int_equal(err.code, ERR_REJECTED);
		assert_non_null(strstr(err.msg, cases[i].id));
		assert_non_null(strstr(err.msg, "not open"));
		snapshot(&reg, after, sizeof after);
		assert_string_equal(after, before);
	}
	assert_null(facility_find(&reg, "NEW"));
	facility_registry_free(&reg);
}

/* Records are kept in (at, seq) order whatever order they arrive in. */
static void test_late_events_ordered_by_at_then_seq(void **unused)
{
	(void)unused;
	struct facility_registry reg;
	char order[256];
	registry_of(&reg, LINES(OPEN_KRO, CLOSE_KRO, CAP_KRO)); /* the capacity late: between the two */
	order_of(&reg, "KRO", order, sizeof order);
	assert_string_equal(order, "kro-open kro-cap kro-close");

	/* Two capacity changes at the same instant: the higher seq wins,
	 * whichever was added first. */
	add_ok(&reg, "{'id':'cap-b','type':'facility_capacity','at':'2025-01-15T00:00:00Z','facility':'KRO','capacity':20}", 9);
	add_ok(&reg, "{'id':'cap-a','type':'facility_capacity','at':'2025-01-15T00:00:00Z','facility':'KRO','capacity':10}", 8);
	order_of(&reg, "KRO", order, sizeof order);
	assert_string_equal(order, "kro-open cap-a cap-b kro-cap kro-close");
	assert_int_equal(state(&reg, "KRO", "2025-01-15T00:00:00Z").capacity, 20);
	assert_int_equal(state(&reg, "KRO", "2025-02-01T00:00:00Z").capacity, 650);

	/* A capacity at the opening's instant but with a lower seq sorts before
	 * the opening, so it is rejected. */
	struct error err = {0};
	assert_int_equal(add(&reg, "{'id':'cap-0','type':'facility_capacity','at':'2025-01-01T00:00:00Z','facility':'KRO','capacity':1}", 0, &err),
			 ERR_REJECTED);
	assert_non_null(strstr(err.msg, "cap-0"));
	/* ... and accepted with a higher one. */
	add_ok(&reg, "{'id':'cap-1','type':'facility_capacity','at':'2025-01-01T00:00:00Z','facility':'KRO','capacity':1}", 10);
	order_of(&reg, "KRO", order, sizeof order);
	assert_string_equal(order, "kro-open cap-1 cap-a cap-b kro-cap kro-close");
	facility_registry_free(&reg);
}

static void test_covers(void **unused)
{
	(void)unused;
	static const struct {
		const char *code, *in, *out; /* out NULL: open-ended */
		bool covered;
	} cases[] = {
		{"KRO", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z", true},  /* from the opening */
		{"KRO", "2025-01-10T00:00:00Z", "2025-03-01T00:00:00Z", true},  /* close exactly at out */
		{"KRO", "2025-01-10T00:00:00Z", "2025-03-01T00:00:01Z", false}, /* close inside */
		{"KRO", "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", false}, /* close exactly at in */
		{"KRO", "2024-12-31T00:00:00Z", "2025-01-10T00:00:00Z", false}, /* before the opening */
		{"KRO", "2025-01-10T00:00:00Z", NULL, false},                   /* open-ended past the close */
		{"KRO", "2025-04-01T00:00:00Z", "2025-04-02T00:00:00Z", false}, /* after the close */
		{"KRO", "2025-05-01T00:00:00Z", NULL, true},                    /* re-opened, open-ended */
		{"KRO", "2025-02-01T00:00:00Z", "2025-06-01T00:00:00Z", false}, /* spans close and re-opening */
		{"BBB", "2025-01-10T00:00:00Z", NULL, true},                    /* never closes */
		{"EEE", "2025-02-01T00:00:00Z", NULL, true},  /* closed and re-opened at in */
		{"EEE", "2025-01-10T00:00:00Z", NULL, false}, /* ... but that close lies inside */
		{"NONE", "2025-01-10T00:00:00Z", "2025-01-11T00:00:00Z", false},
	};
	struct facility_registry reg;
	registry_of(&reg, LINES(OPEN_KRO, CLOSE_KRO, REOPEN_KRO));
	add_ok(&reg, "{'id':'eee-open','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'EEE','name':'E','aor':'ATL','kind':'CDF','capacity':1}", 5);
	add_ok(&reg, "{'id':'eee-close','type':'facility_close','at':'2025-02-01T00:00:00Z','facility':'EEE'}", 6);
	add_ok(&reg, "{'id':'eee-reopen','type':'facility_open','at':'2025-02-01T00:00:00Z','facility':'EEE','name':'E','aor':'ATL','kind':'CDF','capacity':1}", 7);
	add_ok(&reg, "{'id':'bbb-open','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'BBB','name':'B','aor':'ATL','kind':'CDF','capacity':0}", 4);
	for (size_t i = 0; i < ROWS(cases); i++) {
		ts_t out = cases[i].out ? T(cases[i].out) : TS_FOREVER;
		bool got = facility_covers(facility_find(&reg, cases[i].code), T(cases[i].in), out);
		if (got != cases[i].covered)
			fail_msg("case %zu: %s [%s, %s): expected %d", i, cases[i].code, cases[i].in,
				 cases[i].out ? cases[i].out : "forever", cases[i].covered);
	}
	assert_false(facility_covers(NULL, T("2025-01-10T00:00:00Z"), TS_FOREVER));
	facility_registry_free(&reg);
}

static void test_remove(void **unused)
{
	(void)unused;
	struct facility_registry reg;
	registry_of(&reg, LINES(OPEN_KRO, CAP_KRO, CLOSE_KRO));
	char before[512], after[512];
	struct event out;
	struct error err = {0};

	/* Removing the open before a close is rejected; nothing changes. */
	snapshot(&reg, before, sizeof before);
	event_init(&out);
	assert_int_equal(facility_remove(&reg, "KRO", 1, &out, &err), ERR_REJECTED);
	assert_non_null(strstr(err.msg, "kro-open"));  /* what was voided */
	assert_non_null(strstr(err.msg, "kro-cap"));   /* what it would invalidate */
	assert_string_equal(out.id, "");
	snapshot(&reg, after, sizeof after);
	assert_string_equal(after, before);

	/* Unknown facility or seq. */
	assert_int_equal(facility_remove(&reg, "NOPE", 1, &out, &err), ERR_NOTFOUND);
	assert_int_equal(facility_remove(&reg, "KRO", 99, &out, &err), ERR_NOTFOUND);
	snapshot(&reg, after, sizeof after);
	assert_string_equal(after, before);

	/* Removing the capacity change: the event moves out, the state refolds. */
	assert_int_equal(facility_remove(&reg, "KRO", 2, &out, &err), 0);
	assert_string_equal(out.id, "kro-cap");
	assert_int_equal(out.capacity, 650);
	event_free(&out);
	assert_int_equal(state(&reg, "KRO", "2025-02-15T00:00:00Z").capacity, 600);

	/* Removing the close: open for ever. */
	assert_int_equal(facility_remove(&reg, "KRO", 3, &out, &err), 0);
	assert_string_equal(out.id, "kro-close");
	event_free(&out);
	assert_true(facility_covers(facility_find(&reg, "KRO"), T("2025-01-02T00:00:00Z"), TS_FOREVER));

	/* Now the open alone may go (it owns its strings: freed by the caller). */
	assert_int_equal(facility_remove(&reg, "KRO", 1, &out, &err), 0);
	assert_string_equal(out.name, "Krome");
	event_free(&out);
	struct facility_state st = state(&reg, "KRO", "2025-02-15T00:00:00Z");
	assert_false(st.open);
	assert_null(st.details);
	facility_registry_free(&reg);
}

/* A re-opening removed from open, close, open, capacity leaves a capacity
 * change while closed: rejected. */
static void test_remove_reopen_rejected(void **unused)
{
	(void)unused;
	struct facility_registry reg;
	registry_of(&reg, LINES(OPEN_KRO, CLOSE_KRO, REOPEN_KRO));
	add_ok(&reg, "{'id':'kro-cap2','type':'facility_capacity','at':'2025-06-01T00:00:00Z','facility':'KRO','capacity':300}", 4);
	char before[512], after[512];
	snapshot(&reg, before, sizeof before);
	struct event out;
	struct error err = {0};
	assert_int_equal(facility_remove(&reg, "KRO", 3, &out, &err), ERR_REJECTED);
	assert_non_null(strstr(err.msg, "kro-cap2"));
	snapshot(&reg, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(state(&reg, "KRO", "2025-06-02T00:00:00Z").capacity, 300);
	facility_registry_free(&reg);
}

/* Many facilities added in scrambled order: the registry stays sorted by
 * code and every code is found. */
static void test_find_many(void **unused)
{
	(void)unused;
	enum { N = 61 }; /* prime, so i * 17 % N visits every index once */
	struct facility_registry reg;
	facility_registry_init(&reg);
	for (int i = 0; i < N; i++) {
		int k = i * 17 % N;
		char line[256];
		snprintf(line, sizeof line,
			 "{'id':'open-%d','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'F%03d',"
			 "'name':'Facility %d','aor':'ATL','kind':'IGSA','capacity':%d}",
			 k, k * 2, k, k);
		add_ok(&reg, line, i);
	}
	assert_int_equal(reg.n, N);
	for (size_t i = 1; i < reg.n; i++)
		assert_true(strcmp(reg.items[i - 1].code, reg.items[i].code) < 0);
	for (int k = 0; k < N; k++) {
		char code[8];
		snprintf(code, sizeof code, "F%03d", k * 2);
		const struct facility *f = facility_find(&reg, code);
		assert_non_null(f);
		assert_string_equal(f->code, code);
		assert_int_equal(f->n, 1);
		assert_int_equal(f->records[0].ev.capacity, k);
		snprintf(code, sizeof code, "F%03d", k * 2 + 1); /* between two codes */
		assert_null(facility_find(&reg, code));
	}
	assert_null(facility_find(&reg, "A"));
	assert_null(facility_find(&reg, "ZZZ"));
	assert_null(facility_find(&reg, "F00"));
	facility_registry_free(&reg);
	assert_int_equal(reg.n, 0);
	assert_null(facility_find(&reg, "F000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_folds_open_capacity_close),
		cmocka_unit_test(test_reopen_restates_details),
		cmocka_unit_test(test_change_while_not_open_rejected),
		cmocka_unit_test(test_late_events_ordered_by_at_then_seq),
		cmocka_unit_test(test_covers),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_remove_reopen_rejected),
		cmocka_unit_test(test_find_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
