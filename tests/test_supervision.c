/* test_supervision.c: the alternatives-to-detention figures and lists of a
 * ledger (supervision.h): atd_summary_at, atd_list_at, hearings_between,
 * over a small ledger; the same after ledger_rebuild(); and a past instant
 * (the replay path) the same as a ledger holding only the events up to it.
 *
 * rules.md and statistics.md, "Alternatives to detention", as
 * docs/supervision.md reads them.
 *
 * The people (A2000000NN, NN below); periods end at b + 24 h:
 *  01 arrested ATL; enrolled 01-10 app every 7 days, an ok check-in in
 *     every period (the last 03-09T12:00); a hearing 03-05T10:00 attended,
 *     one scheduled on 03-10 for 03-18T09:00.
 *  02 arrested MIA; enrolled 02-01 ankle every 7 days, aor HOU; never
 *     checks in; a hearing 02-20 missed, one scheduled on 03-01T06:00 for
 *     03-22T00:00.
 *  03 arrested ATL; enrolled 03-10T06:00 wrist every day; ok 03-10T08:00
 *     only; a hearing scheduled on 03-11 for 03-18T09:00; arrested again
 *     in DAL on 04-01.
 *  04 arrested ATL; enrolled 01-05 phone every 7 days, never checks in;
 *     enrolment ended absconded 03-01T12:00; arrested again in MIA 04-01.
 *  05 arrested DAL; enrolled 01-06 app every 7 days, aor DAL; ok 01-08;
 *     a hearing 02-10 attended, one scheduled on 03-05 for 03-19T09:00;
 *     booked in at AAA 03-10T12:00 (the enrolment ends, reason detained).
 *  06 never arrested; enrolled 03-01 none every 30 days; a hearing
 *     scheduled on 03-02 for 03-16T15:00.
 *
 * At T1 = 2025-03-15T00:00Z: active 01 02 03 06. Days enrolled 64, 42,
 * 4.75, 14. Periods ended / met: 01 9/9, 02 5/0 (5 missed in a row; the
 * sixth [03-08, 03-15) in its grace until 03-16), 03 3/1 (2 missed in a
 * row; [03-13T06, 03-14T06) in its grace until 03-15T06), 06 0/0.
 * Hearings concluded: 01 attended, 02 missed. Absconders: 04.
 *
 * At T0 = 2025-03-01T00:00Z (everyone has later events: all replayed):
 * active 01 02 04 05 06. Days 50, 28, 55, 54, 0. Periods 01 7/7, 02 3/0,
 * 04 7/0, 05 7/1 (6 in a row), 06 0/0. Hearings: 02 missed, 05 attended. */
#include "support.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "flags.h"
#include "supervision.h"

#define EV(id, type, at, who, rest) "{'id':'" id "','type':'" type "','at':'" at "','person':'" who "'" rest "}"
#define ARREST(id, at, who, aor) EV(id, "arrest", at, who, ",'aor':'" aor "','agency':'ICE'")
#define ENROLL(id, at, who, tech, days, rest)                                                            \
	EV(id, "atd_enroll", at, who, ",'technology':'" tech "','checkin_days':" #days rest)
#define OK(id, at, who) EV(id, "atd_checkin", at, who, ",'result':'ok'")
#define HEARING(id, at, who, status, when) EV(id, "hearing", at, who, ",'status':'" status "','hearing_at':'" when "'")

#define P1 "A200000001"
#define P2 "A200000002"
#define P3 "A200000003"
#define P4 "A200000004"
#define P5 "A200000005"
#define P6 "A200000006"

static const char *const ledger_lines[] = {
	"{'id':'fac','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'AAA','name':'A','aor':'ATL','kind':'CDF','capacity':10}",
	ARREST("p1a", "2025-01-05T08:00:00Z", P1, "ATL"),
	ENROLL("p1e", "2025-01-10T00:00:00Z", P1, "app", 7, ""),
	OK("p1c1", "2025-01-12T12:00:00Z", P1),
	OK("p1c2", "2025-01-19T12:00:00Z", P1),
	OK("p1c3", "2025-01-26T12:00:00Z", P1),
	HEARING("p1h1", "2025-02-01T00:00:00Z", P1, "scheduled", "2025-03-05T10:00:00Z"),
	OK("p1c4", "2025-02-02T12:00:00Z", P1),
	OK("p1c5", "2025-02-09T12:00:00Z", P1),
	OK("p1c6", "2025-02-16T12:00:00Z", P1),
	OK("p1c7", "2025-02-23T12:00:00Z", P1),
	OK("p1c8", "2025-03-02T12:00:00Z", P1),
	HEARING("p1h2", "2025-03-05T12:00:00Z", P1, "attended", "2025-03-05T10:00:00Z"),
	OK("p1c9", "2025-03-09T12:00:00Z", P1),
	HEARING("p1h3", "2025-03-10T00:00:00Z", P1, "scheduled", "2025-03-18T09:00:00Z"),

	ARREST("p2a", "2025-01-20T08:00:00Z", P2, "MIA"),
	ENROLL("p2e", "2025-02-01T00:00:00Z", P2, "ankle", 7, ",'aor':'HOU'"),
	HEARING("p2h1", "2025-02-02T00:00:00Z", P2, "scheduled", "2025-02-20T09:00:00Z"),
	HEARING("p2h2", "2025-02-20T12:00:00Z", P2, "missed", "2025-02-20T09:00:00Z"),
	HEARING("p2h3", "2025-03-01T06:00:00Z", P2, "scheduled", "2025-03-22T00:00:00Z"),

	ARREST("p3a", "2025-01-15T08:00:00Z", P3, "ATL"),
	ENROLL("p3e", "2025-03-10T06:00:00Z", P3, "wrist", 1, ""),
	OK("p3c1", "2025-03-10T08:00:00Z", P3),
	HEARING("p3h1", "2025-03-11T00:00:00Z", P3, "scheduled", "2025-03-18T09:00:00Z"),
	ARREST("p3a2", "2025-04-01T08:00:00Z", P3, "DAL"),

	ARREST("p4a", "2025-01-02T08:00:00Z", P4, "ATL"),
	ENROLL("p4e", "2025-01-05T00:00:00Z", P4, "phone", 7, ""),
	EV("p4x", "atd_end", "2025-03-01T12:00:00Z", P4, ",'reason':'absconded'"),
	ARREST("p4a2", "2025-04-01T08:00:00Z", P4, "MIA"),

	ARREST("p5a", "2025-01-03T08:00:00Z", P5, "DAL"),
	ENROLL("p5e", "2025-01-06T00:00:00Z", P5, "app", 7, ",'aor':'DAL'"),
	HEARING("p5h1", "2025-01-07T00:00:00Z", P5, "scheduled", "2025-02-10T09:00:00Z"),
	OK("p5c1", "2025-01-08T00:00:00Z", P5),
	HEARING("p5h2", "2025-02-10T10:00:00Z", P5, "attended", "2025-02-10T09:00:00Z"),
	HEARING("p5h3", "2025-03-05T00:00:00Z", P5, "scheduled", "2025-03-19T09:00:00Z"),
	EV("p5b", "book_in", "2025-03-10T12:00:00Z", P5, ",'facility':'AAA'"),

	ENROLL("p6e", "2025-03-01T00:00:00Z", P6, "none", 30, ""),
	HEARING("p6h1", "2025-03-02T00:00:00Z", P6, "scheduled", "2025-03-16T15:00:00Z"),
	NULL,
};

#define T0 "2025-03-01T00:00:00Z"
#define T1 "2025-03-15T00:00:00Z"

/* Instants the comparisons look at: before anything, T0, between, T1,
 * after the last event, and grace and period boundaries. */
static const char *const instants[] = {
	"2025-01-01T00:00:00Z", "2025-01-10T00:00:00Z", "2025-02-09T00:00:00Z", T0, "2025-03-01T12:00:00Z",
	"2025-03-05T11:00:00Z", "2025-03-10T12:00:00Z", "2025-03-12T06:00:00Z", T1, "2025-03-20T00:00:00Z",
	"2025-05-01T00:00:00Z", NULL,
};

static int aor(const char *code)
{
	int a = vocab_find(&vocab_aor, code);
	assert_true(a >= 0);
	return a;
}

static struct ledger *build(struct tmp **t, const char *name, const char *until)
{
	*t = tmp_new(name);
	assert_non_null(*t);
	struct ledger *l = open_test_ledger((*t)->path, STORE_CREATE);
	if (!until) {
		append_all(l, ledger_lines);
		return l;
	}
	/* the lines with at <= until (all the ats have the same form) */
	const char *kept[ROWS(ledger_lines)];
	size_t n = 0;
	for (const char *const *line = ledger_lines; *line; line++) {
		const char *at = strstr(*line, "'at':'");
		assert_non_null(at);
		if (strncmp(at + 6, until, strlen(until)) <= 0)
			kept[n++] = *line;
	}
	kept[n] = NULL;
	append_all(l, kept);
	return l;
}

/* ---------------------------------------------------------------- text */

struct text {
	char *s;
	size_t n, cap;
};

static void put(struct text *b, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *b, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (b->n + (size_t)n + 1 > b->cap) {
		b->cap = (b->n + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	va_start(ap, f);
	vsnprintf(b->s + b->n, (size_t)n + 1, f, ap);
	va_end(ap);
	b->n += (size_t)n;
}

static const char *tstext(ts_t t, char buf[TS_TEXT_MAX])
{
	return t == TS_NONE ? "-" : ts_format(t, buf);
}

static void put_group(struct text *b, const char *name, const struct atd_group *g)
{
	put(b, "  %s active %lld days %.17g ended %lld met %lld attended %lld missed %lld\n", name, (long long)g->active,
	    g->enrolled_days, (long long)g->ended, (long long)g->met, (long long)g->attended, (long long)g->missed);
}

static void put_summary(struct text *b, struct ledger *l, ts_t t, int a, bool absconders)
{
	struct atd_summary s;
	struct error err;
	memset(&s, 0x5a, sizeof s);
	if (atd_summary_at(l, t, aor_mask_of(a), &s, &err))
		fail_msg("atd_summary_at: %s", err.msg);
	assert_true(s.at == t);
	put(b, "summary aor %s", a == UNSET ? "all" : vocab_word(&vocab_aor, a));
	if (absconders)
		put(b, " absconders %lld", (long long)s.absconders);
	put(b, "\n");
	put_group(b, "all", &s.all);
	for (int i = 0; i < TECH_COUNT; i++)
		put_group(b, vocab_word(&vocab_technology, i), &s.by_technology[i]);
	for (int i = 0; i <= ATD_AORS; i++)
		if (s.by_aor[i].active || s.by_aor[i].ended)
			put_group(b, i < ATD_AORS ? vocab_word(&vocab_aor, i) : "unknown", &s.by_aor[i]);
}

static void put_list(struct text *b, struct ledger *l, ts_t t, int a, enum atd_which which)
{
	struct atd_list list;
	struct error err;
	if (atd_list_at(l, t, aor_mask_of(a), which, &list, &err))
		fail_msg("atd_list_at: %s", err.msg);
	put(b, "%s aor %s: %zu\n", which == ATD_DUE ? "due" : "missed", a == UNSET ? "all" : vocab_word(&vocab_aor, a),
	    list.n);
	for (size_t i = 0; i < list.n; i++) {
		const struct atd_person *p = &list.items[i];
		char x[TS_TEXT_MAX], y[TS_TEXT_MAX], z[TS_TEXT_MAX];
		put(b, "  %s %s every %d aor %s ended %lld met %lld run %lld last_ok %s open %s until %s\n", p->person,
		    vocab_word(&vocab_technology, p->technology), p->checkin_days,
		    p->aor == UNSET ? "-" : vocab_word(&vocab_aor, p->aor), (long long)p->checkins.ended,
		    (long long)p->checkins.met, (long long)p->checkins.missed_run, tstext(p->checkins.last_ok, x),
		    tstext(p->checkins.open_b, y), tstext(p->checkins.open_deadline, z));
	}
	atd_list_free(&list);
}

static void put_hearings(struct text *b, struct ledger *l, ts_t from, ts_t to)
{
	struct hearing_list list;
	struct error err;
	if (hearings_between(l, from, to, AOR_MASK_ALL, &list, &err))
		fail_msg("hearings_between: %s", err.msg);
	put(b, "hearings: %zu\n", list.n);
	for (size_t i = 0; i < list.n; i++) {
		char x[TS_TEXT_MAX];
		put(b, "  %s %s %s %s\n", ts_format(list.items[i].hearing_at, x), list.items[i].person,
		    vocab_word(&vocab_technology, list.items[i].technology),
		    list.items[i].aor == UNSET ? "-" : vocab_word(&vocab_aor, list.items[i].aor));
	}
	hearing_list_free(&list);
}

static void put_flags(struct text *b, struct ledger *l, ts_t t)
{
	struct flag_list list;
	flags_everyone(l, t, &list);
	for (size_t i = 0; i < list.n; i++) {
		char x[TS_TEXT_MAX];
		put(b, "  flag %s %s %s %s %s\n", list.items[i].person, vocab_word(&vocab_flag_rule, list.items[i].flag.rule),
		    vocab_word(&vocab_flag_status, list.items[i].flag.status), tstext(list.items[i].flag.due, x),
		    list.items[i].facility);
	}
	flag_list_free(&list);
}

/* Everything the supervision reads say at t: the summary (all, and per
 * AOR, with the absconders per AOR only if aor_absconders), the lists,
 * the week's hearings and the flags. */
static char *describe(struct ledger *l, ts_t t, bool aor_absconders)
{
	struct text b = {0};
	put_summary(&b, l, t, UNSET, true);
	for (int a = 0; a < vocab_aor.count; a++)
		put_summary(&b, l, t, a, aor_absconders);
	put_list(&b, l, t, UNSET, ATD_DUE);
	put_list(&b, l, t, UNSET, ATD_MISSED);
	put_list(&b, l, t, aor("ATL"), ATD_DUE);
	put_list(&b, l, t, aor("HOU"), ATD_MISSED);
	put_hearings(&b, l, t, t + 7 * TS_DAY);
	put_flags(&b, l, t);
	return b.s;
}

/* -------------------------------------------------------------- fixture */

static struct tmp *fixture_dir;
static struct ledger *fixture;

static int setup(void **state)
{
	(void)state;
	fixture = build(&fixture_dir, "supervision", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ledger_close(fixture);
	return tmp_free(fixture_dir);
}

/* ---------------------------------------------------------------- tests */

static void expect_group(const char *what, const struct atd_group *g, int64_t active, double days, int64_t ended,
			 int64_t met, int64_t attended, int64_t missed)
{
	if (g->active != active || fabs(g->enrolled_days - days) > 1e-9 || g->ended != ended || g->met != met ||
	    g->attended != attended || g->missed != missed)
		fail_msg("%s: active %lld, days %g, ended %lld, met %lld, attended %lld, missed %lld; expected %lld, %g, "
			 "%lld, %lld, %lld, %lld",
			 what, (long long)g->active, g->enrolled_days, (long long)g->ended, (long long)g->met,
			 (long long)g->attended, (long long)g->missed, (long long)active, days, (long long)ended,
			 (long long)met, (long long)attended, (long long)missed);
}

static void test_summary_now(void **state)
{
	(void)state;
	struct atd_summary s;
	struct error err;
	assert_int_equal(atd_summary_at(fixture, T(T1), AOR_MASK_ALL, &s, &err), 0);
	expect_group("all at T1", &s.all, 4, 64 + 42 + 4.75 + 14, 17, 10, 1, 1);
	assert_true(fabs(atd_alip(&s.all) - 124.75 / 4) < 1e-9);
	assert_true(fabs(atd_compliance(&s.all) - 10.0 / 17) < 1e-12);
	assert_true(fabs(atd_appearance(&s.all) - 0.5) < 1e-12);
	assert_int_equal(s.absconders, 1);
	expect_group("app", &s.by_technology[TECH_APP], 1, 64, 9, 9, 1, 0);
	expect_group("ankle", &s.by_technology[TECH_ANKLE], 1, 42, 5, 0, 0, 1);
	expect_group("wrist", &s.by_technology[TECH_WRIST], 1, 4.75, 3, 1, 0, 0);
	expect_group("phone", &s.by_technology[TECH_PHONE], 0, 0, 0, 0, 0, 0);
	expect_group("none", &s.by_technology[TECH_NONE], 1, 14, 0, 0, 0, 0);
	assert_true(atd_compliance(&s.by_technology[TECH_NONE]) < 0);
	assert_true(atd_alip(&s.by_technology[TECH_PHONE]) < 0);
	assert_true(atd_appearance(&s.by_technology[TECH_WRIST]) < 0);
	/* the enrolment's aor first (02: HOU, not MIA), else the arrest's */
	expect_group("ATL", &s.by_aor[aor("ATL")], 2, 64 + 4.75, 12, 10, 1, 0);
	expect_group("HOU", &s.by_aor[aor("HOU")], 1, 42, 5, 0, 0, 1);
	expect_group("MIA", &s.by_aor[aor("MIA")], 0, 0, 0, 0, 0, 0);
	expect_group("DAL", &s.by_aor[aor("DAL")], 0, 0, 0, 0, 0, 0);
	expect_group("unknown", &s.by_aor[ATD_AORS], 1, 14, 0, 0, 0, 0);

	/* one AOR: its participants only */
	assert_int_equal(atd_summary_at(fixture, T(T1), aor_mask_of(aor("ATL")), &s, &err), 0);
	expect_group("ATL only", &s.all, 2, 68.75, 12, 10, 1, 0);
	assert_int_equal(s.by_technology[TECH_APP].active, 1);
	assert_int_equal(s.by_technology[TECH_WRIST].active, 1);
	assert_int_equal(s.by_technology[TECH_ANKLE].active, 0);
	assert_int_equal(atd_summary_at(fixture, T(T1), aor_mask_of(aor("HOU")), &s, &err), 0);
	expect_group("HOU only", &s.all, 1, 42, 5, 0, 0, 1);
	assert_int_equal(s.absconders, 0);
	assert_int_equal(atd_summary_at(fixture, T(T1), aor_mask_of(aor("SEA")), &s, &err), 0);
	expect_group("SEA only", &s.all, 0, 0, 0, 0, 0, 0);
	assert_true(atd_compliance(&s.all) < 0 && atd_alip(&s.all) < 0 && atd_appearance(&s.all) < 0);
	assert_int_equal(s.absconders, 0);
}

static void test_summary_past(void **state)
{
	(void)state;
	struct atd_summary s;
	struct error err;
	assert_int_equal(atd_summary_at(fixture, T(T0), AOR_MASK_ALL, &s, &err), 0);
	expect_group("all at T0", &s.all, 5, 50 + 28 + 55 + 54 + 0, 24, 8, 1, 1);
	assert_int_equal(s.absconders, 0);
	expect_group("app at T0", &s.by_technology[TECH_APP], 2, 104, 14, 8, 1, 0);
	expect_group("phone at T0", &s.by_technology[TECH_PHONE], 1, 55, 7, 0, 0, 0);
	expect_group("ATL at T0", &s.by_aor[aor("ATL")], 2, 105, 14, 7, 0, 0);
	expect_group("DAL at T0", &s.by_aor[aor("DAL")], 1, 54, 7, 1, 1, 0);
	expect_group("unknown at T0", &s.by_aor[ATD_AORS], 1, 0, 0, 0, 0, 0);
	/* the absconding is counted from its instant on */
	assert_int_equal(atd_summary_at(fixture, T("2025-03-01T11:59:59Z"), AOR_MASK_ALL, &s, &err), 0);
	assert_int_equal(s.absconders, 0);
	assert_int_equal(s.all.active, 5);
	assert_int_equal(atd_summary_at(fixture, T("2025-03-01T12:00:00Z"), AOR_MASK_ALL, &s, &err), 0);
	assert_int_equal(s.absconders, 1);
	assert_int_equal(s.all.active, 4);
	/* before anyone enrolled */
	assert_int_equal(atd_summary_at(fixture, T("2025-01-01T00:00:00Z"), AOR_MASK_ALL, &s, &err), 0);
	expect_group("nobody", &s.all, 0, 0, 0, 0, 0, 0);
}

/* 05's enrolment ends at the book-in, reason detained: counted up to the
 * second before, not from the book-in on; their flags are detention flags. */
static void test_book_in_ends_the_enrolment(void **state)
{
	(void)state;
	struct error err;
	struct timeline tl;
	assert_int_equal(ledger_person(fixture, P5, TS_FOREVER, &tl, &err), 0);
	assert_false(tl.enrolled);
	assert_true(tl.detained);
	assert_true(tl.enrolment.end == T("2025-03-10T12:00:00Z"));
	assert_int_equal(tl.enrolment.end_reason, END_DETAINED);
	timeline_free(&tl);

	struct atd_summary s;
	assert_int_equal(atd_summary_at(fixture, T("2025-03-10T11:59:59Z"), aor_mask_of(aor("DAL")), &s, &err), 0);
	assert_int_equal(s.all.active, 1);
	assert_int_equal(atd_summary_at(fixture, T("2025-03-10T12:00:00Z"), aor_mask_of(aor("DAL")), &s, &err), 0);
	assert_int_equal(s.all.active, 0);
	assert_int_equal(atd_summary_at(fixture, T("2025-03-10T12:00:00Z"), AOR_MASK_ALL, &s, &err), 0);
	assert_int_equal(s.all.active, 4); /* 01 02 03 06 */
	assert_int_equal(s.absconders, 1); /* detained is not absconded */

	/* not in the lists: missed many periods, but no longer supervised */
	struct atd_list list;
	assert_int_equal(atd_list_at(fixture, T(T1), AOR_MASK_ALL, ATD_MISSED, &list, &err), 0);
	for (size_t i = 0; i < list.n; i++)
		assert_string_not_equal(list.items[i].person, P5);
	atd_list_free(&list);
	/* their scheduled hearing is not in the reminder list */
	struct hearing_list hl;
	assert_int_equal(hearings_between(fixture, T(T1), T("2025-03-22T00:00:00Z"), AOR_MASK_ALL, &hl, &err), 0);
	for (size_t i = 0; i < hl.n; i++)
		assert_string_not_equal(hl.items[i].person, P5);
	hearing_list_free(&hl);

	/* flags: 05 has detention flags only, with the facility */
	struct text b = {0};
	put_flags(&b, fixture, T(T1));
	assert_non_null(strstr(b.s, "flag " P5 " PR-BOND info - AAA\n"));
	assert_null(strstr(b.s, P5 " ATD-"));
	assert_null(strstr(b.s, P5 " HEARING-"));
	/* and 02 (7-day ankle, never an ok) has supervision flags, no facility */
	assert_non_null(strstr(b.s, "flag " P2 " ATD-ESCALATE info - \n"));
	assert_non_null(strstr(b.s, "flag " P2 " ATD-ABSCOND overdue 2025-03-03T00:00:00Z \n"));
	free(b.s);
}

static void test_list_due(void **state)
{
	(void)state;
	struct atd_list list;
	struct error err;
	/* at T1: 03's period [03-13T06, 03-14T06) in its grace, then 02's [03-08, 03-15) */
	assert_int_equal(atd_list_at(fixture, T(T1), AOR_MASK_ALL, ATD_DUE, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].person, P3);
	assert_true(list.items[0].checkins.open_b == T("2025-03-14T06:00:00Z"));
	assert_true(list.items[0].checkins.open_deadline == T("2025-03-15T06:00:00Z"));
	assert_true(list.items[0].checkins.last_ok == T("2025-03-10T08:00:00Z"));
	assert_int_equal(list.items[0].technology, TECH_WRIST);
	assert_int_equal(list.items[0].checkin_days, 1);
	assert_int_equal(list.items[0].aor, aor("ATL"));
	assert_string_equal(list.items[1].person, P2);
	assert_true(list.items[1].checkins.open_b == T("2025-03-15T00:00:00Z"));
	assert_true(list.items[1].checkins.open_deadline == T("2025-03-16T00:00:00Z"));
	assert_true(list.items[1].checkins.last_ok == TS_NONE);
	assert_int_equal(list.items[1].aor, aor("HOU"));
	atd_list_free(&list);

	/* an AOR */
	assert_int_equal(atd_list_at(fixture, T(T1), aor_mask_of(aor("HOU")), ATD_DUE, &list, &err), 0);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.items[0].person, P2);
	atd_list_free(&list);

	/* at T0 (replayed): 02's [02-22, 03-01) is in its grace; 04's
	 * [02-23, 03-02) ends exactly at T0 + 24 h: not before it, not due */
	assert_int_equal(atd_list_at(fixture, T(T0), AOR_MASK_ALL, ATD_DUE, &list, &err), 0);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.items[0].person, P2);
	assert_true(list.items[0].checkins.open_b == T("2025-03-01T00:00:00Z"));
	atd_list_free(&list);
	assert_int_equal(atd_list_at(fixture, T("2025-03-01T00:00:01Z"), AOR_MASK_ALL, ATD_DUE, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].person, P2);
	assert_string_equal(list.items[1].person, P4);
	assert_true(list.items[1].checkins.open_b == T("2025-03-02T00:00:00Z"));
	atd_list_free(&list);

	/* once the grace has run out, a period is no longer due (it is missed) */
	assert_int_equal(atd_list_at(fixture, T("2025-03-15T06:00:00Z"), aor_mask_of(aor("ATL")), ATD_DUE, &list, &err), 0);
	assert_int_equal(list.n, 1); /* 03 again, for its next period [03-14T06, 03-15T06) */
	assert_true(list.items[0].checkins.open_b == T("2025-03-15T06:00:00Z"));
	atd_list_free(&list);
}

static void test_list_missed(void **state)
{
	(void)state;
	struct atd_list list;
	struct error err;
	assert_int_equal(atd_list_at(fixture, T(T1), AOR_MASK_ALL, ATD_MISSED, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].person, P2);
	assert_int_equal(list.items[0].checkins.missed_run, 5);
	assert_int_equal(list.items[0].checkins.ended, 5);
	assert_true(list.items[0].checkins.last_ok == TS_NONE);
	assert_int_equal(list.items[0].technology, TECH_ANKLE);
	assert_int_equal(list.items[0].checkin_days, 7);
	assert_string_equal(list.items[1].person, P3);
	assert_int_equal(list.items[1].checkins.missed_run, 2);
	assert_true(list.items[1].checkins.last_ok == T("2025-03-10T08:00:00Z"));
	atd_list_free(&list);

	/* at T0 (replayed): most missed first */
	assert_int_equal(atd_list_at(fixture, T(T0), AOR_MASK_ALL, ATD_MISSED, &list, &err), 0);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.items[0].person, P4);
	assert_int_equal(list.items[0].checkins.missed_run, 7);
	assert_true(list.items[0].checkins.last_ok == TS_NONE);
	assert_string_equal(list.items[1].person, P5);
	assert_int_equal(list.items[1].checkins.missed_run, 6);
	assert_true(list.items[1].checkins.last_ok == T("2025-01-08T00:00:00Z"));
	assert_int_equal(list.items[1].aor, aor("DAL"));
	assert_string_equal(list.items[2].person, P2);
	assert_int_equal(list.items[2].checkins.missed_run, 3);
	atd_list_free(&list);

	/* at 02-09: 04 has 4 periods ended (deadlines 01-13 + 7k), all missed;
	 * 05 4 ended (01-14 + 7k), the first met; 02 1 ended; 01 none missed */
	assert_int_equal(atd_list_at(fixture, T("2025-02-09T00:00:00Z"), AOR_MASK_ALL, ATD_MISSED, &list, &err), 0);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.items[0].person, P4);
	assert_int_equal(list.items[0].checkins.missed_run, 4);
	assert_string_equal(list.items[1].person, P5);
	assert_int_equal(list.items[1].checkins.missed_run, 3);
	assert_string_equal(list.items[2].person, P2);
	assert_int_equal(list.items[2].checkins.missed_run, 1);
	atd_list_free(&list);
	/* a tie, by A-number: at 03-18T06:00 02 has 6 in a row (deadlines
	 * 02-09 + 7k), 03 too (one-day periods, deadlines 03-12T06 + k, the
	 * first met) */
	assert_int_equal(atd_list_at(fixture, T("2025-03-18T06:00:00Z"), AOR_MASK_ALL, ATD_MISSED, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].person, P2);
	assert_int_equal(list.items[0].checkins.missed_run, 6);
	assert_string_equal(list.items[1].person, P3);
	assert_int_equal(list.items[1].checkins.missed_run, 6);
	assert_int_equal(list.items[1].checkins.ended, 7);
	atd_list_free(&list);
	/* a second earlier, 03 has one fewer */
	assert_int_equal(atd_list_at(fixture, T("2025-03-18T05:59:59Z"), AOR_MASK_ALL, ATD_MISSED, &list, &err), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].person, P2);
	assert_int_equal(list.items[1].checkins.missed_run, 5);
	atd_list_free(&list);
}

static void test_hearings(void **state)
{
	(void)state;
	struct text b = {0};
	put_hearings(&b, fixture, T(T1), T("2025-03-21T23:59:59Z"));
	assert_string_equal(b.s, "hearings: 3\n"
				 "  2025-03-16T15:00:00Z " P6 " none -\n"
				 "  2025-03-18T09:00:00Z " P1 " app ATL\n"
				 "  2025-03-18T09:00:00Z " P3 " wrist ATL\n");
	b.n = 0;
	/* both ends included, as HEARING-REMINDER counts them */
	put_hearings(&b, fixture, T(T1), T("2025-03-22T00:00:00Z"));
	assert_non_null(strstr(b.s, "hearings: 4\n"));
	assert_non_null(strstr(b.s, "  2025-03-22T00:00:00Z " P2 " ankle HOU\n"));
	b.n = 0;
	put_hearings(&b, fixture, T("2025-03-16T15:00:00Z"), T("2025-03-16T15:00:01Z"));
	assert_string_equal(b.s, "hearings: 1\n  2025-03-16T15:00:00Z " P6 " none -\n");
	b.n = 0;
	/* a past instant: the hearings scheduled by then, still scheduled then,
	 * of the people supervised then (05 too, before the book-in) */
	put_hearings(&b, fixture, T("2025-03-05T00:00:00Z"), T("2025-03-25T00:00:00Z"));
	assert_string_equal(b.s, "hearings: 4\n"
				 "  2025-03-05T10:00:00Z " P1 " app ATL\n"
				 "  2025-03-16T15:00:00Z " P6 " none -\n"
				 "  2025-03-19T09:00:00Z " P5 " app DAL\n"
				 "  2025-03-22T00:00:00Z " P2 " ankle HOU\n");
	b.n = 0;
	put_hearings(&b, fixture, T(T0), T("2025-03-20T00:00:00Z"));
	assert_string_equal(b.s, "hearings: 1\n  2025-03-05T10:00:00Z " P1 " app ATL\n");
	b.n = 0;
	/* at its instant, not yet recorded as attended: listed */
	put_hearings(&b, fixture, T("2025-03-05T10:00:00Z"), T("2025-03-06T00:00:00Z"));
	assert_string_equal(b.s, "hearings: 1\n  2025-03-05T10:00:00Z " P1 " app ATL\n");
	free(b.s);
}

/* Everything is the same after ledger_rebuild(), at every instant. */
static void test_rebuild(void **state)
{
	(void)state;
	struct tmp *t;
	struct ledger *l = build(&t, "supervision-rebuild", NULL);
	char *before[ROWS(instants)];
	for (size_t i = 0; instants[i]; i++)
		before[i] = describe(l, T(instants[i]), true);
	struct error err;
	if (ledger_rebuild(l, &err))
		fail_msg("ledger_rebuild: %s", err.msg);
	for (size_t i = 0; instants[i]; i++) {
		char *after = describe(l, T(instants[i]), true);
		if (strcmp(before[i], after) != 0)
			fail_msg("at %s after rebuild:\n%s\nbefore:\n%s", instants[i], after, before[i]);
		free(after);
		free(before[i]);
	}
	ledger_close(l);
	assert_int_equal(tmp_free(t), 0);
}

/* A past instant answers from the events up to it: the same as a ledger
 * holding only those events (which answers from its stored states). */
static void test_past_instant_equals_prefix_ledger(void **state)
{
	(void)state;
	for (size_t i = 0; instants[i]; i++) {
		struct tmp *t;
		struct ledger *prefix = build(&t, "supervision-prefix", instants[i]);
		char *want = describe(prefix, T(instants[i]), false);
		char *got = describe(fixture, T(instants[i]), false);
		if (strcmp(want, got) != 0)
			fail_msg("at %s, the whole ledger says:\n%s\nthe ledger of the events up to then:\n%s", instants[i],
				 got, want);
		free(want);
		free(got);
		ledger_close(prefix);
		assert_int_equal(tmp_free(t), 0);
	}
}

/* The ledger of the same lines, appended in the order given (NULL-terminated). */
static struct ledger *build_from(struct tmp **t, const char *name, const char *const *lines)
{
	*t = tmp_new(name);
	assert_non_null(*t);
	struct ledger *l = open_test_ledger((*t)->path, STORE_CREATE);
	append_all(l, lines);
	return l;
}

static void expect_same_reads(struct ledger *want_l, struct ledger *got_l, const char *what)
{
	for (size_t i = 0; instants[i]; i++) {
		char *want = describe(want_l, T(instants[i]), true);
		char *got = describe(got_l, T(instants[i]), true);
		if (strcmp(want, got) != 0)
			fail_msg("%s, at %s:\n%s\nexpected:\n%s", what, instants[i], got, want);
		free(want);
		free(got);
	}
}

static bool has_type(const char *line, const char *type)
{
	char *needle = fmt("'type':'%s'", type);
	bool found = strstr(line, needle) != NULL;
	free(needle);
	return found;
}

/* Events recorded late: each person's enrolment first, then their other
 * events latest first (hearings last, in order, since an outcome needs its
 * scheduling): every late insert re-derives the check-in periods, and the
 * reads are those of the ledger recorded in time order. */
static void test_late_events(void **state)
{
	(void)state;
	const char *order[ROWS(ledger_lines)];
	size_t n = 0;
	order[n++] = ledger_lines[0]; /* the facility */
	const char *const people[] = {P1, P2, P3, P4, P5, P6};
	for (size_t p = 0; p < ROWS(people); p++) {
		const char *lines[ROWS(ledger_lines)];
		size_t k = 0;
		for (const char *const *line = ledger_lines + 1; *line; line++)
			if (strstr(*line, people[p]))
				lines[k++] = *line;
		for (size_t i = 0; i < k; i++)
			if (has_type(lines[i], "atd_enroll"))
				order[n++] = lines[i];
		for (size_t i = k; i-- > 0;)
			if (!has_type(lines[i], "atd_enroll") && !has_type(lines[i], "hearing"))
				order[n++] = lines[i];
		for (size_t i = 0; i < k; i++)
			if (has_type(lines[i], "hearing"))
				order[n++] = lines[i];
	}
	order[n] = NULL;
	assert_int_equal(n, ROWS(ledger_lines) - 1);
	struct tmp *t;
	struct ledger *late = build_from(&t, "supervision-late", order);
	expect_same_reads(fixture, late, "recorded late");
	ledger_close(late);
	assert_int_equal(tmp_free(t), 0);
}

/* A void takes its target out of every read: voiding 01's check-in of
 * 02-09 (their period [02-07, 02-14) then missed) and 04's atd_end (still
 * enrolled, not an absconder) reads like the ledger without those two. */
static void test_void(void **state)
{
	(void)state;
	const char *without[ROWS(ledger_lines)];
	size_t n = 0;
	for (const char *const *line = ledger_lines; *line; line++)
		if (!strstr(*line, "'p1c5'") && !strstr(*line, "'p4x'"))
			without[n++] = *line;
	without[n] = NULL;
	assert_int_equal(n, ROWS(ledger_lines) - 3);
	struct tmp *tw, *tv;
	struct ledger *lw = build_from(&tw, "supervision-without", without);
	struct ledger *lv = build(&tv, "supervision-void", NULL);
	append_all(lv, LINES("{'id':'v1','type':'void','at':'2025-05-01T00:00:00Z','target':'p1c5','reason':'wrong person'}",
			     "{'id':'v2','type':'void','at':'2025-05-01T00:00:00Z','target':'p4x','reason':'entered in error'}"));
	expect_same_reads(lw, lv, "voided");

	struct atd_summary s;
	struct error err;
	assert_int_equal(atd_summary_at(lv, T(T1), AOR_MASK_ALL, &s, &err), 0);
	assert_int_equal(s.all.active, 5); /* 04 is enrolled again */
	assert_int_equal(s.absconders, 0);
	expect_group("app after the void", &s.by_technology[TECH_APP], 1, 64, 9, 8, 1, 0);
	ledger_close(lw);
	ledger_close(lv);
	assert_int_equal(tmp_free(tw), 0);
	assert_int_equal(tmp_free(tv), 0);
}

/* Absconders by AOR at a past instant: 04 (no AOR on the enrolment) was
 * arrested in ATL, absconded 03-01T12:00, and was arrested again in MIA
 * on 04-01. At T1 their latest arrest is the ATL one: an ATL absconder,
 * as a ledger of the events up to T1 says. */
static void test_absconders_by_aor_at_past_instant(void **state)
{
	(void)state;
	struct tmp *t;
	struct ledger *prefix = build(&t, "supervision-absc", T1);
	struct atd_summary s;
	struct error err;
	assert_int_equal(atd_summary_at(prefix, T(T1), aor_mask_of(aor("ATL")), &s, &err), 0);
	assert_int_equal(s.absconders, 1);
	assert_int_equal(atd_summary_at(prefix, T(T1), aor_mask_of(aor("MIA")), &s, &err), 0);
	assert_int_equal(s.absconders, 0);
	ledger_close(prefix);
	assert_int_equal(tmp_free(t), 0);

	int64_t atl, mia;
	assert_int_equal(atd_summary_at(fixture, T(T1), aor_mask_of(aor("ATL")), &s, &err), 0);
	atl = s.absconders;
	assert_int_equal(atd_summary_at(fixture, T(T1), aor_mask_of(aor("MIA")), &s, &err), 0);
	mia = s.absconders;
	if (atl != 1 || mia != 0)
		fail_msg("absconders at %s: ATL %lld, MIA %lld; expected ATL 1, MIA 0 (the AOR of 04's latest arrest "
			 "as of %s is ATL; the MIA arrest is on 2025-04-01)",
			 T1, (long long)atl, (long long)mia, T1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_now),
		cmocka_unit_test(test_summary_past),
		cmocka_unit_test(test_book_in_ends_the_enrolment),
		cmocka_unit_test(test_list_due),
		cmocka_unit_test(test_list_missed),
		cmocka_unit_test(test_hearings),
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_past_instant_equals_prefix_ledger),
		cmocka_unit_test(test_late_events),
		cmocka_unit_test(test_void),
		cmocka_unit_test(test_absconders_by_aor_at_past_instant),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
