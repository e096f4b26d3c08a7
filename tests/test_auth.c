/* test_auth.c: users, roles and bearer tokens (src/server/auth.c): what
 * auth_user_add() refuses, the tokens auth_user_token() issues and stores
 * only as argon2id hashes, and what auth_verify() accepts before and after
 * the users change. */
#include "support.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aor_mask.h"
#include "auth.h"
#include "vocab.h"

#define SECRET_CHARS 43
#define BASE64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/* A ledger with its users and a server's cache of them. */
struct fx {
	struct ledger_fixture *lf;
	struct auth *a;
};

static int setup(void **state)
{
	struct error err = {0};
	assert_int_equal(auth_init(&err), 0);
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->lf = ledger_fixture_new("auth");
	if (auth_new(&f->a, &err) != 0)
		fail_msg("auth_new: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	auth_free(f->a);
	ledger_fixture_free(f->lf);
	free(f);
	return 0;
}

static struct store *store_of(void **state)
{
	return ((struct fx *)*state)->lf->s;
}

static struct auth *auth_of(void **state)
{
	return ((struct fx *)*state)->a;
}

/* ------------------------------------------------------------ helpers */

static void add_ok(void **state, const char *name, const char *role, const char *aors)
{
	struct error err = {0};
	if (auth_user_add(store_of(state), name, role, aors, test_now(), &err) != 0)
		fail_msg("auth_user_add(%s, %s, %s): %s", name, role, aors ? aors : "NULL", err.msg);
}

/* auth_user_add() refuses with ERR_INVALID naming field, and stores nothing. */
static void add_invalid(void **state, const char *name, const char *role, const char *aors, const char *field)
{
	struct error err = {0};
	int rc = auth_user_add(store_of(state), name, role, aors, test_now(), &err);
	if (rc != ERR_INVALID)
		fail_msg("auth_user_add(\"%s\", \"%s\", %s): %d, want ERR_INVALID", name, role, aors ? aors : "NULL", rc);
	char want[64];
	snprintf(want, sizeof want, "field \"%s\"", field);
	if (!strstr(err.msg, want))
		fail_msg("auth_user_add(\"%s\", \"%s\", %s): message \"%s\" does not name %s", name, role,
			 aors ? aors : "NULL", err.msg, want);
	char names[256];
	user_names(store_of(state), names, sizeof names);
	assert_string_equal(names, "");
}

static void token_ok(void **state, const char *name, char token[AUTH_TOKEN_MAX])
{
	struct error err = {0};
	if (auth_user_token(store_of(state), name, test_now(), token, &err) != 0)
		fail_msg("auth_user_token(%s): %s", name, err.msg);
}

static void reload(void **state)
{
	struct error err = {0};
	if (auth_load(auth_of(state), store_of(state), &err) != 0)
		fail_msg("auth_load: %s", err.msg);
}

static void verify_ok(void **state, const char *token, struct auth_user *out)
{
	struct error err = {0};
	if (auth_verify(auth_of(state), token, out, &err) != 0)
		fail_msg("auth_verify(%s): %s", token, err.msg);
}

static void verify_denied(void **state, const char *token)
{
	struct error err = {0};
	struct auth_user out;
	int rc = auth_verify(auth_of(state), token, &out, &err);
	if (rc != ERR_DENIED)
		fail_msg("auth_verify(\"%.80s\"): %d, want ERR_DENIED", token, rc);
	assert_string_not_equal(err.msg, "");
}

/* A user with a token, loaded into the cache. */
static void user_with_token(void **state, const char *name, const char *role, const char *aors,
			    char token[AUTH_TOKEN_MAX])
{
	add_ok(state, name, role, aors);
	token_ok(state, name, token);
	reload(state);
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Verifies token (which must be valid) and returns how long it took. */
static double timed_verify(void **state, const char *token)
{
	struct auth_user u;
	double start = seconds();
	verify_ok(state, token, &u);
	return seconds() - start;
}

/* The mask of the AOR of code. */
static aor_mask_t aor_bit(const char *code)
{
	int aor = vocab_find(&vocab_aor, code);
	assert_true(aor >= 0);
	return aor_mask_of(aor);
}

/* ------------------------------------------------------------ init, roles */

static void test_init_can_be_called_again(void **state)
{
	(void)state;
	struct error err = {0};
	assert_int_equal(auth_init(&err), 0);
	assert_int_equal(auth_init(&err), 0);
}

static void test_role_names(void **state)
{
	(void)state;
	assert_string_equal(auth_role_name(ROLE_VIEWER), "viewer");
	assert_string_equal(auth_role_name(ROLE_OFFICER), "officer");
	assert_string_equal(auth_role_name(ROLE_SUPERVISOR), "supervisor");
	assert_string_equal(auth_role_name(ROLE_ADMIN), "admin");
}

/* ------------------------------------------------------------ auth_user_add */

static void test_add_refuses_bad_names(void **state)
{
	char long_name[USER_NAME_MAX + 2];
	memset(long_name, 'a', USER_NAME_MAX + 1);
	long_name[USER_NAME_MAX + 1] = '\0';
	const char *const bad[] = {"", long_name, "a.b", "a b", "a/b", "caf\xC3\xA9", "a\nb"};
	for (size_t i = 0; i < ROWS(bad); i++)
		add_invalid(state, bad[i], "viewer", NULL, "name");
}

static void test_add_accepts_the_longest_name(void **state)
{
	char name[USER_NAME_MAX + 1];
	memset(name, 'Z', USER_NAME_MAX);
	name[USER_NAME_MAX] = '\0';
	add_ok(state, name, "viewer", NULL);
	add_ok(state, "a_B-9", "viewer", NULL);
	char names[256];
	user_names(store_of(state), names, sizeof names);
	char *want = fmt("%s\na_B-9\n", name);
	assert_string_equal(names, want);
	free(want);
}

static void test_add_refuses_bad_roles(void **state)
{
	const char *const bad[] = {"", "root", "Admin", "officers", "viewer "};
	for (size_t i = 0; i < ROWS(bad); i++)
		add_invalid(state, "alice", bad[i], NULL, "role");
}

static void test_officer_needs_aors(void **state)
{
	add_invalid(state, "alice", "officer", NULL, "aors");
	add_invalid(state, "alice", "officer", "", "aors");
}

static void test_only_officers_have_aors(void **state)
{
	const char *const roles[] = {"viewer", "supervisor", "admin"};
	for (size_t i = 0; i < ROWS(roles); i++)
		add_invalid(state, "alice", roles[i], "NYC", "aors");
}

static void test_unknown_aors_are_refused(void **state)
{
	const char *const bad[] = {"XXX", "NYC,XXX", "NYC,", ",NYC", "NYC,,BUF", "NYC, BUF", "nyc", "NYCBUFATL"};
	for (size_t i = 0; i < ROWS(bad); i++)
		add_invalid(state, "alice", "officer", bad[i], "aors");
}

static void test_add_stores_the_user(void **state)
{
	add_ok(state, "alice", "officer", "NYC,BUF");
	add_ok(state, "bob", "admin", NULL);
	struct user_copy u;
	user_get(store_of(state), "alice", &u);
	assert_string_equal(u.role, "officer");
	assert_true(u.has_aors);
	assert_string_equal(u.aors, "NYC,BUF");
	assert_false(u.has_token);
	assert_int_equal(u.created_at, test_now());
	user_get(store_of(state), "bob", &u);
	assert_string_equal(u.role, "admin");
	assert_false(u.has_aors);
}

static void test_add_refuses_a_taken_name(void **state)
{
	add_ok(state, "alice", "viewer", NULL);
	struct error err = {0};
	assert_int_equal(auth_user_add(store_of(state), "alice", "admin", NULL, test_now(), &err), ERR_EXISTS);
	struct user_copy u;
	user_get(store_of(state), "alice", &u);
	assert_string_equal(u.role, "viewer");
}

/* ------------------------------------------------------------ auth_user_token */

static void test_token_is_name_dot_secret(void **state)
{
	add_ok(state, "alice", "viewer", NULL);
	char token[AUTH_TOKEN_MAX], again[AUTH_TOKEN_MAX];
	token_ok(state, "alice", token);
	assert_int_equal(strncmp(token, "alice.", 6), 0);
	assert_int_equal(strlen(token), 6 + SECRET_CHARS);
	assert_int_equal(strspn(token + 6, BASE64URL), SECRET_CHARS);
	token_ok(state, "alice", again);
	assert_string_not_equal(token, again);
}

static void test_longest_name_token_fits(void **state)
{
	char name[USER_NAME_MAX + 1];
	memset(name, 'n', USER_NAME_MAX);
	name[USER_NAME_MAX] = '\0';
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, name, "viewer", NULL, token);
	assert_int_equal(strlen(token), AUTH_TOKEN_MAX - 1);
	struct auth_user u;
	verify_ok(state, token, &u);
	assert_string_equal(u.name, name);
}

static void test_store_keeps_only_an_argon2id_hash(void **state)
{
	add_ok(state, "alice", "viewer", NULL);
	char token[AUTH_TOKEN_MAX];
	struct error err = {0};
	ts_t later = test_now() + 60;
	assert_int_equal(auth_user_token(store_of(state), "alice", later, token, &err), 0);
	struct user_copy u;
	user_get(store_of(state), "alice", &u);
	assert_true(u.has_token);
	assert_int_equal(strncmp(u.token_hash, "$argon2id$", 10), 0);
	assert_null(strstr(u.token_hash, token + 6));
	assert_int_equal(u.token_at, later);
}

static void test_token_for_unknown_user(void **state)
{
	char token[AUTH_TOKEN_MAX];
	struct error err = {0};
	assert_int_equal(auth_user_token(store_of(state), "nobody", test_now(), token, &err), ERR_NOTFOUND);
	assert_int_equal(auth_user_token(store_of(state), "not a name", test_now(), token, &err), ERR_NOTFOUND);
}

/* ------------------------------------------------------------ auth_verify */

static void test_officer_token_carries_its_aors(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "officer", "NYC,BUF", token);
	struct auth_user u;
	verify_ok(state, token, &u);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.role, ROLE_OFFICER);
	assert_int_equal(u.aors, aor_bit("NYC") | aor_bit("BUF"));
	assert_int_not_equal(aor_bit("NYC"), aor_bit("BUF"));
}

static void test_other_roles_see_every_aor(void **state)
{
	static const struct {
		const char *name, *role;
		enum auth_role want;
	} rows[] = {{"vera", "viewer", ROLE_VIEWER}, {"sam", "supervisor", ROLE_SUPERVISOR}, {"ada", "admin", ROLE_ADMIN}};
	char tokens[ROWS(rows)][AUTH_TOKEN_MAX];
	for (size_t i = 0; i < ROWS(rows); i++) {
		add_ok(state, rows[i].name, rows[i].role, NULL);
		token_ok(state, rows[i].name, tokens[i]);
	}
	reload(state);
	for (size_t i = 0; i < ROWS(rows); i++) {
		struct auth_user u;
		verify_ok(state, tokens[i], &u);
		assert_string_equal(u.name, rows[i].name);
		assert_int_equal(u.role, rows[i].want);
		assert_int_equal(u.aors, AOR_MASK_ALL);
	}
}

static void test_wrong_secret_is_denied(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	char wrong[AUTH_TOKEN_MAX];
	memcpy(wrong, token, sizeof wrong);
	size_t last = strlen(wrong) - 1;
	wrong[last] = wrong[last] == 'A' ? 'B' : 'A';
	verify_denied(state, wrong);
	struct auth_user u;
	verify_ok(state, token, &u);
	/* once the real token is cached, a wrong one still goes through argon2id */
	verify_denied(state, wrong);
	char shorter[AUTH_TOKEN_MAX];
	memcpy(shorter, token, last);
	shorter[last] = '\0';
	verify_denied(state, shorter);
}

static void test_token_of_unknown_user_is_denied(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	add_ok(state, "carol", "viewer", NULL); /* no token issued */
	reload(state);
	char *as_bob = fmt("bob%s", strchr(token, '.'));
	char *as_carol = fmt("carol%s", strchr(token, '.'));
	verify_denied(state, as_bob);
	verify_denied(state, as_carol);
	free(as_bob);
	free(as_carol);
}

static void test_malformed_tokens_are_denied(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	static char huge[100001];
	memset(huge, 'a', sizeof huge - 1);
	huge[5] = '.';
	char *long_name = fmt("%0*d%s", USER_NAME_MAX + 1, 0, strchr(token, '.'));
	char *padded = fmt("%s%s", token, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	const char *const bad[] = {"", "nodot", ".x", ".", "alice.", "alice", "alice..", huge, long_name, padded};
	for (size_t i = 0; i < ROWS(bad); i++)
		verify_denied(state, bad[i]);
	free(long_name);
	free(padded);
}

static void test_new_token_replaces_the_old(void **state)
{
	char old[AUTH_TOKEN_MAX], new[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "officer", "NYC", old);
	struct auth_user u;
	verify_ok(state, old, &u);
	token_ok(state, "alice", new);
	reload(state);
	verify_denied(state, old);
	verify_ok(state, new, &u);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.aors, aor_bit("NYC"));
	verify_denied(state, old);
}

static void test_removed_user_is_denied(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	struct auth_user u;
	verify_ok(state, token, &u);
	struct error err = {0};
	assert_int_equal(store_user_remove(store_of(state), "alice", &err), 0);
	reload(state);
	verify_denied(state, token);
}

/* A user removed and added again under the same name with a token of its
 * own: the old token is not the new user's. */
static void test_recreated_user_does_not_inherit_the_old_token(void **state)
{
	char old[AUTH_TOKEN_MAX], new[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "admin", NULL, old);
	struct auth_user u;
	verify_ok(state, old, &u);
	struct error err = {0};
	assert_int_equal(store_user_remove(store_of(state), "alice", &err), 0);
	user_with_token(state, "alice", "viewer", NULL, new);
	verify_denied(state, old);
	verify_ok(state, new, &u);
	assert_int_equal(u.role, ROLE_VIEWER);
}

static void test_second_verify_is_cached_and_fast(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "officer", "BUF", token);
	double first = timed_verify(state, token);
	double second = timed_verify(state, token);
	if (!(second * 10 < first))
		fail_msg("first verify %.6f s, second %.6f s: not cached", first, second);
	struct auth_user u;
	verify_ok(state, token, &u);
	assert_string_equal(u.name, "alice");
	assert_int_equal(u.role, ROLE_OFFICER);
	assert_int_equal(u.aors, aor_bit("BUF"));
}

/* auth_verify_cached() tells a token never seen (ERR_NOTFOUND: only
 * argon2id can tell) from one verified (0); after a verify, a wrong secret
 * of that user is not refused at once: it too is ERR_NOTFOUND and costs
 * the argon2id check an unknown user's token costs, so the time of the
 * refusal does not tell a signed-in user's name from an unknown one. */
static void test_cached_check_and_wrong_secret_costs_argon2id(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	struct auth_user u;
	struct error err = {0};
	assert_int_equal(auth_verify_cached(auth_of(state), token, &u, &err), ERR_NOTFOUND);
	double first = timed_verify(state, token);
	assert_int_equal(auth_verify_cached(auth_of(state), token, &u, &err), 0);
	assert_string_equal(u.name, "alice");
	char wrong[AUTH_TOKEN_MAX], unknown[AUTH_TOKEN_MAX + 8];
	snprintf(wrong, sizeof wrong, "%s", token);
	wrong[strlen(wrong) - 1] = wrong[strlen(wrong) - 1] == 'A' ? 'B' : 'A';
	snprintf(unknown, sizeof unknown, "nobody.%s", token + strlen("alice."));
	assert_int_equal(auth_verify_cached(auth_of(state), wrong, &u, &err), ERR_NOTFOUND);
	assert_int_equal(auth_verify_cached(auth_of(state), unknown, &u, &err), ERR_NOTFOUND);
	double start = seconds();
	verify_denied(state, wrong);
	double refused = seconds() - start;
	if (!(refused * 4 > first))
		fail_msg("verify %.6f s, refusing a wrong secret of a signed-in user %.6f s: no argon2id", first,
			 refused);
}

/* An unknown user's token costs an argon2id check like a known user's: the
 * time does not tell which names exist. */
static void test_unknown_user_costs_the_same(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	char wrong[AUTH_TOKEN_MAX], unknown[AUTH_TOKEN_MAX + 8];
	snprintf(wrong, sizeof wrong, "%s", token);
	wrong[strlen(wrong) - 1] = wrong[strlen(wrong) - 1] == 'A' ? 'B' : 'A';
	snprintf(unknown, sizeof unknown, "nobody.%s", token + strlen("alice."));
	double start = seconds();
	verify_denied(state, wrong);
	double known = seconds() - start;
	start = seconds();
	verify_denied(state, unknown);
	double stranger = seconds() - start;
	if (!(stranger * 4 > known && known * 4 > stranger))
		fail_msg("a wrong secret took %.6f s, an unknown user %.6f s: told apart", known, stranger);
}

/* auth_load() keeps what was verified while the user's hash is unchanged. */
static void test_reload_keeps_verified_tokens(void **state)
{
	char token[AUTH_TOKEN_MAX], other[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	double first = timed_verify(state, token);
	user_with_token(state, "bob", "viewer", NULL, other);
	double after_reload = timed_verify(state, token);
	if (!(after_reload * 10 < first))
		fail_msg("first verify %.6f s, after a reload %.6f s: the reload forgot it", first, after_reload);
}

/* A load that fails (a stored role that is not a role) leaves the cache
 * as it was. */
static void test_failed_load_keeps_the_cache(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	struct auth_user u;
	verify_ok(state, token, &u);
	struct error err = {0};
	assert_int_equal(store_user_add(store_of(state), "mallory", "root", NULL, test_now(), &err), 0);
	assert_int_equal(auth_load(auth_of(state), store_of(state), &err), ERR_INVALID);
	verify_ok(state, token, &u);
	assert_string_equal(u.name, "alice");
}

struct verify_thread {
	void **state;
	const char *token;
	int failures;
};

static void *verify_many(void *arg)
{
	struct verify_thread *t = arg;
	for (int i = 0; i < 200; i++) {
		struct auth_user u;
		struct error err;
		if (auth_verify(auth_of(t->state), t->token, &u, &err) != 0 || strcmp(u.name, "alice") != 0)
			t->failures++;
	}
	return NULL;
}

static void test_verify_from_many_threads(void **state)
{
	char token[AUTH_TOKEN_MAX];
	user_with_token(state, "alice", "viewer", NULL, token);
	struct verify_thread t[4];
	pthread_t ids[ROWS(t)];
	for (size_t i = 0; i < ROWS(t); i++) {
		t[i] = (struct verify_thread){state, token, 0};
		assert_int_equal(pthread_create(&ids[i], NULL, verify_many, &t[i]), 0);
	}
	for (size_t i = 0; i < ROWS(t); i++) {
		assert_int_equal(pthread_join(ids[i], NULL), 0);
		assert_int_equal(t[i].failures, 0);
	}
}

/* ------------------------------------------------------------ scopes */

/* The mask of a verified user admits the people it may see: an officer
 * those of its AORs only (not those of no known AOR), the others all. */
static void test_verified_masks_scope_people(void **state)
{
	char officer_token[AUTH_TOKEN_MAX], admin_token[AUTH_TOKEN_MAX];
	add_ok(state, "alice", "officer", "NYC,BUF");
	token_ok(state, "alice", officer_token);
	user_with_token(state, "ada", "admin", NULL, admin_token);
	struct auth_user officer, admin;
	verify_ok(state, officer_token, &officer);
	verify_ok(state, admin_token, &admin);
	int nyc = vocab_find(&vocab_aor, "NYC"), buf = vocab_find(&vocab_aor, "BUF");
	for (int aor = 0; aor < vocab_aor.count; aor++) {
		assert_int_equal(aor_mask_has(officer.aors, aor), aor == nyc || aor == buf);
		assert_true(aor_mask_has(admin.aors, aor));
	}
	assert_false(aor_mask_has(officer.aors, UNSET));
	assert_true(aor_mask_has(admin.aors, UNSET));
}

#define T_(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_(test_init_can_be_called_again),
		T_(test_role_names),
		T_(test_add_refuses_bad_names),
		T_(test_add_accepts_the_longest_name),
		T_(test_add_refuses_bad_roles),
		T_(test_officer_needs_aors),
		T_(test_only_officers_have_aors),
		T_(test_unknown_aors_are_refused),
		T_(test_add_stores_the_user),
		T_(test_add_refuses_a_taken_name),
		T_(test_token_is_name_dot_secret),
		T_(test_longest_name_token_fits),
		T_(test_store_keeps_only_an_argon2id_hash),
		T_(test_token_for_unknown_user),
		T_(test_officer_token_carries_its_aors),
		T_(test_other_roles_see_every_aor),
		T_(test_wrong_secret_is_denied),
		T_(test_token_of_unknown_user_is_denied),
		T_(test_malformed_tokens_are_denied),
		T_(test_new_token_replaces_the_old),
		T_(test_removed_user_is_denied),
		T_(test_recreated_user_does_not_inherit_the_old_token),
		T_(test_second_verify_is_cached_and_fast),
		T_(test_cached_check_and_wrong_secret_costs_argon2id),
		T_(test_unknown_user_costs_the_same),
		T_(test_reload_keeps_verified_tokens),
		T_(test_failed_load_keeps_the_cache),
		T_(test_verify_from_many_threads),
		T_(test_verified_masks_scope_people),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
