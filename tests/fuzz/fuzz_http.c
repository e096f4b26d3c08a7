/* fuzz_http.c: the HTTP API's dispatch (api_dispatch, api.h) over a live
 * ledger, as server.c hands it a request, without sockets.
 *
 * At start: a new ledger in a temporary directory with the events of
 * tests/fixtures/example.ndjson, and a user of each role with a token. An
 * input is a request:
 *
 *	ROLE METHOD PATH[?QUERY] [CONTENT-TYPE]
 *	BODY
 *
 * ROLE is who sends it: viewer, officer (AORs ATL and MIA), supervisor or
 * admin with their tokens, "stranger" with a token of no user, anything
 * else without an Authorization header; the content type is
 * application/json unless given. The path and the query are
 * decoded as libmicrohttpd decodes them, and what server.c refuses before
 * the dispatch (a path or parameter that is not UTF-8, too many
 * parameters) is skipped. Every answer must have a status, and a JSON one
 * must parse. Writes stay: the ledger grows as the fuzzer posts events,
 * and a request that removes a user of the harness or replaces their token
 * is followed by the user's return. */
#define _GNU_SOURCE /* nftw's FTW_DEPTH */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "api.h"
#include "app.h"
#include "fuzz.h"

#define NOW ((ts_t)1767225600) /* 2026-01-01T00:00:00Z: the server's clock */
#define REQUEST_LINE_MAX 4096 /* the request line, at most */

static const struct {
	const char *name, *role, *aors;
} users[] = {
	{"viewer", "viewer", NULL},
	{"officer", "officer", "ATL,MIA"},
	{"supervisor", "supervisor", NULL},
	{"admin", "admin", NULL},
};
#define N_USERS (sizeof users / sizeof users[0])

static struct app app;
static char dir[] = "/tmp/custody-fuzz-http-XXXXXX";
static char tokens[N_USERS][AUTH_TOKEN_MAX];
static char authorization[N_USERS][AUTH_TOKEN_MAX + 16];

static void check(int rc, const struct error *err)
{
	if (rc) {
		fprintf(stderr, "fuzz_http: %s\n", err->msg);
		abort();
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	app_close(&app);
	nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Give user i back their account and a token that works. */
static void restore_user(size_t i)
{
	struct store *s = ledger_store(app.ledger);
	struct error err;
	store_user_remove(s, users[i].name, &err); /* it may be gone */
	check(auth_user_add(s, users[i].name, users[i].role, users[i].aors, NOW, &err), &err);
	check(auth_user_token(s, users[i].name, NOW, tokens[i], &err), &err);
	check(auth_load(app.auth, s, &err), &err);
	struct auth_user u;
	check(auth_verify(app.auth, tokens[i], &u, &err), &err); /* argon2id once, then cached */
	snprintf(authorization[i], sizeof authorization[i], "Bearer %s", tokens[i]);
}

static void restore_users(void)
{
	for (size_t i = 0; i < N_USERS; i++) {
		struct auth_user u;
		struct error err;
		if (auth_verify_cached(app.auth, tokens[i], &u, &err))
			restore_user(i);
	}
}

/* The ledger of example.ndjson at path. */
static void make_ledger(const char *path)
{
	struct ledger *l;
	struct error err;
	check(ledger_open(path, STORE_CREATE, NOW, &l, &err), &err);
	FILE *f = fopen(FUZZ_FIXTURES "/example.ndjson", "r");
	fuzz_require(f != NULL, "cannot read " FUZZ_FIXTURES "/example.ndjson");
	char line[8192];
	check(ledger_begin(l, &err), &err);
	while (fgets(line, sizeof line, f)) {
		enum ledger_outcome outcome;
		check(ledger_append_json(l, line, strcspn(line, "\n"), &outcome, NULL, &err), &err);
	}
	check(ledger_commit(l, &err), &err);
	fclose(f);
	ledger_close(l);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	static char db[sizeof dir + 16], rules_file[sizeof dir + 16];
	struct error err;
	fuzz_require(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(db, sizeof db, "%s/ledger.db", dir);
	snprintf(rules_file, sizeof rules_file, "%s/rules.ini", dir);
	make_ledger(db);
	struct app_config cfg = {
		.db_path = db,
		.listen = "127.0.0.1:0",
		.web_root = FUZZ_WEB_ROOT,
		.rules_file = rules_file,
		.threads = 1,
		.max_connections = 4,
		.timeout_s = 10,
		.max_body = 1 << 20,
		.locate_per_minute = 1e6, /* the locator's answers rather than 429 */
		.signin_per_minute = 1,	  /* a stranger's token costs argon2id once, then 429 */
		.snapshot_age_s = 0,
		.fixed_now = NOW,
	};
	struct rules rules;
	rules_default(&rules);
	check(auth_init(&err), &err);
	check(app_open(&app, &cfg, &rules, &err), &err);
	atexit(cleanup);
	for (size_t i = 0; i < N_USERS; i++)
		restore_user(i);
	return 0;
}

/* Decode s in place as server.c has libmicrohttpd do it ('+' as a space
 * in the query); false when the result is not UTF-8 (server.c answers 400). */
static bool decode(char *s, bool query)
{
	if (query)
		for (char *p = s; (p = strchr(p, '+')); p++)
			*p = ' ';
	if (!strstr(s, "%00"))
		MHD_http_unescape(s);
	return http_utf8_valid(s, strlen(s));
}

/* Split the query (decoded in place) into req's parameters; false for
 * what server.c refuses before the dispatch. */
static bool parse_query(char *query, struct http_request *req)
{
	for (char *save = NULL, *pair = strtok_r(query, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		if (eq)
			*eq = '\0';
		if (req->n_params == HTTP_PARAMS_MAX || !decode(pair, true) || (eq && !decode(eq + 1, true)))
			return false;
		req->params[req->n_params++] = (struct http_param){pair, eq ? eq + 1 : ""};
	}
	return true;
}

static const char *authorization_of(const char *role)
{
	for (size_t i = 0; i < N_USERS; i++)
		if (strcmp(role, users[i].name) == 0)
			return authorization[i];
	return strcmp(role, "stranger") == 0 ? "Bearer nobody.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" : NULL;
}

static void answer(struct http_request *req, const char *auth)
{
	struct http_response res = {.status = 500, .fd = -1, .content_type = "application/json"};
	api_dispatch(&app, req, auth, &res);
	fuzz_require(res.status >= 200 && res.status <= 599, "an answer without a status");
	if (res.fd >= 0) {
		close(res.fd);
	} else if (res.body && strcmp(res.content_type, "application/json") == 0) {
		json_error_t jerr;
		json_t *v = json_loadb(res.body, res.len, 0, &jerr);
		if (!v)
			fprintf(stderr, "fuzz_http: %s %s: %d %.*s\n", req->method, req->path, res.status,
				(int)(res.len < 400 ? res.len : 400), res.body);
		fuzz_require(v != NULL, "a JSON answer that does not parse");
		json_decref(v);
	}
	free(res.body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - (const char *)data) : size;
	if (head >= REQUEST_LINE_MAX || memchr(data, '\0', head))
		return 0;
	char line[REQUEST_LINE_MAX], role[32], method[32], target[REQUEST_LINE_MAX], type[64] = "application/json";
	memcpy(line, data, head);
	line[head] = '\0';
	if (sscanf(line, "%31s %31s %4095s %63s", role, method, target, type) < 3)
		return 0;
	struct http_request req = {.method = method, .path = target, .content_type = type,
				   .client = "127.0.0.1", .now = NOW};
	char *query = strchr(target, '?');
	if (query)
		*query++ = '\0';
	if (!decode(target, false) || (query && !parse_query(query, &req)))
		return 0;
	size_t body_len = nl ? size - head - 1 : 0;
	char *body = malloc(body_len + 1);
	fuzz_require(body != NULL, "out of memory");
	if (body_len)
		memcpy(body, nl + 1, body_len);
	body[body_len] = '\0';
	req.body = body;
	req.body_len = body_len;
	answer(&req, authorization_of(role));
	free(body);
	if (strcmp(method, "GET") != 0 && strncmp(target, "/api/users", 10) == 0)
		restore_users();
	return 0;
}
