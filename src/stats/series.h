/* series.h: daily series and period figures (statistics.md, Detention
 * figures), computed from a snapshot over a calendar.
 *
 * Each figure may be broken down by one dimension: facility, AOR, agency,
 * criminality or threat level. A record counts in the group it has at the
 * instant counted: a midnight population by the facility and the
 * classification of that instant; a book-in by its facility, agency and
 * criminality at book-in; a book-out by those at book-out; an arrest by its
 * AOR and agency. Arrests and departures have no facility: by facility
 * they are not counted (and shown as not applicable), and removals are the
 * book-outs `removed` of each facility. */
#ifndef CUSTODY_STATS_SERIES_H
#define CUSTODY_STATS_SERIES_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "snapshot.h"

enum stats_by { STATS_BY_NONE, STATS_BY_FACILITY, STATS_BY_AOR, STATS_BY_AGENCY, STATS_BY_CRIMINALITY,
		STATS_BY_THREAT, STATS_BY_MANDATORY, STATS_BY_COUNT };

/* The words of --by: "none", "facility", "aor", "agency", "criminality",
 * "threat", "mandatory". */
extern const struct vocab vocab_stats_by;

enum stats_figure { STATS_ARRESTS, STATS_POPULATION, STATS_BOOK_INS, STATS_BOOK_OUTS, STATS_REMOVALS,
		    STATS_FIGURES };

/* The column names of the daily series, in enum stats_figure order. */
extern const char *const stats_figure_names[STATS_FIGURES];

/* How many groups a breakdown has for snapshot s: facilities, the 25 AORs
 * and "unknown", the two agencies and "unknown", the three criminalities
 * (unknown counts as none), threat levels 1-3 and "none", the mandatory
 * bases and "unknown"; 1 for none. */
size_t stats_groups(const struct stats_snapshot *s, enum stats_by by);

/* The name of group g of a breakdown ("" for none). Static or owned by s. */
const char *stats_group_name(const struct stats_snapshot *s, enum stats_by by, size_t g);

/* Whether a figure is counted in a breakdown (arrests are not, by facility). */
bool stats_figure_defined(enum stats_by by, enum stats_figure f);

struct stats_series {
	enum stats_by by;
	size_t n_groups, n_days;
	int32_t *values; /* owned: [figure][group][day] */
};

static inline int32_t stats_series_at(const struct stats_series *x, enum stats_figure f, size_t g, size_t d)
{
	return x->values[((size_t)f * x->n_groups + g) * x->n_days + d];
}

/* Whether a query over the days of c by `by` is within the bounds of one
 * request (bounds.h): a daily series (series true) its days and rows, a
 * period its days x groups. 0, or ERR_INVALID saying the limit and how to
 * narrow the query. */
int stats_query_check(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by, bool series,
		      struct error *err);

/* The daily series of every figure over the days of c, broken down by
 * by, whatever its size (callers that answer with it check
 * stats_query_check() first). The caller frees *out with
 * stats_series_free(), on failure too. */
int stats_daily(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		struct stats_series *out, struct error *err);

/* Free the values of x; x may be filled again. */
void stats_series_free(struct stats_series *x);

/* The currently detained (statistics.md): the people held at instant at,
 * by the group of that instant (its facility, classification), into
 * counts[0..stats_groups(s, by)), which the caller allocates. */
void stats_detained(const struct stats_snapshot *s, ts_t at, enum stats_by by, int64_t *counts);

/* The figures of a period, for one group. */
struct stats_period {
	double adp;                 /* mean midnight population */
	double alos_days;           /* mean (out - in) / 86400 of the stays ended; 0 if none */
	int64_t ended;              /* stays ended (the ALOS's count) */
	int64_t arrests;            /* -1 when not counted in the breakdown */
	int64_t book_ins[3];        /* by agency: ICE, CBP, unknown */
	int64_t book_ins_crim[3];   /* by criminality at book-in */
	int64_t book_outs[OUT_REASON_COUNT];
	int64_t book_outs_crim[3];  /* by criminality at book-out */
	int64_t removals;
};

/* The period figures of every group over the days of c into out[0..
 * stats_groups(s, by)), which the caller allocates; ERR_INVALID beyond
 * the bounds of stats_query_check(). */
int stats_period(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		 struct stats_period *out, struct error *err);

#endif
