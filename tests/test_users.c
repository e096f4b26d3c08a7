/* test_users.c: the server's users, the access log and the locator's
 * lookup, kept in the ledger file (src/store/users.c). */
#include "support.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "users.h"

static int setup(void **state)
{
	*state = ledger_fixture_new("users");
	return 0;
}

static int teardown(void **state)
{
	ledger_fixture_free(*state);
	return 0;
}

static struct store *store_of(void **state)
{
	return ((struct ledger_fixture *)*state)->s;
}

/* ------------------------------------------------------------ users */

static void user_add_ok(struct store *s, const char *name, const char *role, const char *aors, ts_t at)
{
	struct error err = {0};
	if (store_user_add(s, name, role, aors, at, &err) != 0)
		fail_msg("store_user_add(%s): %s", name, err.msg);
}

static void test_add_and_find(void **state)
{
	struct store *s = store_of(state);
	user_add_ok(s, "alice", "officer", "NYC,BUF", T("2025-06-01T10:00:00Z"));
	user_add_ok(s, "bob", "admin", NULL, T("2025-06-02T10:00:00Z"));
	struct user_copy u;
	user_get(s, "alice", &u);
	assert_string_equal(u.role, "officer");
	assert_true(u.has_aors);
	assert_string_equal(u.aors, "NYC,BUF");
	assert_false(u.has_token);
	assert_int_equal(u.created_at, T("2025-06-01T10:00:00Z"));
	assert_true(u.token_at == TS_NONE);
	user_get(s, "bob", &u);
	assert_string_equal(u.role, "admin");
	assert_false(u.has_aors);
	assert_int_equal(u.created_at, T("2025-06-02T10:00:00Z"));
}

static int never_called(void *ctx, const struct store_user *u, struct error *err)
{
	(void)ctx;
	(void)err;
	fail_msg("called for %s", u->name);
	return 0;
}

static void test_find_unknown(void **state)
{
	struct store *s = store_of(state);
	user_add_ok(s, "alice", "viewer", NULL, test_now());
	struct error err = {0};
	assert_int_equal(store_user_find(s, "bob", never_called, NULL, &err), ERR_NOTFOUND);
	assert_int_equal(store_user_find(s, "Alice", never_called, NULL, &err), ERR_NOTFOUND);
}

static void test_add_taken_name(void **state)
{
	struct store *s = store_of(state);
	user_add_ok(s, "alice", "viewer", NULL, test_now());
	struct error err = {0};
	assert_int_equal(store_user_add(s, "alice", "admin", NULL, test_now(), &err), ERR_EXISTS);
	struct user_copy u;
	user_get(s, "alice", &u);
	assert_string_equal(u.role, "viewer");
}

static void test_list_by_name(void **state)
{
	struct store *s = store_of(state);
	char names[256];
	user_names(s, names, sizeof names);
	assert_string_equal(names, "");
	const char *const added[] = {"carol", "alice", "dave", "bob"};
	for (size_t i = 0; i < ROWS(added); i++)
		user_add_ok(s, added[i], "viewer", NULL, test_now() + (ts_t)i);
	user_names(s, names, sizeof names);
	assert_string_equal(names, "alice\nbob\ncarol\ndave\n");
}

/* A callback that fails on its second call. */
static int fail_second(void *ctx, const struct store_user *u, struct error *err)
{
	(void)u;
	int *calls = ctx;
	return ++*calls == 2 ? error_set(err, ERR_REJECTED, "stop") : 0;
}

static void test_list_stops_when_the_callback_fails(void **state)
{
	struct store *s = store_of(state);
	user_add_ok(s, "alice", "viewer", NULL, test_now());
	user_add_ok(s, "bob", "viewer", NULL, test_now());
	user_add_ok(s, "carol", "viewer", NULL, test_now());
	int calls = 0;
	struct error err = {0};
	assert_int_equal(store_users(s, fail_second, &calls, &err), ERR_REJECTED);
	assert_int_equal(calls, 2);
	assert_string_equal(err.msg, "stop");
}

static void test_remove(void **state)
{
	struct store *s = store_of(state);
	user_add_ok(s, "alice", "viewer", NULL, test_now());
	user_add_ok(s, "bob", "viewer", NULL, test_now());
	struct error err = {0};
	assert_int_equal(store_user_remove(s, "alice", &err), 0);
	assert_int_equal(store_user_find(s, "alice", never_called, NULL, &err), ERR_NOTFOUND);
	assert_int_equal(store_user_remove(s, "alice", &err), ERR_NOTFOUND);
	assert_int_equal(store_user_remove(s, "nobody", &err), ERR_NOTFOUND);
	char names[64];
	user_names(s, names, sizeof names);
	assert_string_equal(names, "bob\n");
	user_add_ok(s, "alice", "admin", NULL, test_now());
	user_names(s, names, sizeof names);
	assert_string_equal(names, "alice\nbob\n");
}

static void test_set_token(void **state)
{
	struct store *s = store_of(state);
	user_add_ok(s, "alice", "viewer", NULL, test_now());
	user_add_ok(s, "bob", "viewer", NULL, test_now());
	struct error err = {0};
	assert_int_equal(store_user_set_token(s, "alice", "hash-1", T("2025-07-01"), &err), 0);
	assert_int_equal(store_user_set_token(s, "alice", "hash-2", T("2025-07-02"), &err), 0);
	struct user_copy u;
	user_get(s, "alice", &u);
	assert_true(u.has_token);
	assert_string_equal(u.token_hash, "hash-2");
	assert_int_equal(u.token_at, T("2025-07-02"));
	user_get(s, "bob", &u);
	assert_false(u.has_token);
	assert_true(u.token_at == TS_NONE);
	assert_int_equal(store_user_set_token(s, "nobody", "hash-3", T("2025-07-03"), &err), ERR_NOTFOUND);
}

/* ------------------------------------------------------------ access log */

static void access_ok(struct store *s, const char *at, const char *actor, const char *person, const char *what)
{
	struct error err = {0};
	const char *people[] = {person};
	if (store_access_add(s, T(at), actor, people, 1, what, T(at), &err) != 0)
		fail_msg("store_access_add: %s", err.msg);
}

struct access_text {
	char buf[1024];
	int64_t last_seq;
};

/* Appends "ACTOR PERSON WHAT AT\n", checking that seq increases. */
static int access_line(void *ctx, const struct store_access *a, struct error *err)
{
	(void)err;
	struct access_text *t = ctx;
	assert_true(a->seq > t->last_seq);
	t->last_seq = a->seq;
	char at[TS_TEXT_MAX];
	size_t used = strlen(t->buf);
	snprintf(t->buf + used, sizeof t->buf - used, "%s %s %s %s\n", a->actor, a->person, a->what,
		 ts_format(a->at, at));
	return 0;
}

/* The access log as lines (access_line), restricted as store_access_log() is. */
static void access_log_text(struct store *s, const char *person, const char *actor, ts_t since,
			    struct access_text *out)
{
	memset(out, 0, sizeof *out);
	struct error err = {0};
	if (store_access_log(s, person, actor, since, access_line, out, &err) != 0)
		fail_msg("store_access_log: %s", err.msg);
}

#define R1 "alice A100000001 show 2025-05-01T00:00:00Z\n"
#define R2 "bob A100000002 place 2025-04-01T00:00:00Z\n"
#define R3 "alice A100000002 show 2025-06-01T00:00:00Z\n"
#define R4 "bob A100000001 show 2025-05-15T00:00:00Z\n"

/* Four rows appended out of time order: the log is in the order written. */
static void add_four_reads(struct store *s)
{
	access_ok(s, "2025-05-01T00:00:00Z", "alice", "A100000001", "show");
	access_ok(s, "2025-04-01T00:00:00Z", "bob", "A100000002", "place");
	access_ok(s, "2025-06-01T00:00:00Z", "alice", "A100000002", "show");
	access_ok(s, "2025-05-15T00:00:00Z", "bob", "A100000001", "show");
}

static void test_access_log_in_seq_order(void **state)
{
	struct store *s = store_of(state);
	struct access_text t;
	access_log_text(s, NULL, NULL, TS_NONE, &t);
	assert_string_equal(t.buf, "");
	add_four_reads(s);
	access_log_text(s, NULL, NULL, TS_NONE, &t);
	assert_string_equal(t.buf, R1 R2 R3 R4);
}

static void test_access_log_filters(void **state)
{
	struct store *s = store_of(state);
	add_four_reads(s);
	static const struct {
		const char *person, *actor, *since, *want;
	} rows[] = {
		{"A100000001", NULL, NULL, R1 R4},
		{"A100000002", NULL, NULL, R2 R3},
		{NULL, "alice", NULL, R1 R3},
		{NULL, "bob", NULL, R2 R4},
		{NULL, NULL, "2025-05-01T00:00:00Z", R1 R3 R4},
		{NULL, NULL, "2025-05-01T00:00:01Z", R3 R4},
		{"A100000002", "alice", NULL, R3},
		{"A100000001", "bob", "2025-05-15T00:00:00Z", R4},
		{"A100000001", "bob", "2025-05-16T00:00:00Z", ""},
		{"A100000009", NULL, NULL, ""},
		{NULL, "carol", NULL, ""},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		struct access_text t;
		access_log_text(s, rows[i].person, rows[i].actor, rows[i].since ? T(rows[i].since) : TS_NONE, &t);
		if (strcmp(t.buf, rows[i].want) != 0)
			fail_msg("row %zu: got\n%s\nwant\n%s", i, t.buf, rows[i].want);
	}
}

/* Inside the caller's transaction, a row goes with its rollback. */
static void test_access_add_joins_the_callers_transaction(void **state)
{
	struct ledger_fixture *f = *state;
	tx_begin(f->l);
	access_ok(f->s, "2025-05-01T00:00:00Z", "alice", "A100000001", "show");
	ledger_rollback(f->l);
	struct access_text t;
	access_log_text(f->s, NULL, NULL, TS_NONE, &t);
	assert_string_equal(t.buf, "");
	tx_begin(f->l);
	access_ok(f->s, "2025-05-01T00:00:00Z", "alice", "A100000001", "show");
	tx_commit(f->l);
	access_log_text(f->s, NULL, NULL, TS_NONE, &t);
	assert_string_equal(t.buf, R1);
}

static void time_text(ts_t t, char buf[TS_TEXT_MAX])
{
	if (t == TS_NONE)
		snprintf(buf, TS_TEXT_MAX, "-");
	else
		ts_format(t, buf);
}

static int asked_line(void *ctx, const struct store_access *a, struct error *err)
{
	(void)err;
	char *buf = ctx, asked[TS_TEXT_MAX];
	time_text(a->asked_at, asked);
	size_t used = strlen(buf);
	snprintf(buf + used, 1024 - used, "%s %s %s\n", a->person, a->what, asked);
	return 0;
}

/* The people of a list: one row each, in one call, with the instant the
 * list asked about; none is no row (and no transaction). */
static void test_access_add_many_with_the_instant_asked(void **state)
{
	struct store *s = store_of(state);
	static const char *const people[] = {"A100000003", "A100000001", "A100000002"};
	struct error err = {0};
	assert_int_equal(store_access_add(s, T("2025-05-01T00:00:00Z"), "sup", people, 3, "GET /api/flags",
					  T("2025-04-01T00:00:00Z"), &err), 0);
	assert_int_equal(store_access_add(s, T("2025-05-01T00:00:00Z"), "sup", NULL, 0, "GET /api/flags",
					  TS_NONE, &err), 0);
	assert_int_equal(store_access_add(s, T("2025-05-02T00:00:00Z"), "sup", people + 1, 1, "GET /api/people",
					  TS_NONE, &err), 0);
	char got[1024] = "";
	assert_int_equal(store_access_log(s, NULL, NULL, TS_NONE, asked_line, got, &err), 0);
	assert_string_equal(got, "A100000003 GET /api/flags 2025-04-01T00:00:00Z\n"
				 "A100000001 GET /api/flags 2025-04-01T00:00:00Z\n"
				 "A100000002 GET /api/flags 2025-04-01T00:00:00Z\n"
				 "A100000001 GET /api/people -\n");
	got[0] = '\0';
	assert_int_equal(store_access_log(s, "A100000001", NULL, TS_NONE, asked_line, got, &err), 0);
	assert_string_equal(got, "A100000001 GET /api/flags 2025-04-01T00:00:00Z\nA100000001 GET /api/people -\n");
}

static void test_access_log_is_append_only(void **state)
{
	struct ledger_fixture *f = *state;
	add_four_reads(f->s);
	ledger_close(f->l);
	f->l = NULL;
	f->s = NULL;
	const char *const edits[] = {"UPDATE access_log SET actor = 'mallory'", "UPDATE access_log SET at = 0 WHERE seq = 1",
				     "DELETE FROM access_log", "DELETE FROM access_log WHERE seq = 4"};
	for (size_t i = 0; i < ROWS(edits); i++) {
		char msg[256];
		assert_int_not_equal(raw_sql(f->tmp->path, edits[i], msg, sizeof msg), SQLITE_OK);
		if (!strstr(msg, "append-only"))
			fail_msg("%s: %s", edits[i], msg);
	}
	f->l = open_test_ledger(f->tmp->path, STORE_OPEN);
	f->s = ledger_store(f->l);
	struct access_text t;
	access_log_text(f->s, NULL, NULL, TS_NONE, &t);
	assert_string_equal(t.buf, R1 R2 R3 R4);
}

/* A ledger of schema version 5 (before users and the access log, and all
 * that later versions added) gains them when opened; the events it held
 * stay. */
static void test_schema_5_migrates(void **state)
{
	struct ledger_fixture *f = *state;
	append_all(f->l, LINES("{'id':'fac','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'AAA','name':'A','aor':'NYC','kind':'CDF','capacity':10}"));
	ledger_close(f->l);
	f->l = NULL;
	f->s = NULL;
	downgrade_ledger(f->tmp->path, 5);
	assert_int_not_equal(raw_sql(f->tmp->path, "SELECT * FROM users", NULL, 0), SQLITE_OK);
	f->l = open_test_ledger(f->tmp->path, STORE_OPEN);
	f->s = ledger_store(f->l);
	assert_non_null(facility_find(ledger_facilities(f->l), "AAA"));
	user_add_ok(f->s, "alice", "viewer", NULL, test_now());
	char names[64];
	user_names(f->s, names, sizeof names);
	assert_string_equal(names, "alice\n");
	access_ok(f->s, "2025-05-01T00:00:00Z", "alice", "A100000001", "show");
	ledger_close(f->l);
	f->l = NULL;
	assert_int_not_equal(raw_sql(f->tmp->path, "DELETE FROM access_log", NULL, 0), SQLITE_OK);
	f->l = open_test_ledger(f->tmp->path, STORE_OPEN);
	f->s = ledger_store(f->l);
}

/* ------------------------------------------------------------ store_locate */

#define FAC "{'id':'fac','type':'facility_open','at':'2025-01-01T00:00:00Z','facility':'AAA','name':'Alpha','aor':'NYC','kind':'CDF','capacity':100}"
#define ARREST(n, family, given, country, birth)                                                                \
	"{'id':'ar" #n "','type':'arrest','at':'2025-03-0" #n "T08:00:00Z','person':'A10000000" #n                \
	"','aor':'NYC','agency':'ICE','family_name':'" family "','given_name':'" given "','birth_country':'" country \
	"'" birth "}"
#define BOOK_IN(n) "{'id':'bi" #n "','type':'book_in','at':'2025-03-0" #n "T12:00:00Z','person':'A10000000" #n "','facility':'AAA'}"
#define BORN(date) ",'birth_date':'" date "'"

/* 1 detained; 2 released 2025-04-01; 3 born in GT; 4 protected; 5 no birth date; 6 never booked in. */
static const char *const people[] = {
	FAC,
	ARREST(1, "Garcia", "Maria", "MX", BORN("1990-05-05")),
	BOOK_IN(1),
	ARREST(2, "Garcia", "Maria", "MX", BORN("1985-01-01")),
	BOOK_IN(2),
	"{'id':'bo2','type':'book_out','at':'2025-04-01T09:30:00Z','person':'A100000002','reason':'recognizance'}",
	ARREST(3, "Garcia", "Maria", "GT", BORN("1990-05-05")),
	BOOK_IN(3),
	ARREST(4, "Mu\xC3\xB1oz", "Ana", "MX", BORN("1970-12-31")),
	BOOK_IN(4),
	"{'id':'cl4','type':'classify','at':'2025-03-04T14:00:00Z','person':'A100000004','protected':true}",
	ARREST(5, "Lopez", "Ana", "MX", ""),
	BOOK_IN(5),
	ARREST(6, "Lopez", "Ana", "SV", BORN("2001-02-03")),
	NULL,
};

static int locate_setup(void **state)
{
	struct ledger_fixture *f = ledger_fixture_new("locate");
	append_all(f->l, people);
	*state = f;
	return 0;
}

/* Appends "PERSON detained|free FACILITY|- protected? BIRTH RELEASED\n"
 * (PERSON "nobody" for the row of no match). */
static int located_line(void *ctx, const struct store_located *p, struct error *err)
{
	(void)err;
	char *buf = ctx, birth[TS_TEXT_MAX], released[TS_TEXT_MAX];
	time_text(p->birth_date, birth);
	time_text(p->released_at, released);
	size_t used = strlen(buf);
	snprintf(buf + used, 1024 - used, "%s %s %s %s %s %s\n", p->person ? p->person : "nobody", p->detained ? "detained" : "free",
		 p->facility[0] ? p->facility : "-", p->protected_ ? "protected" : "public", birth, released);
	return 0;
}

/* The people store_locate() matches, as lines (located_line) in buf (1024 bytes). */
static void locate_text(void **state, const struct store_locate_query *q, char buf[1024])
{
	buf[0] = '\0';
	struct error err = {0};
	if (store_locate(store_of(state), q, located_line, buf, &err) != 0)
		fail_msg("store_locate: %s", err.msg);
}

#define P1 "A100000001 detained AAA public 1990-05-05T00:00:00Z -\n"
#define P2 "A100000002 free - public 1985-01-01T00:00:00Z 2025-04-01T09:30:00Z\n"
#define P3 "A100000003 detained AAA public 1990-05-05T00:00:00Z -\n"
#define P4 "A100000004 detained AAA protected 1970-12-31T00:00:00Z -\n"
#define P5 "A100000005 detained AAA public - -\n"
#define P6 "A100000006 free - public 2001-02-03T00:00:00Z -\n"
/* no match: one row all the same, of nobody, that no one would answer for */
#define NOBODY "nobody free - public 1970-01-01T00:00:00Z -\n"

static const struct {
	struct store_locate_query q;
	const char *want;
} by_number[] = {
	{{.person = "A100000001", .birth_country = "MX"}, P1},
	{{.person = "A100000002", .birth_country = "MX"}, P2},
	{{.person = "A100000004", .birth_country = "MX"}, P4},
	{{.person = "A100000005", .birth_country = "MX"}, P5},
	{{.person = "A100000006", .birth_country = "SV"}, P6},
	{{.person = "A100000001", .birth_country = "GT"}, NOBODY},
	{{.person = "A100000001", .birth_country = "mx"}, NOBODY},
	{{.person = "A100000009", .birth_country = "MX"}, NOBODY},
};

static void test_locate_by_a_number(void **state)
{
	for (size_t i = 0; i < ROWS(by_number); i++) {
		char got[1024];
		locate_text(state, &by_number[i].q, got);
		if (strcmp(got, by_number[i].want) != 0)
			fail_msg("%s %s: got \"%s\", want \"%s\"", by_number[i].q.person, by_number[i].q.birth_country, got,
				 by_number[i].want);
	}
}

#define NAMES(f, g, c) .family_name = f, .given_name = g, .birth_country = c

static const struct {
	struct store_locate_query q;
	const char *want;
} by_name[] = {
	{{NAMES("Garcia", "Maria", "MX"), .birth_date = TS_NONE}, P1 P2},
	{{NAMES("garcia", "maria", "MX"), .birth_date = TS_NONE}, P1 P2},
	{{NAMES("GARCIA", "mArIa", "MX"), .birth_date = TS_NONE}, P1 P2},
	{{NAMES("Garcia", "Maria", "GT"), .birth_date = TS_NONE}, P3},
	{{NAMES("Garc", "Maria", "MX"), .birth_date = TS_NONE}, NOBODY},
	{{NAMES("Garcia", "Mari", "MX"), .birth_date = TS_NONE}, NOBODY},
	{{NAMES("Garcia%", "Maria", "MX"), .birth_date = TS_NONE}, NOBODY},
	{{NAMES("Garcia", "", "MX"), .birth_date = TS_NONE}, NOBODY},
	{{NAMES("Maria", "Garcia", "MX"), .birth_date = TS_NONE}, NOBODY},
	{{NAMES("Garcia", "Maria", "BR"), .birth_date = TS_NONE}, NOBODY},
	{{NAMES("Garcia", "Maria", "MX"), .birth_date = 0}, NOBODY},
	{{NAMES("mu\xC3\xB1oz", "ANA", "MX"), .birth_date = TS_NONE}, P4},
	{{NAMES("MU\xC3\x91OZ", "Ana", "MX"), .birth_date = TS_NONE}, NOBODY},
	{{NAMES("Lopez", "Ana", "MX"), .birth_date = TS_NONE}, P5},
	{{NAMES("Lopez", "Ana", "SV"), .birth_date = TS_NONE}, P6},
};

static void test_locate_by_name(void **state)
{
	for (size_t i = 0; i < ROWS(by_name); i++) {
		char got[1024];
		locate_text(state, &by_name[i].q, got);
		if (strcmp(got, by_name[i].want) != 0)
			fail_msg("row %zu (%s, %s, %s): got \"%s\", want \"%s\"", i, by_name[i].q.family_name,
				 by_name[i].q.given_name, by_name[i].q.birth_country, got, by_name[i].want);
	}
}

static void test_locate_by_name_and_birth_date(void **state)
{
	static const struct {
		const char *family, *given, *country, *birth, *want;
	} rows[] = {
		{"Garcia", "Maria", "MX", "1990-05-05", P1},
		{"Garcia", "Maria", "MX", "1985-01-01", P2},
		{"Garcia", "Maria", "MX", "1990-05-06", NOBODY},
		{"Garcia", "Maria", "GT", "1990-05-05", P3},
		{"Lopez", "Ana", "MX", "2001-02-03", NOBODY},
	};
	for (size_t i = 0; i < ROWS(rows); i++) {
		struct store_locate_query q = {NAMES(rows[i].family, rows[i].given, rows[i].country),
					       .birth_date = T(rows[i].birth)};
		char got[1024];
		locate_text(state, &q, got);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("%s %s %s: got \"%s\", want \"%s\"", rows[i].family, rows[i].country, rows[i].birth, got,
				 rows[i].want);
	}
}

/* The lookup reads the projections as the events land. */
static void test_locate_follows_new_events(void **state)
{
	struct ledger_fixture *f = *state;
	append_all(f->l, LINES("{'id':'bi6','type':'book_in','at':'2025-05-01T12:00:00Z','person':'A100000006','facility':'AAA'}",
			       "{'id':'cl1','type':'classify','at':'2025-05-01T12:00:00Z','person':'A100000001','protected':true}",
			       "{'id':'bo1','type':'book_out','at':'2025-05-02T12:00:00Z','person':'A100000001','reason':'paroled'}"));
	struct store_locate_query q = {NAMES("Garcia", "Maria", "MX"), .birth_date = TS_NONE};
	char got[1024];
	locate_text(state, &q, got);
	assert_string_equal(got, "A100000001 free - protected 1990-05-05T00:00:00Z 2025-05-02T12:00:00Z\n" P2);
	q = (struct store_locate_query){.person = "A100000006", .birth_country = "SV"};
	locate_text(state, &q, got);
	assert_string_equal(got, "A100000006 detained AAA public 2001-02-03T00:00:00Z -\n");
}

static int count_rows(void *ctx, const struct store_located *p, struct error *err)
{
	(void)p, (void)err;
	++*(int *)ctx;
	return 0;
}

/* The side channel of defect 5: an unknown A-number takes the path of a
 * hidden person (one row, a birth date parsed, the stays looked up), not
 * a shorter one. */
static void test_locate_unknown_takes_the_path_of_a_hidden_person(void **state)
{
	static const struct store_locate_query queries[] = {
		{.person = "A100000004", .birth_country = "MX"}, /* protected */
		{.person = "A100000009", .birth_country = "MX"}, /* unknown */
		{NAMES("Munoz", "Nadie", "MX"), .birth_date = TS_NONE},
	};
	for (size_t i = 0; i < ROWS(queries); i++) {
		int calls = 0;
		struct error err = {0};
		assert_int_equal(store_locate(store_of(state), &queries[i], count_rows, &calls, &err), 0);
		assert_int_equal(calls, 1);
	}
}

static int fail_first(void *ctx, const struct store_located *p, struct error *err)
{
	(void)p;
	++*(int *)ctx;
	return error_set(err, ERR_REJECTED, "stop");
}

static void test_locate_stops_when_the_callback_fails(void **state)
{
	struct store_locate_query q = {NAMES("Garcia", "Maria", "MX"), .birth_date = TS_NONE};
	int calls = 0;
	struct error err = {0};
	assert_int_equal(store_locate(store_of(state), &q, fail_first, &calls, &err), ERR_REJECTED);
	assert_int_equal(calls, 1);
}

#define T_(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define L_(f) cmocka_unit_test_setup_teardown(f, locate_setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_(test_add_and_find),
		T_(test_find_unknown),
		T_(test_add_taken_name),
		T_(test_list_by_name),
		T_(test_list_stops_when_the_callback_fails),
		T_(test_remove),
		T_(test_set_token),
		T_(test_access_log_in_seq_order),
		T_(test_access_log_filters),
		T_(test_access_add_joins_the_callers_transaction),
		T_(test_access_add_many_with_the_instant_asked),
		T_(test_access_log_is_append_only),
		T_(test_schema_5_migrates),
		L_(test_locate_by_a_number),
		L_(test_locate_by_name),
		L_(test_locate_by_name_and_birth_date),
		L_(test_locate_follows_new_events),
		L_(test_locate_stops_when_the_callback_fails),
		L_(test_locate_unknown_takes_the_path_of_a_hidden_person),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
