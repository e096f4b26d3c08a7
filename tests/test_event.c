/* Unit tests for event.c: parsing and validating events against the contract
 * (events.md), and their canonical form.
 *
 * Test inputs are written with single quotes for readability; dq()
 * (support.h) turns them into JSON double quotes. Expected message fragments
 * are written the same way (none of them contains a real apostrophe). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "support.h"

#include "bounds.h"
#include "event.h"

#define MAX_WANT 3

/* The ledger clock of these tests is TEST_NOW_TEXT (test_now()); HEAD's
 * `at` is well before it. */
#define AT_TEXT "2025-02-03T14:05:00Z"
#define AT_TS ((ts_t)1738591500)
#define HEAD(id, type) "{'id':'" id "','type':'" type "','at':'" AT_TEXT "'"
#define P ",'person':'A123456789'"

/* ---- helpers ---------------------------------------------------------- */

/* unit repeated times times, malloc'd. */
static char *repeat(const char *unit, size_t times)
{
	size_t n = strlen(unit);
	char *s = malloc(n * times + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = '\0';
	return s;
}

/* Parse the single-quoted text sq, which must be valid at the ledger clock,
 * into *ev. */
static void parse_valid(const char *sq, struct event *ev)
{
	parse_event_at(sq, test_now(), ev);
}

/* After a failed parse *ev holds nothing but (at most) the id. */
static void assert_event_empty(const struct event *ev)
{
	assert_int_equal(ev->type, UNSET);
	assert_int_equal(ev->at, TS_NONE);
	assert_string_equal(ev->person, "");
	assert_string_equal(ev->facility, "");
	assert_null(ev->note);
	assert_null(ev->name);
	assert_null(ev->city);
	assert_null(ev->method);
	assert_null(ev->family_name);
	assert_null(ev->given_name);
	assert_null(ev->reason_text);
	assert_int_equal(ev->capacity, UNSET);
}

/* json[0..len) must be rejected with ERR_INVALID and a message containing
 * every fragment of want (single-quoted; NULL ends the list early). */
static void expect_invalid_len(const char *json, size_t len, const char *const want[MAX_WANT],
			       const char *label)
{
	struct event ev;
	struct error err = {0};
	int rc = event_parse(json, len, test_now(), &ev, &err);
	if (rc != ERR_INVALID) {
		if (rc == 0)
			event_free(&ev);
		fail_msg("returned %d (%s), want ERR_INVALID\n  input: %s", rc, err.msg, label);
	}
	assert_int_equal(err.code, ERR_INVALID);
	for (int i = 0; i < MAX_WANT && want[i]; i++) {
		char *frag = dq(want[i]);
		bool found = strstr(err.msg, frag) != NULL;
		free(frag);
		if (!found)
			fail_msg("message lacks <%s>\n  message: %s\n  input: %s", want[i], err.msg, label);
	}
	assert_event_empty(&ev);
	event_free(&ev);
}

struct bad_case {
	const char *json; /* single-quoted */
	const char *want[MAX_WANT];
};

static void expect_invalid(const char *sq, const char *const want[MAX_WANT])
{
	char *json = dq(sq);
	expect_invalid_len(json, strlen(json), want, sq);
	free(json);
}

static void run_bad(const struct bad_case *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_invalid(rows[i].json, rows[i].want);
}

/* Canonical text of the single-quoted event sq (malloc'd). */
static char *canonical(const char *sq)
{
	struct event ev;
	parse_valid(sq, &ev);
	char *text = event_to_json(&ev);
	assert_non_null(text);
	event_free(&ev);
	return text;
}

static int word(const struct vocab *v, const char *w)
{
	int i = vocab_find(v, w);
	assert_true(i >= 0);
	return i;
}

/* ---- one valid example of every event type ------------------------------ */

static void chk_facility_open(const struct event *ev)
{
	assert_string_equal(ev->facility, "STWRTGA");
	assert_string_equal(ev->name, "Stewart Detention Center");
	assert_int_equal(ev->aor, word(&vocab_aor, "ATL"));
	assert_int_equal(ev->kind, word(&vocab_facility_kind, "CDF"));
	assert_int_equal(ev->capacity, 1900);
	assert_int_equal(ev->facility_sex, FSEX_M);
	assert_string_equal(ev->city, "Lumpkin");
	assert_string_equal(ev->state, "GA");
	assert_string_equal(ev->person, "");
}

static void chk_facility_open_min(const struct event *ev)
{
	assert_string_equal(ev->facility, "K9");
	assert_int_equal(ev->kind, word(&vocab_facility_kind, "USMS_IGA"));
	assert_int_equal(ev->capacity, 0);
	assert_int_equal(ev->facility_sex, FSEX_ANY);
	assert_null(ev->city);
	assert_string_equal(ev->state, "");
}

static void chk_facility_capacity(const struct event *ev)
{
	assert_string_equal(ev->facility, "KRO");
	assert_int_equal(ev->capacity, 650);
}

static void chk_facility_close(const struct event *ev)
{
	assert_string_equal(ev->facility, "ATLHOLD");
	assert_int_equal(ev->capacity, UNSET);
}

static void chk_arrest(const struct event *ev)
{
	assert_string_equal(ev->person, "A123456789");
	assert_int_equal(ev->aor, word(&vocab_aor, "NYC"));
	assert_int_equal(ev->agency, AGENCY_CBP);
	assert_int_equal(ev->border, 1);
	assert_string_equal(ev->method, "port of entry");
	assert_string_equal(ev->family_name, "P\xc3\xa9rez Garc\xc3\xad" "a");
	assert_string_equal(ev->given_name, "Jos\xc3\xa9");
	assert_int_equal(ev->birth_date, T("1988-04-02"));
	assert_int_equal(ev->sex, SEX_X);
	assert_string_equal(ev->citizenship, "VE");
	assert_string_equal(ev->birth_country, "CO");
	assert_int_equal(ev->criminality, CRIM_CONVICTED);
	assert_int_equal(ev->threat_level, 2);
	assert_int_equal(ev->mandatory, UNSET);
}

static void chk_arrest_min(const struct event *ev)
{
	assert_int_equal(ev->agency, AGENCY_ICE);
	assert_int_equal(ev->border, 0);
	assert_null(ev->method);
	assert_null(ev->family_name);
	assert_int_equal(ev->birth_date, TS_NONE);
	assert_int_equal(ev->sex, UNSET);
	assert_string_equal(ev->citizenship, "");
	assert_int_equal(ev->criminality, UNSET);
	assert_int_equal(ev->threat_level, UNSET);
}

static void chk_book_in(const struct event *ev)
{
	assert_string_equal(ev->person, "A123456789");
	assert_string_equal(ev->facility, "KRO");
}

static void chk_transfer(const struct event *ev)
{
	assert_string_equal(ev->facility, "STFRCTX");
}

static void chk_classify(const struct event *ev)
{
	assert_int_equal(ev->criminality, CRIM_NONE);
	assert_int_equal(ev->threat_level, THREAT_NULL);
	assert_int_equal(ev->mandatory, MAND_LAKEN_RILEY);
	assert_int_equal(ev->protected_, 1);
}

static void chk_classify_one(const struct event *ev)
{
	assert_int_equal(ev->protected_, 0);
	assert_int_equal(ev->criminality, UNSET);
	assert_int_equal(ev->threat_level, UNSET);
	assert_int_equal(ev->mandatory, UNSET);
}

static void chk_removal_order(const struct event *ev)
{
	assert_int_equal(ev->final_date, T("2025-01-31"));
}

static void chk_stay(const struct event *ev)
{
	assert_int_equal(ev->status, STAY_GRANTED);
}

static void chk_travel(const struct event *ev)
{
	assert_int_equal(ev->status, TRAVEL_ISSUED);
	assert_string_equal(ev->country, "MX");
}

static void chk_noncoop(const struct event *ev)
{
	assert_int_equal(ev->status, NONCOOP_END);
}

static void chk_review(const struct event *ev)
{
	assert_int_equal(ev->review_kind, REVIEW_ANNUAL);
	assert_int_equal(ev->decision, DECISION_RELEASE);
	assert_int_equal(ev->removal_foreseeable, 1);
}

static void chk_bond_set(const struct event *ev)
{
	assert_int_equal(ev->status, BOND_SET);
	assert_int_equal(ev->amount, 1500);
	assert_int_equal(ev->by, BY_ICE);
}

static void chk_bond_denied(const struct event *ev)
{
	assert_int_equal(ev->status, BOND_DENIED);
	assert_int_equal(ev->amount, UNSET);
	assert_int_equal(ev->by, BY_IJ);
}

static void chk_bond_posted(const struct event *ev)
{
	assert_int_equal(ev->status, BOND_POSTED);
	assert_int_equal(ev->amount, UNSET);
	assert_int_equal(ev->by, UNSET);
}

static void chk_hearing(const struct event *ev)
{
	assert_int_equal(ev->status, HEARING_ADJOURNED);
	assert_int_equal(ev->hearing_at, T("2025-03-14T13:30:00Z"));
}

static void chk_book_out_removed(const struct event *ev)
{
	assert_int_equal(ev->reason, OUT_REMOVED);
	assert_string_equal(ev->country, "MX");
	assert_null(ev->note);
}

static void chk_book_out_capacity(const struct event *ev)
{
	assert_int_equal(ev->reason, OUT_CAPACITY);
	assert_string_equal(ev->note, "no beds in the AOR");
}

static void chk_departure(const struct event *ev)
{
	assert_string_equal(ev->country, "CO");
}

static void chk_enroll(const struct event *ev)
{
	assert_int_equal(ev->technology, TECH_WRIST);
	assert_int_equal(ev->checkin_days, 90);
	assert_int_equal(ev->aor, word(&vocab_aor, "SND"));
}

static void chk_enroll_min(const struct event *ev)
{
	assert_int_equal(ev->technology, TECH_PHONE);
	assert_int_equal(ev->checkin_days, 1);
	assert_int_equal(ev->aor, UNSET);
}

static void chk_checkin(const struct event *ev)
{
	assert_int_equal(ev->result, CHECKIN_FAILED_VERIFICATION);
}

static void chk_alert(const struct event *ev)
{
	assert_int_equal(ev->alert, ALERT_SIGNAL_LOSS);
}

static void chk_change_tech(const struct event *ev)
{
	assert_int_equal(ev->technology, TECH_NONE);
	assert_int_equal(ev->checkin_days, UNSET);
	assert_string_equal(ev->reason_text, "compliant for a year");
}

static void chk_change_days(const struct event *ev)
{
	assert_int_equal(ev->technology, UNSET);
	assert_int_equal(ev->checkin_days, 30);
}

static void chk_atd_end(const struct event *ev)
{
	assert_int_equal(ev->reason, END_ABSCONDED);
}

static void chk_void(const struct event *ev)
{
	assert_string_equal(ev->person, "");
	assert_string_equal(ev->target, "ev-0012");
	assert_string_equal(ev->reason_text, "duplicate submission");
}

static void chk_void_person(const struct event *ev)
{
	assert_string_equal(ev->person, "A012345678");
	assert_string_equal(ev->target, "x.y_z:1-2");
}

static const struct valid_case {
	const char *json;
	int type;
	void (*check)(const struct event *ev);
} valid_cases[] = {
	{HEAD("v-01", "facility_open") ",'facility':'STWRTGA','name':'Stewart Detention Center',"
	  "'aor':'ATL','kind':'CDF','capacity':1900,'sex':'M','city':'Lumpkin','state':'GA'}",
	 EV_FACILITY_OPEN, chk_facility_open},
	{HEAD("v-02", "facility_open") ",'facility':'K9','name':'n','aor':'ATL','kind':'USMS_IGA',"
	  "'capacity':0}",
	 EV_FACILITY_OPEN, chk_facility_open_min},
	{HEAD("v-03", "facility_capacity") ",'facility':'KRO','capacity':650}", EV_FACILITY_CAPACITY,
	 chk_facility_capacity},
	{HEAD("v-04", "facility_close") ",'facility':'ATLHOLD'}", EV_FACILITY_CLOSE, chk_facility_close},
	{HEAD("v-05", "arrest") P ",'aor':'NYC','agency':'CBP','border':true,'method':'port of entry',"
	  "'family_name':'P\xc3\xa9rez Garc\xc3\xad" "a','given_name':'Jos\\u00e9','birth_date':'1988-04-02',"
	  "'sex':'X','citizenship':'VE','birth_country':'CO','criminality':'convicted','threat_level':2}",
	 EV_ARREST, chk_arrest},
	{HEAD("v-06", "arrest") P ",'aor':'ATL','agency':'ICE'}", EV_ARREST, chk_arrest_min},
	{HEAD("v-07", "book_in") ",'person':'A-123-456-789','facility':'KRO'}", EV_BOOK_IN, chk_book_in},
	{HEAD("v-08", "transfer") P ",'facility':'STFRCTX'}", EV_TRANSFER, chk_transfer},
	{HEAD("v-09", "classify") P ",'criminality':'none','threat_level':null,'mandatory':'laken_riley',"
	  "'protected':true}",
	 EV_CLASSIFY, chk_classify},
	{HEAD("v-10", "classify") P ",'protected':false}", EV_CLASSIFY, chk_classify_one},
	{HEAD("v-11", "removal_order") P ",'final':'2025-01-31'}", EV_REMOVAL_ORDER, chk_removal_order},
	{HEAD("v-12", "stay_of_removal") P ",'status':'granted'}", EV_STAY_OF_REMOVAL, chk_stay},
	{HEAD("v-13", "travel_document") P ",'status':'issued','country':'MX'}", EV_TRAVEL_DOCUMENT,
	 chk_travel},
	{HEAD("v-14", "noncooperation") P ",'status':'end'}", EV_NONCOOPERATION, chk_noncoop},
	{HEAD("v-15", "custody_review") P ",'kind':'annual','decision':'release',"
	  "'removal_foreseeable':true}",
	 EV_CUSTODY_REVIEW, chk_review},
	{HEAD("v-16", "bond") P ",'status':'set','amount':1500,'by':'ICE'}", EV_BOND, chk_bond_set},
	{HEAD("v-17", "bond") P ",'status':'denied','by':'IJ'}", EV_BOND, chk_bond_denied},
	{HEAD("v-18", "bond") P ",'status':'posted'}", EV_BOND, chk_bond_posted},
	{HEAD("v-19", "hearing") P ",'status':'adjourned','hearing_at':'2025-03-14T09:30:00-04:00'}",
	 EV_HEARING, chk_hearing},
	{HEAD("v-20", "book_out") P ",'reason':'removed','country':'MX'}", EV_BOOK_OUT,
	 chk_book_out_removed},
	{HEAD("v-21", "book_out") P ",'reason':'capacity','note':'no beds in the AOR'}", EV_BOOK_OUT,
	 chk_book_out_capacity},
	{HEAD("v-22", "departure") P ",'country':'CO'}", EV_DEPARTURE, chk_departure},
	{HEAD("v-23", "atd_enroll") P ",'technology':'wrist','checkin_days':90,'aor':'SND'}",
	 EV_ATD_ENROLL, chk_enroll},
	{HEAD("v-24", "atd_enroll") P ",'technology':'phone','checkin_days':1}", EV_ATD_ENROLL,
	 chk_enroll_min},
	{HEAD("v-25", "atd_checkin") P ",'result':'failed_verification'}", EV_ATD_CHECKIN, chk_checkin},
	{HEAD("v-26", "atd_alert") P ",'kind':'signal_loss'}", EV_ATD_ALERT, chk_alert},
	{HEAD("v-27", "atd_change") P ",'technology':'none','reason':'compliant for a year'}",
	 EV_ATD_CHANGE, chk_change_tech},
	{HEAD("v-28", "atd_change") P ",'checkin_days':30,'reason':'missed check-ins'}", EV_ATD_CHANGE,
	 chk_change_days},
	{HEAD("v-29", "atd_end") P ",'reason':'absconded'}", EV_ATD_END, chk_atd_end},
	{HEAD("v-30", "void") ",'target':'ev-0012','reason':'duplicate submission'}", EV_VOID, chk_void},
	{HEAD("v-31", "void") ",'person':'A12345678','target':'x.y_z:1-2','reason':'r'}", EV_VOID,
	 chk_void_person},
};

/* The first valid example of a type. */
static const char *example_of(int type)
{
	for (size_t i = 0; i < ROWS(valid_cases); i++)
		if (valid_cases[i].type == type)
			return valid_cases[i].json;
	fail_msg("no valid example of type %d", type);
	return NULL;
}

static void test_every_type_parses(void **state)
{
	(void)state;
	bool seen[EV_TYPE_COUNT] = {false};
	for (size_t i = 0; i < ROWS(valid_cases); i++) {
		struct event ev;
		parse_valid(valid_cases[i].json, &ev);
		assert_int_equal(ev.type, valid_cases[i].type);
		assert_int_equal(ev.at, AT_TS);
		assert_non_null(strstr(valid_cases[i].json, ev.id));
		valid_cases[i].check(&ev);
		seen[ev.type] = true;
		event_free(&ev);
	}
	for (int t = 0; t < EV_TYPE_COUNT; t++)
		if (!seen[t])
			fail_msg("no valid example of %s", vocab_word(&vocab_event_type, t));
}

static void test_is_facility(void **state)
{
	(void)state;
	for (int t = 0; t < EV_TYPE_COUNT; t++)
		assert_int_equal(event_is_facility(t),
				 t == EV_FACILITY_OPEN || t == EV_FACILITY_CAPACITY || t == EV_FACILITY_CLOSE);
}

/* ---- missing and unknown fields, generated from the examples ------------ */

/* Required fields per type, from events.md (id, type, at are added). */
static const struct {
	int type;
	const char *fields[4];
} required[] = {
	{EV_FACILITY_OPEN, {"facility", "name", "aor", "kind"}},
	{EV_FACILITY_OPEN, {"capacity"}},
	{EV_FACILITY_CAPACITY, {"facility", "capacity"}},
	{EV_FACILITY_CLOSE, {"facility"}},
	{EV_ARREST, {"person", "aor", "agency"}},
	{EV_BOOK_IN, {"person", "facility"}},
	{EV_TRANSFER, {"person", "facility"}},
	{EV_CLASSIFY, {"person"}},
	{EV_REMOVAL_ORDER, {"person"}},
	{EV_STAY_OF_REMOVAL, {"person", "status"}},
	{EV_TRAVEL_DOCUMENT, {"person", "status", "country"}},
	{EV_NONCOOPERATION, {"person", "status"}},
	{EV_CUSTODY_REVIEW, {"person", "kind", "decision"}},
	{EV_BOND, {"person", "status"}},
	{EV_HEARING, {"person", "status", "hearing_at"}},
	{EV_BOOK_OUT, {"person", "reason"}},
	{EV_DEPARTURE, {"person", "country"}},
	{EV_ATD_ENROLL, {"person", "technology", "checkin_days"}},
	{EV_ATD_CHECKIN, {"person", "result"}},
	{EV_ATD_ALERT, {"person", "kind"}},
	{EV_ATD_CHANGE, {"person", "reason"}},
	{EV_ATD_END, {"person", "reason"}},
	{EV_VOID, {"target", "reason"}},
	{EV_VOID, {"id", "type", "at"}},
	{EV_BOOK_IN, {"id", "type", "at"}},
};

/* The single-quoted example sq edited by f(obj), as JSON text (malloc'd). */
static char *edited(const char *sq, void (*f)(json_t *obj, const char *key), const char *key)
{
	char *json = dq(sq);
	json_t *obj = json_loads(json, 0, NULL);
	free(json);
	assert_non_null(obj);
	f(obj, key);
	char *out = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	assert_non_null(out);
	return out;
}

static void del_key(json_t *obj, const char *key)
{
	assert_int_equal(json_object_del(obj, key), 0);
}

static void add_key(json_t *obj, const char *key)
{
	assert_int_equal(json_object_set_new(obj, key, json_string("A123456789")), 0);
}

static void test_missing_required_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROWS(required); i++) {
		for (int k = 0; k < 4 && required[i].fields[k]; k++) {
			const char *field = required[i].fields[k];
			char *json = edited(example_of(required[i].type), del_key, field);
			char *want = fmt("field '%s': required", field);
			expect_invalid_len(json, strlen(json), (const char *const[MAX_WANT]){want}, json);
			free(want);
			free(json);
		}
	}
}

/* Any field outside the type's list is named, with the allowed list. */
static void test_unknown_field_generated(void **state)
{
	(void)state;
	static const char *const extras[] = {"bogus", "seq", "recorded_at", "actor", "Person", "facilty"};
	for (size_t i = 0; i < ROWS(valid_cases); i++) {
		const char *type = vocab_word(&vocab_event_type, valid_cases[i].type);
		for (size_t k = 0; k < ROWS(extras); k++) {
			char *json = edited(valid_cases[i].json, add_key, extras[k]);
			char *w0 = fmt("field '%s': unknown for %s", extras[k], type);
			expect_invalid_len(json, strlen(json),
					   (const char *const[MAX_WANT]){w0, "(allowed: id, type, at, "}, json);
			free(w0);
			free(json);
		}
	}
}

/* A facility event takes no person. */
static void test_person_on_facility_event(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROWS(valid_cases); i++) {
		if (!event_is_facility(valid_cases[i].type))
			continue;
		char *json = edited(valid_cases[i].json, add_key, "person");
		char *want = fmt("field 'person': unknown for %s (allowed: id, type, at, note, facility",
				 vocab_word(&vocab_event_type, valid_cases[i].type));
		expect_invalid_len(json, strlen(json), (const char *const[MAX_WANT]){want}, json);
		free(want);
		free(json);
	}
}

static void test_unknown_field_lists_allowed(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("u-1", "book_in") P ",'facilty':'KRO'}",
		 {"field 'facilty': unknown for book_in (allowed: id, type, at, person, note, facility)"}},
		{HEAD("u-2", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC',"
		  "'capacity':1,'person':'A123456789'}",
		 {"field 'person': unknown for facility_open (allowed: id, type, at, note, facility, name, "
		  "aor, kind, capacity, sex, city, state)"}},
		{HEAD("u-3", "facility_close") ",'facility':'KRO','person':'A123456789'}",
		 {"field 'person': unknown for facility_close (allowed: id, type, at, note, facility)"}},
		{HEAD("u-4", "arrest") P ",'aor':'ATL','agency':'ICE','nationality':'MX'}",
		 {"field 'nationality': unknown for arrest (allowed: id, type, at, person, note, aor, agency, "
		  "border, method, family_name, given_name, birth_date, sex, citizenship, birth_country, "
		  "criminality, threat_level)"}},
		{HEAD("u-5", "void") ",'target':'ev-1','reason':'r','facility':'KRO'}",
		 {"field 'facility': unknown for void (allowed: id, type, at, person, note, target, reason)"}},
		{HEAD("u-6", "book_out") P ",'reason':'removed','country':'MX','amount':5}",
		 {"field 'amount': unknown for book_out"}},
	};
	run_bad(rows, ROWS(rows));
}

/* ---- values of the wrong JSON type -------------------------------------- */

static void test_wrong_json_type(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{"{'id':7,'type':'book_in','at':'" AT_TEXT "'" P ",'facility':'KRO'}",
		 {"field 'id': expected a string, got 7"}},
		{"{'id':'w-1','type':null,'at':'" AT_TEXT "'" P ",'facility':'KRO'}",
		 {"field 'type': expected a string, got null"}},
		{"{'id':'w-2','type':'book_in','at':20250203" P ",'facility':'KRO'}",
		 {"field 'at': expected a string, got 20250203"}},
		{HEAD("w-3", "book_in") ",'person':123456789,'facility':'KRO'}",
		 {"field 'person': expected an A-number string, got 123456789"}},
		{HEAD("w-4", "book_in") ",'person':null,'facility':'KRO'}",
		 {"field 'person': expected an A-number string, got null"}},
		{HEAD("w-5", "book_in") P ",'facility':['KRO']}", {"field 'facility': expected a string, got ['KRO']"}},
		{HEAD("w-6", "book_in") P ",'facility':'KRO','note':{}}", {"field 'note': expected a string, got {}"}},
		{HEAD("w-7", "facility_capacity") ",'facility':'KRO','capacity':'650'}",
		 {"field 'capacity': expected an integer, got '650'"}},
		{HEAD("w-8", "facility_capacity") ",'facility':'KRO','capacity':650.0}",
		 {"field 'capacity': expected an integer, got 650.0"}},
		{HEAD("w-9", "facility_capacity") ",'facility':'KRO','capacity':true}",
		 {"field 'capacity': expected an integer, got true"}},
		{HEAD("w-10", "arrest") P ",'aor':'ATL','agency':'ICE','border':'true'}",
		 {"field 'border': expected true or false, got 'true'"}},
		{HEAD("w-11", "arrest") P ",'aor':'ATL','agency':'ICE','border':1}",
		 {"field 'border': expected true or false, got 1"}},
		{HEAD("w-12", "custody_review") P ",'kind':'annual','decision':'release','removal_foreseeable':0}",
		 {"field 'removal_foreseeable': expected true or false"}},
		{HEAD("w-13", "arrest") P ",'aor':1,'agency':'ICE'}", {"field 'aor': expected a string, got 1"}},
		{HEAD("w-14", "removal_order") P ",'final':20250303}", {"field 'final': expected a string"}},
		{HEAD("w-15", "hearing") P ",'status':'scheduled','hearing_at':null}",
		 {"field 'hearing_at': expected a string, got null"}},
		{HEAD("w-16", "departure") P ",'country':['MX']}", {"field 'country': expected a string"}},
		{HEAD("w-17", "void") ",'target':12,'reason':'r'}", {"field 'target': expected a string, got 12"}},
		{HEAD("w-18", "atd_change") P ",'checkin_days':'7','reason':'r'}",
		 {"field 'checkin_days': expected an integer, got '7'"}},
		{HEAD("w-19", "bond") P ",'status':'set','amount':1500.5,'by':'IJ'}",
		 {"field 'amount': expected an integer, got 1500.5"}},
		{HEAD("w-20", "facility_open") ",'facility':'KRO','name':5,'aor':'MIA','kind':'SPC','capacity':1}",
		 {"field 'name': expected a string, got 5"}},
	};
	run_bad(rows, ROWS(rows));
}

/* ---- closed vocabularies ------------------------------------------------ */

static void test_not_in_vocabulary(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("x-1", "book_out") P ",'reason':'bailed'}",
		 {"field 'reason': 'bailed' is not one of removed, bonded_out, recognizance, supervision, "
		  "paroled, proceedings_terminated, relief_granted, transferred_usms, transferred, other, "
		  "no_removal_foreseeable, court_order, capacity, transferred_hhs, death, escape"}},
		{HEAD("x-2", "booking") P ",'facility':'KRO'}",
		 {"field 'type': 'booking' is not one of facility_open, facility_capacity, facility_close, "
		  "arrest, book_in, transfer,", "atd_end, void"}},
		{HEAD("x-3", "arrest") P ",'aor':'atl','agency':'ICE'}",
		 {"field 'aor': 'atl' is not one of ATL, BAL, BOS,", "SPM, WAS"}},
		{HEAD("x-4", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'JAIL','capacity':1}",
		 {"field 'kind': 'JAIL' is not one of SPC, CDF, IGSA,"}},
		{HEAD("x-5", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC','capacity':1,"
		  "'sex':'X'}",
		 {"field 'sex': 'X' is not one of M, F, any"}},
		{HEAD("x-6", "arrest") P ",'aor':'ATL','agency':'ICE','sex':'any'}",
		 {"field 'sex': 'any' is not one of M, F, X"}},
		{HEAD("x-7", "arrest") P ",'aor':'ATL','agency':'FBI'}", {"field 'agency': 'FBI' is not one of ICE, CBP"}},
		{HEAD("x-8", "classify") P ",'criminality':'felony'}",
		 {"field 'criminality': 'felony' is not one of convicted, pending, none"}},
		{HEAD("x-9", "classify") P ",'mandatory':'236(c)'}",
		 {"field 'mandatory': '236(c)' is not one of none, 236c, 235b, 241a, laken_riley"}},
		{HEAD("x-10", "stay_of_removal") P ",'status':'pending'}",
		 {"field 'status': 'pending' is not one of granted, lifted"}},
		{HEAD("x-11", "travel_document") P ",'status':'lost','country':'MX'}",
		 {"field 'status': 'lost' is not one of requested, issued, refused"}},
		{HEAD("x-12", "noncooperation") P ",'status':'begin'}", {"field 'status': 'begin' is not one of start, end"}},
		{HEAD("x-13", "custody_review") P ",'kind':'30_day','decision':'continue'}",
		 {"field 'kind': '30_day' is not one of 90_day, 180_day, annual, requested"}},
		{HEAD("x-14", "custody_review") P ",'kind':'90_day','decision':'deport'}",
		 {"field 'decision': 'deport' is not one of continue, release"}},
		{HEAD("x-15", "bond") P ",'status':'paid'}", {"field 'status': 'paid' is not one of set, denied, posted"}},
		{HEAD("x-16", "bond") P ",'status':'denied','by':'DHS'}", {"field 'by': 'DHS' is not one of ICE, IJ"}},
		{HEAD("x-17", "hearing") P ",'status':'cancelled','hearing_at':'2025-03-14T13:30:00Z'}",
		 {"field 'status': 'cancelled' is not one of scheduled, attended, missed, adjourned"}},
		{HEAD("x-18", "atd_enroll") P ",'technology':'gps','checkin_days':7}",
		 {"field 'technology': 'gps' is not one of app, ankle, wrist, phone, none"}},
		{HEAD("x-19", "atd_checkin") P ",'result':'late'}",
		 {"field 'result': 'late' is not one of ok, failed_verification"}},
		{HEAD("x-20", "atd_alert") P ",'kind':'fire'}",
		 {"field 'kind': 'fire' is not one of tamper, battery, signal_loss"}},
		{HEAD("x-21", "atd_end") P ",'reason':'bored'}",
		 {"field 'reason': 'bored' is not one of case_closed, removed, departed, absconded, detained, other"}},
		{HEAD("x-22", "book_out") P ",'reason':'Removed','country':'MX'}", {"field 'reason': 'Removed' is not one of"}},
	};
	run_bad(rows, ROWS(rows));
}

/* Countries, states and facility codes have their own shapes. */
static void test_codes(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("c-1", "departure") P ",'country':'XX'}",
		 {"field 'country': 'XX' is not an ISO 3166-1 alpha-2 country code"}},
		{HEAD("c-2", "departure") P ",'country':'mx'}", {"field 'country': 'mx' is not an ISO 3166-1"}},
		{HEAD("c-3", "departure") P ",'country':'MEX'}", {"field 'country': 'MEX' is not an ISO 3166-1"}},
		{HEAD("c-4", "arrest") P ",'aor':'ATL','agency':'ICE','citizenship':'UK'}",
		 {"field 'citizenship': 'UK' is not an ISO 3166-1"}},
		{HEAD("c-5", "arrest") P ",'aor':'ATL','agency':'ICE','birth_country':''}",
		 {"field 'birth_country': '' is not an ISO 3166-1"}},
		{HEAD("c-6", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC','capacity':1,"
		  "'state':'Georgia'}",
		 {"field 'state': 'Georgia' is not a two-letter state code"}},
		{HEAD("c-7", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC','capacity':1,"
		  "'state':'ga'}",
		 {"field 'state': 'ga' is not a two-letter state code"}},
		{HEAD("c-8", "book_in") P ",'facility':'K'}", {"field 'facility': 'K' is not a facility code (2-16 of A-Z 0-9)"}},
		{HEAD("c-9", "book_in") P ",'facility':'kro'}", {"field 'facility': 'kro' is not a facility code"}},
		{HEAD("c-10", "book_in") P ",'facility':'KR-O'}", {"field 'facility': 'KR-O' is not a facility code"}},
		{HEAD("c-11", "book_in") P ",'facility':'ABCDEFGHIJKLMNOPQ'}",
		 {"field 'facility': 'ABCDEFGHIJKLMNOPQ' is not a facility code"}},
		{HEAD("c-12", "facility_close") ",'facility':''}", {"field 'facility': '' is not a facility code"}},
	};
	run_bad(rows, ROWS(rows));
	struct event ev;
	parse_valid(HEAD("c-ok", "book_in") P ",'facility':'ABCDEFGHIJ012345'}", &ev);
	assert_string_equal(ev.facility, "ABCDEFGHIJ012345");
	event_free(&ev);
}

/* ---- integer bounds and threat levels ----------------------------------- */

static void test_integer_bounds(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("b-1", "facility_capacity") ",'facility':'KRO','capacity':-1}",
		 {"field 'capacity': -1 is outside 0..1000000"}},
		{HEAD("b-2", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC','capacity':-5}",
		 {"field 'capacity': -5 is outside 0.."}},
		{HEAD("b-3", "facility_capacity") ",'facility':'KRO','capacity':1000001}",
		 {"field 'capacity': 1000001 is outside 0..1000000"}},
		{HEAD("b-4", "atd_enroll") P ",'technology':'app','checkin_days':0}",
		 {"field 'checkin_days': 0 is outside 1..90"}},
		{HEAD("b-5", "atd_enroll") P ",'technology':'app','checkin_days':91}",
		 {"field 'checkin_days': 91 is outside 1..90"}},
		{HEAD("b-6", "atd_change") P ",'checkin_days':0,'reason':'r'}", {"field 'checkin_days': 0 is outside 1..90"}},
		{HEAD("b-7", "atd_change") P ",'checkin_days':91,'reason':'r'}", {"field 'checkin_days': 91 is outside 1..90"}},
		{HEAD("b-8", "bond") P ",'status':'set','amount':0,'by':'IJ'}", {"field 'amount': 0 is outside 1.."}},
		{HEAD("b-10", "facility_capacity") ",'facility':'KRO','capacity':99999999999999999999999}",
		 {"invalid JSON", "too big integer"}},
	};
	run_bad(rows, ROWS(rows));
	static const char *const ok[] = {
		HEAD("b-ok1", "facility_capacity") ",'facility':'KRO','capacity':0}",
		HEAD("b-ok2", "facility_capacity") ",'facility':'KRO','capacity':1000000}",
		HEAD("b-ok3", "atd_change") P ",'checkin_days':1,'reason':'r'}",
		HEAD("b-ok4", "atd_change") P ",'checkin_days':90,'reason':'r'}",
		HEAD("b-ok5", "bond") P ",'status':'set','amount':100000000,'by':'IJ'}",
		/* the minimum bond is a rule (rules.md, bond_minimum), checked by the timeline */
		HEAD("b-ok6", "bond") P ",'status':'set','amount':1,'by':'IJ'}",
	};
	for (size_t i = 0; i < ROWS(ok); i++) {
		struct event ev;
		parse_valid(ok[i], &ev);
		event_free(&ev);
	}
}

static void test_threat_level(void **state)
{
	(void)state;
	static const struct {
		const char *value;
		int want;
	} ok[] = {{"null", THREAT_NULL}, {"1", 1}, {"2", 2}, {"3", 3}};
	static const char *const bad[] = {"0", "4", "-1", "'2'", "2.0", "true", "[2]"};
	for (size_t i = 0; i < ROWS(ok); i++) {
		char *sq = fmt(HEAD("t-ok", "classify") P ",'threat_level':%s}", ok[i].value);
		struct event ev;
		parse_valid(sq, &ev);
		assert_int_equal(ev.threat_level, ok[i].want);
		event_free(&ev);
		free(sq);
	}
	for (size_t i = 0; i < ROWS(bad); i++) {
		char *sq = fmt(HEAD("t-bad", "arrest") P ",'aor':'ATL','agency':'ICE','threat_level':%s}", bad[i]);
		char *want = fmt("field 'threat_level': expected 1, 2, 3 or null, got %s", bad[i]);
		expect_invalid(sq, (const char *const[MAX_WANT]){want});
		free(want);
		free(sq);
	}
}

/* ---- rules a field table cannot express --------------------------------- */

static void test_conditional_rules(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("r-1", "bond") P ",'status':'set','by':'IJ'}", {"field 'amount': required when status is set"}},
		{HEAD("r-3", "bond") P ",'status':'posted','amount':5000}",
		 {"field 'amount': only allowed when status is set"}},
		{HEAD("r-4", "bond") P ",'status':'denied','amount':5000,'by':'IJ'}",
		 {"field 'amount': only allowed when status is set"}},
		{HEAD("r-5", "bond") P ",'status':'denied'}", {"field 'by': required when status is set or denied"}},
		{HEAD("r-6", "bond") P ",'status':'set','amount':5000}", {"field 'by': required when status is set or denied"}},
		{HEAD("r-7", "bond") P ",'status':'posted','by':'IJ'}",
		 {"field 'by': only allowed when status is set or denied"}},
		{HEAD("r-8", "book_out") P ",'reason':'removed'}", {"field 'country': required when the reason is removed"}},
		{HEAD("r-11", "classify") P "}",
		 {"classify needs at least one of criminality, threat_level, mandatory, protected"}},
		{HEAD("r-12", "classify") P ",'note':'nothing to say'}", {"classify needs at least one of"}},
		{HEAD("r-13", "atd_change") P ",'reason':'r'}", {"atd_change needs technology or checkin_days"}},
		{HEAD("r-14", "atd_change") P ",'technology':'app'}", {"field 'reason': required"}},
	};
	run_bad(rows, ROWS(rows));
}

/* ---- person -------------------------------------------------------------- */

static void test_person_field(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("p-1", "book_in") ",'facility':'KRO'}", {"field 'person': required for person events"}},
		{HEAD("p-2", "arrest") ",'aor':'ATL','agency':'ICE'}", {"field 'person': required for arrest"}},
		{HEAD("p-3", "atd_checkin") ",'result':'ok'}", {"field 'person': required"}},
		{HEAD("p-4", "facility_capacity") P ",'facility':'KRO','capacity':3}",
		 {"field 'person': unknown for facility_capacity"}},
	};
	run_bad(rows, ROWS(rows));
}

static void test_anumber_normalisation(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} ok[] = {
		{"A123456789", "A123456789"}, {"A-123-456-789", "A123456789"}, {"A 123 456 789", "A123456789"},
		{"A12345678", "A012345678"},  {"A-12-345-678", "A012345678"},  {"A000000001", "A000000001"},
		{"A00000001", "A000000001"},  {"A-1-2-3-4-5-6-7-8", "A012345678"},
	};
	static const char *const bad[] = {
		"A1234567",     /* 7 digits */
		"A1234567890",  /* 10 digits */
		"a123456789",   /* lowercase a */
		"A123456789-",  /* trailing dash */
		"A12345678 ",   /* trailing space */
		"123456789",    "A",           "", "A-", "AA12345678", "-A123456789", "A12345678X",
		"A1234_56789",  "A123.456.789",
	};
	for (size_t i = 0; i < ROWS(ok); i++) {
		char out[ANUMBER_LEN + 1] = "";
		assert_int_equal(anumber_normalize(ok[i].in, out, NULL), 0);
		assert_string_equal(out, ok[i].out);
		char *sq = fmt(HEAD("a-ok", "book_in") ",'person':'%s','facility':'KRO'}", ok[i].in);
		struct event ev;
		parse_valid(sq, &ev);
		assert_string_equal(ev.person, ok[i].out);
		event_free(&ev);
		free(sq);
	}
	for (size_t i = 0; i < ROWS(bad); i++) {
		struct error err = {0};
		char out[ANUMBER_LEN + 1] = "";
		assert_int_equal(anumber_normalize(bad[i], out, &err), ERR_INVALID);
		assert_non_null(strstr(err.msg, "is not an A-number"));
		char *sq = fmt(HEAD("a-bad", "book_in") ",'person':'%s','facility':'KRO'}", bad[i]);
		char *want = fmt("field 'person': '%s' is not an A-number", bad[i]);
		expect_invalid(sq, (const char *const[MAX_WANT]){want});
		free(want);
		free(sq);
	}
}

/* ---- ids, lengths, text content ------------------------------------------ */

static void test_event_ids(void **state)
{
	(void)state;
	char *id64 = repeat("a", 64), *id65 = repeat("b", 65), *id70 = repeat("c", 70);
	const char *const ok[] = {"a", "Z", "0", "ev-0001", "x.y_z:1-2", "fac:KRO.2025_open-1", id64};
	const char *const bad[] = {"", id65, id70, "a b", "a/b", "a,b", "caf\xc3\xa9", "a+b", "#1", "a@b"};
	for (size_t i = 0; i < ROWS(ok); i++)
		assert_true(event_id_valid(ok[i]));
	for (size_t i = 0; i < ROWS(bad); i++)
		assert_false(event_id_valid(bad[i]));

	for (size_t i = 0; i < ROWS(ok); i++) {
		char *sq = fmt("{'id':'%s','type':'void','at':'" AT_TEXT "','target':'%s','reason':'r'}", ok[i], ok[i]);
		struct event ev;
		parse_valid(sq, &ev);
		assert_string_equal(ev.id, ok[i]);
		assert_string_equal(ev.target, ok[i]);
		event_free(&ev);
		free(sq);
	}
	for (size_t i = 0; i < ROWS(bad); i++) {
		char *sq = fmt("{'id':'%s','type':'void','at':'" AT_TEXT "','target':'t','reason':'r'}", bad[i]);
		expect_invalid(sq, (const char *const[MAX_WANT]){"field 'id': ", "is not an event id (1-64 of"});
		free(sq);
		sq = fmt(HEAD("i-t", "void") ",'target':'%s','reason':'r'}", bad[i]);
		expect_invalid(sq, (const char *const[MAX_WANT]){"field 'target': ", "is not an event id"});
		free(sq);
	}
	/* A long id is shown truncated, not in full. */
	char *sq = fmt("{'id':'%s','type':'void','at':'" AT_TEXT "','target':'t','reason':'r'}", id70);
	char *want = fmt("'%.60s...'", id70);
	expect_invalid(sq, (const char *const[MAX_WANT]){want});
	free(want);
	free(sq);
	free(id64);
	free(id65);
	free(id70);
}

/* Lengths are in bytes: ASCII and two-byte characters alike. */
#define OPEN_WITH(fields) HEAD("l-1", "facility_open") ",'facility':'KRO','aor':'MIA','kind':'SPC'," \
	"'capacity':1," fields "}"
static void test_text_lengths(void **state)
{
	(void)state;
	static const struct {
		const char *tmpl, *unit; /* tmpl takes unit repeated times times */
		size_t times;
		const char *want; /* NULL: valid */
	} rows[] = {
		{OPEN_WITH("'name':'n','note':'%s'"), "x", 2000, NULL},
		{OPEN_WITH("'name':'n','note':'%s'"), "\xc3\xa9", 1000, NULL},
		{OPEN_WITH("'name':'n','note':'%s'"), "x", 2001,
		 "field 'note': 2001 bytes is longer than the 2000 allowed"},
		{OPEN_WITH("'name':'n','note':'%s'"), "\xc3\xa9", 1001,
		 "field 'note': 2002 bytes is longer than the 2000 allowed"},
		{OPEN_WITH("'name':'n','note':'%s'"), "x", 5000,
		 "field 'note': 5000 bytes is longer than the 2000 allowed"},
		{OPEN_WITH("'name':'%s'"), "n", 200, NULL},
		{OPEN_WITH("'name':'%s'"), "n", 201, "field 'name': 201 bytes is longer than the 200 allowed"},
		{OPEN_WITH("'name':'n','city':'%s'"), "\xc3\xa9", 100, NULL},
		{OPEN_WITH("'name':'n','city':'%s'"), "\xc3\xa9", 101,
		 "field 'city': 202 bytes is longer than the 200 allowed"},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		char *text = repeat(rows[i].unit, rows[i].times);
		char *sq = fmt(rows[i].tmpl, text);
		if (rows[i].want) {
			expect_invalid(sq, (const char *const[MAX_WANT]){rows[i].want});
		} else {
			char *c = canonical(sq);
			assert_non_null(strstr(c, text));
			free(c);
		}
		free(sq);
		free(text);
	}
}

static void test_empty_text(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("e-1", "facility_open") ",'facility':'KRO','name':'','aor':'MIA','kind':'SPC','capacity':1}",
		 {"field 'name': must not be empty"}},
		{HEAD("e-2", "arrest") P ",'aor':'ATL','agency':'ICE','method':''}", {"field 'method': must not be empty"}},
		{HEAD("e-3", "void") ",'target':'t','reason':''}", {"field 'reason': must not be empty"}},
	};
	run_bad(rows, ROWS(rows));
	struct event ev;
	parse_valid(HEAD("e-ok", "atd_checkin") P ",'result':'ok','note':''}", &ev);
	assert_string_equal(ev.note, "");
	event_free(&ev);
}

/* Names and other one-line text reject control characters; a note may span
 * lines (newline, tab, carriage return) but takes no other control. */
static void test_control_characters(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("k-1", "arrest") P ",'aor':'ATL','agency':'ICE','family_name':'Ex\\u0001ample'}",
		 {"field 'family_name': contains control characters"}},
		{HEAD("k-2", "arrest") P ",'aor':'ATL','agency':'ICE','given_name':'One\\nTwo'}",
		 {"field 'given_name': contains control characters"}},
		{HEAD("k-3", "arrest") P ",'aor':'ATL','agency':'ICE','method':'at\\tlarge'}",
		 {"field 'method': contains control characters"}},
		{HEAD("k-4", "facility_open") ",'facility':'KRO','name':'Krome\\u007f','aor':'MIA','kind':'SPC',"
		  "'capacity':1}",
		 {"field 'name': contains control characters"}},
		{HEAD("k-5", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC','capacity':1,"
		  "'city':'Miami\\r'}",
		 {"field 'city': contains control characters"}},
		{HEAD("k-6", "void") ",'target':'t','reason':'\\u001b[31m'}", {"field 'reason': contains control characters"}},
		{HEAD("k-7", "atd_checkin") P ",'result':'ok','note':'bell\\u0007'}",
		 {"field 'note': contains control characters"}},
	};
	run_bad(rows, ROWS(rows));
	struct event ev;
	parse_valid(HEAD("k-ok", "atd_checkin") P ",'result':'ok','note':'line 1\\r\\nline 2\\n\\tindented'}", &ev);
	assert_string_equal(ev.note, "line 1\r\nline 2\n\tindented");
	event_free(&ev);
}

/* Free text refuses the C1 controls and the characters that reorder or
 * hide text when it is displayed (bidirectional formatting, line and
 * paragraph separators), naming the field and the character; other
 * characters of any script are kept. */
static void test_bidi_and_c1_controls(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("b-1", "arrest") P ",'aor':'ATL','agency':'ICE','family_name':'Ab\\u202eCD'}",
		 {"field 'family_name': contains control characters (U+202E)"}},
		{HEAD("b-2", "arrest") P ",'aor':'ATL','agency':'ICE','given_name':'\\u2066x\\u2069'}",
		 {"field 'given_name': contains control characters (U+2066)"}},
		{HEAD("b-3", "arrest") P ",'aor':'ATL','agency':'ICE','method':'x\\u200f'}",
		 {"field 'method': contains control characters (U+200F)"}},
		{HEAD("b-4", "facility_open") ",'facility':'KRO','name':'K\\u0085','aor':'MIA','kind':'SPC',"
		  "'capacity':1}",
		 {"field 'name': contains control characters (U+0085)"}},
		{HEAD("b-5", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC','capacity':1,"
		  "'city':'a\\u2028b'}",
		 {"field 'city': contains control characters (U+2028)"}},
		{HEAD("b-6", "void") ",'target':'t','reason':'\\u061c'}",
		 {"field 'reason': contains control characters (U+061C)"}},
		{HEAD("b-7", "atd_checkin") P ",'result':'ok','note':'line\\n\\u202a'}",
		 {"field 'note': contains control characters (U+202A)"}},
		{HEAD("b-8", "arrest") P ",'aor':'ATL','agency':'ICE','family_name':'\\u009f'}",
		 {"field 'family_name': contains control characters (U+009F)"}},
	};
	run_bad(rows, ROWS(rows));
	struct event ev;
	parse_valid(HEAD("b-ok", "arrest") P ",'aor':'ATL','agency':'ICE','family_name':'O\\u2019Brien Nguy\\u1ec5n',"
					    "'given_name':'\\u0645\\u062d\\u0645\\u062f \\u00a0Jos\\u00e9'}",
		    &ev);
	assert_string_equal(ev.family_name, "O\u2019Brien Nguy\u1ec5n");
	assert_string_equal(ev.given_name, "\u0645\u062d\u0645\u062f \u00a0Jos\u00e9");
	event_free(&ev);
}

/* A birth date is from 1900-01-01 and not after the arrest that gives it;
 * the day of the arrest is a birth date. */
static void test_birth_date_bounds(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("d-1", "arrest") P ",'aor':'ATL','agency':'ICE','birth_date':'2025-02-04'}",
		 {"field 'birth_date': 2025-02-04 is after the arrest (2025-02-03T14:05:00Z)"}},
		{HEAD("d-2", "arrest") P ",'aor':'ATL','agency':'ICE','birth_date':'2090-01-01'}",
		 {"field 'birth_date': 2090-01-01 is after the arrest"}},
		{HEAD("d-3", "arrest") P ",'aor':'ATL','agency':'ICE','birth_date':'1899-12-31'}",
		 {"field 'birth_date': 1899-12-31 is before 1900-01-01"}},
	};
	run_bad(rows, ROWS(rows));
	const char *const good[] = {"2025-02-03", "1900-01-01"};
	for (size_t i = 0; i < ROWS(good); i++) {
		char json[256];
		snprintf(json, sizeof json, HEAD("d-ok", "arrest") P ",'aor':'ATL','agency':'ICE','birth_date':'%s'}",
			 good[i]);
		struct event ev;
		parse_valid(json, &ev);
		assert_int_equal(ev.birth_date, T(good[i]));
		event_free(&ev);
	}
}

/* The instants of an event lie within the bounds (bounds.h): 1970 to
 * 2099, what the statistics can count. */
static void test_time_bounds(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{"{'id':'t-1','type':'book_in','at':'1969-12-31T23:59:59Z'" P ",'facility':'KRO'}",
		 {"field 'at': 1969-12-31T23:59:59Z is outside the instants custody accepts, 1970-01-01T00:00:00Z to "
		  "2099-12-31T23:59:59Z"}},
		{"{'id':'t-2','type':'book_in','at':'1970-01-01T00:30:00+01:00'" P ",'facility':'KRO'}",
		 {"field 'at': 1969-12-31T23:30:00Z is outside"}},
		{HEAD("t-3", "hearing") P ",'status':'scheduled','hearing_at':'2100-01-01T00:00:00Z'}",
		 {"field 'hearing_at': 2100-01-01T00:00:00Z is outside"}},
		{HEAD("t-4", "hearing") P ",'status':'scheduled','hearing_at':'9999-12-31T23:59:59Z'}",
		 {"field 'hearing_at': 9999-12-31T23:59:59Z is outside"}},
	};
	run_bad(rows, ROWS(rows));
	struct event ev;
	parse_valid("{'id':'t-ok','type':'book_in','at':'1970-01-01T00:00:00Z'" P ",'facility':'KRO'}", &ev);
	assert_int_equal(ev.at, 0);
	event_free(&ev);
	parse_valid(HEAD("t-ok2", "hearing") P ",'status':'scheduled','hearing_at':'2099-12-31T23:59:59Z'}", &ev);
	assert_int_equal(ev.hearing_at, BOUND_TIME_MAX);
	event_free(&ev);
}

/* ---- time fields ----------------------------------------------------------- */

static void test_bad_times(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{"{'id':'m-1','type':'book_in','at':'2025-02-30T10:00:00Z'" P ",'facility':'KRO'}",
		 {"field 'at': '2025-02-30T10:00:00Z' is not an RFC 3339 time"}},
		{"{'id':'m-2','type':'book_in','at':'2025-02-03 14:05:00Z'" P ",'facility':'KRO'}",
		 {"field 'at': ", "is not an RFC 3339 time"}},
		{"{'id':'m-3','type':'book_in','at':'2025-02-03T14:05:00'" P ",'facility':'KRO'}",
		 {"field 'at': ", "is not an RFC 3339 time"}},
		{"{'id':'m-4','type':'book_in','at':''" P ",'facility':'KRO'}", {"field 'at': '' is not an RFC 3339 time"}},
		{HEAD("m-5", "arrest") P ",'aor':'ATL','agency':'ICE','birth_date':'1988-04-02T00:00:00Z'}",
		 {"field 'birth_date': '1988-04-02T00:00:00Z' is not a date (expected YYYY-MM-DD)"}},
		{HEAD("m-6", "removal_order") P ",'final':'2025/03/03'}", {"field 'final': '2025/03/03' is not a date"}},
		{HEAD("m-7", "removal_order") P ",'final':'1900-02-29'}", {"field 'final': '1900-02-29' is not a date"}},
		{HEAD("m-8", "hearing") P ",'status':'scheduled','hearing_at':'2025-03-14T13:30'}",
		 {"field 'hearing_at': '2025-03-14T13:30' is not an RFC 3339 time"}},
	};
	run_bad(rows, ROWS(rows));
}

static ts_t parse_at(const char *at, ts_t now)
{
	char *sq = fmt("{'id':'f','type':'atd_checkin','at':'%s'" P ",'result':'ok'}", at);
	struct event ev;
	parse_event_at(sq, now, &ev);
	ts_t t = ev.at;
	event_free(&ev);
	free(sq);
	return t;
}

/* `at` may be at most 300 s after the ledger clock; TS_NONE skips the check. */
static void test_future(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"2026-01-01T00:05:00Z", "2025-12-31T19:05:00-05:00", "2026-01-01T00:05:00.999Z", TEST_NOW_TEXT,
		"2026-01-01",
	};
	for (size_t i = 0; i < ROWS(ok); i++)
		assert_true(parse_at(ok[i], test_now()) <= test_now() + FUTURE_TOLERANCE);
	static const struct bad_case rows[] = {
		{"{'id':'f-1','type':'atd_checkin','at':'2026-01-01T00:05:01Z'" P ",'result':'ok'}",
		 {"field 'at': 2026-01-01T00:05:01Z is more than 5 minutes after the ledger",
		  "(2026-01-01T00:00:00Z)"}},
		{"{'id':'f-2','type':'atd_checkin','at':'2025-12-31T19:05:01-05:00'" P ",'result':'ok'}",
		 {"2026-01-01T00:05:01Z is more than 5 minutes after"}},
		{"{'id':'f-3','type':'facility_close','at':'2099-01-01','facility':'KRO'}",
		 {"field 'at': 2099-01-01T00:00:00Z is more than 5 minutes after"}},
	};
	run_bad(rows, ROWS(rows));
	assert_int_equal(parse_at("2099-01-01", TS_NONE), T("2099-01-01"));
	/* Only `at` is bounded: a hearing may be scheduled years ahead. */
	struct event ev;
	parse_valid(HEAD("f-ok", "hearing") P ",'status':'scheduled','hearing_at':'2099-03-14T13:30:00Z'}", &ev);
	assert_int_equal(ev.hearing_at, T("2099-03-14T13:30:00Z"));
	event_free(&ev);
}

/* ---- the JSON text itself ---------------------------------------------------- */

static void test_json_syntax(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{"", {"invalid JSON"}},
		{"{", {"invalid JSON"}},
		{HEAD("s-1", "book_in") P ",'facility':'KRO'", {"invalid JSON"}},
		{HEAD("s-2", "book_in") P ",'facility':'KRO',}", {"invalid JSON"}},
		{"{'id' 's-3'}", {"invalid JSON"}},
		{"{id:'s-4'}", {"invalid JSON"}},
		{HEAD("s-5", "book_in") P ",'facility':'KRO'} x", {"invalid JSON", "end of file expected"}},
		{HEAD("s-6", "book_in") P ",'facility':'KRO'}{}", {"invalid JSON", "end of file expected"}},
		{HEAD("s-7", "book_in") P ",'facility':'K\\xRO'}", {"invalid JSON"}},
		{HEAD("s-8", "facility_capacity") ",'facility':'KRO','capacity':01}", {"invalid JSON"}},
		{HEAD("s-9", "facility_capacity") ",'facility':'KRO','capacity':NaN}", {"invalid JSON"}},
	};
	run_bad(rows, ROWS(rows));
}

static void test_not_an_object(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{"[]", {"expected a JSON object"}},
		{"[" HEAD("n-1", "book_in") P ",'facility':'KRO'}]", {"expected a JSON object"}},
		{"42", {"invalid JSON"}},
		{"null", {"invalid JSON"}},
		{"true", {"invalid JSON"}},
		{"'n-2'", {"invalid JSON"}},
		{"-1.5", {"invalid JSON"}},
	};
	run_bad(rows, ROWS(rows));
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("d-1", "book_in") ",'type':'transfer'" P ",'facility':'KRO'}",
		 {"invalid JSON", "duplicate object key"}},
		{HEAD("d-2", "book_in") P P ",'facility':'KRO'}", {"duplicate object key"}},
		{HEAD("d-3", "book_in") P ",'facility':'KRO','facility':'STWRTGA'}", {"duplicate object key"}},
		{HEAD("d-4", "book_in") P ",'facility':'KRO','note':'a','note':'a'}", {"duplicate object key"}},
	};
	run_bad(rows, ROWS(rows));
}

/* \u0000 escapes and raw NUL bytes: never accepted, never truncated away. */
static void test_nul(void **state)
{
	(void)state;
	static const struct bad_case rows[] = {
		{HEAD("z-1", "atd_checkin") P ",'result':'ok','note':'a\\u0000b'}",
		 {"invalid JSON", "\\u0000 is not allowed"}},
		{HEAD("z-2", "arrest") P ",'aor':'ATL','agency':'ICE','family_name':'\\u0000'}", {"\\u0000 is not allowed"}},
		{"{'id':'z-3\\u0000','type':'void','at':'" AT_TEXT "','target':'t','reason':'r'}", {"\\u0000 is not allowed"}},
		{HEAD("z-4", "atd_checkin") P ",'result':'ok','no\\u0000te':'x'}", {"invalid JSON", "NUL byte"}},
	};
	run_bad(rows, ROWS(rows));

	static const char inside[] = "{\"id\":\"z-5\",\"type\":\"void\",\"at\":\"" AT_TEXT
				     "\",\"target\":\"t\",\"reason\":\"a\0b\"}";
	static const char between[] = "{\"id\":\"z-6\",\"type\":\"void\",\"at\":\"" AT_TEXT
				      "\",\0\"target\":\"t\",\"reason\":\"r\"}";
	static const char after[] = "{\"id\":\"z-7\",\"type\":\"void\",\"at\":\"" AT_TEXT
				    "\",\"target\":\"t\",\"reason\":\"r\"}\0{}";
	const char *const want[MAX_WANT] = {"invalid JSON"};
	/* sizeof - 1: the text up to, not including, the literal's own NUL. */
	expect_invalid_len(inside, sizeof inside - 1, want, "NUL inside a string");
	expect_invalid_len(between, sizeof between - 1, want, "NUL between members");
	expect_invalid_len(after, sizeof after - 1, want, "NUL after the object");
	expect_invalid_len(after, strlen(after) + 1, want, "object and its terminating NUL");
}

/* Invalid UTF-8 anywhere is rejected; valid multibyte text passes through. */
static void test_utf8(void **state)
{
	(void)state;
	static const char *const bad_bytes[] = {
		"\xff",             /* never valid */
		"\xc3\x28",         /* bad continuation */
		"\xc0\xaf",         /* overlong '/' */
		"\xed\xa0\x80",     /* UTF-16 surrogate */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xe2\x82",         /* truncated sequence */
		"\x80",             /* lone continuation */
	};
	for (size_t i = 0; i < ROWS(bad_bytes); i++) {
		char *in_value = fmt(HEAD("y-1", "atd_checkin") P ",'result':'ok','note':'a%sb'}", bad_bytes[i]);
		char *in_key = fmt(HEAD("y-2", "atd_checkin") P ",'result':'ok','no%ste':'x'}", bad_bytes[i]);
		expect_invalid(in_value, (const char *const[MAX_WANT]){"invalid JSON", "unable to decode byte"});
		expect_invalid(in_key, (const char *const[MAX_WANT]){"invalid JSON", "unable to decode byte"});
		free(in_value);
		free(in_key);
	}
	expect_invalid(HEAD("y-3", "atd_checkin") P ",'result':'ok','note':'\\ud800'}",
		       (const char *const[MAX_WANT]){"invalid JSON", "invalid Unicode"});
	struct event ev;
	parse_valid(HEAD("y-ok", "atd_checkin") P ",'result':'ok','note':'\\u00e9 \xe5\xbc\xa0 \\ud83d\\ude00'}", &ev);
	assert_string_equal(ev.note, "\xc3\xa9 \xe5\xbc\xa0 \xf0\x9f\x98\x80");
	event_free(&ev);
}

/* ---- defaults ---------------------------------------------------------------- */

static void test_defaults(void **state)
{
	(void)state;
	static const struct {
		const char *json, *in_canonical;
	} rows[] = {
		{HEAD("df-1", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA','kind':'SPC','capacity':1}",
		 "'capacity':1,'sex':'any'"},
		{HEAD("df-2", "arrest") P ",'aor':'ATL','agency':'ICE'}", "'agency':'ICE','border':false"},
		{"{'id':'df-3','type':'removal_order','at':'2025-03-03T11:00:00Z'" P "}", "'final':'2025-03-03'"},
		/* the date of `at` is its UTC date */
		{"{'id':'df-4','type':'removal_order','at':'2025-03-03T22:00:00-05:00'" P "}", "'final':'2025-03-04'"},
		{"{'id':'df-5','type':'removal_order','at':'2025-03-03'" P "}", "'final':'2025-03-03'"},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		char *text = canonical(rows[i].json);
		char *want = dq(rows[i].in_canonical);
		if (!strstr(text, want))
			fail_msg("canonical %s lacks %s", text, want);
		free(want);
		free(text);
	}
	struct event ev;
	parse_valid(rows[2].json, &ev);
	assert_int_equal(ev.final_date, T("2025-03-03"));
	event_free(&ev);
	parse_valid(rows[3].json, &ev);
	assert_int_equal(ev.final_date, T("2025-03-04"));
	event_free(&ev);
}

/* ---- failure leaves nothing behind --------------------------------------------- */

static void test_failure_releases_everything(void **state)
{
	(void)state;
	/* name, city and note are allocated before `state` fails. */
	static const char sq[] = HEAD("fail-1", "facility_open") ",'facility':'KRO','name':'n','aor':'MIA',"
				 "'kind':'SPC','capacity':1,'city':'Miami','state':'Florida','note':'x'}";
	char *json = dq(sq);
	struct event ev;
	struct error err = {0};
	assert_int_equal(event_parse(json, strlen(json), test_now(), &ev, &err), ERR_INVALID);
	assert_event_empty(&ev);
	assert_string_equal(ev.id, "fail-1"); /* kept for the message prefix */
	event_free(&ev);
	/* A NULL error struct is allowed. */
	assert_int_equal(event_parse(json, strlen(json), test_now(), &ev, NULL), ERR_INVALID);
	assert_event_empty(&ev);
	event_free(&ev);
	free(json);
}

/* ---- canonical form ----------------------------------------------------------------- */

/* Canonical text of json[0..len) must survive parse + serialise unchanged. */
static void assert_canonical_stable(const char *json, size_t len)
{
	struct event a, b;
	struct error err = {0};
	if (event_parse(json, len, TS_NONE, &a, &err) != 0)
		fail_msg("rejected: %s\n  input: %.*s", err.msg, (int)len, json);
	char *first = event_to_json(&a);
	assert_non_null(first);
	if (event_parse(first, strlen(first), TS_NONE, &b, &err) != 0)
		fail_msg("canonical text rejected: %s\n  text: %s", err.msg, first);
	char *second = event_to_json(&b);
	assert_non_null(second);
	assert_string_equal(first, second);
	event_free(&a);
	event_free(&b);
	free(first);
	free(second);
}

static void test_canonical_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROWS(valid_cases); i++) {
		char *json = dq(valid_cases[i].json);
		assert_canonical_stable(json, strlen(json));
		free(json);
	}
}

/* Two spellings of the same event have the same canonical text. */
static void test_canonical_spellings(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
	} rows[] = {
		{"{'id':'s','type':'book_in','at':'2025-02-03T09:05:00-05:00','person':'A-123-456-789','facility':'KRO'}",
		 "{'facility':'KRO','person':'A123456789','at':'2025-02-03T14:05:00Z','type':'book_in','id':'s'}"},
		{"{'id':'s','type':'book_in','at':'2025-02-03t14:05:00.75z','person':'A 12345678','facility':'KRO'}",
		 "{'id':'s','type':'book_in','at':'2025-02-03T14:05:00Z','person':'A012345678','facility':'KRO'}"},
		{"{'id':'s','type':'hearing','at':'2025-02-03','person':'A123456789','status':'scheduled',"
		 "'hearing_at':'2025-03-14T09:30:00-04:00'}",
		 "{'id':'s','type':'hearing','at':'2025-02-03T00:00:00Z','person':'A123456789','status':'scheduled',"
		 "'hearing_at':'2025-03-14T13:30:00Z'}"},
		{"{'id':'s','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'KRO','name':'n',"
		 "'aor':'MIA','kind':'SPC','capacity':1}",
		 "{'id':'s','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'KRO','name':'n',"
		 "'aor':'MIA','kind':'SPC','capacity':1,'sex':'any'}"},
		{"{'id':'s','type':'arrest','at':'2025-01-01T00:00:00Z','person':'A123456789','aor':'ATL',"
		 "'agency':'ICE','family_name':'Jos\\u00e9'}",
		 "{'id':'s','type':'arrest','at':'2025-01-01T00:00:00Z','person':'A123456789','aor':'ATL',"
		 "'agency':'ICE','border':false,'family_name':'Jos\xc3\xa9'}"},
		{"{'id':'s','type':'removal_order','at':'2025-03-03T11:00:00Z','person':'A123456789'}",
		 "{'id':'s','type':'removal_order','at':'2025-03-03T11:00:00Z','person':'A123456789','final':'2025-03-03'}"},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		char *a = canonical(rows[i].a), *b = canonical(rows[i].b);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

static void test_canonical_exact(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"{'state':'GA','city':'Lumpkin','capacity':1900,'kind':'CDF','aor':'ATL',"
		 "'name':'Stewart Detention Center','facility':'STWRTGA','at':'2024-12-31T19:00:00-05:00',"
		 "'type':'facility_open','id':'fac-stwrtga'}",
		 "{'id':'fac-stwrtga','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'STWRTGA',"
		 "'name':'Stewart Detention Center','aor':'ATL','kind':'CDF','capacity':1900,'sex':'any',"
		 "'city':'Lumpkin','state':'GA'}"},
		{"{'id':'ev-0001','type':'arrest','at':'2025-01-27T06:40:00-05:00','person':'A-123-456-789',"
		 "'aor':'ATL','agency':'ICE','method':'at-large','family_name':'Example','given_name':'One',"
		 "'birth_date':'1988-04-02','sex':'M','citizenship':'CU','criminality':'pending','threat_level':3}",
		 "{'id':'ev-0001','type':'arrest','at':'2025-01-27T11:40:00Z','person':'A123456789','aor':'ATL',"
		 "'agency':'ICE','border':false,'method':'at-large','family_name':'Example','given_name':'One',"
		 "'birth_date':'1988-04-02','sex':'M','citizenship':'CU','criminality':'pending','threat_level':3}"},
		{"{'id':'ev-0020','type':'arrest','at':'2025-02-02T03:15:00Z','person':'A98765432','aor':'MIA',"
		 "'agency':'CBP','border':false,'threat_level':null}",
		 "{'id':'ev-0020','type':'arrest','at':'2025-02-02T03:15:00Z','person':'A098765432','aor':'MIA',"
		 "'agency':'CBP','border':false,'threat_level':null}"},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		char *got = canonical(rows[i].in), *want = dq(rows[i].want);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
}

/* ---- fixtures ----------------------------------------------------------------- */

static void test_example_fixture(void **state)
{
	(void)state;
	FILE *f = open_fixture("example.ndjson");
	char *line = NULL;
	size_t cap = 0, count = 0;
	bool seen[EV_TYPE_COUNT] = {false};
	ssize_t n;
	while ((n = read_line(f, &line, &cap)) >= 0) {
		if (n == 0)
			continue;
		struct event ev;
		struct error err = {0};
		if (event_parse(line, (size_t)n, test_now(), &ev, &err) != 0)
			fail_msg("example line %zu rejected: %s", count + 1, err.msg);
		seen[ev.type] = true;
		event_free(&ev);
		assert_canonical_stable(line, (size_t)n);
		count++;
	}
	free(line);
	fclose(f);
	assert_true(count >= 50);
	for (int t = 0; t < EV_TYPE_COUNT; t++)
		if (!seen[t])
			fail_msg("example.ndjson has no %s", vocab_word(&vocab_event_type, t));
}

/* bad.ndjson pairs with bad.expected line by line. Lines the parser rejects
 * must be rejected with the expected fragment; the others are for the
 * ledger (timeline, conflicts), which the end-to-end test checks. */
static void test_bad_fixture(void **state)
{
	(void)state;
	FILE *bad = open_fixture("bad.ndjson"), *expected = open_fixture("bad.expected");
	char *line = NULL, *want = NULL;
	size_t cap = 0, wcap = 0, lines = 0, parse_level = 0;
	ssize_t n;
	while ((n = read_line(bad, &line, &cap)) >= 0) {
		lines++;
		if (read_line(expected, &want, &wcap) <= 0)
			fail_msg("bad.expected has no line %zu", lines);
		struct event ev;
		struct error err = {0};
		int rc = event_parse(line, (size_t)n, test_now(), &ev, &err);
		event_free(&ev);
		if (rc == 0)
			continue;
		parse_level++;
		assert_int_equal(rc, ERR_INVALID);
		if (!strstr(err.msg, want))
			fail_msg("bad.ndjson line %zu: message lacks <%s>\n  message: %s", lines, want, err.msg);
	}
	assert_int_equal(read_line(expected, &want, &wcap), -1);
	free(line);
	free(want);
	fclose(bad);
	fclose(expected);
	assert_true(lines >= 60);
	assert_true(parse_level >= 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type_parses),
		cmocka_unit_test(test_is_facility),
		cmocka_unit_test(test_missing_required_field),
		cmocka_unit_test(test_unknown_field_generated),
		cmocka_unit_test(test_unknown_field_lists_allowed),
		cmocka_unit_test(test_person_on_facility_event),
		cmocka_unit_test(test_wrong_json_type),
		cmocka_unit_test(test_not_in_vocabulary),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_integer_bounds),
		cmocka_unit_test(test_threat_level),
		cmocka_unit_test(test_conditional_rules),
		cmocka_unit_test(test_person_field),
		cmocka_unit_test(test_anumber_normalisation),
		cmocka_unit_test(test_event_ids),
		cmocka_unit_test(test_text_lengths),
		cmocka_unit_test(test_empty_text),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_bidi_and_c1_controls),
		cmocka_unit_test(test_birth_date_bounds),
		cmocka_unit_test(test_time_bounds),
		cmocka_unit_test(test_bad_times),
		cmocka_unit_test(test_future),
		cmocka_unit_test(test_json_syntax),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_failure_releases_everything),
		cmocka_unit_test(test_canonical_round_trip),
		cmocka_unit_test(test_canonical_spellings),
		cmocka_unit_test(test_canonical_exact),
		cmocka_unit_test(test_example_fixture),
		cmocka_unit_test(test_bad_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
