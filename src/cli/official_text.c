/* official_text.c: a year's figures as text (see official_text.h). */
#include "official_text.h"

#include <math.h>
#include <stdio.h>

#include "figures.h"

static const char *const month_names[ICE_MONTHS] = {"Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
						    "Apr", "May", "Jun", "Jul", "Aug", "Sep"};

/* beside, when it has table `name`; NULL otherwise (nothing to set beside). */
static const struct ice_official *beside_for(const struct ice_official *beside, const char *name)
{
	return beside && view_official_shows(beside, NULL, name) ? beside : NULL;
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
	if (view_official_shows(o, table, "book_ins")) {
		const struct ice_official *b = beside_for(beside, "book_ins");
		heading("initial book-ins by arresting agency", b);
		for (int a = 0; a < ICE_AGENCIES; a++)
			print_monthly(o, b, vocab_word(&vocab_agency, a), o->book_ins[a]);
	}
	const bool releases = o->tables & ICE_T_RELEASES;
	if (view_official_shows(o, table, releases ? "releases" : "book_outs")) {
		const struct ice_official *b = beside_for(beside, releases ? "releases" : "book_outs");
		heading(releases ? "final releases by release reason (year)" : "book-outs by release reason (year)", b);
		for (int r = 0; r < OUT_REASON_COUNT; r++)
			if (o->book_outs[r][ICE_CRIMS][ICE_MONTHS] != 0 ||
			    (b && b->book_outs[r][ICE_CRIMS][ICE_MONTHS] != 0))
				row(vocab_word(&vocab_release_reason, r), o->book_outs[r][ICE_CRIMS][ICE_MONTHS],
				    at(o, b, &o->book_outs[r][ICE_CRIMS][ICE_MONTHS]), false);
		for (size_t i = 0; i < o->n_extra; i++)
			row(o->extra[i].key, o->extra[i].v[ICE_CRIMS][ICE_MONTHS], NULL, false);
	}
	if (view_official_shows(o, table, "adp")) {
		const struct ice_official *b = beside_for(beside, "adp");
		heading("average daily population", b);
		print_monthly(o, b, "ADP", o->adp[ICE_AGENCIES][ICE_CRIMS]);
	}
	if (view_official_shows(o, table, "alos")) {
		const struct ice_official *b = beside_for(beside, "alos");
		heading("average length of stay (days)", b);
		print_monthly(o, b, "ALOS", o->alos[ICE_AGENCIES][ICE_CRIMS]);
	}
	if (view_official_shows(o, table, "detained")) {
		const struct ice_official *b = beside_for(beside, "detained");
		heading("currently detained", b);
		for (int k = 0; k <= ICE_CRIMS; k++)
			row(k < ICE_CRIMS ? vocab_word(&vocab_criminality, k) : "total", o->detained[ICE_AGENCIES][k],
			    at(o, b, &o->detained[ICE_AGENCIES][k]), false);
	}
	if (view_official_shows(o, table, "removals")) {
		const struct ice_official *b = beside_for(beside, "removals");
		heading("removals", b);
		row("year", o->removals, at(o, b, &o->removals), false);
	}
	if (view_official_shows(o, table, "atd")) {
		const struct ice_official *b = beside_for(beside, "atd");
		heading("alternatives to detention: participants", b);
		row("total", o->atd_total, at(o, b, &o->atd_total), false);
		for (int i = 0; i < ICE_TECHS; i++)
			row(view_ice_tech_names[i], o->atd_by_tech[i], at(o, b, &o->atd_by_tech[i]), false);
		for (int r = 0; r < ICE_AORS; r++)
			if (o->atd_by_aor[r] != 0)
				row(vocab_word(&vocab_aor, r), o->atd_by_aor[r], at(o, b, &o->atd_by_aor[r]), suppress);
	}
	if (view_official_shows(o, table, "court")) {
		const struct ice_official *b = beside_for(beside, "court");
		heading("court appearance of participants (hearings)", b);
		row("attended", o->court_attended, at(o, b, &o->court_attended), false);
		row("missed", o->court_missed, at(o, b, &o->court_missed), false);
	}
	if (view_official_shows(o, table, "facilities")) {
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
