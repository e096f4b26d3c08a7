/* routes.c: the route table and the dispatch (api.h). */
#include "api.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct route api_routes[] = {
	{"GET", "/api/me", ROLE_VIEWER, api_me},
	{"GET", "/api/occupancy", ROLE_VIEWER, api_occupancy},
	{"GET", "/api/facilities", ROLE_VIEWER, api_facilities},
	{"GET", "/api/rules", ROLE_VIEWER, api_rules},
	{"PUT", "/api/rules", ROLE_ADMIN, api_rules_put},
	{"GET", "/api/supervision", ROLE_VIEWER, api_supervision},
	{"GET", "/api/stats/daily", ROLE_VIEWER, api_stats_daily},
	{"GET", "/api/stats/period", ROLE_VIEWER, api_stats_period},
	{"GET", "/api/stats/cohort", ROLE_VIEWER, api_stats_cohort},
	{"GET", "/api/stats/detained", ROLE_VIEWER, api_stats_detained},
	{"GET", "/api/report", ROLE_VIEWER, api_report},
	{"GET", "/api/official", ROLE_VIEWER, api_official},
	{"GET", "/api/flags", ROLE_OFFICER, api_flags},
	{"GET", "/api/candidates", ROLE_OFFICER, api_candidates},
	{"GET", "/api/supervision/due", ROLE_OFFICER, api_supervision_due},
	{"GET", "/api/supervision/missed", ROLE_OFFICER, api_supervision_missed},
	{"GET", "/api/hearings", ROLE_OFFICER, api_hearings},
	{"GET", "/api/people/*", ROLE_OFFICER, api_person},
	{"GET", "/api/people/*/place", ROLE_OFFICER, api_place},
	{"POST", "/api/events", ROLE_OFFICER, api_post_events},
	{"GET", "/api/users", ROLE_ADMIN, api_users_list},
	{"POST", "/api/users", ROLE_ADMIN, api_users_add},
	{"DELETE", "/api/users/*", ROLE_ADMIN, api_users_remove},
	{"POST", "/api/users/*/token", ROLE_ADMIN, api_users_token},
	{"GET", "/api/access-log", ROLE_ADMIN, api_access_log},
	{"GET", "/api/locate", ROUTE_PUBLIC, api_locate},
	{NULL, NULL, 0, NULL},
};

/* Whether path matches pattern; a "*" segment's value goes to arg. */
static bool matches(const char *pattern, const char *path, char *arg, size_t size)
{
	while (*pattern && *path) {
		if (*pattern == '*') {
			size_t n = strcspn(path, "/");
			if (n == 0 || n >= size)
				return false;
			memcpy(arg, path, n);
			arg[n] = '\0';
			path += n;
			pattern++;
		} else if (*pattern++ != *path++) {
			return false;
		}
	}
	return !*pattern && !*path;
}

/* The route for req (NULL: none has its path, or not with its method:
 * then allow lists the methods it has, for 405). */
static const struct route *route_of(const struct http_request *req, char *arg, size_t size, char *allow,
				    size_t allow_size)
{
	allow[0] = '\0';
	/* HEAD is GET without the body, which the server leaves out */
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	for (const struct route *r = api_routes; r->method; r++) {
		if (!matches(r->pattern, req->path, arg, size))
			continue;
		if (strcmp(r->method, method) == 0)
			return r;
		size_t used = strlen(allow);
		snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "", r->method);
	}
	return NULL;
}

/* 0 with *user filled when authorization carries a valid bearer token;
 * else the 401 (or, past the sign-in rate limit, 429) is in res. */
static int authenticate(struct app *app, const struct http_request *req, const char *authorization,
			struct auth_user *user, struct http_response *res)
{
	static const char bearer[] = "Bearer ";
	if (!authorization) {
		http_error(res, 401, NULL, "sign in: send Authorization: Bearer TOKEN (custody user token NAME)");
		return ERR_DENIED;
	}
	if (strncasecmp(authorization, bearer, sizeof bearer - 1) != 0) {
		http_error(res, 401, NULL, "the Authorization header is not Bearer TOKEN");
		return ERR_DENIED;
	}
	const char *token = authorization + sizeof bearer - 1;
	struct error err;
	int rc = auth_verify_cached(app->auth, token, user, &err);
	if (rc == ERR_NOTFOUND) {
		/* a token not seen yet costs an argon2id verification: a few a minute per address */
		int wait = ratelimit_take(app->signin_limit, req->client, app_monotonic());
		if (wait) {
			res->retry_after = wait;
			http_error(res, 429, NULL, "too many sign-ins from your address; try again in %d s", wait);
			return ERR_DENIED;
		}
		rc = auth_verify(app->auth, token, user, &err);
	}
	if (rc)
		http_error(res, 401, NULL, "%s", err.msg);
	return rc;
}

void api_dispatch(struct app *app, struct http_request *req, const char *authorization, struct http_response *res)
{
	if (strncmp(req->path, "/api/", 5) != 0 && strcmp(req->path, "/api") != 0) {
		if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
			snprintf(res->allow, sizeof res->allow, "GET, HEAD");
			http_error(res, 405, NULL, "%s is not allowed here (GET)", req->method);
			return;
		}
		api_static(app, req, res);
		return;
	}
	char arg[128];
	const struct route *r = route_of(req, arg, sizeof arg, res->allow, sizeof res->allow);
	if (!r && res->allow[0]) {
		http_error(res, 405, NULL, "%s is not allowed on %s (%s)", req->method, req->path, res->allow);
		return;
	}
	if (!r) {
		http_error(res, 404, NULL, "no such endpoint: %s %s (docs/api.md)", req->method, req->path);
		return;
	}
	req->path_arg = strchr(r->pattern, '*') ? arg : NULL;
	struct auth_user user;
	if (r->role != ROUTE_PUBLIC) {
		app_look(app);
		if (authenticate(app, req, authorization, &user, res))
			return;
		if ((int)user.role < r->role) {
			http_error(res, 403, NULL, "a %s may not %s %s (it needs %s)", auth_role_name(user.role), req->method,
				   req->path, auth_role_name((enum auth_role)r->role));
			return;
		}
		req->user = &user;
	}
	r->handle(app, req, res);
	req->user = NULL;
}
