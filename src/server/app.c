/* app.c: the server's shared state (app.h). */
#include "app.h"

#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "users.h"
#include "views.h"

/* How long a cached answer or a look at the ledger file stays fresh. */
#define FRESH_SECONDS 1.0

double app_monotonic(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

ts_t app_now(const struct app *app)
{
	return app->cfg.fixed_now != TS_NONE ? app->cfg.fixed_now : (ts_t)time(NULL);
}

/* Open the n handles of pool r, each only reading. */
static int readers_open(struct app *app, struct app_readers *r, size_t n, const struct rules *rules,
			struct error *err)
{
	assert(n > 0);
	r->rules = *rules;
	if (!(r->all = calloc(n, sizeof *r->all)) || !(r->idle = calloc(n, sizeof *r->idle)))
		return error_set(err, ERR_NOMEM, "out of memory");
	while (r->n < n) {
		struct ledger *l;
		int rc = ledger_open(app->cfg.db_path, STORE_OPEN, app_now(app), &l, err);
		if (rc)
			return rc;
		r->all[r->n++] = l; /* closed with the others from now on */
		if ((rc = store_read_only(ledger_store(l), err)))
			return rc;
		r->idle[r->n_idle++] = l;
	}
	return 0;
}

static void readers_init(struct app_readers *r)
{
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->returned, NULL);
}

/* Close the handles of pool r and what readers_init() made. */
static void readers_close(struct app_readers *r)
{
	for (size_t i = 0; i < r->n; i++)
		ledger_close(r->all[i]);
	free(r->all);
	free(r->idle);
	r->all = r->idle = NULL;
	r->n = r->n_idle = 0;
	pthread_cond_destroy(&r->returned);
	pthread_mutex_destroy(&r->lock);
}

int app_open(struct app *app, const struct app_config *cfg, const struct rules *rules, struct error *err)
{
	memset(app, 0, sizeof *app);
	app->cfg = *cfg;
	pthread_mutex_init(&app->lock, NULL);
	pthread_mutex_init(&app->cache_lock, NULL);
	pthread_mutex_init(&app->stats.lock, NULL);
	readers_init(&app->readers);
	readers_init(&app->quick);
	atomic_init(&app->generation, 1);
	atomic_init(&app->checked_ms, (long long)(app_monotonic() * 1000));
	int rc = ledger_open(cfg->db_path, STORE_OPEN, app_now(app), &app->ledger, err);
	if (rc == 0) {
		ledger_set_rules(app->ledger, rules);
		rc = readers_open(app, &app->readers, cfg->threads ? cfg->threads : 1, rules, err);
	}
	if (rc == 0)
		rc = readers_open(app, &app->quick, APP_QUICK_READERS, rules, err);
	if (rc == 0)
		rc = auditq_start(app, &app->locator_log, err);
	if (rc == 0)
		rc = auth_new(&app->auth, err);
	if (rc == 0)
		rc = auth_load(app->auth, ledger_store(app->ledger), err);
	if (rc == 0)
		rc = ratelimit_new(cfg->locate_per_minute, &app->locate_limit, err);
	if (rc == 0)
		rc = ratelimit_new(cfg->signin_per_minute, &app->signin_limit, err);
	if (rc)
		app_close(app);
	return rc;
}

static void snapshot_free(struct stats_snapshot *snap)
{
	if (snap)
		stats_snapshot_free(snap);
	free(snap);
}

static void stats_drop(struct app_stats *s)
{
	snapshot_free(s->snapshot);
	ledger_close(s->ledger);
	s->snapshot = NULL;
	s->ledger = NULL;
}

void app_close(struct app *app)
{
	stats_drop(&app->stats);
	free(app->occupancy.body);
	free(app->facilities.body);
	ratelimit_free(app->locate_limit);
	ratelimit_free(app->signin_limit);
	auth_free(app->auth);
	auditq_stop(app->locator_log); /* writes what it holds through the writer, before it closes */
	app->locator_log = NULL;
	readers_close(&app->readers);
	readers_close(&app->quick);
	ledger_close(app->ledger);
	pthread_mutex_destroy(&app->stats.lock);
	pthread_mutex_destroy(&app->cache_lock);
	pthread_mutex_destroy(&app->lock);
	app->ledger = NULL;
	app->auth = NULL;
	app->locate_limit = app->signin_limit = NULL;
}

void app_beds_changed(struct app *app)
{
	atomic_fetch_add(&app->generation, 1);
}

/* Whether it is this caller's turn to reload the users: at most once a
 * second, and one caller of those who come at once. */
static bool look_due(struct app *app)
{
	long long seen = atomic_load(&app->checked_ms);
	long long now = (long long)(app_monotonic() * 1000);
	return now - seen >= 1000 && atomic_compare_exchange_strong(&app->checked_ms, &seen, now);
}

void app_lock(struct app *app)
{
	pthread_mutex_lock(&app->lock);
	ledger_set_now(app->ledger, app_now(app));
}

void app_unlock(struct app *app)
{
	pthread_mutex_unlock(&app->lock);
}

struct ledger *app_read_begin(struct app *app, struct app_readers *r)
{
	pthread_mutex_lock(&r->lock);
	while (r->n_idle == 0)
		pthread_cond_wait(&r->returned, &r->lock);
	struct ledger *l = r->idle[--r->n_idle];
	ledger_set_rules(l, &r->rules);
	pthread_mutex_unlock(&r->lock);
	ledger_set_now(l, app_now(app));
	bool changed;
	struct error err;
	if (ledger_refresh(l, &changed, &err))
		fprintf(stderr, "custody serve: reading what was written since: %s\n", err.msg);
	return l;
}

void app_read_end(struct app_readers *r, struct ledger *l)
{
	pthread_mutex_lock(&r->lock);
	assert(r->n_idle < r->n);
	r->idle[r->n_idle++] = l;
	pthread_cond_signal(&r->returned);
	pthread_mutex_unlock(&r->lock);
}

/* Put rules in force for the handles of pool r taken from now on. */
static void readers_set_rules(struct app_readers *r, const struct rules *rules)
{
	pthread_mutex_lock(&r->lock);
	r->rules = *rules;
	pthread_mutex_unlock(&r->lock);
}

void app_set_rules(struct app *app, const struct rules *rules)
{
	ledger_set_rules(app->ledger, rules);
	readers_set_rules(&app->readers, rules);
	readers_set_rules(&app->quick, rules);
}

void app_look(struct app *app)
{
	if (!look_due(app))
		return;
	struct error err;
	struct ledger *l = app_read_begin(app, &app->quick);
	if (auth_load(app->auth, ledger_store(l), &err))
		fprintf(stderr, "custody serve: reloading the users: %s\n", err.msg);
	app_read_end(&app->quick, l);
}

int app_audit(struct app *app, const char *user, const char *const *people, size_t n, const char *what,
	      ts_t asked_at, struct error *err)
{
	if (n == 0)
		return 0;
	app_lock(app);
	int rc = store_access_add(ledger_store(app->ledger), app_now(app), user, people, n, what, asked_at, err);
	app_unlock(app);
	return rc;
}

/* Run view into a memory stream; fills *text and *len on success. */
static int capture(app_view_fn view, struct ledger *l, void *ctx, char **text, size_t *len, struct error *err)
{
	*text = NULL;
	*len = 0;
	FILE *out = open_memstream(text, len);
	if (!out)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = view(out, l, ctx, err);
	if (fclose(out) && rc == 0)
		rc = error_set(err, ERR_NOMEM, "out of memory");
	if (rc) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

static void respond(struct http_response *res, int rc, char *text, size_t len, const struct error *err)
{
	if (rc)
		http_fail(res, err);
	else
		http_text(res, 200, text, len);
}

/* capture() on a read handle taken for the call. */
static int capture_read(struct app *app, app_view_fn view, void *ctx, char **text, size_t *len, struct error *err)
{
	struct ledger *l = app_read_begin(app, &app->readers);
	int rc = capture(view, l, ctx, text, len, err);
	app_read_end(&app->readers, l);
	return rc;
}

void app_answer(struct app *app, struct http_response *res, app_view_fn view, void *ctx)
{
	char *text;
	size_t len;
	struct error err;
	int rc = capture_read(app, view, ctx, &text, &len, &err);
	respond(res, rc, text, len, &err);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct "person" members of the elements of the array answer into
 * *people (n; malloc'd, pointing into answer). */
static int people_of(const json_t *answer, const char ***people, size_t *n, struct error *err)
{
	size_t size = json_array_size(answer), k = 0;
	*n = 0;
	if (!(*people = malloc((size ? size : 1) * sizeof **people)))
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < size; i++) {
		const char *p = json_string_value(json_object_get(json_array_get(answer, i), "person"));
		if (p)
			(*people)[k++] = p;
	}
	qsort(*people, k, sizeof **people, by_text);
	for (size_t i = 0; i < k; i++)
		if (*n == 0 || strcmp((*people)[*n - 1], (*people)[i]) != 0)
			(*people)[(*n)++] = (*people)[i];
	return 0;
}

/* Write to the access log the people an answer (text, len) names. */
static int audit_answer(struct app *app, const struct app_read *read, const char *text, size_t len,
			struct error *err)
{
	if (read->person)
		return app_audit(app, read->user, &read->person, 1, read->what, read->asked_at, err);
	json_error_t parsed;
	json_t *answer = json_loadb(text, len, 0, &parsed);
	if (!answer)
		return error_set(err, ERR_IO, "reading the answer for the access log: %s", parsed.text);
	const char **people;
	size_t n;
	int rc = people_of(answer, &people, &n, err);
	if (rc == 0)
		rc = app_audit(app, read->user, people, n, read->what, read->asked_at, err);
	free(people);
	json_decref(answer);
	return rc;
}

void app_answer_audited(struct app *app, struct http_response *res, app_view_fn view, void *ctx,
			const struct app_read *read)
{
	char *text;
	size_t len;
	struct error err;
	int rc = capture_read(app, view, ctx, &text, &len, &err);
	if (rc == 0 && (rc = audit_answer(app, read, text, len, &err))) {
		free(text);
		text = NULL;
	}
	respond(res, rc, text, len, &err);
}

enum cache_state {
	CACHE_MISSING, /* nothing kept, or kept before beds moved: compute */
	CACHE_STALE,   /* more than a second old: one caller computes, the others take the copy */
	CACHE_FRESH
};

/* Under app->cache_lock: the state of c, and a copy of its answer in
 * *text when it is not missing (NULL when out of memory). */
static enum cache_state cache_lookup(struct app *app, const struct app_cache *c, char **text, size_t *len)
{
	*text = NULL;
	if (!c->body || c->generation != atomic_load(&app->generation))
		return CACHE_MISSING;
	if ((*text = malloc(c->len + 1))) {
		memcpy(*text, c->body, c->len + 1);
		*len = c->len;
	}
	return app_monotonic() - c->computed_at < FRESH_SECONDS ? CACHE_FRESH : CACHE_STALE;
}

/* Under app->cache_lock: keep a copy of text as the cached answer. */
static void cache_store(struct app_cache *c, uint64_t generation, double at, const char *text, size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return;
	memcpy(copy, text, len + 1);
	free(c->body);
	c->body = copy;
	c->len = len;
	c->generation = generation;
	c->computed_at = at;
}

static enum cache_state cache_get(struct app *app, struct app_cache *c, char **text, size_t *len)
{
	pthread_mutex_lock(&app->cache_lock);
	enum cache_state state = cache_lookup(app, c, text, len);
	pthread_mutex_unlock(&app->cache_lock);
	return state;
}

/* Compute the answer afresh on a read handle, unless another caller did
 * meanwhile, and keep it. */
static int cache_fill(struct app *app, struct app_cache *c, app_view_fn view, void *ctx, char **text, size_t *len,
		      struct error *err)
{
	if (cache_get(app, c, text, len) == CACHE_FRESH && *text)
		return 0;
	free(*text);
	uint64_t generation = atomic_load(&app->generation);
	double at = app_monotonic();
	int rc = capture_read(app, view, ctx, text, len, err);
	if (rc == 0) {
		pthread_mutex_lock(&app->cache_lock);
		cache_store(c, generation, at, *text, *len);
		pthread_mutex_unlock(&app->cache_lock);
	}
	return rc;
}

void app_answer_cached(struct app *app, struct app_cache *cache, struct http_response *res, app_view_fn view,
		       void *ctx)
{
	char *text;
	size_t len = 0;
	enum cache_state state = cache_get(app, cache, &text, &len);
	bool mine = state == CACHE_STALE && text && !atomic_exchange(&cache->refreshing, true);
	if (text && state != CACHE_MISSING && !mine) {
		http_text(res, 200, text, len);
		return;
	}
	free(text);
	struct error err;
	int rc = cache_fill(app, cache, view, ctx, &text, &len, &err);
	if (mine)
		atomic_store(&cache->refreshing, false);
	respond(res, rc, text, len, &err);
}

/* Under stats.lock: take a new snapshot when the one in memory is missing,
 * or behind the ledger and older than cfg.snapshot_age_s. */
static int stats_refresh(struct app *app, struct error *err)
{
	struct app_stats *s = &app->stats;
	double now = app_monotonic();
	int64_t seq = 0;
	if (s->snapshot && now - s->loaded_at < app->cfg.snapshot_age_s)
		return 0;
	if (s->snapshot && store_max_seq(ledger_store(s->ledger), &seq, err) == 0 && seq == s->seq)
		return 0;
	struct ledger *l;
	int rc = ledger_open(app->cfg.db_path, STORE_OPEN, app_now(app), &l, err);
	if (rc)
		return rc;
	struct stats_snapshot *snap = NULL; /* statistics do not depend on the rules: the handle has the defaults */
	if ((rc = store_max_seq(ledger_store(l), &seq, err)) == 0 && !(snap = malloc(sizeof *snap)))
		rc = error_set(err, ERR_NOMEM, "out of memory");
	else if (rc == 0 && (rc = view_load_snapshot(l, snap, err)))
		snapshot_free(snap); /* with what a partial load holds */
	if (rc) {
		ledger_close(l);
		return rc;
	}
	stats_drop(s);
	s->snapshot = snap;
	s->ledger = l;
	s->seq = seq;
	s->loaded_at = now;
	return 0;
}

struct stats_call {
	struct app *app;
	app_stats_fn view;
	void *ctx;
};

static int stats_view(FILE *out, struct ledger *l, void *ctx, struct error *err)
{
	struct stats_call *call = ctx;
	return call->view(out, call->app->stats.snapshot, l, call->ctx, err);
}

void app_answer_stats(struct app *app, struct http_response *res, app_stats_fn view, void *ctx)
{
	char *text = NULL;
	size_t len = 0;
	struct error err;
	struct stats_call call = {app, view, ctx};
	pthread_mutex_lock(&app->stats.lock);
	int rc = stats_refresh(app, &err);
	if (rc == 0)
		rc = capture(stats_view, app->stats.ledger, &call, &text, &len, &err);
	pthread_mutex_unlock(&app->stats.lock);
	respond(res, rc, text, len, &err);
}
