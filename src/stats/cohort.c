/* cohort.c: cohort outcomes (see cohort.h). Every table of the snapshot
 * is in person order (store_histories() walks people in order), so one
 * pass joins each arrested person to their stays, departures and
 * enrolments. */
#include "cohort.h"

#include <assert.h>
#include <string.h>

const char *const stats_cohort_state_names[COHORT_STATES] = {
	"detained", "removed", "released_supervised", "released", "other", "never_detained"};

/* The rows of one person in a table sorted by person: [begin, end). */
struct range {
	size_t begin, end;
};

/* Advance *next past the rows of people before id; return id's rows. */
static struct range rows_of(const uint32_t *person, size_t n, size_t *next, uint32_t id)
{
	while (*next < n && person[*next] < id)
		(*next)++;
	struct range r = {*next, *next};
	while (r.end < n && person[r.end] == id)
		r.end++;
	*next = r.end;
	return r;
}

static bool ends_out_of_detention(int reason)
{
	return reason == OUT_DEATH || reason == OUT_ESCAPE || reason == OUT_TRANSFERRED ||
	       reason == OUT_TRANSFERRED_USMS || reason == OUT_TRANSFERRED_HHS;
}

struct person_rows {
	struct range stays, departures, enrolments;
};

static bool enrolled_at(const struct stats_snapshot *s, struct range r, uint32_t t)
{
	for (size_t i = r.begin; i < r.end; i++)
		if (s->enr_start[i] <= t && t < s->enr_end[i])
			return true;
	return false;
}

/* The state at t of a person arrested at a; *reason is the release reason
 * for COHORT_RELEASED. */
static enum stats_cohort_state state_of(const struct stats_snapshot *s, const struct person_rows *p, uint32_t a,
					uint32_t t, int *reason)
{
	ptrdiff_t latest = -1;
	bool removed = false;
	for (size_t i = p->stays.begin; i < p->stays.end; i++) {
		if (s->stay_in[i] <= t && t < s->stay_out[i])
			return COHORT_DETAINED;
		if (s->stay_in[i] < a || s->stay_in[i] > t)
			continue;
		if (s->stay_out[i] <= t && s->stay_reason[i] == OUT_REMOVED)
			removed = true;
		if (latest < 0 || s->stay_in[i] > s->stay_in[latest])
			latest = (ptrdiff_t)i;
	}
	for (size_t i = p->departures.begin; i < p->departures.end; i++)
		removed |= s->dep_at[i] >= a && s->dep_at[i] <= t;
	if (removed)
		return COHORT_REMOVED;
	if (latest < 0)
		return COHORT_NEVER_DETAINED;
	/* the stays begun by t and not held at t are closed, so have a reason */
	assert(s->stay_out[latest] != STATS_OPEN && s->stay_reason[latest] < OUT_REASON_COUNT);
	*reason = s->stay_reason[latest];
	if (*reason >= OUT_REASON_COUNT || ends_out_of_detention(*reason))
		return COHORT_OTHER;
	return enrolled_at(s, p->enrolments, t) ? COHORT_RELEASED_SUPERVISED : COHORT_RELEASED;
}

static size_t cohort_group(const struct stats_snapshot *s, enum stats_by by, size_t arrest)
{
	switch (by) {
	case STATS_BY_AOR:
		return s->arrest_aor[arrest] == STATS_NONE ? VOCAB_AORS : s->arrest_aor[arrest];
	case STATS_BY_AGENCY:
		return s->arrest_agency[arrest] == STATS_NONE ? 2 : s->arrest_agency[arrest];
	case STATS_BY_CRIMINALITY:
		return (size_t)stats_class_crim_counted(s->arrest_class[arrest]);
	default:
		return 0;
	}
}

int stats_cohort(const struct stats_snapshot *s, ts_t from, ts_t to, ts_t at, enum stats_by by,
		 struct stats_cohort *out, struct error *err)
{
	if (by != STATS_BY_NONE && by != STATS_BY_AOR && by != STATS_BY_CRIMINALITY && by != STATS_BY_AGENCY)
		return error_set(err, ERR_INVALID, "a cohort is broken down by aor, agency or criminality, not %s",
				 vocab_word(&vocab_stats_by, by));
	memset(out, 0, stats_groups(s, by) * sizeof *out);
	uint32_t lo = stats_time(from), hi = stats_time(to), t = stats_instant(at);
	size_t next_stay = 0, next_dep = 0, next_enr = 0;
	for (size_t i = 0; i < s->arrests.n;) {
		uint32_t id = s->arrest_person[i];
		size_t first = SIZE_MAX;
		for (; i < s->arrests.n && s->arrest_person[i] == id; i++)
			if (first == SIZE_MAX && s->arrest_at[i] >= lo && s->arrest_at[i] <= hi)
				first = i;
		if (first == SIZE_MAX)
			continue;
		struct person_rows p = {
			.stays = rows_of(s->stay_person, s->stays.n, &next_stay, id),
			.departures = rows_of(s->dep_person, s->departures.n, &next_dep, id),
			.enrolments = rows_of(s->enr_person, s->enrolments.n, &next_enr, id),
		};
		int reason = UNSET;
		enum stats_cohort_state state = state_of(s, &p, s->arrest_at[first], t, &reason);
		size_t g = cohort_group(s, by, first);
		assert(g < stats_groups(s, by));
		struct stats_cohort *c = &out[g];
		c->arrested++;
		c->states[state]++;
		if (state == COHORT_RELEASED)
			c->released_by_reason[reason]++;
	}
	return 0;
}
