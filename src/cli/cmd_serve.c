/* custody serve: the HTTP API, the locator and the dashboard (docs/api.md). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commands.h"
#include "server.h"

#ifndef CUSTODY_WEB_DIR
#define CUSTODY_WEB_DIR "web"
#endif

struct serve_options {
	const char *listen, *web, *threads, *max_body, *max_connections, *timeout, *locate_rate, *signin_rate,
		*snapshot_age, *tls_cert, *tls_key;
};

/* Fill cfg from the options, checking every number; rules_file (4096
 * bytes) receives the rules file's path. */
static int configure(const struct cli *cli, const struct serve_options *o, struct app_config *cfg, char *rules_file)
{
	long threads = 4, max_body = 16L << 20, max_connections = 1024, timeout = 10, rate = 30, signins = 60, age = 10;
	int rc;
	if ((rc = cli_number("serve", "--threads", o->threads, 1, 64, &threads)) ||
	    (rc = cli_number("serve", "--max-body", o->max_body, 1024, 1L << 30, &max_body)) ||
	    (rc = cli_number("serve", "--max-connections", o->max_connections, 4, 65536, &max_connections)) ||
	    (rc = cli_number("serve", "--timeout", o->timeout, 1, 3600, &timeout)) ||
	    (rc = cli_number("serve", "--locate-rate", o->locate_rate, 1, 1000000, &rate)) ||
	    (rc = cli_number("serve", "--signin-rate", o->signin_rate, 1, 1000000, &signins)) ||
	    (rc = cli_number("serve", "--snapshot-age", o->snapshot_age, 0, 86400, &age)))
		return rc;
	*cfg = (struct app_config){
		.db_path = cli->db_path,
		.listen = o->listen ? o->listen : "127.0.0.1:8080",
		.web_root = o->web ? o->web : getenv("CUSTODY_WEB") ? getenv("CUSTODY_WEB") : CUSTODY_WEB_DIR,
		.threads = (unsigned)threads,
		.max_connections = (unsigned)max_connections,
		.timeout_s = (unsigned)timeout,
		.max_body = (size_t)max_body,
		.locate_per_minute = (double)rate,
		.signin_per_minute = (double)signins,
		.snapshot_age_s = (unsigned)age,
		.fixed_now = getenv("CUSTODY_NOW") ? cli->now : TS_NONE,
		.rules_file = rules_file,
	};
	if (cli->rules_path)
		snprintf(rules_file, 4096, "%s", cli->rules_path);
	else
		rules_path_beside(cli->db_path, rules_file, 4096);
	return 0;
}

/* Block SIGINT and SIGTERM in every thread, then wait for one. */
static void block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	struct serve_options o = {0};
	const struct cli_option opts[] = {
		{"listen", NULL, &o.listen, 0},
		{"web", NULL, &o.web, 0},
		{"threads", NULL, &o.threads, 0},
		{"max-body", NULL, &o.max_body, 0},
		{"max-connections", NULL, &o.max_connections, 0},
		{"timeout", NULL, &o.timeout, 0},
		{"locate-rate", NULL, &o.locate_rate, 0},
		{"signin-rate", NULL, &o.signin_rate, 0},
		{"snapshot-age", NULL, &o.snapshot_age, 0},
		{"tls-cert", NULL, &o.tls_cert, 0},
		{"tls-key", NULL, &o.tls_key, 0},
		{NULL, NULL, NULL, 0},
	};
	int npos;
	struct app_config cfg;
	struct rules rules;
	char rules_file[4096];
	int rc = cli_parse("serve", argc, argv, opts, NULL, 0, &npos);
	if (!rc && !o.tls_cert != !o.tls_key)
		rc = cli_usage_error("serve", "%s", "--tls-cert and --tls-key go together (both or neither)");
	if (rc || (rc = configure(cli, &o, &cfg, rules_file)) || (rc = cli_rules(cli, &rules)))
		return cli_done(rc);
	const struct server_tls tls = {o.tls_cert, o.tls_key};
	struct error err;
	struct app app;
	if (auth_init(&err) || app_open(&app, &cfg, &rules, &err))
		return cli_fail(&err);
	sigset_t set;
	block_signals(&set); /* before the server's threads start: they inherit the mask */
	struct server *server;
	unsigned port;
	if (server_start(&app, &tls, &server, &port, &err)) {
		app_close(&app);
		return cli_fail(&err);
	}
	char host[64];
	snprintf(host, sizeof host, "%.*s", (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen);
	const char *scheme = o.tls_cert ? "https" : "http";
	printf("listening on %s://%s:%u (dashboard: %s://%s:%u/, ledger %s; Ctrl-C stops)\n", scheme, host, port, scheme,
	       host, port, cfg.db_path);
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	server_stop(server);
	app_close(&app);
	fprintf(stderr, "custody serve: stopped (%s)\n", sig == SIGINT ? "interrupt" : "terminate");
	return EXIT_OK;
}
