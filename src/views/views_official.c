/* views_official.c: a year's figures, ICE's (official) and the ledger's
 * (report), as JSON (see views.h). */
#include "views_internal.h"

#include <math.h>
#include <string.h>

#include "figures.h"
#include "from_ledger.h"

/* The tables `official --table` names, in the order "tables" lists them. */
static const char *const official_tables[] = {"facilities", "book_ins", "book_outs", "releases", "adp", "alos",
					      "detained",   "removals", "atd",       "court",    NULL};

const char *const view_ice_tech_names[ICE_TECHS] = {"app", "ankle", "wrist", "phone", "none", "dual"};

bool view_official_table_known(const char *name)
{
	for (int i = 0; name && official_tables[i]; i++)
		if (strcmp(official_tables[i], name) == 0)
			return true;
	return name == NULL;
}

/* The tables of struct ice_official that each name of official_tables covers. */
static unsigned table_bits(const char *name)
{
	static const struct {
		const char *name;
		unsigned bits;
	} map[] = {{"facilities", ICE_T_FACILITIES}, {"book_ins", ICE_T_BOOK_INS}, {"book_outs", ICE_T_BOOK_OUTS},
		   {"releases", ICE_T_RELEASES},
		   {"adp", ICE_T_ADP},		     {"alos", ICE_T_ALOS},	   {"detained", ICE_T_DETAINED},
		   {"removals", ICE_T_REMOVALS},     {"atd", ICE_T_ATD_TECH | ICE_T_ATD_AOR},
		   {"court", ICE_T_COURT}};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(map[i].name, name) == 0)
			return map[i].bits;
	return 0;
}

bool view_official_shows(const struct ice_official *o, const char *table, const char *name)
{
	return (!table || strcmp(table, name) == 0) && (o->tables & table_bits(name));
}

/* A store_official_get() callback filling the struct ice_official ctx. */
static int add_figure(void *ctx, const struct store_figure *f, struct error *err)
{
	return ice_figure_set(ctx, f->tbl, f->grp, f->sub, f->month, f->value, f->text, err);
}

int view_load_official(struct ledger *l, int fy, struct ice_official *o, struct error *err)
{
	ice_official_init(o, fy);
	int rc = store_official_get(ledger_store(l), fy, add_figure, o, err);
	ice_figures_finish(o);
	return rc;
}

/* A figure: a whole number as an integer, else a real; null when unknown. */
static json_t *number(double x)
{
	if (isnan(x))
		return json_null();
	if (x == floor(x) && fabs(x) < 1e15)
		return json_integer((json_int_t)x);
	return json_real(x);
}

/* A count by AOR, "<10" when suppressed. */
static json_t *small_count(double x, bool suppress)
{
	return suppress && ice_suppressed(x) ? json_string("<10") : number(x);
}

static json_t *months(const double *row)
{
	json_t *a = json_array();
	for (int m = 0; m < ICE_MONTHS; m++)
		json_array_append_new(a, number(row[m]));
	return a;
}

static json_t *facilities_json(const struct ice_official *o, bool suppress)
{
	json_t *a = json_array();
	for (size_t i = 0; i < o->n_facilities; i++) {
		const struct ice_facility *f = &o->facilities[i];
		json_array_append_new(
			a, json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o}", "code", f->code, "name", f->name, "aor",
				     f->aor == UNSET ? json_null() : json_string(vocab_word(&vocab_aor, f->aor)), "kind",
				     vocab_word(&vocab_facility_kind, f->kind), "adp", small_count(f->adp, suppress), "alos",
				     number(f->alos), "guaranteed_minimum",
				     f->guaranteed_minimum < 0 ? json_null() : json_integer(f->guaranteed_minimum)));
	}
	return a;
}

static void set_movements(json_t *out, const struct ice_official *o, const char *table)
{
	if (view_official_shows(o, table, "book_ins")) {
		json_t *b = json_object(), *t = json_object();
		for (int a = 0; a < ICE_AGENCIES; a++) {
			json_object_set_new(b, vocab_word(&vocab_agency, a), months(o->book_ins[a]));
			json_object_set_new(t, vocab_word(&vocab_agency, a), number(o->book_ins[a][ICE_MONTHS]));
		}
		json_object_set_new(out, "book_ins", b);
		json_object_set_new(out, "book_ins_total", t);
	}
	const char *outs = o->tables & ICE_T_RELEASES ? "releases" : "book_outs";
	if (view_official_shows(o, table, outs)) {
		json_t *b = json_object(), *m = json_object();
		bool monthly = false; /* FY2019's releases are of the year only */
		for (size_t r = 0; r < OUT_REASON_COUNT + o->n_extra; r++) {
			const double(*row)[ICE_MONTHS + 1] = r < OUT_REASON_COUNT ? o->book_outs[r]
										 : o->extra[r - OUT_REASON_COUNT].v;
			const char *key = r < OUT_REASON_COUNT ? vocab_word(&vocab_release_reason, (int)r)
							       : o->extra[r - OUT_REASON_COUNT].key;
			if (row[ICE_CRIMS][ICE_MONTHS] != 0) {
				json_object_set_new(b, key, number(row[ICE_CRIMS][ICE_MONTHS]));
				json_object_set_new(m, key, months(row[ICE_CRIMS]));
			}
			for (int k = 0; k < ICE_MONTHS; k++)
				monthly = monthly || row[ICE_CRIMS][k] != 0;
		}
		char by_month[32];
		snprintf(by_month, sizeof by_month, "%s_by_month", outs);
		json_object_set_new(out, outs, b);
		if (monthly || !(o->tables & ICE_T_RELEASES))
			json_object_set_new(out, by_month, m);
		else
			json_decref(m);
	}
}

static void set_averages(json_t *out, const struct ice_official *o, const char *table)
{
	const char *names[] = {"adp", "alos"};
	const double(*tables[])[ICE_CRIMS + 1][ICE_MONTHS + 1] = {o->adp, o->alos};
	for (int i = 0; i < 2; i++) {
		if (!view_official_shows(o, table, names[i]))
			continue;
		char key[32];
		json_object_set_new(out, names[i], number(tables[i][ICE_AGENCIES][ICE_CRIMS][ICE_MONTHS]));
		snprintf(key, sizeof key, "%s_by_month", names[i]);
		json_object_set_new(out, key, months(tables[i][ICE_AGENCIES][ICE_CRIMS]));
		json_t *by = json_object();
		for (int a = 0; a < ICE_AGENCIES; a++)
			json_object_set_new(by, vocab_word(&vocab_agency, a), number(tables[i][a][ICE_CRIMS][ICE_MONTHS]));
		snprintf(key, sizeof key, "%s_by_agency", names[i]);
		json_object_set_new(out, key, by);
	}
}

static json_t *detained_json(const struct ice_official *o)
{
	json_t *d = json_object();
	json_object_set_new(d, "total", number(o->detained[ICE_AGENCIES][ICE_CRIMS]));
	for (int a = 0; a < ICE_AGENCIES; a++) {
		json_t *g = json_object();
		for (int k = 0; k < ICE_CRIMS; k++)
			json_object_set_new(g, vocab_word(&vocab_criminality, k), number(o->detained[a][k]));
		json_object_set_new(g, "total", number(o->detained[a][ICE_CRIMS]));
		json_object_set_new(d, vocab_word(&vocab_agency, a), g);
	}
	return d;
}

static json_t *atd_json(const struct ice_official *o, bool suppress)
{
	json_t *t = json_object(), *aors = json_object();
	for (int i = 0; i < ICE_TECHS; i++)
		json_object_set_new(t, view_ice_tech_names[i], number(o->atd_by_tech[i]));
	for (int r = 0; r < ICE_AORS; r++)
		if (o->atd_by_aor[r] != 0)
			json_object_set_new(aors, vocab_word(&vocab_aor, r),
					    json_pack("{s:o, s:o}", "participants", small_count(o->atd_by_aor[r], suppress),
						      "alip", number(o->atd_alip_by_aor[r])));
	return json_pack("{s:o, s:o, s:o, s:o}", "total", number(o->atd_total), "alip", number(o->atd_alip),
			 "by_technology", t, "by_aor", aors);
}

/* o as a new JSON object (docs/ice.md): fy, tables (those o has), and
 * for each table o has: facilities; book_ins, book_ins_total; book_outs,
 * book_outs_by_month (or releases, releases_by_month: the reasons custody
 * has no word for under their keys); adp, adp_by_month, adp_by_agency; the same for alos;
 * detained; removals; atd; court_appearance. Only table (when not NULL)
 * besides fy and tables. With suppress, counts from 1 to 9 by AOR or facility
 * (participants, ADP) read "<10". NULL out of memory. */
static json_t *official_json(const struct ice_official *o, const char *table, bool suppress)
{
	json_t *out = json_object();
	json_object_set_new(out, "fy", json_integer(o->fy));
	json_t *present = json_array();
	for (int i = 0; official_tables[i]; i++)
		if (o->tables & table_bits(official_tables[i]))
			json_array_append_new(present, json_string(official_tables[i]));
	json_object_set_new(out, "tables", present);
	if (view_official_shows(o, table, "facilities"))
		json_object_set_new(out, "facilities", facilities_json(o, suppress));
	set_movements(out, o, table);
	set_averages(out, o, table);
	if (view_official_shows(o, table, "detained"))
		json_object_set_new(out, "detained", detained_json(o));
	if (view_official_shows(o, table, "removals"))
		json_object_set_new(out, "removals", number(o->removals));
	if (view_official_shows(o, table, "atd"))
		json_object_set_new(out, "atd", atd_json(o, suppress));
	if (view_official_shows(o, table, "court"))
		json_object_set_new(out, "court_appearance",
				    json_pack("{s:o, s:o}", "attended", number(o->court_attended), "missed",
					      number(o->court_missed)));
	return out;
}

int view_official(FILE *out, struct ledger *l, int fy, const char *table, struct error *err)
{
	struct ice_official o;
	int rc = view_load_official(l, fy, &o, err);
	if (rc == 0)
		rc = view_put_json(out, official_json(&o, table, false), err);
	ice_official_free(&o);
	return rc;
}

/* --- report ------------------------------------------------------------ */

int view_report_compute(const struct stats_snapshot *s, const struct facility_registry *reg,
			const struct view_report_params *p, struct view_report *out, struct error *err)
{
	ice_official_init(&out->ledger, p->fy);
	int rc = ice_from_ledger(s, reg, p->days, p->as_of, &out->ledger, &out->cohorts, err);
	if (rc)
		ice_official_free(&out->ledger);
	return rc;
}

void view_report_free(struct view_report *r)
{
	ice_official_free(&r->ledger);
}

static json_t *cohorts_json(const struct ice_cohorts *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n; i++) {
		json_t *states = json_object();
		for (int s = 0; s < ICE_COHORT_STATES; s++)
			json_object_set_new(states, ice_cohort_states[s], json_integer((json_int_t)c->rows[i].states[s]));
		json_array_append_new(a, json_pack("{s:s, s:I, s:o}", "arrested_in", c->rows[i].label, "arrested",
						   (json_int_t)c->rows[i].arrested, "states", states));
	}
	return a;
}

int view_report_write(FILE *out, const struct view_report *r, const struct view_report_params *p,
		      struct error *err)
{
	json_t *o = json_object();
	json_object_set_new(o, "fy", json_integer(p->fy));
	json_object_set_new(o, "at", json_string(r->cohorts.at));
	if (p->official) /* false: nothing to compare (the ledger holds no one in the year) */
		json_object_set_new(o, "ledger_data", json_boolean(ice_official_has_data(&r->ledger)));
	json_object_set_new(o, "ledger", official_json(&r->ledger, p->table, p->suppress));
	if (p->official)
		json_object_set_new(o, "official", official_json(p->official, p->table, p->suppress));
	if (!p->table || strcmp(p->table, "cohorts") == 0)
		json_object_set_new(o, "cohorts", cohorts_json(&r->cohorts));
	return view_put_json(out, o, err);
}

int view_report(FILE *out, const struct stats_snapshot *s, const struct facility_registry *reg,
		const struct view_report_params *p, struct error *err)
{
	struct view_report r;
	int rc = view_report_compute(s, reg, p, &r, err);
	if (rc)
		return rc;
	rc = view_report_write(out, &r, p, err);
	view_report_free(&r);
	return rc;
}
