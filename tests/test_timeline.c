/* test_timeline.c: one person's timeline (timeline.h).
 *
 * Events are written as in the contract (events.md), with single quotes so
 * that they read without escapes; parse_event() (support.h) turns them into
 * JSON and parses them with event_parse(). Every test person is A-123-456-789 (A123456789).
 *
 * Facilities (set up once for the group):
 *   AAA, BBB  open from 2025-01-01
 *   CCC       open 2025-01-01, closes 2025-03-01
 *   DDD       opens 2025-02-01
 *   OLD       open 2024-01-01, closed 2024-12-01 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "event.h"
#include "facility.h"
#include "rules.h"
#include "timeline.h"

#define PERSON "A123456789"
#define P "'person':'A-123-456-789'"

/* Lines most scenarios start from. */
#define ARREST "{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE','criminality':'pending'}"
#define BOOK_IN "{'id':'bi1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'AAA'}"
#define TRANSFER "{'id':'tr1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'BBB'}"
#define BOOK_OUT "{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'removed','country':'MX'}"
#define ORDER "{'id':'ro1','type':'removal_order','at':'2025-01-12T10:00:00Z'," P "}"
#define ENROLL "{'id':'en1','type':'atd_enroll','at':'2025-01-05T09:00:00Z'," P ",'technology':'app','checkin_days':7,'aor':'ATL'}"
#define SCHEDULED "{'id':'hs1','type':'hearing','at':'2025-01-12T09:00:00Z'," P ",'status':'scheduled','hearing_at':'2025-03-14T13:30:00Z'}"
#define ATTENDED "{'id':'ha1','type':'hearing','at':'2025-03-14T15:00:00Z'," P ",'status':'attended','hearing_at':'2025-03-14T13:30:00Z'}"
#define SET_BOND "{'id':'bs1','type':'bond','at':'2025-01-15T10:00:00Z'," P ",'status':'set','amount':5000,'by':'IJ'}"

static struct facility_registry reg;
static struct rules forbid, allow; /* border_release forbidden (default) / allowed */

/* ------------------------------------------------------------------ helpers */

static int apply(struct timeline *tl, const char *line, const struct rules *rules, struct error *err)
{
	struct event e;
	parse_event(line, &e);
	int rc = timeline_apply(tl, &e, &reg, rules, err);
	event_free(&e);
	return rc;
}

static void apply_ok(struct timeline *tl, const char *line, const struct rules *rules)
{
	struct error err = {0};
	if (apply(tl, line, rules, &err) != 0)
		fail_msg("timeline_apply(%s): %s", line, err.msg);
}

/* Apply a NULL-terminated list of lines in order, each of which must succeed. */
static void apply_all(struct timeline *tl, const char *const *lines, const struct rules *rules)
{
	for (; lines && *lines; lines++)
		apply_ok(tl, *lines, rules);
}

static void appendf(char *buf, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void appendf(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	*len += (size_t)vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	assert_true(*len < size);
}

/* The timeline's state as text, to compare before and after a rejection or
 * between two ways of building it. */
static void describe(const struct timeline *tl, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	appendf(buf, size, &n, "last=%lld events=%zu name=%s/%s born=%lld sex=%d cit=%s/%s\n",
		(long long)tl->last_at, tl->n_events, tl->family_name ? tl->family_name : "-",
		tl->given_name ? tl->given_name : "-", (long long)tl->birth_date, tl->sex, tl->citizenship,
		tl->birth_country);
	appendf(buf, size, &n, "class=%d/%d/%d/%d at %lld by %s arrest=%s@%lld aor=%d agency=%d border=%d\n",
		tl->criminality, tl->threat_level, tl->mandatory, tl->protected_, (long long)tl->classified_at,
		tl->mandatory_by, tl->arrest_id, (long long)tl->arrest_at, tl->arrest_aor, tl->agency, tl->border);
	appendf(buf, size, &n, "detained=%d stay=%s@%s[%lld,%lld) r=%d a=%d b=%d c=%d/%d stint=%s/%s@%s[%lld,%lld)\n",
		tl->detained, tl->stay.key, tl->stay.facility, (long long)tl->stay.in, (long long)tl->stay.out,
		tl->stay.out_reason, tl->stay.agency, tl->stay.border, tl->stay.criminality_in,
		tl->stay.criminality_out, tl->stint.key, tl->stint.stay_key, tl->stint.facility,
		(long long)tl->stint.in, (long long)tl->stint.out);
	appendf(buf, size, &n, "bond=%d/%d order=%d/%lld/%s sor=%d noncoop=%d@%lld travel=%d/%s departed=%d/%s\n",
		tl->bond_status, tl->bond_amount, tl->final_order, (long long)tl->final_date, tl->order_id,
		tl->stay_of_removal, tl->noncooperation, (long long)tl->noncooperation_since, tl->travel_status,
		tl->travel_country, tl->departed, tl->departure_country);
	appendf(buf, size, &n, "person=%s/%s/%s/%s order_at=%lld stay_at=%lld travel_at=%lld review90=%lld review180=%lld "
		"continued=%lld:%d review=%lld:%d\n",
		tl->person, tl->stay.person, tl->stint.person, tl->enrolment.person, (long long)tl->order_at, (long long)tl->stay_at, (long long)tl->travel_at,
		(long long)tl->review_90_at, (long long)tl->review_180_at, (long long)tl->review_continued_at,
		tl->review_continued, (long long)tl->review_at, tl->review_foreseeable);
	for (size_t i = 0; i < tl->n_noncoop; i++)
		appendf(buf, size, &n, "noncoop [%lld,%lld)\n", (long long)tl->noncoop[i].start,
			(long long)tl->noncoop[i].end);
	for (size_t i = 0; i < tl->n_hearings; i++)
		appendf(buf, size, &n, "hearing %lld=%d\n", (long long)tl->hearings[i].hearing_at,
			tl->hearings[i].status);
	appendf(buf, size, &n, "enrolled=%d %s[%lld,%lld) r=%d tech=%d days=%d aor=%d\n", tl->enrolled,
		tl->enrolment.key, (long long)tl->enrolment.start, (long long)tl->enrolment.end,
		tl->enrolment.end_reason, tl->enrolment.technology, tl->enrolment.checkin_days, tl->enrolment.aor);
	const struct tl_changes *c = &tl->changes;
	for (size_t i = 0; i < c->n_stays; i++)
		appendf(buf, size, &n, "changed stay %s out=%lld r=%d\n", c->stays[i].key,
			(long long)c->stays[i].out, c->stays[i].out_reason);
	for (size_t i = 0; i < c->n_stints; i++)
		appendf(buf, size, &n, "changed stint %s/%s out=%lld\n", c->stints[i].key, c->stints[i].stay_key,
			(long long)c->stints[i].out);
	for (size_t i = 0; i < c->n_enrolments; i++)
		appendf(buf, size, &n, "changed enrolment %s end=%lld r=%d tech=%d days=%d\n",
			c->enrolments[i].key, (long long)c->enrolments[i].end, c->enrolments[i].end_reason,
			c->enrolments[i].technology, c->enrolments[i].checkin_days);
}

/* The table case being run, for failure messages ("" outside tables). */
static const char *current_case = "";

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("%s%s\"%s\" does not contain \"%s\"", current_case, *current_case ? ": " : "", text,
			 part);
}

/* timeline_apply(line) must be rejected with a message naming the person,
 * the time (RFC 3339 UTC), the event's id and every string in must[], and
 * must leave tl exactly as it was. */
static void expect_rejected(struct timeline *tl, const char *line, const struct rules *rules,
			    const char *const *must)
{
	char before[4096], after[4096], at[TS_TEXT_MAX];
	describe(tl, before, sizeof before);
	struct event e;
	parse_event(line, &e);
	struct error err = {0};
	int rc = timeline_apply(tl, &e, &reg, rules, &err);
	if (rc != ERR_REJECTED)
		fail_msg("timeline_apply(%s): expected ERR_REJECTED, got %d (%s)", line, rc, err.msg);
	assert_int_equal(err.code, ERR_REJECTED);
	assert_contains(err.msg, PERSON);
	assert_contains(err.msg, ts_format(e.at, at));
	assert_contains(err.msg, e.id);
	for (; must && *must; must++)
		assert_contains(err.msg, *must);
	event_free(&e);
	describe(tl, after, sizeof after);
	assert_string_equal(after, before);
}

/* replay_lines() of PERSON over this file's facilities under forbid, no line recorded now. */
static int replay(struct timeline *tl, const char *const *lines, ts_t until, size_t *failed, struct error *err)
{
	return replay_lines(tl, PERSON, lines, until, &reg, &forbid, -1, failed, err);
}

static int setup(void **state)
{
	load_facilities(&reg, LINES("{'id':'aaa','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'AAA','name':'A','aor':'ATL','kind':'CDF','capacity':100}",
				    "{'id':'bbb','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'BBB','name':'B','aor':'MIA','kind':'SPC','capacity':100}",
				    "{'id':'ccc','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'CCC','name':'C','aor':'ATL','kind':'IGSA','capacity':10}",
				    "{'id':'ccc-close','type':'facility_close','at':'2025-03-01T00:00:00Z','facility':'CCC'}",
				    "{'id':'ddd','type':'facility_open','at':'2025-02-01T00:00:00Z','facility':'DDD','name':'D','aor':'ATL','kind':'HOLD','capacity':5}",
				    "{'id':'old','type':'facility_open','at':'2024-01-01T00:00:00Z','facility':'OLD','name':'O','aor':'ATL','kind':'HOLD','capacity':5}",
				    "{'id':'old-close','type':'facility_close','at':'2024-12-01T00:00:00Z','facility':'OLD'}"));
	*state = &reg;
	border_rules(&forbid, &allow);
	return 0;
}

/* -------------------------------------------------------------- transitions */

static void test_arrest_identity_and_classification(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_ok(&tl, "{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE',"
		      "'method':'at-large','family_name':'Example','given_name':'One','birth_date':'1988-04-02',"
		      "'sex':'M','citizenship':'CU','birth_country':'CU','criminality':'pending','threat_level':3}",
		 &forbid);
	assert_string_equal(tl.family_name, "Example");
	assert_string_equal(tl.given_name, "One");
	assert_int_equal(tl.birth_date, T("1988-04-02"));
	assert_int_equal(tl.sex, SEX_M);
	assert_string_equal(tl.citizenship, "CU");
	assert_int_equal(tl.criminality, CRIM_PENDING);
	assert_int_equal(tl.threat_level, 3);
	assert_int_equal(tl.mandatory, UNSET);
	assert_string_equal(tl.arrest_id, "ar1");
	assert_int_equal(tl.arrest_at, T("2025-01-10T08:00:00Z"));
	assert_int_equal(tl.arrest_aor, vocab_find(&vocab_aor, "ATL"));
	assert_int_equal(tl.agency, AGENCY_ICE);
	assert_int_equal(tl.border, 0);
	assert_false(tl.detained);
	assert_int_equal(tl.n_events, 1);
	assert_int_equal(tl.last_at, T("2025-01-10T08:00:00Z"));

	/* A later arrest replaces what it gives and keeps the rest. */
	apply_ok(&tl, "{'id':'ar2','type':'arrest','at':'2025-06-01T08:00:00Z'," P ",'aor':'ELP','agency':'CBP',"
		      "'border':true,'family_name':'Ejemplo','criminality':'convicted','threat_level':null}",
		 &forbid);
	assert_string_equal(tl.family_name, "Ejemplo");
	assert_string_equal(tl.given_name, "One");
	assert_int_equal(tl.birth_date, T("1988-04-02"));
	assert_string_equal(tl.citizenship, "CU");
	assert_int_equal(tl.criminality, CRIM_CONVICTED);
	assert_int_equal(tl.threat_level, THREAT_NULL);
	assert_string_equal(tl.arrest_id, "ar2");
	assert_int_equal(tl.arrest_aor, vocab_find(&vocab_aor, "ELP"));
	assert_int_equal(tl.agency, AGENCY_CBP);
	assert_int_equal(tl.border, 1);
	assert_int_equal(tl.n_events, 2);
	timeline_free(&tl);
}

static void test_book_in_opens_stay_and_stint(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(
		"{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ELP','agency':'CBP','border':true,'criminality':'convicted'}",
		BOOK_IN), &forbid);
	assert_true(tl.detained);
	assert_string_equal(tl.stay.key, "bi1");
	assert_string_equal(tl.stay.person, PERSON);
	assert_string_equal(tl.stay.facility, "AAA");
	assert_int_equal(tl.stay.in, T("2025-01-10T12:00:00Z"));
	assert_int_equal(tl.stay.out, TS_FOREVER);
	assert_int_equal(tl.stay.out_reason, UNSET);
	assert_int_equal(tl.stay.agency, AGENCY_CBP);
	assert_int_equal(tl.stay.border, 1);
	assert_int_equal(tl.stay.criminality_in, CRIM_CONVICTED);
	assert_int_equal(tl.stay.criminality_out, UNSET);
	assert_string_equal(tl.stint.key, "bi1");
	assert_string_equal(tl.stint.stay_key, "bi1");
	assert_string_equal(tl.stint.facility, "AAA");
	assert_int_equal(tl.stint.in, T("2025-01-10T12:00:00Z"));
	assert_int_equal(tl.stint.out, TS_FOREVER);
	assert_int_equal(tl.bond_status, UNSET);
	timeline_free(&tl);

	/* Without an arrest the episode's details are unknown. */
	timeline_init(&tl, PERSON);
	apply_ok(&tl, BOOK_IN, &forbid);
	assert_true(tl.detained);
	assert_int_equal(tl.stay.agency, UNSET);
	assert_int_equal(tl.stay.border, UNSET);
	assert_int_equal(tl.stay.criminality_in, UNSET);
	timeline_free(&tl);
}

static void test_book_in_ends_enrolment(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ENROLL, ARREST, BOOK_IN), &forbid);
	assert_true(tl.detained);
	assert_false(tl.enrolled);
	assert_string_equal(tl.enrolment.key, "en1");
	assert_int_equal(tl.enrolment.start, T("2025-01-05T09:00:00Z"));
	assert_int_equal(tl.enrolment.end, T("2025-01-10T12:00:00Z"));
	assert_int_equal(tl.enrolment.end_reason, END_DETAINED);
	assert_int_equal(tl.enrolment.technology, TECH_APP);
	assert_int_equal(tl.changes.n_enrolments, 1);
	assert_int_equal(tl.changes.enrolments[0].end, T("2025-01-10T12:00:00Z"));
	assert_int_equal(tl.changes.enrolments[0].end_reason, END_DETAINED);

	/* After release the person may be enrolled again. */
	apply_all(&tl, LINES(
		"{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'supervision'}",
		"{'id':'en2','type':'atd_enroll','at':'2025-02-10T13:00:00Z'," P ",'technology':'ankle','checkin_days':14}"), &forbid);
	assert_true(tl.enrolled);
	assert_string_equal(tl.enrolment.key, "en2");
	assert_int_equal(tl.enrolment.end, TS_FOREVER);
	assert_int_equal(tl.enrolment.end_reason, UNSET);
	assert_int_equal(tl.enrolment.aor, UNSET);
	timeline_free(&tl);
}

static void test_transfer_continues_stay(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, TRANSFER,
		"{'id':'tr2','type':'transfer','at':'2025-01-25T12:00:00Z'," P ",'facility':'AAA'}"), &forbid);
	assert_true(tl.detained);
	assert_string_equal(tl.stay.key, "bi1");
	assert_string_equal(tl.stay.facility, "AAA");
	assert_int_equal(tl.stay.in, T("2025-01-10T12:00:00Z"));
	assert_int_equal(tl.stay.out, TS_FOREVER);
	assert_string_equal(tl.stint.key, "tr2");
	assert_string_equal(tl.stint.stay_key, "bi1");
	assert_string_equal(tl.stint.facility, "AAA");
	assert_int_equal(tl.stint.in, T("2025-01-25T12:00:00Z"));
	assert_int_equal(tl.stint.out, TS_FOREVER);
	timeline_free(&tl);
}

static void test_book_out_closes_stay_and_stint(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, SET_BOND, TRANSFER,
		"{'id':'cl1','type':'classify','at':'2025-01-25T12:00:00Z'," P ",'criminality':'convicted'}",
		BOOK_OUT), &forbid);
	assert_false(tl.detained);
	assert_string_equal(tl.stay.key, "bi1");
	assert_int_equal(tl.stay.out, T("2025-02-10T12:00:00Z"));
	assert_int_equal(tl.stay.out_reason, OUT_REMOVED);
	assert_int_equal(tl.stay.criminality_in, CRIM_PENDING);
	assert_int_equal(tl.stay.criminality_out, CRIM_CONVICTED);
	assert_string_equal(tl.stint.key, "tr1");
	assert_int_equal(tl.stint.out, T("2025-02-10T12:00:00Z"));

	/* A new stay starts afresh: new key, no bond. */
	apply_ok(&tl, "{'id':'bi2','type':'book_in','at':'2025-05-01T00:00:00Z'," P ",'facility':'BBB'}", &forbid);
	assert_true(tl.detained);
	assert_string_equal(tl.stay.key, "bi2");
	assert_int_equal(tl.stay.out_reason, UNSET);
	assert_int_equal(tl.bond_status, UNSET);
	assert_int_equal(tl.bond_amount, UNSET);
	timeline_free(&tl);
}

static void test_classify(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN,
		"{'id':'cl1','type':'classify','at':'2025-01-10T18:00:00Z'," P ",'criminality':'none','threat_level':null,'mandatory':'236c','protected':true}"), &forbid);
	assert_int_equal(tl.criminality, CRIM_NONE);
	assert_int_equal(tl.threat_level, THREAT_NULL);
	assert_int_equal(tl.mandatory, MAND_236C);
	assert_int_equal(tl.protected_, 1);
	assert_string_equal(tl.mandatory_by, "cl1");
	assert_int_equal(tl.classified_at, T("2025-01-10T18:00:00Z"));

	/* Only the fields given change. */
	apply_ok(&tl, "{'id':'cl2','type':'classify','at':'2025-01-11T18:00:00Z'," P ",'protected':false}", &forbid);
	assert_int_equal(tl.protected_, 0);
	assert_int_equal(tl.mandatory, MAND_236C);
	assert_string_equal(tl.mandatory_by, "cl1");
	assert_int_equal(tl.criminality, CRIM_NONE);
	assert_int_equal(tl.classified_at, T("2025-01-11T18:00:00Z"));

	apply_ok(&tl, "{'id':'cl3','type':'classify','at':'2025-01-12T18:00:00Z'," P ",'mandatory':'none','threat_level':2}", &forbid);
	assert_int_equal(tl.mandatory, MAND_NONE);
	assert_string_equal(tl.mandatory_by, "cl3");
	assert_int_equal(tl.threat_level, 2);
	timeline_free(&tl);
}

static void test_case_events(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, ORDER), &forbid);
	assert_true(tl.final_order);
	assert_int_equal(tl.final_date, T("2025-01-12")); /* default: the date of at */
	assert_string_equal(tl.order_id, "ro1");
	assert_int_equal(tl.stay_of_removal, UNSET);

	apply_ok(&tl, "{'id':'sr1','type':'stay_of_removal','at':'2025-01-20T10:00:00Z'," P ",'status':'granted'}", &forbid);
	assert_int_equal(tl.stay_of_removal, STAY_GRANTED);
	apply_ok(&tl, "{'id':'sr2','type':'stay_of_removal','at':'2025-02-20T10:00:00Z'," P ",'status':'lifted'}", &forbid);
	assert_int_equal(tl.stay_of_removal, STAY_LIFTED);
	apply_ok(&tl, "{'id':'sr3','type':'stay_of_removal','at':'2025-02-21T10:00:00Z'," P ",'status':'granted'}", &forbid);
	assert_int_equal(tl.stay_of_removal, STAY_GRANTED);

	/* A new order starts over: no stay since it. */
	apply_ok(&tl, "{'id':'ro2','type':'removal_order','at':'2025-03-05T10:00:00Z'," P ",'final':'2025-03-01'}", &forbid);
	assert_int_equal(tl.final_date, T("2025-03-01"));
	assert_string_equal(tl.order_id, "ro2");
	assert_int_equal(tl.stay_of_removal, UNSET);

	apply_ok(&tl, "{'id':'td1','type':'travel_document','at':'2025-03-06T10:00:00Z'," P ",'status':'refused','country':'CU'}", &forbid);
	assert_int_equal(tl.travel_status, TRAVEL_REFUSED);
	assert_string_equal(tl.travel_country, "CU");

	apply_ok(&tl, "{'id':'nc1','type':'noncooperation','at':'2025-03-07T10:00:00Z'," P ",'status':'start'}", &forbid);
	assert_true(tl.noncooperation);
	assert_int_equal(tl.noncooperation_since, T("2025-03-07T10:00:00Z"));
	apply_ok(&tl, "{'id':'nc2','type':'noncooperation','at':'2025-03-17T10:00:00Z'," P ",'status':'end'}", &forbid);
	assert_false(tl.noncooperation);
	apply_ok(&tl, "{'id':'nc3','type':'noncooperation','at':'2025-03-18T10:00:00Z'," P ",'status':'start'}", &forbid);
	assert_true(tl.noncooperation);

	apply_ok(&tl, "{'id':'cr1','type':'custody_review','at':'2025-03-20T10:00:00Z'," P ",'kind':'90_day','decision':'continue'}", &forbid);
	assert_int_equal(tl.n_events, 12);
	timeline_free(&tl);
}

static void test_bond(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, SET_BOND), &forbid);
	assert_int_equal(tl.bond_status, BOND_SET);
	assert_int_equal(tl.bond_amount, 5000);
	apply_ok(&tl, "{'id':'bp1','type':'bond','at':'2025-01-16T10:00:00Z'," P ",'status':'posted'}", &forbid);
	assert_int_equal(tl.bond_status, BOND_POSTED);
	assert_int_equal(tl.bond_amount, 5000);
	apply_ok(&tl, "{'id':'bo1','type':'book_out','at':'2025-01-16T12:00:00Z'," P ",'reason':'bonded_out'}", &forbid);
	assert_int_equal(tl.stay.out_reason, OUT_BONDED_OUT);
	timeline_free(&tl);
}

static void test_hearings(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(SCHEDULED,
		"{'id':'hs2','type':'hearing','at':'2025-01-13T09:00:00Z'," P ",'status':'scheduled','hearing_at':'2025-04-01T09:00:00Z'}",
		"{'id':'hj2','type':'hearing','at':'2025-03-01T09:00:00Z'," P ",'status':'adjourned','hearing_at':'2025-04-01T09:00:00Z'}",
		ATTENDED), &forbid);
	assert_int_equal(tl.n_hearings, 2);
	assert_int_equal(tl.hearings[0].hearing_at, T("2025-03-14T13:30:00Z"));
	assert_int_equal(tl.hearings[0].status, HEARING_ATTENDED);
	assert_int_equal(tl.hearings[1].hearing_at, T("2025-04-01T09:00:00Z"));
	assert_int_equal(tl.hearings[1].status, HEARING_ADJOURNED);

	/* An adjourned hearing scheduled again may then be missed. */
	apply_all(&tl, LINES(
		"{'id':'hs3','type':'hearing','at':'2025-03-20T09:00:00Z'," P ",'status':'scheduled','hearing_at':'2025-04-01T09:00:00Z'}",
		"{'id':'hm3','type':'hearing','at':'2025-04-01T12:00:00Z'," P ",'status':'missed','hearing_at':'2025-04-01T09:00:00Z'}"), &forbid);
	assert_int_equal(tl.n_hearings, 2);
	assert_int_equal(tl.hearings[1].status, HEARING_MISSED);
	timeline_free(&tl);
}

static void test_supervision(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ENROLL,
		"{'id':'ci1','type':'atd_checkin','at':'2025-01-11T09:00:00Z'," P ",'result':'ok'}",
		"{'id':'al1','type':'atd_alert','at':'2025-01-12T09:00:00Z'," P ",'kind':'tamper'}"), &forbid);
	assert_true(tl.enrolled);
	assert_string_equal(tl.enrolment.key, "en1");
	assert_string_equal(tl.enrolment.person, PERSON);
	assert_int_equal(tl.enrolment.start, T("2025-01-05T09:00:00Z"));
	assert_int_equal(tl.enrolment.end, TS_FOREVER);
	assert_int_equal(tl.enrolment.technology, TECH_APP);
	assert_int_equal(tl.enrolment.checkin_days, 7);
	assert_int_equal(tl.enrolment.aor, vocab_find(&vocab_aor, "ATL"));

	apply_ok(&tl, "{'id':'ch1','type':'atd_change','at':'2025-01-13T09:00:00Z'," P ",'technology':'ankle','reason':'tamper'}", &forbid);
	assert_int_equal(tl.enrolment.technology, TECH_ANKLE);
	assert_int_equal(tl.enrolment.checkin_days, 7);
	apply_ok(&tl, "{'id':'ch2','type':'atd_change','at':'2025-03-13T09:00:00Z'," P ",'checkin_days':30,'reason':'compliant'}", &forbid);
	assert_int_equal(tl.enrolment.technology, TECH_ANKLE);
	assert_int_equal(tl.enrolment.checkin_days, 30);
	apply_ok(&tl, "{'id':'ch3','type':'atd_change','at':'2025-04-13T09:00:00Z'," P ",'technology':'phone','checkin_days':60,'reason':'de-escalated'}", &forbid);
	assert_int_equal(tl.enrolment.technology, TECH_PHONE);
	assert_int_equal(tl.enrolment.checkin_days, 60);
	assert_string_equal(tl.enrolment.key, "en1");

	apply_ok(&tl, "{'id':'ae1','type':'atd_end','at':'2025-05-01T09:00:00Z'," P ",'reason':'departed'}", &forbid);
	assert_false(tl.enrolled);
	assert_int_equal(tl.enrolment.end, T("2025-05-01T09:00:00Z"));
	assert_int_equal(tl.enrolment.end_reason, END_DEPARTED);

	apply_ok(&tl, "{'id':'dp1','type':'departure','at':'2025-05-02T09:00:00Z'," P ",'country':'CU'}", &forbid);
	assert_true(tl.departed);
	assert_string_equal(tl.departure_country, "CU");
	timeline_free(&tl);
}

/* --------------------------------------------------------------- rejections */

struct reject_case {
	const char *what;
	const char *const *setup; /* NULL-terminated, each accepted */
	const char *bad;          /* rejected */
	const char *must[4];      /* also in the message: the conflict; NULL-ended */
};

static const struct reject_case rejections[] = {
	{"arrest while detained", LINES(ARREST, BOOK_IN),
	 "{'id':'ar2','type':'arrest','at':'2025-01-15T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
	 {"bi1", "AAA"}},
	{"book_in while detained (time with an offset, reported in UTC)", LINES(ARREST, BOOK_IN),
	 "{'id':'bi2','type':'book_in','at':'2025-01-15T08:00:00-05:00'," P ",'facility':'BBB'}",
	 {"2025-01-15T13:00:00Z", "already in custody", "bi1"}},
	{"transfer, never booked in", LINES(ARREST),
	 "{'id':'tr1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'BBB'}",
	 {"not in custody", "never booked in"}},
	{"transfer after book-out", LINES(ARREST, BOOK_IN, BOOK_OUT),
	 "{'id':'tr9','type':'transfer','at':'2025-02-15T12:00:00Z'," P ",'facility':'BBB'}",
	 {"not in custody", "bi1", "2025-02-10T12:00:00Z"}},
	{"transfer to the same facility", LINES(ARREST, BOOK_IN),
	 "{'id':'tr1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'AAA'}",
	 {"already held at AAA"}},
	{"book_out, never booked in", LINES(ARREST), BOOK_OUT, {"never booked in"}},
	{"book_out twice", LINES(ARREST, BOOK_IN, BOOK_OUT),
	 "{'id':'bo2','type':'book_out','at':'2025-02-11T12:00:00Z'," P ",'reason':'other'}",
	 {"not in custody", "bi1"}},
	{"stay granted without a final order", LINES(ARREST, BOOK_IN),
	 "{'id':'sr1','type':'stay_of_removal','at':'2025-01-20T10:00:00Z'," P ",'status':'granted'}",
	 {"final order"}},
	{"stay lifted, none granted", LINES(ARREST, BOOK_IN, ORDER),
	 "{'id':'sr1','type':'stay_of_removal','at':'2025-01-20T10:00:00Z'," P ",'status':'lifted'}",
	 {"no stay of removal"}},
	{"stay granted twice", LINES(ORDER, "{'id':'sr1','type':'stay_of_removal','at':'2025-01-20T10:00:00Z'," P ",'status':'granted'}"),
	 "{'id':'sr2','type':'stay_of_removal','at':'2025-01-21T10:00:00Z'," P ",'status':'granted'}",
	 {"already granted"}},
	{"stay lifted after a new order", LINES(ORDER,
	 "{'id':'sr1','type':'stay_of_removal','at':'2025-01-20T10:00:00Z'," P ",'status':'granted'}",
	 "{'id':'ro2','type':'removal_order','at':'2025-02-01T10:00:00Z'," P "}"),
	 "{'id':'sr2','type':'stay_of_removal','at':'2025-02-02T10:00:00Z'," P ",'status':'lifted'}",
	 {"no stay of removal"}},
	{"noncooperation end without start", LINES(ARREST),
	 "{'id':'nc1','type':'noncooperation','at':'2025-01-20T10:00:00Z'," P ",'status':'end'}",
	 {"no non-cooperation"}},
	{"noncooperation started twice", LINES("{'id':'nc1','type':'noncooperation','at':'2025-01-20T10:00:00Z'," P ",'status':'start'}"),
	 "{'id':'nc2','type':'noncooperation','at':'2025-01-21T10:00:00Z'," P ",'status':'start'}",
	 {"already started", "2025-01-20T10:00:00Z"}},
	{"custody review while not detained", LINES(ARREST),
	 "{'id':'cr1','type':'custody_review','at':'2025-01-20T10:00:00Z'," P ",'kind':'requested','decision':'continue'}",
	 {"not in custody"}},
	{"bond set while not detained", LINES(ARREST), SET_BOND, {"not in custody"}},
	{"bond posted, none set", LINES(ARREST, BOOK_IN),
	 "{'id':'bp1','type':'bond','at':'2025-01-16T10:00:00Z'," P ",'status':'posted'}",
	 {"no bond is set"}},
	{"bond posted after a denial", LINES(ARREST, BOOK_IN, SET_BOND,
	 "{'id':'bd1','type':'bond','at':'2025-01-15T11:00:00Z'," P ",'status':'denied','by':'IJ'}"),
	 "{'id':'bp1','type':'bond','at':'2025-01-16T10:00:00Z'," P ",'status':'posted'}",
	 {"no bond is set"}},
	{"bond posted, set in an earlier stay", LINES(ARREST, BOOK_IN, SET_BOND,
	 "{'id':'bo1','type':'book_out','at':'2025-01-16T10:00:00Z'," P ",'reason':'other'}",
	 "{'id':'bi2','type':'book_in','at':'2025-02-01T10:00:00Z'," P ",'facility':'AAA'}"),
	 "{'id':'bp1','type':'bond','at':'2025-02-02T10:00:00Z'," P ",'status':'posted'}",
	 {"no bond is set"}},
	{"hearing attended, never scheduled", LINES(ARREST), ATTENDED, {"2025-03-14T13:30:00Z", "scheduled"}},
	{"hearing missed, another hearing scheduled", LINES(SCHEDULED),
	 "{'id':'hm1','type':'hearing','at':'2025-03-15T15:00:00Z'," P ",'status':'missed','hearing_at':'2025-03-15T13:30:00Z'}",
	 {"2025-03-15T13:30:00Z", "scheduled"}},
	{"hearing adjourned, never scheduled", LINES(ARREST),
	 "{'id':'hj1','type':'hearing','at':'2025-03-15T15:00:00Z'," P ",'status':'adjourned','hearing_at':'2025-03-15T13:30:00Z'}",
	 {"scheduled"}},
	{"hearing attended twice", LINES(SCHEDULED, ATTENDED),
	 "{'id':'ha2','type':'hearing','at':'2025-03-14T16:00:00Z'," P ",'status':'attended','hearing_at':'2025-03-14T13:30:00Z'}",
	 {"already recorded as attended"}},
	{"departure while detained", LINES(ARREST, BOOK_IN),
	 "{'id':'dp1','type':'departure','at':'2025-01-20T10:00:00Z'," P ",'country':'MX'}",
	 {"already in custody", "bi1"}},
	{"atd_enroll while detained", LINES(ARREST, BOOK_IN),
	 "{'id':'en2','type':'atd_enroll','at':'2025-01-20T10:00:00Z'," P ",'technology':'app','checkin_days':7}",
	 {"already in custody", "bi1"}},
	{"atd_enroll while enrolled", LINES(ENROLL),
	 "{'id':'en2','type':'atd_enroll','at':'2025-01-20T10:00:00Z'," P ",'technology':'app','checkin_days':7}",
	 {"already enrolled", "en1"}},
	{"atd_checkin, never enrolled", LINES(ARREST),
	 "{'id':'ci1','type':'atd_checkin','at':'2025-01-20T10:00:00Z'," P ",'result':'ok'}",
	 {"not enrolled"}},
	{"atd_alert, never enrolled", LINES(ARREST),
	 "{'id':'al1','type':'atd_alert','at':'2025-01-20T10:00:00Z'," P ",'kind':'battery'}",
	 {"not enrolled"}},
	{"atd_change, never enrolled", LINES(ARREST),
	 "{'id':'ch1','type':'atd_change','at':'2025-01-20T10:00:00Z'," P ",'checkin_days':14,'reason':'x'}",
	 {"not enrolled"}},
	{"atd_end, never enrolled", LINES(ARREST),
	 "{'id':'ae1','type':'atd_end','at':'2025-01-20T10:00:00Z'," P ",'reason':'other'}",
	 {"not enrolled"}},
	{"atd_checkin after atd_end", LINES(ENROLL, "{'id':'ae1','type':'atd_end','at':'2025-01-08T10:00:00Z'," P ",'reason':'other'}"),
	 "{'id':'ci1','type':'atd_checkin','at':'2025-01-20T10:00:00Z'," P ",'result':'ok'}",
	 {"not enrolled", "en1", "2025-01-08T10:00:00Z"}},
	{"atd_checkin after a book-in ended the enrolment", LINES(ENROLL, BOOK_IN),
	 "{'id':'ci1','type':'atd_checkin','at':'2025-01-20T10:00:00Z'," P ",'result':'ok'}",
	 {"not enrolled", "en1"}},
	{"book_in at an unknown facility", LINES(ARREST),
	 "{'id':'bi1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'ZZZ'}",
	 {"ZZZ", "unknown"}},
	{"book_in at a closed facility", LINES(ARREST),
	 "{'id':'bi1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'OLD'}",
	 {"OLD", "closed", "2024-12-01T00:00:00Z"}},
	{"book_in before the facility opened", LINES(ARREST),
	 "{'id':'bi1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'DDD'}",
	 {"DDD"}},
	{"book_in at a facility that closes later", LINES(ARREST),
	 "{'id':'bi1','type':'book_in','at':'2025-01-10T12:00:00Z'," P ",'facility':'CCC'}",
	 {"CCC", "closes", "ccc-close"}},
	{"transfer to a facility that closes later", LINES(ARREST, BOOK_IN),
	 "{'id':'tr1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'CCC'}",
	 {"CCC", "closes"}},
	{"transfer to a closed facility", LINES(ARREST, BOOK_IN),
	 "{'id':'tr1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'OLD'}",
	 {"OLD", "closed"}},
	{"transfer to an unknown facility", LINES(ARREST, BOOK_IN),
	 "{'id':'tr1','type':'transfer','at':'2025-01-20T12:00:00Z'," P ",'facility':'ZZZ'}",
	 {"ZZZ"}},
};

static void test_rejections(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < ROWS(rejections); i++) {
		const struct reject_case *c = &rejections[i];
		current_case = c->what;
		struct timeline tl;
		timeline_init(&tl, PERSON);
		apply_all(&tl, c->setup, &forbid);
		expect_rejected(&tl, c->bad, &forbid, c->must);
		timeline_free(&tl);
	}
	current_case = "";
}

/* ------------------------------------------------------------ release rules */

/* Arrest (border or not), book in, classify with a mandatory basis (NULL:
 * none given), then book out with reason; returns the book-out's result and
 * checks what a rejection names. */
static int release(const char *mandatory, bool border, const char *reason, const struct rules *rules)
{
	char arrest[256], classify[256], out[256];
	snprintf(arrest, sizeof arrest,
		 "{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ELP','agency':'CBP','border':%s}",
		 border ? "true" : "false");
	snprintf(classify, sizeof classify,
		 "{'id':'cl1','type':'classify','at':'2025-01-10T18:00:00Z'," P ",'mandatory':'%s'}",
		 mandatory ? mandatory : "none");
	snprintf(out, sizeof out, "{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'%s'%s%s}",
		 reason, strcmp(reason, "removed") == 0 ? ",'country':'MX'" : "",
		 strcmp(reason, "capacity") == 0 ? ",'note':'no beds'" : "");
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(arrest, BOOK_IN, classify), rules);
	char before[4096], after[4096];
	describe(&tl, before, sizeof before);
	struct error err = {0};
	int rc = apply(&tl, out, rules, &err);
	if (rc == 0) {
		assert_false(tl.detained);
		assert_int_equal(tl.stay.out_reason, vocab_find(&vocab_release_reason, reason));
	} else {
		assert_int_equal(rc, ERR_REJECTED);
		assert_contains(err.msg, PERSON);
		assert_contains(err.msg, "2025-02-10T12:00:00Z");
		assert_contains(err.msg, "bo1");
		assert_contains(err.msg, reason);
		/* the conflict: the classification, or the border arrest */
		assert_contains(err.msg, mandatory && strcmp(mandatory, "none") ? "cl1" : "ar1");
		describe(&tl, after, sizeof after);
		assert_string_equal(after, before);
	}
	timeline_free(&tl);
	return rc;
}

static void test_mandatory_detention_release(void **unused)
{
	(void)unused;
	static const struct {
		const char *mandatory, *reason;
		int rc;
	} cases[] = {
		{"236c", "recognizance", ERR_REJECTED},
		{"236c", "supervision", ERR_REJECTED},
		{"236c", "paroled", ERR_REJECTED},
		{"236c", "capacity", ERR_REJECTED},
		{"236c", "bonded_out", ERR_REJECTED},
		{"laken_riley", "recognizance", ERR_REJECTED},
		{"laken_riley", "bonded_out", ERR_REJECTED},
		{"241a", "supervision", ERR_REJECTED},
		{"241a", "paroled", ERR_REJECTED},
		{"235b", "paroled", 0},
		{"235b", "recognizance", ERR_REJECTED},
		{"235b", "bonded_out", ERR_REJECTED},
		{"236c", "removed", 0},
		{"236c", "court_order", 0},
		{"236c", "no_removal_foreseeable", 0},
		{"236c", "transferred_usms", 0},
		{"241a", "death", 0},
		{"none", "recognizance", 0},
		{"none", "capacity", 0},
		{NULL, "bonded_out", 0},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		int rc = release(cases[i].mandatory, false, cases[i].reason, &forbid);
		if (rc != cases[i].rc)
			fail_msg("mandatory %s, book_out %s: expected %d, got %d", cases[i].mandatory,
				 cases[i].reason, cases[i].rc, rc);
	}
}

static void test_mandatory_lifted_by_later_classify(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN,
		"{'id':'cl1','type':'classify','at':'2025-01-10T18:00:00Z'," P ",'mandatory':'236c'}"), &forbid);
	expect_rejected(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-01T12:00:00Z'," P ",'reason':'recognizance'}",
			&forbid, LINES("236c", "cl1"));
	apply_ok(&tl, "{'id':'cl2','type':'classify','at':'2025-02-02T12:00:00Z'," P ",'mandatory':'none'}", &forbid);
	apply_ok(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-03T12:00:00Z'," P ",'reason':'recognizance'}", &forbid);
	assert_false(tl.detained);
	timeline_free(&tl);
}

static void test_border_release_policy(void **unused)
{
	(void)unused;
	static const struct {
		bool border;
		const char *reason;
		const struct rules *rules;
		int rc;
	} cases[] = {
		{true, "recognizance", &forbid, ERR_REJECTED},
		{true, "recognizance", &allow, 0},
		{true, "supervision", &forbid, ERR_REJECTED},
		{true, "supervision", &allow, 0},
		{true, "paroled", &forbid, ERR_REJECTED},
		{true, "capacity", &forbid, ERR_REJECTED},
		{true, "capacity", &allow, 0},
		{true, "bonded_out", &forbid, 0}, /* not a border-policy reason */
		{true, "removed", &forbid, 0},
		{true, "court_order", &forbid, 0},
		{false, "recognizance", &forbid, 0},
		{false, "paroled", &forbid, 0},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		int rc = release(NULL, cases[i].border, cases[i].reason, cases[i].rules);
		if (rc != cases[i].rc)
			fail_msg("border %d, book_out %s, border_release_allowed %d: expected %d, got %d",
				 cases[i].border, cases[i].reason, cases[i].rules->border_release_allowed,
				 cases[i].rc, rc);
	}
}

/* The border policy looks at the arrest that began the current episode. */
static void test_border_policy_follows_current_episode(void **unused)
{
	(void)unused;
	static const char *const border_then_interior[] = {
		"{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ELP','agency':'CBP','border':true}",
		BOOK_IN,
		"{'id':'bo1','type':'book_out','at':'2025-01-20T12:00:00Z'," P ",'reason':'removed','country':'MX'}",
		"{'id':'ar2','type':'arrest','at':'2025-06-01T08:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		"{'id':'bi2','type':'book_in','at':'2025-06-01T12:00:00Z'," P ",'facility':'AAA'}",
		NULL};
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, border_then_interior, &forbid);
	assert_int_equal(tl.stay.border, 0);
	apply_ok(&tl, "{'id':'bo2','type':'book_out','at':'2025-06-05T12:00:00Z'," P ",'reason':'recognizance'}", &forbid);
	timeline_free(&tl);

	static const char *const interior_then_border[] = {
		ARREST, BOOK_IN,
		"{'id':'bo1','type':'book_out','at':'2025-01-20T12:00:00Z'," P ",'reason':'recognizance'}",
		"{'id':'ar2','type':'arrest','at':'2025-06-01T08:00:00Z'," P ",'aor':'ELP','agency':'CBP','border':true}",
		"{'id':'bi2','type':'book_in','at':'2025-06-01T12:00:00Z'," P ",'facility':'AAA'}",
		NULL};
	timeline_init(&tl, PERSON);
	apply_all(&tl, interior_then_border, &forbid);
	assert_int_equal(tl.stay.border, 1);
	expect_rejected(&tl, "{'id':'bo2','type':'book_out','at':'2025-06-05T12:00:00Z'," P ",'reason':'recognizance'}",
			&forbid, LINES("ar2", "border"));
	timeline_free(&tl);
}

/* ------------------------------------------------------------------- replay */

/* A stream touching every kind of person event, sorted by at. */
static const char *const stream[] = {
	"{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE','family_name':'Example','criminality':'pending'}",
	BOOK_IN,
	"{'id':'cl1','type':'classify','at':'2025-01-10T18:00:00Z'," P ",'mandatory':'none','threat_level':3}",
	SCHEDULED,
	SET_BOND,
	TRANSFER,
	"{'id':'bp1','type':'bond','at':'2025-01-21T10:00:00Z'," P ",'status':'posted'}",
	"{'id':'bo1','type':'book_out','at':'2025-01-21T12:00:00Z'," P ",'reason':'bonded_out'}",
	"{'id':'en1','type':'atd_enroll','at':'2025-01-22T09:00:00Z'," P ",'technology':'app','checkin_days':7}",
	"{'id':'ci1','type':'atd_checkin','at':'2025-01-29T09:00:00Z'," P ",'result':'ok'}",
	"{'id':'al1','type':'atd_alert','at':'2025-02-01T09:00:00Z'," P ",'kind':'signal_loss'}",
	"{'id':'ch1','type':'atd_change','at':'2025-02-02T09:00:00Z'," P ",'technology':'ankle','reason':'signal'}",
	ATTENDED,
	"{'id':'ro1','type':'removal_order','at':'2025-03-14T16:00:00Z'," P "}",
	"{'id':'bi2','type':'book_in','at':'2025-03-20T12:00:00Z'," P ",'facility':'BBB'}",
	"{'id':'sr1','type':'stay_of_removal','at':'2025-03-21T10:00:00Z'," P ",'status':'granted'}",
	"{'id':'sr2','type':'stay_of_removal','at':'2025-04-21T10:00:00Z'," P ",'status':'lifted'}",
	"{'id':'nc1','type':'noncooperation','at':'2025-04-22T10:00:00Z'," P ",'status':'start'}",
	"{'id':'nc2','type':'noncooperation','at':'2025-05-02T10:00:00Z'," P ",'status':'end'}",
	"{'id':'td1','type':'travel_document','at':'2025-05-03T10:00:00Z'," P ",'status':'issued','country':'MX'}",
	"{'id':'cr1','type':'custody_review','at':'2025-05-04T10:00:00Z'," P ",'kind':'requested','decision':'continue'}",
	"{'id':'bo2','type':'book_out','at':'2025-05-10T12:00:00Z'," P ",'reason':'removed','country':'MX'}",
	"{'id':'dp1','type':'departure','at':'2025-05-10T13:00:00Z'," P ",'country':'MX'}",
	NULL};

/* Replaying up to each event's time gives the state of applying the events
 * up to it one by one. */
static void test_replay_matches_apply(void **unused)
{
	(void)unused;
	struct timeline applied, replayed;
	timeline_init(&applied, PERSON);
	char want[4096], got[4096];
	size_t n = 0;
	for (const char *const *line = stream; *line; line++, n++) {
		apply_ok(&applied, *line, &forbid);
		struct error err = {0};
		size_t failed = 99;
		if (replay(&replayed, stream, applied.last_at, &failed, &err) != 0)
			fail_msg("replay until event %zu: %s", n, err.msg);
		assert_int_equal(failed, 99); /* untouched on success */
		assert_int_equal(replayed.n_events, n + 1);
		describe(&applied, want, sizeof want);
		describe(&replayed, got, sizeof got);
		assert_string_equal(got, want);
		timeline_free(&replayed);
	}
	assert_false(applied.detained);
	assert_true(applied.departed);
	assert_int_equal(applied.changes.n_stays, 2);
	assert_int_equal(applied.changes.n_stints, 3);
	assert_int_equal(applied.changes.n_enrolments, 1);
	assert_int_equal(applied.changes.enrolments[0].end_reason, END_DETAINED);
	timeline_free(&applied);

	/* TS_FOREVER replays everything. */
	assert_int_equal(replay(&replayed, stream, TS_FOREVER, NULL, NULL), 0);
	assert_int_equal(replayed.n_events, n);
	timeline_free(&replayed);
}

/* A late book_in makes a transfer that had nothing to move valid. */
static void test_replay_late_book_in_repairs(void **unused)
{
	(void)unused;
	struct timeline tl;
	struct error err = {0};
	size_t failed = 99;
	assert_int_equal(replay(&tl, LINES(ARREST, TRANSFER), TS_FOREVER, &failed, &err), ERR_REJECTED);
	assert_int_equal(failed, 1);
	assert_contains(err.msg, "tr1");
	assert_contains(err.msg, "never booked in");
	assert_int_equal(tl.n_events, 1); /* the state before the transfer */
	assert_false(tl.detained);
	timeline_free(&tl);

	assert_int_equal(replay(&tl, LINES(ARREST, BOOK_IN, TRANSFER), TS_FOREVER, &failed, &err), 0);
	assert_true(tl.detained);
	assert_string_equal(tl.stay.key, "bi1");
	assert_string_equal(tl.stint.key, "tr1");
	assert_string_equal(tl.stint.facility, "BBB");
	timeline_free(&tl);
}

/* A late book_out inserted before a transfer invalidates the transfer: the
 * failure is reported at the later event, with the state just before it. */
static void test_replay_late_event_invalidates_later(void **unused)
{
	(void)unused;
	static const char *const with_late_book_out[] = {
		ARREST, BOOK_IN,
		"{'id':'bo0','type':'book_out','at':'2025-01-15T12:00:00Z'," P ",'reason':'other'}",
		TRANSFER, BOOK_OUT, NULL};
	struct timeline tl;
	struct error err = {0};
	size_t failed = 99;
	assert_int_equal(replay(&tl, with_late_book_out, TS_FOREVER, &failed, &err), ERR_REJECTED);
	assert_int_equal(failed, 3);
	assert_contains(err.msg, PERSON);
	assert_contains(err.msg, "tr1");
	assert_contains(err.msg, "2025-01-20T12:00:00Z");
	assert_contains(err.msg, "bi1");
	assert_false(tl.detained);
	assert_int_equal(tl.stay.out, T("2025-01-15T12:00:00Z"));
	assert_int_equal(tl.n_events, 3);
	timeline_free(&tl);

	/* A late arrest inside a stay invalidates nothing before it but is
	 * itself the failure. */
	static const char *const with_late_arrest[] = {
		ARREST, BOOK_IN,
		"{'id':'ar0','type':'arrest','at':'2025-01-15T12:00:00Z'," P ",'aor':'ATL','agency':'ICE'}",
		TRANSFER, NULL};
	assert_int_equal(replay(&tl, with_late_arrest, TS_FOREVER, &failed, &err), ERR_REJECTED);
	assert_int_equal(failed, 2);
	assert_contains(err.msg, "ar0");
	assert_contains(err.msg, "bi1");
	timeline_free(&tl);
}

/* until: the state at an instant. */
static void test_replay_until(void **unused)
{
	(void)unused;
	static const struct {
		const char *until;
		bool detained;
		const char *facility; /* of the current or last stint, "" if none */
		size_t n_events;
	} cases[] = {
		{"2025-01-10T11:59:59Z", false, "", 1},
		{"2025-01-10T12:00:00Z", true, "AAA", 2}, /* an event at T counts at T */
		{"2025-01-20T11:59:59Z", true, "AAA", 5},
		{"2025-01-20T12:00:00Z", true, "BBB", 6},
		{"2025-01-21T11:00:00Z", true, "BBB", 7},
		{"2025-01-21T12:00:00Z", false, "BBB", 8},
		{"2025-04-01T00:00:00Z", true, "BBB", 16},
		{"2030-01-01T00:00:00Z", false, "BBB", 23},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct timeline tl;
		struct error err = {0};
		if (replay(&tl, stream, T(cases[i].until), NULL, &err) != 0)
			fail_msg("until %s: %s", cases[i].until, err.msg);
		if (tl.detained != cases[i].detained || strcmp(tl.stint.facility, cases[i].facility) != 0 ||
		    tl.n_events != cases[i].n_events)
			fail_msg("until %s: detained %d at \"%s\" after %zu events", cases[i].until, tl.detained,
				 tl.stint.facility, tl.n_events);
		timeline_free(&tl);
	}
}

/* CCC closes 2025-03-01: a stint there may end at or before the close. */
static void test_replay_stint_across_facility_close(void **unused)
{
	(void)unused;
#define BI_CCC "{'id':'bi-c','type':'book_in','at':'2025-02-01T00:00:00Z'," P ",'facility':'CCC'}"
	const struct {
		const char *what;
		const char *const *lines;
		int rc;
		size_t failed;
		const char *must;
	} cases[] = {
		{"moved out before the close",
		 LINES(ARREST, BI_CCC, "{'id':'tr-a','type':'transfer','at':'2025-02-20T00:00:00Z'," P ",'facility':'AAA'}"),
		 0, 0, NULL},
		{"moved out at the close",
		 LINES(ARREST, BI_CCC, "{'id':'tr-a','type':'transfer','at':'2025-03-01T00:00:00Z'," P ",'facility':'AAA'}"),
		 0, 0, NULL},
		{"booked out after the close",
		 LINES(ARREST, BI_CCC, "{'id':'bo-x','type':'book_out','at':'2025-03-02T00:00:00Z'," P ",'reason':'other'}"),
		 ERR_REJECTED, 2, "bo-x"},
		{"transferred out after the close",
		 LINES(ARREST, BI_CCC, "{'id':'tr-x','type':'transfer','at':'2025-03-02T00:00:00Z'," P ",'facility':'AAA'}"),
		 ERR_REJECTED, 2, "tr-x"},
		{"still held: the open stint spans the close", LINES(ARREST, BI_CCC), ERR_REJECTED, 2, "bi-c"},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct timeline tl;
		struct error err = {0};
		size_t failed = 99;
		int rc = replay(&tl, cases[i].lines, TS_FOREVER, &failed, &err);
		if (rc != cases[i].rc)
			fail_msg("%s: expected %d, got %d (%s)", cases[i].what, cases[i].rc, rc, err.msg);
		if (rc) {
			assert_int_equal(failed, cases[i].failed);
			assert_contains(err.msg, PERSON);
			assert_contains(err.msg, "CCC");
			assert_contains(err.msg, "closes");
			assert_contains(err.msg, cases[i].must);
		} else {
			assert_string_equal(tl.stint.facility, "AAA");
			assert_int_equal(failed, 99);
		}
		timeline_free(&tl);
	}

	/* The state at an instant before the close is fine. */
	struct timeline tl;
	assert_int_equal(replay(&tl, LINES(ARREST, BI_CCC), T("2025-02-15T00:00:00Z"), NULL, NULL), 0);
	assert_true(tl.detained);
	assert_string_equal(tl.stint.facility, "CCC");
	timeline_free(&tl);
#undef BI_CCC
}

/* ------------------------------------------------------------------ changes */

static void test_changes_stays_and_stints(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, TRANSFER, BOOK_OUT), &forbid);
	const struct tl_changes *c = &tl.changes;
	assert_int_equal(c->n_stays, 1);
	assert_string_equal(c->stays[0].key, "bi1");
	assert_string_equal(c->stays[0].person, PERSON);
	assert_string_equal(c->stays[0].facility, "AAA");
	assert_int_equal(c->stays[0].in, T("2025-01-10T12:00:00Z"));
	assert_int_equal(c->stays[0].out, T("2025-02-10T12:00:00Z"));
	assert_int_equal(c->stays[0].out_reason, OUT_REMOVED);
	assert_int_equal(c->stays[0].agency, AGENCY_ICE);
	assert_int_equal(c->stays[0].criminality_in, CRIM_PENDING);

	assert_int_equal(c->n_stints, 2);
	assert_string_equal(c->stints[0].key, "bi1");
	assert_string_equal(c->stints[0].stay_key, "bi1");
	assert_string_equal(c->stints[0].facility, "AAA");
	assert_int_equal(c->stints[0].in, T("2025-01-10T12:00:00Z"));
	assert_int_equal(c->stints[0].out, T("2025-01-20T12:00:00Z"));
	assert_string_equal(c->stints[1].key, "tr1");
	assert_string_equal(c->stints[1].stay_key, "bi1");
	assert_string_equal(c->stints[1].facility, "BBB");
	assert_int_equal(c->stints[1].in, T("2025-01-20T12:00:00Z"));
	assert_int_equal(c->stints[1].out, T("2025-02-10T12:00:00Z"));
	assert_int_equal(c->n_enrolments, 0);

	timeline_changes_clear(&tl);
	assert_int_equal(c->n_stays, 0);
	assert_int_equal(c->n_stints, 0);
	assert_int_equal(c->n_enrolments, 0);

	/* Only what changes afterwards is recorded; a rejection records nothing. */
	apply_ok(&tl, "{'id':'bi2','type':'book_in','at':'2025-03-01T00:00:00Z'," P ",'facility':'BBB'}", &forbid);
	expect_rejected(&tl, "{'id':'tr2','type':'transfer','at':'2025-03-02T00:00:00Z'," P ",'facility':'BBB'}",
			&forbid, NULL);
	assert_int_equal(c->n_stays, 1);
	assert_string_equal(c->stays[0].key, "bi2");
	assert_int_equal(c->stays[0].out, TS_FOREVER);
	assert_int_equal(c->n_stints, 1);
	assert_string_equal(c->stints[0].key, "bi2");
	assert_true(timeline_footprint(&tl) >= sizeof tl);
	timeline_free(&tl);
}

static void test_changes_enrolments(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ENROLL,
		"{'id':'ci1','type':'atd_checkin','at':'2025-01-06T09:00:00Z'," P ",'result':'ok'}"), &forbid);
	assert_int_equal(tl.changes.n_enrolments, 1);
	assert_int_equal(tl.changes.enrolments[0].end, TS_FOREVER);
	timeline_changes_clear(&tl);

	/* A check-in changes no record; a change and an end do, one version. */
	apply_ok(&tl, "{'id':'ci2','type':'atd_checkin','at':'2025-01-07T09:00:00Z'," P ",'result':'ok'}", &forbid);
	assert_int_equal(tl.changes.n_enrolments, 0);
	apply_all(&tl, LINES(
		"{'id':'ch1','type':'atd_change','at':'2025-01-08T09:00:00Z'," P ",'technology':'wrist','checkin_days':3,'reason':'missed'}",
		"{'id':'ae1','type':'atd_end','at':'2025-01-09T09:00:00Z'," P ",'reason':'absconded'}"), &forbid);
	assert_int_equal(tl.changes.n_enrolments, 1);
	const struct tl_enrolment *e = &tl.changes.enrolments[0];
	assert_string_equal(e->key, "en1");
	assert_string_equal(e->person, PERSON);
	assert_int_equal(e->start, T("2025-01-05T09:00:00Z"));
	assert_int_equal(e->end, T("2025-01-09T09:00:00Z"));
	assert_int_equal(e->end_reason, END_ABSCONDED);
	assert_int_equal(e->technology, TECH_WRIST);
	assert_int_equal(e->checkin_days, 3);
	assert_int_equal(e->aor, vocab_find(&vocab_aor, "ATL"));
	timeline_free(&tl);
}


/* ------------------------------------------------------------ write policy */

/* The removal period (rules.md, PO-90): ORDER on 2025-01-12 makes S
 * 2025-01-12T00:00:00Z, the period ends 2025-04-12T00:00:00Z. */
#define CLASSIFY_NONE "{'id':'cl1','type':'classify','at':'2025-01-10T18:00:00Z'," P ",'mandatory':'none'}"

/* A book-out line with reason at at (a note for capacity, a country for removed). */
static char *book_out_line(const char *id, const char *at, const char *reason)
{
	return fmt("{'id':'%s','type':'book_out','at':'%s'," P ",'reason':'%s'%s%s}", id, at, reason,
		   strcmp(reason, "capacity") == 0 ? ",'note':'no beds in ATL'" : "",
		   strcmp(reason, "removed") == 0 ? ",'country':'MX'" : "");
}

static void test_removal_period_release(void **unused)
{
	(void)unused;
	static const char *const discretionary[] = {"recognizance", "supervision", "paroled", "capacity", "bonded_out"};
	for (size_t i = 0; i < ROWS(discretionary); i++) {
		const char *reason = discretionary[i];
		current_case = reason;
		struct timeline tl;
		timeline_init(&tl, PERSON);
		apply_all(&tl, LINES(ARREST, BOOK_IN, CLASSIFY_NONE, ORDER), &forbid);
		/* the first day, and the last second of the period */
		char *early = book_out_line("bo1", "2025-01-12T10:00:00Z", reason);
		expect_rejected(&tl, early, &forbid, LINES("PO-90", reason, "ro1", "2025-04-12", "241a"));
		free(early);
		char *late = book_out_line("bo1", "2025-04-11T23:59:59Z", reason);
		expect_rejected(&tl, late, &forbid, LINES("PO-90", reason, "removal period"));
		/* the policy does not depend on border_release */
		expect_rejected(&tl, late, &allow, LINES("PO-90"));
		free(late);
		/* the period has ended */
		char *after = book_out_line("bo1", "2025-04-12T00:00:00Z", reason);
		apply_ok(&tl, after, &forbid);
		free(after);
		assert_false(tl.detained);
		assert_int_equal(tl.stay.out_reason, vocab_find(&vocab_release_reason, reason));
		timeline_free(&tl);
	}
	current_case = "";

	/* Releases that are not discretionary are allowed inside the period. */
	static const char *const others[] = {"removed", "court_order", "no_removal_foreseeable", "transferred_usms",
					     "death", "other"};
	for (size_t i = 0; i < ROWS(others); i++) {
		struct timeline tl;
		timeline_init(&tl, PERSON);
		apply_all(&tl, LINES(ARREST, BOOK_IN, CLASSIFY_NONE, ORDER), &forbid);
		char *line = book_out_line("bo1", "2025-02-01T00:00:00Z", others[i]);
		apply_ok(&tl, line, &forbid);
		free(line);
		assert_false(tl.detained);
		timeline_free(&tl);
	}
}

/* The period as the rules and the case make it: tolled by non-cooperation,
 * paused by a stay of removal, shortened by the rules file. */
static void test_removal_period_release_moves(void **unused)
{
	(void)unused;
	struct timeline tl;
	/* 10 days of non-cooperation: the period ends 2025-04-22 */
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, CLASSIFY_NONE, ORDER,
		"{'id':'nc1','type':'noncooperation','at':'2025-04-01T00:00:00Z'," P ",'status':'start'}",
		"{'id':'nc2','type':'noncooperation','at':'2025-04-11T00:00:00Z'," P ",'status':'end'}"), &forbid);
	expect_rejected(&tl, "{'id':'bo1','type':'book_out','at':'2025-04-21T23:59:59Z'," P ",'reason':'recognizance'}",
			&forbid, LINES("PO-90", "2025-04-22"));
	apply_ok(&tl, "{'id':'bo1','type':'book_out','at':'2025-04-22T00:00:00Z'," P ",'reason':'recognizance'}", &forbid);
	timeline_free(&tl);

	/* a stay of removal granted: no removal period runs */
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, CLASSIFY_NONE, ORDER,
		"{'id':'sr1','type':'stay_of_removal','at':'2025-01-20T10:00:00Z'," P ",'status':'granted'}"), &forbid);
	apply_ok(&tl, "{'id':'bo1','type':'book_out','at':'2025-01-21T00:00:00Z'," P ",'reason':'supervision'}", &forbid);
	timeline_free(&tl);

	/* ... and lifted: a new period from the lift */
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, CLASSIFY_NONE, ORDER,
		"{'id':'sr1','type':'stay_of_removal','at':'2025-01-20T10:00:00Z'," P ",'status':'granted'}",
		"{'id':'sr2','type':'stay_of_removal','at':'2025-04-01T10:00:00Z'," P ",'status':'lifted'}"), &forbid);
	expect_rejected(&tl, "{'id':'bo1','type':'book_out','at':'2025-05-01T00:00:00Z'," P ",'reason':'supervision'}",
			&forbid, LINES("PO-90", "2025-06-30"));
	timeline_free(&tl);

	/* a 30-day removal period in the rules */
	struct rules short_period;
	rules_default(&short_period);
	short_period.removal_period_days = 30;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, CLASSIFY_NONE, ORDER), &short_period);
	expect_rejected(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-10T23:59:59Z'," P ",'reason':'paroled'}",
			&short_period, LINES("PO-90", "2025-02-11"));
	apply_ok(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-11T00:00:00Z'," P ",'reason':'paroled'}", &short_period);
	timeline_free(&tl);
}

#define BORDER_ARREST "{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ELP','agency':'CBP','border':true}"
#define BORDER_RELEASE "{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'recognizance'}"

static void test_border_release_message(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(BORDER_ARREST, BOOK_IN, CLASSIFY_NONE), &forbid);
	expect_rejected(&tl, BORDER_RELEASE, &forbid, LINES("border_release", "forbidden", "recognizance", "ar1"));
	expect_rejected(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'capacity','note':'full'}",
			&forbid, LINES("border_release", "capacity"));
	apply_ok(&tl, BORDER_RELEASE, &allow);
	assert_false(tl.detained);
	assert_int_equal(tl.stay.out_reason, OUT_RECOGNIZANCE);
	timeline_free(&tl);
}

static void test_capacity_release_needs_note(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN, CLASSIFY_NONE), &forbid);
	expect_rejected(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'capacity'}",
			&forbid, LINES("capacity release needs a note"));
	expect_rejected(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'capacity','note':''}",
			&allow, LINES("capacity release needs a note"));
	/* a note is only needed for capacity */
	struct timeline other;
	timeline_init(&other, PERSON);
	apply_all(&other, LINES(ARREST, BOOK_IN, CLASSIFY_NONE,
		"{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'recognizance'}"), &forbid);
	timeline_free(&other);
	apply_ok(&tl, "{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'capacity','note':'ATL over capacity'}",
		 &forbid);
	assert_int_equal(tl.stay.out_reason, OUT_CAPACITY);
	timeline_free(&tl);
}

static void test_bond_minimum(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, LINES(ARREST, BOOK_IN), &forbid);
	expect_rejected(&tl, "{'id':'bs1','type':'bond','at':'2025-01-15T10:00:00Z'," P ",'status':'set','amount':1499,'by':'IJ'}",
			&forbid, LINES("bond_minimum", "1499", "1500"));
	apply_ok(&tl, "{'id':'bs1','type':'bond','at':'2025-01-15T10:00:00Z'," P ",'status':'set','amount':1500,'by':'IJ'}",
		 &forbid);
	assert_int_equal(tl.bond_status, BOND_SET);
	assert_int_equal(tl.bond_amount, 1500);
	/* the minimum is a setting; a denial names no amount */
	struct rules high;
	rules_default(&high);
	high.bond_minimum = 5000;
	expect_rejected(&tl, "{'id':'bs2','type':'bond','at':'2025-01-16T10:00:00Z'," P ",'status':'set','amount':4999,'by':'ICE'}",
			&high, LINES("bond_minimum", "4999", "5000"));
	assert_int_equal(tl.bond_amount, 1500);
	apply_ok(&tl, "{'id':'bs2','type':'bond','at':'2025-01-16T10:00:00Z'," P ",'status':'set','amount':5000,'by':'ICE'}",
		 &high);
	assert_int_equal(tl.bond_amount, 5000);
	apply_ok(&tl, "{'id':'bd1','type':'bond','at':'2025-01-17T10:00:00Z'," P ",'status':'denied','by':'IJ'}", &high);
	assert_int_equal(tl.bond_status, BOND_DENIED);
	timeline_free(&tl);
}

/* Replay lines (sorted by at) into a fresh *tl under rules, the line at
 * index fresh (or none when fresh is -1) being the event recorded now. */
static int replay_fresh(struct timeline *tl, const char *const *lines, const struct rules *rules, int fresh,
			size_t *failed, struct error *err)
{
	return replay_lines(tl, PERSON, lines, TS_FOREVER, &reg, rules, fresh, failed, err);
}

/* The policy applied when each event was recorded: a replay does not apply
 * today's policy to events already recorded, only to the fresh one. */
static void test_replay_policy_only_for_fresh(void **unused)
{
	(void)unused;
	const struct {
		const char *what;
		const char *const *lines;
		size_t bad;       /* the index of the event against today's policy */
		const char *must; /* in the message when it is fresh */
	} cases[] = {
		{"border release recorded while allowed", LINES(BORDER_ARREST, BOOK_IN, CLASSIFY_NONE, BORDER_RELEASE), 3,
		 "border_release"},
		{"release recorded inside the removal period under a shorter one",
		 LINES(ARREST, BOOK_IN, CLASSIFY_NONE, ORDER,
		       "{'id':'bo1','type':'book_out','at':'2025-03-01T00:00:00Z'," P ",'reason':'supervision'}"),
		 4, "PO-90"},
		{"bond set under a lower minimum",
		 LINES(ARREST, BOOK_IN, "{'id':'bs1','type':'bond','at':'2025-01-15T10:00:00Z'," P ",'status':'set','amount':1000,'by':'IJ'}",
		       "{'id':'bp1','type':'bond','at':'2025-01-16T10:00:00Z'," P ",'status':'posted'}"),
		 2, "bond_minimum"},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		current_case = cases[i].what;
		struct timeline tl;
		struct error err = {0};
		size_t failed = 99;
		/* recorded: replays under today's (default) rules */
		int rc = replay_fresh(&tl, cases[i].lines, &forbid, -1, &failed, &err);
		if (rc != 0)
			fail_msg("%s: replay with fresh NULL: %d %s", cases[i].what, rc, err.msg);
		assert_int_equal(failed, 99);
		timeline_free(&tl);
		/* an earlier event being the fresh one changes nothing */
		rc = replay_fresh(&tl, cases[i].lines, &forbid, 0, &failed, &err);
		if (rc != 0)
			fail_msg("%s: replay with the first event fresh: %d %s", cases[i].what, rc, err.msg);
		timeline_free(&tl);
		/* being recorded now: checked against the policy */
		rc = replay_fresh(&tl, cases[i].lines, &forbid, (int)cases[i].bad, &failed, &err);
		assert_int_equal(rc, ERR_REJECTED);
		assert_int_equal(failed, cases[i].bad);
		assert_contains(err.msg, PERSON);
		assert_contains(err.msg, cases[i].must);
		assert_int_equal(tl.n_events, cases[i].bad); /* the state before it */
		timeline_free(&tl);
	}
	current_case = "";

	/* The contract is checked whether fresh or not: mandatory detention and
	 * the capacity note. */
	struct timeline tl;
	struct error err = {0};
	size_t failed = 99;
	assert_int_equal(replay_fresh(&tl, LINES(ARREST, BOOK_IN,
		"{'id':'cl1','type':'classify','at':'2025-01-10T18:00:00Z'," P ",'mandatory':'236c'}",
		"{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'recognizance'}"), &allow, -1, &failed, &err),
		ERR_REJECTED);
	assert_int_equal(failed, 3);
	assert_contains(err.msg, "236c");
	timeline_free(&tl);
	assert_int_equal(replay_fresh(&tl, LINES(ARREST, BOOK_IN,
		"{'id':'bo1','type':'book_out','at':'2025-02-10T12:00:00Z'," P ",'reason':'capacity'}"), &allow, -1, &failed, &err),
		ERR_REJECTED);
	assert_int_equal(failed, 2);
	assert_contains(err.msg, "capacity release needs a note");
	timeline_free(&tl);
}

/* ------------------------------------------------------------------- codec */

/* A detained person with every kind of state: identity (UTF-8 names),
 * classification, a bond, hearings, a final order with a stay granted and
 * lifted, closed and open non-cooperation, a refused travel document,
 * reviews, and an enrolment ended by the book-in. */
static const char *const rich[] = {
	"{'id':'en1','type':'atd_enroll','at':'2025-01-05T09:00:00Z'," P ",'technology':'app','checkin_days':7,'aor':'ATL'}",
	"{'id':'ch1','type':'atd_change','at':'2025-01-07T09:00:00Z'," P ",'technology':'ankle','checkin_days':3,'reason':'x'}",
	"{'id':'ar1','type':'arrest','at':'2025-01-10T08:00:00Z'," P ",'aor':'ATL','agency':'ICE','border':false,"
	"'family_name':'P\u00e9rez Nu\u00f1ez','given_name':'Mar\u00eda Jos\u00e9','birth_date':'1988-04-02','sex':'F',"
	"'citizenship':'VE','birth_country':'CO','criminality':'pending','threat_level':2}",
	BOOK_IN,
	"{'id':'cl1','type':'classify','at':'2025-01-10T18:00:00Z'," P ",'mandatory':'none','protected':true,'criminality':'convicted'}",
	SCHEDULED,
	"{'id':'hs2','type':'hearing','at':'2025-01-13T09:00:00Z'," P ",'status':'scheduled','hearing_at':'2025-04-01T09:00:00Z'}",
	SET_BOND,
	TRANSFER,
	"{'id':'ro1','type':'removal_order','at':'2025-01-25T10:00:00Z'," P ",'final':'2025-01-24'}",
	"{'id':'sr1','type':'stay_of_removal','at':'2025-01-26T10:00:00Z'," P ",'status':'granted'}",
	"{'id':'sr2','type':'stay_of_removal','at':'2025-02-01T10:00:00Z'," P ",'status':'lifted'}",
	"{'id':'nc1','type':'noncooperation','at':'2025-02-02T10:00:00Z'," P ",'status':'start'}",
	"{'id':'nc2','type':'noncooperation','at':'2025-02-05T10:00:00Z'," P ",'status':'end'}",
	"{'id':'nc3','type':'noncooperation','at':'2025-02-10T10:00:00Z'," P ",'status':'start'}",
	"{'id':'td1','type':'travel_document','at':'2025-02-11T10:00:00Z'," P ",'status':'refused','country':'VE'}",
	"{'id':'hj2','type':'hearing','at':'2025-03-01T09:00:00Z'," P ",'status':'adjourned','hearing_at':'2025-04-01T09:00:00Z'}",
	ATTENDED,
	"{'id':'cr1','type':'custody_review','at':'2025-05-01T10:00:00Z'," P ",'kind':'90_day','decision':'continue'}",
	"{'id':'cr2','type':'custody_review','at':'2025-07-28T10:00:00Z'," P ",'kind':'180_day','decision':'continue','removal_foreseeable':false}",
	NULL};

/* Encode tl, decode it, and check every field came back; returns the bytes. */
static unsigned char *round_trip(struct timeline *tl, size_t *len)
{
	unsigned char *data = NULL;
	struct error err = {0};
	if (timeline_encode(tl, &data, len, &err) != 0)
		fail_msg("timeline_encode: %s", err.msg);
	assert_non_null(data);
	assert_true(*len > 0);
	struct timeline back;
	if (timeline_decode(data, *len, &back, &err) != 0)
		fail_msg("timeline_decode: %s", err.msg);
	timeline_changes_clear(tl); /* the state only, not the changes */
	char want[4096], got[4096];
	describe(tl, want, sizeof want);
	describe(&back, got, sizeof got);
	assert_string_equal(got, want);
	assert_false(timeline_has_changes(&back));
	/* encoding the decoded state gives the same bytes */
	unsigned char *again = NULL;
	size_t again_len = 0;
	assert_int_equal(timeline_encode(&back, &again, &again_len, &err), 0);
	assert_int_equal(again_len, *len);
	assert_memory_equal(again, data, *len);
	free(again);
	timeline_free(&back);
	return data;
}

static void test_codec_round_trip(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, rich, &forbid);
	/* the state is as rich as intended */
	assert_true(tl.detained);
	assert_string_equal(tl.family_name, "P\u00e9rez Nu\u00f1ez");
	assert_int_equal(tl.n_noncoop, 2);
	assert_int_equal(tl.noncoop[1].end, TS_FOREVER);
	assert_true(tl.noncooperation);
	assert_int_equal(tl.n_hearings, 2);
	assert_int_equal(tl.stay_of_removal, STAY_LIFTED);
	assert_int_equal(tl.review_foreseeable, 0);
	assert_int_equal(tl.review_continued, 1);
	assert_int_equal(tl.enrolment.end_reason, END_DETAINED);
	size_t len;
	unsigned char *data = round_trip(&tl, &len);

	/* the decoded state goes on like the original */
	struct timeline back;
	assert_int_equal(timeline_decode(data, len, &back, NULL), 0);
	assert_string_equal(back.family_name, "P\u00e9rez Nu\u00f1ez");
	assert_string_equal(back.given_name, "Mar\u00eda Jos\u00e9");
	assert_int_equal(back.noncoop[0].start, T("2025-02-02T10:00:00Z"));
	assert_int_equal(back.noncoop[0].end, T("2025-02-05T10:00:00Z"));
	assert_int_equal(back.noncoop[1].end, TS_FOREVER);
	assert_int_equal(back.hearings[1].status, HEARING_ADJOURNED);
	assert_int_equal(back.review_180_at, T("2025-07-28T10:00:00Z"));
	static const char *const more[] = {
		"{'id':'nc4','type':'noncooperation','at':'2025-08-01T10:00:00Z'," P ",'status':'end'}",
		"{'id':'bo1','type':'book_out','at':'2025-08-02T10:00:00Z'," P ",'reason':'no_removal_foreseeable'}",
		"{'id':'en2','type':'atd_enroll','at':'2025-08-02T11:00:00Z'," P ",'technology':'wrist','checkin_days':14}",
		NULL};
	apply_all(&tl, more, &forbid);
	apply_all(&back, more, &forbid);
	char want[4096], got[4096];
	describe(&tl, want, sizeof want);
	describe(&back, got, sizeof got);
	assert_string_equal(got, want);
	free(data);

	/* released, enrolled again: round trips too */
	data = round_trip(&tl, &len);
	free(data);
	timeline_free(&back);
	timeline_free(&tl);

	/* a person who left: the replay stream */
	assert_int_equal(replay(&tl, stream, TS_FOREVER, NULL, NULL), 0);
	assert_true(tl.departed);
	data = round_trip(&tl, &len);
	free(data);
	timeline_free(&tl);

	/* an empty timeline: no names, no instants */
	timeline_init(&tl, PERSON);
	data = round_trip(&tl, &len);
	assert_int_equal(timeline_decode(data, len, &back, NULL), 0);
	assert_null(back.family_name);
	assert_int_equal(back.birth_date, TS_NONE);
	assert_int_equal(back.stay.out, TS_NONE);
	assert_string_equal(back.person, PERSON);
	timeline_free(&back);
	free(data);
	timeline_free(&tl);
}

/* Decode data; it must fail with ERR_INVALID (and a message) or, when
 * may_pass, succeed; either way nothing leaks or crashes. */
static int decode_checked(const unsigned char *data, size_t len, bool may_pass, const char *what)
{
	struct timeline back;
	timeline_init(&back, PERSON);
	struct error err = {0};
	int rc = timeline_decode(data, len, &back, &err);
	if (rc == 0 && !may_pass)
		fail_msg("%s: decoded (%zu bytes)", what, len);
	if (rc != 0) {
		if (rc != ERR_INVALID)
			fail_msg("%s: %d, expected ERR_INVALID", what, rc);
		assert_int_equal(err.code, ERR_INVALID);
		assert_true(err.msg[0] != '\0');
	}
	timeline_free(&back);
	return rc;
}

/* A state that breaks one rule of the decoder, made from a valid one. */
struct mutation {
	const char *what;
	void (*apply)(struct timeline *tl);
};

static void bad_sex(struct timeline *tl) { tl->sex = 3; }
static void bad_aor(struct timeline *tl) { tl->arrest_aor = VOCAB_AORS; }
static void bad_threat(struct timeline *tl) { tl->threat_level = 4; }
static void bad_instant(struct timeline *tl) { tl->stay.in = INT64_MAX - 5; }
static void bad_year(struct timeline *tl) { tl->birth_date = T("9999-12-31T23:59:59Z") + 1; }
static void bad_bool(struct timeline *tl) { tl->checkins.ended = -1; }
static void stay_backwards(struct timeline *tl) { tl->stay.out = tl->stay.in - 1; }
static void detained_no_stay(struct timeline *tl) { tl->stay.key[0] = '\0'; }
static void detained_closed(struct timeline *tl) { tl->stint.out = tl->stint.in; }
static void order_no_date(struct timeline *tl) { tl->final_date = TS_NONE; }
static void second_periods(struct timeline *tl) { tl->checkins.seg_len = 1; }
static void periods_overflow(struct timeline *tl) { tl->checkins.seg_len = TS_DAY; tl->checkins.next = 999999999; }
static void met_over_ended(struct timeline *tl) { tl->checkins.met = tl->checkins.ended + 1; }
static void noncoop_backwards(struct timeline *tl) { tl->noncoop[1].start = tl->noncoop[0].start - 1; }
static void noncoop_closed(struct timeline *tl) { tl->noncoop[1].end = tl->noncoop[1].start; }
static void bad_country(struct timeline *tl) { strcpy(tl->citizenship, "Q!"); }
static void enrolment_no_technology(struct timeline *tl) { tl->enrolment.technology = UNSET; }
static void travel_undated(struct timeline *tl) { tl->travel_status = TRAVEL_REFUSED; tl->travel_at = TS_NONE; }
static void review_undated(struct timeline *tl) { tl->review_foreseeable = 0; tl->review_at = TS_NONE; }
static void hearing_undated(struct timeline *tl) { tl->hearings[0].hearing_at = TS_NONE; }
static void long_name(struct timeline *tl)
{
	free(tl->family_name);
	tl->family_name = malloc(TEXT_MAX + 2);
	assert_non_null(tl->family_name);
	memset(tl->family_name, 'x', TEXT_MAX + 1);
	tl->family_name[TEXT_MAX + 1] = '\0';
}

/* decode_checked() of tl's encoding. */
static int reencode(const struct timeline *tl, bool may_pass, const char *what)
{
	unsigned char *data = NULL;
	size_t len = 0;
	assert_int_equal(timeline_encode(tl, &data, &len, NULL), 0);
	int rc = decode_checked(data, len, may_pass, what);
	free(data);
	return rc;
}

/* A state that decodes but holds values no event could have made is
 * refused as corrupt (ERR_INVALID), never handed to the clocks. */
static void test_codec_rejects_out_of_range(void **unused)
{
	(void)unused;
	static const struct mutation mutations[] = {
		{"sex outside its vocabulary", bad_sex}, {"an AOR outside its vocabulary", bad_aor},
		{"threat level 4", bad_threat}, {"an instant near INT64_MAX", bad_instant},
		{"an instant after year 9999", bad_year}, {"a negative count", bad_bool},
		{"a stay ending before it began", stay_backwards}, {"detained without a stay", detained_no_stay},
		{"detained in a closed stint", detained_closed}, {"a final order without a date", order_no_date},
		{"check-in periods of a second", second_periods}, {"check-in periods past year 9999", periods_overflow},
		{"more periods met than ended", met_over_ended}, {"non-cooperation out of order", noncoop_backwards},
		{"non-cooperation open without its interval", noncoop_closed}, {"a country not in ISO 3166", bad_country},
		{"a name longer than an event's", long_name},
		{"an enrolment without its technology (found by fuzz_timeline_codec)", enrolment_no_technology},
		{"a travel document refused on no date (found by fuzz_timeline_codec)", travel_undated},
		{"a review on no date", review_undated},
		{"a hearing at no instant (found by fuzz_timeline_codec)", hearing_undated},
	};
	for (size_t i = 0; i < ROWS(mutations); i++) {
		struct timeline tl;
		timeline_init(&tl, PERSON);
		apply_all(&tl, rich, &forbid);
		assert_int_equal(reencode(&tl, true, mutations[i].what), 0); /* valid as it is */
		mutations[i].apply(&tl);
		reencode(&tl, false, mutations[i].what);
		timeline_free(&tl);
	}
}

static void test_codec_rejects_bad_bytes(void **unused)
{
	(void)unused;
	struct timeline tl;
	timeline_init(&tl, PERSON);
	apply_all(&tl, rich, &forbid);
	unsigned char *data = NULL;
	size_t len = 0;
	assert_int_equal(timeline_encode(&tl, &data, &len, NULL), 0);
	timeline_free(&tl);

	/* truncated anywhere */
	decode_checked(data, 0, false, "no bytes");
	for (size_t n = 1; n < len; n++) {
		unsigned char *cut = malloc(n); /* exactly n bytes: a read past them is caught by the sanitizer */
		assert_non_null(cut);
		memcpy(cut, data, n);
		char what[64];
		snprintf(what, sizeof what, "truncated to %zu of %zu bytes", n, len);
		decode_checked(cut, n, false, what);
		free(cut);
	}
	/* a byte too many */
	unsigned char *longer = malloc(len + 1);
	assert_non_null(longer);
	memcpy(longer, data, len);
	longer[len] = 0;
	decode_checked(longer, len + 1, false, "a trailing byte");
	free(longer);
	/* another version */
	unsigned char *copy = malloc(len);
	assert_non_null(copy);
	memcpy(copy, data, len);
	struct timeline other;
	copy[0] = (unsigned char)(data[0] + 1);
	assert_int_equal(timeline_decode(copy, len, &other, NULL), ERR_NOTFOUND); /* the caller replays */
	copy[0] = 0;
	assert_int_equal(timeline_decode(copy, len, &other, NULL), ERR_NOTFOUND);
	/* every byte after the version corrupted in a few ways: an error or a
	 * state, never a crash */
	static const unsigned char flips[] = {0x01, 0x80, 0xff, 0x7f};
	for (size_t i = 1; i < len; i++)
		for (size_t f = 0; f < ROWS(flips); f++) {
			memcpy(copy, data, len);
			copy[i] ^= flips[f];
			decode_checked(copy, len, true, "a corrupted byte");
		}
	free(copy);
	free(data);

	/* the end of an empty timeline's form is its two counts: no
	 * non-cooperation interval, no hearing (code 1 each: 1 + zigzag 0) */
	timeline_init(&tl, PERSON);
	assert_int_equal(timeline_encode(&tl, &data, &len, NULL), 0);
	timeline_free(&tl);
	assert_true(len > 2);
	assert_int_equal(data[len - 2], 1);
	assert_int_equal(data[len - 1], 1);
	unsigned char *form = malloc(len + 8);
	assert_non_null(form);
	const struct {
		const char *what;
		unsigned char tail[6];
		size_t n;
		int rc;
	} tails[] = {
		/* an integer's code: 0 for INT64_MIN, else 1 + zigzag (0 -> 1, -1 -> 2, 1 -> 3) */
		{"no interval, no hearing", {0x01, 0x01}, 2, 0},
		{"a negative interval count", {0x02, 0x01}, 2, ERR_INVALID},
		{"63 intervals announced, none there", {0x7f, 0x01}, 2, ERR_INVALID},
		{"a count that never ends", {0x01, 0xff, 0xff, 0xff, 0xff, 0xff}, 6, ERR_INVALID},
		{"one hearing, attended", {0x01, 0x03, 0x01, 0x03}, 4, 0},
		{"one hearing, status 9", {0x01, 0x03, 0x01, 0x13}, 4, ERR_INVALID},
		{"one hearing, status -1", {0x01, 0x03, 0x01, 0x02}, 4, ERR_INVALID},
		{"one hearing, no status", {0x01, 0x03, 0x01}, 3, ERR_INVALID},
		{"one interval [0, 1)", {0x03, 0x01, 0x03, 0x01}, 4, 0},
	};
	for (size_t i = 0; i < ROWS(tails); i++) {
		memcpy(form, data, len - 2);
		memcpy(form + len - 2, tails[i].tail, tails[i].n);
		size_t n = len - 2 + tails[i].n;
		int rc = decode_checked(form, n, tails[i].rc == 0, tails[i].what);
		if (rc != tails[i].rc)
			fail_msg("%s: %d, expected %d", tails[i].what, rc, tails[i].rc);
	}
	/* the attended hearing and the interval were read as given */
	memcpy(form + len - 2, (const unsigned char[]){0x03, 0x01, 0x03, 0x03, 0x05, 0x07}, 6);
	assert_int_equal(timeline_decode(form, len + 4, &tl, NULL), 0);
	assert_int_equal(tl.n_noncoop, 1);
	assert_int_equal(tl.noncoop[0].start, 0);
	assert_int_equal(tl.noncoop[0].end, 1);
	assert_int_equal(tl.n_hearings, 1);
	assert_int_equal(tl.hearings[0].hearing_at, 2);
	assert_int_equal(tl.hearings[0].status, HEARING_ADJOURNED);
	timeline_free(&tl);

	/* the person: a string of its form, too long or with a NUL in it */
	const struct {
		const char *what;
		unsigned char bytes[16];
		size_t n;
	} heads[] = {
		{"person longer than the bytes", {1, 0x90, 0x03, 'A'}, 4},
		{"person longer than an A-number", {1, 23, 'A', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0'}, 13},
		{"person with a NUL", {1, 21, 'A', '1', '2', '3', 0, '5', '6', '7', '8', '9'}, 12},
		{"person NULL", {1, 0x02}, 2},
		{"only the person", {1, 21, 'A', '1', '2', '3', '4', '5', '6', '7', '8', '9'}, 12},
	};
	for (size_t i = 0; i < ROWS(heads); i++) {
		unsigned char *b = malloc(heads[i].n);
		assert_non_null(b);
		memcpy(b, heads[i].bytes, heads[i].n);
		b[0] = data[0]; /* the version of the form */
		decode_checked(b, heads[i].n, false, heads[i].what);
		free(b);
	}
	free(form);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_rejects_out_of_range),
		cmocka_unit_test(test_arrest_identity_and_classification),
		cmocka_unit_test(test_book_in_opens_stay_and_stint),
		cmocka_unit_test(test_book_in_ends_enrolment),
		cmocka_unit_test(test_transfer_continues_stay),
		cmocka_unit_test(test_book_out_closes_stay_and_stint),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_case_events),
		cmocka_unit_test(test_bond),
		cmocka_unit_test(test_hearings),
		cmocka_unit_test(test_supervision),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_mandatory_detention_release),
		cmocka_unit_test(test_mandatory_lifted_by_later_classify),
		cmocka_unit_test(test_border_release_policy),
		cmocka_unit_test(test_border_policy_follows_current_episode),
		cmocka_unit_test(test_replay_matches_apply),
		cmocka_unit_test(test_replay_late_book_in_repairs),
		cmocka_unit_test(test_replay_late_event_invalidates_later),
		cmocka_unit_test(test_replay_until),
		cmocka_unit_test(test_replay_stint_across_facility_close),
		cmocka_unit_test(test_changes_stays_and_stints),
		cmocka_unit_test(test_changes_enrolments),
		cmocka_unit_test(test_removal_period_release),
		cmocka_unit_test(test_removal_period_release_moves),
		cmocka_unit_test(test_border_release_message),
		cmocka_unit_test(test_capacity_release_needs_note),
		cmocka_unit_test(test_bond_minimum),
		cmocka_unit_test(test_replay_policy_only_for_fresh),
		cmocka_unit_test(test_codec_round_trip),
		cmocka_unit_test(test_codec_rejects_bad_bytes),
	};
	return cmocka_run_group_tests(tests, setup, facilities_teardown);
}
