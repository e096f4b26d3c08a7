/* auth.c: users, roles and bearer tokens (auth.h). */
#include "auth.h"

#include <assert.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "vocab.h"

#define SECRET_BYTES 32
_Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES, "room for an argon2id hash string");
#define DIGEST_BYTES crypto_generichash_BYTES

static const char *const role_names[ROLE_COUNT] = {"viewer", "officer", "supervisor", "admin"};

int auth_init(struct error *err)
{
	return sodium_init() < 0 ? error_set(err, ERR_IO, "libsodium cannot start") : 0;
}

const char *auth_role_name(enum auth_role role)
{
	assert(role >= 0 && role < ROLE_COUNT);
	return role_names[role];
}

static int role_parse(const char *text, enum auth_role *out)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (strcmp(text, role_names[r]) == 0) {
			*out = (enum auth_role)r;
			return 0;
		}
	return ERR_INVALID;
}

static bool name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > USER_NAME_MAX)
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* Parse "NYC,BUF" into a mask of AORs. */
static int aors_parse(const char *text, aor_mask_t *mask, struct error *err)
{
	*mask = 0;
	const char *p = text;
	do {
		size_t n = strcspn(p, ",");
		char word[8];
		if (n == 0 || n >= sizeof word)
			return error_set(err, ERR_INVALID, "field \"aors\": \"%.*s\" is not an AOR code", error_cut(p, 16),
					 p);
		memcpy(word, p, n);
		word[n] = '\0';
		int aor = vocab_find(&vocab_aor, word);
		if (aor == UNSET)
			return error_set(err, ERR_INVALID, "field \"aors\": \"%s\" is not an AOR code", word);
		*mask |= aor_mask_of(aor);
		p += n;
	} while (*p++ == ',');
	return 0;
}

int auth_user_add(struct store *s, const char *name, const char *role, const char *aors, ts_t now,
		  struct error *err)
{
	enum auth_role r;
	aor_mask_t mask;
	if (!name_valid(name))
		return error_set(err, ERR_INVALID,
				 "field \"name\": a user name is 1-64 characters of A-Z a-z 0-9 _ -");
	if (role_parse(role, &r))
		return error_set(err, ERR_INVALID, "field \"role\": \"%.*s\" is not one of viewer, officer, supervisor, admin",
				 error_cut(role, 32), role);
	if (r == ROLE_OFFICER && !aors)
		return error_set(err, ERR_INVALID, "field \"aors\": an officer needs its AORs (--aor NYC,BUF)");
	if (r != ROLE_OFFICER && aors)
		return error_set(err, ERR_INVALID, "field \"aors\": only an officer is limited to AORs; a %s sees every AOR",
				 role);
	int rc = aors ? aors_parse(aors, &mask, err) : 0;
	return rc ? rc : store_user_add(s, name, role, aors, now, err);
}

int auth_token_new(const char *name, char token[AUTH_TOKEN_MAX], char hash[AUTH_HASH_MAX], struct error *err)
{
	if (!name_valid(name))
		return error_set(err, ERR_NOTFOUND, "no user %.*s", error_cut(name, 64), name);
	unsigned char secret[SECRET_BYTES];
	randombytes_buf(secret, sizeof secret);
	size_t n = strlen(name);
	memcpy(token, name, n);
	token[n] = '.';
	sodium_bin2base64(token + n + 1, AUTH_TOKEN_MAX - n - 1, secret, sizeof secret,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(secret, sizeof secret);
	if (crypto_pwhash_str(hash, token, strlen(token), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return error_set(err, ERR_NOMEM, "not enough memory to hash the token");
	return 0;
}

int auth_user_token(struct store *s, const char *name, ts_t now, char token[AUTH_TOKEN_MAX], struct error *err)
{
	char hash[AUTH_HASH_MAX];
	int rc = auth_token_new(name, token, hash, err);
	return rc ? rc : store_user_set_token(s, name, hash, now, err);
}

struct cached_user {
	struct auth_user user;
	char *token_hash; /* owned; NULL when no token was issued */
	bool verified;	  /* digest is that of a token matching token_hash */
	unsigned char digest[DIGEST_BYTES];
};

struct auth {
	pthread_mutex_t lock;	     /* guards users */
	pthread_mutex_t hash_lock;   /* one argon2id verification at a time */
	unsigned char key[crypto_generichash_KEYBYTES];
	char decoy[AUTH_HASH_MAX]; /* verified against for unknown users: the same time as a known one */
	struct cached_user *users;
	size_t n;
};

int auth_new(struct auth **out, struct error *err)
{
	struct auth *a = calloc(1, sizeof *a);
	if (!a)
		return error_set(err, ERR_NOMEM, "out of memory");
	pthread_mutex_init(&a->lock, NULL);
	pthread_mutex_init(&a->hash_lock, NULL);
	crypto_generichash_keygen(a->key);
	char token[AUTH_TOKEN_MAX];
	int rc = auth_token_new("decoy", token, a->decoy, err);
	sodium_memzero(token, sizeof token);
	if (rc) {
		auth_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

static void users_free(struct cached_user *users, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(users[i].token_hash);
	free(users);
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	users_free(a->users, a->n);
	pthread_mutex_destroy(&a->lock);
	pthread_mutex_destroy(&a->hash_lock);
	sodium_memzero(a->key, sizeof a->key);
	free(a);
}

struct load {
	struct cached_user *users;
	size_t n, cap;
};

static int load_user(void *ctx, const struct store_user *u, struct error *err)
{
	struct load *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct cached_user *grown = realloc(l->users, cap * sizeof *grown);
		if (!grown)
			return error_set(err, ERR_NOMEM, "out of memory");
		l->users = grown;
		l->cap = cap;
	}
	struct cached_user *c = &l->users[l->n];
	memset(c, 0, sizeof *c);
	enum auth_role role;
	if (strlen(u->name) > USER_NAME_MAX || role_parse(u->role, &role))
		return error_set(err, ERR_INVALID, "user %.*s: stored role %s is not a role", error_cut(u->name, 64),
				 u->name, u->role);
	snprintf(c->user.name, sizeof c->user.name, "%s", u->name);
	c->user.role = role;
	c->user.aors = AOR_MASK_ALL;
	int rc = u->aors ? aors_parse(u->aors, &c->user.aors, err) : 0;
	if (rc == 0 && u->token_hash && !(c->token_hash = strdup(u->token_hash)))
		rc = error_set(err, ERR_NOMEM, "out of memory");
	if (rc == 0)
		l->n++;
	return rc;
}

static struct cached_user *find(struct cached_user *users, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(users[i].user.name, name) == 0)
			return &users[i];
	return NULL;
}

/* Keep what was verified of the old users whose hash did not change. */
static void carry_verified(struct cached_user *users, size_t n, const struct cached_user *old, size_t n_old)
{
	for (size_t i = 0; i < n_old; i++) {
		struct cached_user *now = find(users, n, old[i].user.name);
		if (old[i].verified && now && now->token_hash && strcmp(now->token_hash, old[i].token_hash) == 0) {
			now->verified = true;
			memcpy(now->digest, old[i].digest, DIGEST_BYTES);
		}
	}
}

int auth_load(struct auth *a, struct store *s, struct error *err)
{
	struct load l = {0};
	int rc = store_users(s, load_user, &l, err);
	if (rc) {
		users_free(l.users, l.n);
		return rc;
	}
	pthread_mutex_lock(&a->lock);
	carry_verified(l.users, l.n, a->users, a->n);
	users_free(a->users, a->n);
	a->users = l.users;
	a->n = l.n;
	pthread_mutex_unlock(&a->lock);
	return 0;
}

/* Under a->lock: 0 when the token's digest is the one verified for its
 * user; else ERR_NOTFOUND with a copy of the hash to verify against in
 * *hash (NULL: no such user, or no token issued). A wrong token of a user
 * whose token was verified is not refused here: it costs argon2id as an
 * unknown user's does, or its quick refusal would tell which names exist. */
static int cached(struct auth *a, const char *name, const unsigned char *digest, struct auth_user *out, char **hash)
{
	struct cached_user *c = find(a->users, a->n, name);
	*hash = NULL;
	if (c && c->verified && sodium_memcmp(c->digest, digest, DIGEST_BYTES) == 0) {
		*out = c->user;
		return 0;
	}
	if (c && c->token_hash && !(*hash = strdup(c->token_hash)))
		return ERR_DENIED;
	return ERR_NOTFOUND;
}

/* Under a->lock: remember that the token of digest matches hash, if the
 * user still has that hash. */
static bool remember(struct auth *a, const char *name, const char *hash, const unsigned char *digest,
		     struct auth_user *out)
{
	struct cached_user *c = find(a->users, a->n, name);
	if (!c || !c->token_hash || strcmp(c->token_hash, hash) != 0)
		return false;
	c->verified = true;
	memcpy(c->digest, digest, DIGEST_BYTES);
	*out = c->user;
	return true;
}

/* The user name of token into name, and the token's keyed digest; ERR_DENIED
 * when it is not NAME.SECRET. */
static int split(struct auth *a, const char *token, char name[USER_NAME_MAX + 1], unsigned char *digest,
		 struct error *err)
{
	size_t len = strlen(token);
	const char *dot = strchr(token, '.');
	if (!dot || dot == token || (size_t)(dot - token) > USER_NAME_MAX || len >= AUTH_TOKEN_MAX)
		return error_set(err, ERR_DENIED, "the token is not a custody token (NAME.SECRET)");
	memcpy(name, token, (size_t)(dot - token));
	name[dot - token] = '\0';
	crypto_generichash(digest, DIGEST_BYTES, (const unsigned char *)token, len, a->key, sizeof a->key);
	return 0;
}

/* The first steps of auth_verify(); *hash as cached() leaves it. */
static int verify_cached(struct auth *a, const char *token, struct auth_user *out, char **hash,
			 unsigned char *digest, char *name, struct error *err)
{
	*hash = NULL;
	int rc = split(a, token, name, digest, err);
	if (rc)
		return rc;
	pthread_mutex_lock(&a->lock);
	rc = cached(a, name, digest, out, hash);
	pthread_mutex_unlock(&a->lock);
	return rc == ERR_DENIED ? error_set(err, ERR_DENIED, "the token is not valid") : rc;
}

int auth_verify_cached(struct auth *a, const char *token, struct auth_user *out, struct error *err)
{
	char name[USER_NAME_MAX + 1], *hash;
	unsigned char digest[DIGEST_BYTES];
	int rc = verify_cached(a, token, out, &hash, digest, name, err);
	free(hash);
	return rc;
}

int auth_verify(struct auth *a, const char *token, struct auth_user *out, struct error *err)
{
	char name[USER_NAME_MAX + 1], *hash;
	unsigned char digest[DIGEST_BYTES];
	int rc = verify_cached(a, token, out, &hash, digest, name, err);
	if (rc != ERR_NOTFOUND)
		return rc;
	/* an unknown user costs the same argon2id as a known one: no telling them apart */
	pthread_mutex_lock(&a->hash_lock);
	bool matches = crypto_pwhash_str_verify(hash ? hash : a->decoy, token, strlen(token)) == 0 && hash;
	pthread_mutex_unlock(&a->hash_lock);
	if (matches) {
		pthread_mutex_lock(&a->lock);
		matches = remember(a, name, hash, digest, out);
		pthread_mutex_unlock(&a->lock);
	}
	free(hash);
	return matches ? 0 : error_set(err, ERR_DENIED, "the token is not valid");
}
