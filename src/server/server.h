/* server.h: `custody serve`: the HTTP(S) server over libmicrohttpd (a
 * thread pool on epoll) answering with the routes of api.h. */
#ifndef CUSTODY_SERVER_H
#define CUSTODY_SERVER_H

#include "app.h"

struct server;

/* HTTPS: the PEM files of the certificate chain and of its private key
 * (unencrypted), both or neither (NULL: plain HTTP). */
struct server_tls {
	const char *cert_file, *key_file;
};

/* Listen on app->cfg.listen ("ADDR:PORT"; port 0 picks a free one) and
 * answer requests on app until server_stop(), over HTTPS when tls names
 * files (tls may be NULL). *port receives the port listened on. The caller
 * keeps app open while the server runs. Fails with ERR_IO when it cannot
 * listen, a TLS file cannot be read or libmicrohttpd lacks TLS, and with
 * ERR_INVALID when a TLS file is not PEM, is over 1 MiB, or the key is not
 * the certificate's; the message names the option and the file. */
int server_start(struct app *app, const struct server_tls *tls, struct server **out, unsigned *port,
		 struct error *err);

/* Stop listening, finish the requests in flight and free the server. */
void server_stop(struct server *s);

#endif
