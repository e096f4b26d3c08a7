/* views_people.c: one person: show, their AOR, where to place them (see
 * views.h). */
#include "views_internal.h"

#include <stdlib.h>

#include "clock.h"

/* store_event_fn: one event of the timeline, up to *until, into the array
 * ctx. */
struct show_events {
	json_t *list;
	ts_t until;
};

static int show_event(void *ctx, const struct stored_event *sev, struct error *err)
{
	struct show_events *s = ctx;
	if (sev->at > s->until)
		return 0;
	char *text = view_event_text(sev, err);
	if (!text)
		return err->code;
	json_t *ev = json_loads(text, 0, NULL);
	free(text);
	if (!ev || json_object_set_new(ev, "seq", json_integer(sev->seq)) ||
	    json_object_set_new(ev, "recorded_at", view_json_time(sev->recorded_at)) ||
	    json_object_set_new(ev, "actor", json_string(sev->actor)) ||
	    json_object_set_new(ev, "voided", json_boolean(sev->voided_by != 0)) || json_array_append_new(s->list, ev)) {
		json_decref(ev);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	return 0;
}

/* The person's flags (those of `flags --json`, without the person). */
static json_t *flags_json(const struct flag *flags, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(vocab_word(&vocab_flag_rule, flags[i].rule)));
		json_object_set_new(o, "status", json_string(vocab_word(&vocab_flag_status, flags[i].status)));
		json_object_set_new(o, "due", view_json_time(flags[i].due));
		json_object_set_new(o, "reason", json_string(flags[i].reason));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *checkins_json(const struct timeline *tl, ts_t at)
{
	struct checkin_summary c;
	clock_checkins(tl, at, &c);
	json_t *o = json_object();
	json_object_set_new(o, "ended", json_integer(c.ended));
	json_object_set_new(o, "met", json_integer(c.met));
	json_object_set_new(o, "missed_in_a_row", json_integer(c.missed_run));
	json_object_set_new(o, "last_ok", view_json_time(c.last_ok));
	return o;
}

static json_t *state_json(const struct timeline *tl, ts_t at)
{
	char date[DATE_TEXT_MAX];
	json_t *o = json_object();
	json_object_set_new(o, "person", json_string(tl->person));
	json_object_set_new(o, "at", view_json_time(at));
	json_object_set_new(o, "detained", json_boolean(tl->detained));
	json_object_set_new(o, "facility", tl->detained ? json_string(tl->stint.facility) : json_null());
	json_object_set_new(o, "stay_start", view_json_time(tl->detained ? tl->stay.in : TS_NONE));
	json_object_set_new(o, "criminality", view_json_word(&vocab_criminality, tl->criminality));
	json_object_set_new(o, "threat_level", view_json_threat(tl->threat_level));
	json_object_set_new(o, "mandatory", view_json_word(&vocab_mandatory, tl->mandatory));
	json_object_set_new(o, "protected", json_boolean(tl->protected_ == 1));
	json_object_set_new(o, "final_order",
			    tl->final_order ? json_string(ts_format_date(tl->final_date, date)) : json_null());
	json_object_set_new(o, "enrolled", json_boolean(tl->enrolled));
	json_object_set_new(o, "technology",
			    view_json_word(&vocab_technology, tl->enrolled ? tl->enrolment.technology : UNSET));
	if (tl->enrolled)
		json_object_set_new(o, "checkins", checkins_json(tl, at));
	json_object_set_new(o, "family_name", tl->family_name ? json_string(tl->family_name) : json_null());
	json_object_set_new(o, "given_name", tl->given_name ? json_string(tl->given_name) : json_null());
	json_object_set_new(o, "birth_date",
			    tl->birth_date == TS_NONE ? json_null() : json_string(ts_format_date(tl->birth_date, date)));
	json_object_set_new(o, "citizenship", tl->citizenship[0] ? json_string(tl->citizenship) : json_null());
	return o;
}

int view_show(FILE *out, struct ledger *l, const char *person, ts_t at, struct error *err)
{
	struct timeline tl; /* ledger_person() initialises it, on failure too */
	struct show_events s = {json_array(), at};
	int rc = ledger_person(l, person, at, &tl, err);
	if (rc == 0 && !s.list)
		rc = error_set(err, ERR_NOMEM, "out of memory");
	if (rc == 0)
		rc = store_person_events(ledger_store(l), person, show_event, &s, err);
	if (rc == 0) {
		struct flag flags[CLOCK_FLAGS_MAX];
		size_t n = clock_flags(&tl, at, ledger_facilities(l), ledger_rules(l), flags);
		json_t *o = state_json(&tl, at);
		json_object_set_new(o, "flags", flags_json(flags, n));
		json_object_set_new(o, "events", s.list);
		s.list = NULL;
		rc = view_put_json(out, o, err);
	}
	json_decref(s.list);
	timeline_free(&tl);
	return rc;
}

int view_person_aor(struct ledger *l, const char *person, ts_t t, int *aor, struct error *err)
{
	struct timeline tl; /* ledger_person() initialises it, on failure too */
	int rc = ledger_person(l, person, t, &tl, err);
	if (rc == 0)
		*aor = timeline_aor(&tl, ledger_facilities(l), t);
	timeline_free(&tl);
	return rc;
}

int view_placements_at(struct ledger *l, const char *person, ts_t at, int aor, struct view_placements *out,
		       struct error *err)
{
	*out = (struct view_placements){.aor = UNSET};
	int rc = ledger_person(l, person, at, &out->tl, err);
	if (rc)
		return rc;
	if ((rc = occupancy_at(l, at, &out->o, err)))
		return rc;
	out->items = malloc((out->o.n ? out->o.n : 1) * sizeof *out->items);
	if (!out->items)
		return error_set(err, ERR_NOMEM, "out of memory");
	const struct timeline *tl = &out->tl;
	out->aor = aor != UNSET ? aor : tl->arrest_aor;
	out->child = tl->birth_date != TS_NONE && at < ts_add_years(tl->birth_date, ledger_rules(l)->child_age_years);
	out->n = beds_place(out->o.rows, out->o.n, tl->sex, out->child, out->aor, out->items);
	return 0;
}

void view_placements_free(struct view_placements *p)
{
	free(p->items);
	occupancy_free(&p->o);
	timeline_free(&p->tl);
	*p = (struct view_placements){.aor = UNSET};
}

static json_t *placements_json(const struct placement *p, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct event *d = p[i].row->details;
		json_t *o = json_object();
		json_object_set_new(o, "facility", json_string(p[i].row->facility->code));
		json_object_set_new(o, "name", json_string(d->name));
		json_object_set_new(o, "aor", json_string(vocab_word(&vocab_aor, d->aor)));
		json_object_set_new(o, "kind", json_string(vocab_word(&vocab_facility_kind, d->kind)));
		json_object_set_new(o, "capacity", json_integer(p[i].row->capacity));
		json_object_set_new(o, "population", json_integer(p[i].row->population));
		json_object_set_new(o, "free", json_integer(p[i].free));
		json_object_set_new(o, "in_aor", json_boolean(p[i].in_aor));
		json_array_append_new(a, o);
	}
	return a;
}

int view_place(FILE *out, struct ledger *l, const char *person, ts_t at, int aor, struct error *err)
{
	struct view_placements p;
	int rc = view_placements_at(l, person, at, aor, &p, err);
	if (rc == 0)
		rc = view_put_json(out, placements_json(p.items, p.n), err);
	view_placements_free(&p);
	return rc;
}
