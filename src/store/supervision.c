#include "supervision.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "clock.h"

static double ratio(double part, double whole)
{
	return whole > 0 ? part / whole : -1;
}

double atd_alip(const struct atd_group *g)
{
	return ratio(g->enrolled_days, (double)g->active);
}

double atd_compliance(const struct atd_group *g)
{
	return ratio((double)g->met, (double)g->ended);
}

double atd_appearance(const struct atd_group *g)
{
	return ratio((double)g->attended, (double)(g->attended + g->missed));
}

/* --- the summary ------------------------------------------------------- */

struct summary_walk {
	struct ledger *l;
	ts_t t;
	aor_mask_t aor_mask;
	struct atd_summary *out;
};

static void count(struct atd_group *g, const struct timeline *tl, ts_t t, const struct checkin_summary *c)
{
	g->active++;
	g->enrolled_days += (double)(t - tl->enrolment.start) / TS_DAY;
	g->ended += c->ended;
	g->met += c->met;
	for (size_t i = 0; i < tl->n_hearings; i++) {
		g->attended += tl->hearings[i].status == HEARING_ATTENDED;
		g->missed += tl->hearings[i].status == HEARING_MISSED;
	}
}

/* ledger_timeline_fn: one participant into the summary. */
static int summarise(void *ctx, const struct timeline *tl, struct error *err)
{
	struct summary_walk *w = ctx;
	(void)err;
	int aor = timeline_aor(tl, ledger_facilities(w->l), w->t);
	if (!aor_mask_has(w->aor_mask, aor))
		return 0;
	struct checkin_summary c;
	clock_checkins(tl, w->t, &c);
	count(&w->out->all, tl, w->t, &c);
	count(&w->out->by_technology[tl->enrolment.technology], tl, w->t, &c);
	count(&w->out->by_aor[aor == UNSET ? ATD_AORS : aor], tl, w->t, &c);
	return 0;
}

/* store_count_fn: absconders of one AOR (NULL: unknown). */
static int add_absconders(void *ctx, const char *aor, int64_t n, struct error *err)
{
	struct summary_walk *w = ctx;
	(void)err;
	if (aor_mask_has(w->aor_mask, aor ? vocab_find(&vocab_aor, aor) : UNSET))
		w->out->absconders += n;
	return 0;
}

int atd_summary_at(struct ledger *l, ts_t t, aor_mask_t aor_mask, struct atd_summary *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->at = t;
	struct summary_walk w = {l, t, aor_mask, out};
	int rc = ledger_people_at(l, t, STORE_ENROLLED, summarise, &w, err);
	return rc ? rc : store_absconders_at(ledger_store(l), t, add_absconders, &w, err);
}

int atd_groups(enum atd_by by)
{
	return by == ATD_BY_AOR ? vocab_aor.count + 1 : by == ATD_BY_TECHNOLOGY ? TECH_COUNT : 0;
}

const struct atd_group *atd_group(const struct atd_summary *s, enum atd_by by, int i, const char **name)
{
	assert(i >= 0 && i < atd_groups(by));
	if (by == ATD_BY_TECHNOLOGY) {
		*name = vocab_word(&vocab_technology, i);
		return &s->by_technology[i];
	}
	*name = i < vocab_aor.count ? vocab_word(&vocab_aor, i) : "unknown";
	return &s->by_aor[i < vocab_aor.count ? i : ATD_AORS];
}

/* --- who is due, who missed -------------------------------------------- */

struct list_walk {
	struct ledger *l;
	ts_t t;
	aor_mask_t aor_mask;
	enum atd_which which;
	struct atd_list *out;
};

static bool listed(const struct list_walk *w, const struct checkin_summary *c)
{
	if (w->which == ATD_MISSED)
		return c->missed_run > 0;
	return c->open_b != TS_NONE && c->open_b < w->t + TS_DAY && c->open_deadline > w->t;
}

/* ledger_timeline_fn: one participant, listed or not. */
static int list_person(void *ctx, const struct timeline *tl, struct error *err)
{
	struct list_walk *w = ctx;
	int aor = timeline_aor(tl, ledger_facilities(w->l), w->t);
	struct checkin_summary c;
	clock_checkins(tl, w->t, &c);
	if (!aor_mask_has(w->aor_mask, aor) || !listed(w, &c))
		return 0;
	int rc = array_grow((void **)&w->out->items, &w->out->cap, w->out->n, sizeof *w->out->items, err);
	if (rc)
		return rc;
	struct atd_person *p = &w->out->items[w->out->n++];
	strcpy(p->person, tl->person);
	p->technology = tl->enrolment.technology;
	p->checkin_days = tl->enrolment.checkin_days;
	p->aor = aor;
	p->checkins = c;
	return 0;
}

static int by_due(const void *pa, const void *pb)
{
	const struct atd_person *a = pa, *b = pb;
	if (a->checkins.open_b != b->checkins.open_b)
		return a->checkins.open_b < b->checkins.open_b ? -1 : 1;
	return strcmp(a->person, b->person);
}

static int by_missed(const void *pa, const void *pb)
{
	const struct atd_person *a = pa, *b = pb;
	if (a->checkins.missed_run != b->checkins.missed_run)
		return a->checkins.missed_run > b->checkins.missed_run ? -1 : 1;
	return strcmp(a->person, b->person);
}

int atd_list_at(struct ledger *l, ts_t t, aor_mask_t aor_mask, enum atd_which which, struct atd_list *out,
		struct error *err)
{
	memset(out, 0, sizeof *out);
	struct list_walk w = {l, t, aor_mask, which, out};
	int rc = ledger_people_at(l, t, STORE_ENROLLED, list_person, &w, err);
	return array_settle(rc, (void **)&out->items, &out->n, &out->cap, sizeof *out->items,
			    which == ATD_DUE ? by_due : by_missed);
}

void atd_list_free(struct atd_list *list)
{
	array_release((void **)&list->items, &list->n, &list->cap);
}

/* --- hearings ---------------------------------------------------------- */

struct hearing_walk {
	struct ledger *l;
	ts_t from, to;
	aor_mask_t aor_mask;
	struct hearing_list *out;
};

/* ledger_timeline_fn: one participant's scheduled hearings in range. */
static int person_hearings(void *ctx, const struct timeline *tl, struct error *err)
{
	struct hearing_walk *w = ctx;
	int aor = timeline_aor(tl, ledger_facilities(w->l), w->from);
	if (!aor_mask_has(w->aor_mask, aor))
		return 0;
	for (size_t i = 0; i < tl->n_hearings; i++) {
		const struct tl_hearing *h = &tl->hearings[i];
		if (h->status != HEARING_SCHEDULED || h->hearing_at < w->from || h->hearing_at > w->to)
			continue;
		int rc = array_grow((void **)&w->out->items, &w->out->cap, w->out->n, sizeof *w->out->items, err);
		if (rc)
			return rc;
		struct atd_hearing *out = &w->out->items[w->out->n++];
		strcpy(out->person, tl->person);
		out->hearing_at = h->hearing_at;
		out->technology = tl->enrolment.technology;
		out->aor = aor;
	}
	return 0;
}

static int by_hearing(const void *pa, const void *pb)
{
	const struct atd_hearing *a = pa, *b = pb;
	if (a->hearing_at != b->hearing_at)
		return a->hearing_at < b->hearing_at ? -1 : 1;
	return strcmp(a->person, b->person);
}

int hearings_between(struct ledger *l, ts_t from, ts_t to, aor_mask_t aor_mask, struct hearing_list *out,
		     struct error *err)
{
	memset(out, 0, sizeof *out);
	struct hearing_walk w = {l, from, to, aor_mask, out};
	int rc = ledger_people_at(l, from, STORE_ENROLLED, person_hearings, &w, err);
	return array_settle(rc, (void **)&out->items, &out->n, &out->cap, sizeof *out->items, by_hearing);
}

void hearing_list_free(struct hearing_list *list)
{
	array_release((void **)&list->items, &list->n, &list->cap);
}
