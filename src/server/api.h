/* api.h: the handlers of the HTTP API, one group per file (api_*.c), and
 * the route table that maps methods and paths to them (routes.c). */
#ifndef CUSTODY_API_H
#define CUSTODY_API_H

#include "app.h"
#include "http.h"

typedef void (*api_handler)(struct app *app, const struct http_request *req, struct http_response *res);

#define ROUTE_PUBLIC (-1)

struct route {
	const char *method;
	const char *pattern; /* a "*" segment matches one segment: req->path_arg */
	int role;	     /* the least role allowed, or ROUTE_PUBLIC */
	api_handler handle;
};

/* The route table, terminated by an entry with a NULL method. */
extern const struct route api_routes[];

/* Answer req: the matching route's handler after authentication (401
 * without a valid token, 403 below the route's role), 405 when the path
 * exists with other methods, 404 when no route has it. authorization is
 * the Authorization header (NULL when absent). */
void api_dispatch(struct app *app, struct http_request *req, const char *authorization, struct http_response *res);

/* api_events.c */
void api_post_events(struct app *app, const struct http_request *req, struct http_response *res);

/* api_users.c */
void api_me(struct app *app, const struct http_request *req, struct http_response *res);
void api_users_list(struct app *app, const struct http_request *req, struct http_response *res);
void api_users_add(struct app *app, const struct http_request *req, struct http_response *res);
void api_users_remove(struct app *app, const struct http_request *req, struct http_response *res);
void api_users_token(struct app *app, const struct http_request *req, struct http_response *res);
void api_access_log(struct app *app, const struct http_request *req, struct http_response *res);

/* api_locate.c */
void api_locate(struct app *app, const struct http_request *req, struct http_response *res);

/* api_beds.c: aggregates of beds and supervision */
void api_occupancy(struct app *app, const struct http_request *req, struct http_response *res);
void api_facilities(struct app *app, const struct http_request *req, struct http_response *res);
void api_rules(struct app *app, const struct http_request *req, struct http_response *res);
void api_rules_put(struct app *app, const struct http_request *req, struct http_response *res);
void api_supervision(struct app *app, const struct http_request *req, struct http_response *res);

/* api_people.c: person-level reads */
void api_person(struct app *app, const struct http_request *req, struct http_response *res);
void api_place(struct app *app, const struct http_request *req, struct http_response *res);
void api_flags(struct app *app, const struct http_request *req, struct http_response *res);
void api_candidates(struct app *app, const struct http_request *req, struct http_response *res);
void api_supervision_due(struct app *app, const struct http_request *req, struct http_response *res);
void api_supervision_missed(struct app *app, const struct http_request *req, struct http_response *res);
void api_hearings(struct app *app, const struct http_request *req, struct http_response *res);

/* api_stats.c */
void api_stats_daily(struct app *app, const struct http_request *req, struct http_response *res);
void api_stats_period(struct app *app, const struct http_request *req, struct http_response *res);
void api_stats_cohort(struct app *app, const struct http_request *req, struct http_response *res);
void api_stats_detained(struct app *app, const struct http_request *req, struct http_response *res);
void api_report(struct app *app, const struct http_request *req, struct http_response *res);
void api_official(struct app *app, const struct http_request *req, struct http_response *res);

/* static.c: the dashboard's files under cfg.web_root: only those the page
 * uses (a table in static.c); 404 for any other path. */
void api_static(struct app *app, const struct http_request *req, struct http_response *res);

#endif
