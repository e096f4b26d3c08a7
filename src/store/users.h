/* users.h: the server's users, the access log and the locator's lookup,
 * kept in the ledger file beside the event log.
 *
 * Users and the access log are not derived from events: `rebuild` keeps
 * them. The access log is append-only (the schema refuses updates and
 * deletions). Every function returns 0 or a negative ERR_* code with a
 * message in err; strings handed to callbacks are valid only during the
 * call. */
#ifndef CUSTODY_USERS_H
#define CUSTODY_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"
#include "timestamp.h"

#define USER_NAME_MAX 64

/* One user as stored. aors is a comma-separated list of AOR codes, or
 * NULL for every AOR; token_hash is NULL until a token is issued. */
struct store_user {
	const char *name, *role, *aors, *token_hash;
	ts_t created_at, token_at;
};

/* Add a user (no token yet). ERR_EXISTS when the name is taken. */
int store_user_add(struct store *s, const char *name, const char *role, const char *aors, ts_t at,
		   struct error *err);

/* Remove a user. ERR_NOTFOUND when there is none of that name. */
int store_user_remove(struct store *s, const char *name, struct error *err);

/* Replace the user's token hash (the previous token stops working).
 * ERR_NOTFOUND when there is no such user. */
int store_user_set_token(struct store *s, const char *name, const char *token_hash, ts_t at,
			 struct error *err);

/* Every user, by name. fn's failure stops the walk and is returned. */
typedef int (*store_user_fn)(void *ctx, const struct store_user *u, struct error *err);
int store_users(struct store *s, store_user_fn fn, void *ctx, struct error *err);

/* One user by name into fn; ERR_NOTFOUND when there is none. */
int store_user_find(struct store *s, const char *name, store_user_fn fn, void *ctx, struct error *err);

/* One row of the access log: actor read person's record (what: the
 * endpoint or command) at instant at, asking about the instant asked_at
 * (TS_NONE in rows written before it was recorded). */
struct store_access {
	int64_t seq;
	ts_t at, asked_at;
	const char *actor, *person, *what;
};

/* Append a row to the access log for each of the n people (n may be 0),
 * all in one transaction of their own unless the caller has one open:
 * actor read them through what at instant at, asking about asked_at. */
int store_access_add(struct store *s, ts_t at, const char *actor, const char *const *people, size_t n,
		     const char *what, ts_t asked_at, struct error *err);

/* The access log in seq order, restricted to a person and/or an actor
 * (NULL: any) and to rows at or after since (TS_NONE: all). */
typedef int (*store_access_fn)(void *ctx, const struct store_access *a, struct error *err);
int store_access_log(struct store *s, const char *person, const char *actor, ts_t since, store_access_fn fn,
		     void *ctx, struct error *err);

/* What the public locator needs of a person: where they are held now
 * (facility "" when not detained), their latest release from custody
 * (TS_NONE when never released), birth date (TS_NONE when unknown) and
 * whether their record is protected. */
struct store_located {
	const char *person, *facility;
	bool detained, protected_;
	ts_t birth_date, released_at;
};

/* The people matching a locator query exactly: by A-number (person set,
 * stored form) and birth country, or by family and given name (ignoring
 * ASCII case), birth country and, when not TS_NONE, birth date. When
 * nobody matches, fn is called once all the same, for nobody: person
 * NULL, neither detained nor released, born 1970-01-01 (the same work as
 * for a person; a caller that answers only for detained or released
 * people refuses it as it refuses a hidden one). */
struct store_locate_query {
	const char *person;
	const char *family_name, *given_name;
	const char *birth_country;
	ts_t birth_date;
};
typedef int (*store_located_fn)(void *ctx, const struct store_located *p, struct error *err);
int store_locate(struct store *s, const struct store_locate_query *q, store_located_fn fn, void *ctx,
		 struct error *err);

#endif
