/* auditq.h: access-log rows written by a thread of their own.
 *
 * The public locator answers in about a millisecond; the writer's lock,
 * which the access log needs, may be held by an event's commit or by the
 * rows of a long list for tens of milliseconds. So a locator hit hands its
 * rows to this queue and answers at once; the queue's thread writes them,
 * all that has gathered in one transaction, as soon as it can take the
 * lock. A row reaches the ledger within milliseconds of the answer, not
 * before it; a crash in between loses the rows of the hits not yet
 * written (docs/api.md). */
#ifndef CUSTODY_AUDITQ_H
#define CUSTODY_AUDITQ_H

#include <stddef.h>

#include "error.h"
#include "timestamp.h"

struct app;
struct auditq;

/* Start the queue's thread, which writes through app's writer under
 * app_lock(). On success the caller owns *out and ends it with
 * auditq_stop(); ERR_NOMEM or ERR_IO when the thread cannot start. */
int auditq_start(struct app *app, struct auditq **out, struct error *err);

/* Queue a row for each of the n people: user read them through what at
 * instant at, asking about asked_at (store_access_add()). The strings are
 * copied. ERR_NOMEM when they cannot be: nothing is queued. */
int auditq_add(struct auditq *q, const char *user, const char *const *people, size_t n, const char *what, ts_t at,
	       ts_t asked_at, struct error *err);

/* Write what is queued, stop the thread and free q. NULL is a no-op. */
void auditq_stop(struct auditq *q);

#endif
