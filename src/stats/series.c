/* series.c: daily series and period figures (see series.h). */
#include "series.h"
#include "bounds.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const by_words[] = {"none", "facility", "aor", "agency", "criminality", "threat", "mandatory"};
const struct vocab vocab_stats_by = {"breakdown", by_words, STATS_BY_COUNT};

const char *const stats_figure_names[STATS_FIGURES] = {"arrests", "population", "book_ins", "book_outs",
						       "removals"};

#define NO_GROUP SIZE_MAX

size_t stats_groups(const struct stats_snapshot *s, enum stats_by by)
{
	switch (by) {
	case STATS_BY_FACILITY:
		return s->n_facilities;
	case STATS_BY_AOR:
		return VOCAB_AORS + 1;
	case STATS_BY_AGENCY:
		return 3;
	case STATS_BY_CRIMINALITY:
		return 3;
	case STATS_BY_THREAT:
		return 4;
	case STATS_BY_MANDATORY:
		return (size_t)vocab_mandatory.count + 1;
	default:
		return 1;
	}
}

const char *stats_group_name(const struct stats_snapshot *s, enum stats_by by, size_t g)
{
	static const char *const threats[] = {"1", "2", "3", "none"};
	switch (by) {
	case STATS_BY_FACILITY:
		return s->facility_code[g];
	case STATS_BY_AOR:
		return g < VOCAB_AORS ? vocab_word(&vocab_aor, (int)g) : "unknown";
	case STATS_BY_AGENCY:
		return g < 2 ? vocab_word(&vocab_agency, (int)g) : "unknown";
	case STATS_BY_CRIMINALITY:
		return vocab_word(&vocab_criminality, (int)g);
	case STATS_BY_THREAT:
		return threats[g];
	case STATS_BY_MANDATORY:
		return (int)g < vocab_mandatory.count ? vocab_word(&vocab_mandatory, (int)g) : "unknown";
	default:
		return "";
	}
}

bool stats_figure_defined(enum stats_by by, enum stats_figure f)
{
	return !(by == STATS_BY_FACILITY && f == STATS_ARRESTS);
}

/* What a counted record is, for its group. fac is -1 when it has none. */
struct where {
	int fac;
	uint8_t aor, agency, class_;
};

static inline size_t group_of(const struct stats_snapshot *s, enum stats_by by, struct where w)
{
	switch (by) {
	case STATS_BY_FACILITY:
		return w.fac < 0 ? NO_GROUP : (size_t)w.fac;
	case STATS_BY_AOR: {
		int aor = w.fac >= 0 ? s->facility_aor[w.fac] : (w.aor == STATS_NONE ? -1 : w.aor);
		return aor < 0 ? VOCAB_AORS : (size_t)aor;
	}
	case STATS_BY_AGENCY:
		return w.agency == STATS_NONE ? 2 : w.agency;
	case STATS_BY_CRIMINALITY:
		return (size_t)stats_class_crim_counted(w.class_);
	case STATS_BY_THREAT: {
		int threat = stats_class_threat(w.class_);
		return threat == 0 ? 3 : (size_t)threat - 1;
	}
	case STATS_BY_MANDATORY: {
		int basis = stats_class_mandatory(w.class_);
		return basis == UNSET ? (size_t)vocab_mandatory.count : (size_t)basis;
	}
	default:
		return 0;
	}
}

static int32_t *cell(struct stats_series *x, enum stats_figure f, size_t g, size_t d)
{
	return &x->values[((size_t)f * x->n_groups + g) * x->n_days + d];
}

/* The snapshot instants a calendar covers: [first, last]. */
struct span {
	uint32_t first, last;
};

static struct span span_of(const struct stats_calendar *c)
{
	assert(c->n > 0);
	return (struct span){stats_time(c->start), stats_time(c->ends[c->n - 1])};
}

/* Count an event at t in figure f of group g when t falls in the calendar. */
static inline void count_event(struct stats_series *x, const struct stats_calendar *c, struct span sp,
			       enum stats_figure f, size_t g, uint32_t t)
{
	if (g == NO_GROUP || t < sp.first || t > sp.last)
		return;
	size_t d = stats_calendar_day32(c, t);
	assert(g < x->n_groups && d < x->n_days);
	(*cell(x, f, g, d))++;
}

/* Add an interval [in, out) to the population differences of group g:
 * it is counted on the days d with in <= ends[d] < out. */
static inline void count_interval(int32_t *diff, size_t n_days, const struct stats_calendar *c, size_t g,
				  uint32_t in, uint32_t out)
{
	if (g == NO_GROUP)
		return;
	size_t a = stats_calendar_day32(c, in), b = stats_calendar_day32(c, out);
	if (a < b) {
		diff[g * (n_days + 1) + a]++;
		diff[g * (n_days + 1) + b]--;
	}
}

/* The group of stay i at its book-in, at its book-out (the nation reads
 * no column). */
static inline size_t stay_in_group(const struct stats_snapshot *s, enum stats_by by, size_t i)
{
	if (by == STATS_BY_NONE)
		return 0;
	return group_of(s, by, (struct where){s->stay_fac_in[i], STATS_NONE, s->stay_agency[i], s->stay_class_in[i]});
}

static inline size_t stay_out_group(const struct stats_snapshot *s, enum stats_by by, size_t i)
{
	if (by == STATS_BY_NONE)
		return 0;
	return group_of(s, by,
			(struct where){s->stay_fac_out[i], STATS_NONE, s->stay_agency[i], s->stay_class_out[i]});
}

/* Rows [from, to) of a table of n rows: half h of two. */
struct rows {
	size_t from, to;
};

static struct rows half(size_t n, int h)
{
	return (struct rows){n * (size_t)h / 2, n * (size_t)(h + 1) / 2};
}

/* The stays' book-ins, book-outs and removals, and with diff (the nation,
 * by agency) their population differences. The columns are read through
 * local pointers: the counts written cannot change them. */
static void stays_pass(const struct stats_snapshot *s, const struct stats_calendar *c, struct stats_series *x,
		       int32_t *restrict diff, struct rows r)
{
	const struct span sp = span_of(c);
	const size_t n = x->n_days;
	const enum stats_by by = x->by;
	const uint32_t *restrict ins = s->stay_in, *restrict outs = s->stay_out;
	const uint8_t *restrict reasons = s->stay_reason;
	int32_t *restrict book_ins = cell(x, STATS_BOOK_INS, 0, 0), *restrict book_outs = cell(x, STATS_BOOK_OUTS, 0, 0),
			  *restrict removals = cell(x, STATS_REMOVALS, 0, 0);
	for (size_t i = r.from; i < r.to; i++) {
		uint32_t in = ins[i], out = outs[i];
		if (out < sp.first || in > sp.last)
			continue;
		size_t a = stats_calendar_day32(c, in), b = stats_calendar_day32(c, out);
		size_t g = stay_in_group(s, by, i);
		if (g == NO_GROUP)
			continue;
		if (diff && a < b) {
			diff[g * (n + 1) + a]++;
			diff[g * (n + 1) + b]--;
		}
		if (in >= sp.first)
			book_ins[g * n + a]++;
		if (out > sp.last || (g = stay_out_group(s, by, i)) == NO_GROUP)
			continue;
		book_outs[g * n + b]++;
		removals[g * n + b] += reasons[i] == OUT_REMOVED;
	}
}

/* The population differences of the segments (which know the facility
 * and classification of each instant). */
static void segments_pass(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
			  int32_t *diff, size_t n_days, struct rows r)
{
	for (size_t i = r.from; i < r.to; i++) {
		struct where w = {s->seg_fac[i], STATS_NONE, s->stay_agency[s->seg_stay[i]], s->seg_class[i]};
		count_interval(diff, n_days, c, group_of(s, by, w), s->seg_in[i], s->seg_out[i]);
	}
}

/* Removals by departure, and arrests. */
static void movements(const struct stats_snapshot *s, const struct stats_calendar *c, struct stats_series *x,
		      struct rows departures, struct rows arrests_rows)
{
	struct span sp = span_of(c);
	for (size_t i = departures.from; i < departures.to; i++) {
		struct where w = {-1, s->dep_aor[i], s->dep_agency[i], s->dep_class[i]};
		count_event(x, c, sp, STATS_REMOVALS, group_of(s, x->by, w), s->dep_at[i]);
	}
	if (x->by == STATS_BY_FACILITY)
		return;
	const uint32_t *restrict at = s->arrest_at;
	int32_t *restrict arrests = cell(x, STATS_ARRESTS, 0, 0);
	const size_t n = x->n_days;
	for (size_t i = arrests_rows.from; i < arrests_rows.to; i++) {
		uint32_t t = at[i];
		if (t < sp.first || t > sp.last)
			continue;
		size_t g = x->by == STATS_BY_NONE ? 0
						   : group_of(s, x->by,
							      (struct where){-1, s->arrest_aor[i], s->arrest_agency[i],
									     s->arrest_class[i]});
		arrests[g * n + stats_calendar_day32(c, t)]++;
	}
}

/* Half of the work of a daily series: its counts and population
 * differences, in arrays of its own. */
struct part {
	const struct stats_snapshot *s;
	const struct stats_calendar *c;
	struct stats_series x;
	int32_t *diff; /* [group][day + 1] */
	int half;
};

static int part_init(struct part *p, const struct stats_snapshot *s, const struct stats_calendar *c,
		     const struct stats_series *shape, int h)
{
	*p = (struct part){.s = s, .c = c, .x = *shape, .half = h};
	p->x.values = calloc(STATS_FIGURES * shape->n_groups * shape->n_days + 1, sizeof *p->x.values);
	p->diff = calloc(shape->n_groups * (shape->n_days + 1), sizeof *p->diff);
	return p->x.values && p->diff ? 0 : ERR_NOMEM;
}

static void part_free(struct part *p)
{
	free(p->x.values);
	free(p->diff);
}

static void *part_run(void *arg)
{
	struct part *p = arg;
	const struct stats_snapshot *s = p->s;
	bool by_stays = p->x.by == STATS_BY_NONE || p->x.by == STATS_BY_AGENCY;
	stays_pass(s, p->c, &p->x, by_stays ? p->diff : NULL, half(s->stays.n, p->half));
	if (!by_stays)
		segments_pass(s, p->c, p->x.by, p->diff, p->x.n_days, half(s->segments.n, p->half));
	movements(s, p->c, &p->x, half(s->departures.n, p->half), half(s->arrests.n, p->half));
	return NULL;
}

/* Both halves, the second on a thread of its own when one can be had. */
static void run_parts(struct part parts[2])
{
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, part_run, &parts[1]) == 0;
	part_run(&parts[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else
		part_run(&parts[1]);
}

/* Sum the halves into out, the midnight populations from the differences. */
static void merge(const struct part parts[2], struct stats_series *out)
{
	size_t cells = STATS_FIGURES * out->n_groups * out->n_days, n = out->n_days;
	for (size_t i = 0; i < cells; i++)
		out->values[i] = parts[0].x.values[i] + parts[1].x.values[i];
	for (size_t g = 0; g < out->n_groups; g++) {
		int32_t running = 0;
		for (size_t d = 0; d < n; d++) {
			size_t k = g * (n + 1) + d;
			running += parts[0].diff[k] + parts[1].diff[k];
			*cell(out, STATS_POPULATION, g, d) = running;
		}
	}
}

int stats_query_check(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by, bool series,
		      struct error *err)
{
	size_t groups = stats_groups(s, by), cells = c->n * groups;
	int cells_max = series ? BOUND_SERIES_ROWS_MAX : BOUND_PERIOD_CELLS_MAX;
	if (series && c->n > BOUND_SERIES_DAYS_MAX)
		return error_set(err, ERR_INVALID, "a daily series covers at most %d days, not %zu: ask for fewer days "
						   "(or for the figures of the period)",
				 BOUND_SERIES_DAYS_MAX, c->n);
	if (cells > (size_t)cells_max)
		return error_set(err, ERR_INVALID,
				 "%s has at most %d days x groups, not %zu (%zu days x %zu groups by %s): ask for "
				 "fewer days or another breakdown",
				 series ? "a daily series" : "a period", cells_max, cells, c->n, groups,
				 vocab_word(&vocab_stats_by, by));
	return 0;
}

int stats_daily(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		struct stats_series *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->by = by;
	out->n_groups = stats_groups(s, by);
	out->n_days = c->n;
	out->values = calloc(STATS_FIGURES * out->n_groups * out->n_days + 1, sizeof *out->values);
	struct part parts[2] = {0};
	int rc = out->values ? 0 : ERR_NOMEM;
	for (int h = 0; rc == 0 && h < 2; h++)
		rc = part_init(&parts[h], s, c, out, h);
	if (rc == 0) {
		run_parts(parts);
		merge(parts, out);
	}
	part_free(&parts[0]);
	part_free(&parts[1]);
	return rc ? error_set(err, ERR_NOMEM, "out of memory") : 0;
}

void stats_series_free(struct stats_series *x)
{
	free(x->values);
	memset(x, 0, sizeof *x);
}

void stats_detained(const struct stats_snapshot *s, ts_t at, enum stats_by by, int64_t *counts)
{
	memset(counts, 0, stats_groups(s, by) * sizeof *counts);
	uint32_t t = stats_instant(at);
	for (size_t i = 0; i < s->segments.n; i++) {
		if (!(s->seg_in[i] <= t && t < s->seg_out[i]))
			continue;
		struct where w = {s->seg_fac[i], STATS_NONE, s->stay_agency[s->seg_stay[i]], s->seg_class[i]};
		size_t g = group_of(s, by, w);
		assert(g < stats_groups(s, by));
		counts[g]++;
	}
}

/* Book-ins, book-outs and lengths of stay of the period, by group. */
static void period_stays(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
			 struct stats_period *out, double *days_ended)
{
	for (size_t i = 0; i < s->stays.n; i++) {
		if (stats_calendar_covers(c, s->stay_in[i])) {
			size_t g = stay_in_group(s, by, i);
			if (g != NO_GROUP) {
				out[g].book_ins[s->stay_agency[i] == STATS_NONE ? 2 : s->stay_agency[i]]++;
				out[g].book_ins_crim[stats_class_crim_counted(s->stay_class_in[i])]++;
			}
		}
		if (s->stay_out[i] == STATS_OPEN || !stats_calendar_covers(c, s->stay_out[i]))
			continue;
		size_t g = stay_out_group(s, by, i);
		if (g == NO_GROUP)
			continue;
		assert(s->stay_reason[i] < OUT_REASON_COUNT); /* a closed stay has a reason (snapshot.c) */
		out[g].book_outs[s->stay_reason[i]]++;
		out[g].book_outs_crim[stats_class_crim_counted(s->stay_class_out[i])]++;
		out[g].ended++;
		days_ended[g] += (double)(s->stay_out[i] - s->stay_in[i]) / 86400.0;
	}
}

int stats_period(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		 struct stats_period *out, struct error *err)
{
	struct stats_series x = {0};
	int rc = stats_query_check(s, c, by, false, err);
	if (rc == 0)
		rc = stats_daily(s, c, by, &x, err);
	double *days_ended = calloc(x.n_groups + 1, sizeof *days_ended);
	if (rc == 0 && !days_ended)
		rc = error_set(err, ERR_NOMEM, "out of memory");
	if (rc) {
		free(days_ended);
		stats_series_free(&x);
		return rc;
	}
	memset(out, 0, x.n_groups * sizeof *out);
	period_stays(s, c, by, out, days_ended);
	for (size_t g = 0; g < x.n_groups; g++) {
		int64_t population = 0, arrests = 0, removals = 0;
		for (size_t d = 0; d < x.n_days; d++) {
			population += stats_series_at(&x, STATS_POPULATION, g, d);
			arrests += stats_series_at(&x, STATS_ARRESTS, g, d);
			removals += stats_series_at(&x, STATS_REMOVALS, g, d);
		}
		out[g].adp = x.n_days ? (double)population / (double)x.n_days : 0;
		out[g].alos_days = out[g].ended ? days_ended[g] / (double)out[g].ended : 0;
		out[g].arrests = stats_figure_defined(by, STATS_ARRESTS) ? arrests : -1;
		out[g].removals = removals;
	}
	free(days_ended);
	stats_series_free(&x);
	return 0;
}
