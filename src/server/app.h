/* app.h: what `custody serve` keeps while it runs, shared by the handlers.
 *
 * One ledger handle for writing (events, users, the access log), used
 * under app.lock by one thread at a time; a pool of --threads read handles,
 * so that a read waits for no write (SQLite's WAL lets readers run beside
 * the writer) and at most --threads reads run at once; a small pool of its
 * own for the short reads that must never wait behind a long one (the
 * public locator, the users' reload); a handle
 * for the statistics snapshot, built without holding app.lock; the users
 * and their verified tokens; cached answers; the rate limits. */
#ifndef CUSTODY_APP_H
#define CUSTODY_APP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "auditq.h"
#include "auth.h"
#include "http.h"
#include "ledger.h"
#include "ratelimit.h"
#include "snapshot.h"

struct app_config {
	const char *db_path;
	const char *listen;	/* ADDR:PORT */
	const char *web_root;	/* the dashboard's files */
	const char *rules_file; /* where PUT /api/rules writes the rules (--rules, else rules.ini beside the ledger) */
	unsigned threads, max_connections, timeout_s;
	size_t max_body;
	double locate_per_minute;
	double signin_per_minute; /* argon2id verifications of tokens not seen yet, per address */
	unsigned snapshot_age_s;
	ts_t fixed_now; /* TS_NONE: the system clock */
};

/* An answer kept between requests while generation is the app's: beds
 * that move make it missing; after a second it is stale and is computed
 * anew by one request while the others still take it. */
struct app_cache {
	char *body;
	size_t len;
	uint64_t generation;
	double computed_at; /* monotonic seconds */
	atomic_bool refreshing; /* a caller is computing it anew; the others take the copy */
};

/* The statistics snapshot in use. Its views run one at a time under lock
 * (they may set TZ for a time zone); the snapshot has a ledger handle of
 * its own, opened when it was taken, for what it reads beside it. */
struct app_stats {
	pthread_mutex_t lock;
	struct ledger *ledger;
	struct stats_snapshot *snapshot; /* malloc'd (it points into itself: never copied); NULL before the first */
	int64_t seq;	  /* the ledger's last seq when taken */
	double loaded_at; /* monotonic seconds */
};

/* The read handles: each taken by one request at a time. */
struct app_readers {
	pthread_mutex_t lock; /* guards what follows */
	pthread_cond_t returned;
	struct ledger **all, **idle;
	size_t n, n_idle;
	struct rules rules; /* in force: given to a handle each time it is taken */
};

struct app {
	struct app_config cfg;
	pthread_mutex_t lock; /* guards ledger */
	struct ledger *ledger; /* the writer */
	struct app_readers readers; /* --threads handles for the requests' reads */
	struct app_readers quick;   /* APP_QUICK_READERS handles for the locator and the users' reload */
	struct auditq *locator_log; /* the access-log rows of locator hits, written by a thread of their own */
	struct auth *auth;
	struct ratelimit *locate_limit, *signin_limit;
	atomic_uint_fast64_t generation; /* bumped by every write that moves a bed */
	pthread_mutex_t cache_lock; /* guards the caches */
	struct app_cache occupancy, facilities;
	struct app_stats stats;
	atomic_llong checked_ms; /* when the users were last reloaded (monotonic milliseconds) */
};

/* Open the ledger, load the rules and the users, and prepare the caches.
 * On failure everything opened is closed again. */
int app_open(struct app *app, const struct app_config *cfg, const struct rules *rules, struct error *err);
void app_close(struct app *app);

/* Seconds of the monotonic clock: for ages, rates and timeouts. */
double app_monotonic(void);

/* The server's clock: cfg.fixed_now, or the system clock. */
ts_t app_now(const struct app *app);

/* Take and release app->lock, the writer's. */
void app_lock(struct app *app);
void app_unlock(struct app *app);

/* Reload the users from the ledger file when a second has passed since
 * the last time, whatever else changed or not: a token removed or
 * replaced, from this server or the command line, stops working within a
 * second. */
void app_look(struct app *app);

/* The handles of the quick pool: locator searches take about a
 * millisecond, so two serve them whatever runs on the others. */
#define APP_QUICK_READERS 2

/* Take a read handle of pool (&app->readers, or &app->quick for a short
 * read that must not wait behind long ones), waiting while every one of it
 * is in use; current with what was committed, with the rules in force and
 * the server's clock. Give it back with app_read_end(). */
struct ledger *app_read_begin(struct app *app, struct app_readers *pool);
void app_read_end(struct app_readers *pool, struct ledger *l);

/* Put rules in force for the writer and for every read from now on.
 * Under app->lock. */
void app_set_rules(struct app *app, const struct rules *rules);

/* Append to the access log (on the writer, one transaction): user read
 * the n people through what, asking about the instant asked_at. */
int app_audit(struct app *app, const char *user, const char *const *people, size_t n, const char *what,
	      ts_t asked_at, struct error *err);

/* A view: writes its JSON answer to out, or fails with err. */
typedef int (*app_view_fn)(FILE *out, struct ledger *l, void *ctx, struct error *err);

/* Answer req with view (run on a read handle): 200 with what it wrote, or
 * the status of its error. */
void app_answer(struct app *app, struct http_response *res, app_view_fn view, void *ctx);

/* What an answer about people writes to the access log. */
struct app_read {
	const char *user, *what; /* who asked, through which endpoint */
	ts_t asked_at;		 /* the instant asked about */
	const char *person;	 /* the one person read; NULL: each "person" of the answer's elements */
};

/* app_answer(), and then, before answering, a row of the access log for
 * each person the answer names (read->person, or the distinct "person"
 * members of the elements of the answer's array). When the log cannot be
 * written the answer is withheld (500). */
void app_answer_audited(struct app *app, struct http_response *res, app_view_fn view, void *ctx,
			const struct app_read *read);

/* Answer with view through cache: a copy of the cached answer while it is
 * current, else view's answer, kept for the next requests. */
void app_answer_cached(struct app *app, struct app_cache *cache, struct http_response *res, app_view_fn view,
		       void *ctx);

/* A statistics view over the snapshot. */
typedef int (*app_stats_fn)(FILE *out, const struct stats_snapshot *s, struct ledger *l, void *ctx,
			    struct error *err);

/* Answer with view over the current snapshot, taking a new one first when
 * events landed since and the one in memory is older than
 * cfg.snapshot_age_s. */
void app_answer_stats(struct app *app, struct http_response *res, app_stats_fn view, void *ctx);

/* Note a write that moved beds (book-in, transfer, book-out, facility
 * events, voids): cached occupancy is then recomputed. */
void app_beds_changed(struct app *app);

#endif
