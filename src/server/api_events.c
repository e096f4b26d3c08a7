/* api_events.c: POST /api/events, one event or NDJSON, all or nothing. */
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include "api.h"
#include "event.h"
#include "views.h"

/* One batch being recorded, under app->lock. */
struct batch {
	struct app *app;
	const struct auth_user *user;
	json_t *ids;
	long stored, duplicates;
	bool beds_moved;
};

/* The events that move someone in or out of a bed, or change beds. */
static bool moves_beds(int type)
{
	switch (type) {
	case EV_FACILITY_OPEN:
	case EV_FACILITY_CAPACITY:
	case EV_FACILITY_CLOSE:
	case EV_BOOK_IN:
	case EV_TRANSFER:
	case EV_BOOK_OUT:
	case EV_VOID:
		return true;
	default:
		return false;
	}
}

/* What the user's role allows of ev whatever the person. */
static int role_allows(const struct auth_user *u, const struct event *ev, struct error *err)
{
	if (!ev->person[0] && u->role < ROLE_ADMIN)
		return error_set(err, ERR_DENIED, "id %s: facility events are recorded by an admin", ev->id);
	if (ev->type == EV_BOOK_OUT && ev->reason == OUT_CAPACITY && u->role < ROLE_SUPERVISOR)
		return error_set(err, ERR_DENIED, "id %s: field \"reason\": a capacity release is recorded by a supervisor",
				 ev->id);
	return 0;
}

/* Whether the user may write about the person of ev at this point of the
 * batch: *known says whether the ledger holds the person yet. */
static int scope_allows(struct batch *b, const struct event *ev, bool *known, struct error *err)
{
	int aor;
	*known = true;
	if (b->user->aors == AOR_MASK_ALL || !ev->person[0])
		return 0;
	int rc = view_person_aor(b->app->ledger, ev->person, TS_FOREVER, &aor, err);
	if (rc == ERR_NOTFOUND) {
		*known = false;
		return 0;
	}
	if (rc == 0 && !aor_mask_has(b->user->aors, aor))
		rc = error_set(err, ERR_DENIED, "id %s: person %s is not in your AORs", ev->id, ev->person);
	return rc;
}

/* Whether the user may write about a person new to the ledger: where the
 * events so far put them (an officer's AORs). The refusal is worded as
 * scope_allows() words it, so that it does not tell a person new to the
 * ledger from one held elsewhere. */
static int new_person_allowed(struct batch *b, const char *id, const char *person, struct error *err)
{
	int aor;
	int rc = view_person_aor(b->app->ledger, person, TS_FOREVER, &aor, err);
	if (rc == 0 && !aor_mask_has(b->user->aors, aor))
		rc = error_set(err, ERR_DENIED, "id %s: person %s is not in your AORs", id, person);
	return rc;
}

/* ledger_reader_fn: whether the batch's user may read person (a void's
 * target of another person is then answered as an unknown event). */
static bool may_read(void *ctx, struct ledger *l, const char *person)
{
	const struct batch *b = ctx;
	int aor;
	struct error ignored;
	return b->user->aors == AOR_MASK_ALL ||
	       (view_person_aor(l, person, TS_FOREVER, &aor, &ignored) == 0 && aor_mask_has(b->user->aors, aor));
}

/* Record one event (its JSON text) as part of the batch. */
static int record(struct batch *b, const char *text, size_t len, struct error *err)
{
	struct event ev;
	struct ledger *l = b->app->ledger;
	int rc = event_parse(text, len, app_now(b->app), &ev, err);
	bool known = true;
	if (rc == 0 && (rc = role_allows(b->user, &ev, err)) == 0)
		rc = scope_allows(b, &ev, &known, err);
	/* the ledger may take the event's strings: keep what the answer needs */
	char id[EVENT_ID_MAX + 1], person[ANUMBER_LEN + 1];
	int type = ev.type;
	snprintf(id, sizeof id, "%s", ev.id);
	snprintf(person, sizeof person, "%s", ev.person);
	enum ledger_outcome outcome;
	if (rc == 0)
		rc = ledger_append_event(l, &ev, text, len, &outcome, err);
	event_free(&ev);
	/* the ledger's message may quote the event stored under the id, of anyone */
	if (rc == ERR_CONFLICT)
		rc = error_set(err, ERR_CONFLICT, "conflict: id %s is already taken by another event", id);
	if (rc == 0 && !known)
		rc = new_person_allowed(b, id, person, err);
	if (rc == 0) {
		json_array_append_new(b->ids, json_string(id));
		*(outcome == LEDGER_STORED ? &b->stored : &b->duplicates) += 1;
		b->beds_moved |= outcome == LEDGER_STORED && moves_beds(type);
	}
	return rc;
}

/* Record each non-blank line of the body; an error names its line. */
static int record_lines(struct batch *b, const char *body, size_t len, struct error *err)
{
	long line = 0;
	for (size_t at = 0; at < len;) {
		const char *start = body + at;
		const char *nl = memchr(start, '\n', len - at);
		size_t n = nl ? (size_t)(nl - start) : len - at;
		at += n + (nl != NULL);
		line++;
		if (n && start[n - 1] == '\r')
			n--;
		if (strspn(start, " \t") >= n)
			continue;
		int rc = record(b, start, n, err);
		if (rc)
			return error_prefix(err, rc, "line %ld: ", line);
	}
	return 0;
}

/* Whether the media type (parameters after ';' ignored) is NDJSON. */
static bool is_ndjson(const char *content_type)
{
	static const char ndjson[] = "application/x-ndjson";
	size_t n = sizeof ndjson - 1;
	return content_type && strncasecmp(content_type, ndjson, n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

void api_post_events(struct app *app, const struct http_request *req, struct http_response *res)
{
	static const char *const params[] = {NULL};
	if (http_check_params(req, params, res))
		return;
	if (!http_utf8_valid(req->body, req->body_len)) {
		http_error(res, 400, NULL, "the body is not valid UTF-8");
		return;
	}
	struct batch b = {app, req->user, json_array(), 0, 0, false};
	struct error err;
	app_lock(app);
	ledger_set_actor(app->ledger, req->user->name);
	ledger_set_reader(app->ledger, may_read, &b);
	int rc = ledger_begin(app->ledger, &err);
	if (rc == 0)
		rc = is_ndjson(req->content_type) ? record_lines(&b, req->body, req->body_len, &err)
						  : record(&b, req->body, req->body_len, &err);
	if (rc == 0 && b.stored == 0 && b.duplicates == 0)
		rc = error_set(&err, ERR_INVALID, "the body holds no event");
	if (rc == 0)
		rc = ledger_commit(app->ledger, &err);
	else
		ledger_rollback(app->ledger);
	ledger_set_reader(app->ledger, NULL, NULL);
	if (rc == 0 && b.beds_moved)
		app_beds_changed(app);
	app_unlock(app);
	if (rc) {
		json_decref(b.ids);
		http_fail(res, &err);
		return;
	}
	http_json(res, b.stored ? 201 : 200,
		  json_pack("{s:i, s:i, s:o}", "stored", (int)b.stored, "duplicates", (int)b.duplicates, "ids", b.ids));
}
