#include "workbook.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "facility_id.h"
#include "labels.h"
#include "xlsx.h"

#define TITLE_ROWS 10     /* a sheet's title (and fiscal year) is in its first rows */
#define HEADER_BELOW 8    /* a table's header row is at most this far below its title */
#define CODE_MIN 2        /* letters and digits of a facility code (events.md) */
#define TITLES_MAX 100    /* cells with a table's title tried for a header row, at most */
#define TERMS_MAX 1000    /* terms of the Footnotes sheet read, at most */
#define WARNINGS_MAX 1000 /* warnings kept, at most (the rest are counted in the last) */

struct sheet_info {
	const char *name;
	struct xlsx_sheet *s;
	int fy;         /* from its title, else its name; 0 when neither names one */
	bool detention; /* its title is ICE's DETENTION DATA (the workbook's year) */
};

/* A term the Footnotes sheet defines ("TR": "Telephonic reporting"),
 * both canonical. */
struct term {
	char word[ICE_CANON_MAX], meaning[ICE_CANON_MAX];
};

struct reader {
	const char *path;
	int fy;
	struct sheet_info *sheets;
	size_t n_sheets;
	struct term *terms;
	size_t n_terms;
	struct ice_official *o;
	size_t cap_facilities, cap_warnings, dropped_warnings;
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

static void warn(struct reader *rd, const struct sheet_info *sh, uint32_t row, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Keep a warning naming the cell (what was read as unknown); after
 * WARNINGS_MAX only count them. Out of memory loses the warning only. */
static void warn(struct reader *rd, const struct sheet_info *sh, uint32_t row, uint32_t col, const char *fmt, ...)
{
	struct ice_official *o = rd->o;
	char why[256], ref[XLSX_REF_MAX], text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	snprintf(text, sizeof text, "sheet \"%s\" cell %s: %s", sh->name, xlsx_ref(row, col, ref), why);
	char *kept = NULL;
	if (o->n_warnings >= WARNINGS_MAX ||
	    array_reserve((void **)&o->warnings, &rd->cap_warnings, o->n_warnings, sizeof *o->warnings, 16) ||
	    !(kept = strdup(text))) {
		rd->dropped_warnings++;
		return;
	}
	o->warnings[o->n_warnings++] = kept;
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
 * suppressed) is NAN; an Excel error (#N/A) is NAN with a warning;
 * anything else is an error. */
static int figure(struct reader *rd, const struct table *t, uint32_t row, uint32_t col, double *v)
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
	if (c->kind == XLSX_ERROR) {
		warn(rd, t->sh, row, col, "\"%.*s\": read as unknown", error_cut(c->text, 20), c->text);
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
 * cell under the title is not blank (unless blank_ok) and whose span holds
 * a key header. */
static bool header_below(const struct sheet_info *sh, uint32_t row, uint32_t col, key_fn *is_key, bool blank_ok,
			 struct table *t)
{
	const struct xlsx_sheet *s = sh->s;
	for (uint32_t r = row + 1; r <= row + HEADER_BELOW && r <= s->rows; r++) {
		if (!blank_ok && blank_at(s, r, col))
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
static bool find_table(const struct reader *rd, const char *title, key_fn *is_key, bool blank_ok, struct table *t)
{
	size_t tried = 0;
	for (size_t i = 0; i < rd->n_sheets; i++) {
		const struct sheet_info *sh = &rd->sheets[i];
		for (size_t k = 0; eligible(rd, sh) && k < sh->s->n_cells && tried < TITLES_MAX; k++) {
			const struct xlsx_cell *c = &sh->s->cells[k];
			char canon[ICE_CANON_MAX];
			if (c->kind != XLSX_TEXT || !ice_has(ice_canon(c->text, canon, sizeof canon), title))
				continue;
			if (header_below(sh, c->row, c->col, is_key, blank_ok, t))
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

typedef int word_fn(const char *canon);

/* What the canonical label is by of(), else what the term it is means by
 * the Footnotes sheet ("TR": "Telephonic reporting"); -1 when neither. */
static int word_of(const struct reader *rd, const char *canon, word_fn *of)
{
	int v = of(canon);
	for (size_t i = 0; v < 0 && i < rd->n_terms; i++)
		if (strcmp(rd->terms[i].word, canon) == 0)
			v = of(rd->terms[i].meaning);
	return v;
}

/* Whether row r's label is blank: then a warning naming the cell, and the
 * row's figures are not read (their meaning is unknown). */
static bool unlabelled(struct reader *rd, const struct table *t, uint32_t r, uint32_t col)
{
	if (!blank_at(t->sh->s, r, col))
		return false;
	warn(rd, t->sh, r, col, "a row without a label in table \"%.*s\": its figures are not read",
	     error_cut(text_at(t->sh->s, t->title_row, t->first), 60), text_at(t->sh->s, t->title_row, t->first));
	return true;
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

static int month_row(struct reader *rd, const struct table *t, const struct months *m, uint32_t r,
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
		if (is_total(label(t, r, canon)) || unlabelled(rd, t, r, t->first))
			continue;
		int agency = is_ice(canon) ? AGENCY_ICE : strcmp(canon, "cbp") == 0 ? AGENCY_CBP : -1;
		if (agency < 0)
			return unknown_label(rd, t, r, t->first, "ICE, CBP or Total");
		rc = month_row(rd, t, &m, r, rd->o->book_ins[agency]);
	}
	return rc;
}

/* The figures of a release reason (or bond sub-row) by criminality and month. */
typedef double outs_row[ICE_CRIMS + 1][ICE_MONTHS + 1];

/* A label as a key: its canonical words joined by '_', ASCII letters and
 * digits only ("Prosecutorial Discretion": prosecutorial_discretion). */
static void key_of(const char *canon, char key[ICE_KEY_MAX])
{
	size_t n = 0;
	for (const char *p = canon; *p && n + 1 < ICE_KEY_MAX; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			key[n++] = *p;
		else if (*p == ' ' && n > 0 && key[n - 1] != '_')
			key[n++] = '_';
	while (n > 0 && key[n - 1] == '_')
		n--;
	key[n] = '\0';
}

/* Where the figures of the row labelled canon (row r) go: *out is a release
 * reason's, a bond sub-row's, or those of a reason custody has no word for
 * (kept under a key made from its label, ice_reason_extra); NULL for the
 * grand Total row, which is not stored. */
static int outs_target(struct reader *rd, const struct table *t, uint32_t r, const char *canon, outs_row **out)
{
	char key[ICE_KEY_MAX];
	*out = NULL;
	if (is_total(canon))
		return 0;
	if (strcmp(canon, "bond set by ice") == 0 || strcmp(canon, "bond set by ij") == 0) {
		*out = &rd->o->bond_set_by[strcmp(canon, "bond set by ice") == 0 ? 0 : 1];
		return 0;
	}
	key_of(canon, key);
	int reason = word_of(rd, canon, ice_reason_of);
	if (reason < 0)
		reason = vocab_find(&vocab_release_reason, key);
	if (reason >= 0) {
		*out = &rd->o->book_outs[reason];
		return 0;
	}
	struct ice_reason_extra *x = key[0] ? ice_extra_reason(rd->o, key) : NULL;
	if (!x)
		return unknown_label(rd, t, r, t->first, "a release reason (no letters, or too many reasons)");
	*out = &x->v;
	return 0;
}

/* ICE's layout since FY2020: a reason's rows, one per criminality (its
 * Criminality column), by month. */
static int read_outs_monthly(struct reader *rd, const struct table *t)
{
	struct months m;
	int rc = month_columns(rd, t, &m);
	uint32_t crim_col = column(t, "criminality");
	if (!rc && !crim_col)
		rc = table_error(rd, t, "no Criminality column in its header row");
	outs_row *group = NULL;
	bool opened = false;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && !months_blank(t, &m, r); r++) {
		char canon[ICE_CANON_MAX];
		if (*label(t, r, canon)) {
			if ((rc = outs_target(rd, t, r, canon, &group)))
				return rc;
			opened = true;
		} else if (!opened) {
			return cell_error(rd, t->sh, r, t->first, "a criminality row before any release reason");
		}
		if (!group)
			continue;
		int crim = blank_at(t->sh->s, r, crim_col) ? ICE_CRIMS : ice_crim_of(canon_at(t->sh->s, r, crim_col, canon));
		if (crim < 0)
			return unknown_label(rd, t, r, crim_col, "a criminality");
		rc = month_row(rd, t, &m, r, (*group)[crim]);
	}
	return rc;
}

/* FY2019's layout: one row per reason, a column per criminality and Total,
 * no months: the year's figures. */
static int read_outs_annual(struct reader *rd, const struct table *t)
{
	uint32_t cols[ICE_CRIMS + 1] = {0};
	for (uint32_t c = t->first; c <= t->last; c++) {
		char canon[ICE_CANON_MAX];
		int k = ice_crim_of(canon_at(t->sh->s, t->header_row, c, canon));
		if (k >= 0 && !cols[k])
			cols[k] = c;
	}
	if (!cols[ICE_CRIMS])
		return table_error(rd, t, "neither months nor a Total column in its header row");
	int rc = 0;
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows; r++) {
		bool blank = true;
		for (int k = 0; k <= ICE_CRIMS; k++)
			blank = blank && blank_at(t->sh->s, r, cols[k]);
		if (blank)
			break;
		char canon[ICE_CANON_MAX];
		outs_row *group;
		if (unlabelled(rd, t, r, t->first))
			continue;
		if ((rc = outs_target(rd, t, r, label(t, r, canon), &group)) || !group)
			continue;
		for (int k = 0; !rc && k <= ICE_CRIMS; k++)
			rc = figure(rd, t, r, cols[k], &(*group)[k][ICE_MONTHS]);
	}
	return rc;
}

/* Final book-outs, or final releases, by release reason. */
static int read_outs(struct reader *rd, const struct table *t)
{
	return column_where(t, is_month) ? read_outs_monthly(rd, t) : read_outs_annual(rd, t);
}

static bool is_outs_header(const char *canon)
{
	return is_month(canon) || is_total(canon);
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
		if (unlabelled(rd, t, r, t->first))
			continue;
		int group = agency_group(label(t, r, canon)), crim = ICE_CRIMS;
		if (group >= 0)
			agency = group;
		else if ((crim = word_of(rd, canon, ice_crim_of)) < 0 || crim == ICE_CRIMS)
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
		if (unlabelled(rd, t, r, t->first))
			continue;
		int crim = word_of(rd, label(t, r, canon), ice_crim_of);
		if (crim < 0)
			return unknown_label(rd, t, r, t->first, "a criminality");
		for (int a = 0; !rc && a <= ICE_AGENCIES; a++)
			rc = figure(rd, t, r, cols[a], &rd->o->detained[a][crim]);
	}
	return rc;
}

/* The removals column: "Total", or (FY2019, FY2021, whose header row has
 * a blank cell under the title) "Removals". */
static bool is_removals_header(const char *canon)
{
	return is_total(canon) || strcmp(canon, "removals") == 0;
}

static int read_removals(struct reader *rd, const struct table *t)
{
	uint32_t col = column(t, "total");
	if (!col)
		col = column(t, "removals");
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
		if (unlabelled(rd, t, r, t->first))
			continue;
		int tech = word_of(rd, label(t, r, canon), ice_tech_of);
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
	if (unlabelled(rd, t, r, t->first))
		return 0;
	int tech = word_of(rd, label(t, r, canon), ice_tech_of);
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
	} else if ((*aor = word_of(rd, canon, ice_aor_of)) >= 0) {
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
		if (unlabelled(rd, t, r, t->first))
			continue;
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

int ice_facility_code(const struct ice_facility *f, const struct ice_facility *taken, size_t n_taken,
		      char code[FACILITY_CODE_MAX + 1], struct error *err)
{
	for (unsigned salt = 0; salt < 100; salt++) {
		int rc = ice_facility_derive(f->name, f->state, salt, code, err);
		if (rc)
			return rc;
		size_t i = 0;
		while (i < n_taken && strcmp(taken[i].code, code) != 0)
			i++;
		if (i == n_taken)
			return 0;
	}
	return error_set(err, ERR_INVALID, "facility \"%.*s\": every code derived is taken", error_cut(f->name, 80),
			 f->name);
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
static int facility_adp(struct reader *rd, const struct table *t, const struct fac_cols *fc, uint32_t r,
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

/* Whether row r names a facility. */
static bool has_name(const struct table *t, const struct fac_cols *fc, uint32_t r)
{
	const char *name = text_at(t->sh->s, r, fc->name);
	return name && !blank_text(name);
}

/* Whether row r is in the table: it has a name, a city or a state (the
 * table ends at the first row with none). */
static bool facility_listed(const struct table *t, const struct fac_cols *fc, uint32_t r)
{
	const struct xlsx_sheet *s = t->sh->s;
	return !blank_at(s, r, fc->name) || !blank_at(s, r, fc->city) || !blank_at(s, r, fc->state);
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
	else if (fc->state)
		warn(rd, t->sh, r, fc->state, "facility \"%.*s\": %s: its state is unknown", error_cut(f->name, 60),
		     f->name, canon[0] ? "not a state" : "no state");
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
	f->code_given = f->code[0] != '\0';
	if (!rc && !f->code[0] && ice_facility_code(f, rd->o->facilities, rd->o->n_facilities, f->code, rd->err))
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
	for (uint32_t r = t->header_row + 1; !rc && r <= t->sh->s->rows && facility_listed(t, &fc, r); r++) {
		if (!has_name(t, &fc, r)) {
			warn(rd, t->sh, r, fc.name, "a facility without a name: its row is not read");
			continue;
		}
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
	bool blank_ok;     /* its header row may be blank under the title */
	unsigned unless;   /* not read when one of these tables was */
	int (*read)(struct reader *, const struct table *);
} tables[] = {
	{ICE_T_FACILITIES, "ice facilities data", is_type_detailed, false, 0, read_facilities},
	{ICE_T_BOOK_INS, "ice initial book ins by arresting agency", is_month, false, 0, read_book_ins},
	{ICE_T_BOOK_OUTS, "ice final book outs by release reason", is_outs_header, false, 0, read_outs},
	/* before FY2024: releases only (docs/ice.md) */
	{ICE_T_RELEASES, "ice final releases by release reason", is_outs_header, false, ICE_T_BOOK_OUTS, read_outs},
	{ICE_T_ADP, "ice average daily population by arresting agency", is_month, false, 0, read_adp},
	{ICE_T_ALOS, "ice average length of stay by arresting agency", is_month, false, 0, read_alos},
	{ICE_T_DETAINED, "ice currently detained by criminality", is_ice, false, 0, read_detained},
	/* before the table by AOR, whose Total is the fallback of atd_total */
	{ICE_T_ATD_TECH, "atd active population counts", is_count, false, 0, read_atd_tech},
	{ICE_T_ATD_AOR, "active atd participants and average length", is_count, false, 0, read_atd_aor},
	{ICE_T_COURT, "court appearance total", is_count, false, 0, read_court},
	{ICE_T_REMOVALS, "ice removals", is_removals_header, true, 0, read_removals},
};

/* Participants by technology, when only the table by AOR gives them
 * (FY2019, FY2021): the sum over the AORs. */
static void atd_tech_of_aors(struct ice_official *o)
{
	for (int t = 0; t < ICE_TECHS; t++)
		for (int a = 0; a < ICE_AORS; a++)
			o->atd_by_tech[t] += o->atd_by_aor_tech[a][t];
}

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
 * else from its name ("ATD EOFY23 "); and whether it holds ICE's
 * detention data (that title, else a name "Detention ..."). */
static void sheet_fy(struct sheet_info *sh)
{
	char canon[ICE_CANON_MAX];
	const struct xlsx_sheet *s = sh->s;
	for (size_t i = 0; i < s->n_cells && s->cells[i].row <= TITLE_ROWS; i++) {
		const char *data;
		int fy;
		if (s->cells[i].kind == XLSX_TEXT && (data = strstr(ice_canon(s->cells[i].text, canon, sizeof canon), "data ")) &&
		    (data == canon || data[-1] == ' ') && (fy = fy_named(data + 5)) > 0) {
			sh->fy = fy;
			sh->detention = ice_has(canon, "ice detention data");
			return;
		}
	}
	sh->fy = fy_named(ice_canon(sh->name, canon, sizeof canon));
	sh->detention = ice_starts(canon, "detention"); /* "Detention FY25" */
}

/* The terms the Footnotes sheet defines: its first two columns, a term and
 * its definition, where the term is short (an abbreviation or a name). */
static int read_terms(struct reader *rd, const struct sheet_info *sh)
{
	size_t cap = 0;
	const struct xlsx_sheet *s = sh->s;
	for (size_t i = 0; i < s->n_cells && rd->n_terms < TERMS_MAX; i++) {
		const struct xlsx_cell *c = &s->cells[i];
		const char *meaning = c->col == 1 && c->kind == XLSX_TEXT ? text_at(s, c->row, 2) : NULL;
		if (!meaning || strlen(c->text) > 40)
			continue;
		if (array_reserve((void **)&rd->terms, &cap, rd->n_terms, sizeof *rd->terms, 64))
			return error_set(rd->err, ERR_NOMEM, "%s: out of memory", rd->path);
		struct term *t = &rd->terms[rd->n_terms++];
		ice_canon(c->text, t->word, sizeof t->word);
		ice_canon(meaning, t->meaning, sizeof t->meaning);
	}
	return 0;
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
		sheet_fy(sh);
		char canon[ICE_CANON_MAX];
		if (ice_has(ice_canon(sh->name, canon, sizeof canon), "footnotes") && (rc = read_terms(rd, sh)))
			return rc;
	}
	return 0;
}

/* The year asked for, else that of the detention data (an end-of-year
 * workbook published after the next year began has that year's ATD sheet
 * too), else the latest year a sheet names (0 when none does). */
static void choose_fy(struct reader *rd, int fy_wanted)
{
	int own = 0;
	for (int pass = 0; pass < 2 && !own; pass++)
		for (size_t i = 0; i < rd->n_sheets; i++)
			if ((pass == 1 || rd->sheets[i].detention) && rd->sheets[i].fy > own)
				own = rd->sheets[i].fy;
	rd->fy = fy_wanted ? fy_wanted : own;
	/* another year's figures in this workbook (FY24's ATD EOFY23 sheet) are
	 * not a release of that year: undated (docs/ice.md, releases) */
	if (rd->fy != own)
		rd->o->released[0] = '\0';
}

static int read_tables(struct reader *rd)
{
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		struct table t;
		if ((rd->o->tables & tables[i].unless) ||
		    !find_table(rd, tables[i].title, tables[i].is_key, tables[i].blank_ok, &t))
			continue;
		int rc = tables[i].read(rd, &t);
		if (rc)
			return rc;
		rd->o->tables |= tables[i].bit;
	}
	if ((rd->o->tables & (ICE_T_ATD_TECH | ICE_T_ATD_AOR)) == ICE_T_ATD_AOR)
		atd_tech_of_aors(rd->o);
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
	char released[XLSX_STAMP_MAX];
	rc = xlsx_modified(book, released, err);
	if (!rc) {
		snprintf(out->released, sizeof out->released, "%s", released);
		rc = read_sheets(&rd, book);
	}
	if (!rc) {
		choose_fy(&rd, fy_wanted);
		out->fy = rd.fy;
		rc = read_tables(&rd);
	}
	if (!rc && rd.dropped_warnings) {
		char more[64];
		snprintf(more, sizeof more, "and %zu more warnings", rd.dropped_warnings);
		char *kept = strdup(more);
		if (kept && !array_reserve((void **)&out->warnings, &rd.cap_warnings, out->n_warnings,
					   sizeof *out->warnings, 16))
			out->warnings[out->n_warnings++] = kept;
		else
			free(kept);
	}
	for (size_t i = 0; i < rd.n_sheets; i++)
		xlsx_sheet_free(rd.sheets[i].s);
	free(rd.sheets);
	free(rd.terms);
	xlsx_free(book);
	if (rc) {
		ice_official_free(out);
		ice_official_init(out, 0);
	}
	return rc;
}
