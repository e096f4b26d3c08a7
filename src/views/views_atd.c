/* views_atd.c: supervision: the figures, who is due or missed, hearings
 * (see views.h). */
#include "views_internal.h"

#include <math.h>

/* A rate or an average, rounded, or null when there was nothing to count. */
static json_t *figure(double x, double scale)
{
	return x < 0 ? json_null() : json_real(round(x * scale) / scale);
}

static json_t *group_json(const char *name, const struct atd_group *g)
{
	json_t *o = json_object();
	json_object_set_new(o, "group", json_string(name));
	json_object_set_new(o, "active", json_integer(g->active));
	json_object_set_new(o, "alip_days", figure(atd_alip(g), 10));
	json_object_set_new(o, "compliance_rate", figure(atd_compliance(g), 10000));
	json_object_set_new(o, "court_appearance_rate", figure(atd_appearance(g), 10000));
	return o;
}

/* The groups of breakdown by with anyone active: as an object of counts
 * (counts) or as an array of group_json(). */
static json_t *groups_json(const struct atd_summary *s, enum atd_by by, bool counts)
{
	json_t *groups = counts ? json_object() : json_array();
	for (int i = 0; i < atd_groups(by); i++) {
		const char *name;
		const struct atd_group *g = atd_group(s, by, i, &name);
		if (!g->active)
			continue;
		if (counts)
			json_object_set_new(groups, name, json_integer(g->active));
		else
			json_array_append_new(groups, group_json(name, g));
	}
	return groups;
}

static json_t *summary_json(const struct atd_summary *s, enum atd_by by)
{
	json_t *o = json_object(), *tech = json_object();
	json_object_set_new(o, "at", view_json_time(s->at));
	json_object_set_new(o, "active", json_integer(s->all.active));
	json_object_set_new(o, "alip_days", figure(atd_alip(&s->all), 10));
	json_object_set_new(o, "compliance_rate", figure(atd_compliance(&s->all), 10000));
	for (int i = 0; i < TECH_COUNT; i++)
		json_object_set_new(tech, vocab_word(&vocab_technology, i), json_integer(s->by_technology[i].active));
	json_object_set_new(o, "by_technology", tech);
	json_object_set_new(o, "by_aor", groups_json(s, ATD_BY_AOR, true));
	json_object_set_new(o, "absconders", json_integer(s->absconders));
	json_object_set_new(o, "court_appearance_rate", figure(atd_appearance(&s->all), 10000));
	if (by != ATD_BY_NONE)
		json_object_set_new(o, "groups", groups_json(s, by, false));
	return o;
}

int view_atd(FILE *out, struct ledger *l, ts_t at, aor_mask_t aor_mask, enum atd_by by, struct error *err)
{
	struct atd_summary s;
	int rc = atd_summary_at(l, at, aor_mask, &s, err);
	return rc ? rc : view_put_json(out, summary_json(&s, by), err);
}

static json_t *person_json(const struct atd_person *p, enum atd_which which)
{
	json_t *o = json_object();
	json_object_set_new(o, "person", json_string(p->person));
	json_object_set_new(o, "technology", json_string(vocab_word(&vocab_technology, p->technology)));
	if (which == ATD_MISSED) {
		json_object_set_new(o, "missed_periods", json_integer(p->checkins.missed_run));
	} else {
		json_object_set_new(o, "due", view_json_time(p->checkins.open_b));
		json_object_set_new(o, "grace_until", view_json_time(p->checkins.open_deadline));
	}
	json_object_set_new(o, "last_ok", view_json_time(p->checkins.last_ok));
	json_object_set_new(o, "checkin_days", json_integer(p->checkin_days));
	json_object_set_new(o, "aor", view_json_word(&vocab_aor, p->aor));
	return o;
}

int view_atd_list(FILE *out, struct ledger *l, ts_t at, aor_mask_t aor_mask, enum atd_which which,
		  struct error *err)
{
	struct atd_list list;
	int rc = atd_list_at(l, at, aor_mask, which, &list, err);
	if (rc)
		return rc;
	struct view_array a = {out, false};
	for (size_t i = 0; rc == 0 && i < list.n; i++)
		rc = view_array_add(&a, person_json(&list.items[i], which), err);
	atd_list_free(&list);
	return view_array_end(&a, rc, err);
}

static json_t *hearing_json(const struct atd_hearing *h)
{
	json_t *o = json_object();
	json_object_set_new(o, "person", json_string(h->person));
	json_object_set_new(o, "hearing_at", view_json_time(h->hearing_at));
	json_object_set_new(o, "technology", json_string(vocab_word(&vocab_technology, h->technology)));
	json_object_set_new(o, "aor", view_json_word(&vocab_aor, h->aor));
	return o;
}

int view_hearings(FILE *out, struct ledger *l, ts_t from, ts_t to, aor_mask_t aor_mask, struct error *err)
{
	struct hearing_list list;
	int rc = hearings_between(l, from, to, aor_mask, &list, err);
	if (rc)
		return rc;
	struct view_array a = {out, false};
	for (size_t i = 0; rc == 0 && i < list.n; i++)
		rc = view_array_add(&a, hearing_json(&list.items[i]), err);
	hearing_list_free(&list);
	return view_array_end(&a, rc, err);
}
