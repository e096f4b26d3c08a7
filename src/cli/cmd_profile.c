/* custody profile --from-ice: a generator profile (docs/generate.md)
 * derived from a fiscal year of ICE's workbook: the year's monthly
 * book-ins, criminality shares, lengths of stay, release reasons, standing
 * population, supervision by technology and its facilities. What the
 * workbook does not publish (threat-level and mandatory shares,
 * citizenship, supervision behaviour) is the built-in fy2025 profile's. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "profile.h"
#include "workbook.h"

#define BUILTIN "fy2025"

/* Print the settings (key = value lines) of section of the INI text, but
 * for the keys in skip. */
static void copy_section(FILE *out, const char *text, const char *section, const char *const *skip)
{
	bool inside = false;
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (line[0] == '[')
			inside = len == strlen(section) + 2 && strncmp(line + 1, section, strlen(section)) == 0;
		bool setting = inside && line[0] != '[' && line[0] != ';' && memchr(line, '=', len);
		for (int i = 0; setting && skip && skip[i]; i++)
			setting = !(strncmp(line, skip[i], strlen(skip[i])) == 0 && line[strlen(skip[i])] == ' ');
		if (setting)
			fprintf(out, "%.*s\n", (int)len, line);
		line += len + (end != NULL);
	}
}

/* A figure, 0 when unknown (a cell ICE left as an error or suppressed). */
static double known(double x)
{
	return isnan(x) ? 0 : x;
}

static void agency_rows(FILE *out, const char *section, const double rows[][ICE_MONTHS + 1], int n)
{
	fprintf(out, "\n[%s]\n", section);
	for (int a = 0; a < ICE_AGENCIES; a++) {
		fprintf(out, "%s =", vocab_word(&vocab_agency, a));
		for (int i = 0; i < n; i++)
			fprintf(out, " %.0f", known(rows[a][i]));
		fputc('\n', out);
	}
}

/* Shares of criminality (by ADP) and ALOS by agency and criminality; an
 * ALOS ICE left empty takes the built-in's. */
static void stays(FILE *out, const struct ice_official *o, const struct profile *builtin, const char *text)
{
	static const char *const derived[] = {"ICE", "CBP", "trend", "by_month", NULL};
	fprintf(out, "\n; criminality of book-ins, shares by agency (convicted pending none), from ADP\n[criminality]\n");
	for (int a = 0; a < ICE_AGENCIES; a++) {
		double all = o->adp[a][ICE_CRIMS][ICE_MONTHS];
		fprintf(out, "%s =", vocab_word(&vocab_agency, a));
		for (int k = 0; k < ICE_CRIMS; k++)
			fprintf(out, " %.3f", all > 0 && !isnan(o->adp[a][k][ICE_MONTHS]) ? o->adp[a][k][ICE_MONTHS] / all
											  : builtin->criminality[a][k]);
		fputc('\n', out);
	}
	fprintf(out, "\n; mean length of stay in days by agency and criminality\n[alos]\n");
	for (int a = 0; a < ICE_AGENCIES; a++) {
		fprintf(out, "%s =", vocab_word(&vocab_agency, a));
		for (int k = 0; k < ICE_CRIMS; k++) {
			double alos = o->alos[a][k][ICE_MONTHS];
			fprintf(out, " %.1f", alos > 0 && !isnan(alos) ? alos : builtin->alos[a][k]);
		}
		fputc('\n', out);
	}
	fprintf(out, "trend = 0\n; the shape of stays, from %s\n", BUILTIN);
	copy_section(out, text, "alos", derived);
}

/* The year's book-outs by reason: a workbook of releases only (before
 * FY2024) gives its removals as removed; the reasons custody has no word
 * for count as other. */
static void releases(FILE *out, const struct ice_official *o)
{
	bool releases_only = o->tables & ICE_T_RELEASES;
	double other = 0;
	for (size_t i = 0; i < o->n_extra; i++)
		other += o->extra[i].v[ICE_CRIMS][ICE_MONTHS] > 0 ? o->extra[i].v[ICE_CRIMS][ICE_MONTHS] : 0;
	fprintf(out, "\n; book-outs by release reason (the year's totals%s)\n[release]\n",
		releases_only ? ": ICE's final releases, and its removals as removed" : "");
	for (int r = 0; r < OUT_REASON_COUNT; r++) {
		double n = o->book_outs[r][ICE_CRIMS][ICE_MONTHS];
		n = n > 0 ? n : 0;
		if (r == OUT_OTHER)
			n += other;
		if (r == OUT_REMOVED && releases_only && o->removals > 0)
			n += o->removals;
		if (n > 0)
			fprintf(out, "%s = %.0f\n", vocab_word(&vocab_release_reason, r), n);
	}
}

static void supervision(FILE *out, const struct ice_official *o, const char *text)
{
	static const char *const derived[] = {"app", "ankle", "wrist", "phone", "none", "attendance", NULL};
	fprintf(out, "\n[atd]\n; participants by technology (ICE's dual technology counted as ankle)\n");
	for (int t = 0; t < TECH_COUNT; t++)
		fprintf(out, "%s = %.0f\n", vocab_word(&vocab_technology, t),
			known(o->atd_by_tech[t]) + (t == TECH_ANKLE ? known(o->atd_by_tech[ICE_TECH_DUAL]) : 0));
	double hearings = o->court_attended + o->court_missed;
	if (hearings > 0)
		fprintf(out, "attendance = %.4f\n", o->court_attended / hearings);
	copy_section(out, text, "atd", derived);
}

/* A text safe in a [facilities] value: control characters and what INI
 * or the value's fields would read as syntax (| ; #) become spaces. */
static void ini_safe(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 127 || strchr("|;#", *s))
			*s = ' ';
}

/* "GRAHAM" as "Graham", "SAN JUAN" as "San Juan". */
static void title_case(const char *s, char *out, size_t size)
{
	size_t i = 0;
	for (bool start = true; *s && i + 1 < size; s++) {
		out[i++] = (char)(start ? toupper((unsigned char)*s) : tolower((unsigned char)*s));
		start = !isalpha((unsigned char)*s);
	}
	out[i] = '\0';
	ini_safe(out);
}

static void facilities(FILE *out, const struct ice_official *o)
{
	fprintf(out, "\n; code = aor|kind|capacity|sex|state|city|name\n[facilities]\n");
	for (size_t i = 0; i < o->n_facilities; i++) {
		const struct ice_facility *f = &o->facilities[i];
		if (f->aor == UNSET)
			continue;
		char city[64], name[ICE_NAME_MAX];
		title_case(f->city, city, sizeof city);
		snprintf(name, sizeof name, "%s", f->name);
		ini_safe(name);
		fprintf(out, "%s = %s|%s|%lld|%s|%s|%s|%s\n", f->code, vocab_word(&vocab_aor, f->aor),
			vocab_word(&vocab_facility_kind, f->kind),
			(long long)ice_facility_beds(f),
			vocab_word(&vocab_facility_sex, f->sex), strlen(f->state) == 2 ? f->state : "", city, name);
	}
}

static void write_profile(FILE *out, const struct ice_official *o, const char *path, const struct profile *builtin,
			  const char *text)
{
	fprintf(out, "; fy%d: derived by `custody profile --from-ice` from %s.\n", o->fy, path);
	fprintf(out, "; Threat levels, mandatory detention, citizenship and supervision behaviour\n"
		     "; are those of the built-in %s profile, which the workbook does not publish.\n",
		BUILTIN);
	fprintf(out, "\n[profile]\nname = fy%d\nfrom = %d-10-01\ndays = %d\n", o->fy, o->fy - 1,
		(o->fy % 4 == 0 && (o->fy % 100 != 0 || o->fy % 400 == 0)) ? 366 : 365);
	agency_rows(out, "book_ins", o->book_ins, ICE_MONTHS);
	stays(out, o, builtin, text);
	releases(out, o);
	fprintf(out, "\n[population]\n; people detained on the first day (ICE's October ADP)\ndetained = %.0f\n",
		known(o->adp[ICE_AGENCIES][ICE_CRIMS][0]));
	fprintf(out, "atd = %.0f\nalip_days = %.0f\n", o->atd_total > 0 ? o->atd_total : builtin->standing_atd,
		o->atd_alip > 0 ? o->atd_alip : builtin->alip_days);
	static const char *const population[] = {"detained", "atd", "alip_days", NULL};
	copy_section(out, text, "population", population);
	static const char *const copied[] = {"threat", "rules", "citizenship"};
	for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
		fprintf(out, "\n[%s]\n", copied[i]);
		copy_section(out, text, copied[i], NULL);
	}
	supervision(out, o, text);
	facilities(out, o);
}

/* Write the profile into memory, check that it loads, then print it. */
static int derive(const struct ice_official *o, const char *path, const char *output, struct error *err)
{
	const char *text = profile_builtin(BUILTIN);
	struct profile builtin, derived;
	int rc = profile_parse(text, BUILTIN, &builtin, err);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = rc == 0 ? open_memstream(&buf, &len) : NULL;
	if (rc == 0 && !mem)
		rc = error_set(err, ERR_NOMEM, "out of memory");
	if (mem) {
		write_profile(mem, o, path, &builtin, text);
		fclose(mem);
		if ((rc = profile_parse(buf, "the derived profile", &derived, err)) == 0)
			profile_free(&derived);
	}
	FILE *out = rc == 0 && output ? fopen(output, "w") : stdout;
	if (rc == 0 && !out)
		rc = error_set(err, ERR_IO, "%s: cannot write", output);
	if (rc == 0 && (fwrite(buf, 1, len, out) != len || (output && fclose(out) != 0)))
		rc = error_set(err, ERR_IO, "%s: write failed", output ? output : "standard output");
	profile_free(&builtin);
	free(buf);
	return rc;
}

int cmd_profile(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	const char *workbook = NULL, *fy_text = NULL, *output = NULL;
	const struct cli_option opts[] = {{"from-ice", NULL, &workbook, 0},
					  {"fy", NULL, &fy_text, 0},
					  {"output", NULL, &output, 'o'},
					  {NULL, NULL, NULL, 0}};
	int npos;
	long fy = 0;
	int rc = cli_parse("profile", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	if (!workbook)
		return cli_usage_error("profile", "%s", "--from-ice WORKBOOK is required");
	if ((rc = cli_fiscal_year("profile", fy_text, false, &fy)))
		return rc;
	struct error err;
	struct ice_official o;
	if ((rc = ice_read(workbook, (int)fy, &o, &err)) == 0 && (o.fy < 2000 || o.fy > 2099))
		rc = error_set(&err, ERR_INVALID, "%s: fiscal year %d: custody takes fiscal years 2000 to 2099", workbook,
			       o.fy);
	if (rc == 0) {
		rc = derive(&o, workbook, output, &err);
	}
	ice_official_free(&o);
	return rc ? cli_fail(&err) : EXIT_OK;
}
