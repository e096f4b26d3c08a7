/* http.h: a request as the handlers see it, and the response they fill.
 *
 * server.c turns what libmicrohttpd hands over into a struct http_request
 * (the body already read, the query decoded and checked as UTF-8) and sends
 * the struct http_response a handler fills. Handlers never see sockets. */
#ifndef CUSTODY_HTTP_H
#define CUSTODY_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "auth.h"
#include "bounds.h"
#include "error.h"
#include "timestamp.h"

#define HTTP_PARAMS_MAX 16

struct http_param {
	const char *key, *value; /* valid during the request */
};

struct http_request {
	const char *method;
	const char *path;     /* without the query */
	const char *path_arg; /* the {person} or {name} segment of the route, or NULL */
	struct http_param params[HTTP_PARAMS_MAX];
	size_t n_params;
	const char *body; /* NUL-terminated; body_len bytes before the NUL */
	size_t body_len;
	const char *content_type; /* NULL when absent */
	const char *client;	  /* the peer's address, as text */
	const struct auth_user *user; /* NULL on the public routes */
	ts_t now;
};

struct http_response {
	int status;
	char *body; /* malloc'd; the server frees it after sending */
	size_t len;
	const char *content_type; /* static */
	char allow[64];		  /* 405: the Allow header, or "" */
	int retry_after;	  /* 429: seconds, or 0 */
	int fd;			  /* a static file to send instead of body, or -1 */
	size_t fd_size;
};

/* The value of query parameter key, or NULL when absent. */
const char *http_param(const struct http_request *req, const char *key);

/* Fail with 400 naming the first parameter of req not in allowed (a
 * NULL-terminated list): an unknown parameter is an error, as an unknown
 * option is. Returns 0 when all are known. */
int http_check_params(const struct http_request *req, const char *const *allowed, struct http_response *res);

/* Typed parameters: each parses query parameter key when present (else
 * leaves *out as it is, and for http_param_word sets UNSET), and on a bad
 * value answers 400 naming the parameter and returns ERR_INVALID. A time
 * is RFC 3339 or a date within the bounds of bounds.h. */
struct vocab;
int http_param_time(const struct http_request *req, const char *key, ts_t *out, struct http_response *res);
int http_param_word(const struct http_request *req, const char *key, const struct vocab *v, int *out,
		    struct http_response *res);
int http_param_number(const struct http_request *req, const char *key, long min, long max, long *out,
		      struct http_response *res);
int http_param_flag(const struct http_request *req, const char *key, bool *out, struct http_response *res);

/* Normalise an A-number (a path segment or a parameter) into out; 400
 * naming field on failure. */
int http_person(const char *text, const char *field, char *out, struct http_response *res);

/* Answer with status and value serialised (value is released). */
void http_json(struct http_response *res, int status, json_t *value);

/* Answer with status and text, already JSON, which the response takes
 * (malloc'd, len bytes). */
void http_text(struct http_response *res, int status, char *text, size_t len);

/* Answer {"error": message, "field": field or null} with status. */
void http_error(struct http_response *res, int status, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Answer with the status of err->code (ERR_INVALID 400, ERR_DENIED 403,
 * ERR_NOTFOUND 404, ERR_CONFLICT 409, ERR_REJECTED 422, else 500) and its
 * message; the field is the first `field "NAME"` the message names. */
void http_fail(struct http_response *res, const struct error *err);

/* Whether text (len bytes) is valid UTF-8 with no NUL. */
bool http_utf8_valid(const char *text, size_t len);

#endif
