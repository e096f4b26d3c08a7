#include "writer.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "labels.h"
#include "vocab.h"

#define SUPPRESSED "<10"

/* The workbook being written. Cells are addressed as in ICE's sheets:
 * rows and columns from 1 (A1 is 1, 1). */
struct out {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	const char *sheet;
	const struct ice_official *o;
	bool public;
	char fy4[8], fy2[8]; /* "FY2025", "FY25" */
	lxw_error lxw;       /* the first failure of libxlsxwriter */
	int rc;              /* the first failure of ours (err set) */
	struct error *err;
};

static void note(struct out *w, lxw_error e)
{
	if (e != LXW_NO_ERROR && w->lxw == LXW_NO_ERROR)
		w->lxw = e;
}

static void put_text(struct out *w, uint32_t row, uint32_t col, const char *text)
{
	assert(row >= 1 && col >= 1);
	note(w, worksheet_write_string(w->ws, row - 1, (lxw_col_t)(col - 1), text, NULL));
}

/* A title or a header, in bold, printf-style. */
static void put_title(struct out *w, uint32_t row, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put_title(struct out *w, uint32_t row, uint32_t col, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	note(w, worksheet_write_string(w->ws, row - 1, (lxw_col_t)(col - 1), text, w->bold));
}

static void put_headers(struct out *w, uint32_t row, uint32_t col, const char *const *headers, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_title(w, row, col + (uint32_t)i, "%s", headers[i]);
}

/* A figure: NAN (unknown, a count suppressed) as "<10"; with small, a
 * count of a breakdown by facility or AOR, also any value in (0, 10) when
 * the workbook is for the public. */
static void put_figure(struct out *w, uint32_t row, uint32_t col, double v, bool small)
{
	if (isnan(v) || (small && w->public && v > 0 && v < 10)) {
		put_text(w, row, col, SUPPRESSED);
	} else if (isinf(v)) {
		if (!w->rc)
			w->rc = error_set(w->err, ERR_INVALID, "sheet \"%s\" row %u column %u: the figure is infinite",
					  w->sheet, row, col);
	} else {
		note(w, worksheet_write_number(w->ws, row - 1, (lxw_col_t)(col - 1), v, NULL));
	}
}

static void put_months(struct out *w, uint32_t row, uint32_t col, const double v[ICE_MONTHS + 1])
{
	for (int m = 0; m <= ICE_MONTHS; m++)
		put_figure(w, row, col + (uint32_t)m, v[m], false);
}

static void put_month_headers(struct out *w, uint32_t row, uint32_t col, const char *year_header)
{
	put_headers(w, row, col, ice_month_label, ICE_MONTHS);
	put_title(w, row, col + ICE_MONTHS, "%s", year_header);
}

static bool add_sheet(struct out *w, const char *name)
{
	w->sheet = name;
	w->ws = workbook_add_worksheet(w->wb, name);
	if (!w->ws)
		note(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
	return w->ws != NULL;
}

/* ------------------------------------------------------------------ Detention */

static void detained(struct out *w)
{
	static const char *const headers[] = {"Criminality", "ICE", "Percent ICE", "CBP", "Percent CBP", "Total"};
	const double(*d)[ICE_CRIMS + 1] = w->o->detained;
	put_title(w, 18, 1, "ICE Currently Detained by Criminality and Arresting Agency: %s", w->fy4);
	put_headers(w, 19, 1, headers, 6);
	for (int i = 0; i <= ICE_CRIMS; i++) {
		int crim = (i + ICE_CRIMS) % (ICE_CRIMS + 1); /* Total first */
		double total = d[ICE_AGENCIES][crim];
		put_text(w, 20 + (uint32_t)i, 1, ice_crim_label[crim]);
		put_figure(w, 20 + (uint32_t)i, 2, d[AGENCY_ICE][crim], false);
		put_figure(w, 20 + (uint32_t)i, 4, d[AGENCY_CBP][crim], false);
		put_figure(w, 20 + (uint32_t)i, 6, total, false);
		if (total > 0) {
			put_figure(w, 20 + (uint32_t)i, 3, d[AGENCY_ICE][crim] / total, false);
			put_figure(w, 20 + (uint32_t)i, 5, d[AGENCY_CBP][crim] / total, false);
		}
	}
}

static void book_ins(struct out *w)
{
	const struct ice_official *o = w->o;
	double total[ICE_MONTHS + 1];
	for (int m = 0; m <= ICE_MONTHS; m++)
		total[m] = o->book_ins[AGENCY_ICE][m] + o->book_ins[AGENCY_CBP][m];
	put_title(w, 18, 9, "ICE Initial Book-Ins by Arresting Agency and Month: %s", w->fy4);
	put_title(w, 19, 9, "Agency");
	put_month_headers(w, 19, 10, "Total");
	put_text(w, 20, 9, "Total");
	put_months(w, 20, 10, total);
	put_text(w, 21, 9, "CBP");
	put_months(w, 21, 10, o->book_ins[AGENCY_CBP]);
	put_text(w, 22, 9, "ICE");
	put_months(w, 22, 10, o->book_ins[AGENCY_ICE]);
}

static void removals(struct out *w)
{
	put_title(w, 27, 14, "ICE Removals: %s", w->fy4);
	put_title(w, 28, 14, "Removals");
	put_title(w, 28, 16, "Total");
	put_text(w, 29, 14, "Total");
	put_figure(w, 29, 16, w->o->removals, false);
}

/* A release reason's rows (or a bond sub-row's) from row: its Total, then
 * by criminality; returns the row after them. */
static uint32_t outs_block(struct out *w, uint32_t row, const char *name, const double (*v)[ICE_MONTHS + 1])
{
	put_text(w, row, 1, name);
	for (int i = 0; i <= ICE_CRIMS; i++) {
		int crim = (i + ICE_CRIMS) % (ICE_CRIMS + 1);
		put_text(w, row + (uint32_t)i, 2, ice_crim_label[crim]);
		put_months(w, row + (uint32_t)i, 3, v[crim]);
	}
	return row + ICE_CRIMS + 1;
}

/* Whether the reason has any figure: ICE's ten are written always, the
 * ledger's others only then. */
static bool reason_used(const struct ice_official *o, int reason)
{
	if (reason <= OUT_OTHER)
		return true;
	for (int c = 0; c <= ICE_CRIMS; c++)
		for (int m = 0; m <= ICE_MONTHS; m++)
			if (o->book_outs[reason][c][m] != 0)
				return true;
	return false;
}

/* The book-outs table from row; returns the row after it. */
static uint32_t book_outs(struct out *w, uint32_t row)
{
	/* ICE's order, then the ledger's reasons */
	static const int order[] = {OUT_BONDED_OUT, OUT_RECOGNIZANCE, OUT_SUPERVISION, OUT_PAROLED,
				    OUT_PROCEEDINGS_TERMINATED, OUT_REMOVED, OUT_RELIEF_GRANTED, OUT_TRANSFERRED_USMS,
				    OUT_TRANSFERRED, OUT_OTHER, OUT_COURT_ORDER, OUT_NO_REMOVAL_FORESEEABLE,
				    OUT_CAPACITY, OUT_TRANSFERRED_HHS, OUT_DEATH, OUT_ESCAPE};
	static_assert(sizeof order / sizeof order[0] == OUT_REASON_COUNT, "every reason has its place");
	const struct ice_official *o = w->o;
	double total[ICE_MONTHS + 1] = {0};
	for (int r = 0; r < OUT_REASON_COUNT; r++)
		for (int m = 0; m <= ICE_MONTHS; m++)
			total[m] += o->book_outs[r][ICE_CRIMS][m];
	put_title(w, row, 1, "ICE Final Book Outs by Release Reason, Month and Criminality: %s", w->fy4);
	put_title(w, row + 1, 1, "Release Reason");
	put_title(w, row + 1, 2, "Criminality");
	put_month_headers(w, row + 1, 3, "Total");
	put_text(w, row + 2, 1, "Total");
	put_months(w, row + 2, 3, total);
	row += 3;
	for (size_t i = 0; i < OUT_REASON_COUNT; i++) {
		if (!reason_used(o, order[i]))
			continue;
		row = outs_block(w, row, ice_reason_label[order[i]], o->book_outs[order[i]]);
		if (order[i] == OUT_BONDED_OUT) {
			row = outs_block(w, row, "Bond Set by ICE", o->bond_set_by[0]);
			row = outs_block(w, row, "Bond Set by IJ", o->bond_set_by[1]);
		}
	}
	return row;
}

/* An ADP or ALOS table from row; returns the row after it. */
static uint32_t by_agency(struct out *w, uint32_t row, const char *what,
			  const double (*v)[ICE_CRIMS + 1][ICE_MONTHS + 1])
{
	static const struct {
		const char *label;
		int agency;
	} groups[] = {{"CBP Average", AGENCY_CBP}, {"ICE Average", AGENCY_ICE}, {"Average", ICE_AGENCIES}};
	put_title(w, row, 1, "ICE %s by Arresting Agency, Month and Criminality: %s", what, w->fy4);
	put_title(w, row + 1, 1, "Agency");
	put_month_headers(w, row + 1, 2, "FY Overall");
	row += 2;
	for (size_t g = 0; g < 3; g++) {
		put_text(w, row, 1, groups[g].label);
		put_months(w, row++, 2, v[groups[g].agency][ICE_CRIMS]);
		for (int crim = 0; crim < ICE_CRIMS; crim++) {
			put_text(w, row, 1, ice_crim_label[crim]);
			put_months(w, row++, 2, v[groups[g].agency][crim]);
		}
	}
	return row;
}

static void detention_sheet(struct out *w)
{
	unsigned t = w->o->tables;
	char name[32];
	snprintf(name, sizeof name, "Detention %s", w->fy2);
	if (!add_sheet(w, name))
		return;
	put_text(w, 1, 1, "U.S. Immigration and Customs Enforcement");
	put_title(w, 3, 1, "ICE DETENTION DATA, %s", w->fy4);
	if (t & ICE_T_DETAINED)
		detained(w);
	if (t & ICE_T_BOOK_INS)
		book_ins(w);
	if (t & ICE_T_REMOVALS)
		removals(w);
	uint32_t row = 36;
	if (t & ICE_T_BOOK_OUTS)
		row = book_outs(w, row) + 3;
	if (t & ICE_T_ADP)
		row = by_agency(w, row, "Average Daily Population", w->o->adp) + 3;
	if (t & ICE_T_ALOS)
		by_agency(w, row, "Average Length of Stay", w->o->alos);
}

/* ------------------------------------------------------------------ ATD */

/* The technologies in ICE's order of the table by technology. */
static const int tech_order[ICE_TECHS] = {TECH_APP, TECH_ANKLE, TECH_WRIST, TECH_PHONE, TECH_NONE, ICE_TECH_DUAL};

static void atd_tech(struct out *w)
{
	static const char *const headers[] = {"Technology", "Count", "Daily Tech Cost"};
	put_title(w, 7, 1, "ATD Active Population Counts and Daily Cost by Technology");
	put_headers(w, 8, 1, headers, 3);
	for (int i = 0; i < ICE_TECHS; i++) {
		put_text(w, 9 + (uint32_t)i, 1, ice_tech_label[tech_order[i]]);
		put_figure(w, 9 + (uint32_t)i, 2, w->o->atd_by_tech[tech_order[i]], false);
	}
	put_text(w, 9 + ICE_TECHS, 1, "Total");
	put_figure(w, 9 + ICE_TECHS, 2, w->o->atd_total, false);
}

static void court(struct out *w)
{
	static const char *const headers[] = {"Metric", "Count", "%"};
	const struct ice_official *o = w->o;
	double total = o->court_attended + o->court_missed;
	put_title(w, 7, 5, "%s Court Appearance: Total Hearings*", w->fy2);
	put_headers(w, 8, 5, headers, 3);
	put_text(w, 9, 5, "Attended");
	put_figure(w, 9, 6, o->court_attended, false);
	put_text(w, 10, 5, "Failed to Attend");
	put_figure(w, 10, 6, o->court_missed, false);
	put_text(w, 11, 5, "Total");
	put_figure(w, 11, 6, total, false);
	if (total > 0) {
		put_figure(w, 9, 7, o->court_attended / total, false);
		put_figure(w, 10, 7, o->court_missed / total, false);
		put_figure(w, 11, 7, 1, false);
	}
}

/* The AORs in ICE's order: by name. */
static int by_name(const void *a, const void *b)
{
	return strcmp(ice_aor_name[*(const int *)a], ice_aor_name[*(const int *)b]);
}

static void atd_aor(struct out *w)
{
	static const char *const headers[] = {"AOR/Technology", "Count", "Average Length in Program"};
	const struct ice_official *o = w->o;
	int aors[ICE_AORS];
	for (int a = 0; a < ICE_AORS; a++)
		aors[a] = a;
	qsort(aors, ICE_AORS, sizeof aors[0], by_name);
	put_title(w, 28, 1, "Active ATD Participants and Average Length in Program, %s, by AOR and Technology", w->fy2);
	put_headers(w, 29, 1, headers, 3);
	put_text(w, 30, 1, "Total");
	put_figure(w, 30, 2, o->atd_total, false);
	put_figure(w, 30, 3, o->atd_alip, false);
	uint32_t row = 31;
	for (int i = 0; i < ICE_AORS; i++) {
		int a = aors[i];
		put_text(w, row, 1, ice_aor_name[a]);
		put_figure(w, row, 2, o->atd_by_aor[a], true);
		put_figure(w, row++, 3, o->atd_alip_by_aor[a], false);
		for (int k = 0; k < ICE_TECHS; k++) {
			double n = o->atd_by_aor_tech[a][tech_order[k]];
			if (n == 0)
				continue; /* ICE lists the technologies an AOR has */
			put_text(w, row, 1, ice_tech_label[tech_order[k]]);
			put_figure(w, row++, 2, n, true);
		}
	}
}

static void atd_sheet(struct out *w)
{
	unsigned t = w->o->tables;
	char name[32];
	snprintf(name, sizeof name, "ATD %s YTD", w->fy2);
	if (!add_sheet(w, name))
		return;
	put_text(w, 1, 1, "U.S. Immigration and Customs Enforcement");
	put_title(w, 4, 1, "ICE ALTERNATIVES TO DETENTION DATA, %s", w->fy2);
	if (t & ICE_T_ATD_TECH)
		atd_tech(w);
	if (t & ICE_T_COURT)
		court(w);
	if (t & ICE_T_ATD_AOR)
		atd_aor(w);
}

/* ------------------------------------------------------------------ Facilities */

enum {
	F_NAME = 1, F_CITY = 3, F_STATE = 4, F_AOR = 6, F_KIND = 7, F_SEX = 8, F_ALOS = 9,
	F_MINIMUM = 23, F_PENDING = 26, F_ADP = 29, F_CODE = 30, F_COLUMNS = 30
};

static void facility(struct out *w, uint32_t row, const struct ice_facility *f)
{
	put_text(w, row, F_NAME, f->name);
	put_text(w, row, F_CITY, f->city);
	put_text(w, row, F_STATE, f->state);
	if (f->aor != UNSET)
		put_text(w, row, F_AOR, vocab_word(&vocab_aor, f->aor));
	put_text(w, row, F_KIND, ice_kind_label[f->kind]);
	put_text(w, row, F_SEX, ice_sex_label[f->sex]);
	put_figure(w, row, F_ALOS, f->alos, false);
	if (f->guaranteed_minimum >= 0)
		put_figure(w, row, F_MINIMUM, (double)f->guaranteed_minimum, false);
	put_figure(w, row, F_ADP, f->adp, true);
	put_text(w, row, F_CODE, f->code);
}

static void facilities_sheet(struct out *w)
{
	/* ICE's header row (its columns the struct does not carry stay blank),
	 * then the facility's ADP in one column and its code */
	static const char *const headers[F_COLUMNS] = {
		"Name", "Address", "City", "State", "Zip", "AOR", "Type Detailed", "Male/Female", NULL,
		"Level A", "Level B", "Level C", "Level D", "Male Crim", "Male Non-Crim", "Female Crim",
		"Female Non-Crim", "ICE Threat Level 1", "ICE Threat Level 2", "ICE Threat Level 3",
		"No ICE Threat Level", "Mandatory", "Guaranteed Minimum", "Last Inspection Type",
		"Last Inspection End Date", NULL, "Last Inspection Standard", "Last Final Rating", NULL,
		"Facility Code"};
	char name[32];
	snprintf(name, sizeof name, "Facilities %s", w->fy2);
	if (!add_sheet(w, name))
		return;
	put_title(w, 3, 1, "ICE FACILITIES DATA, %s", w->fy2);
	put_title(w, 4, 1, "ICE Enforcement and Removal Operations Data, %s", w->fy4);
	for (uint32_t c = 1; c <= F_COLUMNS; c++)
		if (headers[c - 1])
			put_title(w, 7, c, "%s", headers[c - 1]);
	put_title(w, 7, F_ALOS, "%s ALOS", w->fy2);
	put_title(w, 7, F_PENDING, "Pending %s Inspection", w->fy2);
	put_title(w, 7, F_ADP, "%s ADP", w->fy2);
	for (size_t i = 0; i < w->o->n_facilities; i++)
		facility(w, 8 + (uint32_t)i, &w->o->facilities[i]);
}

/* ------------------------------------------------------------------ Header and Cohorts */

static void header_sheet(struct out *w)
{
	if (!add_sheet(w, "Header"))
		return;
	put_title(w, 1, 1, "ICE Detention Statistics");
	put_text(w, 2, 1, "Written by custody, in the layout of ICE's detention statistics workbook.");
	if (w->public)
		put_text(w, 3, 1, "Public release: counts from 1 to 9 in a breakdown by facility or AOR are shown as "
				  "<10; totals are exact.");
}

static void cohorts_sheet(struct out *w, const struct ice_cohorts *c)
{
	if (!add_sheet(w, "Cohorts"))
		return;
	put_title(w, 1, 1, "Cohort Outcomes: People Arrested in Each Month of %s", w->fy4);
	put_text(w, 2, 1, "The state of each person at");
	put_text(w, 2, 2, c->at);
	put_title(w, 4, 1, "Month of Arrest");
	put_title(w, 4, 2, "Arrested");
	put_headers(w, 4, 3, ice_cohort_states, ICE_COHORT_STATES);
	for (size_t i = 0; i < c->n; i++) {
		const struct ice_cohort_row *r = &c->rows[i];
		put_text(w, 5 + (uint32_t)i, 1, r->label);
		put_figure(w, 5 + (uint32_t)i, 2, r->arrested, false);
		for (int s = 0; s < ICE_COHORT_STATES; s++)
			put_figure(w, 5 + (uint32_t)i, 3 + (uint32_t)s, r->states[s], false);
	}
}

/* ------------------------------------------------------------------ the workbook */

static int check(const char *path, const struct ice_official *o, const struct ice_cohorts *cohorts, unsigned flags,
		 struct error *err)
{
	if (flags & ~ICE_WRITE_PUBLIC)
		return error_set(err, ERR_INVALID, "%s: unknown flags %#x", path, flags & ~ICE_WRITE_PUBLIC);
	if (o->fy < 2000 || o->fy > 2099)
		return error_set(err, ERR_INVALID, "%s: fiscal year %d is not from 2000 to 2099", path, o->fy);
	if (cohorts && cohorts->n > ICE_MONTHS + 1)
		return error_set(err, ERR_INVALID, "%s: %zu cohort rows, more than %d", path, cohorts->n, ICE_MONTHS + 1);
	for (size_t i = 0; (o->tables & ICE_T_FACILITIES) && i < o->n_facilities; i++) {
		const struct ice_facility *f = &o->facilities[i];
		if (!f->name[strspn(f->name, " ")])
			return error_set(err, ERR_INVALID, "%s: facility %zu (%s) has no name", path, i + 1, f->code);
		assert(f->kind >= 0 && f->kind <= FAC_OTHER && f->sex >= 0 && f->sex <= FSEX_ANY);
		assert(f->aor == UNSET || (f->aor >= 0 && f->aor < ICE_AORS));
	}
	return 0;
}

int ice_write(const char *path, const struct ice_official *o, const struct ice_cohorts *cohorts, unsigned flags,
	      struct error *err)
{
	int rc = check(path, o, cohorts, flags, err);
	if (rc)
		return rc;
	struct out w = {.o = o, .public = flags & ICE_WRITE_PUBLIC, .err = err};
	snprintf(w.fy4, sizeof w.fy4, "FY%d", o->fy);
	snprintf(w.fy2, sizeof w.fy2, "FY%02d", o->fy % 100);
	w.wb = workbook_new(path);
	if (!w.wb)
		return error_set(err, ERR_IO, "%s: cannot start a workbook", path);
	w.bold = workbook_add_format(w.wb);
	if (w.bold)
		format_set_bold(w.bold);
	header_sheet(&w);
	if (o->tables & (ICE_T_ATD_TECH | ICE_T_ATD_AOR | ICE_T_COURT))
		atd_sheet(&w);
	if (o->tables & (ICE_T_BOOK_INS | ICE_T_BOOK_OUTS | ICE_T_ADP | ICE_T_ALOS | ICE_T_DETAINED | ICE_T_REMOVALS))
		detention_sheet(&w);
	if (o->tables & ICE_T_FACILITIES)
		facilities_sheet(&w);
	if (cohorts)
		cohorts_sheet(&w, cohorts);
	note(&w, workbook_close(w.wb));
	if (w.lxw != LXW_NO_ERROR && !w.rc)
		w.rc = error_set(err, ERR_IO, "%s: %s", path, lxw_strerror(w.lxw));
	else if (w.rc)
		error_prefix(err, w.rc, "%s: ", path);
	if (w.rc)
		remove(path);
	return w.rc;
}
