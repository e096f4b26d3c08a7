#include "event.h"
#include "bounds.h"
#include "json_arena.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum field_kind {
	F_TEXT,     /* char *, one line, TEXT_MAX bytes */
	F_NOTE,     /* char *, may span lines, NOTE_MAX bytes */
	F_VOCAB,    /* int index into a vocabulary */
	F_INT,      /* int within [min, max] */
	F_BOOL,     /* int 0 or 1 */
	F_TIME,     /* ts_t, RFC 3339 */
	F_DATE,     /* ts_t, YYYY-MM-DD */
	F_COUNTRY,  /* char[3] */
	F_STATE,    /* char[3], two capital letters */
	F_FACILITY, /* char[17], facility code */
	F_THREAT,   /* int: 1, 2, 3 or null */
	F_EVENT_ID  /* char[65] */
};

struct field {
	const char *name;
	enum field_kind kind;
	bool required;
	size_t offset;
	const struct vocab *vocab;
	int min, max;
};

#define REQ true
#define OPT false
#define AT(member) offsetof(struct event, member)
#define TEXT(n, req, m) {n, F_TEXT, req, AT(m), NULL, 0, 0}
#define WORD(n, req, m, v) {n, F_VOCAB, req, AT(m), &v, 0, 0}
#define NUM(n, req, m, lo, hi) {n, F_INT, req, AT(m), NULL, lo, hi}
#define FIELD(n, kind, req, m) {n, kind, req, AT(m), NULL, 0, 0}
#define END {NULL, F_TEXT, false, 0, NULL, 0, 0}

static const struct field f_facility_open[] = {
	FIELD("facility", F_FACILITY, REQ, facility), TEXT("name", REQ, name),
	WORD("aor", REQ, aor, vocab_aor), WORD("kind", REQ, kind, vocab_facility_kind),
	NUM("capacity", REQ, capacity, 0, 1000000), WORD("sex", OPT, facility_sex, vocab_facility_sex),
	TEXT("city", OPT, city), FIELD("state", F_STATE, OPT, state), END};
static const struct field f_facility_capacity[] = {
	FIELD("facility", F_FACILITY, REQ, facility), NUM("capacity", REQ, capacity, 0, 1000000), END};
static const struct field f_facility_close[] = {FIELD("facility", F_FACILITY, REQ, facility), END};
static const struct field f_arrest[] = {
	WORD("aor", REQ, aor, vocab_aor), WORD("agency", REQ, agency, vocab_agency),
	FIELD("border", F_BOOL, OPT, border), TEXT("method", OPT, method),
	TEXT("family_name", OPT, family_name), TEXT("given_name", OPT, given_name),
	FIELD("birth_date", F_DATE, OPT, birth_date), WORD("sex", OPT, sex, vocab_person_sex),
	FIELD("citizenship", F_COUNTRY, OPT, citizenship),
	FIELD("birth_country", F_COUNTRY, OPT, birth_country),
	WORD("criminality", OPT, criminality, vocab_criminality),
	FIELD("threat_level", F_THREAT, OPT, threat_level), END};
static const struct field f_book_in[] = {FIELD("facility", F_FACILITY, REQ, facility), END};
static const struct field f_classify[] = {
	WORD("criminality", OPT, criminality, vocab_criminality),
	FIELD("threat_level", F_THREAT, OPT, threat_level),
	WORD("mandatory", OPT, mandatory, vocab_mandatory), FIELD("protected", F_BOOL, OPT, protected_),
	END};
static const struct field f_removal_order[] = {FIELD("final", F_DATE, OPT, final_date), END};
static const struct field f_stay_of_removal[] = {WORD("status", REQ, status, vocab_stay_status), END};
static const struct field f_travel_document[] = {
	WORD("status", REQ, status, vocab_travel_status), FIELD("country", F_COUNTRY, REQ, country), END};
static const struct field f_noncooperation[] = {WORD("status", REQ, status, vocab_noncoop_status), END};
static const struct field f_custody_review[] = {
	WORD("kind", REQ, review_kind, vocab_review_kind), WORD("decision", REQ, decision, vocab_decision),
	FIELD("removal_foreseeable", F_BOOL, OPT, removal_foreseeable), END};
static const struct field f_bond[] = {
	WORD("status", REQ, status, vocab_bond_status), NUM("amount", OPT, amount, 1, 100000000),
	WORD("by", OPT, by, vocab_bond_by), END};
static const struct field f_hearing[] = {
	WORD("status", REQ, status, vocab_hearing_status), FIELD("hearing_at", F_TIME, REQ, hearing_at), END};
static const struct field f_book_out[] = {
	WORD("reason", REQ, reason, vocab_release_reason), FIELD("country", F_COUNTRY, OPT, country), END};
static const struct field f_departure[] = {FIELD("country", F_COUNTRY, REQ, country), END};
static const struct field f_atd_enroll[] = {
	WORD("technology", REQ, technology, vocab_technology), NUM("checkin_days", REQ, checkin_days, 1, 90),
	WORD("aor", OPT, aor, vocab_aor), END};
static const struct field f_atd_checkin[] = {WORD("result", REQ, result, vocab_checkin_result), END};
static const struct field f_atd_alert[] = {WORD("kind", REQ, alert, vocab_alert_kind), END};
static const struct field f_atd_change[] = {
	WORD("technology", OPT, technology, vocab_technology), NUM("checkin_days", OPT, checkin_days, 1, 90),
	TEXT("reason", REQ, reason_text), END};
static const struct field f_atd_end[] = {WORD("reason", REQ, reason, vocab_atd_end_reason), END};
static const struct field f_void[] = {
	FIELD("target", F_EVENT_ID, REQ, target), TEXT("reason", REQ, reason_text), END};

static const struct field *const type_fields[EV_TYPE_COUNT] = {
	[EV_FACILITY_OPEN] = f_facility_open, [EV_FACILITY_CAPACITY] = f_facility_capacity,
	[EV_FACILITY_CLOSE] = f_facility_close, [EV_ARREST] = f_arrest, [EV_BOOK_IN] = f_book_in,
	[EV_TRANSFER] = f_book_in, [EV_CLASSIFY] = f_classify, [EV_REMOVAL_ORDER] = f_removal_order,
	[EV_STAY_OF_REMOVAL] = f_stay_of_removal, [EV_TRAVEL_DOCUMENT] = f_travel_document,
	[EV_NONCOOPERATION] = f_noncooperation, [EV_CUSTODY_REVIEW] = f_custody_review,
	[EV_BOND] = f_bond, [EV_HEARING] = f_hearing, [EV_BOOK_OUT] = f_book_out,
	[EV_DEPARTURE] = f_departure, [EV_ATD_ENROLL] = f_atd_enroll, [EV_ATD_CHECKIN] = f_atd_checkin,
	[EV_ATD_ALERT] = f_atd_alert, [EV_ATD_CHANGE] = f_atd_change, [EV_ATD_END] = f_atd_end,
	[EV_VOID] = f_void};

static const char *const common_fields[] = {"id", "type", "at", "person", "note"};

#define MEMBER(ev, f, T) ((T *)((char *)(ev) + (f)->offset))
#define CMEMBER(ev, f, T) ((const T *)((const char *)(ev) + (f)->offset))

void event_init(struct event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->type = UNSET;
	ev->at = ev->birth_date = ev->final_date = ev->hearing_at = TS_NONE;
	ev->aor = ev->kind = ev->capacity = ev->facility_sex = UNSET;
	ev->agency = ev->border = ev->sex = UNSET;
	ev->criminality = ev->threat_level = ev->mandatory = ev->protected_ = UNSET;
	ev->status = ev->review_kind = ev->decision = ev->removal_foreseeable = UNSET;
	ev->amount = ev->by = ev->reason = ev->technology = ev->checkin_days = UNSET;
	ev->result = ev->alert = UNSET;
}

void event_free(struct event *ev)
{
	free(ev->note);
	free(ev->name);
	free(ev->city);
	free(ev->method);
	free(ev->family_name);
	free(ev->given_name);
	free(ev->reason_text);
	event_init(ev);
}

bool event_is_facility(int type)
{
	return type == EV_FACILITY_OPEN || type == EV_FACILITY_CAPACITY || type == EV_FACILITY_CLOSE;
}

bool event_id_valid(const char *id)
{
	size_t n = 0;
	for (const char *p = id; *p; p++, n++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == ':' || c == '-';
		if (!ok || n >= EVENT_ID_MAX)
			return false;
	}
	return n >= 1;
}

int anumber_normalize(const char *text, char out[ANUMBER_LEN + 1], struct error *err)
{
	char digits[10];
	int n = 0;
	const char *p = text;
	if (*p++ != 'A')
		goto bad;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == 9)
				goto bad;
			digits[n++] = *p;
		} else if ((*p != '-' && *p != ' ') || p[1] == '\0') {
			goto bad;
		}
	}
	if (n < 8)
		goto bad;
	out[0] = 'A';
	memset(out + 1, '0', (size_t)(9 - n));
	memcpy(out + 1 + 9 - n, digits, (size_t)n);
	out[ANUMBER_LEN] = '\0';
	return 0;
bad:
	return error_set(err, ERR_INVALID,
			 "\"%.*s\" is not an A-number (expected A then 8 or 9 digits, e.g. A-123-456-789)",
			 error_cut(text, 40), text);
}

/* Describe a JSON value for an error message: strings quoted (and cut),
 * others as compact JSON, or by kind when long. json_dumpb writes into buf
 * and allocates nothing, which matters inside the parse arena. */
static void describe(const json_t *v, char *buf, size_t size)
{
	assert(size > 8);
	if (json_is_string(v)) {
		const char *text = json_string_value(v);
		snprintf(buf, size, "\"%.*s%s\"", error_cut(text, 60), text, json_string_length(v) > 60 ? "..." : "");
		return;
	}
	size_t n = json_dumpb(v, buf, size - 1, JSON_COMPACT | JSON_ENCODE_ANY);
	if (n == 0 || n >= size - 1)
		snprintf(buf, size, "%s", json_is_object(v) ? "an object" : "an array");
	else
		buf[n] = '\0';
}

static int wrong_type(const struct field *f, const json_t *v, const char *expected, struct error *err)
{
	char got[80];
	describe(v, got, sizeof got);
	return error_set(err, ERR_INVALID, "field \"%s\": expected %s, got %s", f->name, expected, got);
}

/* Whether code point c may not stand in free text (docs/events.md): C0
 * controls but, in a note, new lines and tabs; DEL and the C1 controls; the
 * bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A to
 * U+202E, U+2066 to U+2069), which can make a name display as another;
 * the line and paragraph separators U+2028 and U+2029. */
static bool text_refused(unsigned long c, bool multiline)
{
	if (c < 0x20)
		return !(multiline && (c == '\n' || c == '\t' || c == '\r'));
	return (c >= 0x7f && c <= 0x9f) || c == 0x61c || c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/* The first code point of the UTF-8 text s (valid, as jansson checks
 * strings) that free text may not hold, or 0 when there is none. */
static unsigned long text_bad_char(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		unsigned long c = n == 1 ? *p : (unsigned long)(*p & (0x7f >> n));
		for (int i = 1; i < n && (p[i] & 0xc0) == 0x80; i++)
			c = c << 6 | (p[i] & 0x3f);
		if (text_refused(c, multiline))
			return c;
		for (int i = 0; i < n && *p; i++)
			p++;
	}
	return 0;
}

static int parse_text(const struct field *f, const json_t *v, struct event *ev, struct error *err)
{
	bool note = f->kind == F_NOTE;
	size_t max = note ? NOTE_MAX : TEXT_MAX;
	if (!json_is_string(v))
		return wrong_type(f, v, "a string", err);
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (len > max)
		return error_set(err, ERR_INVALID, "field \"%s\": %zu bytes is longer than the %zu allowed",
				 f->name, len, max);
	if (len == 0 && !note)
		return error_set(err, ERR_INVALID, "field \"%s\": must not be empty", f->name);
	unsigned long bad = strlen(s) != len ? 0x1 /* a NUL: a C0 control */ : text_bad_char(s, note);
	if (bad && bad < 0x80)
		return error_set(err, ERR_INVALID, "field \"%s\": contains control characters", f->name);
	if (bad)
		return error_set(err, ERR_INVALID, "field \"%s\": contains control characters (U+%04lX)", f->name, bad);
	char *copy = strdup(s);
	if (!copy)
		return error_set(err, ERR_NOMEM, "out of memory");
	*MEMBER(ev, f, char *) = copy;
	return 0;
}

static int parse_vocab(const struct field *f, const json_t *v, struct event *ev, struct error *err)
{
	if (!json_is_string(v))
		return wrong_type(f, v, "a string", err);
	int i = vocab_find(f->vocab, json_string_value(v));
	if (i < 0) {
		char got[80], list[400];
		describe(v, got, sizeof got);
		return error_set(err, ERR_INVALID, "field \"%s\": %s is not one of %s", f->name, got,
				 vocab_list(f->vocab, list, sizeof list));
	}
	*MEMBER(ev, f, int) = i;
	return 0;
}

static int parse_int(const struct field *f, const json_t *v, struct event *ev, struct error *err)
{
	if (!json_is_integer(v))
		return wrong_type(f, v, "an integer", err);
	json_int_t n = json_integer_value(v);
	if (n < f->min || n > f->max)
		return error_set(err, ERR_INVALID, "field \"%s\": %lld is outside %d..%d", f->name,
				 (long long)n, f->min, f->max);
	*MEMBER(ev, f, int) = (int)n;
	return 0;
}

/* Copy a string of exactly the given shape into a fixed buffer. */
static int parse_code(const struct field *f, const json_t *v, struct event *ev, struct error *err)
{
	if (!json_is_string(v))
		return wrong_type(f, v, "a string", err);
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	char got[80];
	describe(v, got, sizeof got);
	switch (f->kind) {
	case F_COUNTRY:
		if (vocab_find(&vocab_country, s) < 0)
			return error_set(err, ERR_INVALID,
					 "field \"%s\": %s is not an ISO 3166-1 alpha-2 country code (e.g. MX)",
					 f->name, got);
		break;
	case F_STATE:
		if (len != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
			return error_set(err, ERR_INVALID, "field \"%s\": %s is not a two-letter state code",
					 f->name, got);
		break;
	case F_FACILITY:
		if (len < 2 || len > FACILITY_CODE_MAX || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != len)
			return error_set(err, ERR_INVALID,
					 "field \"%s\": %s is not a facility code (2-16 of A-Z 0-9)", f->name, got);
		break;
	case F_EVENT_ID:
		if (strlen(s) != len || !event_id_valid(s))
			return error_set(err, ERR_INVALID,
					 "field \"%s\": %s is not an event id (1-64 of A-Z a-z 0-9 . _ : -)",
					 f->name, got);
		break;
	default:
		assert(!"not a code field");
	}
	memcpy(MEMBER(ev, f, char), s, len + 1);
	return 0;
}

static int parse_field(const struct field *f, const json_t *v, struct event *ev, struct error *err)
{
	switch (f->kind) {
	case F_TEXT:
	case F_NOTE:
		return parse_text(f, v, ev, err);
	case F_VOCAB:
		return parse_vocab(f, v, ev, err);
	case F_INT:
		return parse_int(f, v, ev, err);
	case F_BOOL:
		if (!json_is_boolean(v))
			return wrong_type(f, v, "true or false", err);
		*MEMBER(ev, f, int) = json_is_true(v);
		return 0;
	case F_TIME:
	case F_DATE: {
		if (!json_is_string(v))
			return wrong_type(f, v, "a string", err);
		const char *s = json_string_value(v);
		int rc = f->kind == F_TIME ? bound_parse_time(s, MEMBER(ev, f, ts_t), err)
					   : ts_parse_date(s, MEMBER(ev, f, ts_t), err);
		return rc ? error_prefix(err, rc, "field \"%s\": ", f->name) : 0;
	}
	case F_THREAT:
		if (json_is_null(v)) {
			*MEMBER(ev, f, int) = THREAT_NULL;
			return 0;
		}
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 3)
			return wrong_type(f, v, "1, 2, 3 or null", err);
		*MEMBER(ev, f, int) = (int)json_integer_value(v);
		return 0;
	default:
		return parse_code(f, v, ev, err);
	}
}

static const struct field *find_field(const struct field *fields, const char *name)
{
	for (const struct field *f = fields; f && f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static int unknown_field(int type, const char *key, struct error *err)
{
	char allowed[400] = "id, type, at";
	if (!event_is_facility(type))
		strcat(allowed, ", person");
	strcat(allowed, ", note");
	for (const struct field *f = type_fields[type]; f->name; f++) {
		strcat(allowed, ", ");
		strcat(allowed, f->name);
	}
	return error_set(err, ERR_INVALID, "field \"%.*s\": unknown for %s (allowed: %s)", error_cut(key, 60), key,
			 vocab_word(&vocab_event_type, type), allowed);
}

static int check_keys(const json_t *obj, int type, struct error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		bool common = false;
		for (size_t i = 0; i < sizeof common_fields / sizeof *common_fields; i++)
			common |= strcmp(key, common_fields[i]) == 0;
		if (common && strcmp(key, "person") == 0 && event_is_facility(type))
			common = false;
		if (!common && !find_field(type_fields[type], key))
			return unknown_field(type, key, err);
	}
	return 0;
}

static int missing(const char *name, const char *when, struct error *err)
{
	return error_set(err, ERR_INVALID, "field \"%s\": required%s%s", name, *when ? " " : "", when);
}

/* Parse at, note and person; *matched counts the keys used. */
static int parse_common(const json_t *obj, ts_t now, struct event *ev, size_t *matched, struct error *err)
{
	static const struct field f_at = FIELD("at", F_TIME, REQ, at);
	static const struct field f_note = {"note", F_NOTE, OPT, AT(note), NULL, 0, 0};
	const json_t *v = json_object_get(obj, "at");
	if (!v)
		return missing("at", "", err);
	int rc = parse_field(&f_at, v, ev, err);
	if (rc)
		return rc;
	(*matched)++;
	if (now != TS_NONE && ev->at > now + FUTURE_TOLERANCE) {
		char a[TS_TEXT_MAX], b[TS_TEXT_MAX];
		return error_set(err, ERR_INVALID,
				 "field \"at\": %s is more than 5 minutes after the ledger's clock (%s)",
				 ts_format(ev->at, a), ts_format(now, b));
	}
	if ((v = json_object_get(obj, "note"))) {
		if ((rc = parse_field(&f_note, v, ev, err)))
			return rc;
		(*matched)++;
	}
	if (event_is_facility(ev->type))
		return 0;
	v = json_object_get(obj, "person");
	if (!v)
		return ev->type == EV_VOID ? 0 : missing("person", ev->type == EV_ARREST ? "for arrest" : "for person events", err);
	if (!json_is_string(v)) {
		static const struct field f_person = FIELD("person", F_TEXT, REQ, person);
		return wrong_type(&f_person, v, "an A-number string", err);
	}
	rc = anumber_normalize(json_string_value(v), ev->person, err);
	(*matched)++;
	return rc ? error_prefix(err, rc, "field \"person\": ") : 0;
}

static int not_allowed(const char *name, const char *when, struct error *err)
{
	return error_set(err, ERR_INVALID, "field \"%s\": only allowed %s", name, when);
}

/* A birth date is from 1900-01-01 and not after the event that gives it
 * (docs/events.md). */
static int check_birth_date(const struct event *ev, struct error *err)
{
	char at[TS_TEXT_MAX], latest[TS_TEXT_MAX + 16];
	if (ev->birth_date == TS_NONE)
		return 0;
	snprintf(latest, sizeof latest, "the arrest (%s)", ts_format(ev->at, at));
	int rc = bound_birth_date(ev->birth_date, ev->at, latest, err);
	return rc ? error_prefix(err, rc, "field \"birth_date\": ") : 0;
}

/* Conditional requirements and defaults that a field table cannot express. */
static int check_type_rules(struct event *ev, struct error *err)
{
	switch (ev->type) {
	case EV_FACILITY_OPEN:
		if (ev->facility_sex == UNSET)
			ev->facility_sex = FSEX_ANY;
		break;
	case EV_ARREST:
		if (ev->border == UNSET)
			ev->border = 0;
		return check_birth_date(ev, err);
	case EV_CLASSIFY:
		if (ev->criminality == UNSET && ev->threat_level == UNSET && ev->mandatory == UNSET &&
		    ev->protected_ == UNSET)
			return error_set(err, ERR_INVALID,
					 "classify needs at least one of criminality, threat_level, mandatory, protected");
		break;
	case EV_REMOVAL_ORDER:
		if (ev->final_date == TS_NONE)
			ev->final_date = ts_floor_day(ev->at);
		break;
	case EV_BOND:
		if (ev->status == BOND_SET && ev->amount == UNSET)
			return missing("amount", "when status is set", err);
		if (ev->status != BOND_SET && ev->amount != UNSET)
			return not_allowed("amount", "when status is set", err);
		if (ev->status != BOND_POSTED && ev->by == UNSET)
			return missing("by", "when status is set or denied", err);
		if (ev->status == BOND_POSTED && ev->by != UNSET)
			return not_allowed("by", "when status is set or denied", err);
		break;
	case EV_BOOK_OUT:
		if (ev->reason == OUT_REMOVED && !ev->country[0])
			return missing("country", "when the reason is removed", err);
		break;
	case EV_ATD_CHANGE:
		if (ev->technology == UNSET && ev->checkin_days == UNSET)
			return error_set(err, ERR_INVALID, "atd_change needs technology or checkin_days");
		break;
	default:
		break;
	}
	return 0;
}

/* Parse the fields of ev's type, in table order; *matched counts the keys used. */
static int parse_type_fields(const json_t *obj, struct event *ev, size_t *matched, struct error *err)
{
	for (const struct field *f = type_fields[ev->type]; f->name; f++) {
		const json_t *v = json_object_get(obj, f->name);
		if (!v) {
			if (f->required)
				return missing(f->name, "", err);
			continue;
		}
		int rc = parse_field(f, v, ev, err);
		if (rc)
			return rc;
		(*matched)++;
	}
	return 0;
}

static int parse_object(const json_t *obj, ts_t now, struct event *ev, struct error *err)
{
	static const struct field f_id = FIELD("id", F_EVENT_ID, REQ, id);
	static const struct field f_type = WORD("type", REQ, type, vocab_event_type);
	if (!json_is_object(obj))
		return error_set(err, ERR_INVALID, "expected a JSON object");
	const json_t *v = json_object_get(obj, "id");
	if (!v)
		return missing("id", "", err);
	int rc = parse_field(&f_id, v, ev, err);
	if (rc)
		return rc;
	if (!(v = json_object_get(obj, "type")))
		return missing("type", "", err);
	if ((rc = parse_field(&f_type, v, ev, err)))
		return rc;
	size_t matched = 2;
	if ((rc = parse_common(obj, now, ev, &matched, err)) == 0)
		rc = parse_type_fields(obj, ev, &matched, err);
	/* An unknown field is the likeliest cause of any error (a typo), so
	 * it is reported first; on success, an unused key is one. */
	if ((rc || matched != json_object_size(obj)) && check_keys(obj, ev->type, err))
		return err ? err->code : ERR_INVALID;
	return rc ? rc : check_type_rules(ev, err);
}

int event_parse(const char *json, size_t len, ts_t now, struct event *ev, struct error *err)
{
	event_init(ev);
	json_error_t jerr;
	json_arena_begin();
	json_t *obj = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	int rc = obj ? parse_object(obj, now, ev, err)
		     : error_set(err, ERR_INVALID, "invalid JSON at column %d: %s", jerr.column, jerr.text);
	json_decref(obj);
	json_arena_end();
	if (rc) {
		char id[sizeof ev->id];
		memcpy(id, ev->id, sizeof id);
		event_free(ev);
		memcpy(ev->id, id, sizeof id);
	}
	return rc;
}

/* The canonical text, written field by field into a caller's buffer: the
 * same bytes as jansson's compact dump of the object, without building one.
 * Strings that need escaping are escaped by jansson. */
struct out {
	char *buf;
	size_t size, len;
	bool full;
};

static void out_raw(struct out *o, const char *s, size_t n)
{
	if (o->full || o->len + n >= o->size) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Whether s can stand in a JSON string as it is. */
static bool plain(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == '"' || *p == '\\' || *p >= 0x7f)
			return false;
	return true;
}

static void out_string(struct out *o, const char *s)
{
	if (plain(s)) {
		out_raw(o, "\"", 1);
		out_raw(o, s, strlen(s));
		out_raw(o, "\"", 1);
		return;
	}
	json_arena_begin();
	json_t *v = json_string(s);
	size_t room = o->full ? 0 : o->size - o->len;
	size_t n = v ? json_dumpb(v, o->buf + o->len, room, JSON_ENCODE_ANY) : 0;
	json_decref(v);
	json_arena_end();
	if (n == 0 || n >= room)
		o->full = true;
	else
		o->len += n;
}

static void out_key(struct out *o, const char *key)
{
	out_raw(o, o->len > 1 ? ",\"" : "\"", o->len > 1 ? 2 : 1);
	out_raw(o, key, strlen(key));
	out_raw(o, "\":", 2);
}

static void out_int(struct out *o, long long n)
{
	char num[24];
	int len = snprintf(num, sizeof num, "%lld", n);
	out_raw(o, num, (size_t)len);
}

static void emit_field(struct out *o, const struct field *f, const struct event *ev)
{
	char buf[TS_TEXT_MAX];
	const char *text = NULL;
	int n = UNSET;
	switch (f->kind) {
	case F_TEXT:
	case F_NOTE:
		text = *CMEMBER(ev, f, char *);
		break;
	case F_VOCAB:
		n = *CMEMBER(ev, f, int);
		text = n == UNSET ? NULL : vocab_word(f->vocab, n);
		break;
	case F_TIME:
	case F_DATE: {
		ts_t t = *CMEMBER(ev, f, ts_t);
		text = t == TS_NONE ? NULL : f->kind == F_TIME ? ts_format(t, buf) : ts_format_date(t, buf);
		break;
	}
	case F_INT:
	case F_BOOL:
	case F_THREAT:
		if ((n = *CMEMBER(ev, f, int)) == UNSET)
			return;
		out_key(o, f->name);
		if (f->kind == F_INT || (f->kind == F_THREAT && n != THREAT_NULL))
			out_int(o, n);
		else if (f->kind == F_THREAT)
			out_raw(o, "null", 4);
		else
			out_raw(o, n ? "true" : "false", n ? 4 : 5);
		return;
	default:
		text = CMEMBER(ev, f, char);
		text = text[0] ? text : NULL;
		break;
	}
	if (text) {
		out_key(o, f->name);
		out_string(o, text);
	}
}

size_t event_format(const struct event *ev, char *buf, size_t size)
{
	assert(ev->type >= 0 && ev->type < EV_TYPE_COUNT);
	struct out o = {buf, size, 0, size < 2};
	char at[TS_TEXT_MAX];
	out_raw(&o, "{", 1);
	out_key(&o, "id");
	out_string(&o, ev->id);
	out_key(&o, "type");
	out_string(&o, vocab_word(&vocab_event_type, ev->type));
	out_key(&o, "at");
	out_string(&o, ts_format(ev->at, at));
	if (ev->person[0]) {
		out_key(&o, "person");
		out_string(&o, ev->person);
	}
	for (const struct field *f = type_fields[ev->type]; f->name; f++)
		emit_field(&o, f, ev);
	if (ev->note) {
		out_key(&o, "note");
		out_string(&o, ev->note);
	}
	out_raw(&o, "}", 1);
	if (o.full)
		return 0;
	buf[o.len] = '\0';
	return o.len;
}

char *event_to_json(const struct event *ev)
{
	char buf[EVENT_TEXT_MAX];
	return event_format(ev, buf, sizeof buf) ? strdup(buf) : NULL;
}
