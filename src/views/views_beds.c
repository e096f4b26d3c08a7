/* views_beds.c: facilities, occupancy, flags and release candidates (see
 * views.h). */
#include "views_internal.h"

#include <math.h>
#include <string.h>

/* The occupancy of l at `at` as JSON by to_json, written to out. */
static int put_occupancy(FILE *out, struct ledger *l, ts_t at, json_t *(*to_json)(const struct occupancy *o),
			 struct error *err)
{
	struct occupancy o;
	int rc = occupancy_at(l, at, &o, err);
	if (rc)
		return rc;
	rc = view_put_json(out, to_json(&o), err);
	occupancy_free(&o);
	return rc;
}

static json_t *facilities_json(const struct occupancy *o)
{
	json_t *list = json_array();
	for (size_t i = 0; i < o->n; i++) {
		const struct occupancy_row *r = &o->rows[i];
		const struct event *d = r->details;
		json_t *row = json_object();
		json_object_set_new(row, "facility", json_string(r->facility->code));
		json_object_set_new(row, "name", d ? json_string(d->name) : json_null());
		json_object_set_new(row, "aor", view_json_word(&vocab_aor, d ? d->aor : UNSET));
		json_object_set_new(row, "kind", view_json_word(&vocab_facility_kind, d ? d->kind : UNSET));
		json_object_set_new(row, "capacity", json_integer(r->capacity));
		json_object_set_new(row, "population", json_integer(r->population));
		json_object_set_new(row, "free", json_integer(r->capacity - r->population));
		json_object_set_new(row, "open", json_boolean(r->open));
		json_object_set_new(row, "sex", view_json_word(&vocab_facility_sex, d ? d->facility_sex : UNSET));
		json_object_set_new(row, "city", d && d->city ? json_string(d->city) : json_null());
		json_object_set_new(row, "state", d && d->state[0] ? json_string(d->state) : json_null());
		json_array_append_new(list, row);
	}
	return list;
}

int view_facilities(FILE *out, struct ledger *l, ts_t at, struct error *err)
{
	return put_occupancy(out, l, at, facilities_json, err);
}

bool view_occupancy_listed(const struct occupancy_row *r)
{
	return r->open || r->population > 0;
}

static json_t *occupancy_json(const struct occupancy *o)
{
	json_t *root = json_object(), *national = json_object(), *list = json_array();
	json_object_set_new(root, "at", view_json_time(o->at));
	json_object_set_new(national, "population", json_integer(o->population));
	json_object_set_new(national, "capacity", json_integer(o->capacity));
	json_object_set_new(national, "facility_capacity", json_integer(o->facility_capacity));
	json_object_set_new(root, "national", national);
	json_t *aors = json_array();
	for (int a = 0; a < vocab_aor.count; a++) {
		const struct occupancy_area *area = &o->aors[a];
		if (!area->population && !area->capacity)
			continue;
		json_t *row = json_object();
		json_object_set_new(row, "aor", json_string(vocab_word(&vocab_aor, a)));
		json_object_set_new(row, "population", json_integer(area->population));
		json_object_set_new(row, "capacity", json_integer(area->capacity));
		json_array_append_new(aors, row);
	}
	json_object_set_new(root, "aors", aors);
	for (size_t i = 0; i < o->n; i++) {
		const struct occupancy_row *r = &o->rows[i];
		if (!view_occupancy_listed(r))
			continue;
		json_t *row = json_object();
		json_object_set_new(row, "facility", json_string(r->facility->code));
		json_object_set_new(row, "population", json_integer(r->population));
		json_object_set_new(row, "capacity", json_integer(r->capacity));
		json_object_set_new(row, "open", json_boolean(r->open));
		json_array_append_new(list, row);
	}
	json_object_set_new(root, "facilities", list);
	return root;
}

int view_occupancy(FILE *out, struct ledger *l, ts_t at, struct error *err)
{
	return put_occupancy(out, l, at, occupancy_json, err);
}

int view_check_facility(struct ledger *l, const char *facility, struct error *err)
{
	if (!facility || facility_find(ledger_facilities(l), facility))
		return 0;
	return error_set(err, ERR_NOTFOUND, "no facility %.60s in the ledger", facility);
}

/* Written directly rather than through jansson objects: a national list
 * has a hundred thousand flags, and building them took longer than
 * computing them. */
static void put_flags(FILE *out, const struct flag_list *list)
{
	fputs("[", out);
	for (size_t i = 0; i < list->n; i++) {
		const struct person_flag *pf = &list->items[i];
		char due[TS_TEXT_MAX + 2] = "null";
		if (pf->flag.due != TS_NONE)
			snprintf(due, sizeof due, "\"%s\"", ts_format(pf->flag.due, (char[TS_TEXT_MAX]){0}));
		fprintf(out, "%s\n  {\"person\": \"%s\", \"rule\": \"%s\", \"status\": \"%s\", \"due\": %s, \"reason\": ",
			i ? "," : "", pf->person, vocab_word(&vocab_flag_rule, pf->flag.rule),
			vocab_word(&vocab_flag_status, pf->flag.status), due);
		view_put_json_string(out, pf->flag.reason);
		fprintf(out, pf->facility[0] ? ", \"facility\": \"%s\"}" : ", \"facility\": null}", pf->facility);
	}
	fputs(list->n ? "\n]\n" : "]\n", out);
}

int view_flags(FILE *out, struct ledger *l, ts_t at, const struct flag_filter *filter, struct error *err)
{
	struct flag_list list;
	int rc = view_check_facility(l, filter->facility, err);
	if (rc || (rc = flags_at(l, at, filter, &list, err)))
		return rc;
	put_flags(out, &list);
	flag_list_free(&list);
	return view_done(out, 0, err);
}

static json_t *candidate_json(const struct candidate *c, size_t rank)
{
	json_t *o = json_object(), *reasons = json_array();
	json_object_set_new(o, "rank", json_integer((json_int_t)rank));
	json_object_set_new(o, "person", json_string(c->person));
	json_object_set_new(o, "facility", json_string(c->facility));
	json_object_set_new(o, "days_detained", json_real(round(c->days_detained * 10) / 10));
	json_object_set_new(o, "threat_level", view_json_threat(c->threat_level));
	json_object_set_new(o, "criminality", view_json_word(&vocab_criminality, c->criminality));
	json_object_set_new(o, "release_required", json_boolean(c->release_required));
	for (size_t k = 0; k < c->n_reasons; k++)
		json_array_append_new(reasons, json_string(c->reasons[k]));
	json_object_set_new(o, "reasons", reasons);
	return o;
}

int view_candidates(FILE *out, struct ledger *l, ts_t at, const struct flag_filter *filter, size_t need,
		    struct error *err)
{
	struct candidate_list list;
	int rc = view_check_facility(l, filter->facility, err);
	if (rc || (rc = candidates_at(l, at, filter, &list, err)))
		return rc;
	struct view_array a = {out, false};
	for (size_t i = 0; rc == 0 && i < list.n && i < need; i++)
		rc = view_array_add(&a, candidate_json(&list.items[i], i + 1), err);
	candidate_list_free(&list);
	return view_array_end(&a, rc, err);
}
