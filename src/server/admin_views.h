/* admin_views.h: the JSON of the users and of the access log, written
 * alike by `custody user list --json`, `custody access-log --json` and the
 * API (GET /api/users, GET /api/access-log). */
#ifndef CUSTODY_ADMIN_VIEWS_H
#define CUSTODY_ADMIN_VIEWS_H

#include <stdio.h>

#include "store.h"
#include "users.h"

/* Every user: an array of {"name", "role", "aors" (array, or null for
 * every AOR), "created_at", "token_at" (null before the first token)},
 * then a newline. Never the token's hash. */
int admin_view_users(FILE *out, struct store *s, struct error *err);

/* Which rows of the access log to show (NULL / TS_NONE: all). */
struct admin_access_filter {
	const char *person, *user;
	ts_t since;
};

/* The access log: an array of {"seq", "at", "user", "person", "what",
 * "asked_at" (the instant the read asked about; null in old rows)},
 * one per line, then a newline. */
int admin_view_access_log(FILE *out, struct store *s, const struct admin_access_filter *f, struct error *err);

#endif
