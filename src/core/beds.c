#include "beds.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

static void reason(struct candidate *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(struct candidate *c, const char *fmt, ...)
{
	assert(c->n_reasons < BEDS_REASONS);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->reasons[c->n_reasons++], BEDS_REASON_MAX, fmt, ap);
	va_end(ap);
}

/* Why the person of tl is never listed, or NULL. */
static const char *excluded(const struct timeline *tl, ts_t t, const struct rules *r)
{
	if (tl->mandatory != UNSET && tl->mandatory != MAND_NONE)
		return "mandatory detention";
	if (clock_in_removal_period(tl, t, r))
		return "mandatory detention inside the removal period (241a)";
	if (tl->border == 1 && !r->border_release_allowed)
		return "border arrest while border_release is forbidden";
	if (clock_child_at_book_in(tl, r))
		return "a child (CH-72H, CH-20D apply)";
	if (tl->travel_status == TRAVEL_ISSUED)
		return "travel document issued: removal is imminent";
	return NULL;
}

const char *beds_candidate(const struct timeline *tl, ts_t t, const struct rules *r, struct candidate *c)
{
	assert(tl->detained);
	const char *why = excluded(tl, t, r);
	if (why)
		return why;
	memset(c, 0, sizeof *c);
	strcpy(c->person, tl->person);
	strcpy(c->facility, tl->stint.facility);
	c->since = tl->stay.in;
	c->days_detained = (double)(t - tl->stay.in) / TS_DAY;
	c->threat_level = tl->threat_level;
	c->criminality = tl->criminality;
	c->release_required = clock_release_required(tl, t, r, NULL);
	if (c->release_required) {
		struct flag flags[CLOCK_FLAGS_MAX];
		static const struct facility_registry none = {0};
		size_t n = clock_flags(tl, t, &none, r, flags);
		for (size_t i = 0; i < n; i++)
			if (flags[i].rule == FLAG_PO_RELEASE)
				reason(c, "release required (PO-RELEASE): %s", flags[i].reason);
	}
	if (tl->threat_level == UNSET)
		reason(c, "threat level not recorded");
	else if (tl->threat_level == THREAT_NULL)
		reason(c, "no ICE threat level");
	else
		reason(c, "threat level %d", tl->threat_level);
	reason(c, "criminality %s", tl->criminality == UNSET ? "not recorded" : vocab_word(&vocab_criminality, tl->criminality));
	reason(c, "detained %.0f days (since %s)", c->days_detained, ts_format_date(tl->stay.in, (char[DATE_TEXT_MAX]){0}));
	if (!tl->final_order)
		reason(c, "no final order: bond eligible (PR-BOND)");
	return NULL;
}

/* none, 3, 2, 1, then unknown */
static int threat_rank(int level)
{
	return level == THREAT_NULL ? 0 : level == UNSET ? 4 : 4 - level;
}

/* none, pending, convicted, then unknown */
static int criminality_rank(int c)
{
	return c == CRIM_NONE ? 0 : c == CRIM_PENDING ? 1 : c == CRIM_CONVICTED ? 2 : 3;
}

static int compare_candidates(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;
	if (a->release_required != b->release_required)
		return a->release_required ? -1 : 1;
	int d = threat_rank(a->threat_level) - threat_rank(b->threat_level);
	if (d == 0)
		d = criminality_rank(a->criminality) - criminality_rank(b->criminality);
	if (d == 0 && a->since != b->since)
		d = a->since < b->since ? -1 : 1;
	return d ? d : strcmp(a->person, b->person);
}

void beds_rank(struct candidate *c, size_t n)
{
	if (n > 1)
		qsort(c, n, sizeof *c, compare_candidates);
}

static bool fits(const struct occupancy_row *row, int sex, bool child)
{
	const struct event *d = row->details;
	if (!row->open || !d || (d->kind == FAC_FAMILY) != child)
		return false;
	if (d->facility_sex == FSEX_ANY || d->facility_sex == UNSET)
		return true;
	return (sex == SEX_M && d->facility_sex == FSEX_M) || (sex == SEX_F && d->facility_sex == FSEX_F);
}

static int compare_placements(const void *pa, const void *pb)
{
	const struct placement *a = pa, *b = pb;
	if (a->in_aor != b->in_aor)
		return a->in_aor ? -1 : 1;
	if (a->free != b->free)
		return a->free > b->free ? -1 : 1;
	return strcmp(a->row->facility->code, b->row->facility->code);
}

size_t beds_place(const struct occupancy_row *rows, size_t n, int sex, bool child, int aor, struct placement *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t free_beds = rows[i].capacity - rows[i].population;
		if (free_beds <= 0 || !fits(&rows[i], sex, child))
			continue;
		out[k++] = (struct placement){&rows[i], free_beds, aor != UNSET && rows[i].details->aor == aor};
	}
	qsort(out, k, sizeof *out, compare_placements);
	return k;
}
