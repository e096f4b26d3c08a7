#include "profile.h"
#include "textfile.h"

#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char profile_fy2025[];

#define PROFILE_FILE_MAX ((size_t)1 << 24)

static const struct builtin {
	const char *name;
	const char *text;
} builtins[] = {{"fy2025", profile_fy2025}};

/* A scalar setting: section, key, where it goes, its bounds. */
struct scalar {
	const char *section, *key;
	size_t offset;
	double min, max;
};

#define AT(member) offsetof(struct profile, member)
static const struct scalar scalars[] = {
	{"alos", "trend", AT(alos_trend), -0.9, 10},
	{"alos", "short_share", AT(short_share), 0, 0.95},
	{"alos", "short_length", AT(short_length), 0, 1},
	{"population", "detained", AT(standing_detained), 0, 1e7},
	{"population", "atd", AT(standing_atd), 0, 1e7},
	{"population", "elapsed", AT(standing_elapsed), 0.05, 5},
	{"population", "alip_days", AT(alip_days), 1, 1e5},
	{"threat", "convicted", AT(threat_convicted), 0, 1},
	{"threat", "pending", AT(threat_pending), 0, 1},
	{"rules", "mandatory", AT(mandatory), 0, 1},
	{"rules", "border", AT(border), 0, 1},
	{"rules", "children", AT(children), 0, 1},
	{"rules", "transfer", AT(transfer), 0, 1},
	{"rules", "refusal", AT(refusal), 0, 1},
	{"rules", "noncooperation", AT(noncooperation), 0, 1},
	{"rules", "stay_of_removal", AT(stay_of_removal), 0, 1},
	{"atd", "enrol_on_release", AT(enrol_on_release), 0, 1},
	{"atd", "direct_per_day", AT(direct_per_day), 0, 1e6},
	{"atd", "miss", AT(miss), 0, 1},
	{"atd", "abscond", AT(abscond), 0, 1},
	{"atd", "attendance", AT(attendance), 0, 1},
	{"atd", "hearing_every", AT(hearing_every), 1, 3650},
};

struct parsing {
	struct profile *p;
	struct error *err;
};

static int fail(struct parsing *ps, const char *section, const char *key, const char *why, const char *value)
{
	error_set(ps->err, ERR_INVALID, "[%s] %s: %s (got \"%.*s\")", section, key, why, error_cut(value, 60),
		  value);
	return 0; /* inih: stop, and report this line */
}

/* Read exactly n numbers separated by spaces, each in [min, max]. */
static int numbers(const char *value, double *out, size_t n, double min, double max)
{
	const char *s = value;
	for (size_t i = 0; i < n; i++) {
		char *end;
		double v = strtod(s, &end);
		if (end == s || !isfinite(v) || v < min || v > max)
			return -1;
		out[i] = v;
		s = end;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	return *s ? -1 : 0;
}

static int agency_row(struct parsing *ps, const char *section, const char *key, const char *value, double *rows,
		      size_t n, double max)
{
	int agency = vocab_find(&vocab_agency, key);
	if (agency < 0)
		return fail(ps, section, key, "not an agency (ICE or CBP)", value);
	if (numbers(value, rows + (size_t)agency * n, n, 0, max))
		return fail(ps, section, key, n == 3 ? "expected 3 numbers (convicted pending none)"
						   : "expected 12 numbers (October to September)",
			    value);
	return 1;
}

static int weight(struct parsing *ps, const char *section, const char *key, const char *value,
		  const struct vocab *v, double *weights)
{
	int i = vocab_find(v, key);
	if (i < 0)
		return fail(ps, section, key, "unknown key", value);
	if (numbers(value, &weights[i], 1, 0, 1e9))
		return fail(ps, section, key, "expected a number >= 0", value);
	return 1;
}

static int refusing(struct parsing *ps, const char *value)
{
	char list[256];
	snprintf(list, sizeof list, "%s", value);
	ps->p->n_refusing = 0;
	for (char *save, *tok = strtok_r(list, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		int c = vocab_find(&vocab_country, tok);
		if (c < 0 || ps->p->n_refusing == PROFILE_REFUSING_MAX)
			return fail(ps, "rules", "refusing_countries", "expected up to 16 country codes", value);
		ps->p->refusing[ps->p->n_refusing++] = c;
	}
	return 1;
}

void profile_facility_event(const struct sim_facility *f, ts_t at, int capacity, struct event *ev)
{
	event_init(ev);
	snprintf(ev->id, sizeof ev->id, "gfac-%s", f->code);
	ev->type = EV_FACILITY_OPEN;
	ev->at = at;
	strcpy(ev->facility, f->code);
	ev->name = (char *)f->name;
	ev->city = (char *)f->city;
	strcpy(ev->state, f->state);
	ev->aor = f->aor;
	ev->kind = f->kind;
	ev->capacity = capacity;
	ev->facility_sex = f->sex;
}

/* Whether f's facility_open event is one of the contract (events.md): its
 * name, city and state are held to the event parser's own checks (UTF-8,
 * no control characters, a state of two capital letters). */
static int facility_check(const struct sim_facility *f, struct error *err)
{
	struct event ev, back;
	char text[EVENT_TEXT_MAX];
	profile_facility_event(f, 0, f->capacity, &ev);
	size_t len = event_format(&ev, text, sizeof text);
	if (len == 0)
		return error_set(err, ERR_INVALID, "its name or city is not UTF-8 text");
	int rc = event_parse(text, len, TS_NONE, &back, err);
	if (rc == 0)
		event_free(&back);
	return rc;
}

/* code = aor|kind|capacity|sex|state|city|name */
static int facility(struct parsing *ps, const char *code, const char *value)
{
	struct profile *p = ps->p;
	char copy[512], *field[7];
	snprintf(copy, sizeof copy, "%s", value);
	char *s = copy;
	for (int i = 0; i < 7; i++) {
		field[i] = s;
		s = i < 6 ? strchr(s, '|') : NULL;
		if (i < 6 && !s)
			return fail(ps, "facilities", code, "expected aor|kind|capacity|sex|state|city|name", value);
		if (s)
			*s++ = '\0';
	}
	struct sim_facility f = {.aor = vocab_find(&vocab_aor, field[0]),
				 .kind = vocab_find(&vocab_facility_kind, field[1]),
				 .sex = vocab_find(&vocab_facility_sex, field[3])};
	double capacity;
	size_t len = strlen(code);
	if (len < 2 || len > FACILITY_CODE_MAX || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != len ||
	    f.aor < 0 || f.kind < 0 || f.sex < 0 || numbers(field[2], &capacity, 1, 0, 1e6) ||
	    strlen(field[4]) != 2 || !field[5][0] || strlen(field[5]) > TEXT_MAX || !field[6][0] ||
	    strlen(field[6]) > TEXT_MAX)
		return fail(ps, "facilities", code, "expected CODE = aor|kind|capacity|sex|state|city|name", value);
	f.capacity = (int)capacity;
	strcpy(f.code, code);
	strcpy(f.state, field[4]);
	strcpy(f.city, field[5]);
	strcpy(f.name, field[6]);
	struct error why;
	if (facility_check(&f, &why))
		return fail(ps, "facilities", code, why.msg, value);
	struct sim_facility *grown = realloc(p->facilities, (p->n_facilities + 1) * sizeof *grown);
	if (!grown)
		return fail(ps, "facilities", code, "out of memory", value);
	p->facilities = grown;
	p->facilities[p->n_facilities++] = f;
	return 1;
}

static int general(struct parsing *ps, const char *key, const char *value)
{
	struct profile *p = ps->p;
	if (strcmp(key, "name") == 0 && strlen(value) < sizeof p->name) {
		strcpy(p->name, value);
		return 1;
	}
	if (strcmp(key, "from") == 0) {
		struct error ignored;
		return ts_parse_date(value, &p->from, &ignored) == 0 ? 1
								       : fail(ps, "profile", key, "expected a date", value);
	}
	double days;
	if (strcmp(key, "days") == 0 && numbers(value, &days, 1, 1, 36600) == 0) {
		p->days = (int)days;
		return 1;
	}
	return fail(ps, "profile", key, "unknown key or bad value", value);
}

static int on_setting(void *user, const char *section, const char *key, const char *value)
{
	struct parsing *ps = user;
	struct profile *p = ps->p;
	for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++)
		if (strcmp(section, scalars[i].section) == 0 && strcmp(key, scalars[i].key) == 0)
			return numbers(value, (double *)((char *)p + scalars[i].offset), 1, scalars[i].min,
				       scalars[i].max)
				       ? fail(ps, section, key, "number out of range", value)
				       : 1;
	if (strcmp(section, "profile") == 0)
		return general(ps, key, value);
	if (strcmp(section, "book_ins") == 0)
		return agency_row(ps, section, key, value, &p->book_ins[0][0], PROFILE_MONTHS, 1e8);
	if (strcmp(section, "criminality") == 0)
		return agency_row(ps, section, key, value, &p->criminality[0][0], 3, 1e9);
	if (strcmp(section, "alos") == 0 && strcmp(key, "by_month") == 0)
		return numbers(value, p->alos_by_month, PROFILE_MONTHS, 0.05, 20)
			       ? fail(ps, section, key, "expected 12 factors (October to September), 0.05 to 20", value)
			       : 1;
	if (strcmp(section, "alos") == 0)
		return agency_row(ps, section, key, value, &p->alos[0][0], 3, 1e4);
	if (strcmp(section, "release") == 0)
		return weight(ps, section, key, value, &vocab_release_reason, p->release);
	if (strcmp(section, "citizenship") == 0)
		return weight(ps, section, key, value, &vocab_country, p->citizenship);
	if (strcmp(section, "threat") == 0 && strcmp(key, "levels") == 0)
		return numbers(value, p->threat_levels, 3, 0, 1) ? fail(ps, section, key, "expected 3 shares", value) : 1;
	if (strcmp(section, "rules") == 0 && strcmp(key, "refusing_countries") == 0)
		return refusing(ps, value);
	if (strcmp(section, "atd") == 0 && (strcmp(key, "checkin_days") == 0 || strcmp(key, "history_checkin_days") == 0)) {
		double d;
		if (numbers(value, &d, 1, 1, 90) || d != (int)d)
			return fail(ps, section, key, "expected a whole number of days, 1 to 90", value);
		*(strcmp(key, "checkin_days") == 0 ? &p->checkin_days : &p->history_checkin_days) = (int)d;
		return 1;
	}
	if (strcmp(section, "atd") == 0)
		return weight(ps, section, key, value, &vocab_technology, p->technology);
	if (strcmp(section, "facilities") == 0)
		return facility(ps, key, value);
	return fail(ps, section, key, "unknown section or key", value);
}

static double sum(const double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

static int all_positive(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] <= 0)
			return 0;
	return 1;
}

/* What a usable profile must have, whatever the file said. */
static int check_complete(const struct profile *p, struct error *err)
{
	const char *missing = p->from == TS_NONE			    ? "[profile] from"
			      : p->days == 0				    ? "[profile] days"
			      : sum(&p->book_ins[0][0], 2 * PROFILE_MONTHS) <= 0 ? "[book_ins]"
			      : sum(p->criminality[0], 3) <= 0 || sum(p->criminality[1], 3) <= 0 ? "[criminality]"
			      : !all_positive(&p->alos[0][0], 6)	    ? "[alos]"
			      : sum(p->release, OUT_REASON_COUNT) <= 0	    ? "[release]"
			      : p->alip_days <= 0			    ? "[population] alip_days"
			      : sum(p->citizenship, 256) <= 0		    ? "[citizenship]"
			      : sum(p->technology, TECH_COUNT) <= 0	    ? "[atd] technologies"
			      : p->checkin_days == 0			    ? "[atd] checkin_days"
			      : p->history_checkin_days == 0		    ? "[atd] history_checkin_days"
			      : p->n_facilities == 0			    ? "[facilities]"
									    : NULL;
	return missing ? error_set(err, ERR_INVALID, "%s is missing or empty", missing) : 0;
}

int profile_parse(const char *text, const char *name, struct profile *p, struct error *err)
{
	memset(p, 0, sizeof *p);
	p->from = TS_NONE;
	p->standing_elapsed = 1;
	for (int m = 0; m < PROFILE_MONTHS; m++)
		p->alos_by_month[m] = 1;
	struct parsing ps = {p, err};
	error_clear(err);
	int line = ini_parse_string(text, on_setting, &ps);
	if (line != 0) {
		if (err && err->code == ERR_OK)
			error_set(err, ERR_INVALID, "not an INI line");
		return error_prefix(err, ERR_INVALID, "%s line %d: ", name, line);
	}
	int rc = check_complete(p, err);
	return rc ? error_prefix(err, rc, "%s: ", name) : 0;
}

const char *profile_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].text;
	return NULL;
}

int profile_load(const char *name_or_path, struct profile *p, struct error *err)
{
	for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
		if (strcmp(builtins[i].name, name_or_path) == 0)
			return profile_parse(builtins[i].text, name_or_path, p, err);
	memset(p, 0, sizeof *p);
	char *text;
	int rc = textfile_read(name_or_path, PROFILE_FILE_MAX, &text, err);
	if (rc == ERR_NOTFOUND)
		return error_set(err, ERR_NOTFOUND, "%s: no such profile (built in: fy2025) or file", name_or_path);
	if (rc == 0)
		rc = profile_parse(text, name_or_path, p, err);
	free(text);
	return rc;
}

void profile_free(struct profile *p)
{
	free(p->facilities);
	p->facilities = NULL;
	p->n_facilities = 0;
}
