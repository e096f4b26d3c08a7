/* test_stats.c: golden tests of the statistics (src/stats: snapshot.h,
 * calendar.h, series.h, cohort.h, atd.h) against figures worked out by
 * hand from small ledgers, per /work/shared/spec/statistics.md.
 *
 * Each ledger is written below as events (events.md); the snapshot is
 * loaded the way the command does (cli_load_snapshot: stats_snapshot_init,
 * store_histories with stats_snapshot_add_fn, stats_snapshot_settle). The
 * expected figures come from the comments above each test, worked out from
 * the definitions, never from running the code:
 *
 * - a stay (stint) counts in the midnight population of day d when
 *   in <= 23:59:59 of d < out; a day's 23:59:59 is local time in the
 *   report's zone;
 * - book-ins / book-outs / arrests / departures count on the day of their
 *   instant; removals = book-outs `removed` + departures;
 * - ADP = mean of the midnight populations; ALOS = mean (out - in) / 86400
 *   over the stays ending in the period.
 *
 * Facilities: AAA (ATL) and BBB (MIA), opened 2024-09-01. People are
 * A0000000NN, written PNN. */
#include "support.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "atd.h"
#include "bounds.h"
#include "calendar.h"
#include "cohort.h"
#include "series.h"
#include "snapshot.h"
#include "store.h"

#define EV(id, type, at, who, rest) "{'id':'" id "','type':'" type "','at':'" at "','person':'" who "'" rest "}"
#define ARREST(id, at, who, aor, agency, rest) \
	EV(id, "arrest", at, who, ",'aor':'" aor "','agency':'" agency "'" rest)
#define BOOK_IN(id, at, who, fac) EV(id, "book_in", at, who, ",'facility':'" fac "'")
#define TRANSFER(id, at, who, fac) EV(id, "transfer", at, who, ",'facility':'" fac "'")
#define BOOK_OUT(id, at, who, reason) EV(id, "book_out", at, who, ",'reason':'" reason "'")
#define REMOVED(id, at, who) EV(id, "book_out", at, who, ",'reason':'removed','country':'MX'")
#define DEPARTURE(id, at, who) EV(id, "departure", at, who, ",'country':'MX'")
#define ENROLL(id, at, who, tech, rest) EV(id, "atd_enroll", at, who, ",'technology':'" tech "','checkin_days':7" rest)
#define ATD_END(id, at, who, reason) EV(id, "atd_end", at, who, ",'reason':'" reason "'")
#define HEARING(id, at, who, status, when) EV(id, "hearing", at, who, ",'status':'" status "','hearing_at':'" when "'")

#define FAC_AAA                                                                                                 \
	"{'id':'fa','type':'facility_open','at':'2024-09-01T00:00:00Z','facility':'AAA','name':'A','aor':'ATL'," \
	"'kind':'CDF','capacity':1000}"
#define FAC_BBB                                                                                                 \
	"{'id':'fb','type':'facility_open','at':'2024-09-01T00:00:00Z','facility':'BBB','name':'B','aor':'MIA'," \
	"'kind':'SPC','capacity':1000}"

#define EPS 1e-9
#define assert_near(a, b)                                                                                 \
	do {                                                                                              \
		double a_ = (a), b_ = (b);                                                                \
		if (!(fabs(a_ - b_) < EPS))                                                               \
			fail_msg("%s = %.12g, expected %s = %.12g", #a, a_, #b, b_);                      \
	} while (0)

/* ---------------------------------------------------------------- helpers */

struct fixture {
	struct tmp *t;
	struct ledger *l;
	struct stats_snapshot s;
};

/* The snapshot of l, loaded as cli_load_snapshot() does. */
static void snapshot_of(struct ledger *l, struct stats_snapshot *s)
{
	struct error err = {0};
	if (stats_snapshot_init(s, ledger_facilities(l), &err))
		fail_msg("stats_snapshot_init: %s", err.msg);
	if (store_histories(ledger_store(l), stats_snapshot_add_fn, s, &err))
		fail_msg("store_histories: %s", err.msg);
	stats_snapshot_settle(s);
}

static void open_fixture_ledger(struct fixture *f, const char *name, const char *const *lines)
{
	f->t = tmp_new(name);
	assert_non_null(f->t);
	f->l = open_test_ledger(f->t->path, STORE_CREATE);
	append_all(f->l, lines);
	snapshot_of(f->l, &f->s);
}

/* Reload the snapshot after more events. */
static void reload(struct fixture *f)
{
	stats_snapshot_free(&f->s);
	snapshot_of(f->l, &f->s);
}

static void close_fixture(struct fixture *f)
{
	stats_snapshot_free(&f->s);
	ledger_close(f->l);
	assert_int_equal(tmp_free(f->t), 0);
}

static int64_t day_of(const char *text)
{
	int64_t d;
	struct error err;
	if (stats_parse_day(text, &d, &err))
		fail_msg("stats_parse_day(%s): %s", text, err.msg);
	return d;
}

/* The calendar from..to (dates) in zone (NULL: UTC). */
static void calendar(struct stats_calendar *c, const char *zone, const char *from, const char *to)
{
	struct error err = {0};
	if (stats_calendar_init(c, zone, day_of(from), day_of(to), &err))
		fail_msg("stats_calendar_init(%s): %s", zone ? zone : "UTC", err.msg);
}

/* The daily series as text, one line per day and group in use:
 * "DATE GROUP arrests population book_ins book_outs removals", a figure not
 * counted in the breakdown as "-", the group of no breakdown as "all". A
 * group is in use when any of its figures is not 0 on any day. */
static char *daily_text(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by)
{
	struct stats_series x;
	struct error err = {0};
	if (stats_daily(s, c, by, &x, &err))
		fail_msg("stats_daily: %s", err.msg);
	assert_int_equal(x.n_days, c->n);
	assert_int_equal(x.n_groups, stats_groups(s, by));
	size_t cap = 64 + x.n_days * x.n_groups * 96, n = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	text[0] = '\0';
	for (size_t d = 0; d < x.n_days; d++) {
		char date[DATE_TEXT_MAX];
		stats_format_day(c->first + (int64_t)d, date);
		for (size_t g = 0; g < x.n_groups; g++) {
			bool used = by == STATS_BY_NONE;
			for (int f = 0; f < STATS_FIGURES; f++)
				for (size_t e = 0; e < x.n_days; e++)
					used |= stats_series_at(&x, f, g, e) != 0;
			if (!used)
				continue;
			n += (size_t)snprintf(text + n, cap - n, "%s %s", date,
					      by == STATS_BY_NONE ? "all" : stats_group_name(s, by, g));
			for (int f = 0; f < STATS_FIGURES; f++) {
				if (stats_figure_defined(by, f))
					n += (size_t)snprintf(text + n, cap - n, " %d", stats_series_at(&x, f, g, d));
				else
					n += (size_t)snprintf(text + n, cap - n, " -");
			}
			n += (size_t)snprintf(text + n, cap - n, "\n");
			assert_true(n < cap);
		}
	}
	stats_series_free(&x);
	return text;
}

static void expect_daily(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
			 const char *expected)
{
	char *got = daily_text(s, c, by);
	if (strcmp(got, expected) != 0)
		fail_msg("daily series by %s:\n-- expected\n%s-- got\n%s", vocab_word(&vocab_stats_by, by), expected,
			 got);
	free(got);
}

/* The period figures of every group into a new array (the caller frees). */
static struct stats_period *period(const struct stats_snapshot *s, const struct stats_calendar *c,
				   enum stats_by by)
{
	size_t n = stats_groups(s, by);
	struct stats_period *p = calloc(n, sizeof *p);
	assert_non_null(p);
	struct error err = {0};
	if (stats_period(s, c, by, p, &err))
		fail_msg("stats_period: %s", err.msg);
	return p;
}

/* The group index of name in a breakdown. */
static size_t group(const struct stats_snapshot *s, enum stats_by by, const char *name)
{
	for (size_t g = 0; g < stats_groups(s, by); g++)
		if (strcmp(stats_group_name(s, by, g), name) == 0)
			return g;
	fail_msg("no group %s by %s", name, vocab_word(&vocab_stats_by, by));
	return 0;
}

static int reason(const char *word)
{
	int r = vocab_find(&vocab_release_reason, word);
	assert_true(r >= 0);
	return r;
}

static int64_t total(const int64_t *v, int n)
{
	int64_t sum = 0;
	for (int i = 0; i < n; i++)
		sum += v[i];
	return sum;
}

/* Book-outs of a period: "reason count" pairs of the non-zero reasons, in
 * vocabulary order. */
static void expect_book_outs(const struct stats_period *p, const char *expected)
{
	char got[512] = "";
	size_t n = 0;
	for (int r = 0; r < OUT_REASON_COUNT; r++)
		if (p->book_outs[r])
			n += (size_t)snprintf(got + n, sizeof got - n, "%s%s %lld", n ? ", " : "",
					      vocab_word(&vocab_release_reason, r), (long long)p->book_outs[r]);
	assert_string_equal(got, expected);
}

/* ---------------------------------------------------------------- midnight */

/* Midnight boundaries, UTC, days 2025-01-09..12 (one facility, AAA):
 *  P01 arrest 01-10T08:00, in 01-10T23:59:59, out 01-12T12:00 removed
 *  P02 arrest 01-10T09:00, in 01-11T00:00:00, open
 *  P03 arrest 01-09T08:00, in 01-09T10:00, out 01-10T23:59:59 bonded_out
 *  P04 arrest 01-09T09:00, in 01-09T11:00, out 01-11T00:00:00 recognizance
 * Population at 23:59:59 (in <= t < out):
 *  01-09: P03 P04 = 2
 *  01-10: P01 (in at t) P04 = 2; P03 (out at t) not
 *  01-11: P01 P02 = 2; P04 (out at 00:00:00) not
 *  01-12: P02 = 1; P01 out at 12:00
 * Book-ins 2 1 1 0 (P01 on 01-10, P02 on 01-11); book-outs 0 1 1 1 (P03 on
 * 01-10, P04 on 01-11, P01 on 01-12); removals 0 0 0 1; arrests 2 2 0 0. */
static const char *const midnight_lines[] = {
	FAC_AAA,
	ARREST("a1", "2025-01-10T08:00:00Z", "A000000001", "ATL", "ICE", ""),
	BOOK_IN("b1", "2025-01-10T23:59:59Z", "A000000001", "AAA"),
	REMOVED("o1", "2025-01-12T12:00:00Z", "A000000001"),
	ARREST("a2", "2025-01-10T09:00:00Z", "A000000002", "ATL", "ICE", ""),
	BOOK_IN("b2", "2025-01-11T00:00:00Z", "A000000002", "AAA"),
	ARREST("a3", "2025-01-09T08:00:00Z", "A000000003", "ATL", "ICE", ""),
	BOOK_IN("b3", "2025-01-09T10:00:00Z", "A000000003", "AAA"),
	BOOK_OUT("o3", "2025-01-10T23:59:59Z", "A000000003", "bonded_out"),
	ARREST("a4", "2025-01-09T09:00:00Z", "A000000004", "ATL", "ICE", ""),
	BOOK_IN("b4", "2025-01-09T11:00:00Z", "A000000004", "AAA"),
	BOOK_OUT("o4", "2025-01-11T00:00:00Z", "A000000004", "recognizance"),
	NULL,
};

static void test_midnight_population_boundaries(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-midnight", midnight_lines);
	assert_int_equal(f.s.n_people, 4);
	assert_int_equal(f.s.stays.n, 4);
	assert_int_equal(f.s.n_stints, 4);
	struct stats_calendar c;
	calendar(&c, NULL, "2025-01-09", "2025-01-12");
	assert_int_equal(c.n, 4);
	assert_int_equal(c.start, T("2025-01-09T00:00:00Z"));
	assert_int_equal(c.ends[0], T("2025-01-09T23:59:59Z"));
	assert_int_equal(c.ends[3], T("2025-01-12T23:59:59Z"));
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-01-09 all 2 2 2 0 0\n"
		     "2025-01-10 all 2 2 1 1 0\n"
		     "2025-01-11 all 0 2 1 1 0\n"
		     "2025-01-12 all 0 1 0 1 1\n");
	/* the same by facility: all in AAA, arrests not counted */
	expect_daily(&f.s, &c, STATS_BY_FACILITY,
		     "2025-01-09 AAA - 2 2 0 0\n"
		     "2025-01-10 AAA - 2 1 1 0\n"
		     "2025-01-11 AAA - 2 1 1 0\n"
		     "2025-01-12 AAA - 1 0 1 1\n");
	stats_calendar_free(&c);

	/* the single day 01-10: ADP 2; ended P03 (01-09T10:00 to 01-10T23:59:59,
	 * 136799 s); book-in P01 */
	calendar(&c, NULL, "2025-01-10", "2025-01-10");
	struct stats_period *p = period(&f.s, &c, STATS_BY_NONE);
	assert_near(p->adp, 2.0);
	assert_int_equal(p->ended, 1);
	assert_near(p->alos_days, 136799.0 / 86400.0);
	assert_int_equal(p->book_ins[AGENCY_ICE], 1);
	assert_int_equal(p->arrests, 2);
	expect_book_outs(p, "bonded_out 1");
	free(p);
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* ---------------------------------------------------------------- transfers */

/* Transfers, UTC, days 2025-01-08..13:
 *  P11 arrest ATL 01-08T08:00, in AAA 01-08T10:00, transfer BBB
 *      01-10T23:59:59, transfer AAA 01-12T00:00:00, out 01-13T12:00 removed
 *  P12 arrest ATL 01-09T08:00, in BBB 01-09T12:00, open
 * National population 1 2 2 2 2 1; book-ins 1 1 0 0 0 0 (transfers are not
 * book-ins); book-out and removal on 01-13 (in AAA); arrests 1 1 0 0 0 0.
 * AAA: P11's stints [01-08T10, 01-10T23:59:59) and [01-12T00, 01-13T12):
 * 1 1 0 0 1 0. BBB: P11 [01-10T23:59:59, 01-12T00:00) and P12:
 * 0 1 2 2 1 1. By AOR: ATL is AAA, MIA is BBB, but arrests go by the
 * arrest's AOR (both ATL). */
static const char *const transfer_lines[] = {
	FAC_BBB, /* opened first: groups still come in code order */
	FAC_AAA,
	ARREST("a11", "2025-01-08T08:00:00Z", "A000000011", "ATL", "ICE", ""),
	BOOK_IN("b11", "2025-01-08T10:00:00Z", "A000000011", "AAA"),
	TRANSFER("t11", "2025-01-10T23:59:59Z", "A000000011", "BBB"),
	TRANSFER("t11b", "2025-01-12T00:00:00Z", "A000000011", "AAA"),
	REMOVED("o11", "2025-01-13T12:00:00Z", "A000000011"),
	ARREST("a12", "2025-01-09T08:00:00Z", "A000000012", "ATL", "ICE", ""),
	BOOK_IN("b12", "2025-01-09T12:00:00Z", "A000000012", "BBB"),
	NULL,
};

static void test_transfer_moves_facility_population(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-transfer", transfer_lines);
	assert_int_equal(f.s.stays.n, 2);
	assert_int_equal(f.s.n_stints, 4);
	struct stats_calendar c;
	calendar(&c, NULL, "2025-01-08", "2025-01-13");
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-01-08 all 1 1 1 0 0\n"
		     "2025-01-09 all 1 2 1 0 0\n"
		     "2025-01-10 all 0 2 0 0 0\n"
		     "2025-01-11 all 0 2 0 0 0\n"
		     "2025-01-12 all 0 2 0 0 0\n"
		     "2025-01-13 all 0 1 0 1 1\n");
	expect_daily(&f.s, &c, STATS_BY_FACILITY,
		     "2025-01-08 AAA - 1 1 0 0\n"
		     "2025-01-08 BBB - 0 0 0 0\n"
		     "2025-01-09 AAA - 1 0 0 0\n"
		     "2025-01-09 BBB - 1 1 0 0\n"
		     "2025-01-10 AAA - 0 0 0 0\n"
		     "2025-01-10 BBB - 2 0 0 0\n"
		     "2025-01-11 AAA - 0 0 0 0\n"
		     "2025-01-11 BBB - 2 0 0 0\n"
		     "2025-01-12 AAA - 1 0 0 0\n"
		     "2025-01-12 BBB - 1 0 0 0\n"
		     "2025-01-13 AAA - 0 0 1 1\n"
		     "2025-01-13 BBB - 1 0 0 0\n");
	expect_daily(&f.s, &c, STATS_BY_AOR,
		     "2025-01-08 ATL 1 1 1 0 0\n"
		     "2025-01-08 MIA 0 0 0 0 0\n"
		     "2025-01-09 ATL 1 1 0 0 0\n"
		     "2025-01-09 MIA 0 1 1 0 0\n"
		     "2025-01-10 ATL 0 0 0 0 0\n"
		     "2025-01-10 MIA 0 2 0 0 0\n"
		     "2025-01-11 ATL 0 0 0 0 0\n"
		     "2025-01-11 MIA 0 2 0 0 0\n"
		     "2025-01-12 ATL 0 1 0 0 0\n"
		     "2025-01-12 MIA 0 1 0 0 0\n"
		     "2025-01-13 ATL 0 0 0 1 1\n"
		     "2025-01-13 MIA 0 1 0 0 0\n");

	/* period: ADP 10/6 (AAA 3/6, BBB 7/6); P11's stay of 5 days 2 hours
	 * ends in AAA; book-ins 2 (AAA 1, BBB 1) */
	struct stats_period *p = period(&f.s, &c, STATS_BY_NONE);
	assert_near(p->adp, 10.0 / 6.0);
	assert_int_equal(total(p->book_ins, 3), 2);
	assert_int_equal(p->ended, 1);
	assert_near(p->alos_days, 5.0 + 2.0 / 24.0);
	assert_int_equal(p->removals, 1);
	free(p);
	p = period(&f.s, &c, STATS_BY_FACILITY);
	size_t aaa = group(&f.s, STATS_BY_FACILITY, "AAA"), bbb = group(&f.s, STATS_BY_FACILITY, "BBB");
	assert_near(p[aaa].adp, 3.0 / 6.0);
	assert_near(p[bbb].adp, 7.0 / 6.0);
	assert_int_equal(p[aaa].book_ins[AGENCY_ICE], 1);
	assert_int_equal(p[bbb].book_ins[AGENCY_ICE], 1);
	assert_int_equal(p[aaa].ended, 1);
	assert_int_equal(p[bbb].ended, 0);
	assert_near(p[aaa].alos_days, 5.0 + 2.0 / 24.0);
	assert_int_equal(p[aaa].removals, 1);
	assert_int_equal(p[aaa].arrests, -1); /* not counted by facility */
	free(p);
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* A closed facility keeps its AOR, UTC, days 2025-01-05..07:
 *  CCC (DAL) opened 2024-09-01, closed 2025-01-08
 *  P61 arrest ATL 01-05T08:00; in CCC 01-05T10:00; out 01-07T10:00
 *      bonded_out
 * By AOR: ATL arrests 1 0 0; DAL population 1 1 0, book-in on 01-05,
 * book-out on 01-07. By facility: CCC the same, arrests not counted. */
static const char *const closed_lines[] = {
	"{'id':'fc','type':'facility_open','at':'2024-09-01T00:00:00Z','facility':'CCC','name':'C','aor':'DAL',"
	"'kind':'IGSA','capacity':10}",
	ARREST("a61", "2025-01-05T08:00:00Z", "A000000061", "ATL", "ICE", ""),
	BOOK_IN("b61", "2025-01-05T10:00:00Z", "A000000061", "CCC"),
	BOOK_OUT("o61", "2025-01-07T10:00:00Z", "A000000061", "bonded_out"),
	"{'id':'fcx','type':'facility_close','at':'2025-01-08T00:00:00Z','facility':'CCC'}",
	NULL,
};

static void test_closed_facility(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-closed", closed_lines);
	struct stats_calendar c;
	calendar(&c, NULL, "2025-01-05", "2025-01-07");
	expect_daily(&f.s, &c, STATS_BY_AOR,
		     "2025-01-05 ATL 1 0 0 0 0\n"
		     "2025-01-05 DAL 0 1 1 0 0\n"
		     "2025-01-06 ATL 0 0 0 0 0\n"
		     "2025-01-06 DAL 0 1 0 0 0\n"
		     "2025-01-07 ATL 0 0 0 0 0\n"
		     "2025-01-07 DAL 0 0 0 1 0\n");
	expect_daily(&f.s, &c, STATS_BY_FACILITY,
		     "2025-01-05 CCC - 1 1 0 0\n"
		     "2025-01-06 CCC - 1 0 0 0\n"
		     "2025-01-07 CCC - 0 0 1 0\n");
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* ---------------------------------------------------------------- period */

/* A period, 2025-02-01..10 (10 days), UTC, AAA:
 *  P21 arrest 02-01T08:00 ICE criminality none; in 02-01T10:00; classify
 *      02-05T00:00 convicted, threat 1; out 02-10T10:00 removed (9 days)
 *  P22 arrest 02-02T06:00 CBP pending; in 02-02T08:00; out 02-04T08:00
 *      paroled (2 days)
 *  P23 arrest 02-03T00:00 ICE (criminality unknown); in 02-03T12:00; out
 *      02-06T00:00 bonded_out (2.5 days)
 *  P24 arrest 02-01T00:00 ICE; departure 02-08T00:00 (never detained)
 *  P25 arrest 01-20T00:00 ICE convicted; in 01-20T02:00; out 02-03T02:00
 *      removed (14 days; begins before the period)
 *  P26 arrest 02-09T00:00 ICE; in 02-09T01:00, open
 * Midnights: P21 02-01..09 (9; none 02-01..04, convicted threat 1
 * 02-05..09), P22 02-02..03 (2), P23 02-03..05 (3), P25 02-01..02 (2), P26
 * 02-09..10 (2): 18, ADP 1.8; by day 2 3 3 2 2 1 1 1 2 1.
 * Book-ins: P21 P22 P23 P26: ICE 3, CBP 1; at book-in none 3 (P21, and
 * P23, P26 unknown), pending 1. Book-outs: P21 removed (convicted: the
 * classify during the stay), P22 paroled (pending), P23 bonded_out (none),
 * P25 removed (convicted): removed 2, paroled 1, bonded_out 1; convicted
 * 2, pending 1, none 1. Removals 2 + P24's departure = 3. ALOS (9 + 2 +
 * 2.5 + 14) / 4 = 6.875. Arrests in the period: P21 P22 P23 P24 P26 = 5. */
static const char *const period_lines[] = {
	FAC_AAA,
	ARREST("a21", "2025-02-01T08:00:00Z", "A000000021", "ATL", "ICE", ",'criminality':'none'"),
	BOOK_IN("b21", "2025-02-01T10:00:00Z", "A000000021", "AAA"),
	EV("c21", "classify", "2025-02-05T00:00:00Z", "A000000021", ",'criminality':'convicted','threat_level':1"),
	REMOVED("o21", "2025-02-10T10:00:00Z", "A000000021"),
	ARREST("a22", "2025-02-02T06:00:00Z", "A000000022", "ATL", "CBP", ",'criminality':'pending'"),
	BOOK_IN("b22", "2025-02-02T08:00:00Z", "A000000022", "AAA"),
	BOOK_OUT("o22", "2025-02-04T08:00:00Z", "A000000022", "paroled"),
	ARREST("a23", "2025-02-03T00:00:00Z", "A000000023", "ATL", "ICE", ""),
	BOOK_IN("b23", "2025-02-03T12:00:00Z", "A000000023", "AAA"),
	BOOK_OUT("o23", "2025-02-06T00:00:00Z", "A000000023", "bonded_out"),
	ARREST("a24", "2025-02-01T00:00:00Z", "A000000024", "ATL", "ICE", ""),
	DEPARTURE("d24", "2025-02-08T00:00:00Z", "A000000024"),
	ARREST("a25", "2025-01-20T00:00:00Z", "A000000025", "ATL", "ICE", ",'criminality':'convicted'"),
	BOOK_IN("b25", "2025-01-20T02:00:00Z", "A000000025", "AAA"),
	EV("o25", "book_out", "2025-02-03T02:00:00Z", "A000000025", ",'reason':'removed','country':'GT'"),
	ARREST("a26", "2025-02-09T00:00:00Z", "A000000026", "ATL", "ICE", ""),
	BOOK_IN("b26", "2025-02-09T01:00:00Z", "A000000026", "AAA"),
	NULL,
};

static void test_period_figures(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-period", period_lines);
	struct stats_calendar c;
	calendar(&c, NULL, "2025-02-01", "2025-02-10");
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-02-01 all 2 2 1 0 0\n"
		     "2025-02-02 all 1 3 1 0 0\n"
		     "2025-02-03 all 1 3 1 1 1\n"
		     "2025-02-04 all 0 2 0 1 0\n"
		     "2025-02-05 all 0 2 0 0 0\n"
		     "2025-02-06 all 0 1 0 1 0\n"
		     "2025-02-07 all 0 1 0 0 0\n"
		     "2025-02-08 all 0 1 0 0 1\n"
		     "2025-02-09 all 1 2 1 0 0\n"
		     "2025-02-10 all 0 1 0 1 1\n");
	struct stats_period *p = period(&f.s, &c, STATS_BY_NONE);
	assert_near(p->adp, 1.8);
	assert_int_equal(p->ended, 4);
	assert_near(p->alos_days, 6.875);
	assert_int_equal(p->arrests, 5);
	assert_int_equal(p->book_ins[AGENCY_ICE], 3);
	assert_int_equal(p->book_ins[AGENCY_CBP], 1);
	assert_int_equal(p->book_ins[2], 0);
	assert_int_equal(p->book_ins_crim[CRIM_CONVICTED], 0);
	assert_int_equal(p->book_ins_crim[CRIM_PENDING], 1);
	assert_int_equal(p->book_ins_crim[CRIM_NONE], 3);
	expect_book_outs(p, "removed 2, bonded_out 1, paroled 1");
	assert_int_equal(p->book_outs_crim[CRIM_CONVICTED], 2);
	assert_int_equal(p->book_outs_crim[CRIM_PENDING], 1);
	assert_int_equal(p->book_outs_crim[CRIM_NONE], 1);
	assert_int_equal(p->removals, 3);
	free(p);

	/* by facility the departure has no place: AAA removals 2 (P21, P25),
	 * arrests not counted; by AOR the departure counts in its arrest's ATL */
	p = period(&f.s, &c, STATS_BY_FACILITY);
	assert_int_equal(p[group(&f.s, STATS_BY_FACILITY, "AAA")].removals, 2);
	assert_int_equal(p[group(&f.s, STATS_BY_FACILITY, "AAA")].arrests, -1);
	assert_near(p[group(&f.s, STATS_BY_FACILITY, "AAA")].adp, 1.8);
	free(p);
	p = period(&f.s, &c, STATS_BY_AOR);
	struct stats_period *atl = &p[group(&f.s, STATS_BY_AOR, "ATL")];
	assert_int_equal(atl->removals, 3);
	assert_int_equal(atl->arrests, 5);
	assert_near(atl->adp, 1.8);
	assert_near(atl->alos_days, 6.875);
	assert_int_equal(p[group(&f.s, STATS_BY_AOR, "unknown")].arrests, 0);
	free(p);
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* The same ledger by criminality, threat level and agency (classification
 * in force at each instant; unknown counts as none / no threat level):
 *  criminality none: P21 02-01..04, P23 3, P26 2 = 9 midnights (ADP 0.9);
 *    book-ins P21 P23 P26 (ICE 3); book-out P23 bonded_out (ALOS 2.5);
 *    removals P24's departure 1; arrests P21 P23 P24 P26 = 4
 *  pending: P22 (ADP 0.2; book-in CBP 1; paroled, ALOS 2; arrests 1)
 *  convicted: P21 02-05..09, P25 02-01..02 = 7 (ADP 0.7); no book-in;
 *    book-outs P21 P25 removed (ALOS 11.5); removals 2; arrests 0
 *  threat 1: P21 02-05..09 (ADP 0.5), book-out P21 (ALOS 9), removals 1;
 *    threat none: ADP 1.3, book-ins 4, book-outs 3 (ALOS 18.5/3), removals
 *    2 (P25 and P24's departure), arrests 5
 *  ICE: all but P22 (ADP 1.6), book-ins 3, arrests 4, removals 3, ended
 *    P21 P23 P25 (ALOS 25.5/3 = 8.5); CBP: P22 (ADP 0.2), book-ins 1,
 *    arrests 1, removals 0, paroled 1. */
static void test_period_breakdowns(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-breakdowns", period_lines);
	struct stats_calendar c;
	calendar(&c, NULL, "2025-02-01", "2025-02-10");

	struct stats_period *p = period(&f.s, &c, STATS_BY_CRIMINALITY);
	assert_int_equal(stats_groups(&f.s, STATS_BY_CRIMINALITY), 3);
	struct stats_period *none = &p[group(&f.s, STATS_BY_CRIMINALITY, "none")];
	struct stats_period *pending = &p[group(&f.s, STATS_BY_CRIMINALITY, "pending")];
	struct stats_period *convicted = &p[group(&f.s, STATS_BY_CRIMINALITY, "convicted")];
	assert_near(none->adp, 0.9);
	assert_int_equal(none->book_ins[AGENCY_ICE], 3);
	assert_int_equal(total(none->book_ins, 3), 3);
	expect_book_outs(none, "bonded_out 1");
	assert_near(none->alos_days, 2.5);
	assert_int_equal(none->removals, 1);
	assert_int_equal(none->arrests, 4);
	assert_near(pending->adp, 0.2);
	assert_int_equal(pending->book_ins[AGENCY_CBP], 1);
	assert_int_equal(total(pending->book_ins, 3), 1);
	expect_book_outs(pending, "paroled 1");
	assert_near(pending->alos_days, 2.0);
	assert_int_equal(pending->removals, 0);
	assert_int_equal(pending->arrests, 1);
	assert_near(convicted->adp, 0.7);
	assert_int_equal(total(convicted->book_ins, 3), 0);
	expect_book_outs(convicted, "removed 2");
	assert_near(convicted->alos_days, 11.5);
	assert_int_equal(convicted->removals, 2);
	assert_int_equal(convicted->arrests, 0);
	free(p);

	p = period(&f.s, &c, STATS_BY_THREAT);
	assert_int_equal(stats_groups(&f.s, STATS_BY_THREAT), 4);
	struct stats_period *t1 = &p[group(&f.s, STATS_BY_THREAT, "1")];
	struct stats_period *t0 = &p[group(&f.s, STATS_BY_THREAT, "none")];
	assert_near(t1->adp, 0.5);
	assert_int_equal(total(t1->book_ins, 3), 0);
	expect_book_outs(t1, "removed 1");
	assert_near(t1->alos_days, 9.0);
	assert_int_equal(t1->removals, 1);
	assert_int_equal(t1->arrests, 0);
	assert_near(t0->adp, 1.3);
	assert_int_equal(total(t0->book_ins, 3), 4);
	expect_book_outs(t0, "removed 1, bonded_out 1, paroled 1");
	assert_near(t0->alos_days, 18.5 / 3.0);
	assert_int_equal(t0->removals, 2);
	assert_int_equal(t0->arrests, 5);
	assert_near(p[group(&f.s, STATS_BY_THREAT, "2")].adp, 0.0);
	assert_near(p[group(&f.s, STATS_BY_THREAT, "3")].adp, 0.0);
	free(p);

	p = period(&f.s, &c, STATS_BY_AGENCY);
	struct stats_period *ice = &p[group(&f.s, STATS_BY_AGENCY, "ICE")];
	struct stats_period *cbp = &p[group(&f.s, STATS_BY_AGENCY, "CBP")];
	assert_near(ice->adp, 1.6);
	assert_int_equal(ice->book_ins[AGENCY_ICE], 3);
	assert_int_equal(total(ice->book_ins, 3), 3);
	assert_int_equal(ice->arrests, 4);
	assert_int_equal(ice->removals, 3);
	expect_book_outs(ice, "removed 2, bonded_out 1");
	assert_near(ice->alos_days, 8.5);
	assert_near(cbp->adp, 0.2);
	assert_int_equal(cbp->book_ins[AGENCY_CBP], 1);
	assert_int_equal(total(cbp->book_ins, 3), 1);
	assert_int_equal(cbp->arrests, 1);
	assert_int_equal(cbp->removals, 0);
	expect_book_outs(cbp, "paroled 1");
	free(p);

	/* daily by criminality around the classify (02-04 none, 02-05 convicted) */
	stats_calendar_free(&c);
	calendar(&c, NULL, "2025-02-04", "2025-02-05");
	expect_daily(&f.s, &c, STATS_BY_CRIMINALITY,
		     "2025-02-04 convicted 0 0 0 0 0\n"
		     "2025-02-04 pending 0 0 0 1 0\n"
		     "2025-02-04 none 0 2 0 0 0\n"
		     "2025-02-05 convicted 0 1 0 0 0\n"
		     "2025-02-05 pending 0 0 0 0 0\n"
		     "2025-02-05 none 0 1 0 0 0\n");
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* ---------------------------------------------------------------- fiscal years */

/* Across 30 September / 1 October 2024, AAA:
 *  P31 arrest 09-30T10:00, in 09-30T12:00, out 10-02T12:00 bonded_out (2 d)
 *  P32 arrest 09-28T22:00, in 09-29T00:00, out 09-30T12:00 recognizance
 *      (1.5 d)
 *  P33 arrest 09-30T23:00, in 10-01T00:00:00, open
 * FY2024 = 2023-10-01..2024-09-30, 366 days: midnights P32 09-29, P31
 * 09-30 (ADP 2/366); book-ins P31 P32; book-out P32 (ALOS 1.5); arrests 3.
 * FY2025 = 2024-10-01..2025-09-30, 365 days: midnights P31 10-01 and P33
 * every day (ADP 366/365); book-in P33; book-out P31 (ALOS 2, all of the
 * stay though it began in FY2024); arrests 0. */
static const char *const fiscal_lines[] = {
	FAC_AAA,
	ARREST("a31", "2024-09-30T10:00:00Z", "A000000031", "ATL", "ICE", ""),
	BOOK_IN("b31", "2024-09-30T12:00:00Z", "A000000031", "AAA"),
	BOOK_OUT("o31", "2024-10-02T12:00:00Z", "A000000031", "bonded_out"),
	ARREST("a32", "2024-09-28T22:00:00Z", "A000000032", "ATL", "ICE", ""),
	BOOK_IN("b32", "2024-09-29T00:00:00Z", "A000000032", "AAA"),
	BOOK_OUT("o32", "2024-09-30T12:00:00Z", "A000000032", "recognizance"),
	ARREST("a33", "2024-09-30T23:00:00Z", "A000000033", "ATL", "ICE", ""),
	BOOK_IN("b33", "2024-10-01T00:00:00Z", "A000000033", "AAA"),
	NULL,
};

static void fiscal_calendar(struct stats_calendar *c, int fy)
{
	int64_t first, last;
	stats_fiscal_year(fy, &first, &last);
	struct error err = {0};
	if (stats_calendar_init(c, NULL, first, last, &err))
		fail_msg("stats_calendar_init: %s", err.msg);
}

static void test_fiscal_years(void **state)
{
	(void)state;
	int64_t first, last;
	stats_fiscal_year(2025, &first, &last);
	assert_int_equal(first, day_of("2024-10-01"));
	assert_int_equal(last, day_of("2025-09-30"));
	assert_int_equal(last - first + 1, 365);
	stats_fiscal_year(2024, &first, &last);
	assert_int_equal(first, day_of("2023-10-01"));
	assert_int_equal(last, day_of("2024-09-30"));
	assert_int_equal(last - first + 1, 366);
	assert_int_equal(stats_fiscal_year_of(day_of("2024-09-30")), 2024);
	assert_int_equal(stats_fiscal_year_of(day_of("2024-10-01")), 2025);
	assert_int_equal(stats_fiscal_year_of(day_of("2025-01-01")), 2025);
	assert_int_equal(stats_fiscal_year_of(day_of("2025-09-30")), 2025);
	assert_int_equal(stats_fiscal_year_of(day_of("2025-10-01")), 2026);

	struct fixture f;
	open_fixture_ledger(&f, "stats-fiscal", fiscal_lines);
	struct stats_calendar c;
	fiscal_calendar(&c, 2024);
	assert_int_equal(c.n, 366);
	struct stats_period *p = period(&f.s, &c, STATS_BY_NONE);
	assert_near(p->adp, 2.0 / 366.0);
	assert_int_equal(p->book_ins[AGENCY_ICE], 2);
	assert_int_equal(p->ended, 1);
	expect_book_outs(p, "recognizance 1");
	assert_near(p->alos_days, 1.5);
	assert_int_equal(p->arrests, 3);
	free(p);
	stats_calendar_free(&c);

	fiscal_calendar(&c, 2025);
	assert_int_equal(c.n, 365);
	p = period(&f.s, &c, STATS_BY_NONE);
	assert_near(p->adp, 366.0 / 365.0);
	assert_int_equal(p->book_ins[AGENCY_ICE], 1);
	assert_int_equal(p->ended, 1);
	expect_book_outs(p, "bonded_out 1");
	assert_near(p->alos_days, 2.0);
	assert_int_equal(p->arrests, 0);
	free(p);
	stats_calendar_free(&c);

	/* the days either side of the boundary */
	calendar(&c, NULL, "2024-09-29", "2024-10-02");
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2024-09-29 all 0 1 1 0 0\n"
		     "2024-09-30 all 2 1 1 1 0\n"
		     "2024-10-01 all 0 2 1 0 0\n"
		     "2024-10-02 all 0 1 0 1 0\n");
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* ---------------------------------------------------------------- time zones */

/* America/New_York (EST = UTC-5 in winter, EDT = UTC-4 from 2025-03-09
 * 02:00 to 2025-11-02 02:00 local), AAA:
 *  P41 arrest 01-02T02:00Z (01-01 21:00 local), in 01-02T03:00Z (01-01
 *      22:00 local), out 01-05T12:00Z
 *  P42 arrest 01-02T04:00Z, in 01-02T04:59:59Z (01-01 23:59:59 local), out
 *      01-02T05:00:00Z (01-02 00:00:00 local) bonded_out
 *  P43 arrest 01-02T04:30Z (01-01 23:30 local), in 01-02T05:00:00Z (01-02
 *      00:00:00 local), out 01-05T12:00Z
 * Local days 01-01..02 (midnights at 01-02T04:59:59Z, 01-03T04:59:59Z):
 *  01-01: arrests 3, population P41 P42 = 2, book-ins P41 P42 = 2
 *  01-02: arrests 0, population P41 P43 = 2, book-in P43, book-out P42
 * UTC days 01-01..02: 01-01 nothing; 01-02 arrests 3, population P41 P43
 * = 2, book-ins 3, book-out 1.
 * Spring forward, local days 03-08..10 (midnights 03-09T04:59:59Z EST,
 * 03-10T03:59:59Z EDT, 03-11T03:59:59Z):
 *  P44 arrest 03-09T12:00Z, in 03-10T04:00:00Z (03-10 00:00 EDT), out
 *      03-20T12:00Z
 *  P45 arrest 03-09T13:00Z, in 03-10T03:59:59Z (03-09 23:59:59 EDT), out
 *      03-20T12:00Z
 *  03-08: 0; 03-09: arrests 2, population P45 = 1, book-in P45; 03-10:
 *  population 2, book-in P44. ADP 3/3 = 1.
 * Fall back, local days 11-01..03 (midnights 11-02T03:59:59Z EDT,
 * 11-03T04:59:59Z EST, 11-04T04:59:59Z):
 *  P46 arrest 11-02T12:00Z, in 11-03T04:30:00Z (11-02 23:30 EST), open
 *  P47 arrest 11-02T13:00Z, in 11-03T05:00:00Z (11-03 00:00 EST), open
 *  11-01: 0; 11-02: arrests 2, population P46 = 1, book-in P46; 11-03:
 *  population 2, book-in P47. */
static const char *const zone_lines[] = {
	FAC_AAA,
	ARREST("a41", "2025-01-02T02:00:00Z", "A000000041", "ATL", "ICE", ""),
	BOOK_IN("b41", "2025-01-02T03:00:00Z", "A000000041", "AAA"),
	ARREST("a42", "2025-01-02T04:00:00Z", "A000000042", "ATL", "ICE", ""),
	BOOK_IN("b42", "2025-01-02T04:59:59Z", "A000000042", "AAA"),
	BOOK_OUT("o42", "2025-01-02T05:00:00Z", "A000000042", "bonded_out"),
	ARREST("a43", "2025-01-02T04:30:00Z", "A000000043", "ATL", "ICE", ""),
	BOOK_IN("b43", "2025-01-02T05:00:00Z", "A000000043", "AAA"),
	BOOK_OUT("o41", "2025-01-05T12:00:00Z", "A000000041", "bonded_out"),
	BOOK_OUT("o43", "2025-01-05T12:00:00Z", "A000000043", "bonded_out"),
	ARREST("a44", "2025-03-09T12:00:00Z", "A000000044", "ATL", "ICE", ""),
	BOOK_IN("b44", "2025-03-10T04:00:00Z", "A000000044", "AAA"),
	ARREST("a45", "2025-03-09T13:00:00Z", "A000000045", "ATL", "ICE", ""),
	BOOK_IN("b45", "2025-03-10T03:59:59Z", "A000000045", "AAA"),
	BOOK_OUT("o44", "2025-03-20T12:00:00Z", "A000000044", "bonded_out"),
	BOOK_OUT("o45", "2025-03-20T12:00:00Z", "A000000045", "bonded_out"),
	ARREST("a46", "2025-11-02T12:00:00Z", "A000000046", "ATL", "ICE", ""),
	BOOK_IN("b46", "2025-11-03T04:30:00Z", "A000000046", "AAA"),
	ARREST("a47", "2025-11-02T13:00:00Z", "A000000047", "ATL", "ICE", ""),
	BOOK_IN("b47", "2025-11-03T05:00:00Z", "A000000047", "AAA"),
	NULL,
};

#define NY "America/New_York"

static void test_time_zone(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-zone", zone_lines);
	const char *tz_before = getenv("TZ");
	char *tz_saved = tz_before ? strdup(tz_before) : NULL;

	struct stats_calendar c;
	calendar(&c, NY, "2025-01-01", "2025-01-02");
	assert_int_equal(c.start, T("2025-01-01T05:00:00Z"));
	assert_int_equal(c.ends[0], T("2025-01-02T04:59:59Z"));
	assert_int_equal(c.ends[1], T("2025-01-03T04:59:59Z"));
	/* a book-in at 2025-01-02T03:00:00Z is on 2025-01-01 local */
	assert_int_equal(stats_calendar_day(&c, T("2025-01-02T03:00:00Z")), 0);
	assert_int_equal(stats_calendar_day(&c, T("2025-01-02T05:00:00Z")), 1);
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-01-01 all 3 2 2 0 0\n"
		     "2025-01-02 all 0 2 1 1 0\n");
	stats_calendar_free(&c);
	calendar(&c, NULL, "2025-01-01", "2025-01-02");
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-01-01 all 0 0 0 0 0\n"
		     "2025-01-02 all 3 2 3 1 0\n");
	stats_calendar_free(&c);

	calendar(&c, NY, "2025-03-08", "2025-03-10");
	assert_int_equal(c.ends[0], T("2025-03-09T04:59:59Z"));
	assert_int_equal(c.ends[1], T("2025-03-10T03:59:59Z"));
	assert_int_equal(c.ends[2], T("2025-03-11T03:59:59Z"));
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-03-08 all 0 0 0 0 0\n"
		     "2025-03-09 all 2 1 1 0 0\n"
		     "2025-03-10 all 0 2 1 0 0\n");
	struct stats_period *p = period(&f.s, &c, STATS_BY_NONE);
	assert_near(p->adp, 1.0);
	assert_int_equal(p->book_ins[AGENCY_ICE], 2);
	assert_int_equal(p->arrests, 2);
	free(p);
	stats_calendar_free(&c);

	calendar(&c, NY, "2025-11-01", "2025-11-03");
	assert_int_equal(c.start, T("2025-11-01T04:00:00Z"));
	assert_int_equal(c.ends[0], T("2025-11-02T03:59:59Z"));
	assert_int_equal(c.ends[1], T("2025-11-03T04:59:59Z"));
	assert_int_equal(c.ends[2], T("2025-11-04T04:59:59Z"));
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-11-01 all 0 0 0 0 0\n"
		     "2025-11-02 all 2 1 1 0 0\n"
		     "2025-11-03 all 0 2 1 0 0\n");
	stats_calendar_free(&c);

	/* the process's TZ is left as it was */
	const char *tz_after = getenv("TZ");
	if (tz_saved)
		assert_string_equal(tz_after, tz_saved);
	else
		assert_null(tz_after);
	free(tz_saved);

	/* an unknown zone is refused, named */
	struct error err = {0};
	assert_int_equal(stats_calendar_init(&c, "Mars/Olympus_Mons", day_of("2025-01-01"), day_of("2025-01-02"),
					     &err),
			 ERR_INVALID);
	assert_non_null(strstr(err.msg, "Mars/Olympus_Mons"));
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* A zone is a zone of the database, not a directory of it nor empty:
 * "America", "America/" and "" name no zone (with TZ set to one of them the
 * C library silently falls back to UTC). */
static void test_calendar_refuses_non_zones(void **state)
{
	(void)state;
	const char *const not_zones[] = {"America", "America/", "", "Mars/Olympus_Mons", "../zoneinfo/UTC"};
	char accepted[256] = "";
	for (size_t i = 0; i < ROWS(not_zones); i++) {
		struct stats_calendar c;
		struct error err = {0};
		int rc = stats_calendar_init(&c, not_zones[i], day_of("2025-01-01"), day_of("2025-01-02"), &err);
		stats_calendar_free(&c);
		if (rc != ERR_INVALID)
			snprintf(accepted + strlen(accepted), sizeof accepted - strlen(accepted), " \"%s\"(rc %d)",
				 not_zones[i], rc);
	}
	if (accepted[0])
		fail_msg("stats_calendar_init accepted as time zones:%s (expected ERR_INVALID)", accepted);
}

/* ---------------------------------------------------------------- voids */

/* Voids, UTC, days 2025-04-01..04, AAA:
 *  P51 arrest a51 04-01T08:00, in 04-01T10:00, out o51 04-03T10:00
 *      bonded_out
 *  P52 arrest a52 04-02T00:00
 * Before: arrests 1 1 0 0; population 1 1 0 0; book-ins 1 0 0 0;
 * book-outs 0 0 1 0. Cohort of 04-01..04 at 04-10: P51 released
 * (bonded_out), P52 never detained.
 * Void o51 and a52 (recorded 04-05): the stay is open again, population
 * 1 1 1 1, no book-out (no stay ended: ALOS 0); arrests 1 0 0 0; the
 * cohort is P51 alone, detained. */
static const char *const void_lines[] = {
	FAC_AAA,
	ARREST("a51", "2025-04-01T08:00:00Z", "A000000051", "ATL", "ICE", ""),
	BOOK_IN("b51", "2025-04-01T10:00:00Z", "A000000051", "AAA"),
	BOOK_OUT("o51", "2025-04-03T10:00:00Z", "A000000051", "bonded_out"),
	ARREST("a52", "2025-04-02T00:00:00Z", "A000000052", "ATL", "ICE", ""),
	NULL,
};

static void cohort_all(const struct stats_snapshot *s, const char *from, const char *to, const char *at,
		       struct stats_cohort *out)
{
	struct error err = {0};
	if (stats_cohort(s, T(from), T(to), T(at), STATS_BY_NONE, out, &err))
		fail_msg("stats_cohort: %s", err.msg);
}

static void test_voided_events(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-void", void_lines);
	struct stats_calendar c;
	calendar(&c, NULL, "2025-04-01", "2025-04-04");
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-04-01 all 1 1 1 0 0\n"
		     "2025-04-02 all 1 1 0 0 0\n"
		     "2025-04-03 all 0 0 0 1 0\n"
		     "2025-04-04 all 0 0 0 0 0\n");
	struct stats_cohort k;
	cohort_all(&f.s, "2025-04-01T00:00:00Z", "2025-04-04T23:59:59Z", "2025-04-10T00:00:00Z", &k);
	assert_int_equal(k.arrested, 2);
	assert_int_equal(k.states[COHORT_RELEASED], 1);
	assert_int_equal(k.released_by_reason[OUT_BONDED_OUT], 1);
	assert_int_equal(k.states[COHORT_NEVER_DETAINED], 1);

	append_all(f.l, LINES("{'id':'v1','type':'void','at':'2025-04-05T00:00:00Z','target':'o51','reason':'wrong person'}",
			      "{'id':'v2','type':'void','at':'2025-04-05T00:00:00Z','target':'a52','reason':'duplicate'}"));
	reload(&f);
	expect_daily(&f.s, &c, STATS_BY_NONE,
		     "2025-04-01 all 1 1 1 0 0\n"
		     "2025-04-02 all 0 1 0 0 0\n"
		     "2025-04-03 all 0 1 0 0 0\n"
		     "2025-04-04 all 0 1 0 0 0\n");
	struct stats_period *p = period(&f.s, &c, STATS_BY_NONE);
	assert_near(p->adp, 1.0);
	assert_int_equal(p->ended, 0);
	assert_near(p->alos_days, 0.0);
	assert_int_equal(total(p->book_outs, OUT_REASON_COUNT), 0);
	assert_int_equal(p->arrests, 1);
	free(p);
	cohort_all(&f.s, "2025-04-01T00:00:00Z", "2025-04-04T23:59:59Z", "2025-04-10T00:00:00Z", &k);
	assert_int_equal(k.arrested, 1);
	assert_int_equal(k.states[COHORT_DETAINED], 1);
	assert_int_equal(k.states[COHORT_RELEASED], 0);
	assert_int_equal(k.states[COHORT_NEVER_DETAINED], 0);
	stats_calendar_free(&c);
	close_fixture(&f);
}

/* ---------------------------------------------------------------- cohorts */

/* The cohort arrested 2025-05-01..31 (K = A0000001NN):
 *  K01 ATL 05-02T08:00; in 05-02T12:00, open                  -> detained
 *  K02 ATL 05-03; in 05-03T12:00; out 05-20 removed             -> removed
 *  K03 ATL 05-04; never booked in; departure 05-25              -> removed
 *  K04 ATL 05-05; in; out 05-10 recognizance; enrolled 05-11    -> released_supervised
 *  K05 ATL 05-06; in; out 05-12T00:00 bonded_out                -> released (bonded_out)
 *  K06 MIA 05-07; in; out 05-09 paroled; enrolled 05-10, ended
 *      06-01 case_closed                                          -> released (paroled)
 *  K07 MIA 05-08 convicted; in; out 05-15 death                 -> other
 *  K08 MIA 05-08T09:00; in; out 05-16 transferred_hhs           -> other
 *  K09 MIA CBP 05-09; nothing else                              -> never_detained
 *  K10 ATL 04-15; in 04-15T12:00 (not in the cohort)
 *  K11 DAL 05-10; in; out 05-15 removed; arrested again (NYC) 06-01, in
 *      06-01T12:00, open                                          -> detained (first that applies)
 *  K12 DAL 05-11; in; out 05-13 bonded_out; departure 05-20     -> removed (before released)
 *  K13 MIA 05-12T08:00; in 05-12T12:00; out 05-14 escape        -> other
 *  K14 DAL 05-01; again (NYC, CBP) 05-20; in 05-20T12:00; out 05-25
 *      supervision                                                -> released (supervision), counted once
 *  K16 ATL 05-13T08:00; in; out 05-14 transferred_usms          -> other
 * At 2025-07-01: arrested 14: detained 2, removed 3, released_supervised
 * 1, released 3 (bonded_out, paroled, supervision), other 4,
 * never_detained 1. By AOR of the (first) arrest: ATL 6 (1 2 1 1 1 0),
 * MIA 5 (0 0 0 1 3 1), DAL 3 (1 1 0 1 0 0). By agency: CBP 1 (K09, never
 * detained), ICE 13. By criminality: convicted 1 (K07, other), none 13.
 * At 2025-05-12T06:00: detained K01 K02 K07 K08 K11 K12 = 6; removed 0;
 * released_supervised K04 K06 = 2; released K05 (bonded_out) = 1; other
 * 0; never_detained K03 K09 K13 K14 K16 = 5 (K13, K16 not yet arrested,
 * K14 not yet booked in).
 * At 2025-04-01, before every arrest of the cohort: 14 never_detained. */
#define K(n) "A0000001" #n
static const char *const cohort_lines[] = {
	FAC_AAA,
	ARREST("k01a", "2025-05-02T08:00:00Z", K(01), "ATL", "ICE", ""),
	BOOK_IN("k01b", "2025-05-02T12:00:00Z", K(01), "AAA"),
	ARREST("k02a", "2025-05-03T08:00:00Z", K(02), "ATL", "ICE", ""),
	BOOK_IN("k02b", "2025-05-03T12:00:00Z", K(02), "AAA"),
	REMOVED("k02o", "2025-05-20T00:00:00Z", K(02)),
	ARREST("k03a", "2025-05-04T08:00:00Z", K(03), "ATL", "ICE", ""),
	DEPARTURE("k03d", "2025-05-25T00:00:00Z", K(03)),
	ARREST("k04a", "2025-05-05T08:00:00Z", K(04), "ATL", "ICE", ""),
	BOOK_IN("k04b", "2025-05-05T12:00:00Z", K(04), "AAA"),
	BOOK_OUT("k04o", "2025-05-10T00:00:00Z", K(04), "recognizance"),
	ENROLL("k04e", "2025-05-11T00:00:00Z", K(04), "app", ""),
	ARREST("k05a", "2025-05-06T08:00:00Z", K(05), "ATL", "ICE", ""),
	BOOK_IN("k05b", "2025-05-06T12:00:00Z", K(05), "AAA"),
	BOOK_OUT("k05o", "2025-05-12T00:00:00Z", K(05), "bonded_out"),
	ARREST("k06a", "2025-05-07T08:00:00Z", K(06), "MIA", "ICE", ""),
	BOOK_IN("k06b", "2025-05-07T12:00:00Z", K(06), "AAA"),
	BOOK_OUT("k06o", "2025-05-09T00:00:00Z", K(06), "paroled"),
	ENROLL("k06e", "2025-05-10T00:00:00Z", K(06), "ankle", ""),
	ATD_END("k06x", "2025-06-01T00:00:00Z", K(06), "case_closed"),
	ARREST("k07a", "2025-05-08T08:00:00Z", K(07), "MIA", "ICE", ",'criminality':'convicted'"),
	BOOK_IN("k07b", "2025-05-08T12:00:00Z", K(07), "AAA"),
	BOOK_OUT("k07o", "2025-05-15T00:00:00Z", K(07), "death"),
	ARREST("k08a", "2025-05-08T09:00:00Z", K(08), "MIA", "ICE", ""),
	BOOK_IN("k08b", "2025-05-08T13:00:00Z", K(08), "AAA"),
	BOOK_OUT("k08o", "2025-05-16T00:00:00Z", K(08), "transferred_hhs"),
	ARREST("k09a", "2025-05-09T08:00:00Z", K(09), "MIA", "CBP", ""),
	ARREST("k10a", "2025-04-15T08:00:00Z", K(10), "ATL", "ICE", ""),
	BOOK_IN("k10b", "2025-04-15T12:00:00Z", K(10), "AAA"),
	ARREST("k11a", "2025-05-10T08:00:00Z", K(11), "DAL", "ICE", ""),
	BOOK_IN("k11b", "2025-05-10T12:00:00Z", K(11), "AAA"),
	REMOVED("k11o", "2025-05-15T00:00:00Z", K(11)),
	ARREST("k11a2", "2025-06-01T08:00:00Z", K(11), "NYC", "ICE", ""),
	BOOK_IN("k11b2", "2025-06-01T12:00:00Z", K(11), "AAA"),
	ARREST("k12a", "2025-05-11T08:00:00Z", K(12), "DAL", "ICE", ""),
	BOOK_IN("k12b", "2025-05-11T12:00:00Z", K(12), "AAA"),
	BOOK_OUT("k12o", "2025-05-13T00:00:00Z", K(12), "bonded_out"),
	DEPARTURE("k12d", "2025-05-20T00:00:00Z", K(12)),
	ARREST("k13a", "2025-05-12T08:00:00Z", K(13), "MIA", "ICE", ""),
	BOOK_IN("k13b", "2025-05-12T12:00:00Z", K(13), "AAA"),
	BOOK_OUT("k13o", "2025-05-14T00:00:00Z", K(13), "escape"),
	ARREST("k14a", "2025-05-01T08:00:00Z", K(14), "DAL", "ICE", ""),
	ARREST("k14a2", "2025-05-20T08:00:00Z", K(14), "NYC", "CBP", ""),
	BOOK_IN("k14b", "2025-05-20T12:00:00Z", K(14), "AAA"),
	BOOK_OUT("k14o", "2025-05-25T00:00:00Z", K(14), "supervision"),
	ARREST("k16a", "2025-05-13T08:00:00Z", K(16), "ATL", "ICE", ""),
	BOOK_IN("k16b", "2025-05-13T12:00:00Z", K(16), "AAA"),
	BOOK_OUT("k16o", "2025-05-14T00:00:00Z", K(16), "transferred_usms"),
	NULL,
};

#define MAY_FROM "2025-05-01T00:00:00Z"
#define MAY_TO "2025-05-31T23:59:59Z"

/* "arrested detained removed released_supervised released other
 * never_detained" of one group */
static void expect_cohort(const struct stats_cohort *k, const char *expected)
{
	char got[256];
	snprintf(got, sizeof got, "%lld: %lld %lld %lld %lld %lld %lld", (long long)k->arrested,
		 (long long)k->states[COHORT_DETAINED], (long long)k->states[COHORT_REMOVED],
		 (long long)k->states[COHORT_RELEASED_SUPERVISED], (long long)k->states[COHORT_RELEASED],
		 (long long)k->states[COHORT_OTHER], (long long)k->states[COHORT_NEVER_DETAINED]);
	assert_string_equal(got, expected);
}

static void test_cohort_outcomes(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-cohort", cohort_lines);
	assert_string_equal(stats_cohort_state_names[COHORT_DETAINED], "detained");
	assert_string_equal(stats_cohort_state_names[COHORT_NEVER_DETAINED], "never_detained");

	struct stats_cohort k;
	cohort_all(&f.s, MAY_FROM, MAY_TO, "2025-07-01T00:00:00Z", &k);
	expect_cohort(&k, "14: 2 3 1 3 4 1");
	assert_int_equal(k.released_by_reason[reason("bonded_out")], 1);
	assert_int_equal(k.released_by_reason[reason("paroled")], 1);
	assert_int_equal(k.released_by_reason[reason("supervision")], 1);
	assert_int_equal(total(k.released_by_reason, OUT_REASON_COUNT), 3);

	cohort_all(&f.s, MAY_FROM, MAY_TO, "2025-05-12T06:00:00Z", &k);
	expect_cohort(&k, "14: 6 0 2 1 0 5");
	assert_int_equal(k.released_by_reason[reason("bonded_out")], 1);
	assert_int_equal(total(k.released_by_reason, OUT_REASON_COUNT), 1);

	cohort_all(&f.s, MAY_FROM, MAY_TO, "2025-04-01T00:00:00Z", &k);
	expect_cohort(&k, "14: 0 0 0 0 0 14");

	/* April's cohort is K10 alone, detained */
	cohort_all(&f.s, "2025-04-01T00:00:00Z", "2025-04-30T23:59:59Z", "2025-07-01T00:00:00Z", &k);
	expect_cohort(&k, "1: 1 0 0 0 0 0");

	struct error err = {0};
	struct stats_cohort g[STATS_ATD_AORS + 1];
	assert_int_equal(stats_groups(&f.s, STATS_BY_AOR), STATS_ATD_AORS);
	assert_int_equal(stats_cohort(&f.s, T(MAY_FROM), T(MAY_TO), T("2025-07-01T00:00:00Z"), STATS_BY_AOR, g, &err),
			 0);
	expect_cohort(&g[group(&f.s, STATS_BY_AOR, "ATL")], "6: 1 2 1 1 1 0");
	expect_cohort(&g[group(&f.s, STATS_BY_AOR, "MIA")], "5: 0 0 0 1 3 1");
	expect_cohort(&g[group(&f.s, STATS_BY_AOR, "DAL")], "3: 1 1 0 1 0 0");
	expect_cohort(&g[group(&f.s, STATS_BY_AOR, "NYC")], "0: 0 0 0 0 0 0");
	assert_int_equal(stats_cohort(&f.s, T(MAY_FROM), T(MAY_TO), T("2025-07-01T00:00:00Z"), STATS_BY_AGENCY, g,
				      &err),
			 0);
	expect_cohort(&g[group(&f.s, STATS_BY_AGENCY, "ICE")], "13: 2 3 1 3 4 0");
	expect_cohort(&g[group(&f.s, STATS_BY_AGENCY, "CBP")], "1: 0 0 0 0 0 1");
	assert_int_equal(stats_cohort(&f.s, T(MAY_FROM), T(MAY_TO), T("2025-07-01T00:00:00Z"), STATS_BY_CRIMINALITY,
				      g, &err),
			 0);
	expect_cohort(&g[group(&f.s, STATS_BY_CRIMINALITY, "convicted")], "1: 0 0 0 0 1 0");
	expect_cohort(&g[group(&f.s, STATS_BY_CRIMINALITY, "pending")], "0: 0 0 0 0 0 0");
	expect_cohort(&g[group(&f.s, STATS_BY_CRIMINALITY, "none")], "13: 2 3 1 3 3 1");
	/* no cohort by facility */
	assert_int_equal(stats_cohort(&f.s, T(MAY_FROM), T(MAY_TO), T("2025-07-01T00:00:00Z"), STATS_BY_FACILITY, g,
				      &err),
			 ERR_INVALID);
	close_fixture(&f);
}

/* An instant past the snapshot's 32 bits (2106) used to be clamped to the
 * open end: an open stay was then neither held nor closed, and its
 * reason, STATS_NONE, indexed past released_by_reason. Any instant later
 * than every event gives the same outcomes: the open stays held. */
static void test_cohort_beyond_the_snapshot(void **state)
{
	(void)state;
	assert_int_equal(stats_time(TS_FOREVER), STATS_OPEN);
	assert_int_equal(stats_time(T("9999-12-31T23:59:59Z")), STATS_OPEN - 1);
	assert_int_equal(stats_time(T("1969-12-31T23:59:59Z")), 0);
	assert_int_equal(stats_instant(TS_FOREVER), STATS_OPEN - 1);
	struct fixture f;
	open_fixture_ledger(&f, "stats-cohort-far", cohort_lines);
	struct stats_cohort later, far, forever;
	cohort_all(&f.s, MAY_FROM, MAY_TO, "2030-01-01T00:00:00Z", &later);
	cohort_all(&f.s, MAY_FROM, MAY_TO, "9999-12-31T23:59:59Z", &far);
	struct error err = {0};
	assert_int_equal(stats_cohort(&f.s, T(MAY_FROM), T(MAY_TO), TS_FOREVER, STATS_BY_NONE, &forever, &err), 0);
	assert_true(later.states[COHORT_DETAINED] > 0);
	assert_memory_equal(&far, &later, sizeof later);
	assert_memory_equal(&forever, &later, sizeof later);
	close_fixture(&f);
}

/* A calendar holds the days of the bounds (bounds.h) only: from
 * 1970-01-01 to 2099-12-31, whatever reaches it. */
static void test_calendar_bounds(void **state)
{
	(void)state;
	const int64_t last = BOUND_TIME_MAX / TS_DAY;
	const int64_t refused[][2] = {{-1, 0}, {-36500, -36000}, {last, last + 1}, {INT64_MAX / 2, INT64_MAX / 2}};
	for (size_t i = 0; i < ROWS(refused); i++) {
		struct stats_calendar c;
		struct error err = {0};
		assert_int_equal(stats_calendar_init(&c, NULL, refused[i][0], refused[i][1], &err), ERR_INVALID);
		assert_non_null(strstr(err.msg, "1970-01-01 to 2099-12-31"));
		stats_calendar_free(&c);
	}
	struct stats_calendar c;
	calendar(&c, "America/New_York", "1970-01-01", "1970-01-02");
	stats_calendar_free(&c);
	calendar(&c, NULL, "2099-12-30", "2099-12-31");
	stats_calendar_free(&c);
	int64_t d;
	struct error err = {0};
	assert_int_equal(stats_parse_day("1969-12-31", &d, &err), ERR_INVALID);
	assert_int_equal(stats_parse_day("2100-01-01", &d, &err), ERR_INVALID);
}

/* ---------------------------------------------------------------- ATD */

/* Supervision (Z = A0000002NN), AAA:
 *  Z1 arrest ATL 03-01; enrolled 03-02 app; hearing (for 03-09T09:00)
 *     attended 03-09T10:00; one (for 03-04T09:00) adjourned (neither
 *     attended nor missed)
 *  Z2 arrest MIA 03-01; enrolled 03-05 ankle with aor HOU; hearing (for
 *     03-07T09:00) missed 03-07T10:00
 *  Z3 arrest ATL 03-01; enrolled 03-03 phone; ended absconded 03-08
 *  Z4 never arrested; enrolled 03-06T12:00 wrist (AOR unknown)
 *  Z5 arrest ATL 03-01; enrolled 03-02 app; booked in 03-09T00:00 (the
 *     enrolment ends); hearing attended 03-09T10:00 while detained (not a
 *     participant's)
 *  Z6 arrest ATL 03-01; never enrolled; hearing missed 03-08T10:00 (not a
 *     participant's)
 *  Z7 arrest ATL 02-01; enrolled 02-02 app; absconded 02-20
 * At 03-10T00:00 from 03-01: active Z1 (8 days), Z2 (5), Z4 (3.5) = 3;
 * app 1, ankle 1, wrist 1; ATL 1, HOU 1, unknown 1; ALIP 16.5 / 3 = 5.5
 * (ATL 8, HOU 5, unknown 3.5); absconders Z3 = 1 (Z7 before from);
 * hearings attended 1 (Z1), missed 1 (Z2).
 * At 03-06T00:00 from 03-01: active Z1 (4), Z2 (1), Z3 (3), Z5 (4) = 4;
 * app 2, ankle 1, phone 1; ATL 3, HOU 1; ALIP 12 / 4 = 3 (ATL 11/3);
 * absconders 0; no hearing yet.
 * At 03-10T00:00 from 02-01: absconders Z7 and Z3 = 2. */
#define Z(n) "A0000002" #n
static const char *const atd_lines[] = {
	FAC_AAA,
	ARREST("z1a", "2025-03-01T08:00:00Z", Z(01), "ATL", "ICE", ""),
	ENROLL("z1e", "2025-03-02T00:00:00Z", Z(01), "app", ""),
	HEARING("z1h1", "2025-03-02T12:00:00Z", Z(01), "scheduled", "2025-03-09T09:00:00Z"),
	HEARING("z1h2", "2025-03-09T10:00:00Z", Z(01), "attended", "2025-03-09T09:00:00Z"),
	HEARING("z1h3", "2025-03-02T13:00:00Z", Z(01), "scheduled", "2025-03-04T09:00:00Z"),
	HEARING("z1h4", "2025-03-04T10:00:00Z", Z(01), "adjourned", "2025-03-04T09:00:00Z"),
	ARREST("z2a", "2025-03-01T09:00:00Z", Z(02), "MIA", "ICE", ""),
	ENROLL("z2e", "2025-03-05T00:00:00Z", Z(02), "ankle", ",'aor':'HOU'"),
	HEARING("z2h1", "2025-03-05T12:00:00Z", Z(02), "scheduled", "2025-03-07T09:00:00Z"),
	HEARING("z2h2", "2025-03-07T10:00:00Z", Z(02), "missed", "2025-03-07T09:00:00Z"),
	ARREST("z3a", "2025-03-01T10:00:00Z", Z(03), "ATL", "ICE", ""),
	ENROLL("z3e", "2025-03-03T00:00:00Z", Z(03), "phone", ""),
	ATD_END("z3x", "2025-03-08T00:00:00Z", Z(03), "absconded"),
	ENROLL("z4e", "2025-03-06T12:00:00Z", Z(04), "wrist", ""),
	ARREST("z5a", "2025-03-01T11:00:00Z", Z(05), "ATL", "ICE", ""),
	ENROLL("z5e", "2025-03-02T00:00:00Z", Z(05), "app", ""),
	BOOK_IN("z5b", "2025-03-09T00:00:00Z", Z(05), "AAA"),
	HEARING("z5h1", "2025-03-09T01:00:00Z", Z(05), "scheduled", "2025-03-09T09:00:00Z"),
	HEARING("z5h2", "2025-03-09T10:00:00Z", Z(05), "attended", "2025-03-09T09:00:00Z"),
	ARREST("z6a", "2025-03-01T12:00:00Z", Z(06), "ATL", "ICE", ""),
	HEARING("z6h1", "2025-03-02T00:00:00Z", Z(06), "scheduled", "2025-03-08T09:00:00Z"),
	HEARING("z6h2", "2025-03-08T10:00:00Z", Z(06), "missed", "2025-03-08T09:00:00Z"),
	ARREST("z7a", "2025-02-01T08:00:00Z", Z(07), "ATL", "ICE", ""),
	ENROLL("z7e", "2025-02-02T00:00:00Z", Z(07), "app", ""),
	ATD_END("z7x", "2025-02-20T00:00:00Z", Z(07), "absconded"),
	NULL,
};

static int aor(const char *code)
{
	int a = vocab_find(&vocab_aor, code);
	assert_true(a >= 0);
	return a;
}

static void test_atd_figures(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-atd", atd_lines);
	const int unknown = STATS_ATD_AORS - 1;
	struct stats_atd a;
	stats_atd(&f.s, T("2025-03-01T00:00:00Z"), T("2025-03-10T00:00:00Z"), &a);
	assert_int_equal(a.active, 3);
	assert_int_equal(a.by_tech[TECH_APP], 1);
	assert_int_equal(a.by_tech[TECH_ANKLE], 1);
	assert_int_equal(a.by_tech[TECH_WRIST], 1);
	assert_int_equal(a.by_tech[TECH_PHONE], 0);
	assert_int_equal(a.by_tech[TECH_NONE], 0);
	assert_int_equal(a.by_aor[aor("ATL")], 1);
	assert_int_equal(a.by_aor[aor("HOU")], 1);
	assert_int_equal(a.by_aor[aor("MIA")], 0);
	assert_int_equal(a.by_aor[unknown], 1);
	assert_int_equal(a.by_aor_tech[aor("ATL")][TECH_APP], 1);
	assert_int_equal(a.by_aor_tech[aor("HOU")][TECH_ANKLE], 1);
	assert_int_equal(a.by_aor_tech[unknown][TECH_WRIST], 1);
	assert_near(a.alip_days, 5.5);
	assert_near(a.alip_by_aor[aor("ATL")], 8.0);
	assert_near(a.alip_by_aor[aor("HOU")], 5.0);
	assert_near(a.alip_by_aor[unknown], 3.5);
	assert_int_equal(a.absconders, 1);
	assert_int_equal(a.attended, 1);
	assert_int_equal(a.missed, 1);

	stats_atd(&f.s, T("2025-03-01T00:00:00Z"), T("2025-03-06T00:00:00Z"), &a);
	assert_int_equal(a.active, 4);
	assert_int_equal(a.by_tech[TECH_APP], 2);
	assert_int_equal(a.by_tech[TECH_ANKLE], 1);
	assert_int_equal(a.by_tech[TECH_PHONE], 1);
	assert_int_equal(a.by_tech[TECH_WRIST], 0);
	assert_int_equal(a.by_aor[aor("ATL")], 3);
	assert_int_equal(a.by_aor[aor("HOU")], 1);
	assert_int_equal(a.by_aor[unknown], 0);
	assert_near(a.alip_days, 3.0);
	assert_near(a.alip_by_aor[aor("ATL")], 11.0 / 3.0);
	assert_near(a.alip_by_aor[aor("HOU")], 1.0);
	assert_int_equal(a.absconders, 0);
	assert_int_equal(a.attended, 0);
	assert_int_equal(a.missed, 0);

	stats_atd(&f.s, T("2025-02-01T00:00:00Z"), T("2025-03-10T00:00:00Z"), &a);
	assert_int_equal(a.absconders, 2);
	assert_int_equal(a.attended, 1);
	assert_int_equal(a.missed, 1);
	close_fixture(&f);
}

/* The technology of a participant on a day is the one in force then:
 *  Y1 arrest ATL 03-01; enrolled 03-02 ankle; atd_change 03-20 to app
 * At 03-10: active 1, ankle 1, app 0 (the change is later); at 03-25: app
 * 1, ankle 0. Days enrolled 8 and 23 (the enrolment goes on). */
static const char *const atd_change_lines[] = {
	ARREST("y1a", "2025-03-01T08:00:00Z", "A000000301", "ATL", "ICE", ""),
	ENROLL("y1e", "2025-03-02T00:00:00Z", "A000000301", "ankle", ""),
	EV("y1c", "atd_change", "2025-03-20T00:00:00Z", "A000000301", ",'technology':'app','reason':'de-escalated'"),
	NULL,
};

static void test_atd_technology_in_force(void **state)
{
	(void)state;
	struct fixture f;
	open_fixture_ledger(&f, "stats-atd-change", atd_change_lines);
	struct stats_atd a;
	stats_atd(&f.s, T("2025-03-01T00:00:00Z"), T("2025-03-25T00:00:00Z"), &a);
	assert_int_equal(a.active, 1);
	assert_int_equal(a.by_tech[TECH_APP], 1);
	assert_int_equal(a.by_tech[TECH_ANKLE], 0);
	assert_near(a.alip_days, 23.0);
	stats_atd(&f.s, T("2025-03-01T00:00:00Z"), T("2025-03-10T00:00:00Z"), &a);
	assert_int_equal(a.active, 1);
	assert_near(a.alip_days, 8.0);
	close_fixture(&f); /* first: a failure below leaves nothing behind */
	if (a.by_tech[TECH_ANKLE] != 1 || a.by_tech[TECH_APP] != 0 || a.by_aor_tech[aor("ATL")][TECH_ANKLE] != 1)
		fail_msg("at 2025-03-10 (enrolled ankle 03-02, changed to app 03-20): by technology ankle %lld app %lld "
			 "(ATL ankle %lld), expected ankle 1 app 0 (ATL ankle 1), as custody atd --at gives",
			 (long long)a.by_tech[TECH_ANKLE], (long long)a.by_tech[TECH_APP],
			 (long long)a.by_aor_tech[aor("ATL")][TECH_ANKLE]);
}

/* ---------------------------------------------------------------- snapshot */

/* 200 people (A000300000 + i), each arrested, booked in at AAA and moved
 * i % 5 times between AAA and BBB before a book-out: 200 stays and
 * 200 + 40 * (0 + 1 + 2 + 3 + 4) = 600 stints; fewer than 64 bytes each. */
static void test_snapshot_bytes_per_stint(void **state)
{
	(void)state;
	struct tmp *t = tmp_new("stats-bytes");
	assert_non_null(t);
	struct ledger *l = open_test_ledger(t->path, STORE_CREATE);
	append_all(l, LINES(FAC_AAA, FAC_BBB));
	tx_begin(l);
	for (int i = 0; i < 200; i++) {
		char who[16];
		snprintf(who, sizeof who, "A%09d", 300000 + i);
		char *line = fmt("{'id':'a%d','type':'arrest','at':'2025-06-01T00:00:00Z','person':'%s','aor':'ATL','agency':'ICE'}", i, who);
		append_ok(l, line);
		free(line);
		line = fmt("{'id':'b%d','type':'book_in','at':'2025-06-01T01:00:00Z','person':'%s','facility':'AAA'}", i, who);
		append_ok(l, line);
		free(line);
		for (int k = 1; k <= i % 5; k++) {
			line = fmt("{'id':'t%d-%d','type':'transfer','at':'2025-06-%02dT00:00:00Z','person':'%s','facility':'%s'}",
				   i, k, 1 + k, who, k % 2 ? "BBB" : "AAA");
			append_ok(l, line);
			free(line);
		}
		line = fmt("{'id':'o%d','type':'book_out','at':'2025-06-10T00:00:00Z','person':'%s','reason':'removed','country':'MX'}", i, who);
		append_ok(l, line);
		free(line);
	}
	tx_commit(l);
	struct stats_snapshot s;
	snapshot_of(l, &s);
	assert_int_equal(s.n_people, 200);
	assert_int_equal(s.stays.n, 200);
	assert_int_equal(s.n_stints, 600);
	assert_int_equal(s.arrests.n, 200);
	size_t bytes = stats_snapshot_bytes(&s);
	if (!(bytes < 64 * s.n_stints))
		fail_msg("%zu bytes for %zu stints: %.1f per stint", bytes, s.n_stints, (double)bytes / (double)s.n_stints);

	/* and the figures of that ledger: every stay 2025-06-01T01:00 to
	 * 06-10T00:00 (8 days 23 hours), population 200 on 06-01..09 */
	struct stats_calendar c;
	calendar(&c, NULL, "2025-06-01", "2025-06-10");
	struct stats_period *p = period(&s, &c, STATS_BY_NONE);
	assert_near(p->adp, 200.0 * 9 / 10);
	assert_int_equal(p->ended, 200);
	assert_near(p->alos_days, 8.0 + 23.0 / 24.0);
	assert_int_equal(p->removals, 200);
	free(p);
	stats_calendar_free(&c);
	stats_snapshot_free(&s);
	ledger_close(l);
	assert_int_equal(tmp_free(t), 0);
}

/* Histories given by hand: people out of order, the same person twice, an
 * unknown facility, a stint of no stay of theirs. */
static void test_snapshot_refuses(void **state)
{
	(void)state;
	struct facility_registry reg;
	load_facilities(&reg, LINES(FAC_AAA));
	struct tl_stay stay = {.key = "b1",
			       .person = "A000000002",
			       .facility = "AAA",
			       .in = T("2025-01-01T00:00:00Z"),
			       .out = TS_FOREVER,
			       .out_reason = UNSET,
			       .agency = UNSET,
			       .border = UNSET,
			       .criminality_in = UNSET,
			       .criminality_out = UNSET};
	struct tl_stint stint = {.key = "b1",
				 .stay_key = "b1",
				 .person = "A000000002",
				 .facility = "AAA",
				 .in = T("2025-01-01T00:00:00Z"),
				 .out = TS_FOREVER};
	struct tl_history h2 = {.person = "A000000002", .stays = &stay, .n_stays = 1, .stints = &stint, .n_stints = 1};
	struct tl_history h1 = {.person = "A000000001"};
	struct stats_snapshot s;
	struct error err = {0};

	assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &h2, &err), 0);
	assert_int_equal(s.stays.n, 1);
	err.code = 0;
	assert_int_equal(stats_snapshot_add(&s, &h1, &err), ERR_INVALID);
	assert_int_equal(err.code, ERR_INVALID);
	assert_non_null(strstr(err.msg, "A000000001"));
	stats_snapshot_free(&s);

	assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &h2, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &h2, &err), ERR_INVALID);
	stats_snapshot_free(&s);

	struct tl_stay elsewhere = stay;
	strcpy(elsewhere.facility, "ZZZ");
	struct tl_history hz = {.person = "A000000002", .stays = &elsewhere, .n_stays = 1};
	assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &hz, &err), ERR_INVALID);
	assert_non_null(strstr(err.msg, "ZZZ"));
	stats_snapshot_free(&s);

	struct tl_stint moved = stint;
	strcpy(moved.facility, "ZZZ");
	struct tl_history hm = {.person = "A000000002", .stays = &stay, .n_stays = 1, .stints = &moved, .n_stints = 1};
	assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &hm, &err), ERR_INVALID);
	assert_non_null(strstr(err.msg, "ZZZ"));
	stats_snapshot_free(&s);

	struct tl_stint stray = stint;
	strcpy(stray.stay_key, "nope");
	struct tl_history hs = {.person = "A000000002", .stays = &stay, .n_stays = 1, .stints = &stray, .n_stints = 1};
	assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &hs, &err), ERR_INVALID);
	stats_snapshot_free(&s);

	/* values that would index outside the statistics' arrays */
	struct tl_stay bad_stays[] = {stay, stay, stay};
	bad_stays[0].agency = 2;
	bad_stays[1].out = T("2025-02-01T00:00:00Z");
	bad_stays[1].out_reason = OUT_REASON_COUNT;
	bad_stays[2].criminality_in = -7;
	for (size_t i = 0; i < ROWS(bad_stays); i++) {
		struct tl_history hb = {.person = "A000000002", .stays = &bad_stays[i], .n_stays = 1};
		assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
		assert_int_equal(stats_snapshot_add(&s, &hb, &err), ERR_INVALID);
		stats_snapshot_free(&s);
	}
	struct tl_mark mark = {.key = "a1", .at = T("2025-01-01T00:00:00Z"), .kind = MARK_ARREST, .criminality = UNSET,
			       .threat_level = UNSET, .aor = UNSET, .agency = UNSET, .outcome = UNSET,
			       .technology = UNSET, .mandatory = UNSET};
	struct tl_mark bad_marks[] = {mark, mark, mark};
	bad_marks[0].aor = VOCAB_AORS;
	bad_marks[1].mandatory = 6;
	bad_marks[2].technology = TECH_COUNT;
	for (size_t i = 0; i < ROWS(bad_marks); i++) {
		struct tl_history hb = {.person = "A000000002", .marks = &bad_marks[i], .n_marks = 1};
		assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
		assert_int_equal(stats_snapshot_add(&s, &hb, &err), ERR_INVALID);
		assert_non_null(strstr(err.msg, "out of range"));
		stats_snapshot_free(&s);
	}
	struct tl_enrolment enrolment = {.key = "e1", .start = T("2025-01-01T00:00:00Z"), .end = TS_FOREVER,
					 .end_reason = UNSET, .technology = TECH_APP, .aor = UNSET, .area = VOCAB_AORS};
	struct tl_history he = {.person = "A000000002", .enrolments = &enrolment, .n_enrolments = 1};
	assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &he, &err), ERR_INVALID);
	stats_snapshot_free(&s);
	struct tl_history hok = {.person = "A000000002", .marks = &mark, .n_marks = 1};
	assert_int_equal(stats_snapshot_init(&s, &reg, &err), 0);
	assert_int_equal(stats_snapshot_add(&s, &hok, &err), 0);
	stats_snapshot_free(&s);

	facility_registry_free(&reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_midnight_population_boundaries),
		cmocka_unit_test(test_transfer_moves_facility_population),
		cmocka_unit_test(test_closed_facility),
		cmocka_unit_test(test_period_figures),
		cmocka_unit_test(test_period_breakdowns),
		cmocka_unit_test(test_fiscal_years),
		cmocka_unit_test(test_time_zone),
		cmocka_unit_test(test_calendar_refuses_non_zones),
		cmocka_unit_test(test_voided_events),
		cmocka_unit_test(test_cohort_outcomes),
		cmocka_unit_test(test_cohort_beyond_the_snapshot),
		cmocka_unit_test(test_calendar_bounds),
		cmocka_unit_test(test_atd_figures),
		cmocka_unit_test(test_atd_technology_in_force),
		cmocka_unit_test(test_snapshot_bytes_per_stint),
		cmocka_unit_test(test_snapshot_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
