/* support.h: what the unit tests share (support.c, linked into every unit
 * test as the library test_support).
 *
 * It includes cmocka with the headers cmocka needs before it, so a test
 * includes this and the headers of the module it tests. A helper that cannot
 * do its job fails the running test (fail_msg, assert_*): helpers belong in
 * tests, setups and teardowns.
 *
 * Events are written as in the contract (events.md) with single quotes, so
 * that they read without escapes ("sq" below); dq() turns them into JSON. */
#ifndef CUSTODY_TEST_SUPPORT_H
#define CUSTODY_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <cmocka.h>

#include "event.h"
#include "facility.h"
#include "ledger.h"
#include "rules.h"
#include "timeline.h"
#include "timestamp.h"
#include "users.h"

/* The number of elements of the array a. */
#define ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* The lines given as a NULL-terminated array (a compound literal: it lives as long as the enclosing block). */
#define LINES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ------------------------------------------------------------ time */

/* The ledger clock of the unit tests. */
#define TEST_NOW_TEXT "2026-01-01T00:00:00Z"

/* Returns the instant text denotes; fails the test if ts_parse() rejects it. */
ts_t T(const char *text);

/* Returns TEST_NOW_TEXT as an instant. */
ts_t test_now(void);

/* ------------------------------------------------------------ text */

/* Returns a new string printed from f (printf); the caller frees it. */
char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* Returns a new copy of s with every ' turned into "; the caller frees it. */
char *dq(const char *s);

/* ------------------------------------------------------------ files */

/* A test's own directory, and the ledger path in it. */
struct tmp {
	char dir[512];
	char path[600]; /* dir/ledger.db, not created */
};

/* Returns a fresh directory $TMPDIR/custody-test-<name>-XXXXXX (or in /tmp), or NULL; the caller tmp_free()s it. */
struct tmp *tmp_new(const char *name);

/* Removes t's directory and everything below it and frees t; returns 0, or -1 if anything was left. */
int tmp_free(struct tmp *t);

/* The path of file name in the directory of the tmp a test's state holds
 * (as its setup made it with tmp_new()); the caller frees it. */
char *tmp_path(void **state, const char *name);

/* Returns a tmpfile() holding the n bytes of data, rewound; the caller fcloses it. */
FILE *tmpfile_with(const char *data, size_t n);

/* Returns fixture name opened from $CUSTODY_FIXTURES (or tests/fixtures); the caller fcloses it. */
FILE *open_fixture(const char *name);

/* Reads f's next line minus its line end into *line (the caller frees it); returns its length, -1 at the end. */
ssize_t read_line(FILE *f, char **line, size_t *cap);

/* ------------------------------------------------------------ events */

/* Parses sq at clock now (TS_NONE: none) into *out (the caller event_free()s it); fails the test if rejected. */
void parse_event_at(const char *sq, ts_t now, struct event *out);

/* parse_event_at(sq, TS_NONE, out): the caller event_free()s *out. */
void parse_event(const char *sq, struct event *out);

/* Adds facility event sq to reg under seq (nothing left to free); fails the test if facility_add() refuses. */
void add_facility_ok(struct facility_registry *reg, const char *sq, int64_t seq);

/* Initialises reg with the NULL-terminated facility lines (sq) added by add_facility_ok() under seq 1, 2, ...; the caller facility_registry_free()s it. */
void load_facilities(struct facility_registry *reg, const char *const *lines);

/* A group teardown: facility_registry_free()s the registry that the group setup left in *state; returns 0. */
int facilities_teardown(void **state);

/* ------------------------------------------------------------ timelines */

/* Sets *forbid to rules_default() (border release forbidden) and *allow to the same but for border release allowed. */
void border_rules(struct rules *forbid, struct rules *allow);

/* Replays the NULL-terminated lines (sq, sorted by at) with at <= until into a fresh *tl of person over reg and rules, line fresh (-1: none) being recorded now; returns what timeline_replay() returns (and sets in *failed, *err); the caller timeline_free()s *tl. */
int replay_lines(struct timeline *tl, const char *person, const char *const *lines, ts_t until,
		 const struct facility_registry *reg, const struct rules *rules, int fresh, size_t *failed,
		 struct error *err);

/* replay_lines() with no line recorded now, which must succeed: fails the test, naming what (if not NULL), otherwise; the caller timeline_free()s *tl. */
void replay_ok(struct timeline *tl, const char *person, const char *const *lines, ts_t until,
	       const struct facility_registry *reg, const struct rules *rules, const char *what);

/* ------------------------------------------------------------ ledgers */

/* Returns the ledger at path opened or created with its clock at test_now(); the caller ledger_close()s it. */
struct ledger *open_test_ledger(const char *path, enum store_mode mode);

/* Begins a transaction on l (ledger_begin()); fails the test on error. */
void tx_begin(struct ledger *l);

/* Commits l's transaction (ledger_commit()); fails the test on error. */
void tx_commit(struct ledger *l);

/* Appends sq to l inside the caller's transaction; fails the test unless it is stored (not a duplicate). */
void append_ok(struct ledger *l, const char *sq);

/* Appends the NULL-terminated lines (sq) to l with append_ok() in a transaction of their own. */
void append_all(struct ledger *l, const char *const *lines);

struct flag_list;

/* Fills *out with the flags of everyone at t (flags_at() with no filter); fails the test on error; the caller flag_list_free()s it. */
void flags_everyone(struct ledger *l, ts_t t, struct flag_list *out);

/* A new ledger in a directory of its own, with its store. */
struct ledger_fixture {
	struct tmp *tmp;
	struct ledger *l;
	struct store *s;
};

/* Returns a fresh ledger_fixture (ledger created in tmp_new(name)); fails the test if it cannot. */
struct ledger_fixture *ledger_fixture_new(const char *name);

/* Closes f's ledger (unless a test did: f->l NULL) and removes its directory; fails the test if anything is left. */
void ledger_fixture_free(struct ledger_fixture *f);

/* Runs sql on the ledger file at path through a connection of its own: SQLite's result code; msg (if not NULL) gets
 * its message. */
int raw_sql(const char *path, const char *sql, char *msg, size_t size);

/* Takes the closed ledger at path back to schema version `version` (5 or later): undoes, newest first, what each
 * later migration of src/store/sqlite.c added, as a ledger written by an older custody has it. Fails the test if
 * SQLite refuses. */
void downgrade_ledger(const char *path, int version);

/* ------------------------------------------------------------ users */

/* A stored user copied out of store_user_find(): has_aors and has_token say whether aors and token_hash were not NULL. */
struct user_copy {
	char name[USER_NAME_MAX + 1], role[32], aors[256], token_hash[256];
	bool has_aors, has_token;
	ts_t created_at, token_at;
};

/* Fills *out with user name as stored; fails the test if store_user_find() does not find it. */
void user_get(struct store *s, const char *name, struct user_copy *out);

/* Writes the names of every user in store_users() order, each followed by a newline, into buf; fails the test on error. */
void user_names(struct store *s, char *buf, size_t size);

#endif
