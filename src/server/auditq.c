/* auditq.c: access-log rows written by a thread of their own (auditq.h). */
#include "auditq.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "array.h"
#include "users.h"

/* The rows of one read: what store_access_add() takes, owned. */
struct entry {
	char *user, *what;
	char **people;
	size_t n;
	ts_t at, asked_at;
};

struct auditq {
	struct app *app;
	pthread_mutex_t lock; /* guards what follows */
	pthread_cond_t wake;
	struct entry *items;
	size_t n, cap;
	bool stop;
	pthread_t thread;
};

static void entry_free(struct entry *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->people[i]);
	free(e->people);
	free(e->user);
	free(e->what);
}

/* Write the n entries in one transaction of the writer's, under its lock.
 * A failure is reported on standard error: the server goes on. */
static void write_batch(struct app *app, const struct entry *items, size_t n)
{
	struct error err;
	app_lock(app);
	struct store *s = ledger_store(app->ledger);
	int rc = store_begin(s, &err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = store_access_add(s, items[i].at, items[i].user, (const char *const *)items[i].people, items[i].n,
				      items[i].what, items[i].asked_at, &err);
	if (rc == 0)
		rc = store_commit(s, &err);
	else
		store_rollback(s);
	app_unlock(app);
	if (rc)
		fprintf(stderr, "custody serve: writing %zu locator reads to the access log: %s\n", n, err.msg);
}

static void *run(void *arg)
{
	struct auditq *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->n == 0 && !q->stop)
			pthread_cond_wait(&q->wake, &q->lock);
		if (q->n == 0)
			break; /* stopped, and nothing is left */
		struct entry *batch = q->items;
		size_t n = q->n;
		q->items = NULL;
		q->n = q->cap = 0;
		pthread_mutex_unlock(&q->lock);
		write_batch(q->app, batch, n);
		for (size_t i = 0; i < n; i++)
			entry_free(&batch[i]);
		free(batch);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int auditq_start(struct app *app, struct auditq **out, struct error *err)
{
	struct auditq *q = calloc(1, sizeof *q);
	if (!q)
		return error_set(err, ERR_NOMEM, "out of memory");
	q->app = app;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->wake, NULL);
	if (pthread_create(&q->thread, NULL, run, q)) {
		pthread_cond_destroy(&q->wake);
		pthread_mutex_destroy(&q->lock);
		free(q);
		return error_set(err, ERR_IO, "cannot start the access log's thread");
	}
	*out = q;
	return 0;
}

/* e filled with copies of the arguments; ERR_NOMEM (e freed) if not. */
static int entry_copy(struct entry *e, const char *user, const char *const *people, size_t n, const char *what,
		      ts_t at, ts_t asked_at, struct error *err)
{
	*e = (struct entry){.user = strdup(user), .what = strdup(what), .people = calloc(n, sizeof *e->people),
			    .at = at, .asked_at = asked_at};
	bool ok = e->user && e->what && e->people;
	for (; ok && e->n < n; e->n++)
		ok = (e->people[e->n] = strdup(people[e->n])) != NULL;
	if (ok)
		return 0;
	entry_free(e);
	return error_set(err, ERR_NOMEM, "out of memory");
}

int auditq_add(struct auditq *q, const char *user, const char *const *people, size_t n, const char *what, ts_t at,
	       ts_t asked_at, struct error *err)
{
	if (n == 0)
		return 0;
	struct entry e;
	int rc = entry_copy(&e, user, people, n, what, at, asked_at, err);
	if (rc)
		return rc;
	pthread_mutex_lock(&q->lock);
	assert(!q->stop);
	rc = array_grow((void **)&q->items, &q->cap, q->n, sizeof *q->items, err);
	if (rc == 0) {
		q->items[q->n++] = e;
		pthread_cond_signal(&q->wake);
	}
	pthread_mutex_unlock(&q->lock);
	if (rc)
		entry_free(&e);
	return rc;
}

void auditq_stop(struct auditq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	assert(q->n == 0);
	free(q->items);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
