#include "flags.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
void flag_filter_any(struct flag_filter *f)
{
	f->rule = f->status = UNSET;
	f->aor_mask = AOR_MASK_ALL;
	f->facility = NULL;
}

/* Whether the person of tl, held at t, is in the scope of filter. */
static bool in_scope(const struct ledger *l, const struct timeline *tl, ts_t t, const struct flag_filter *f)
{
	if (f->facility && (!tl->detained || strcmp(f->facility, tl->stint.facility) != 0))
		return false;
	return f->aor_mask == AOR_MASK_ALL || aor_mask_has(f->aor_mask, timeline_aor(tl, ledger_facilities(l), t));
}

struct flag_walk {
	struct ledger *l;
	ts_t t;
	const struct flag_filter *filter;
	struct flag_list *out;
	struct candidate_list *candidates;
};

/* ledger_timeline_fn: the flags of one person. */
static int person_flags(void *ctx, const struct timeline *tl, struct error *err)
{
	struct flag_walk *w = ctx;
	if (!in_scope(w->l, tl, w->t, w->filter))
		return 0;
	struct flag flags[CLOCK_FLAGS_MAX];
	size_t n = clock_flags(tl, w->t, ledger_facilities(w->l), ledger_rules(w->l), flags);
	for (size_t i = 0; i < n; i++) {
		if ((w->filter->rule != UNSET && flags[i].rule != w->filter->rule) ||
		    (w->filter->status != UNSET && flags[i].status != w->filter->status))
			continue;
		int rc = array_grow((void **)&w->out->items, &w->out->cap, w->out->n, sizeof *w->out->items, err);
		if (rc)
			return rc;
		struct person_flag *pf = &w->out->items[w->out->n++];
		strcpy(pf->person, tl->person);
		strcpy(pf->facility, tl->detained ? tl->stint.facility : "");
		pf->flag = flags[i];
	}
	return 0;
}

static int compare_flags(const void *pa, const void *pb)
{
	const struct person_flag *a = pa, *b = pb;
	ts_t da = a->flag.due == TS_NONE ? TS_FOREVER : a->flag.due;
	ts_t db = b->flag.due == TS_NONE ? TS_FOREVER : b->flag.due;
	if (da != db)
		return da < db ? -1 : 1;
	int d = strcmp(a->person, b->person);
	return d ? d : a->flag.rule - b->flag.rule;
}

int flags_at(struct ledger *l, ts_t t, const struct flag_filter *filter, struct flag_list *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct flag_walk w = {l, t, filter, out, NULL};
	int rc = ledger_people_at(l, t, STORE_HELD, person_flags, &w, err);
	if (rc == 0)
		rc = ledger_people_at(l, t, STORE_ENROLLED, person_flags, &w, err);
	return array_settle(rc, (void **)&out->items, &out->n, &out->cap, sizeof *out->items, compare_flags);
}

void flag_list_free(struct flag_list *list)
{
	array_release((void **)&list->items, &list->n, &list->cap);
}

/* ledger_timeline_fn: one person, a candidate or not. */
static int person_candidate(void *ctx, const struct timeline *tl, struct error *err)
{
	struct flag_walk *w = ctx;
	struct candidate_list *out = w->candidates;
	if (!in_scope(w->l, tl, w->t, w->filter))
		return 0;
	int rc = array_grow((void **)&out->items, &out->cap, out->n, sizeof *out->items, err);
	if (rc)
		return rc;
	if (beds_candidate(tl, w->t, ledger_rules(w->l), &out->items[out->n]))
		out->excluded++;
	else
		out->n++;
	return 0;
}

int candidates_at(struct ledger *l, ts_t t, const struct flag_filter *filter, struct candidate_list *out,
		  struct error *err)
{
	memset(out, 0, sizeof *out);
	struct flag_walk w = {l, t, filter, NULL, out};
	int rc = ledger_people_at(l, t, STORE_HELD, person_candidate, &w, err);
	if ((rc = array_settle(rc, (void **)&out->items, &out->n, &out->cap, sizeof *out->items, NULL)) == 0)
		beds_rank(out->items, out->n);
	return rc;
}

void candidate_list_free(struct candidate_list *list)
{
	array_release((void **)&list->items, &list->n, &list->cap);
	list->excluded = 0;
}
