/* server.h: `custody serve`: the HTTP server over libmicrohttpd (a thread
 * pool on epoll) answering with the routes of api.h. */
#ifndef CUSTODY_SERVER_H
#define CUSTODY_SERVER_H

#include "app.h"

struct server;

/* Listen on app->cfg.listen ("ADDR:PORT"; port 0 picks a free one) and
 * answer requests on app until server_stop(). *port receives the port
 * listened on. The caller keeps app open while the server runs. */
int server_start(struct app *app, struct server **out, unsigned *port, struct error *err);

/* Stop listening, finish the requests in flight and free the server. */
void server_stop(struct server *s);

#endif
