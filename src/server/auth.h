/* auth.h: users, roles and bearer tokens (docs/api.md).
 *
 * A token is "NAME.SECRET", SECRET 32 random bytes in base64url; the
 * ledger keeps only its argon2id hash (libsodium crypto_pwhash_str). The
 * server keeps the users in a struct auth, which verifies a token with
 * argon2id once and then by a keyed BLAKE2b digest held in memory.
 * Every function returns 0 or a negative ERR_* code with err filled. */
#ifndef CUSTODY_AUTH_H
#define CUSTODY_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "aor_mask.h"
#include "error.h"
#include "store.h"
#include "users.h"

enum auth_role { ROLE_VIEWER, ROLE_OFFICER, ROLE_SUPERVISOR, ROLE_ADMIN, ROLE_COUNT };

/* "NAME." + 43 characters of base64url + NUL */
#define AUTH_TOKEN_MAX (USER_NAME_MAX + 1 + 43 + 1)

/* A signed-in user, copied out of the cache (no lifetime to manage). */
struct auth_user {
	char name[USER_NAME_MAX + 1];
	enum auth_role role;
	aor_mask_t aors; /* the AORs of its people (aor_mask.h): AOR_MASK_ALL but for an officer */
};

/* Initialise libsodium; call once before anything else here. ERR_IO when
 * it cannot start (no source of randomness). */
int auth_init(struct error *err);

/* The name of a role ("viewer", ...). */
const char *auth_role_name(enum auth_role role);

/* Add a user to the ledger's store after checking everything: the name
 * (1-64 of A-Z a-z 0-9 _ -), the role, and the AORs (a comma-separated
 * list of AOR codes, required for an officer and refused for the other
 * roles, which see every AOR). ERR_INVALID naming the field, ERR_EXISTS
 * when the name is taken. */
int auth_user_add(struct store *s, const char *name, const char *role, const char *aors, ts_t now,
		  struct error *err);

/* The room for an argon2id hash string (crypto_pwhash_STRBYTES). */
#define AUTH_HASH_MAX 128

/* A new token for user name into token (NUL-terminated) and its argon2id
 * hash into hash: about a quarter of a second and 64 MiB, so callers do it
 * outside their locks. ERR_NOTFOUND when name cannot be a user's. */
int auth_token_new(const char *name, char token[AUTH_TOKEN_MAX], char hash[AUTH_HASH_MAX], struct error *err);

/* auth_token_new() and store_user_set_token(): issue a new token for user
 * name, replacing the previous one. ERR_NOTFOUND when there is no such
 * user. */
int auth_user_token(struct store *s, const char *name, ts_t now, char token[AUTH_TOKEN_MAX], struct error *err);

/* The users of a server, with the tokens verified so far. */
struct auth;

/* A new, empty cache with a fresh random digest key; the caller frees it
 * with auth_free(). ERR_NOMEM on failure. */
int auth_new(struct auth **out, struct error *err);
void auth_free(struct auth *a);

/* Reload the users from the store (after any change to them). Tokens
 * already verified stay verified while their user's hash is unchanged.
 * Thread-safe. On failure the cache is unchanged. */
int auth_load(struct auth *a, struct store *s, struct error *err);

/* Check a bearer token against the users: fills *out and returns 0, or
 * ERR_DENIED with the reason. Thread-safe; costs an argon2id verification
 * (one at a time) for every token not verified before: an unknown user's,
 * a wrong one, a wrong one of a user already signed in alike. */
int auth_verify(struct auth *a, const char *token, struct auth_user *out, struct error *err);

/* The cheap part of auth_verify(): 0 for a token verified before,
 * ERR_DENIED for one that is not NAME.SECRET, ERR_NOTFOUND when only
 * argon2id can tell (the caller first takes it from a rate limit). */
int auth_verify_cached(struct auth *a, const char *token, struct auth_user *out, struct error *err);

#endif
