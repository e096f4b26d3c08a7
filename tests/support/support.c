/* support.c: what the unit tests share (support.h). */
#include "support.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flags.h"

/* ------------------------------------------------------------ time */

ts_t T(const char *text)
{
	ts_t t;
	assert_int_equal(ts_parse(text, &t, NULL), 0);
	return t;
}

ts_t test_now(void)
{
	static ts_t now = TS_NONE;
	if (now == TS_NONE)
		now = T(TEST_NOW_TEXT);
	return now;
}

/* ------------------------------------------------------------ text */

char *fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	assert_true(n >= 0);
	char *s = malloc((size_t)n + 1);
	assert_non_null(s);
	va_start(ap, f);
	vsnprintf(s, (size_t)n + 1, f, ap);
	va_end(ap);
	return s;
}

char *dq(const char *s)
{
	char *j = strdup(s);
	assert_non_null(j);
	for (char *p = j; *p; p++)
		if (*p == '\'')
			*p = '"';
	return j;
}

/* ------------------------------------------------------------ files */

struct tmp *tmp_new(const char *name)
{
	struct tmp *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	const char *base = getenv("TMPDIR");
	snprintf(t->dir, sizeof t->dir, "%s/custody-test-%s-XXXXXX", base && base[0] ? base : "/tmp", name);
	if (!mkdtemp(t->dir)) {
		free(t);
		return NULL;
	}
	snprintf(t->path, sizeof t->path, "%s/ledger.db", t->dir);
	return t;
}

/* Remove path, and everything below it if it is a directory (links are
 * removed, not followed); returns 0, or -1 if anything is left. */
static int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	int rc = 0;
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *child = fmt("%s/%s", path, e->d_name);
			if (remove_tree(child) != 0)
				rc = -1;
			free(child);
		}
		closedir(d);
	}
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}

int tmp_free(struct tmp *t)
{
	if (!t)
		return -1;
	int rc = remove_tree(t->dir);
	free(t);
	return rc;
}

FILE *tmpfile_with(const char *data, size_t n)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	rewind(f);
	return f;
}

FILE *open_fixture(const char *name)
{
	const char *dir = getenv("CUSTODY_FIXTURES");
	char *path = fmt("%s/%s", dir ? dir : "tests/fixtures", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (set CUSTODY_FIXTURES)", path);
	free(path);
	return f;
}

ssize_t read_line(FILE *f, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, f);
	if (n > 0 && (*line)[n - 1] == '\n')
		(*line)[--n] = '\0';
	if (n > 0 && (*line)[n - 1] == '\r')
		(*line)[--n] = '\0';
	return n;
}

/* ------------------------------------------------------------ events */

void parse_event_at(const char *sq, ts_t now, struct event *out)
{
	char *json = dq(sq);
	struct error err = {0};
	int rc = event_parse(json, strlen(json), now, out, &err);
	free(json);
	if (rc != 0)
		fail_msg("event_parse rejected (%d): %s\n  input: %s", rc, err.msg, sq);
}

void parse_event(const char *sq, struct event *out)
{
	parse_event_at(sq, TS_NONE, out);
}

void add_facility_ok(struct facility_registry *reg, const char *sq, int64_t seq)
{
	struct event ev;
	parse_event(sq, &ev);
	struct error err = {0};
	int rc = facility_add(reg, &ev, seq, &err);
	event_free(&ev);
	if (rc != 0)
		fail_msg("facility_add(%s): %s", sq, err.msg);
}

void load_facilities(struct facility_registry *reg, const char *const *lines)
{
	facility_registry_init(reg);
	for (int64_t seq = 1; *lines; lines++, seq++)
		add_facility_ok(reg, *lines, seq);
}

int facilities_teardown(void **state)
{
	assert_non_null(*state);
	facility_registry_free(*state);
	return 0;
}

/* ------------------------------------------------------------ timelines */

void border_rules(struct rules *forbid, struct rules *allow)
{
	rules_default(forbid);
	rules_default(allow);
	allow->border_release_allowed = true;
}

int replay_lines(struct timeline *tl, const char *person, const char *const *lines, ts_t until,
		 const struct facility_registry *reg, const struct rules *rules, int fresh, size_t *failed,
		 struct error *err)
{
	size_t n = 0;
	while (lines[n])
		n++;
	assert_true(fresh < 0 || (size_t)fresh < n);
	struct event *evs = calloc(n ? n : 1, sizeof *evs);
	const struct event **ptrs = calloc(n ? n : 1, sizeof *ptrs);
	assert_non_null(evs);
	assert_non_null(ptrs);
	for (size_t i = 0; i < n; i++) {
		parse_event(lines[i], &evs[i]);
		ptrs[i] = &evs[i];
	}
	timeline_init(tl, person);
	int rc = timeline_replay(tl, ptrs, n, until, reg, rules, fresh >= 0 ? ptrs[fresh] : NULL, failed, err);
	for (size_t i = 0; i < n; i++)
		event_free(&evs[i]);
	free(ptrs);
	free(evs);
	return rc;
}

void replay_ok(struct timeline *tl, const char *person, const char *const *lines, ts_t until,
	       const struct facility_registry *reg, const struct rules *rules, const char *what)
{
	struct error err = {0};
	if (replay_lines(tl, person, lines, until, reg, rules, -1, NULL, &err) != 0)
		fail_msg("%s%stimeline_replay: %s", what ? what : "", what ? ": " : "", err.msg);
}

/* ------------------------------------------------------------ ledgers */

struct ledger *open_test_ledger(const char *path, enum store_mode mode)
{
	struct ledger *l = NULL;
	struct error err = {0};
	if (ledger_open(path, mode, test_now(), &l, &err) != 0)
		fail_msg("ledger_open(%s): %s", path, err.msg);
	return l;
}

void tx_begin(struct ledger *l)
{
	struct error err = {0};
	if (ledger_begin(l, &err) != 0)
		fail_msg("ledger_begin: %s", err.msg);
}

void tx_commit(struct ledger *l)
{
	struct error err = {0};
	if (ledger_commit(l, &err) != 0)
		fail_msg("ledger_commit: %s", err.msg);
}

void append_ok(struct ledger *l, const char *sq)
{
	char *json = dq(sq);
	struct error err = {0};
	enum ledger_outcome outcome = LEDGER_DUPLICATE;
	int rc = ledger_append_json(l, json, strlen(json), &outcome, NULL, &err);
	free(json);
	if (rc != 0)
		fail_msg("append %s: %s", sq, err.msg);
	if (outcome != LEDGER_STORED)
		fail_msg("append %s: not stored (duplicate)", sq);
}

void append_all(struct ledger *l, const char *const *lines)
{
	tx_begin(l);
	for (; *lines; lines++)
		append_ok(l, *lines);
	tx_commit(l);
}

void flags_everyone(struct ledger *l, ts_t t, struct flag_list *out)
{
	struct flag_filter any;
	flag_filter_any(&any);
	struct error err;
	if (flags_at(l, t, &any, out, &err))
		fail_msg("flags_at: %s", err.msg);
}

char *tmp_path(void **state, const char *name)
{
	const struct tmp *t = *state;
	return fmt("%s/%s", t->dir, name);
}

struct ledger_fixture *ledger_fixture_new(const char *name)
{
	struct ledger_fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->tmp = tmp_new(name);
	assert_non_null(f->tmp);
	f->l = open_test_ledger(f->tmp->path, STORE_CREATE);
	f->s = ledger_store(f->l);
	return f;
}

void ledger_fixture_free(struct ledger_fixture *f)
{
	ledger_close(f->l);
	assert_int_equal(tmp_free(f->tmp), 0);
	free(f);
}

/* ------------------------------------------------------------ users */

static void copy_or_empty(char *dst, size_t size, const char *src, bool *had)
{
	if (had)
		*had = src != NULL;
	snprintf(dst, size, "%s", src ? src : "");
}

static int copy_user(void *ctx, const struct store_user *u, struct error *err)
{
	(void)err;
	struct user_copy *out = ctx;
	copy_or_empty(out->name, sizeof out->name, u->name, NULL);
	copy_or_empty(out->role, sizeof out->role, u->role, NULL);
	copy_or_empty(out->aors, sizeof out->aors, u->aors, &out->has_aors);
	copy_or_empty(out->token_hash, sizeof out->token_hash, u->token_hash, &out->has_token);
	out->created_at = u->created_at;
	out->token_at = u->token_at;
	return 0;
}

void user_get(struct store *s, const char *name, struct user_copy *out)
{
	struct error err = {0};
	memset(out, 0, sizeof *out);
	if (store_user_find(s, name, copy_user, out, &err) != 0)
		fail_msg("store_user_find(%s): %s", name, err.msg);
	assert_string_equal(out->name, name);
}

struct names {
	char *buf;
	size_t size;
};

static int add_name(void *ctx, const struct store_user *u, struct error *err)
{
	(void)err;
	struct names *n = ctx;
	size_t used = strlen(n->buf);
	snprintf(n->buf + used, n->size - used, "%s\n", u->name);
	return 0;
}

void user_names(struct store *s, char *buf, size_t size)
{
	struct names n = {buf, size};
	struct error err = {0};
	buf[0] = '\0';
	if (store_users(s, add_name, &n, &err) != 0)
		fail_msg("store_users: %s", err.msg);
}

int raw_sql(const char *path, const char *sql, char *msg, size_t size)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	char *text = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, &text);
	if (msg)
		snprintf(msg, size, "%s", text ? text : sqlite3_errmsg(db));
	sqlite3_free(text);
	sqlite3_close(db);
	return rc;
}

/* What migration i (to version i + 1) of src/store/sqlite.c added, undone: index 5 undoes the step to version 6. */
static const char *const undo_migration[STORE_SCHEMA_VERSION] = {
	[5] = "DROP TABLE users; DROP TABLE access_log; DROP INDEX people_name;",
	[6] = "DROP TRIGGER events_append_only_delete; DROP TABLE head; ALTER TABLE events DROP COLUMN hash;"
	      "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
	      " WHEN old.seq < (SELECT max(seq) FROM events)"
	      " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;",
	[7] = "DROP TABLE population; DROP TABLE population_facilities;",
	[8] = "ALTER TABLE access_log DROP COLUMN asked_at;",
};

void downgrade_ledger(const char *path, int version)
{
	assert_true(version >= 5 && version <= STORE_SCHEMA_VERSION);
	for (int v = STORE_SCHEMA_VERSION - 1; v >= version; v--) {
		assert_non_null(undo_migration[v]);
		char msg[512];
		if (raw_sql(path, undo_migration[v], msg, sizeof msg) != SQLITE_OK)
			fail_msg("undoing migration to version %d: %s", v + 1, msg);
	}
	char *bump = fmt("PRAGMA user_version = %d", version);
	assert_int_equal(raw_sql(path, bump, NULL, 0), SQLITE_OK);
	free(bump);
}
