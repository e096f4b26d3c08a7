/* test_http.c: request parameters, JSON responses and UTF-8 checking
 * (src/server/http.c). Response bodies are parsed back with jansson. */
#include "support.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "vocab.h"

/* ------------------------------------------------------------ helpers */

/* A request carrying the NULL-terminated key, value pairs as its query. */
static struct http_request request(const char *const *pairs)
{
	struct http_request req = {.method = "GET", .path = "/api/test", .client = "192.0.2.1"};
	for (; pairs[0]; pairs += 2) {
		assert_true(req.n_params < HTTP_PARAMS_MAX);
		req.params[req.n_params++] = (struct http_param){pairs[0], pairs[1]};
	}
	return req;
}

#define QUERY(...) request((const char *const[]){__VA_ARGS__, NULL})
#define NO_QUERY request((const char *const[]){NULL})

static struct http_response response(void)
{
	return (struct http_response){.fd = -1};
}

/* The body of res parsed as a JSON object (the caller json_decref()s it),
 * after checking what every JSON answer has: a status, a type, a body of
 * len bytes, one line. */
static json_t *body_of(const struct http_response *res, int status)
{
	assert_int_equal(res->status, status);
	assert_string_equal(res->content_type, "application/json");
	assert_non_null(res->body);
	assert_int_equal(strlen(res->body), res->len);
	assert_true(res->len > 0 && res->body[res->len - 1] == '\n');
	assert_null(memchr(res->body, '\n', res->len - 1));
	json_error_t jerr;
	json_t *o = json_loadb(res->body, res->len, 0, &jerr);
	if (!o)
		fail_msg("body is not JSON (%s): %s", jerr.text, res->body);
	assert_true(json_is_object(o));
	return o;
}

/* Checks that res is the error {"error": TEXT, "field": field or null}
 * with status, copies TEXT into text (when not NULL) and frees the body. */
static void error_of(struct http_response *res, int status, const char *field, char *text, size_t size)
{
	json_t *o = body_of(res, status);
	assert_int_equal(json_object_size(o), 2);
	json_t *e = json_object_get(o, "error"), *f = json_object_get(o, "field");
	assert_true(json_is_string(e));
	assert_true(json_string_length(e) > 0);
	if (field) {
		if (!json_is_string(f) || strcmp(json_string_value(f), field) != 0)
			fail_msg("field: want \"%s\" in %s", field, res->body);
	} else if (!json_is_null(f)) {
		fail_msg("field: want null in %s", res->body);
	}
	if (text)
		snprintf(text, size, "%s", json_string_value(e));
	json_decref(o);
	free(res->body);
	*res = response();
}

static void expect_error(struct http_response *res, int status, const char *field)
{
	error_of(res, status, field, NULL, 0);
}

/* A handler left res alone. */
static void expect_untouched(const struct http_response *res)
{
	assert_int_equal(res->status, 0);
	assert_null(res->body);
}

/* ------------------------------------------------------------ http_utf8_valid */

struct bytes {
	const char *text;
	size_t len;
	const char *what;
};

#define B(s, what) {s, sizeof s - 1, what}

static const struct bytes valid_utf8[] = {
	B("", "empty"),
	B("plain ASCII ~\x7F", "ASCII"),
	B("\xC2\x80", "U+0080"),
	B("\xC3\xA9t\xC3\xA9", "2 bytes"),
	B("\xDF\xBF", "U+07FF"),
	B("\xE0\xA0\x80", "U+0800"),
	B("\xE2\x82\xAC", "3 bytes"),
	B("\xED\x9F\xBF", "U+D7FF"),
	B("\xEE\x80\x80", "U+E000"),
	B("\xEF\xBF\xBF", "U+FFFF"),
	B("\xF0\x90\x80\x80", "U+10000"),
	B("\xF0\x9F\x98\x80", "4 bytes"),
	B("\xF4\x8F\xBF\xBF", "U+10FFFF"),
	B("a\xC3\xA9" "b\xE2\x82\xAC" "c\xF0\x9F\x98\x80" "d", "mixed"),
};

static const struct bytes invalid_utf8[] = {
	B("\xC0\x80", "overlong NUL"),
	B("\xC1\xBF", "overlong U+007F"),
	B("\xE0\x80\x80", "overlong 3 bytes"),
	B("\xE0\x9F\xBF", "overlong U+07FF"),
	B("\xF0\x80\x80\x80", "overlong 4 bytes"),
	B("\xF0\x8F\xBF\xBF", "overlong U+FFFF"),
	B("\xED\xA0\x80", "surrogate U+D800"),
	B("\xED\xBF\xBF", "surrogate U+DFFF"),
	B("\xF4\x90\x80\x80", "U+110000"),
	B("\xF5\x80\x80\x80", "lead byte F5"),
	B("\xF8\x88\x80\x80\x80", "5 bytes"),
	B("\xFE", "FE"),
	B("\xFF", "FF"),
	B("\xC3", "truncated 2 bytes"),
	B("\xE2\x82", "truncated 3 bytes"),
	B("\xF0\x9F\x98", "truncated 4 bytes"),
	B("ok\xE2\x82", "truncated at the end"),
	B("\xE2\x82" "a", "continuation missing"),
	B("\xC3\x28", "bad continuation"),
	B("\x80", "stray continuation"),
	B("\xBF", "stray continuation BF"),
	B("a\x80" "b", "stray continuation inside"),
	B("\xC3\xA9\xA9", "extra continuation"),
	B("\0", "NUL"),
	B("a\0b", "NUL inside"),
};

static void test_utf8_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROWS(valid_utf8); i++)
		if (!http_utf8_valid(valid_utf8[i].text, valid_utf8[i].len))
			fail_msg("%s refused", valid_utf8[i].what);
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROWS(invalid_utf8); i++)
		if (http_utf8_valid(invalid_utf8[i].text, invalid_utf8[i].len))
			fail_msg("%s accepted", invalid_utf8[i].what);
}

/* Only the len bytes given are looked at. */
static void test_utf8_reads_len_bytes(void **state)
{
	(void)state;
	assert_true(http_utf8_valid("abc\xFF", 3));
	assert_false(http_utf8_valid("abc\xFF", 4));
	assert_false(http_utf8_valid("\xE2\x82\xAC", 2));
}

/* ------------------------------------------------------------ parameters */

static const char *const known[] = {"at", "aor", "days", NULL};

static void test_param_lookup(void **state)
{
	(void)state;
	struct http_request req = QUERY("at", "2025-01-01", "aor", "");
	assert_string_equal(http_param(&req, "at"), "2025-01-01");
	assert_string_equal(http_param(&req, "aor"), "");
	assert_null(http_param(&req, "days"));
	assert_null(http_param(&req, "AT"));
}

static void test_check_params_accepts_known(void **state)
{
	(void)state;
	struct http_response res = response();
	struct http_request req = QUERY("days", "3", "at", "2025-01-01");
	assert_int_equal(http_check_params(&req, known, &res), 0);
	struct http_request none = NO_QUERY;
	assert_int_equal(http_check_params(&none, known, &res), 0);
	expect_untouched(&res);
}

static void test_check_params_refuses_unknown(void **state)
{
	(void)state;
	struct http_response res = response();
	struct http_request req = QUERY("at", "2025-01-01", "colour", "red", "size", "9");
	assert_int_equal(http_check_params(&req, known, &res), ERR_INVALID);
	expect_error(&res, 400, "colour");
}

static void test_check_params_refuses_duplicates(void **state)
{
	(void)state;
	struct http_response res = response();
	struct http_request req = QUERY("aor", "NYC", "days", "3", "aor", "NYC");
	assert_int_equal(http_check_params(&req, known, &res), ERR_INVALID);
	expect_error(&res, 400, "aor");
}

static void test_param_time(void **state)
{
	(void)state;
	struct http_response res = response();
	ts_t t = 42;
	struct http_request none = NO_QUERY;
	assert_int_equal(http_param_time(&none, "at", &t, &res), 0);
	assert_int_equal(t, 42);
	struct http_request instant = QUERY("at", "2025-02-03T14:05:00Z");
	assert_int_equal(http_param_time(&instant, "at", &t, &res), 0);
	assert_int_equal(t, T("2025-02-03T14:05:00Z"));
	struct http_request offset = QUERY("at", "2025-02-03T09:05:00-05:00");
	assert_int_equal(http_param_time(&offset, "at", &t, &res), 0);
	assert_int_equal(t, T("2025-02-03T14:05:00Z"));
	struct http_request date = QUERY("at", "2025-02-03");
	assert_int_equal(http_param_time(&date, "at", &t, &res), 0);
	assert_int_equal(t, T("2025-02-03T00:00:00Z"));
	expect_untouched(&res);
	const char *const bad[] = {"", "yesterday", "2025-13-01", "2025-02-30", "2025-02-03T25:00:00Z", "2025-02-03 x"};
	for (size_t i = 0; i < ROWS(bad); i++) {
		struct http_request req = QUERY("since", bad[i]);
		assert_int_equal(http_param_time(&req, "since", &t, &res), ERR_INVALID);
		expect_error(&res, 400, "since");
	}
}

static void test_param_word(void **state)
{
	(void)state;
	struct http_response res = response();
	int aor = 7;
	struct http_request none = NO_QUERY;
	assert_int_equal(http_param_word(&none, "aor", &vocab_aor, &aor, &res), 0);
	assert_int_equal(aor, UNSET);
	struct http_request good = QUERY("aor", "NYC");
	assert_int_equal(http_param_word(&good, "aor", &vocab_aor, &aor, &res), 0);
	assert_int_equal(aor, vocab_find(&vocab_aor, "NYC"));
	expect_untouched(&res);
	const char *const bad[] = {"XXX", "nyc", "", "NYC,BUF"};
	for (size_t i = 0; i < ROWS(bad); i++) {
		struct http_request req = QUERY("aor", bad[i]);
		assert_int_equal(http_param_word(&req, "aor", &vocab_aor, &aor, &res), ERR_INVALID);
		char text[1024];
		error_of(&res, 400, "aor", text, sizeof text);
		if (!strstr(text, "NYC") || !strstr(text, "ATL"))
			fail_msg("\"%s\": the message does not list the AORs: %s", bad[i], text);
	}
}

static void test_param_number(void **state)
{
	(void)state;
	struct http_response res = response();
	long n = 5;
	struct http_request none = NO_QUERY;
	assert_int_equal(http_param_number(&none, "days", 1, 90, &n, &res), 0);
	assert_int_equal(n, 5);
	static const struct {
		const char *text;
		long want;
	} good[] = {{"1", 1}, {"7", 7}, {"90", 90}, {"007", 7}};
	for (size_t i = 0; i < ROWS(good); i++) {
		struct http_request req = QUERY("days", good[i].text);
		assert_int_equal(http_param_number(&req, "days", 1, 90, &n, &res), 0);
		assert_int_equal(n, good[i].want);
	}
	expect_untouched(&res);
	const char *const bad[] = {"0", "91", "-1", "", "abc", "5x", "1.5", "-", "1e2", "9999999999999999999999"};
	for (size_t i = 0; i < ROWS(bad); i++) {
		struct http_request req = QUERY("days", bad[i]);
		n = 5;
		assert_int_equal(http_param_number(&req, "days", 1, 90, &n, &res), ERR_INVALID);
		assert_int_equal(n, 5);
		expect_error(&res, 400, "days");
	}
	struct http_request empty = QUERY("days", "");
	assert_int_equal(http_param_number(&empty, "days", 0, 90, &n, &res), ERR_INVALID);
	expect_error(&res, 400, "days");
}

/* A number out of the range of long is not a number of the range, even
 * when the range goes to LONG_MAX (strtol() saturates). */
static void test_param_number_overflow(void **state)
{
	(void)state;
	struct http_response res = response();
	long n = 5;
	const char *const bad[] = {"99999999999999999999", "-99999999999999999999"};
	for (size_t i = 0; i < ROWS(bad); i++) {
		struct http_request req = QUERY("limit", bad[i]);
		if (http_param_number(&req, "limit", LONG_MIN, LONG_MAX, &n, &res) != ERR_INVALID)
			fail_msg("\"%s\" read as %ld", bad[i], n);
		expect_error(&res, 400, "limit");
	}
}

static void test_param_flag(void **state)
{
	(void)state;
	struct http_response res = response();
	bool flag = true;
	struct http_request none = NO_QUERY;
	assert_int_equal(http_param_flag(&none, "compare", &flag, &res), 0);
	assert_true(flag);
	static const struct {
		const char *text;
		bool want;
	} good[] = {{"1", true}, {"0", false}, {"true", true}, {"false", false}, {"", true}};
	for (size_t i = 0; i < ROWS(good); i++) {
		struct http_request req = QUERY("compare", good[i].text);
		flag = !good[i].want;
		assert_int_equal(http_param_flag(&req, "compare", &flag, &res), 0);
		assert_int_equal(flag, good[i].want);
	}
	expect_untouched(&res);
	const char *const bad[] = {"yes", "2", "TRUE", "01", " 1"};
	for (size_t i = 0; i < ROWS(bad); i++) {
		struct http_request req = QUERY("compare", bad[i]);
		assert_int_equal(http_param_flag(&req, "compare", &flag, &res), ERR_INVALID);
		expect_error(&res, 400, "compare");
	}
}

static void test_person(void **state)
{
	(void)state;
	struct http_response res = response();
	char out[ANUMBER_LEN + 1];
	assert_int_equal(http_person("A-123-456-789", "person", out, &res), 0);
	assert_string_equal(out, "A123456789");
	expect_untouched(&res);
	assert_int_equal(http_person("B12", "a", out, &res), ERR_INVALID);
	expect_error(&res, 400, "a");
}

/* ------------------------------------------------------------ responses */

static void test_json(void **state)
{
	(void)state;
	struct http_response res = response();
	http_json(&res, 201, json_pack("{s:i, s:s}", "stored", 2, "name", "caf\xC3\xA9"));
	json_t *o = body_of(&res, 201);
	assert_int_equal(json_integer_value(json_object_get(o, "stored")), 2);
	assert_string_equal(json_string_value(json_object_get(o, "name")), "caf\xC3\xA9");
	json_decref(o);
	/* a second answer replaces the first (ASan: the first body is freed) */
	http_error(&res, 404, NULL, "not found");
	expect_error(&res, 404, NULL);
}

static void test_error_body(void **state)
{
	(void)state;
	struct http_response res = response();
	http_error(&res, 400, "reason", "bad %s: %d", "thing", 7);
	char text[256];
	error_of(&res, 400, "reason", text, sizeof text);
	assert_string_equal(text, "bad thing: 7");
	http_error(&res, 429, NULL, "slow down");
	expect_error(&res, 429, NULL);
}

/* Raw input quoted in a message may be invalid UTF-8: the answer is still
 * valid JSON, and an invalid field is null. */
static void test_error_with_invalid_utf8(void **state)
{
	(void)state;
	struct http_response res = response();
	http_error(&res, 400, "name", "\"%s\" is not a name", "a\xFF\xC0\x80" "b");
	expect_error(&res, 400, "name");
	http_error(&res, 400, "bad\xFF", "a field that is not UTF-8");
	expect_error(&res, 400, NULL);
}

/* A message longer than an error holds is cut on a character boundary:
 * the text is the start of the message, not a complaint about UTF-8. */
static void test_error_cut_on_a_character(void **state)
{
	(void)state;
	static char msg[4001];
	for (size_t i = 0; i < 4000; i += 2)
		memcpy(msg + i, "\xC3\xA9", 2);
	const char *const prefixes[] = {"", "x"}; /* the cut falls inside a character, or after one */
	for (size_t i = 0; i < ROWS(prefixes); i++) {
		struct http_response res = response();
		http_error(&res, 404, NULL, "%s%s", prefixes[i], msg);
		char text[ERROR_MSG_MAX + 16];
		error_of(&res, 404, NULL, text, sizeof text);
		size_t skip = strlen(prefixes[i]);
		if (strncmp(text, prefixes[i], skip) != 0 || strncmp(text + skip, msg, strlen(text) - skip) != 0 ||
		    strlen(text) < ERROR_MSG_MAX - 8)
			fail_msg("the message \"%s\" + 4000 bytes of \xC3\xA9 became \"%.80s\"", prefixes[i], text);
	}
}

static const struct {
	int code, status;
} statuses[] = {
	{ERR_INVALID, 400}, {ERR_DENIED, 403},	 {ERR_NOTFOUND, 404}, {ERR_CONFLICT, 409},
	{ERR_EXISTS, 409},  {ERR_REJECTED, 422}, {ERR_IO, 500},	      {ERR_NOMEM, 500},
};

static void test_fail_statuses(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROWS(statuses); i++) {
		struct error err;
		error_set(&err, statuses[i].code, "code %d", statuses[i].code);
		struct http_response res = response();
		http_fail(&res, &err);
		char text[256];
		error_of(&res, statuses[i].status, NULL, text, sizeof text);
		assert_string_equal(text, err.msg);
	}
}

static void test_fail_names_the_field(void **state)
{
	(void)state;
	static const struct {
		const char *msg, *field;
	} rows[] = {
		{"line 3: field \"reason\": \"bailed\" is not one of removed, bonded_out", "reason"},
		{"field \"aors\": \"XXX\" is not an AOR code", "aors"},
		{"line 1: field \"at\": x; field \"id\": y", "at"},
		{"the event log is append-only", NULL},
		{"field reason is bad", NULL},
		{"field \"unterminated", NULL},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		struct error err;
		error_set(&err, ERR_INVALID, "%s", rows[i].msg);
		struct http_response res = response();
		http_fail(&res, &err);
		expect_error(&res, 400, rows[i].field);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_reads_len_bytes),
		cmocka_unit_test(test_param_lookup),
		cmocka_unit_test(test_check_params_accepts_known),
		cmocka_unit_test(test_check_params_refuses_unknown),
		cmocka_unit_test(test_check_params_refuses_duplicates),
		cmocka_unit_test(test_param_time),
		cmocka_unit_test(test_param_word),
		cmocka_unit_test(test_param_number),
		cmocka_unit_test(test_param_number_overflow),
		cmocka_unit_test(test_param_flag),
		cmocka_unit_test(test_person),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_error_body),
		cmocka_unit_test(test_error_with_invalid_utf8),
		cmocka_unit_test(test_error_cut_on_a_character),
		cmocka_unit_test(test_fail_statuses),
		cmocka_unit_test(test_fail_names_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
