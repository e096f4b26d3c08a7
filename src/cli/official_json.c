/* official_json.c: a year's figures as JSON and text (see official_json.h). */
#include "official_json.h"
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const official_tables[] = {"facilities", "book_ins", "book_outs", "adp", "alos", "detained",
				       "removals",   "atd",      "court",     NULL};

static const char *const month_names[ICE_MONTHS] = {"Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
						    "Apr", "May", "Jun", "Jul", "Aug", "Sep"};
static const char *const tech_names[ICE_TECHS] = {"app", "ankle", "wrist", "phone", "none", "dual"};

bool official_table_known(const char *name)
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
		   {"adp", ICE_T_ADP},		     {"alos", ICE_T_ALOS},	   {"detained", ICE_T_DETAINED},
		   {"removals", ICE_T_REMOVALS},     {"atd", ICE_T_ATD_TECH | ICE_T_ATD_AOR},
		   {"court", ICE_T_COURT}};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(map[i].name, name) == 0)
			return map[i].bits;
	return 0;
}

/* Whether table `name` is to be shown: asked for (table NULL: all) and in o. */
static bool wanted(const struct ice_official *o, const char *table, const char *name)
{
	return (!table || strcmp(table, name) == 0) && (o->tables & table_bits(name));
}

/* beside, when it has table `name`; NULL otherwise (nothing to set beside). */
static const struct ice_official *beside_for(const struct ice_official *beside, const char *name)
{
	return beside && (beside->tables & table_bits(name)) ? beside : NULL;
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
	if (wanted(o, table, "book_ins")) {
		json_t *b = json_object(), *t = json_object();
		for (int a = 0; a < ICE_AGENCIES; a++) {
			json_object_set_new(b, vocab_word(&vocab_agency, a), months(o->book_ins[a]));
			json_object_set_new(t, vocab_word(&vocab_agency, a), number(o->book_ins[a][ICE_MONTHS]));
		}
		json_object_set_new(out, "book_ins", b);
		json_object_set_new(out, "book_ins_total", t);
	}
	if (wanted(o, table, "book_outs")) {
		json_t *b = json_object(), *m = json_object();
		for (int r = 0; r < OUT_REASON_COUNT; r++)
			if (o->book_outs[r][ICE_CRIMS][ICE_MONTHS] != 0) {
				json_object_set_new(b, vocab_word(&vocab_release_reason, r),
						    number(o->book_outs[r][ICE_CRIMS][ICE_MONTHS]));
				json_object_set_new(m, vocab_word(&vocab_release_reason, r),
						    months(o->book_outs[r][ICE_CRIMS]));
			}
		json_object_set_new(out, "book_outs", b);
		json_object_set_new(out, "book_outs_by_month", m);
	}
}

static void set_averages(json_t *out, const struct ice_official *o, const char *table)
{
	const char *names[] = {"adp", "alos"};
	const double(*tables[])[ICE_CRIMS + 1][ICE_MONTHS + 1] = {o->adp, o->alos};
	for (int i = 0; i < 2; i++) {
		if (!wanted(o, table, names[i]))
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
		json_object_set_new(t, tech_names[i], number(o->atd_by_tech[i]));
	for (int r = 0; r < ICE_AORS; r++)
		if (o->atd_by_aor[r] != 0)
			json_object_set_new(aors, vocab_word(&vocab_aor, r),
					    json_pack("{s:o, s:o}", "participants", small_count(o->atd_by_aor[r], suppress),
						      "alip", number(o->atd_alip_by_aor[r])));
	return json_pack("{s:o, s:o, s:o, s:o}", "total", number(o->atd_total), "alip", number(o->atd_alip),
			 "by_technology", t, "by_aor", aors);
}

json_t *official_json(const struct ice_official *o, const char *table, bool suppress)
{
	json_t *out = json_object();
	json_object_set_new(out, "fy", json_integer(o->fy));
	json_t *present = json_array();
	for (int i = 0; official_tables[i]; i++)
		if (o->tables & table_bits(official_tables[i]))
			json_array_append_new(present, json_string(official_tables[i]));
	json_object_set_new(out, "tables", present);
	if (wanted(o, table, "facilities"))
		json_object_set_new(out, "facilities", facilities_json(o, suppress));
	set_movements(out, o, table);
	set_averages(out, o, table);
	if (wanted(o, table, "detained"))
		json_object_set_new(out, "detained", detained_json(o));
	if (wanted(o, table, "removals"))
		json_object_set_new(out, "removals", number(o->removals));
	if (wanted(o, table, "atd"))
		json_object_set_new(out, "atd", atd_json(o, suppress));
	if (wanted(o, table, "court"))
		json_object_set_new(out, "court_appearance",
				    json_pack("{s:o, s:o}", "attended", number(o->court_attended), "missed",
					      number(o->court_missed)));
	return out;
}

/* One line: a label, the figure, and the figure beside it with the
 * difference when there is one. */
static void row(const char *label, double x, const double *beside, bool suppress)
{
	char value[32];
	if (isnan(x) || (suppress && ice_suppressed(x)))
		snprintf(value, sizeof value, "<10");
	else
		snprintf(value, sizeof value, x == floor(x) ? "%.0f" : "%.1f", x);
	printf("  %-28s %12s", label, value);
	if (beside && !isnan(*beside)) {
		printf(" %12.*f %+10.1f", *beside == floor(*beside) ? 0 : 1, *beside, x - *beside);
		if (*beside != 0)
			printf(" %+7.1f%%", 100 * (x - *beside) / *beside);
	}
	putchar('\n');
}

static const double *at(const struct ice_official *o, const struct ice_official *beside, const double *x)
{
	return beside ? (const double *)((const char *)beside + ((const char *)x - (const char *)o)) : NULL;
}

static void heading(const char *title, const struct ice_official *beside)
{
	printf("%s\n", title);
	if (beside)
		printf("  %-28s %12s %12s %10s %8s\n", "", "ledger", "official", "diff", "diff%");
}

static void print_monthly(const struct ice_official *o, const struct ice_official *beside, const char *what,
			  const double *months_row)
{
	char label[64];
	for (int m = 0; m <= ICE_MONTHS; m++) {
		snprintf(label, sizeof label, "%s %s", what, m < ICE_MONTHS ? month_names[m] : "year");
		row(label, months_row[m], at(o, beside, &months_row[m]), false);
	}
}

void official_print(const struct ice_official *o, const struct ice_official *beside, const char *table,
		    bool suppress)
{
	printf("fiscal year %d\n", o->fy);
	if (wanted(o, table, "book_ins")) {
		const struct ice_official *b = beside_for(beside, "book_ins");
		heading("initial book-ins by arresting agency", b);
		for (int a = 0; a < ICE_AGENCIES; a++)
			print_monthly(o, b, vocab_word(&vocab_agency, a), o->book_ins[a]);
	}
	if (wanted(o, table, "book_outs")) {
		const struct ice_official *b = beside_for(beside, "book_outs");
		heading("book-outs by release reason (year)", b);
		for (int r = 0; r < OUT_REASON_COUNT; r++)
			if (o->book_outs[r][ICE_CRIMS][ICE_MONTHS] != 0 ||
			    (b && b->book_outs[r][ICE_CRIMS][ICE_MONTHS] != 0))
				row(vocab_word(&vocab_release_reason, r), o->book_outs[r][ICE_CRIMS][ICE_MONTHS],
				    at(o, b, &o->book_outs[r][ICE_CRIMS][ICE_MONTHS]), false);
	}
	if (wanted(o, table, "adp")) {
		const struct ice_official *b = beside_for(beside, "adp");
		heading("average daily population", b);
		print_monthly(o, b, "ADP", o->adp[ICE_AGENCIES][ICE_CRIMS]);
	}
	if (wanted(o, table, "alos")) {
		const struct ice_official *b = beside_for(beside, "alos");
		heading("average length of stay (days)", b);
		print_monthly(o, b, "ALOS", o->alos[ICE_AGENCIES][ICE_CRIMS]);
	}
	if (wanted(o, table, "detained")) {
		const struct ice_official *b = beside_for(beside, "detained");
		heading("currently detained", b);
		for (int k = 0; k <= ICE_CRIMS; k++)
			row(k < ICE_CRIMS ? vocab_word(&vocab_criminality, k) : "total", o->detained[ICE_AGENCIES][k],
			    at(o, b, &o->detained[ICE_AGENCIES][k]), false);
	}
	if (wanted(o, table, "removals")) {
		const struct ice_official *b = beside_for(beside, "removals");
		heading("removals", b);
		row("year", o->removals, at(o, b, &o->removals), false);
	}
	if (wanted(o, table, "atd")) {
		const struct ice_official *b = beside_for(beside, "atd");
		heading("alternatives to detention: participants", b);
		row("total", o->atd_total, at(o, b, &o->atd_total), false);
		for (int i = 0; i < ICE_TECHS; i++)
			row(tech_names[i], o->atd_by_tech[i], at(o, b, &o->atd_by_tech[i]), false);
		for (int r = 0; r < ICE_AORS; r++)
			if (o->atd_by_aor[r] != 0)
				row(vocab_word(&vocab_aor, r), o->atd_by_aor[r], at(o, b, &o->atd_by_aor[r]), suppress);
	}
	if (wanted(o, table, "court")) {
		const struct ice_official *b = beside_for(beside, "court");
		heading("court appearance of participants (hearings)", b);
		row("attended", o->court_attended, at(o, b, &o->court_attended), false);
		row("missed", o->court_missed, at(o, b, &o->court_missed), false);
	}
	if (wanted(o, table, "facilities")) {
		printf("facilities: %zu\n", o->n_facilities);
		for (size_t i = 0; i < o->n_facilities; i++) {
			const struct ice_facility *f = &o->facilities[i];
			char adp[16];
			if (isnan(f->adp) || (suppress && ice_suppressed(f->adp)))
				snprintf(adp, sizeof adp, "<10");
			else
				snprintf(adp, sizeof adp, "%.1f", f->adp);
			printf("  %-16s %-3s %-8s ADP %9s  ALOS %7.1f  %.60s\n", f->code,
			       f->aor == UNSET ? "-" : vocab_word(&vocab_aor, f->aor), vocab_word(&vocab_facility_kind, f->kind),
			       adp, f->alos, f->name);
		}
	}
}

/* A store_official_get() callback filling the struct ice_official ctx. */
static int add_figure(void *ctx, const struct store_figure *f, struct error *err)
{
	return ice_figure_set(ctx, f->tbl, f->grp, f->sub, f->month, f->value, f->text, err);
}

int cli_load_official(struct ledger *l, int fy, struct ice_official *o, struct error *err)
{
	ice_official_init(o, fy);
	int rc = store_official_get(ledger_store(l), fy, add_figure, o, err);
	ice_figures_finish(o);
	return rc;
}

