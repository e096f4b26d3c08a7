/* http.c: request parameters and JSON responses (http.h). */
#include "http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "vocab.h"

const char *http_param(const struct http_request *req, const char *key)
{
	for (size_t i = 0; i < req->n_params; i++)
		if (strcmp(req->params[i].key, key) == 0)
			return req->params[i].value;
	return NULL;
}

static bool listed(const char *const *allowed, const char *key)
{
	for (; *allowed; allowed++)
		if (strcmp(*allowed, key) == 0)
			return true;
	return false;
}

int http_check_params(const struct http_request *req, const char *const *allowed, struct http_response *res)
{
	for (size_t i = 0; i < req->n_params; i++) {
		const char *key = req->params[i].key;
		if (!listed(allowed, key)) {
			http_error(res, 400, key, "unknown parameter \"%.*s\"", error_cut(key, 64), key);
			return ERR_INVALID;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(req->params[j].key, key) == 0) {
				http_error(res, 400, key, "parameter \"%s\" given twice", key);
				return ERR_INVALID;
			}
	}
	return 0;
}

int http_param_time(const struct http_request *req, const char *key, ts_t *out, struct http_response *res)
{
	const char *text = http_param(req, key);
	struct error err;
	if (!text)
		return 0;
	if (bound_parse_time(text, out, &err) == 0)
		return 0;
	http_error(res, 400, key, "parameter \"%s\": %s", key, err.msg);
	return ERR_INVALID;
}

int http_param_word(const struct http_request *req, const char *key, const struct vocab *v, int *out,
		    struct http_response *res)
{
	const char *text = http_param(req, key);
	*out = text ? vocab_find(v, text) : UNSET;
	if (!text || *out != UNSET)
		return 0;
	char words[512];
	http_error(res, 400, key, "parameter \"%s\": \"%.*s\" is not one of %s", key, error_cut(text, 64), text,
		   vocab_list(v, words, sizeof words));
	return ERR_INVALID;
}

int http_param_number(const struct http_request *req, const char *key, long min, long max, long *out,
		      struct http_response *res)
{
	const char *text = http_param(req, key);
	if (!text)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(text, &end, 10);
	if (*text && !*end && !errno && n >= min && n <= max) {
		*out = n;
		return 0;
	}
	http_error(res, 400, key, "parameter \"%s\": \"%.*s\" is not a whole number from %ld to %ld", key,
		   error_cut(text, 64), text, min, max);
	return ERR_INVALID;
}

int http_param_flag(const struct http_request *req, const char *key, bool *out, struct http_response *res)
{
	const char *text = http_param(req, key);
	if (!text)
		return 0;
	if (strcmp(text, "1") == 0 || strcmp(text, "true") == 0 || strcmp(text, "") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(text, "0") == 0 || strcmp(text, "false") == 0) {
		*out = false;
		return 0;
	}
	http_error(res, 400, key, "parameter \"%s\": \"%.*s\" is not 1 or 0", key, error_cut(text, 64), text);
	return ERR_INVALID;
}

int http_person(const char *text, const char *field, char *out, struct http_response *res)
{
	struct error err;
	if (anumber_normalize(text, out, &err) == 0)
		return 0;
	http_error(res, 400, field, "%s", err.msg);
	return ERR_INVALID;
}

void http_text(struct http_response *res, int status, char *text, size_t len)
{
	free(res->body);
	res->status = status;
	res->body = text;
	res->len = len;
	res->content_type = "application/json";
}

static void out_of_memory(struct http_response *res)
{
	static const char msg[] = "{\"error\": \"out of memory\", \"field\": null}";
	char *copy = strdup(msg);
	http_text(res, 500, copy, copy ? sizeof msg - 1 : 0);
}

void http_json(struct http_response *res, int status, json_t *value)
{
	char *text = value ? json_dumps(value, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(value);
	if (!text) {
		out_of_memory(res);
		return;
	}
	size_t len = strlen(text);
	char *line = realloc(text, len + 2);
	if (!line) {
		free(text);
		out_of_memory(res);
		return;
	}
	line[len] = '\n';
	line[len + 1] = '\0';
	http_text(res, status, line, len + 1);
}

void http_error(struct http_response *res, int status, const char *field, const char *fmt, ...)
{
	char msg[ERROR_MSG_MAX + 1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	msg[error_cut(msg, ERROR_MSG_MAX - 1)] = '\0'; /* a message cut short ends on a whole character */
	json_t *o = json_object();
	/* json_string() refuses invalid UTF-8, which a message quoting raw input may hold */
	json_t *text = json_string(msg);
	if (!text)
		text = json_string("the request is not valid UTF-8");
	json_object_set_new(o, "error", text);
	json_object_set_new(o, "field", field && http_utf8_valid(field, strlen(field)) ? json_string(field)
										      : json_null());
	http_json(res, status, o);
}

static int status_of(int code)
{
	switch (code) {
	case ERR_INVALID:
		return 400;
	case ERR_DENIED:
		return 403;
	case ERR_NOTFOUND:
		return 404;
	case ERR_CONFLICT:
	case ERR_EXISTS:
		return 409;
	case ERR_REJECTED:
		return 422;
	default:
		return 500;
	}
}

/* The NAME of the first `field "NAME"` in msg into field (empty if none). */
static void field_of(const char *msg, char *field, size_t size)
{
	field[0] = '\0';
	const char *p = strstr(msg, "field \"");
	if (!p)
		return;
	p += strlen("field \"");
	size_t n = strcspn(p, "\"");
	if (p[n] == '"' && n < size) {
		memcpy(field, p, n);
		field[n] = '\0';
	}
}

void http_fail(struct http_response *res, const struct error *err)
{
	char field[64];
	field_of(err->msg, field, sizeof field);
	http_error(res, status_of(err->code), field[0] ? field : NULL, "%s", err->msg);
}

/* The length of the UTF-8 sequence starting at s (at most n bytes), or 0
 * when it is not a valid, shortest-form encoding of a scalar value. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0 || len > n || c == 0)
		return 0;
	unsigned long cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	static const unsigned long least[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

bool http_utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence(s + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}
