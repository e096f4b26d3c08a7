/* figures.c: official figures as flat named figures (see figures.h).
 *
 * Every monthly table of struct ice_official is a matrix of doubles:
 * groups x sub-groups x months. One descriptor per matrix names its
 * dimensions, so that the walk and its inverse are one loop each. */
#include "figures.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a figure ICE suppressed (NAN) is kept: as this text. */
#define SUPPRESSED "<10"

/* A figure's number: NAN for a suppressed one. */
static double number_of(double value, const char *text)
{
	return text && strcmp(text, SUPPRESSED) == 0 ? NAN : value;
}

struct dim {
	int n;
	const char *const *names;
};

static const char *const agencies[] = {"ICE", "CBP", "all"};
static const char *const crims[] = {"convicted", "pending", "none", "all"};
static const char *const bond_by[] = {"ICE", "IJ"};
static const char *const techs[] = {"app", "ankle", "wrist", "phone", "none", "dual"};
static const char *const none[] = {""};
static const char *const total[] = {"total"};
static const char *const alip[] = {"alip"};
static const char *const attended[] = {"attended"};
static const char *const missed[] = {"missed"};
static const char *const participants[] = {"participants"};

#define DIM(a) {(int)(sizeof(a) / sizeof *(a)), a}
#define REASONS {OUT_REASON_COUNT, NULL} /* vocab_release_reason */
#define AORS {ICE_AORS, NULL}            /* vocab_aor; told apart by the table */

struct matrix {
	const char *tbl;
	unsigned table;
	size_t offset; /* of the first double in struct ice_official */
	struct dim grp, sub;
	int months; /* ICE_MONTHS + 1, or 1 for a figure of the year */
};

#define AT(field) offsetof(struct ice_official, field)

static const struct matrix matrices[] = {
	{"book_ins", ICE_T_BOOK_INS, AT(book_ins), {2, agencies}, DIM(none), ICE_MONTHS + 1},
	{"book_outs", ICE_T_BOOK_OUTS, AT(book_outs), REASONS, DIM(crims), ICE_MONTHS + 1},
	{"releases", ICE_T_RELEASES, AT(book_outs), REASONS, DIM(crims), ICE_MONTHS + 1},
	{"bond_set_by", ICE_T_OUTS, AT(bond_set_by), DIM(bond_by), DIM(crims), ICE_MONTHS + 1},
	{"adp", ICE_T_ADP, AT(adp), DIM(agencies), DIM(crims), ICE_MONTHS + 1},
	{"alos", ICE_T_ALOS, AT(alos), DIM(agencies), DIM(crims), ICE_MONTHS + 1},
	{"detained", ICE_T_DETAINED, AT(detained), DIM(agencies), DIM(crims), 1},
	{"removals", ICE_T_REMOVALS, AT(removals), DIM(total), DIM(none), 1},
	/* the total and by technology: of the table by AOR when there is no other */
	{"atd", ICE_T_ATD_TECH | ICE_T_ATD_AOR, AT(atd_total), DIM(total), DIM(none), 1},
	{"atd", ICE_T_ATD_AOR, AT(atd_alip), DIM(alip), DIM(none), 1},
	{"atd_tech", ICE_T_ATD_TECH | ICE_T_ATD_AOR, AT(atd_by_tech), DIM(techs), DIM(none), 1},
	{"atd_aor", ICE_T_ATD_AOR, AT(atd_by_aor), AORS, DIM(participants), 1},
	{"atd_aor", ICE_T_ATD_AOR, AT(atd_alip_by_aor), AORS, DIM(alip), 1},
	{"atd_aor_tech", ICE_T_ATD_AOR, AT(atd_by_aor_tech), AORS, DIM(techs), 1},
	{"court", ICE_T_COURT, AT(court_attended), DIM(attended), DIM(none), 1},
	{"court", ICE_T_COURT, AT(court_missed), DIM(missed), DIM(none), 1},
};

#define N_MATRICES (sizeof matrices / sizeof *matrices)

static const char *grp_name(const struct matrix *m, int g)
{
	if (m->grp.names)
		return m->grp.names[g];
	return m->grp.n == OUT_REASON_COUNT ? vocab_word(&vocab_release_reason, g) : vocab_word(&vocab_aor, g);
}

static int find_name(const struct matrix *m, const struct dim *d, const char *name, bool is_grp)
{
	for (int i = 0; i < d->n; i++)
		if (strcmp(is_grp ? grp_name(m, i) : d->names[i], name) == 0)
			return i;
	return -1;
}

static double *cell(struct ice_official *o, const struct matrix *m, int g, int u, int month)
{
	double *base = (double *)((char *)o + m->offset);
	return &base[((size_t)g * (size_t)m->sub.n + (size_t)u) * (size_t)m->months + (size_t)month];
}

static int each_matrix(const struct ice_official *o, const struct matrix *m, ice_figure_fn fn, void *ctx,
		       struct error *err)
{
	int rc = 0;
	for (int g = 0; rc == 0 && g < m->grp.n; g++)
		for (int u = 0; rc == 0 && u < m->sub.n; u++)
			for (int k = 0; rc == 0 && k < m->months; k++) {
				double v = *cell((struct ice_official *)o, m, g, u, k);
				rc = fn(ctx, m->tbl, grp_name(m, g), m->sub.names[u], k == m->months - 1 ? -1 : k,
					isnan(v) ? 0 : v, isnan(v) ? SUPPRESSED : NULL, err);
			}
	return rc;
}

static int each_facility(const struct ice_facility *f, size_t row, ice_figure_fn fn, void *ctx,
			 struct error *err)
{
	const char *texts[][2] = {{"name", f->name},
				  {"city", f->city},
				  {"state", f->state},
				  {"aor", f->aor == UNSET ? "" : vocab_word(&vocab_aor, f->aor)},
				  {"kind", vocab_word(&vocab_facility_kind, f->kind)},
				  {"sex", vocab_word(&vocab_facility_sex, f->sex)}};
	const struct {
		const char *sub;
		double value;
	} numbers[] = {{"row", (double)row},
		       {"adp", f->adp},
		       {"alos", f->alos},
		       {"guaranteed_minimum", (double)f->guaranteed_minimum}};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof texts / sizeof *texts; i++)
		if (texts[i][1][0])
			rc = fn(ctx, "facility", f->code, texts[i][0], -1, 0, texts[i][1], err);
	for (size_t i = 0; rc == 0 && i < sizeof numbers / sizeof *numbers; i++)
		rc = fn(ctx, "facility", f->code, numbers[i].sub, -1, isnan(numbers[i].value) ? 0 : numbers[i].value,
			isnan(numbers[i].value) ? SUPPRESSED : NULL, err);
	return rc;
}

/* The table of the figures by release reason o has: "releases" (before
 * FY2024) or "book_outs". */
static const char *outs_table(const struct ice_official *o)
{
	return o->tables & ICE_T_RELEASES ? "releases" : "book_outs";
}

/* The reasons custody has no word for, as the rows of the table by reason. */
static int each_extra(const struct ice_official *o, ice_figure_fn fn, void *ctx, struct error *err)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < o->n_extra; i++)
		for (int u = 0; rc == 0 && u <= ICE_CRIMS; u++)
			for (int k = 0; rc == 0 && k <= ICE_MONTHS; k++) {
				double v = o->extra[i].v[u][k];
				rc = fn(ctx, outs_table(o), o->extra[i].key, crims[u], k == ICE_MONTHS ? -1 : k,
					isnan(v) ? 0 : v, isnan(v) ? SUPPRESSED : NULL, err);
			}
	return rc;
}

/* Set a figure of a reason custody has no word for: key (grp) is letters,
 * digits and '_' (ice_reason_extra). */
static int set_extra(struct ice_official *o, const char *tbl, const char *key, const char *sub, int month,
		     double value, const char *text, struct error *err)
{
	int u = -1;
	for (int i = 0; i <= ICE_CRIMS; i++)
		u = strcmp(crims[i], sub) == 0 ? i : u;
	size_t n = strlen(key);
	if (u < 0 || month < -1 || month >= ICE_MONTHS || n == 0 || n >= ICE_KEY_MAX ||
	    strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return error_set(err, ERR_INVALID, "official figure %s/%.30s/%.30s month %d: not a figure custody keeps",
				 tbl, key, sub, month);
	struct ice_reason_extra *x = ice_extra_reason(o, key);
	if (!x)
		return error_set(err, ERR_NOMEM, "official figure %s/%s: too many reasons, or out of memory", tbl, key);
	x->v[u][month < 0 ? ICE_MONTHS : month] = number_of(value, text);
	return 0;
}

int ice_figures_each(const struct ice_official *o, ice_figure_fn fn, void *ctx, struct error *err)
{
	int rc = fn(ctx, "tables", "", "", -1, (double)o->tables, NULL, err);
	for (size_t i = 0; rc == 0 && i < N_MATRICES; i++)
		if (o->tables & matrices[i].table)
			rc = each_matrix(o, &matrices[i], fn, ctx, err);
	if (rc == 0 && (o->tables & ICE_T_OUTS))
		rc = each_extra(o, fn, ctx, err);
	if (rc == 0 && o->released[0])
		rc = fn(ctx, "release", "", "modified", -1, 0, o->released, err);
	for (size_t i = 0; rc == 0 && i < o->n_facilities; i++)
		rc = each_facility(&o->facilities[i], i, fn, ctx, err);
	return rc;
}

/* The facility with this code, appended if new. */
static struct ice_facility *facility(struct ice_official *o, const char *code, struct error *err)
{
	for (size_t i = 0; i < o->n_facilities; i++)
		if (strcmp(o->facilities[i].code, code) == 0)
			return &o->facilities[i];
	if (strlen(code) > FACILITY_CODE_MAX) {
		error_set(err, ERR_INVALID, "official figure facility %.20s: not a facility code", code);
		return NULL;
	}
	struct ice_facility *grown = realloc(o->facilities, (o->n_facilities + 1) * sizeof *grown);
	if (!grown) {
		error_set(err, ERR_NOMEM, "out of memory");
		return NULL;
	}
	o->facilities = grown;
	struct ice_facility *f = &grown[o->n_facilities];
	memset(f, 0, sizeof *f);
	strcpy(f->code, code);
	f->aor = UNSET;
	f->kind = FAC_OTHER;
	f->sex = FSEX_ANY;
	f->adp = f->alos = NAN;
	f->guaranteed_minimum = -1;
	f->row = o->n_facilities++;
	return f;
}

static int set_word(int *out, const struct vocab *v, const char *text, const char *code, struct error *err)
{
	*out = vocab_find(v, text ? text : "");
	if (*out < 0)
		return error_set(err, ERR_INVALID, "official figure facility %s: \"%.20s\" is not a %s", code,
				 text ? text : "", v->name);
	return 0;
}

static int set_facility(struct ice_official *o, const char *code, const char *sub, double value, const char *text,
			struct error *err)
{
	struct ice_facility *f = facility(o, code, err);
	if (!f)
		return err ? err->code : ERR_INVALID;
	char *fields[][2] = {{"name", f->name}, {"city", f->city}, {"state", f->state}};
	size_t sizes[] = {sizeof f->name, sizeof f->city, sizeof f->state};
	for (size_t i = 0; i < 3; i++)
		if (strcmp(sub, fields[i][0]) == 0) {
			snprintf(fields[i][1], sizes[i], "%s", text ? text : "");
			return 0;
		}
	if (strcmp(sub, "aor") == 0)
		return set_word(&f->aor, &vocab_aor, text, code, err);
	if (strcmp(sub, "kind") == 0)
		return set_word(&f->kind, &vocab_facility_kind, text, code, err);
	if (strcmp(sub, "sex") == 0)
		return set_word(&f->sex, &vocab_facility_sex, text, code, err);
	value = number_of(value, text);
	bool whole = strcmp(sub, "row") == 0 || strcmp(sub, "guaranteed_minimum") == 0;
	double least = strcmp(sub, "row") == 0 ? 0 : -1;
	if (whole && !(value >= least && value <= 1e9 && value == floor(value)))
		return error_set(err, ERR_INVALID, "official figure facility %s: %s is not a whole number", code, sub);
	if (strcmp(sub, "row") == 0)
		f->row = (size_t)value;
	else if (strcmp(sub, "adp") == 0)
		f->adp = value;
	else if (strcmp(sub, "alos") == 0)
		f->alos = value;
	else if (strcmp(sub, "guaranteed_minimum") == 0)
		f->guaranteed_minimum = (int64_t)value;
	else
		return error_set(err, ERR_INVALID, "official figure facility %s: no field %.30s", code, sub);
	return 0;
}

static int compare_row(const void *a, const void *b)
{
	const struct ice_facility *x = a, *y = b;
	return (x->row > y->row) - (x->row < y->row);
}

void ice_figures_finish(struct ice_official *o)
{
	if (o->n_facilities > 1)
		qsort(o->facilities, o->n_facilities, sizeof *o->facilities, compare_row);
}

int ice_figure_set(void *ctx, const char *tbl, const char *grp, const char *sub, int month, double value,
		   const char *text, struct error *err)
{
	struct ice_official *o = ctx;
	if (strcmp(tbl, "tables") == 0) {
		if (!(value >= 0 && value < 65536 && value == floor(value)))
			return error_set(err, ERR_INVALID, "official figure tables: %g is not a set of tables", value);
		o->tables = (unsigned)value;
		return 0;
	}
	if (strcmp(tbl, "facility") == 0)
		return set_facility(o, grp, sub, value, text, err);
	if (strcmp(tbl, "release") == 0) {
		/* the digest is the importer's (cmd_import_ice.c) */
		if (strcmp(sub, "modified") == 0)
			snprintf(o->released, sizeof o->released, "%s", text ? text : "");
		return 0;
	}
	for (size_t i = 0; i < N_MATRICES; i++) {
		const struct matrix *m = &matrices[i];
		int g, u, k = month < 0 ? m->months - 1 : month;
		if (strcmp(m->tbl, tbl) != 0 || (g = find_name(m, &m->grp, grp, true)) < 0 ||
		    (u = find_name(m, &m->sub, sub, false)) < 0 || k >= m->months || (month < 0) != (k == m->months - 1))
			continue;
		*cell(o, m, g, u, k) = number_of(value, text);
		return 0;
	}
	if (strcmp(tbl, "book_outs") == 0 || strcmp(tbl, "releases") == 0)
		return set_extra(o, tbl, grp, sub, month, value, text, err);
	return error_set(err, ERR_INVALID, "official figure %.30s/%.30s/%.30s month %d: not a figure custody keeps", tbl,
			 grp, sub, month);
}
