/* ledger.h: the write path and the person reads of custody.
 *
 * A ledger couples the store (the log and its projections) with the core
 * (event parsing, facility and person timelines). ledger_append() takes one
 * event: checks its id against the log (a duplicate is skipped, a different
 * event under the same id is a conflict), checks it against the person's or
 * facility's timeline (late events are inserted in time order and the whole
 * timeline re-validated; a void removes its target from the derivation),
 * appends it to the log and updates the projections, inside the caller's
 * transaction. Person timelines are cached between events; the cache is
 * bounded and flushed to the projections on commit. */
#ifndef CUSTODY_LEDGER_H
#define CUSTODY_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "facility.h"
#include "rules.h"
#include "store.h"
#include "timeline.h"

struct ledger;

enum ledger_outcome {
	LEDGER_STORED,   /* appended to the log */
	LEDGER_DUPLICATE /* the same event was already recorded: nothing done */
};

/* Open the ledger at path (STORE_CREATE makes a new one). now is the
 * ledger's clock: events may be at most 5 minutes after it, and it is the
 * recorded_at of what is appended. The caller owns *out and frees it with
 * ledger_close(). */
int ledger_open(const char *path, enum store_mode mode, ts_t now, struct ledger **out, struct error *err);

/* Roll back anything uncommitted and close. NULL is a no-op. */
void ledger_close(struct ledger *l);

/* Move the ledger's clock (a long-running server calls it before each
 * write): the limit on future events and the recorded_at of what is
 * appended from now on. */
void ledger_set_now(struct ledger *l, ts_t now);

/* Who records the events appended from now on (kept by the ledger). */
void ledger_set_actor(struct ledger *l, const char *actor);

/* Whether the writer may read a person's records. A void whose target is
 * an event of a person fn refuses is answered exactly as a void of an
 * unknown event (nothing of that person named). fn NULL: every person. */
typedef bool (*ledger_reader_fn)(void *ctx, struct ledger *l, const char *person);
void ledger_set_reader(struct ledger *l, ledger_reader_fn fn, void *ctx);

/* The policy the timelines enforce (defaults: rules_default()). */
void ledger_set_rules(struct ledger *l, const struct rules *rules);

/* The policy in force (as set by ledger_set_rules()). */
const struct rules *ledger_rules(const struct ledger *l);

/* Bound, in bytes, of the cached person timelines (default 512 MiB). */
void ledger_set_cache_budget(struct ledger *l, size_t bytes);

/* Forget the cached timelines and reload the facility registry when
 * another process committed to the file since they were read (*changed
 * says so); ledger_begin() does it under the write lock. A long-running
 * reader calls it to see other writers' events. */
int ledger_refresh(struct ledger *l, bool *changed, struct error *err);

/* Start a write transaction (seeing what other processes committed). */
int ledger_begin(struct ledger *l, struct error *err);

/* Write the pending projections and commit: everything appended since
 * ledger_begin() is then durable. On failure the transaction is rolled back. */
int ledger_commit(struct ledger *l, struct error *err);

/* Discard everything since ledger_begin(). */
void ledger_rollback(struct ledger *l);

/* Append one event given as JSON text (inside a transaction). On success
 * *outcome says whether it was stored or a duplicate. On failure returns
 * ERR_INVALID (malformed), ERR_REJECTED (the timeline forbids it),
 * ERR_CONFLICT (id reused) or ERR_IO/ERR_NOMEM (the transaction must then be
 * rolled back), with err naming the field or the rule; the ledger is as it
 * was before the call. No message quotes what the log holds of anyone the
 * event does not name: a conflict says only that the id is taken, a void
 * not naming its target's person learns nothing of them. *id_out (if not NULL, at least
 * EVENT_ID_MAX + 1 bytes) receives the event's id when one could be read. */
int ledger_append_json(struct ledger *l, const char *json, size_t len, enum ledger_outcome *outcome,
		       char *id_out, struct error *err);

/* Append one event already parsed with event_parse() (as the reader thread
 * of ingest does); body is its JSON as received, which the log keeps. The
 * ledger may take ev's strings: the caller still calls event_free(ev).
 * Same results as ledger_append_json(). */
int ledger_append_event(struct ledger *l, struct event *ev, const char *body, size_t len,
			enum ledger_outcome *outcome, struct error *err);

/* Regenerate every projection from the log, in one transaction. */
int ledger_rebuild(struct ledger *l, struct error *err);

/* The underlying store, for read-only queries. */
struct store *ledger_store(struct ledger *l);

/* The facility registry as of the last commit or append. */
const struct facility_registry *ledger_facilities(const struct ledger *l);

/* A person's timeline replayed up to until (TS_FOREVER for all), into
 * *tl, which the caller frees with timeline_free(). ERR_NOTFOUND when the
 * ledger holds no event of the person. */
int ledger_person(struct ledger *l, const char *person, ts_t until, struct timeline *tl, struct error *err);

/* Call fn with the timeline, as of instant t, of every person held (or
 * enrolled in supervision) at t, in A-number order. The timeline is valid
 * only during the call. Uses the stored state of each person, and replays
 * the log up to t only for those with events after t. */
typedef int (*ledger_timeline_fn)(void *ctx, const struct timeline *tl, struct error *err);
int ledger_people_at(struct ledger *l, ts_t t, enum store_who who, ledger_timeline_fn fn, void *ctx,
		     struct error *err);

#endif
