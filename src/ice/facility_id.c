#include "facility_id.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "labels.h"

#define CODE_MIN 2   /* letters and digits of a facility code (events.md) */
#define NAME_PART 6  /* letters and digits of the name in a derived code */

/* ICE's abbreviations in facility names (canonical words) and what they
 * stand for; "ice" (ICE PROCESSING CENTER, PROCESSING CTR) is dropped. */
static const struct {
	const char *word, *full;
} words[] = {
	{"det", "detention"},	 {"ctr", "center"},	    {"cntr", "center"},	       {"co", "county"},
	{"cty", "county"},	 {"cnty", "county"},	    {"corr", "correctional"},  {"correction", "correctional"},
	{"fac", "facility"},	 {"facili", "facility"},    {"faci", "facility"},      {"proc", "processing"},
	{"process", "processing"}, {"reg", "regional"},	    {"dept", "department"},    {"sheriffs", "sheriff"},
	{"ipc", "processing center"}, {"spc", "service processing center"}, {"cplx", "complex"}, {"pub", "public"},
	{"sfty", "safety"},	 {"ice", ""},		    {"st", "saint"},	       {"ste", "saint"},
	{"the", ""},		 {"cor", "correctional"},   {"fclty", "facility"},     {"fcl", "facility"},
	{"fed", "federal"},	 {"detn", "detention"},	    {"hosp", "hospital"},      {"inst", "institution"},
	{"rm", "room"},		 {"dist", "district"},	    {"svc", "service"},	       {"mgmt", "management"},
};

/* The two-letter codes of the states and territories, which a
 * seven-letter ICE code ends with (STWRTGA). */
static const char states[] = "AK AL AR AS AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD ME MI MN MO MP "
			     "MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UT VA VI VT WA WI WV WY";

/* Append word (with a space before it) to out, cut to size. */
static void append(char *out, size_t size, size_t *n, const char *word)
{
	if (!*word)
		return;
	int w = snprintf(out + *n, size - *n, "%s%s", *n ? " " : "", word);
	if (w > 0)
		*n = *n + (size_t)w < size ? *n + (size_t)w : size - 1;
}

char *ice_name_norm(const char *name, char *out, size_t size)
{
	char bare[ICE_NORM_MAX], canon[ICE_NORM_MAX];
	size_t n = 0;
	int depth = 0;
	for (const char *p = name; *p && n + 1 < sizeof bare; p++) {
		depth += *p == '(' ? 1 : *p == ')' && depth > 0 ? -1 : 0;
		if (depth == 0 && *p != ')')
			bare[n++] = *p;
	}
	bare[n] = '\0';
	ice_canon(bare, canon, sizeof canon);
	n = 0;
	out[0] = '\0';
	for (char *save = NULL, *w = strtok_r(canon, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		const char *full = w;
		for (size_t i = 0; i < sizeof words / sizeof *words; i++)
			if (strcmp(words[i].word, w) == 0)
				full = words[i].full;
		append(out, size, &n, full);
	}
	return out;
}

/* FNV-1a, 64 bits. */
static uint64_t hash(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

int ice_facility_derive(const char *name, const char *state, unsigned salt, char code[FACILITY_CODE_MAX + 1],
			struct error *err)
{
	static const char digits[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	char norm[ICE_NORM_MAX], st[3] = "XX";
	ice_name_norm(name, norm, sizeof norm);
	size_t letters = 0, n = 0;
	for (const char *p = norm; *p; p++)
		letters += (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
	if (letters < CODE_MIN)
		return error_set(err, ERR_INVALID, "facility \"%.*s\": its name has fewer than %d letters and digits",
				 error_cut(name, 80), name, CODE_MIN);
	if (state && strlen(state) == 2)
		memcpy(st, state, 2);
	for (const char *p = norm; *p && n < NAME_PART; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			code[n++] = (char)(*p >= 'a' ? *p - 'a' + 'A' : *p);
	uint64_t h = hash(st, hash("|", hash(norm, 14695981039346656037u)));
	for (unsigned i = 0; i < salt; i++)
		h = hash("+", h);
	snprintf(code + n, FACILITY_CODE_MAX + 1 - n, "%.2s%c%c", st, digits[h % 34], digits[(h / 34) % 34]);
	return 0;
}

static bool same_text(const char *a, const char *b)
{
	char ca[ICE_CANON_MAX], cb[ICE_CANON_MAX];
	return strcmp(ice_canon(a ? a : "", ca, sizeof ca), ice_canon(b ? b : "", cb, sizeof cb)) == 0;
}

/* The state of a known facility: its own, else that of a seven-letter
 * ICE code (STWRTGA: GA), else "". */
static const char *known_state(const struct ice_known *k, char buf[3])
{
	if (k->state && strlen(k->state) == 2)
		return k->state;
	size_t n = strlen(k->code);
	buf[0] = '\0';
	if (n != 7 || k->code[5] < 'A' || k->code[5] > 'Z' || k->code[6] < 'A' || k->code[6] > 'Z')
		return buf;
	for (const char *p = states; *p; p += p[2] ? 3 : 2)
		if (p[0] == k->code[5] && p[1] == k->code[6])
			memcpy(buf, k->code + 5, 3);
	return buf;
}

long ice_facility_match(const char *name, const char *city, const char *state, const struct ice_known *known,
			size_t n)
{
	char want[ICE_NORM_MAX], norm[ICE_NORM_MAX], buf[3];
	ice_name_norm(name, want, sizeof want);
	long found = -1, in_city = -1;
	size_t hits = 0, city_hits = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ks = known_state(&known[i], buf);
		if (strcmp(ice_name_norm(known[i].name, norm, sizeof norm), want) != 0 ||
		    (*ks && state && *state && strcmp(ks, state) != 0))
			continue;
		found = (long)i, hits++;
		if (city && *city && known[i].city && same_text(known[i].city, city))
			in_city = (long)i, city_hits++;
	}
	if (hits == 1)
		return found;
	return city_hits == 1 ? in_city : -1;
}

int ice_same_place(const char *name_a, const char *state_a, const char *name_b, const char *state_b)
{
	char a[ICE_NORM_MAX], b[ICE_NORM_MAX];
	return same_text(state_a, state_b) &&
	       strcmp(ice_name_norm(name_a ? name_a : "", a, sizeof a), ice_name_norm(name_b ? name_b : "", b, sizeof b)) == 0;
}
