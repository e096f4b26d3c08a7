/* server.c: libmicrohttpd glue (server.h). Reads the body within the size
 * limit, turns the request into a struct http_request for api_dispatch()
 * and sends its struct http_response, with the security headers; HTTPS
 * through libmicrohttpd's GnuTLS. */
#include "server.h"

#include <arpa/inet.h>
#include <assert.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api.h"
#include "tls.h"

/* The memory MHD gives each connection: it bounds the request headers
 * (a request whose headers do not fit gets 431). */
#define CONNECTION_MEMORY (32 * 1024)

struct server {
	struct MHD_Daemon *daemon;
	struct app *app;
	struct tls_pem tls; /* empty without TLS */
};

/* The headers every answer carries (docs/api.md "Security headers"): the
 * dashboard's scripts and styles come from its own files only, nothing may
 * frame it, and no answer is kept by a cache (they hold people's records). */
static const struct {
	const char *name, *value;
} security_headers[] = {
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
				    "frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "no-referrer"},
	{MHD_HTTP_HEADER_CACHE_CONTROL, "no-store"},
};

/* Strict-Transport-Security, only over HTTPS: a year. */
#define HSTS "max-age=31536000"

/* The TLS versions and ciphers taken: GnuTLS's defaults from TLS 1.2 on. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

static void add_security_headers(const struct server *s, struct MHD_Response *r)
{
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(r, security_headers[i].name, security_headers[i].value);
	if (s->tls.cert)
		MHD_add_response_header(r, MHD_HTTP_HEADER_STRICT_TRANSPORT_SECURITY, HSTS);
}

/* What a request accumulates between the calls MHD makes for it. */
struct upload {
	char *body;
	size_t len, cap;
	bool too_big;
};

struct params {
	struct http_request *req;
	bool bad_utf8;
};

static enum MHD_Result add_param(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct params *p = cls;
	struct http_request *req = p->req;
	if (!http_utf8_valid(key, strlen(key)) || (value && !http_utf8_valid(value, strlen(value)))) {
		p->bad_utf8 = true;
		return MHD_NO;
	}
	if (req->n_params == HTTP_PARAMS_MAX)
		return MHD_NO;
	req->params[req->n_params++] = (struct http_param){key, value ? value : ""};
	return MHD_YES;
}

static void client_address(struct MHD_Connection *c, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(buf, size, "unknown");
	if (!info || !info->client_addr)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, (socklen_t)size);
}

static enum MHD_Result send_response(const struct server *s, struct MHD_Connection *c, struct http_response *res)
{
	struct MHD_Response *r;
	if (res->fd >= 0) {
		r = MHD_create_response_from_fd(res->fd_size, res->fd);
		if (r)
			res->fd = -1; /* the response owns it now */
	} else {
		r = MHD_create_response_from_buffer(res->len, res->body, MHD_RESPMEM_MUST_FREE);
		if (r)
			res->body = NULL; /* the response frees it */
	}
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	add_security_headers(s, r);
	if (res->status == 401)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	if (res->allow[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
	if (res->retry_after > 0) {
		char secs[16];
		snprintf(secs, sizeof secs, "%d", res->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, secs);
	}
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result answer_error(const struct server *s, struct MHD_Connection *c, int status,
				       const char *message)
{
	struct http_response res = {.fd = -1};
	http_error(&res, status, NULL, "%s", message);
	enum MHD_Result ok = send_response(s, c, &res);
	free(res.body);
	return ok;
}

/* The declared length of the body, or 0 when none is declared. */
static unsigned long long declared_length(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return v ? strtoull(v, NULL, 10) : 0;
}

/* Keep a chunk of the body, or note that the body is over the limit. */
static void take_chunk(struct upload *u, const char *data, size_t n, size_t max)
{
	if (u->too_big || n > max - u->len) {
		u->too_big = true;
		return;
	}
	if (u->len + n + 1 > u->cap) {
		size_t cap = u->cap ? u->cap : 4096;
		while (cap < u->len + n + 1)
			cap *= 2;
		char *grown = realloc(u->body, cap);
		if (!grown) {
			u->too_big = true;
			return;
		}
		u->body = grown;
		u->cap = cap;
	}
	memcpy(u->body + u->len, data, n);
	u->len += n;
	u->body[u->len] = '\0';
}

static enum MHD_Result dispatch(struct server *s, struct MHD_Connection *c, const char *url, const char *method,
				struct upload *u)
{
	if (!http_utf8_valid(url, strlen(url)))
		return answer_error(s, c, 400, "the path is not valid UTF-8");
	char client[64];
	client_address(c, client, sizeof client);
	struct http_request req = {
		.method = method,
		.path = url,
		.body = u->body ? u->body : "",
		.body_len = u->len,
		.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
		.client = client,
		.now = app_now(s->app),
	};
	struct params p = {&req, false};
	int n = MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_param, &p);
	if (p.bad_utf8)
		return answer_error(s, c, 400, "a query parameter is not valid UTF-8");
	if (n > HTTP_PARAMS_MAX)
		return answer_error(s, c, 400, "too many query parameters");
	struct http_response res = {.status = 500, .fd = -1, .content_type = "application/json"};
	api_dispatch(s->app, &req, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
		     &res);
	if (!res.body && res.fd < 0)
		http_error(&res, 500, NULL, "no answer");
	enum MHD_Result ok = send_response(s, c, &res);
	free(res.body);
	if (res.fd >= 0)
		close(res.fd);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *data, size_t *data_size, void **state)
{
	(void)version;
	struct server *s = cls;
	struct upload *u = *state;
	if (!u) {
		if (!(u = calloc(1, sizeof *u)))
			return MHD_NO;
		*state = u;
		if (declared_length(c) > s->app->cfg.max_body)
			return answer_error(s, c, 413, "the body is larger than the server takes (--max-body)");
		return MHD_YES;
	}
	if (*data_size) {
		/* past the limit the rest is read and dropped: MHD answers only once the body is in */
		take_chunk(u, data, *data_size, s->app->cfg.max_body);
		*data_size = 0;
		return MHD_YES;
	}
	if (u->too_big)
		return answer_error(s, c, 413, "the body is larger than the server takes (--max-body)");
	return dispatch(s, c, url, method, u);
}

/* MHD_OPTION_UNESCAPE_CALLBACK: decode %HH as MHD does, but leave a text
 * holding %00 as it came: a NUL would cut the path or the value short, and
 * the rest of the request would go unchecked. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	for (const char *p = s; (p = strchr(p, '%')); p++)
		if (p[1] == '0' && p[2] == '0')
			return strlen(s);
	return MHD_http_unescape(s);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode code)
{
	(void)cls, (void)c, (void)code;
	struct upload *u = *state;
	if (u) {
		free(u->body);
		free(u);
	}
	*state = NULL;
}

/* Parse "ADDR:PORT" (ADDR an IPv4 address) into sa. */
static int parse_listen(const char *text, struct sockaddr_in *sa, struct error *err)
{
	const char *colon = strrchr(text, ':');
	char addr[64];
	char *end;
	if (!colon || (size_t)(colon - text) >= sizeof addr)
		return error_set(err, ERR_INVALID, "--listen: \"%s\" is not ADDR:PORT", text);
	memcpy(addr, text, (size_t)(colon - text));
	addr[colon - text] = '\0';
	unsigned long port = strtoul(colon + 1, &end, 10);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!colon[1] || *end || port > 65535 || inet_pton(AF_INET, addr, &sa->sin_addr) != 1)
		return error_set(err, ERR_INVALID, "--listen: \"%s\" is not ADDR:PORT (an IPv4 address, a port)", text);
	return 0;
}

/* Load the files of tls into s (nothing when tls names none). */
static int load_tls(struct server *s, const struct server_tls *tls, struct error *err)
{
	if (!tls || !tls->cert_file)
		return 0;
	assert(tls->key_file); /* both or neither */
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return error_set(err, ERR_IO, "--tls-cert: this libmicrohttpd is built without TLS (GnuTLS)");
	return tls_pem_load(tls->cert_file, tls->key_file, &s->tls, err);
}

static void free_server(struct server *s)
{
	tls_pem_free(&s->tls);
	free(s);
}

int server_start(struct app *app, const struct server_tls *tls, struct server **out, unsigned *port,
		 struct error *err)
{
	struct sockaddr_in sa;
	int rc = parse_listen(app->cfg.listen, &sa, err);
	if (rc)
		return rc;
	struct server *s = calloc(1, sizeof *s);
	if (!s)
		return error_set(err, ERR_NOMEM, "out of memory");
	s->app = app;
	if ((rc = load_tls(s, tls, err))) {
		free_server(s);
		return rc;
	}
	struct MHD_OptionItem tls_options[] = {
		{MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls.cert},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls.key},
		{MHD_OPTION_HTTPS_PRIORITIES, 0, TLS_PRIORITIES},
		{MHD_OPTION_END, 0, NULL},
	};
	s->daemon = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG |
			(s->tls.cert ? MHD_USE_TLS : 0),
		0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_CONNECTION_LIMIT, app->cfg.max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
		app->cfg.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024U, MHD_OPTION_ARRAY, s->tls.cert ? tls_options : tls_options + 3,
		MHD_OPTION_END);
	if (!s->daemon) {
		free_server(s);
		return error_set(err, ERR_IO, "cannot listen on %s (in use, or not an address of this machine?)",
				 app->cfg.listen);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : ntohs(sa.sin_port);
	*out = s;
	return 0;
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	free_server(s);
}
