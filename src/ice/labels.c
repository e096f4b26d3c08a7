#include "labels.h"

#include <assert.h>
#include <string.h>

#include "vocab.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const ice_reason_label[OUT_REASON_COUNT] = {
	[OUT_REMOVED] = "Release to Remove",
	[OUT_BONDED_OUT] = "Bonded Out",
	[OUT_RECOGNIZANCE] = "Order of Recognizance",
	[OUT_SUPERVISION] = "Order of Supervision",
	[OUT_PAROLED] = "Paroled",
	[OUT_PROCEEDINGS_TERMINATED] = "Proceedings Terminated",
	[OUT_RELIEF_GRANTED] = "Relief Granted by IJ",
	[OUT_TRANSFERRED_USMS] = "Transfer to U.S. Marshals or other agency",
	[OUT_TRANSFERRED] = "Transferred",
	[OUT_OTHER] = "Other",
	/* not ICE's: the ledger's reasons, for the figures it writes */
	[OUT_NO_REMOVAL_FORESEEABLE] = "No Removal Foreseeable",
	[OUT_COURT_ORDER] = "Court Ordered",
	[OUT_CAPACITY] = "Capacity",
	[OUT_TRANSFERRED_HHS] = "Transferred to HHS",
	[OUT_DEATH] = "Death",
	[OUT_ESCAPE] = "Escape",
};

const char *const ice_crim_label[ICE_CRIMS + 1] = {
	[CRIM_CONVICTED] = "Convicted Criminal",
	[CRIM_PENDING] = "Pending Criminal Charges",
	[CRIM_NONE] = "Other Immigration Violator",
	[ICE_CRIMS] = "Total",
};

const char *const ice_tech_label[ICE_TECHS] = {
	[TECH_APP] = "SmartLINK", [TECH_ANKLE] = "Ankle Monitor", [TECH_WRIST] = "Wristworn",
	[TECH_PHONE] = "VoiceID", [TECH_NONE] = "No Tech",        [ICE_TECH_DUAL] = "Dual Tech",
};

const char *const ice_aor_name[ICE_AORS] = {
	"Atlanta", "Baltimore", "Boston", "Buffalo", "Chicago", "Dallas", "Denver", "Detroit", "El Paso",
	"Harlingen", "Houston", "Los Angeles", "Miami", "Newark", "New Orleans", "New York", "Philadelphia",
	"Phoenix", "Seattle", "San Francisco", "Salt Lake City", "San Antonio", "San Diego", "St Paul",
	"Washington DC",
};

const char *const ice_kind_label[FAC_OTHER + 1] = {
	[FAC_SPC] = "SPC",         [FAC_CDF] = "CDF",         [FAC_IGSA] = "IGSA",   [FAC_DIGSA] = "DIGSA",
	[FAC_USMS_IGA] = "USMS IGA", [FAC_USMS_CDF] = "USMS CDF", [FAC_BOP] = "BOP",   [FAC_FAMILY] = "FAMILY",
	[FAC_STAGING] = "STAGING", [FAC_STATE] = "STATE",     [FAC_DOD] = "DOD",     [FAC_HOLD] = "HOLD",
	[FAC_MEDICAL] = "MEDICAL", [FAC_OTHER] = "OTHER",
};

const char *const ice_sex_label[FSEX_ANY + 1] = {[FSEX_M] = "Male", [FSEX_F] = "Female", [FSEX_ANY] = "Female/Male"};

const char *const ice_month_label[ICE_MONTHS] = {"Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
						 "Apr", "May", "Jun", "Jul", "Aug", "Sep"};

/* Other words of earlier years for the same things (canonical). */
struct alias {
	const char *canon;
	int value;
};

static const struct alias tech_aliases[] = {
	{"gps", TECH_ANKLE},	       {"veriwatch", TECH_WRIST},	  {"no technology", TECH_NONE},
	{"dual technology", ICE_TECH_DUAL}, {"telephonic reporting", TECH_PHONE}, {"smart link", TECH_APP},
	{"voice id", TECH_PHONE},	       {"wrist worn", TECH_WRIST},	  {"ankle monitor gps", TECH_ANKLE},
};

/* FY2019's two-way split: "Convicted Criminal" (or "Convicted", "Criminal")
 * and "Non-Criminal", everyone without a conviction */
static const struct alias crim_aliases[] = {
	{"convicted", CRIM_CONVICTED}, {"criminal", CRIM_CONVICTED}, {"non criminal", CRIM_NONE},
	{"noncriminal", CRIM_NONE},
};

/* by code: the AOR vocabulary has no enum */
static const struct {
	const char *canon, *code;
} aor_aliases[] = {
	{"new york city", "NYC"}, {"saint paul", "SPM"}, {"washington", "WAS"}, {"washington d c", "WAS"},
};

static const struct alias kind_aliases[] = {
	{"fsc", FAC_FAMILY}, {"frc", FAC_FAMILY}, {"hospital", FAC_MEDICAL},
};

static const struct alias sex_aliases[] = {{"male female", FSEX_ANY}};

static bool is_space(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || (*s && strchr("-/_:&()", *s))) {
		*len = 1;
		return true;
	}
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { /* U+00A0 no-break space */
		*len = 2;
		return true;
	}
	return false;
}

char *ice_canon(const char *s, char *out, size_t size)
{
	assert(size > 0);
	size_t n = 0;
	bool gap = false;
	while (*s && n + 2 < size) {
		size_t len;
		unsigned char c = (unsigned char)*s;
		if (is_space(s, &len)) {
			gap = n > 0;
			s += len;
			continue;
		}
		s++;
		if (c < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
			continue;
		if (gap)
			out[n++] = ' ';
		gap = false;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[n] = '\0';
	return out;
}

bool ice_starts(const char *canon, const char *want)
{
	size_t n = strlen(want);
	return strncmp(canon, want, n) == 0 && (canon[n] == '\0' || canon[n] == ' ');
}

bool ice_has(const char *canon, const char *want)
{
	for (const char *p = canon; (p = strstr(p, want)); p++)
		if ((p == canon || p[-1] == ' ') && ice_starts(p, want))
			return true;
	return false;
}

/* The index of the label (of n) whose canonical form is canon, else of the
 * alias, else -1. */
static int find(const char *const *labels, size_t n, const struct alias *aliases, size_t n_aliases,
		const char *canon)
{
	char c[ICE_CANON_MAX];
	for (size_t i = 0; i < n; i++)
		if (labels[i] && strcmp(ice_canon(labels[i], c, sizeof c), canon) == 0)
			return (int)i;
	for (size_t i = 0; i < n_aliases; i++)
		if (strcmp(aliases[i].canon, canon) == 0)
			return aliases[i].value;
	return -1;
}

int ice_reason_of(const char *canon)
{
	return find(ice_reason_label, COUNT(ice_reason_label), NULL, 0, canon);
}

int ice_crim_of(const char *canon)
{
	return find(ice_crim_label, COUNT(ice_crim_label), crim_aliases, COUNT(crim_aliases), canon);
}

int ice_tech_of(const char *canon)
{
	return find(ice_tech_label, COUNT(ice_tech_label), tech_aliases, COUNT(tech_aliases), canon);
}

/* Whether a and b are the same words, spaces aside ("washingtondc" is
 * "washington dc": FY2019 writes AOR names without spaces). */
static bool same_unspaced(const char *a, const char *b)
{
	for (;; a++, b++) {
		a += *a == ' ';
		b += *b == ' ';
		if (*a != *b)
			return false;
		if (!*a)
			return true;
	}
}

int ice_aor_of(const char *canon)
{
	char c[ICE_CANON_MAX];
	for (size_t i = 0; i < COUNT(ice_aor_name); i++)
		if (same_unspaced(ice_canon(ice_aor_name[i], c, sizeof c), canon))
			return (int)i;
	for (size_t i = 0; i < COUNT(aor_aliases); i++)
		if (same_unspaced(aor_aliases[i].canon, canon))
			return vocab_find(&vocab_aor, aor_aliases[i].code);
	if (strlen(canon) != 3)
		return -1;
	char code[4];
	for (int i = 0; i < 4; i++)
		code[i] = (char)(canon[i] >= 'a' && canon[i] <= 'z' ? canon[i] - 'a' + 'A' : canon[i]);
	return vocab_find(&vocab_aor, code);
}

int ice_kind_of(const char *canon)
{
	int kind = find(ice_kind_label, COUNT(ice_kind_label), kind_aliases, COUNT(kind_aliases), canon);
	if (kind >= 0)
		return kind;
	return ice_has(canon, "family") ? FAC_FAMILY : FAC_OTHER;
}

int ice_sex_of(const char *canon)
{
	int sex = find(ice_sex_label, COUNT(ice_sex_label), sex_aliases, COUNT(sex_aliases), canon);
	return sex >= 0 ? sex : FSEX_ANY;
}

int ice_month_of(const char *canon)
{
	static const char *const names[ICE_MONTHS] = {"october", "november", "december", "january",
						      "february", "march", "april", "may",
						      "june", "july", "august", "september"};
	for (int m = 0; m < ICE_MONTHS; m++) {
		char abbr[8];
		if (ice_starts(canon, ice_canon(ice_month_label[m], abbr, sizeof abbr)) || ice_starts(canon, names[m]))
			return m;
	}
	return -1;
}
