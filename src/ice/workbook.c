#include "workbook.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "labels.h"
#include "xlsx.h"

#define TITLE_ROWS 10     /* a sheet's title (and fiscal year) is in its first rows */
#define HEADER_BELOW 8    /* a table's header row is at most this far below its title */
#define CODE_MIN 2        /* letters and digits of a facility code (events.md) */
#define TITLES_MAX 100    /* cells with a table's title tried for a header row, at most */

struct sheet_info {
	const char *name;
	struct xlsx_sheet *s;
	int fy; /* from its title, else its name; 0 when neither names one */
};

struct reader {
	const char *path;
	int fy;
	struct sheet_info *sheets;
	size_t n_sheets;
	struct ice_official *o;
	size_t cap_facilities;
	struct error *err;
};

/* A table found: its title cell, its header row and the columns of that row
 * from the title's column to the last before a gap of two blank columns. */
struct table {
	const struct sheet_info *sh;
	uint32_t title_row, header_row, first, last;
};

/* ------------------------------------------------------------------ cells */

static const char *text_at(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
	const struct xlsx_cell *c = col ? xlsx_cell(s, row, col) : NULL;
	return c && c->kind == XLSX_TEXT ? c->text : NULL;
}

/* The canonical text of the cell (labels.h), "" when it holds no text. */
static const char *canon_at(const struct xlsx_sheet *s, uint32_t row, uint32_t col, char out[ICE_CANON_MAX])
{
	const char *text = text_at(s, row, col);
	return ice_canon(text ? text : "", out, ICE_CANON_MAX);
}

static bool blank_text(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static bool blank_at(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
	const struct xlsx_cell *c = col ? xlsx_cell(s, row, col) : NULL;
	return !c || (c->kind == XLSX_TEXT && blank_text(c->text));
}

/* Whether s is want with spaces around it at most. */
static bool text_is(const char *s, const char *want)
{
	s += strspn(s, " \t\r\n");
	size_t n = strlen(want);
	return strncmp(s, want, n) == 0 && blank_text(s + n);
}

/* Copy the text of s without the spaces around it into out, cut to size
 * on a character boundary. */
static void copy_trimmed(char *out, size_t size, const char *s)
{
	assert(size > 1 && size < 4096);
	s += strspn(s, " \t\r\n");
	int n = (int)strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		n--;
	snprintf(out, size, "%.*s", n < (int)size ? n : error_cut(s, (int)size - 1), s);
}

static int cell_error(const struct reader *rd, const struct sheet_info *sh, uint32_t row, uint32_t col,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int cell_error(const struct reader *rd, const struct sheet_info *sh, uint32_t row, uint32_t col,
		      const char *fmt, ...)
{
	char why[512], ref[XLSX_REF_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return error_set(rd->err, ERR_INVALID, "%s: sheet \"%s\" cell %s: %s", rd->path, sh->name,
			 xlsx_ref(row, col, ref), why);
}

/* The row label at (row, col) is not one of those expected. */
static int unknown_label(const struct reader *rd, const struct table *t, uint32_t row, uint32_t col, const char *what)
{
	const char *text = text_at(t->sh->s, row, col);
	return cell_error(rd, t->sh, row, col, "\"%.*s\" is not %s", error_cut(text ? text : "", 80),
			  text ? text : "", what);
}

/* The figure at (row, col) into *v: a number is itself, a blank cell (or a
 * column the table does not have, col 0) is 0, "<10" (a small count ICE
 * suppressed) is NAN; anything else is an error. */
static int figure(const struct reader *rd, const struct table *t, uint32_t row, uint32_t col, double *v)
{
	*v = 0;
	const struct xlsx_cell *c = col ? xlsx_cell(t->sh->s, row, col) : NULL;
	if (!c || (c->kind == XLSX_TEXT && blank_text(c->text)))
		return 0;
	if (c->kind == XLSX_NUMBER) {
		*v = c->number;
		return 0;
	}
	if (c->kind == XLSX_TEXT && text_is(c->text, "<10")) {
		*v = NAN;
		return 0;
	}
	const char *text = c->kind == XLSX_BOOL ? (c->number ? "TRUE" : "FALSE") : c->text;
	return cell_error(rd, t->sh, row, col, "\"%.*s\" is not a figure", error_cut(text, 80), text);
}

/* ------------------------------------------------------------------ finding tables */

/* The last column of the header row from col on: the cells go on until a
 * gap of two blank columns. */
static uint32_t span_end(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
	uint32_t last = col;
	for (uint32_t c = col + 1; c <= s->cols; c++) {
		if (!blank_at(s, row, c))
			last = c;
		else if (c + 1 > s->cols || blank_at(s, row, c + 1))
			break;
	}
	return last;
}

typedef bool key_fn(const char *canon);

/* Whether a header row for the title at (row, col) is below it: a row whose
 * cell under the title is not blank and whose span holds a key header. */
static bool header_below(const struct sheet_info *sh, uint32_t row, uint32_t col, key_fn *is_key, struct table *t)
{
	const struct xlsx_sheet *s = sh->s;
	for (uint32_t r = row + 1; r <= row + HEADER_BELOW && r <= s->rows; r++) {
		if (blank_at(s, r, col))
			continue;
		uint32_t last = span_end(s, r, col);
		for (uint32_t c = col; c <= last; c++) {
			char canon[ICE_CANON_MAX];
			if (is_key(canon_at(s, r, c, canon))) {
				*t = (struct table){.sh = sh, .title_row = row, .header_row = r, .first = col, .last = last};
				return true;
			}
		}
	}
	return false;
}

static bool eligible(const struct reader *rd, const struct sheet_info *sh)
{
	return sh->fy == 0 || sh->fy == rd->fy;
}

/* The first table of the year's sheets (in tab order) whose title holds the
 * words title and whose header row a key header marks (of the first
 * TITLES_MAX cells with the title: a hostile sheet could hold millions). */
static bool find_table(const struct reader *rd, const char *title, key_fn *is_key, struct table *t)
{
	size_t tried = 0;
	for (size_t i = 0; i < rd->n_sheets; i++) {
		const struct sheet_info *sh = &rd->sheets[i];
		for (size_t k = 0; eligible(rd, sh) && k < sh->s->n_cells && tried < TITLES_MAX; k++) {
			const struct xlsx_cell *c = &sh->s->cells[k];
			char canon[ICE_CANON_MAX];
			if (c->kind != XLSX_TEXT || !ice_has(ice_canon(c->text, canon, sizeof canon), title))
				continue;
			if (header_below(sh, c->row, c->col, is_key, t))
				return true;
			tried++;
		}
	}
	return false;
}

/* The column of the header row whose header is want (canonical words), 0
 * when none is. */
static uint32_t column(const struct table *t, const char *want)
{
	for (uint32_t c = t->first; c <= t->last; c++) {
		char canon[ICE_CANON_MAX];
		if (strcmp(canon_at(t->sh->s, t->header_row, c, canon), want) == 0)
			return c;
	}
	return 0;
}

static uint32_t column_where(const struct table *t, key_fn *is)
{
	for (uint32_t c = t->first; c <= t->last; c++) {
		char canon[ICE_CANON_MAX];
		if (is(canon_at(t->sh->s, t->header_row, c, canon)))
			return c;
	}
	return 0;
}

static int table_error(const struct reader *rd, const struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int table_error(const struct reader *rd, const struct table *t, const char *fmt, ...)
{
	const char *title = text_at(t->sh->s, t->title_row, t->first);
	char why[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return cell_error(rd, t->sh, t->title_row, t->first, "table \"%.*s\": %s", error_cut(title, 100), title, why);
}

/* The label column's canonical text in row r. */
static const char *label(const struct table *t, uint32_t r, char out[ICE_CANON_MAX])
{
	return canon_at(t->sh->s, r, t->first, out);
}

/* ------------------------------------------------------------------ monthly tables */

static bool is_ice(const char *canon)
{
	return strcmp(canon, "ice") == 0;
}

static bool is_total(const char *canon)
{
	return strcmp(canon, "total") == 0;
}

/* The columns of October to September and of the year (0 when absent). */
struct months {
	uint32_t col[ICE_MONTHS + 1];
};

static bool is_month(const char *canon)
{
	return ice_month_of(canon) >= 0;
}

static bool is_year_total(const char *canon)
{
	return is_total(canon) || strcmp(canon, "fy overall") == 0;
}

static int month_columns(const struct reader *rd, const struct table *t, struct months *m)
{
	*m = (struct months){0};
	for (uint32_t c = t->first; c <= t->last; c++) {
		char canon[ICE_CANON_MAX];
		canon_at(t->sh->s, t->header_row, c, canon);
		int month = is_year_total(canon) ? ICE_MONTHS : ice_month_of(canon);
		if (month >= 0 && !m->col[month])
			m->col[month] = c;
	}
	return m->col[ICE_MONTHS] ? 0 : table_error(rd, t, "no Total or FY Overall column in its header row");
}

static bool months_blank(const struct table *t, const struct months *m, uint32_t r)
{
	for (int i = 0; i <= ICE_MONTHS; i++)
		if (!blank_at(t->sh->s, r, m->col[i]))
			return false;
	return true;
}

static int month_row(const struct reader *rd, const struct table *t, const struct months *m, uint32_t r,
		     double out[ICE_MONTHS + 1])
{
	int rc = 0;
	for (int i = 0; !rc && i <= ICE_MONTHS; i++)
		rc = figure(rd, t, r, m->col[i], &out[i]);
	return rc;
}

static int read_book_ins(struct reader *rd, const struct table *t)
{
	struct months m;
	int rc = month_columns(rd, t, &m);
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && !months_blank(t, &m, r); r++) {
		char canon[ICE_CANON_MAX];
		if (is_total(label(t, r, canon)))
			continue;
		int agency = is_ice(canon) ? AGENCY_ICE : strcmp(canon, "cbp") == 0 ? AGENCY_CBP : -1;
		if (agency < 0)
			return unknown_label(rd, t, r, t->first, "ICE, CBP or Total");
		rc = month_row(rd, t, &m, r, rd->o->book_ins[agency]);
	}
	return rc;
}

enum { OUTS_TOTAL = OUT_REASON_COUNT, OUTS_BOND_ICE, OUTS_BOND_IJ, OUTS_NONE };

/* What a book-out row's first label names: a release reason, a bond
 * sub-row, the grand total; -1 when none. */
static int outs_group(const char *canon)
{
	if (strcmp(canon, "total") == 0)
		return OUTS_TOTAL;
	if (strcmp(canon, "bond set by ice") == 0)
		return OUTS_BOND_ICE;
	if (strcmp(canon, "bond set by ij") == 0)
		return OUTS_BOND_IJ;
	return ice_reason_of(canon);
}

static int read_book_outs(struct reader *rd, const struct table *t)
{
	struct months m;
	int rc = month_columns(rd, t, &m);
	uint32_t crim_col = column(t, "criminality");
	if (!rc && !crim_col)
		rc = table_error(rd, t, "no Criminality column in its header row");
	int group = OUTS_NONE;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && !months_blank(t, &m, r); r++) {
		char canon[ICE_CANON_MAX];
		if (*label(t, r, canon) && (group = outs_group(canon)) < 0)
			return unknown_label(rd, t, r, t->first, "a release reason");
		if (group == OUTS_TOTAL)
			continue;
		if (group == OUTS_NONE)
			return cell_error(rd, t->sh, r, t->first, "a criminality row before any release reason");
		int crim = blank_at(t->sh->s, r, crim_col) ? ICE_CRIMS : ice_crim_of(canon_at(t->sh->s, r, crim_col, canon));
		if (crim < 0)
			return unknown_label(rd, t, r, crim_col, "a criminality");
		double *row = group >= OUTS_BOND_ICE ? rd->o->bond_set_by[group - OUTS_BOND_ICE][crim]
						     : rd->o->book_outs[group][crim];
		rc = month_row(rd, t, &m, r, row);
	}
	return rc;
}

/* The agency group an ADP or ALOS row opens ("CBP Average", "ICE Average",
 * "Average": ICE_AGENCIES), or -1. */
static int agency_group(const char *canon)
{
	if (ice_starts(canon, "cbp"))
		return AGENCY_CBP;
	if (ice_starts(canon, "ice"))
		return AGENCY_ICE;
	return strcmp(canon, "average") == 0 || strcmp(canon, "total") == 0 ? ICE_AGENCIES : -1;
}

/* A table by agency (groups of rows), criminality (rows) and month. */
static int read_by_agency(struct reader *rd, const struct table *t, double (*out)[ICE_CRIMS + 1][ICE_MONTHS + 1])
{
	struct months m;
	int rc = month_columns(rd, t, &m), agency = -1;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && !months_blank(t, &m, r); r++) {
		char canon[ICE_CANON_MAX];
		int group = agency_group(label(t, r, canon)), crim = ICE_CRIMS;
		if (group >= 0)
			agency = group;
		else if ((crim = ice_crim_of(canon)) < 0 || crim == ICE_CRIMS)
			return unknown_label(rd, t, r, t->first, "an agency average or a criminality");
		else if (agency < 0)
			return cell_error(rd, t->sh, r, t->first, "a criminality row before any agency");
		rc = month_row(rd, t, &m, r, out[agency][crim]);
	}
	return rc;
}

static int read_adp(struct reader *rd, const struct table *t)
{
	return read_by_agency(rd, t, rd->o->adp);
}

static int read_alos(struct reader *rd, const struct table *t)
{
	return read_by_agency(rd, t, rd->o->alos);
}

/* ------------------------------------------------------------------ other detention tables */

static int read_detained(struct reader *rd, const struct table *t)
{
	const uint32_t cols[ICE_AGENCIES + 1] = {[AGENCY_ICE] = column(t, "ice"), [AGENCY_CBP] = column(t, "cbp"),
						 [ICE_AGENCIES] = column(t, "total")};
	int rc = 0;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows; r++) {
		if (blank_at(t->sh->s, r, cols[0]) && blank_at(t->sh->s, r, cols[1]) && blank_at(t->sh->s, r, cols[2]))
			break;
		char canon[ICE_CANON_MAX];
		int crim = ice_crim_of(label(t, r, canon));
		if (crim < 0)
			return unknown_label(rd, t, r, t->first, "a criminality");
		for (int a = 0; !rc && a <= ICE_AGENCIES; a++)
			rc = figure(rd, t, r, cols[a], &rd->o->detained[a][crim]);
	}
	return rc;
}

static int read_removals(struct reader *rd, const struct table *t)
{
	uint32_t col = column(t, "total");
	for (uint32_t r = t->header_row + 1; r <= t->sh->s->rows && !blank_at(t->sh->s, r, col); r++) {
		char canon[ICE_CANON_MAX];
		if (is_total(label(t, r, canon)))
			return figure(rd, t, r, col, &rd->o->removals);
	}
	return table_error(rd, t, "no Total row");
}

/* ------------------------------------------------------------------ alternatives to detention */

static bool is_count(const char *canon)
{
	return strcmp(canon, "count") == 0;
}

static int read_atd_tech(struct reader *rd, const struct table *t)
{
	uint32_t col = column(t, "count");
	int rc = 0;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && !blank_at(t->sh->s, r, col); r++) {
		char canon[ICE_CANON_MAX];
		int tech = ice_tech_of(label(t, r, canon));
		double v;
		if (tech < 0 && !is_total(canon))
			return unknown_label(rd, t, r, t->first, "a technology");
		rc = figure(rd, t, r, col, &v);
		if (tech >= 0)
			rd->o->atd_by_tech[tech] += v;
		else
			rd->o->atd_total = v;
	}
	return rc;
}

static bool is_average_length(const char *canon)
{
	return ice_starts(canon, "average length") || strcmp(canon, "alip") == 0;
}

/* One row of the table by AOR and technology; *aor is the AOR the rows
 * below an AOR's row belong to. */
static int atd_aor_row(struct reader *rd, const struct table *t, uint32_t r, uint32_t count_col,
		       uint32_t alip_col, int *aor)
{
	struct ice_official *o = rd->o;
	char canon[ICE_CANON_MAX];
	int tech = ice_tech_of(label(t, r, canon));
	double count, alip;
	int rc = figure(rd, t, r, count_col, &count);
	if (!rc)
		rc = figure(rd, t, r, alip_col, &alip);
	if (rc)
		return rc;
	if (tech >= 0 && *aor < 0)
		return cell_error(rd, t->sh, r, t->first, "a technology row before any AOR");
	if (tech >= 0) {
		o->atd_by_aor_tech[*aor][tech] += count;
	} else if (is_total(canon)) {
		o->atd_alip = alip;
		if (!(o->tables & ICE_T_ATD_TECH))
			o->atd_total = count;
	} else if ((*aor = ice_aor_of(canon)) >= 0) {
		o->atd_by_aor[*aor] = count;
		o->atd_alip_by_aor[*aor] = alip;
	} else {
		return unknown_label(rd, t, r, t->first, "an AOR or a technology");
	}
	return 0;
}

static int read_atd_aor(struct reader *rd, const struct table *t)
{
	uint32_t count_col = column(t, "count"), alip_col = column_where(t, is_average_length);
	int rc = 0, aor = -1;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && !blank_at(t->sh->s, r, count_col); r++)
		rc = atd_aor_row(rd, t, r, count_col, alip_col, &aor);
	return rc;
}

static int read_court(struct reader *rd, const struct table *t)
{
	uint32_t col = column(t, "count");
	int rc = 0;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && !blank_at(t->sh->s, r, col); r++) {
		char canon[ICE_CANON_MAX];
		label(t, r, canon);
		if (strcmp(canon, "attended") == 0)
			rc = figure(rd, t, r, col, &rd->o->court_attended);
		else if (strcmp(canon, "failed to attend") == 0 || strcmp(canon, "missed") == 0)
			rc = figure(rd, t, r, col, &rd->o->court_missed);
		else if (!is_total(canon))
			return unknown_label(rd, t, r, t->first, "Attended, Failed to Attend or Total");
	}
	return rc;
}

/* ------------------------------------------------------------------ facilities */

int ice_facility_code(const char *name, const struct ice_facility *taken, size_t n_taken,
		      char code[FACILITY_CODE_MAX + 1], struct error *err)
{
	char base[9];
	size_t n = 0;
	for (const char *p = name; *p && n < 8; p++) {
		char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			base[n++] = c;
	}
	base[n] = '\0';
	if (n < CODE_MIN)
		return error_set(err, ERR_INVALID, "facility \"%.*s\": its name has fewer than %d letters and digits",
				 error_cut(name, 80), name, CODE_MIN);
	for (int k = 1; k <= 99; k++) {
		if (k == 1)
			snprintf(code, FACILITY_CODE_MAX + 1, "%s", base);
		else
			snprintf(code, FACILITY_CODE_MAX + 1, "%.*s%d", k < 10 ? 7 : 6, base, k);
		size_t i = 0;
		while (i < n_taken && strcmp(taken[i].code, code) != 0)
			i++;
		if (i == n_taken)
			return 0;
	}
	return error_set(err, ERR_INVALID, "facility \"%.*s\": every code from %s is taken", error_cut(name, 80), name,
			 base);
}

/* The columns of the facilities table (0 when absent). */
struct fac_cols {
	uint32_t name, city, state, aor, kind, sex, alos, adp, code, minimum;
	uint32_t threat[4]; /* ICE threat level 1, 2, 3, none */
};

static bool is_type_detailed(const char *canon)
{
	return strcmp(canon, "type detailed") == 0;
}

static bool is_alos(const char *canon)
{
	return ice_has(canon, "alos");
}

/* "FY25 ADP": the facility's ADP in one column (the writer's; ICE's
 * workbooks give it by threat level). */
static bool is_adp(const char *canon)
{
	size_t n = strlen(canon);
	return strcmp(canon, "adp") == 0 || (n > 4 && strcmp(canon + n - 4, " adp") == 0);
}

static bool is_code(const char *canon)
{
	return strcmp(canon, "facility code") == 0 || strcmp(canon, "detloc") == 0;
}

static void facility_columns(const struct table *t, struct fac_cols *fc)
{
	*fc = (struct fac_cols){
		.name = column(t, "name"),
		.city = column(t, "city"),
		.state = column(t, "state"),
		.aor = column(t, "aor"),
		.kind = column_where(t, is_type_detailed),
		.sex = column(t, "male female"),
		.alos = column_where(t, is_alos),
		.adp = column_where(t, is_adp),
		.code = column_where(t, is_code),
		.minimum = column(t, "guaranteed minimum"),
		.threat = {column(t, "ice threat level 1"), column(t, "ice threat level 2"),
			   column(t, "ice threat level 3"), column(t, "no ice threat level")},
	};
}

/* The sheet's code for the facility in row r, upper-cased; "" when blank. */
static int sheet_code(const struct reader *rd, const struct table *t, uint32_t r, uint32_t col, char *code)
{
	const char *text = text_at(t->sh->s, r, col);
	char c[ICE_CANON_MAX];
	ice_canon(text ? text : "", c, sizeof c);
	size_t n = strlen(c);
	if (n == 0 && blank_at(t->sh->s, r, col)) {
		code[0] = '\0';
		return 0;
	}
	if (n < CODE_MIN || n > FACILITY_CODE_MAX || strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789") != n)
		return cell_error(rd, t->sh, r, col, "not a facility code (2 to %d letters and digits)", FACILITY_CODE_MAX);
	for (size_t i = 0; i <= n; i++)
		code[i] = (char)(c[i] >= 'a' && c[i] <= 'z' ? c[i] - 'a' + 'A' : c[i]);
	return 0;
}

static int guaranteed_minimum(const struct reader *rd, const struct table *t, uint32_t r, uint32_t col,
			      int64_t *beds)
{
	const struct xlsx_cell *c = col ? xlsx_cell(t->sh->s, r, col) : NULL;
	*beds = -1;
	if (!c || c->kind != XLSX_NUMBER)
		return 0; /* blank, "N/A" */
	if (c->number < 0 || c->number > 1e9)
		return cell_error(rd, t->sh, r, col, "%g is not a number of beds", c->number);
	*beds = llround(c->number);
	return 0;
}

/* The facility's ADP: its own column, else the sum of its ADP by threat level. */
static int facility_adp(const struct reader *rd, const struct table *t, const struct fac_cols *fc, uint32_t r,
			double *adp)
{
	if (fc->adp)
		return figure(rd, t, r, fc->adp, adp);
	*adp = 0;
	for (int i = 0; i < 4; i++) {
		double v;
		int rc = figure(rd, t, r, fc->threat[i], &v);
		if (rc)
			return rc;
		*adp += v;
	}
	return 0;
}

/* Whether row r names a facility: the table ends at the first that does not. */
static bool has_name(const struct table *t, const struct fac_cols *fc, uint32_t r)
{
	const char *name = text_at(t->sh->s, r, fc->name);
	return name && !blank_text(name);
}

static int facility_row(struct reader *rd, const struct table *t, const struct fac_cols *fc, uint32_t r,
			struct ice_facility *f)
{
	const struct xlsx_sheet *s = t->sh->s;
	char canon[ICE_CANON_MAX];
	const char *city = text_at(s, r, fc->city), *state = text_at(s, r, fc->state);
	*f = (struct ice_facility){.aor = UNSET, .row = rd->o->n_facilities};
	assert(has_name(t, fc, r));
	copy_trimmed(f->name, sizeof f->name, text_at(s, r, fc->name));
	copy_trimmed(f->city, sizeof f->city, city ? city : "");
	ice_canon(state ? state : "", canon, sizeof canon);
	if (strlen(canon) == 2 && strspn(canon, "abcdefghijklmnopqrstuvwxyz") == 2)
		f->state[0] = (char)(canon[0] - 'a' + 'A'), f->state[1] = (char)(canon[1] - 'a' + 'A');
	if (fc->aor)
		f->aor = ice_aor_of(canon_at(s, r, fc->aor, canon));
	f->kind = ice_kind_of(canon_at(s, r, fc->kind, canon));
	f->sex = ice_sex_of(canon_at(s, r, fc->sex, canon));
	int rc = figure(rd, t, r, fc->alos, &f->alos);
	if (!rc)
		rc = facility_adp(rd, t, fc, r, &f->adp);
	if (!rc)
		rc = guaranteed_minimum(rd, t, r, fc->minimum, &f->guaranteed_minimum);
	if (!rc && fc->code)
		rc = sheet_code(rd, t, r, fc->code, f->code);
	if (!rc && !f->code[0] && ice_facility_code(f->name, rd->o->facilities, rd->o->n_facilities, f->code, rd->err))
		rc = error_prefix(rd->err, ERR_INVALID, "%s: sheet \"%s\" row %u: ", rd->path, t->sh->name, r);
	return rc;
}

static int read_facilities(struct reader *rd, const struct table *t)
{
	struct fac_cols fc;
	facility_columns(t, &fc);
	if (!fc.name)
		return table_error(rd, t, "no Name column in its header row");
	struct ice_official *o = rd->o;
	int rc = 0;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && has_name(t, &fc, r); r++) {
		if (o->n_facilities >= ICE_FACILITIES_MAX)
			return table_error(rd, t, "more than %d facilities", ICE_FACILITIES_MAX);
		if (array_grow((void **)&o->facilities, &rd->cap_facilities, o->n_facilities, sizeof *o->facilities,
			       rd->err))
			return ERR_NOMEM;
		rc = facility_row(rd, t, &fc, r, &o->facilities[o->n_facilities]);
		if (!rc)
			o->n_facilities++;
	}
	return rc;
}

/* ------------------------------------------------------------------ the workbook */

static const struct table_kind {
	unsigned bit;
	const char *title; /* canonical words of its title */
	key_fn *is_key;    /* a header its header row has */
	int (*read)(struct reader *, const struct table *);
} tables[] = {
	{ICE_T_FACILITIES, "ice facilities data", is_type_detailed, read_facilities},
	{ICE_T_BOOK_INS, "ice initial book ins by arresting agency", is_month, read_book_ins},
	{ICE_T_BOOK_OUTS, "ice final book outs by release reason", is_month, read_book_outs},
	{ICE_T_ADP, "ice average daily population by arresting agency", is_month, read_adp},
	{ICE_T_ALOS, "ice average length of stay by arresting agency", is_month, read_alos},
	{ICE_T_DETAINED, "ice currently detained by criminality", is_ice, read_detained},
	/* before the table by AOR, whose Total is the fallback of atd_total */
	{ICE_T_ATD_TECH, "atd active population counts", is_count, read_atd_tech},
	{ICE_T_ATD_AOR, "active atd participants and average length", is_count, read_atd_aor},
	{ICE_T_COURT, "court appearance total", is_count, read_court},
	{ICE_T_REMOVALS, "ice removals", is_total, read_removals},
};

/* The fiscal year a canonical text names first: "fy2025", "eofy2024",
 * "fy24"; 0 when none. */
static int fy_named(const char *canon)
{
	for (const char *p = canon; *p; p++) {
		if (p != canon && p[-1] != ' ')
			continue;
		const char *q = p + (strncmp(p, "eo", 2) == 0 ? 2 : 0);
		if (strncmp(q, "fy", 2) != 0)
			continue;
		q += 2;
		size_t n = strspn(q, "0123456789");
		if ((n == 2 || n == 4) && (q[n] == '\0' || q[n] == ' '))
			return (n == 2 ? 2000 : 0) + atoi(q);
	}
	return 0;
}

/* A sheet's fiscal year: from its title ("ICE DETENTION DATA, FY2025"),
 * else from its name ("ATD EOFY23 "). */
static int sheet_fy(const struct xlsx_sheet *s, const char *name)
{
	char canon[ICE_CANON_MAX];
	for (size_t i = 0; i < s->n_cells && s->cells[i].row <= TITLE_ROWS; i++) {
		const char *data;
		int fy;
		if (s->cells[i].kind == XLSX_TEXT && (data = strstr(ice_canon(s->cells[i].text, canon, sizeof canon), "data ")) &&
		    (data == canon || data[-1] == ' ') && (fy = fy_named(data + 5)) > 0)
			return fy;
	}
	return fy_named(ice_canon(name, canon, sizeof canon));
}

static int read_sheets(struct reader *rd, struct xlsx_book *book)
{
	size_t n = xlsx_sheet_count(book);
	rd->sheets = calloc(n ? n : 1, sizeof *rd->sheets);
	if (!rd->sheets)
		return error_set(rd->err, ERR_NOMEM, "%s: out of memory", rd->path);
	for (; rd->n_sheets < n; rd->n_sheets++) {
		struct sheet_info *sh = &rd->sheets[rd->n_sheets];
		sh->name = xlsx_sheet_name(book, rd->n_sheets);
		int rc = xlsx_sheet_read(book, rd->n_sheets, &sh->s, rd->err);
		if (rc)
			return rc;
		sh->fy = sheet_fy(sh->s, sh->name);
	}
	return 0;
}

/* The year asked for, else the latest year a sheet names (0 when none does). */
static void choose_fy(struct reader *rd, int fy_wanted)
{
	rd->fy = fy_wanted;
	for (size_t i = 0; !fy_wanted && i < rd->n_sheets; i++)
		rd->fy = rd->sheets[i].fy > rd->fy ? rd->sheets[i].fy : rd->fy;
}

static int read_tables(struct reader *rd)
{
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		struct table t;
		if (!find_table(rd, tables[i].title, tables[i].is_key, &t))
			continue;
		int rc = tables[i].read(rd, &t);
		if (rc)
			return rc;
		rd->o->tables |= tables[i].bit;
	}
	if (!rd->o->tables) {
		char year[16] = "";
		if (rd->fy)
			snprintf(year, sizeof year, " for FY%d", rd->fy);
		return error_set(rd->err, ERR_INVALID,
				 "%s: no table of ICE's detention statistics%s (no title such as \"ICE Initial Book-Ins "
				 "by Arresting Agency\" over a header row)",
				 rd->path, year);
	}
	return rd->fy ? 0
		      : error_set(rd->err, ERR_INVALID, "%s: no sheet title or name gives the fiscal year (FY2025)",
				  rd->path);
}

int ice_read(const char *path, int fy_wanted, struct ice_official *out, struct error *err)
{
	ice_official_init(out, 0);
	if (fy_wanted < 0)
		return error_set(err, ERR_INVALID, "%s: fiscal year %d is not a year", path, fy_wanted);
	struct xlsx_book *book;
	int rc = xlsx_open(path, &book, err);
	if (rc)
		return rc;
	struct reader rd = {.path = path, .o = out, .err = err};
	rc = read_sheets(&rd, book);
	if (!rc) {
		choose_fy(&rd, fy_wanted);
		out->fy = rd.fy;
		rc = read_tables(&rd);
	}
	for (size_t i = 0; i < rd.n_sheets; i++)
		xlsx_sheet_free(rd.sheets[i].s);
	free(rd.sheets);
	xlsx_free(book);
	if (rc) {
		ice_official_free(out);
		ice_official_init(out, 0);
	}
	return rc;
}
