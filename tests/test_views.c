/* test_views.c: the JSON answers of the queries (src/views), written into
 * memory streams as the server writes them: their content, the AOR scope
 * of the lists of people, and the errors of an unknown person or facility.
 * That the command prints the same bytes is the end-to-end tests' job. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "views.h"

#define T_NOW "2025-03-15T00:00:00Z"

/* Who is who:
 *  01 arrested NYC, held at NYCA, final order 2025-02-01 (in the removal
 *     period: never a candidate)
 *  02 arrested CHI, held at CHIA, convicted
 *  03 arrested NYC, held at NYCA
 *  06 never arrested, enrolled with no AOR: a hearing 2025-03-16T15:00
 *  07 arrested CHI, enrolled 2025-02-01, never checked in: missed */
static const char *const events[] = {
	"{'id':'f1','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'NYCA','name':'New York A','aor':'NYC','kind':'CDF','capacity':3}",
	"{'id':'f2','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'CHIA','name':'Chicago A','aor':'CHI','kind':'CDF','capacity':2}",
	"{'id':'a1','type':'arrest','at':'2025-01-10T08:00:00Z','person':'A100000001','aor':'NYC','agency':'ICE','sex':'M'}",
	"{'id':'b1','type':'book_in','at':'2025-01-10T10:00:00Z','person':'A100000001','facility':'NYCA'}",
	"{'id':'c1','type':'classify','at':'2025-01-10T12:00:00Z','person':'A100000001','criminality':'none','mandatory':'none'}",
	"{'id':'o1','type':'removal_order','at':'2025-02-01T10:00:00Z','person':'A100000001','final':'2025-02-01'}",
	"{'id':'a2','type':'arrest','at':'2025-01-11T08:00:00Z','person':'A100000002','aor':'CHI','agency':'ICE','sex':'M'}",
	"{'id':'b2','type':'book_in','at':'2025-01-11T10:00:00Z','person':'A100000002','facility':'CHIA'}",
	"{'id':'c2','type':'classify','at':'2025-01-11T12:00:00Z','person':'A100000002','criminality':'convicted','mandatory':'none'}",
	"{'id':'a3','type':'arrest','at':'2025-01-12T08:00:00Z','person':'A100000003','aor':'NYC','agency':'ICE','sex':'F'}",
	"{'id':'b3','type':'book_in','at':'2025-01-12T10:00:00Z','person':'A100000003','facility':'NYCA'}",
	"{'id':'c3','type':'classify','at':'2025-01-12T12:00:00Z','person':'A100000003','criminality':'none','mandatory':'none'}",
	"{'id':'e6','type':'atd_enroll','at':'2025-03-01T00:00:00Z','person':'A100000006','technology':'none','checkin_days':30}",
	"{'id':'h6','type':'hearing','at':'2025-03-02T00:00:00Z','person':'A100000006','status':'scheduled','hearing_at':'2025-03-16T15:00:00Z'}",
	"{'id':'a7','type':'arrest','at':'2025-01-20T08:00:00Z','person':'A100000007','aor':'CHI','agency':'ICE'}",
	"{'id':'e7','type':'atd_enroll','at':'2025-02-01T00:00:00Z','person':'A100000007','technology':'app','checkin_days':7}",
	NULL,
};

struct fixture {
	struct tmp *dir;
	struct ledger *l;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->dir = tmp_new("views");
	assert_non_null(f->dir);
	f->l = open_test_ledger(f->dir->path, STORE_CREATE);
	append_all(f->l, events);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ledger_close(f->l);
	assert_int_equal(tmp_free(f->dir), 0);
	free(f);
	return 0;
}

static struct ledger *ledger_of(void **state)
{
	return ((struct fixture *)*state)->l;
}

/* ------------------------------------------------------------ capturing */

/* A memory stream a view writes into, as the server's. */
struct capture {
	FILE *out;
	char *text;
	size_t len;
};

static FILE *capture_start(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->out = open_memstream(&c->text, &c->len);
	assert_non_null(c->out);
	return c->out;
}

/* What the view wrote; the caller frees it. */
static char *capture_end(struct capture *c)
{
	assert_int_equal(fclose(c->out), 0);
	return c->text;
}

/* The JSON document a view wrote (one, then a newline); the caller
 * json_decref()s it. */
static json_t *document(char *text)
{
	size_t len = strlen(text);
	assert_true(len > 0 && text[len - 1] == '\n');
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);
	if (!j)
		fail_msg("not JSON (%s): %s", jerr.text, text);
	free(text);
	return j;
}

/* The persons of an array of rows, in order, as "A1 A2 ..." (repeated when
 * a person has several rows) into buf. */
static const char *persons(const json_t *rows, char *buf, size_t size)
{
	size_t i;
	json_t *row;
	buf[0] = '\0';
	assert_true(json_is_array(rows));
	json_array_foreach(rows, i, row)
	{
		size_t used = strlen(buf);
		snprintf(buf + used, size - used, "%s%s", used ? " " : "", json_string_value(json_object_get(row, "person")));
	}
	return buf;
}

static int aor(const char *code)
{
	int a = vocab_find(&vocab_aor, code);
	assert_true(a >= 0);
	return a;
}

/* Every AOR but none of the bits beyond them: unlike VIEW_ALL_AORS, it
 * leaves out the people of no known AOR. */
static aor_mask_t every_aor(void)
{
	return ((aor_mask_t)1 << VOCAB_AORS) - 1;
}

/* ------------------------------------------------------------ beds */

static void test_occupancy(void **state)
{
	struct capture c;
	struct error err;
	assert_int_equal(view_occupancy(capture_start(&c), ledger_of(state), T(T_NOW), &err), 0);
	json_t *o = document(capture_end(&c));
	assert_string_equal(json_string_value(json_object_get(o, "at")), T_NOW);
	json_t *national = json_object_get(o, "national");
	assert_int_equal(json_integer_value(json_object_get(national, "population")), 3);
	assert_int_equal(json_integer_value(json_object_get(national, "facility_capacity")), 5);
	json_t *aors = json_object_get(o, "aors");
	assert_int_equal(json_array_size(aors), 2);
	for (size_t i = 0; i < 2; i++) {
		json_t *a = json_array_get(aors, i);
		bool nyc = strcmp(json_string_value(json_object_get(a, "aor")), "NYC") == 0;
		assert_int_equal(json_integer_value(json_object_get(a, "population")), nyc ? 2 : 1);
		assert_int_equal(json_integer_value(json_object_get(a, "capacity")), nyc ? 3 : 2);
	}
	assert_int_equal(json_array_size(json_object_get(o, "facilities")), 2);
	json_decref(o);
}

static void test_facilities(void **state)
{
	struct capture c;
	struct error err;
	assert_int_equal(view_facilities(capture_start(&c), ledger_of(state), T(T_NOW), &err), 0);
	json_t *a = document(capture_end(&c));
	assert_int_equal(json_array_size(a), 2);
	json_t *chia = json_array_get(a, 0); /* by code */
	assert_string_equal(json_string_value(json_object_get(chia, "facility")), "CHIA");
	assert_int_equal(json_integer_value(json_object_get(chia, "population")), 1);
	assert_int_equal(json_integer_value(json_object_get(chia, "free")), 1);
	assert_true(json_is_true(json_object_get(chia, "open")));
	json_decref(a);
}

/* ------------------------------------------------------------ people */

static void test_show(void **state)
{
	struct capture c;
	struct error err;
	assert_int_equal(view_show(capture_start(&c), ledger_of(state), "A100000001", T(T_NOW), &err), 0);
	json_t *o = document(capture_end(&c));
	assert_string_equal(json_string_value(json_object_get(o, "person")), "A100000001");
	assert_true(json_is_true(json_object_get(o, "detained")));
	assert_string_equal(json_string_value(json_object_get(o, "facility")), "NYCA");
	assert_string_equal(json_string_value(json_object_get(o, "final_order")), "2025-02-01");
	json_t *ev = json_object_get(o, "events");
	assert_int_equal(json_array_size(ev), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 1), "type")), "book_in");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(ev, 1), "seq")), 4);
	assert_true(json_array_size(json_object_get(o, "flags")) > 0);
	json_decref(o);

	/* at an instant between the arrest and the book-in: one event */
	assert_int_equal(view_show(capture_start(&c), ledger_of(state), "A100000001", T("2025-01-10T09:00:00Z"), &err), 0);
	o = document(capture_end(&c));
	assert_int_equal(json_array_size(json_object_get(o, "events")), 1);
	assert_true(json_is_false(json_object_get(o, "detained")));
	assert_true(json_is_null(json_object_get(o, "facility")));
	json_decref(o);
}

static void test_unknown_person(void **state)
{
	struct capture c;
	struct error err;
	int a = 0;
	assert_int_equal(view_show(capture_start(&c), ledger_of(state), "A999999999", T(T_NOW), &err), ERR_NOTFOUND);
	char *text = capture_end(&c);
	assert_string_equal(text, ""); /* nothing written */
	free(text);
	assert_non_null(strstr(err.msg, "A999999999"));
	assert_int_equal(view_place(capture_start(&c), ledger_of(state), "A999999999", T(T_NOW), UNSET, &err),
			 ERR_NOTFOUND);
	free(capture_end(&c));
	assert_int_equal(view_person_aor(ledger_of(state), "A999999999", T(T_NOW), &a, &err), ERR_NOTFOUND);
}

static void test_person_aor(void **state)
{
	struct error err;
	int a;
	assert_int_equal(view_person_aor(ledger_of(state), "A100000001", T(T_NOW), &a, &err), 0);
	assert_int_equal(a, aor("NYC"));
	assert_int_equal(view_person_aor(ledger_of(state), "A100000002", T(T_NOW), &a, &err), 0);
	assert_int_equal(a, aor("CHI"));
	assert_int_equal(view_person_aor(ledger_of(state), "A100000007", T(T_NOW), &a, &err), 0);
	assert_int_equal(a, aor("CHI")); /* enrolled with no AOR: the arrest's */
	assert_int_equal(view_person_aor(ledger_of(state), "A100000006", T(T_NOW), &a, &err), 0);
	assert_int_equal(a, UNSET);
}

static void test_place(void **state)
{
	struct capture c;
	struct error err;
	/* a woman arrested in NYC: both facilities have a free bed, NYC's first */
	assert_int_equal(view_place(capture_start(&c), ledger_of(state), "A100000003", T(T_NOW), UNSET, &err), 0);
	json_t *a = document(capture_end(&c));
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "facility")), "NYCA");
	assert_true(json_is_true(json_object_get(json_array_get(a, 0), "in_aor")));
	json_decref(a);
	/* --aor CHI puts Chicago first */
	assert_int_equal(view_place(capture_start(&c), ledger_of(state), "A100000003", T(T_NOW), aor("CHI"), &err), 0);
	a = document(capture_end(&c));
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "facility")), "CHIA");
	json_decref(a);
}

/* ------------------------------------------------------------ flags */

/* The persons of view_flags() at T_NOW in aor_mask, as persons() gives. */
static const char *flag_persons(void **state, aor_mask_t aor_mask, char *buf, size_t size)
{
	struct flag_filter filter;
	flag_filter_any(&filter);
	filter.aor_mask = aor_mask;
	struct capture c;
	struct error err;
	assert_int_equal(view_flags(capture_start(&c), ledger_of(state), T(T_NOW), &filter, &err), 0);
	json_t *a = document(capture_end(&c));
	persons(a, buf, size);
	json_decref(a);
	return buf;
}

static void test_flags_aor_mask(void **state)
{
	char all[1024], nyc[1024], every[1024];
	flag_persons(state, VIEW_ALL_AORS, all, sizeof all);
	assert_non_null(strstr(all, "A100000002"));
	assert_non_null(strstr(all, "A100000006"));
	/* an officer of NYC sees NYC's people only */
	flag_persons(state, aor_mask_of(aor("NYC")), nyc, sizeof nyc);
	assert_non_null(strstr(nyc, "A100000001"));
	assert_null(strstr(nyc, "A100000002"));
	assert_null(strstr(nyc, "A100000006"));
	assert_null(strstr(nyc, "A100000007"));
	/* every AOR, but not the people of none */
	flag_persons(state, every_aor(), every, sizeof every);
	assert_non_null(strstr(every, "A100000002"));
	assert_null(strstr(every, "A100000006"));
	/* a mask of no AOR lists nobody */
	assert_string_equal(flag_persons(state, 0, every, sizeof every), "");
}

static void test_unknown_facility(void **state)
{
	struct flag_filter filter;
	flag_filter_any(&filter);
	filter.facility = "NOPE";
	struct capture c;
	struct error err;
	assert_int_equal(view_flags(capture_start(&c), ledger_of(state), T(T_NOW), &filter, &err), ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "NOPE"));
	free(capture_end(&c));
	assert_int_equal(view_candidates(capture_start(&c), ledger_of(state), T(T_NOW), &filter, SIZE_MAX, &err),
			 ERR_NOTFOUND);
	free(capture_end(&c));
	assert_int_equal(view_check_facility(ledger_of(state), "NYCA", &err), 0);
	assert_int_equal(view_check_facility(ledger_of(state), NULL, &err), 0);
}

static void test_candidates(void **state)
{
	struct flag_filter filter;
	flag_filter_any(&filter);
	struct capture c;
	struct error err;
	char buf[256];
	assert_int_equal(view_candidates(capture_start(&c), ledger_of(state), T(T_NOW), &filter, SIZE_MAX, &err), 0);
	json_t *a = document(capture_end(&c));
	assert_int_equal(json_array_size(a), 2); /* 01 is in the removal period */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(a, 0), "rank")), 1);
	json_decref(a);
	filter.aor_mask = aor_mask_of(aor("NYC"));
	assert_int_equal(view_candidates(capture_start(&c), ledger_of(state), T(T_NOW), &filter, SIZE_MAX, &err), 0);
	a = document(capture_end(&c));
	assert_string_equal(persons(a, buf, sizeof buf), "A100000003");
	json_decref(a);
	filter.aor_mask = VIEW_ALL_AORS;
	assert_int_equal(view_candidates(capture_start(&c), ledger_of(state), T(T_NOW), &filter, 1, &err), 0);
	a = document(capture_end(&c));
	assert_int_equal(json_array_size(a), 1);
	json_decref(a);
}

/* ------------------------------------------------------------ supervision */

static void test_atd(void **state)
{
	struct capture c;
	struct error err;
	assert_int_equal(view_atd(capture_start(&c), ledger_of(state), T(T_NOW), VIEW_ALL_AORS, ATD_BY_AOR, &err), 0);
	json_t *o = document(capture_end(&c));
	assert_int_equal(json_integer_value(json_object_get(o, "active")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "by_aor"), "CHI")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "by_aor"), "unknown")), 1);
	assert_int_equal(json_array_size(json_object_get(o, "groups")), 2);
	json_decref(o);
	assert_int_equal(
		view_atd(capture_start(&c), ledger_of(state), T(T_NOW), aor_mask_of(aor("CHI")), ATD_BY_NONE, &err), 0);
	o = document(capture_end(&c));
	assert_int_equal(json_integer_value(json_object_get(o, "active")), 1);
	assert_null(json_object_get(o, "groups"));
	json_decref(o);
}

static void test_atd_lists_and_hearings_aor_mask(void **state)
{
	struct capture c;
	struct error err;
	char buf[256];
	assert_int_equal(view_atd_list(capture_start(&c), ledger_of(state), T(T_NOW), VIEW_ALL_AORS, ATD_MISSED, &err), 0);
	json_t *a = document(capture_end(&c));
	assert_string_equal(persons(a, buf, sizeof buf), "A100000007");
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "aor")), "CHI");
	assert_true(json_integer_value(json_object_get(json_array_get(a, 0), "missed_periods")) >= 5);
	json_decref(a);
	assert_int_equal(
		view_atd_list(capture_start(&c), ledger_of(state), T(T_NOW), aor_mask_of(aor("NYC")), ATD_MISSED, &err),
		0);
	char *text = capture_end(&c);
	assert_string_equal(text, "[]\n");
	free(text);

	ts_t from = T(T_NOW), to = from + 7 * TS_DAY;
	assert_int_equal(view_hearings(capture_start(&c), ledger_of(state), from, to, VIEW_ALL_AORS, &err), 0);
	a = document(capture_end(&c));
	assert_string_equal(persons(a, buf, sizeof buf), "A100000006");
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "hearing_at")), "2025-03-16T15:00:00Z");
	assert_true(json_is_null(json_object_get(json_array_get(a, 0), "aor")));
	json_decref(a);
	/* 06 has no AOR: left out of any scope but VIEW_ALL_AORS */
	assert_int_equal(view_hearings(capture_start(&c), ledger_of(state), from, to, every_aor(), &err), 0);
	text = capture_end(&c);
	assert_string_equal(text, "[]\n");
	free(text);
}

/* ------------------------------------------------------------ rules, statistics, ICE */

static void test_rules(void **state)
{
	(void)state;
	struct rules r;
	rules_default(&r);
	struct capture c;
	struct error err;
	assert_int_equal(view_rules(capture_start(&c), &r, &err), 0);
	json_t *a = document(capture_end(&c));
	assert_int_equal(json_array_size(a), rules_count());
	assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "source")), "default");
	json_decref(a);
}

static void test_stats(void **state)
{
	struct stats_snapshot s;
	struct error err;
	assert_int_equal(view_load_snapshot(ledger_of(state), &s, &err), 0);
	struct capture c;
	assert_int_equal(view_stats_detained(capture_start(&c), &s, T(T_NOW), STATS_BY_AOR, &err), 0);
	json_t *o = document(capture_end(&c));
	assert_int_equal(json_integer_value(json_object_get(o, "detained")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "groups"), "NYC")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "groups"), "CHI")), 1);
	json_decref(o);

	int64_t first, last;
	struct stats_calendar cal;
	assert_int_equal(stats_parse_day("2025-01-10", &first, &err), 0);
	assert_int_equal(stats_parse_day("2025-01-12", &last, &err), 0);
	assert_int_equal(stats_calendar_init(&cal, NULL, first, last, &err), 0);
	assert_int_equal(view_stats_daily(capture_start(&c), &s, &cal, STATS_BY_NONE, true, &err), 0);
	char *csv = capture_end(&c);
	assert_string_equal(csv, "date,group,arrests,population,book_ins,book_outs,removals\n"
				 "2025-01-10,,1,1,1,0,0\n"
				 "2025-01-11,,1,2,1,0,0\n"
				 "2025-01-12,,1,3,1,0,0\n");
	free(csv);
	assert_int_equal(view_stats_period(capture_start(&c), &s, &cal, STATS_BY_NONE, &err), 0);
	o = document(capture_end(&c));
	assert_string_equal(json_string_value(json_object_get(o, "from")), "2025-01-10");
	assert_string_equal(json_string_value(json_object_get(o, "to")), "2025-01-12");
	assert_string_equal(json_string_value(json_object_get(o, "tz")), "UTC");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "book_ins"), "ICE")), 3);
	json_decref(o);
	stats_calendar_free(&cal);

	/* the report of FY2025 as of T_NOW, without ICE's figures */
	stats_fiscal_year(2025, &first, &last);
	assert_int_equal(stats_calendar_init(&cal, NULL, first, last, &err), 0);
	struct view_report_params p = {2025, &cal, T(T_NOW), NULL, false, NULL};
	assert_int_equal(view_report(capture_start(&c), &s, ledger_facilities(ledger_of(state)), &p, &err), 0);
	o = document(capture_end(&c));
	assert_int_equal(json_integer_value(json_object_get(o, "fy")), 2025);
	assert_string_equal(json_string_value(json_object_get(o, "at")), T_NOW);
	assert_null(json_object_get(o, "official"));
	assert_int_equal(json_array_size(json_object_get(o, "cohorts")), ICE_MONTHS + 1);
	json_decref(o);
	stats_calendar_free(&cal);
	stats_snapshot_free(&s);
}

static void test_official_not_imported(void **state)
{
	struct capture c;
	struct error err;
	assert_false(view_official_table_known("nope"));
	assert_true(view_official_table_known("atd") && view_official_table_known(NULL));
	assert_int_equal(view_official(capture_start(&c), ledger_of(state), 2025, NULL, &err), ERR_NOTFOUND);
	free(capture_end(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_occupancy),
		cmocka_unit_test(test_facilities),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_unknown_person),
		cmocka_unit_test(test_person_aor),
		cmocka_unit_test(test_place),
		cmocka_unit_test(test_flags_aor_mask),
		cmocka_unit_test(test_unknown_facility),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_atd),
		cmocka_unit_test(test_atd_lists_and_hearings_aor_mask),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_official_not_imported),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
