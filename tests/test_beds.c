/* test_beds.c: release candidates and placement (beds.h).
 *
 * rules.md, "Capacity and release candidates". Every test person is
 * A-123-456-789 (A123456789); their timeline at an instant T is built by
 * replaying their events with at <= T (timeline_replay, fresh NULL).
 *
 * Facilities (all open from 2024-01-01 unless said):
 *   ATLM  ATL CDF    sex M    10 beds
 *   ATLF  ATL CDF    sex F    10 beds
 *   ATLA  ATL SPC    any       5 beds
 *   MIAA  MIA SPC    any      50 beds
 *   MIAM  MIA IGSA   sex M    30 beds
 *   FAMP  PHI FAMILY any      20 beds
 *   FAMA  ATL FAMILY any       8 beds
 *   SHUT  ATL SPC    any     100 beds, closed 2024-06-01
 *   LATE  ATL SPC    any     100 beds, opens 2026-01-01 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "beds.h"
#include "event.h"
#include "facility.h"
#include "rules.h"
#include "timeline.h"

#define PERSON "A123456789"
#define P "'person':'A-123-456-789'"

#define FAC(code, aor, kind, sex, cap)                                                                         \
	"{'id':'open-" code "','type':'facility_open','at':'2024-01-01T00:00:00Z','facility':'" code           \
	"','name':'" code "','aor':'" aor "','kind':'" kind "','capacity':" #cap sex "}"

static struct facility_registry reg;
static struct rules forbid, allow; /* border_release forbidden (default) / allowed */

/* Lines most candidates start from: an interior arrest, a book-in at MIAA
 * on 2025-03-01T12:00:00Z, a classification without a mandatory basis. */
#define ARREST "{'id':'ar1','type':'arrest','at':'2025-03-01T08:00:00Z'," P ",'aor':'MIA','agency':'ICE','birth_date':'1990-05-05','sex':'M','criminality':'pending','threat_level':2}"
#define BORDER_ARREST "{'id':'ar1','type':'arrest','at':'2025-03-01T08:00:00Z'," P ",'aor':'ELP','agency':'CBP','border':true,'birth_date':'1990-05-05'}"
#define CHILD_ARREST "{'id':'ar1','type':'arrest','at':'2025-03-01T08:00:00Z'," P ",'aor':'MIA','agency':'ICE','birth_date':'2010-05-05'}"
#define BOOK_IN "{'id':'bi1','type':'book_in','at':'2025-03-01T12:00:00Z'," P ",'facility':'MIAA'}"
#define CLASSIFY(m) "{'id':'cl1','type':'classify','at':'2025-03-01T14:00:00Z'," P ",'mandatory':'" m "'}"
#define ORDER "{'id':'ro1','type':'removal_order','at':'2025-04-01T10:00:00Z'," P "}" /* S = 2025-04-01 */
#define TRAVEL(status, at) "{'id':'td-" status "','type':'travel_document','at':'" at "'," P ",'status':'" status "','country':'CU'}"

/* ------------------------------------------------------------------ helpers */

static int setup(void **state)
{
	load_facilities(&reg, LINES(FAC("ATLM", "ATL", "CDF", ",'sex':'M'", 10),
				    FAC("ATLF", "ATL", "CDF", ",'sex':'F'", 10),
				    FAC("ATLA", "ATL", "SPC", "", 5),
				    FAC("MIAA", "MIA", "SPC", ",'sex':'any'", 50),
				    FAC("MIAM", "MIA", "IGSA", ",'sex':'M'", 30),
				    FAC("FAMP", "PHI", "FAMILY", "", 20),
				    FAC("FAMA", "ATL", "FAMILY", "", 8),
				    FAC("SHUT", "ATL", "SPC", "", 100),
				    "{'id':'close-SHUT','type':'facility_close','at':'2024-06-01T00:00:00Z','facility':'SHUT'}",
				    "{'id':'open-LATE','type':'facility_open','at':'2026-01-01T00:00:00Z','facility':'LATE','name':'L','aor':'ATL','kind':'SPC','capacity':100}"));
	*state = &reg;
	border_rules(&forbid, &allow);
	return 0;
}

/* The timeline of lines (sorted by at) at instant t: events with at <= t. */
static void timeline_at(struct timeline *tl, const char *const *lines, ts_t t)
{
	replay_ok(tl, PERSON, lines, t, &reg, &forbid, NULL);
}

/* ---------------------------------------------------------------- candidates */

struct candidate_case {
	const char *what;
	const char *const *lines;
	const char *t;
	const struct rules *rules;
	const char *excluded; /* a word of the reason it is never listed; NULL: listed */
};

static const struct candidate_case candidate_cases[] = {
	{"no mandatory basis", LINES(ARREST, BOOK_IN, CLASSIFY("none")), "2025-06-01T12:00:00Z", &forbid, NULL},
	{"never classified", LINES(ARREST, BOOK_IN), "2025-06-01T12:00:00Z", &forbid, NULL},
	{"mandatory 236c", LINES(ARREST, BOOK_IN, CLASSIFY("236c")), "2025-06-01T12:00:00Z", &forbid, "mandatory"},
	{"mandatory 236c, even when border release is allowed", LINES(ARREST, BOOK_IN, CLASSIFY("236c")),
	 "2025-06-01T12:00:00Z", &allow, "mandatory"},
	{"mandatory laken_riley", LINES(ARREST, BOOK_IN, CLASSIFY("laken_riley")), "2025-06-01T12:00:00Z", &forbid,
	 "mandatory"},
	{"mandatory 235b", LINES(ARREST, BOOK_IN, CLASSIFY("235b")), "2025-06-01T12:00:00Z", &forbid, "mandatory"},
	{"mandatory 241a by classification", LINES(ARREST, BOOK_IN, CLASSIFY("241a")), "2025-09-01T12:00:00Z",
	 &forbid, "mandatory"},
	{"mandatory lifted by a later classification",
	 LINES(ARREST, BOOK_IN, CLASSIFY("236c"),
	       "{'id':'cl2','type':'classify','at':'2025-04-01T14:00:00Z'," P ",'mandatory':'none'}"),
	 "2025-06-01T12:00:00Z", &forbid, NULL},
	{"inside the removal period (241a)", LINES(ARREST, BOOK_IN, CLASSIFY("none"), ORDER), "2025-06-01T12:00:00Z",
	 &forbid, "removal period"},
	{"the last second of the removal period", LINES(ARREST, BOOK_IN, CLASSIFY("none"), ORDER),
	 "2025-06-29T23:59:59Z", &forbid, "removal period"},
	{"the removal period has ended", LINES(ARREST, BOOK_IN, CLASSIFY("none"), ORDER), "2025-06-30T00:00:00Z",
	 &forbid, NULL},
	{"removal period paused by a stay of removal",
	 LINES(ARREST, BOOK_IN, CLASSIFY("none"), ORDER,
	       "{'id':'sr1','type':'stay_of_removal','at':'2025-04-10T10:00:00Z'," P ",'status':'granted'}"),
	 "2025-06-01T12:00:00Z", &forbid, NULL},
	{"border arrest, border_release forbidden", LINES(BORDER_ARREST, BOOK_IN, CLASSIFY("none")),
	 "2025-06-01T12:00:00Z", &forbid, "border"},
	{"border arrest, border_release allowed", LINES(BORDER_ARREST, BOOK_IN, CLASSIFY("none")),
	 "2025-06-01T12:00:00Z", &allow, NULL},
	{"a child", LINES(CHILD_ARREST, BOOK_IN, CLASSIFY("none")), "2025-03-02T00:00:00Z", &forbid, "child"},
	{"a child, border release allowed", LINES(CHILD_ARREST, BOOK_IN, CLASSIFY("none")), "2025-03-02T00:00:00Z",
	 &allow, "child"},
	{"travel document issued", LINES(ARREST, BOOK_IN, CLASSIFY("none"), TRAVEL("issued", "2025-05-01T10:00:00Z")),
	 "2025-06-01T12:00:00Z", &forbid, "travel document"},
	{"travel document requested", LINES(ARREST, BOOK_IN, CLASSIFY("none"), TRAVEL("requested", "2025-05-01T10:00:00Z")),
	 "2025-06-01T12:00:00Z", &forbid, NULL},
};

/* Who is never listed, and why. */
static void test_candidate_exclusions(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < ROWS(candidate_cases); i++) {
		const struct candidate_case *c = &candidate_cases[i];
		struct timeline tl;
		timeline_at(&tl, c->lines, T(c->t));
		assert_true(tl.detained);
		struct candidate cand;
		memset(&cand, 0x5a, sizeof cand);
		const char *why = beds_candidate(&tl, T(c->t), c->rules, &cand);
		if (c->excluded) {
			if (!why)
				fail_msg("%s: listed, expected excluded (%s)", c->what, c->excluded);
			if (!strstr(why, c->excluded))
				fail_msg("%s: excluded as \"%s\", expected \"%s\"", c->what, why, c->excluded);
		} else {
			if (why)
				fail_msg("%s: excluded (%s), expected listed", c->what, why);
			assert_string_equal(cand.person, PERSON);
			assert_string_equal(cand.facility, "MIAA");
			assert_int_equal(cand.since, T("2025-03-01T12:00:00Z"));
			assert_false(cand.release_required);
		}
		timeline_free(&tl);
	}
}

/* A listed person: what ranks them, and the reasons given. */
static void test_candidate_fields(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_at(&tl, LINES(ARREST, BOOK_IN, CLASSIFY("none"),
			       "{'id':'tr1','type':'transfer','at':'2025-04-01T12:00:00Z'," P ",'facility':'MIAM'}"),
		    T("2025-06-01T12:00:00Z"));
	struct candidate c;
	assert_null(beds_candidate(&tl, T("2025-06-01T12:00:00Z"), &forbid, &c));
	assert_string_equal(c.person, PERSON);
	assert_string_equal(c.facility, "MIAM"); /* where held now */
	assert_int_equal(c.since, T("2025-03-01T12:00:00Z")); /* the stay's book-in */
	assert_true(c.days_detained > 91.999 && c.days_detained < 92.001);
	assert_int_equal(c.threat_level, 2);
	assert_int_equal(c.criminality, CRIM_PENDING);
	assert_false(c.release_required);
	assert_int_equal(c.n_reasons, 4);
	assert_string_equal(c.reasons[0], "threat level 2");
	assert_string_equal(c.reasons[1], "criminality pending");
	assert_string_equal(c.reasons[2], "detained 92 days (since 2025-03-01)");
	assert_non_null(strstr(c.reasons[3], "PR-BOND"));
	timeline_free(&tl);

	/* Never classified: unknown threat and criminality. */
	timeline_at(&tl, LINES("{'id':'ar1','type':'arrest','at':'2025-03-01T08:00:00Z'," P ",'aor':'MIA','agency':'ICE'}",
			       BOOK_IN),
		    T("2025-03-11T12:00:00Z"));
	assert_null(beds_candidate(&tl, T("2025-03-11T12:00:00Z"), &forbid, &c));
	assert_int_equal(c.threat_level, UNSET);
	assert_int_equal(c.criminality, UNSET);
	assert_string_equal(c.reasons[0], "threat level not recorded");
	assert_string_equal(c.reasons[1], "criminality not recorded");
	assert_string_equal(c.reasons[2], "detained 10 days (since 2025-03-01)");
	timeline_free(&tl);
}

/* PO-RELEASE: listed and marked; the reason says so. S = 2025-04-01, the
 * presumptive period ends 2025-09-28, the document was refused before. */
static void test_candidate_release_required(void **unused)
{
	(void)unused;
	const char *const *lines = LINES(ARREST, BOOK_IN, CLASSIFY("none"), ORDER,
					 TRAVEL("refused", "2025-05-01T10:00:00Z"));
	struct timeline tl;
	struct candidate c;
	timeline_at(&tl, lines, T("2025-09-28T00:00:00Z"));
	assert_null(beds_candidate(&tl, T("2025-09-28T00:00:00Z"), &forbid, &c));
	assert_false(c.release_required); /* the presumptive period has not passed */
	timeline_free(&tl);

	timeline_at(&tl, lines, T("2025-10-01T12:00:00Z"));
	assert_null(beds_candidate(&tl, T("2025-10-01T12:00:00Z"), &forbid, &c));
	assert_true(c.release_required);
	assert_true(c.n_reasons >= 1);
	assert_non_null(strstr(c.reasons[0], "release required (PO-RELEASE)"));
	assert_non_null(strstr(c.reasons[0], "refused"));
	for (size_t i = 0; i < c.n_reasons; i++)
		assert_null(strstr(c.reasons[i], "PR-BOND")); /* there is a final order */
	timeline_free(&tl);
}

/* ------------------------------------------------------------------- ranking */

struct rank_in {
	const char *person;
	bool release_required;
	int threat, criminality;
	const char *since;
};

static void test_rank_order(void **unused)
{
	(void)unused;
	/* given in a scrambled order */
	static const struct rank_in in[] = {
		{"A000000001", false, 1, CRIM_NONE, "2025-01-01"},
		{"A000000013", false, THREAT_NULL, CRIM_NONE, "2025-05-01"},
		{"A000000008", false, UNSET, CRIM_NONE, "2024-01-01"},
		{"A000000002", true, 1, CRIM_CONVICTED, "2025-05-01"},
		{"A000000003", false, THREAT_NULL, CRIM_CONVICTED, "2025-05-01"},
		{"A000000009", false, 2, CRIM_NONE, "2025-05-01"},
		{"A000000004", false, 3, CRIM_NONE, "2025-05-01"},
		{"A000000010", false, THREAT_NULL, UNSET, "2025-05-01"},
		{"A000000005", false, THREAT_NULL, CRIM_NONE, "2025-05-01"},
		{"A000000012", false, THREAT_NULL, CRIM_NONE, "2025-05-01"},
		{"A000000007", false, THREAT_NULL, CRIM_PENDING, "2025-05-01"},
		{"A000000006", false, THREAT_NULL, CRIM_NONE, "2025-01-01"},
		{"A000000011", true, THREAT_NULL, CRIM_NONE, "2025-05-01"},
		{"A000000014", false, 3, CRIM_CONVICTED, "2025-05-01"},
		{"A000000015", false, 1, CRIM_NONE, "2024-06-01"},
	};
	static const char *const want[] = {
		"A000000011", /* release required, threat none */
		"A000000002", /* release required, threat 1 */
		"A000000006", /* threat none, criminality none, longest detained */
		"A000000005", /* ... same, by A-number */
		"A000000012",
		"A000000013",
		"A000000007", /* threat none, pending */
		"A000000003", /* threat none, convicted */
		"A000000010", /* threat none, criminality unknown */
		"A000000004", /* threat 3, none */
		"A000000014", /* threat 3, convicted */
		"A000000009", /* threat 2 */
		"A000000015", /* threat 1, detained longer */
		"A000000001", /* threat 1 */
		"A000000008", /* threat unknown, however long detained */
	};
	assert_int_equal(ROWS(in), ROWS(want));
	struct candidate c[ROWS(in)];
	memset(c, 0, sizeof c);
	for (size_t i = 0; i < ROWS(in); i++) {
		strcpy(c[i].person, in[i].person);
		c[i].release_required = in[i].release_required;
		c[i].threat_level = in[i].threat;
		c[i].criminality = in[i].criminality;
		c[i].since = T(in[i].since);
		c[i].days_detained = (double)(T("2025-06-01") - c[i].since) / TS_DAY;
	}
	beds_rank(c, ROWS(in));
	for (size_t i = 0; i < ROWS(want); i++)
		if (strcmp(c[i].person, want[i]) != 0)
			fail_msg("position %zu: %s, expected %s", i, c[i].person, want[i]);
	/* ranking a ranked list changes nothing */
	beds_rank(c, ROWS(in));
	for (size_t i = 0; i < ROWS(want); i++)
		assert_string_equal(c[i].person, want[i]);
}

/* Candidates from timelines rank as their fields say; none or one is fine. */
static void test_rank_small(void **unused)
{
	(void)unused;
	beds_rank(NULL, 0);
	struct candidate one = {0};
	strcpy(one.person, "A000000001");
	beds_rank(&one, 1);
	assert_string_equal(one.person, "A000000001");

	struct candidate two[2] = {0};
	strcpy(two[0].person, "A000000001");
	two[0].threat_level = UNSET;
	two[0].criminality = CRIM_NONE;
	strcpy(two[1].person, "A000000002");
	two[1].threat_level = 3;
	two[1].criminality = CRIM_CONVICTED;
	beds_rank(two, 2);
	assert_string_equal(two[0].person, "A000000002"); /* a known threat level 3 before an unknown one */
}

/* ----------------------------------------------------------------- placement */

/* The rows of every facility at t, populations from pop[] (by code). */
struct pop {
	const char *code;
	int64_t population;
};

static size_t rows_at(ts_t t, const struct pop *pop, size_t n_pop, struct occupancy_row *rows)
{
	for (size_t i = 0; i < reg.n; i++) {
		struct facility_state st;
		facility_state_at(&reg.items[i], t, &st);
		rows[i] = (struct occupancy_row){&reg.items[i], st.details, st.open, st.open ? st.capacity : 0, 0};
		for (size_t j = 0; j < n_pop; j++)
			if (strcmp(pop[j].code, reg.items[i].code) == 0)
				rows[i].population = pop[j].population;
	}
	return reg.n;
}

static const struct pop usual[] = {
	{"ATLM", 4},  /* 6 free */
	{"ATLF", 10}, /* full */
	{"ATLA", 2},  /* 3 free */
	{"MIAA", 10}, /* 40 free */
	{"MIAM", 0},  /* 30 free */
	{"FAMP", 5},  /* 15 free */
	{"FAMA", 7},  /* 1 free */
};

struct place_case {
	const char *what;
	int sex; /* enum person_sex or UNSET */
	bool child;
	const char *aor; /* NULL: none */
	const char *want; /* "CODE/free/in_aor ..." */
};

static const struct place_case place_cases[] = {
	{"man, ATL: in the AOR first, then most free beds", SEX_M, false, "ATL", "ATLM/6/1 ATLA/3/1 MIAA/40/0 MIAM/30/0"},
	{"man, MIA", SEX_M, false, "MIA", "MIAA/40/1 MIAM/30/1 ATLM/6/0 ATLA/3/0"},
	{"man, no AOR: most free beds", SEX_M, false, NULL, "MIAA/40/0 MIAM/30/0 ATLM/6/0 ATLA/3/0"},
	{"man, an AOR without facilities", SEX_M, false, "SEA", "MIAA/40/0 MIAM/30/0 ATLM/6/0 ATLA/3/0"},
	{"woman, ATL: ATLF is full, no men's facility", SEX_F, false, "ATL", "ATLA/3/1 MIAA/40/0"},
	{"woman, MIA", SEX_F, false, "MIA", "MIAA/40/1 ATLA/3/0"},
	{"sex X: facilities for any only", SEX_X, false, "ATL", "ATLA/3/1 MIAA/40/0"},
	{"sex unknown: facilities for any only", UNSET, false, "MIA", "MIAA/40/1 ATLA/3/0"},
	{"child, ATL: family facilities only", SEX_M, true, "ATL", "FAMA/1/1 FAMP/15/0"},
	{"child, no AOR", SEX_F, true, NULL, "FAMP/15/0 FAMA/1/0"},
	{"child of sex X", SEX_X, true, "PHI", "FAMP/15/1 FAMA/1/0"},
};

static void format_placements(const struct placement *p, size_t n, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, size - len, "%s%s/%lld/%d", i ? " " : "", p[i].row->facility->code,
					(long long)p[i].free, p[i].in_aor);
		assert_true(len < size);
	}
}

static void test_place(void **unused)
{
	(void)unused;
	struct occupancy_row rows[16];
	struct placement out[16];
	size_t n = rows_at(T("2025-06-01T00:00:00Z"), usual, ROWS(usual), rows);
	assert_int_equal(n, 9);
	for (size_t i = 0; i < ROWS(place_cases); i++) {
		const struct place_case *c = &place_cases[i];
		int aor = c->aor ? vocab_find(&vocab_aor, c->aor) : UNSET;
		if (c->aor)
			assert_true(aor >= 0);
		size_t k = beds_place(rows, n, c->sex, c->child, aor, out);
		char got[256];
		format_placements(out, k, got, sizeof got);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s: \"%s\", expected \"%s\"", c->what, got, c->want);
		for (size_t j = 0; j < k; j++) {
			assert_true(out[j].row >= rows && out[j].row < rows + n);
			assert_int_equal(out[j].free, out[j].row->capacity - out[j].row->population);
		}
	}
}

/* Full, over-full, closed and not yet open facilities are skipped. */
static void test_place_skips(void **unused)
{
	(void)unused;
	struct occupancy_row rows[16];
	struct placement out[16];
	char got[256];

	/* everything full or over capacity */
	static const struct pop full[] = {
		{"ATLM", 10}, {"ATLF", 10}, {"ATLA", 5}, {"MIAA", 51}, {"MIAM", 30}, {"FAMP", 20}, {"FAMA", 9},
	};
	size_t n = rows_at(T("2025-06-01T00:00:00Z"), full, ROWS(full), rows);
	assert_int_equal(beds_place(rows, n, SEX_M, false, vocab_find(&vocab_aor, "ATL"), out), 0);
	assert_int_equal(beds_place(rows, n, SEX_F, true, UNSET, out), 0);

	/* one bed left at MIAM */
	static const struct pop one[] = {
		{"ATLM", 10}, {"ATLF", 10}, {"ATLA", 5}, {"MIAA", 50}, {"MIAM", 29}, {"FAMP", 20}, {"FAMA", 8},
	};
	n = rows_at(T("2025-06-01T00:00:00Z"), one, ROWS(one), rows);
	size_t k = beds_place(rows, n, SEX_M, false, vocab_find(&vocab_aor, "ATL"), out);
	format_placements(out, k, got, sizeof got);
	assert_string_equal(got, "MIAM/1/0");
	assert_int_equal(beds_place(rows, n, SEX_F, false, UNSET, out), 0);

	/* SHUT is closed and LATE not open yet at 2025-06-01: never suggested,
	 * even with a closed row still saying its beds */
	n = rows_at(T("2025-06-01T00:00:00Z"), NULL, 0, rows);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].facility->code, "SHUT") == 0) {
			assert_false(rows[i].open);
			assert_non_null(rows[i].details);
			rows[i].capacity = 100;
		}
	k = beds_place(rows, n, SEX_M, false, vocab_find(&vocab_aor, "ATL"), out);
	format_placements(out, k, got, sizeof got);
	assert_string_equal(got, "ATLM/10/1 ATLA/5/1 MIAA/50/0 MIAM/30/0");

	/* in 2026 LATE is open, empty and in ATL */
	n = rows_at(T("2026-01-01T00:00:00Z"), NULL, 0, rows);
	k = beds_place(rows, n, SEX_X, false, vocab_find(&vocab_aor, "ATL"), out);
	format_placements(out, k, got, sizeof got);
	assert_string_equal(got, "LATE/100/1 ATLA/5/1 MIAA/50/0");

	/* no rows at all */
	assert_int_equal(beds_place(rows, 0, SEX_M, false, UNSET, out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_candidate_exclusions),
		cmocka_unit_test(test_candidate_fields),
		cmocka_unit_test(test_candidate_release_required),
		cmocka_unit_test(test_rank_order),
		cmocka_unit_test(test_rank_small),
		cmocka_unit_test(test_place),
		cmocka_unit_test(test_place_skips),
	};
	return cmocka_run_group_tests(tests, setup, facilities_teardown);
}
