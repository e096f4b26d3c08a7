/* from_ledger.c: ICE's tables from the ledger (see from_ledger.h). */
#include "from_ledger.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atd.h"
#include "cohort.h"
#include "series.h"

#define ALL_AGENCIES ICE_AGENCIES
#define ALL_CRIMS ICE_CRIMS

/* The figures' working state: the calendar, each day's month, and the
 * days counted (those ended by as_of). */
struct year {
	const struct stats_snapshot *s;
	const struct stats_calendar *c;
	ts_t as_of;
	size_t counted;      /* days whose 23:59:59 is at or before as_of */
	int *month;          /* of each day, 0 = October */
	size_t days_in[ICE_MONTHS]; /* counted days of each month */
};

static int agency_of(uint8_t agency)
{
	return agency == STATS_NONE ? -1 : agency;
}

/* The month of t, or -1 when t is not a counted day of the year. */
static int month_at(const struct year *y, uint32_t t)
{
	if (!stats_calendar_covers(y->c, t) || (ts_t)t > y->as_of)
		return -1;
	return y->month[stats_calendar_day(y->c, t)];
}

/* Add x to a [agency][crim][month] matrix, and to its "all" rows and the
 * year's column. */
static void add_cell(double m[][ICE_CRIMS + 1][ICE_MONTHS + 1], int agency, int crim, int month, double x)
{
	int as[] = {agency, ALL_AGENCIES}, cs[] = {crim, ALL_CRIMS}, ms[] = {month, ICE_MONTHS};
	for (int a = agency < 0 ? 1 : 0; a < 2; a++)
		for (int k = 0; k < 2; k++)
			for (int i = 0; i < 2; i++)
				m[as[a]][cs[k]][ms[i]] += x;
}

/* ADP by agency and criminality: midnight populations from the segments
 * (the classification of each midnight), averaged over each month's
 * counted days. */
static int populations(const struct year *y, struct ice_official *o, struct error *err)
{
	const struct stats_snapshot *s = y->s;
	size_t n = y->c->n, cells = (ICE_AGENCIES + 1) * ICE_CRIMS;
	int32_t *diff = calloc(cells * (n + 1), sizeof *diff);
	if (!diff)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < s->segments.n; i++) {
		int agency = agency_of(s->stay_agency[s->seg_stay[i]]);
		size_t key = (size_t)(agency < 0 ? ICE_AGENCIES : agency) * ICE_CRIMS + (size_t)stats_class_crim_counted(s->seg_class[i]);
		size_t a = stats_calendar_day(y->c, s->seg_in[i]), b = stats_calendar_day(y->c, s->seg_out[i]);
		if (a < b) {
			diff[key * (n + 1) + a]++;
			diff[key * (n + 1) + b]--;
		}
	}
	double sums[ICE_AGENCIES + 1][ICE_CRIMS + 1][ICE_MONTHS + 1] = {0};
	for (size_t key = 0; key < cells; key++) {
		int agency = key / ICE_CRIMS < ICE_AGENCIES ? (int)(key / ICE_CRIMS) : -1;
		int32_t running = 0;
		for (size_t d = 0; d < y->counted; d++) {
			running += diff[key * (n + 1) + d];
			add_cell(sums, agency, (int)(key % ICE_CRIMS), y->month[d], running);
		}
	}
	free(diff);
	for (int a = 0; a <= ICE_AGENCIES; a++)
		for (int k = 0; k <= ICE_CRIMS; k++) {
			for (int m = 0; m < ICE_MONTHS; m++)
				o->adp[a][k][m] = y->days_in[m] ? sums[a][k][m] / (double)y->days_in[m] : 0;
			o->adp[a][k][ICE_MONTHS] = y->counted ? sums[a][k][ICE_MONTHS] / (double)y->counted : 0;
		}
	return 0;
}

/* Book-ins, book-outs, ALOS and removals from the stays and departures. */
static void movements(const struct year *y, struct ice_official *o)
{
	const struct stats_snapshot *s = y->s;
	double days[ICE_AGENCIES + 1][ICE_CRIMS + 1][ICE_MONTHS + 1] = {0};
	double ended[ICE_AGENCIES + 1][ICE_CRIMS + 1][ICE_MONTHS + 1] = {0};
	for (size_t i = 0; i < s->stays.n; i++) {
		int agency = agency_of(s->stay_agency[i]);
		int in = month_at(y, s->stay_in[i]), out = month_at(y, s->stay_out[i]);
		if (in >= 0 && agency >= 0) {
			o->book_ins[agency][in]++;
			o->book_ins[agency][ICE_MONTHS]++;
		}
		if (out < 0)
			continue;
		int crim = stats_class_crim_counted(s->stay_class_out[i]), reason = s->stay_reason[i];
		int cs[] = {crim, ALL_CRIMS}, ms[] = {out, ICE_MONTHS};
		for (int k = 0; k < 2; k++)
			for (int m = 0; m < 2; m++)
				o->book_outs[reason][cs[k]][ms[m]]++;
		if (reason == OUT_REMOVED)
			o->removals++;
		add_cell(days, agency, crim, out, (double)(s->stay_out[i] - s->stay_in[i]) / 86400.0);
		add_cell(ended, agency, crim, out, 1);
	}
	for (size_t i = 0; i < s->departures.n; i++)
		o->removals += month_at(y, s->dep_at[i]) >= 0;
	for (int a = 0; a <= ICE_AGENCIES; a++)
		for (int k = 0; k <= ICE_CRIMS; k++)
			for (int m = 0; m <= ICE_MONTHS; m++)
				o->alos[a][k][m] = ended[a][k][m] ? days[a][k][m] / ended[a][k][m] : 0;
}

/* The currently detained by agency and the criminality in force at
 * as_of: the segments open then. */
static void detained(const struct year *y, struct ice_official *o)
{
	const struct stats_snapshot *s = y->s;
	uint32_t now = stats_time(y->as_of);
	memset(o->detained, 0, sizeof o->detained);
	for (size_t i = 0; i < s->segments.n; i++) {
		if (!(s->seg_in[i] <= now && now < s->seg_out[i]))
			continue;
		int agency = agency_of(s->stay_agency[s->seg_stay[i]]), crim = stats_class_crim_counted(s->seg_class[i]);
		int as[] = {agency, ALL_AGENCIES}, cs[] = {crim, ALL_CRIMS};
		for (int a = agency < 0 ? 1 : 0; a < 2; a++)
			for (int k = 0; k < 2; k++)
				o->detained[as[a]][cs[k]]++;
	}
}

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* The facilities that held anyone in the counted days, with their ADP
 * and the ALOS of the stays that ended there. */
static int facilities(const struct year *y, const struct facility_registry *reg, struct ice_official *o,
		      struct error *err)
{
	const struct stats_snapshot *s = y->s;
	struct stats_series x;
	int rc = stats_daily(s, y->c, STATS_BY_FACILITY, &x, err);
	double *days = calloc(s->n_facilities + 1, 2 * sizeof *days);
	o->facilities = calloc(s->n_facilities + 1, sizeof *o->facilities);
	if (rc == 0 && (!days || !o->facilities))
		rc = error_set(err, ERR_NOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < s->stays.n; i++)
		if (month_at(y, s->stay_out[i]) >= 0) {
			days[2 * s->stay_fac_out[i]] += (double)(s->stay_out[i] - s->stay_in[i]) / 86400.0;
			days[2 * s->stay_fac_out[i] + 1]++;
		}
	for (size_t f = 0; rc == 0 && f < s->n_facilities; f++) {
		double population = 0;
		for (size_t d = 0; d < y->counted; d++)
			population += stats_series_at(&x, STATS_POPULATION, f, d);
		if (population == 0)
			continue;
		struct facility_state st;
		facility_state_at(facility_find(reg, s->facility_code[f]), TS_FOREVER, &st);
		assert(st.details);
		struct ice_facility *out = &o->facilities[o->n_facilities];
		copy_text(out->code, sizeof out->code, s->facility_code[f]);
		copy_text(out->name, sizeof out->name, st.details->name);
		copy_text(out->city, sizeof out->city, st.details->city);
		copy_text(out->state, sizeof out->state, st.details->state);
		out->aor = st.details->aor;
		out->kind = st.details->kind;
		out->sex = st.details->facility_sex == UNSET ? FSEX_ANY : st.details->facility_sex;
		out->adp = population / (double)y->counted;
		out->alos = days[2 * f + 1] ? days[2 * f] / days[2 * f + 1] : 0;
		out->guaranteed_minimum = st.capacity;
		out->row = o->n_facilities++;
	}
	free(days);
	stats_series_free(&x);
	return rc;
}

static void supervision(const struct year *y, struct ice_official *o)
{
	struct stats_atd a;
	stats_atd(y->s, y->c->start, y->as_of, &a);
	o->atd_total = (double)a.active;
	o->atd_alip = a.alip_days;
	for (int t = 0; t < TECH_COUNT; t++)
		o->atd_by_tech[t] = (double)a.by_tech[t];
	for (int r = 0; r < ICE_AORS; r++) {
		o->atd_by_aor[r] = (double)a.by_aor[r];
		o->atd_alip_by_aor[r] = a.alip_by_aor[r];
		for (int t = 0; t < TECH_COUNT; t++)
			o->atd_by_aor_tech[r][t] = (double)a.by_aor_tech[r][t];
	}
	o->court_attended = (double)a.attended;
	o->court_missed = (double)a.missed;
}

/* The first instant of day d of the calendar. */
static ts_t day_start(const struct stats_calendar *c, size_t d)
{
	return d == 0 ? c->start : c->ends[d - 1] + 1;
}

static void cohort_row(struct ice_cohort_row *row, const struct stats_cohort *k)
{
	row->arrested = (double)k->arrested;
	for (int i = 0; i < ICE_COHORT_STATES; i++)
		row->states[i] = (double)k->states[i];
}

/* The outcomes at as_of of the people arrested from `from` to `to`, but
 * not after as_of (the report counts no day after it). */
static int cohort_upto(const struct year *y, ts_t from, ts_t to, struct stats_cohort *k, struct error *err)
{
	return stats_cohort(y->s, from, to < y->as_of ? to : y->as_of, y->as_of, STATS_BY_NONE, k, err);
}

static int cohorts_of(const struct year *y, struct ice_cohorts *out, struct error *err)
{
	const struct stats_calendar *c = y->c;
	assert(c->n > 0 && y->month[0] == 0); /* a fiscal year: from 1 October */
	memset(out, 0, sizeof *out);
	ts_format(y->as_of, out->at);
	size_t d = 0;
	int rc = 0;
	for (int m = 0; rc == 0 && m < ICE_MONTHS && d < c->n; m++) {
		size_t e = d;
		while (e < c->n && y->month[e] == m)
			e++;
		assert(e > d);
		struct stats_cohort k;
		if ((rc = cohort_upto(y, day_start(c, d), c->ends[e - 1], &k, err)))
			break;
		struct ice_cohort_row *row = &out->rows[out->n++];
		char date[DATE_TEXT_MAX];
		stats_format_day(c->first + (int64_t)d, date);
		snprintf(row->label, sizeof row->label, "%.7s", date);
		cohort_row(row, &k);
		d = e;
	}
	struct stats_cohort k;
	if (rc == 0 && (rc = cohort_upto(y, c->start, c->ends[c->n - 1], &k, err)) == 0) {
		struct ice_cohort_row *row = &out->rows[out->n++];
		strcpy(row->label, "Total");
		cohort_row(row, &k);
	}
	return rc;
}

int ice_from_ledger(const struct stats_snapshot *s, const struct facility_registry *reg,
		    const struct stats_calendar *c, ts_t as_of, struct ice_official *o, struct ice_cohorts *cohorts,
		    struct error *err)
{
	struct year y = {.s = s, .c = c, .as_of = as_of};
	y.counted = as_of == TS_FOREVER ? c->n : stats_calendar_day(c, as_of + 1);
	y.month = malloc((c->n + 1) * sizeof *y.month);
	if (!y.month)
		return error_set(err, ERR_NOMEM, "out of memory");
	for (size_t d = 0; d < c->n; d++) {
		time_t t = (time_t)((c->first + (int64_t)d) * 86400);
		struct tm civil;
		gmtime_r(&t, &civil);
		y.month[d] = (civil.tm_mon + 3) % 12;
		if (d < y.counted)
			y.days_in[y.month[d]]++;
	}
	movements(&y, o);
	detained(&y, o);
	supervision(&y, o);
	int rc = populations(&y, o, err);
	if (rc == 0)
		rc = facilities(&y, reg, o, err);
	if (rc == 0 && cohorts)
		rc = cohorts_of(&y, cohorts, err);
	o->tables = ICE_T_FACILITIES | ICE_T_BOOK_INS | ICE_T_BOOK_OUTS | ICE_T_ADP | ICE_T_ALOS | ICE_T_DETAINED |
		    ICE_T_ATD_TECH | ICE_T_ATD_AOR | ICE_T_COURT | ICE_T_REMOVALS;
	free(y.month);
	return rc;
}
