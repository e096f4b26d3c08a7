/* api_users.c: who am I, the users (admin), the access log (admin). */
#include <stdlib.h>
#include <string.h>

#include "admin_views.h"
#include "api.h"
#include "event.h"
#include "vocab.h"

static const char *const no_params[] = {NULL};

static json_t *aors_of(const struct auth_user *u)
{
	if (u->aors == AOR_MASK_ALL)
		return json_null();
	json_t *list = json_array();
	for (int a = 0; a < vocab_aor.count; a++)
		if (u->aors >> a & 1u)
			json_array_append_new(list, json_string(vocab_word(&vocab_aor, a)));
	return list;
}

void api_me(struct app *app, const struct http_request *req, struct http_response *res)
{
	(void)app;
	if (http_check_params(req, no_params, res))
		return;
	http_json(res, 200,
		  json_pack("{s:s, s:s, s:o}", "user", req->user->name, "role", auth_role_name(req->user->role), "aors",
			    aors_of(req->user)));
}

static int users_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	(void)ctx;
	return admin_view_users(out, ledger_store(l), err);
}

void api_users_list(struct app *app, const struct http_request *req, struct http_response *res)
{
	if (http_check_params(req, no_params, res) == 0)
		app_answer(app, res, users_view, NULL);
}

/* The body of POST /api/users as a JSON object, or NULL with the 400 in res. */
static json_t *body_object(const struct http_request *req, struct http_response *res)
{
	json_error_t jerr;
	json_t *o = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o) {
		http_error(res, 400, NULL, "the body is not JSON: line %d column %d: %s", jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		http_error(res, 400, NULL, "the body is not a JSON object");
	}
	return json_is_object(o) ? o : NULL;
}

/* "aors" as given (an array of codes, or null/absent) joined by commas into
 * buf; *aors is NULL when none are given. Returns 0 or ERR_INVALID. */
static int join_aors(json_t *value, char *buf, size_t size, const char **aors, struct error *err)
{
	*aors = NULL;
	if (!value || json_is_null(value))
		return 0;
	if (!json_is_array(value) || json_array_size(value) == 0)
		return error_set(err, ERR_INVALID, "field \"aors\": an array of AOR codes");
	size_t used = 0, i;
	json_t *code;
	buf[0] = '\0';
	json_array_foreach(value, i, code)
	{
		if (!json_is_string(code) || strchr(json_string_value(code), ',') ||
		    used + json_string_length(code) + 2 > size)
			return error_set(err, ERR_INVALID, "field \"aors\": an array of AOR codes");
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "," : "", json_string_value(code));
	}
	*aors = buf;
	return 0;
}

static int check_fields(json_t *o, struct error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		if (strcmp(key, "name") && strcmp(key, "role") && strcmp(key, "aors"))
			return error_set(err, ERR_INVALID, "field \"%s\": not a field of a user (name, role, aors)", key);
	}
	const char *required[] = {"name", "role"};
	for (size_t i = 0; i < 2; i++)
		if (!json_is_string(json_object_get(o, required[i])))
			return error_set(err, ERR_INVALID, "field \"%s\": required, a string", required[i]);
	return 0;
}

/* A change to the users: who, and what the change needs. */
struct user_change {
	const char *name, *role, *aors, *hash;
	ts_t now;
};

static int add_user(struct store *s, const struct user_change *c, struct error *err)
{
	return auth_user_add(s, c->name, c->role, c->aors, c->now, err);
}

static int remove_user(struct store *s, const struct user_change *c, struct error *err)
{
	return store_user_remove(s, c->name, err);
}

static int set_token(struct store *s, const struct user_change *c, struct error *err)
{
	return store_user_set_token(s, c->name, c->hash, c->now, err);
}

/* Make the change under the lock, and reload the users the server knows. */
static int change_users(struct app *app, int (*op)(struct store *, const struct user_change *, struct error *),
			const struct user_change *c, struct error *err)
{
	app_lock(app);
	int rc = op(ledger_store(app->ledger), c, err);
	if (rc == 0)
		rc = auth_load(app->auth, ledger_store(app->ledger), err);
	app_unlock(app);
	return rc;
}

void api_users_add(struct app *app, const struct http_request *req, struct http_response *res)
{
	if (http_check_params(req, no_params, res))
		return;
	json_t *o = body_object(req, res);
	if (!o)
		return;
	char aors_buf[32 * 4];
	struct user_change c = {.now = req->now};
	struct error err;
	int rc = check_fields(o, &err);
	if (rc == 0)
		rc = join_aors(json_object_get(o, "aors"), aors_buf, sizeof aors_buf, &c.aors, &err);
	if (rc == 0) {
		c.name = json_string_value(json_object_get(o, "name"));
		c.role = json_string_value(json_object_get(o, "role"));
		rc = change_users(app, add_user, &c, &err);
	}
	if (rc)
		http_fail(res, &err);
	else
		http_json(res, 201, json_pack("{s:s, s:s, s:O}", "name", c.name, "role", c.role, "aors",
					      json_object_get(o, "aors") ? json_object_get(o, "aors") : json_null()));
	json_decref(o);
}

void api_users_remove(struct app *app, const struct http_request *req, struct http_response *res)
{
	if (http_check_params(req, no_params, res))
		return;
	struct error err;
	struct user_change c = {.name = req->path_arg, .now = req->now};
	if (change_users(app, remove_user, &c, &err))
		http_fail(res, &err);
	else
		http_json(res, 200, json_pack("{s:s}", "removed", req->path_arg));
}

void api_users_token(struct app *app, const struct http_request *req, struct http_response *res)
{
	if (http_check_params(req, no_params, res))
		return;
	char token[AUTH_TOKEN_MAX], hash[AUTH_HASH_MAX];
	struct user_change c = {.name = req->path_arg, .hash = hash, .now = req->now};
	struct error err;
	int rc = auth_token_new(req->path_arg, token, hash, &err); /* argon2id: not under the lock */
	if (rc == 0)
		rc = change_users(app, set_token, &c, &err);
	if (rc)
		http_fail(res, &err);
	else
		http_json(res, 201, json_pack("{s:s, s:s}", "user", req->path_arg, "token", token));
	memset(token, 0, sizeof token);
}

static int access_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	return admin_view_access_log(out, ledger_store(l), ctx, err);
}

void api_access_log(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {"person", "user", "since", NULL};
	if (http_check_params(req, params, res))
		return;
	char person[ANUMBER_LEN + 1];
	struct admin_access_filter f = {NULL, http_param(req, "user"), TS_NONE};
	const char *who = http_param(req, "person");
	if ((who && http_person(who, "person", person, res)) || http_param_time(req, "since", &f.since, res))
		return;
	f.person = who ? person : NULL;
	app_answer(app, res, access_view, &f);
}
