#include "ledger.h"
#include "array.h"
#include "person_cache.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CACHE_BUDGET ((size_t)512 << 20)
#define ACTOR_MAX 128

struct ledger {
	struct store *store;
	struct facility_registry facilities;
	struct rules rules;
	struct person_cache cache;
	size_t cache_budget;
	ts_t now;
	int64_t next_seq;
	int64_t data_version; /* of the file when the registry and cache were last known current */
	char actor[ACTOR_MAX];
	ledger_reader_fn may_read; /* NULL: every person */
	void *may_read_ctx;
	bool in_transaction;
};

/* A list of parsed events, in (at, seq) order. */
struct event_list {
	struct event *items;
	size_t n, cap;
};

static void event_list_free(struct event_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		event_free(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof *list);
}

/* Make room for one more event; returns 0 or ERR_NOMEM. */
static int event_list_reserve(struct event_list *list)
{
	return array_reserve((void **)&list->items, &list->cap, list->n, sizeof *list->items, 16);
}

/* person_cache_fn: write a dirty timeline's projections. */
static int flush_entry(void *ctx, struct cached *e, struct error *err)
{
	struct ledger *l = ctx;
	if (!e->dirty)
		return 0;
	int rc = store_write_person(l->store, &e->tl, e->replace, err);
	if (rc)
		return rc;
	size_t before = timeline_footprint(&e->tl);
	timeline_changes_clear(&e->tl);
	l->cache.bytes -= before - timeline_footprint(&e->tl);
	e->dirty = e->replace = false;
	return 0;
}

/* Write every dirty timeline's projections. */
static int cache_flush(struct ledger *l, struct error *err)
{
	return person_cache_each(&l->cache, flush_entry, l, err);
}

/* --- loading from the log -------------------------------------------- */

struct collect {
	struct event_list *list;
	int64_t skip_seq; /* a seq to leave out (a void's target), or 0 */
	size_t rows;      /* rows seen, voided and voids included */
};

/* store_event_fn: parse a person's live events into a list. */
static int collect_event(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct collect *c = ctx;
	c->rows++;
	if (sev->voided_by || sev->seq == c->skip_seq || strcmp(sev->type, "void") == 0)
		return 0;
	if (event_list_reserve(c->list))
		return error_set(err, ERR_NOMEM, "out of memory");
	struct event *ev = &c->list->items[c->list->n];
	int rc = event_parse(sev->body, sev->body_len, TS_NONE, ev, err);
	if (rc)
		return error_prefix(err, ERR_IO, "the log's event seq %lld does not parse: ", (long long)sev->seq);
	c->list->n++;
	return 0;
}

/* A person's live events into list; *rows (if not NULL) counts every row
 * of theirs in the log, voided events and voids included. */
static int load_events(struct ledger *l, const char *person, int64_t skip_seq, struct event_list *list,
		       size_t *rows, struct error *err)
{
	struct collect c = {list, skip_seq, 0};
	int rc = store_person_events(l->store, person, collect_event, &c, err);
	if (rows)
		*rows = c.rows;
	return rc;
}

/* Replay a list into a new cache entry (person's timeline); fresh (in the
 * list, or NULL) is the event being recorded. On failure *failed is the
 * index of the event that could not be applied. */
static int replay_list(struct ledger *l, const char *person, const struct event_list *list,
		       const struct event *fresh, struct cached **out, size_t *failed, struct error *err)
{
	const struct event **order = malloc((list->n + 1) * sizeof *order);
	struct cached *entry = calloc(1, sizeof *entry);
	if (!order || !entry) {
		free(order);
		free(entry);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < list->n; i++)
		order[i] = &list->items[i];
	timeline_init(&entry->tl, person);
	int rc = timeline_replay(&entry->tl, order, list->n, TS_FOREVER, &l->facilities, &l->rules, fresh, failed,
				 err);
	free(order);
	if (rc) {
		cached_free(entry);
		return rc;
	}
	*out = entry;
	return 0;
}

/* A person's timeline from the log, without the event skip_seq, into a
 * new entry (on a miss when no state is stored). */
static int replay_entry(struct ledger *l, const char *person, int64_t skip_seq, struct cached **out,
			struct error *err)
{
	struct event_list list = {0};
	int rc = load_events(l, person, skip_seq, &list, NULL, err);
	if (rc == 0 && (rc = replay_list(l, person, &list, NULL, out, NULL, err)))
		rc = error_prefix(err, ERR_IO, "the log of %s no longer replays (run `custody rebuild`?): ", person);
	if (rc == 0)
		timeline_changes_clear(&(*out)->tl); /* the projections already hold them */
	event_list_free(&list);
	return rc;
}

/* The cached timeline of a person. On a miss it is the state the store
 * keeps (written with the person's projections, so it holds every event
 * but skip_seq, just appended and not yet applied), or else a replay of
 * the log without skip_seq. */
static int person_entry(struct ledger *l, const char *person, int64_t skip_seq, struct cached **out,
			struct error *err)
{
	if ((*out = person_cache_get(&l->cache, person)))
		return 0;
	struct cached *entry = calloc(1, sizeof *entry);
	if (!entry)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = store_load_timeline(l->store, person, &entry->tl, err);
	if (rc == ERR_NOTFOUND) {
		free(entry);
		entry = NULL;
		rc = replay_entry(l, person, skip_seq, &entry, err);
	} else if (rc) {
		free(entry);
		entry = NULL;
	}
	if (rc == 0 && (rc = person_cache_put(&l->cache, entry))) {
		cached_free(entry);
		rc = error_set(err, ERR_NOMEM, "out of memory");
	}
	*out = rc ? NULL : entry;
	return rc;
}

/* store_event_fn: add a facility event from the log to the registry. */
static int load_facility_event(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct ledger *l = ctx;
	struct event ev;
	int rc = event_parse(sev->body, sev->body_len, TS_NONE, &ev, err);
	if (rc)
		return error_prefix(err, ERR_IO, "the log's event seq %lld does not parse: ", (long long)sev->seq);
	rc = facility_add(&l->facilities, &ev, sev->seq, err);
	event_free(&ev);
	return rc ? error_prefix(err, ERR_IO, "the log's facility events no longer replay: ") : 0;
}

static int load_facilities(struct ledger *l, struct error *err)
{
	facility_registry_free(&l->facilities);
	return store_facility_events(l->store, load_facility_event, l, err);
}

/* --- opening ----------------------------------------------------------- */

int ledger_open(const char *path, enum store_mode mode, ts_t now, struct ledger **out, struct error *err)
{
	struct ledger *l = calloc(1, sizeof *l);
	if (!l)
		return error_set(err, ERR_NOMEM, "out of memory");
	rules_default(&l->rules);
	facility_registry_init(&l->facilities);
	l->cache_budget = DEFAULT_CACHE_BUDGET;
	l->now = now;
	strcpy(l->actor, "custody");
	bool rebuild = false;
	int rc = store_open(path, mode, &l->store, &rebuild, err);
	if (rc == 0 && rebuild)
		rc = ledger_rebuild(l, err);
	if (rc == 0)
		rc = load_facilities(l, err);
	if (rc == 0)
		rc = store_data_version(l->store, &l->data_version, err);
	if (rc) {
		ledger_close(l);
		return rc;
	}
	*out = l;
	return 0;
}

int ledger_refresh(struct ledger *l, bool *changed, struct error *err)
{
	assert(!l->in_transaction);
	int64_t version;
	int rc = store_data_version(l->store, &version, err);
	*changed = rc == 0 && version != l->data_version;
	if (!*changed)
		return rc;
	l->data_version = version;
	person_cache_clear(&l->cache);
	return load_facilities(l, err);
}

void ledger_close(struct ledger *l)
{
	if (!l)
		return;
	person_cache_clear(&l->cache);
	facility_registry_free(&l->facilities);
	store_close(l->store);
	free(l);
}

void ledger_set_now(struct ledger *l, ts_t now)
{
	l->now = now;
}

void ledger_set_actor(struct ledger *l, const char *actor)
{
	snprintf(l->actor, sizeof l->actor, "%s", actor);
}

void ledger_set_reader(struct ledger *l, ledger_reader_fn fn, void *ctx)
{
	l->may_read = fn;
	l->may_read_ctx = ctx;
}

void ledger_set_rules(struct ledger *l, const struct rules *rules)
{
	l->rules = *rules;
}

const struct rules *ledger_rules(const struct ledger *l)
{
	return &l->rules;
}

void ledger_set_cache_budget(struct ledger *l, size_t bytes)
{
	l->cache_budget = bytes;
}

struct store *ledger_store(struct ledger *l)
{
	return l->store;
}

const struct facility_registry *ledger_facilities(const struct ledger *l)
{
	return &l->facilities;
}

int ledger_begin(struct ledger *l, struct error *err)
{
	assert(!l->in_transaction);
	bool changed;
	int rc = store_begin(l->store, err);
	/* under the write lock: what another process committed is seen now */
	if (rc == 0 && ((rc = ledger_refresh(l, &changed, err)) || (rc = store_max_seq(l->store, &l->next_seq, err))))
		store_rollback(l->store);
	l->next_seq++;
	l->in_transaction = rc == 0;
	return rc;
}

int ledger_commit(struct ledger *l, struct error *err)
{
	assert(l->in_transaction);
	int rc = cache_flush(l, err);
	if (rc == 0)
		rc = store_commit(l->store, err);
	if (rc) {
		ledger_rollback(l);
		return rc;
	}
	l->in_transaction = false;
	return 0;
}

void ledger_rollback(struct ledger *l)
{
	store_rollback(l->store);
	l->in_transaction = false;
	person_cache_clear(&l->cache);
	struct error ignored;
	load_facilities(l, &ignored);
}

/* --- appending --------------------------------------------------------- */

/* An event's JSON as received: what the log stores. */
struct text {
	const char *text;
	size_t len;
};

/* What a duplicate check found under an id. */
struct existing {
	int64_t seq;
	char type[32];
	char person[ANUMBER_LEN + 1];
	char *body;
	size_t body_len;
	int64_t voided_by;
};

static int keep_existing(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct existing *x = ctx;
	x->seq = sev->seq;
	snprintf(x->type, sizeof x->type, "%s", sev->type);
	snprintf(x->person, sizeof x->person, "%s", sev->person ? sev->person : "");
	x->voided_by = sev->voided_by;
	x->body = strndup(sev->body, sev->body_len);
	x->body_len = sev->body_len;
	return x->body ? 0 : error_set(err, ERR_NOMEM, "out of memory");
}

/* 0 and *x filled when id is in the log; ERR_NOTFOUND when not. */
static int find_existing(struct ledger *l, const char *id, struct existing *x, struct error *err)
{
	memset(x, 0, sizeof *x);
	return store_find_event(l->store, id, keep_existing, x, err);
}

/* A void's target: find_existing(), but ERR_NOTFOUND for an event of a
 * person the writer may not read (as if it were not in the log). */
static int find_target(struct ledger *l, const char *id, struct existing *x, struct error *err)
{
	int rc = find_existing(l, id, x, err);
	if (rc == 0 && x->person[0] && l->may_read && !l->may_read(l->may_read_ctx, l, x->person)) {
		free(x->body);
		memset(x, 0, sizeof *x);
		rc = ERR_NOTFOUND;
	}
	return rc;
}

/* Append ev to the log under the next seq, unless its id is taken
 * (*appended false: nothing written). */
static int append_row(struct ledger *l, const struct event *ev, const char *person, const struct text *body,
		      bool *appended, struct error *err)
{
	struct stored_event sev = {
		.seq = l->next_seq,
		.id = ev->id,
		.type = vocab_word(&vocab_event_type, ev->type),
		.person = person && person[0] ? person : NULL,
		.at = ev->at,
		.recorded_at = l->now,
		.actor = l->actor,
		.body = body->text,
		.body_len = body->len,
	};
	int rc = store_insert_event(l->store, &sev, appended, err);
	if (rc == 0 && *appended)
		l->next_seq++;
	return rc;
}

/* Take back the row just appended (the event was then rejected). */
static int unappend_row(struct ledger *l, struct error *err)
{
	assert(l->next_seq > 1);
	int rc = store_delete_last_event(l->store, l->next_seq - 1, err);
	if (rc == 0)
		l->next_seq--;
	return rc;
}

static void mark_dirty(struct cached *entry, bool replace)
{
	entry->dirty = true;
	entry->replace |= replace;
}

/* Rebuild a person's timeline from the log, leaving out skip_seq (0 for
 * none); on success the cache holds it. late_id names an event just
 * appended out of time order, for the message when it breaks a later one. */
static int replay_person(struct ledger *l, const char *person, int64_t skip_seq, const char *late_id,
			 struct error *err)
{
	struct event_list list = {0};
	struct cached *entry = NULL;
	size_t failed = 0;
	int rc = load_events(l, person, skip_seq, &list, NULL, err);
	const struct event *fresh = NULL;
	for (size_t i = 0; late_id && i < list.n && !fresh; i++)
		if (strcmp(list.items[i].id, late_id) == 0)
			fresh = &list.items[i];
	if (rc == 0 && (rc = replay_list(l, person, &list, fresh, &entry, &failed, err)) == ERR_REJECTED && late_id &&
	    failed < list.n && strcmp(list.items[failed].id, late_id) != 0)
		error_prefix(err, rc, "%s is earlier than events already recorded, and would make a later one invalid: ",
			     late_id);
	event_list_free(&list);
	if (rc)
		return rc;
	if (person_cache_get(&l->cache, person))
		person_cache_replace(&l->cache, entry);
	else if (person_cache_put(&l->cache, entry)) {
		cached_free(entry);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	mark_dirty(entry, true);
	return 0;
}

/* Apply a person event already in the log (as seq) to the person's timeline. */
static int apply_person(struct ledger *l, const struct event *ev, int64_t seq, struct error *err)
{
	struct cached *entry;
	int rc = person_entry(l, ev->person, seq, &entry, err);
	if (rc)
		return rc;
	if (entry->tl.last_at != TS_NONE && ev->at < entry->tl.last_at)
		return replay_person(l, ev->person, 0, ev->id, err);
	size_t before = timeline_footprint(&entry->tl);
	if ((rc = timeline_apply(&entry->tl, ev, &l->facilities, &l->rules, err)))
		return rc;
	l->cache.bytes += timeline_footprint(&entry->tl) - before;
	mark_dirty(entry, false); /* the stored state moves on with every event */
	return 0;
}

/* Whether a stint lies outside the facility's open periods: the message
 * names no one held there (the caller may not read them). */
struct stint_check {
	const struct facility *fac;
	bool outside;
};

static int check_stint(void *ctx, const char *key, const char *person, ts_t in, ts_t out, struct error *err)
{
	struct stint_check *c = ctx;
	(void)err;
	(void)key;
	(void)person;
	c->outside |= !facility_covers(c->fac, in, out);
	return 0;
}

/* Every stint at the facility must still lie inside an open period. */
static int check_facility_stints(struct ledger *l, const char *code, const char *what, struct error *err)
{
	struct stint_check c = {facility_find(&l->facilities, code), false};
	int rc = cache_flush(l, err);
	if (rc == 0)
		rc = store_facility_stints(l->store, code, check_stint, &c, err);
	if (rc == 0 && c.outside)
		rc = error_set(err, ERR_REJECTED, "%s: facility %s closes while someone is held there", what, code);
	return rc;
}

/* Apply a facility event already in the log (as seq) to the registry. */
static int apply_facility(struct ledger *l, struct event *ev, int64_t seq, struct error *err)
{
	char code[FACILITY_CODE_MAX + 1], what[200], at[TS_TEXT_MAX];
	strcpy(code, ev->facility);
	snprintf(what, sizeof what, "facility %s at %s: %s %s", code, ts_format(ev->at, at),
		 vocab_word(&vocab_event_type, ev->type), ev->id);
	bool closes = ev->type == EV_FACILITY_CLOSE;
	int rc = facility_add(&l->facilities, ev, seq, err); /* takes ev's strings */
	if (rc)
		return error_prefix(err, rc, "%s: ", what);
	if (closes && (rc = check_facility_stints(l, code, what, err))) {
		struct event undo;
		struct error ignored;
		if (facility_remove(&l->facilities, code, seq, &undo, &ignored) == 0)
			event_free(&undo);
		return rc;
	}
	return store_write_facility(l->store, facility_find(&l->facilities, code), err);
}

static int void_facility_event(struct ledger *l, const struct existing *target, const char *target_id,
			       struct error *err)
{
	struct event ev;
	int rc = event_parse(target->body, target->body_len, TS_NONE, &ev, err);
	if (rc)
		return error_prefix(err, ERR_IO, "the log's event %s does not parse: ", target_id);
	char code[FACILITY_CODE_MAX + 1], what[120];
	strcpy(code, ev.facility);
	event_free(&ev);
	if ((rc = facility_remove(&l->facilities, code, target->seq, &ev, err)))
		return rc == ERR_NOTFOUND ? error_set(err, ERR_IO, "facility event %s is not loaded", target_id) : rc;
	snprintf(what, sizeof what, "void of %s", target_id);
	if ((rc = check_facility_stints(l, code, what, err))) {
		struct error ignored;
		facility_add(&l->facilities, &ev, target->seq, &ignored);
		event_free(&ev);
		return rc;
	}
	event_free(&ev);
	const struct facility *fac = facility_find(&l->facilities, code);
	return fac ? store_write_facility(l->store, fac, err) : store_delete_facility(l->store, code, err);
}

/* A void may target any live, non-void event, of the person it names.
 * The messages name only what the void itself says: never the target's
 * person, content or seq. */
static int check_void_target(const struct event *ev, const struct existing *target, struct error *err)
{
	if (strcmp(target->type, "void") == 0)
		return error_set(err, ERR_REJECTED,
				 "field \"target\": %s is itself a void; record the event again instead", ev->target);
	if (target->voided_by)
		return error_set(err, ERR_REJECTED, "field \"target\": %s is already voided", ev->target);
	if (ev->person[0] && strcmp(ev->person, target->person) != 0)
		return error_set(err, ERR_REJECTED, "field \"person\": %s is not an event of %s", ev->target,
				 ev->person);
	return 0;
}

/* The message of a void its target's timeline refuses: why, when the void
 * names the person (whose timeline the message describes); otherwise
 * nothing of the person's events. */
static void void_rejected(const struct event *ev, struct error *err)
{
	if (ev->person[0])
		error_prefix(err, ERR_REJECTED, "void of %s would leave the timeline invalid: ", ev->target);
	else
		error_set(err, ERR_REJECTED,
			  "void of %s would leave the timeline of its person invalid (name the person to learn why)",
			  ev->target);
}

/* Apply a void already in the log (as seq) to its target's derivation. */
static int apply_void(struct ledger *l, const struct event *ev, const struct existing *target, int64_t seq,
		      struct error *err)
{
	int rc = check_void_target(ev, target, err);
	if (rc == 0 && !target->person[0])
		rc = void_facility_event(l, target, ev->target, err);
	else if (rc == 0 && (rc = replay_person(l, target->person, target->seq, NULL, err)) == ERR_REJECTED)
		void_rejected(ev, err);
	return rc ? rc : store_mark_voided(l->store, target->seq, seq, err);
}

/* Over budget: write what is pending, then forget the people not seen
 * since the last time (those whose custody or supervision has ended go
 * first); if the rest still does not fit, forget everyone. */
static int maybe_evict(struct ledger *l, struct error *err)
{
	if (l->cache.bytes <= l->cache_budget)
		return 0;
	int rc = cache_flush(l, err);
	if (rc == 0 && person_cache_sweep(&l->cache))
		rc = error_set(err, ERR_NOMEM, "out of memory");
	if (rc == 0 && l->cache.bytes > l->cache_budget / 4 * 3)
		person_cache_clear(&l->cache);
	return rc;
}

/* Whether the logged event x and ev have the same content: the same
 * canonical form (so A-12345678 and A012345678 are the same person). */
static int same_content(const struct existing *x, const struct event *ev, bool *same, struct error *err)
{
	struct event old;
	int rc = event_parse(x->body, x->body_len, TS_NONE, &old, err);
	if (rc)
		return error_prefix(err, ERR_IO, "the log's event seq %lld does not parse: ", (long long)x->seq);
	char *a = event_to_json(&old), *b = event_to_json(ev);
	*same = a && b && strcmp(a, b) == 0;
	rc = a && b ? 0 : error_set(err, ERR_NOMEM, "out of memory");
	free(a);
	free(b);
	event_free(&old);
	return rc;
}

/* The id is taken by x: the same content is a duplicate, anything else a
 * conflict, whose message says only that the id is taken (never what is
 * recorded under it, which the caller may not read). Frees x's body. */
static int duplicate_or_conflict(struct existing *x, const struct event *ev, struct error *err)
{
	bool same = false;
	int rc = same_content(x, ev, &same, err);
	if (rc == 0 && !same)
		rc = error_set(err, ERR_CONFLICT, "conflict: event id \"%s\" is already recorded with different content",
			       ev->id);
	free(x->body);
	x->body = NULL;
	return rc;
}

/* Append first (the unique id index finds a repeated id at no extra cost),
 * then check the event against its timeline; take the row back if the
 * timeline rejects it. */
static int append_parsed(struct ledger *l, struct event *ev, const struct text *body, enum ledger_outcome *outcome,
			 struct error *err)
{
	struct existing target = {0};
	const char *person = ev->person;
	bool appended;
	int rc = 0;
	if (ev->type == EV_VOID) {
		/* the void's own id first: a re-sent void is a duplicate or a conflict */
		struct existing self;
		if ((rc = find_existing(l, ev->id, &self, err)) == 0) {
			*outcome = LEDGER_DUPLICATE;
			return duplicate_or_conflict(&self, ev, err);
		}
		if (rc == ERR_NOTFOUND && (rc = find_target(l, ev->target, &target, err)) == ERR_NOTFOUND)
			rc = error_set(err, ERR_REJECTED, "field \"target\": unknown event %s", ev->target);
		person = target.person;
	}
	if (rc == 0)
		rc = append_row(l, ev, person, body, &appended, err);
	if (rc == 0 && !appended) {
		struct existing taken;
		*outcome = LEDGER_DUPLICATE;
		if ((rc = find_existing(l, ev->id, &taken, err)) == 0)
			rc = duplicate_or_conflict(&taken, ev, err);
	} else if (rc == 0) {
		*outcome = LEDGER_STORED;
		int64_t seq = l->next_seq - 1;
		if (ev->type == EV_VOID)
			rc = apply_void(l, ev, &target, seq, err);
		else if (event_is_facility(ev->type))
			rc = apply_facility(l, ev, seq, err);
		else
			rc = apply_person(l, ev, seq, err);
		if (rc == ERR_REJECTED || rc == ERR_INVALID) {
			struct error undo;
			if (unappend_row(l, &undo))
				rc = error_set(err, undo.code, "%s", undo.msg);
		} else if (rc == 0) {
			rc = maybe_evict(l, err);
		}
	}
	free(target.body);
	return rc;
}

int ledger_append_event(struct ledger *l, struct event *ev, const char *body, size_t len,
			enum ledger_outcome *outcome, struct error *err)
{
	assert(l->in_transaction);
	struct text text = {body, len};
	return append_parsed(l, ev, &text, outcome, err);
}

int ledger_append_json(struct ledger *l, const char *json, size_t len, enum ledger_outcome *outcome,
		       char *id_out, struct error *err)
{
	struct event ev;
	int rc = event_parse(json, len, l->now, &ev, err);
	if (id_out)
		strcpy(id_out, ev.id);
	if (rc == 0)
		rc = ledger_append_event(l, &ev, json, len, outcome, err);
	event_free(&ev);
	return rc;
}

/* --- rebuild and reads ------------------------------------------------- */

static int revoid(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct ledger *l = ctx;
	struct event ev;
	int rc = event_parse(sev->body, sev->body_len, TS_NONE, &ev, err);
	if (rc)
		return error_prefix(err, ERR_IO, "the log's event seq %lld does not parse: ", (long long)sev->seq);
	struct existing target;
	rc = find_existing(l, ev.target, &target, err);
	event_free(&ev);
	if (rc == 0)
		rc = store_mark_voided(l->store, target.seq, sev->seq, err);
	free(target.body);
	return rc;
}

/* Streams (person, at, seq)-ordered events and replays each person. */
struct rebuilder {
	struct ledger *l;
	struct event_list list;
	char person[ANUMBER_LEN + 1];
};

static int rebuild_flush_person(struct rebuilder *r, struct error *err)
{
	if (!r->person[0])
		return 0;
	struct cached *entry = NULL;
	int rc = replay_list(r->l, r->person, &r->list, NULL, &entry, NULL, err);
	if (rc)
		rc = error_prefix(err, ERR_IO, "rebuild: the log of %s does not replay: ", r->person);
	if (rc == 0)
		rc = store_write_person(r->l->store, &entry->tl, false, err);
	cached_free(entry);
	event_list_free(&r->list);
	return rc;
}

static int rebuild_event(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct rebuilder *r = ctx;
	int rc = 0;
	if (strcmp(r->person, sev->person) != 0) {
		rc = rebuild_flush_person(r, err);
		snprintf(r->person, sizeof r->person, "%s", sev->person);
	}
	struct collect c = {&r->list, 0, 0};
	return rc ? rc : collect_event(&c, sev, err);
}

static int rebuild_all(struct ledger *l, struct error *err)
{
	int rc = store_clear_projections(l->store, err);
	if (rc || (rc = store_void_events(l->store, revoid, l, err)) || (rc = load_facilities(l, err)))
		return rc;
	for (size_t i = 0; i < l->facilities.n; i++)
		if ((rc = store_write_facility(l->store, &l->facilities.items[i], err)))
			return rc;
	struct rebuilder r = {.l = l};
	rc = store_all_person_events(l->store, rebuild_event, &r, err);
	if (rc == 0)
		rc = rebuild_flush_person(&r, err);
	event_list_free(&r.list);
	return rc;
}

int ledger_rebuild(struct ledger *l, struct error *err)
{
	person_cache_clear(&l->cache);
	int rc = store_begin(l->store, err);
	if (rc)
		return rc;
	if ((rc = rebuild_all(l, err)) || (rc = store_commit(l->store, err))) {
		store_rollback(l->store);
		struct error ignored;
		load_facilities(l, &ignored);
	}
	return rc;
}

int ledger_person(struct ledger *l, const char *person, ts_t until, struct timeline *tl, struct error *err)
{
	struct event_list list = {0};
	size_t rows = 0;
	int rc = load_events(l, person, 0, &list, &rows, err);
	const struct event **order = NULL;
	if (rc == 0 && rows == 0)
		rc = error_set(err, ERR_NOTFOUND, "no events for %s", person);
	if (rc == 0 && !(order = malloc((list.n + 1) * sizeof *order)))
		rc = error_set(err, ERR_NOMEM, "out of memory");
	timeline_init(tl, person);
	if (rc == 0) {
		for (size_t i = 0; i < list.n; i++)
			order[i] = &list.items[i];
		rc = timeline_replay(tl, order, list.n, until, &l->facilities, &l->rules, NULL, NULL, err);
	}
	free(order);
	event_list_free(&list);
	return rc;
}

struct people_walk {
	struct ledger *l;
	ts_t t;
	ledger_timeline_fn fn;
	void *ctx;
};

/* store_timeline_fn: the stored state when it is the state at t, else a
 * replay of the events up to t. */
static int person_at(void *ctx, const char *person, struct timeline *stored, struct error *err)
{
	struct people_walk *w = ctx;
	if (stored && stored->last_at <= w->t)
		return w->fn(w->ctx, stored, err);
	struct timeline tl;
	int rc = ledger_person(w->l, person, w->t, &tl, err);
	if (rc == 0)
		rc = w->fn(w->ctx, &tl, err);
	timeline_free(&tl);
	return rc;
}

int ledger_people_at(struct ledger *l, ts_t t, enum store_who who, ledger_timeline_fn fn, void *ctx,
		     struct error *err)
{
	struct people_walk w = {l, t, fn, ctx};
	return store_people_at(l->store, t, who, person_at, &w, err);
}
