#include "rules.h"

#include <assert.h>
#include <errno.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a setting's value is written and checked. */
enum kind { NUMBER, OPTIONAL_NUMBER, BORDER_POLICY };

static const struct entry {
	struct rules_setting s;
	enum kind kind;
	size_t offset;
	int fallback, min, max;
} entries[] = {
#define N(section, key, unit, help, member, fallback, min, max)                                     \
	{{section, key, unit, help}, NUMBER, offsetof(struct rules, member), fallback, min, max}
	N("post_order", "removal_period_days", "days", "PO-90: removal period after S", removal_period_days, 90, 1,
	  3650),
	N("post_order", "review_90_days", "days", "PO-REVIEW-90: first custody review after S", review_90_days, 90,
	  1, 3650),
	N("post_order", "review_notice_days", "days", "notice of the 90-day review, before it is due",
	  review_notice_days, 30, 0, 3650),
	N("post_order", "review_180_days", "days", "PO-REVIEW-180: second custody review after S",
	  review_180_days, 180, 1, 3650),
	N("post_order", "review_annual_days", "days", "PO-REVIEW-ANNUAL: review after one that continued detention",
	  review_annual_days, 365, 1, 3650),
	N("post_order", "presumptive_days", "days", "PO-180, PO-RELEASE: presumptively reasonable detention",
	  presumptive_days, 180, 1, 3650),
	N("pre_order", "bond_minimum", "USD", "smallest bond that may be set", bond_minimum, 1500, 1, 100000000),
	N("children", "child_age_years", "years", "CH-72H, CH-20D: a child is under this age at book-in",
	  child_age_years, 18, 1, 30),
	N("children", "child_hhs_hours", "hours", "CH-72H: transfer to HHS after book-in", child_hhs_hours, 72, 1,
	  8760),
	N("children", "child_family_days", "days", "CH-20D: longest hold in a family facility", child_family_days,
	  20, 1, 3650),
	N("standards", "classify_hours", "hours", "STD-CLASSIFY-12H: classification after book-in", classify_hours,
	  12, 1, 8760),
	{{"policy", "border_release", "forbidden|allowed", "release of border arrests (rules.md, policy)"},
	 BORDER_POLICY, offsetof(struct rules, border_release_allowed), 0, 0, 1},
	{{"policy", "national_capacity", "beds", "funded national beds (unset: the sum of open facilities)"},
	 OPTIONAL_NUMBER, offsetof(struct rules, national_capacity), RULES_UNSET, 0, 100000000},
	N("supervision", "checkin_grace_hours", "hours", "grace after a check-in period", checkin_grace_hours, 24, 0,
	  144),
	N("supervision", "abscond_days", "days", "ATD-ABSCOND: no good check-in for this long", abscond_days, 30, 1,
	  3650),
	N("supervision", "deescalate_days", "days", "ATD-DEESCALATE: compliant for this long", deescalate_days, 180, 1,
	  3650),
	N("supervision", "hearing_reminder_days", "days", "HEARING-REMINDER: hearings this close",
	  hearing_reminder_days, 7, 0, 365),
#undef N
};

#define N_ENTRIES (sizeof entries / sizeof *entries)
_Static_assert(N_ENTRIES <= sizeof ((struct rules *)0)->line / sizeof(int), "struct rules: line[] too small");

static void *slot(struct rules *r, const struct entry *e)
{
	return (char *)r + e->offset;
}

static void put(struct rules *r, const struct entry *e, int value)
{
	if (e->kind == BORDER_POLICY)
		*(bool *)slot(r, e) = value != 0;
	else
		*(int *)slot(r, e) = value;
}

void rules_default(struct rules *r)
{
	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < N_ENTRIES; i++)
		put(r, &entries[i], entries[i].fallback);
}

size_t rules_count(void)
{
	return N_ENTRIES;
}

const struct rules_setting *rules_setting(size_t i)
{
	assert(i < N_ENTRIES);
	return &entries[i].s;
}

const char *rules_value_text(const struct rules *r, size_t i, char *buf, size_t size)
{
	assert(i < N_ENTRIES);
	const struct entry *e = &entries[i];
	const void *p = (const char *)r + e->offset;
	if (e->kind == BORDER_POLICY)
		snprintf(buf, size, "%s", *(const bool *)p ? "allowed" : "forbidden");
	else if (*(const int *)p == RULES_UNSET)
		snprintf(buf, size, "unset");
	else
		snprintf(buf, size, "%d", *(const int *)p);
	return buf;
}

/* The value of a setting from its text; -1 with why set when invalid. */
static int value_of(const struct entry *e, const char *text, int *out, const char **why)
{
	if (e->kind == BORDER_POLICY) {
		*out = strcmp(text, "allowed") == 0 ? 1 : strcmp(text, "forbidden") == 0 ? 0 : -1;
		*why = "expected forbidden or allowed";
		return *out < 0 ? -1 : 0;
	}
	if (e->kind == OPTIONAL_NUMBER && strcmp(text, "unset") == 0) {
		*out = RULES_UNSET;
		return 0;
	}
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	*why = e->kind == OPTIONAL_NUMBER ? "expected a whole number in range, or unset"
					  : "expected a whole number in range";
	if (end == text || *end || errno || v < e->min || v > e->max)
		return -1;
	*out = (int)v;
	return 0;
}

struct parsing {
	struct rules *r;
	struct error first; /* the first complaint (inih goes on after it) */
	int first_line;
	const char *text; /* what is left to read */
	int line;         /* the line last read */
};

/* Remember the first complaint and its line (inih goes on after errors). */
static void complain(struct parsing *ps, const char *msg)
{
	if (ps->first.code != ERR_OK)
		return;
	error_set(&ps->first, ERR_INVALID, "%s", msg);
	ps->first_line = ps->line;
}

static bool known_section(const char *name, size_t len)
{
	for (size_t i = 0; i < N_ENTRIES; i++)
		if (strlen(entries[i].s.section) == len && strncmp(entries[i].s.section, name, len) == 0)
			return true;
	return false;
}

/* ini_reader: the next line of the text, counting lines, as inih should
 * see it: without leading blanks (an indented line is a line of its own,
 * not a continuation), a comment line as an empty one whatever its length,
 * a key line cut before its inline comment when it would not fit, and a
 * section checked against the known ones (inih says nothing of a section
 * without keys). */
static char *next_line(char *buf, int size, void *stream)
{
	struct parsing *ps = stream;
	if (!*ps->text)
		return NULL;
	size_t len = strcspn(ps->text, "\n");
	const char *line = ps->text;
	ps->text += len + (ps->text[len] == '\n');
	ps->line++;
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (len && line[len - 1] == '\r')
		len--;
	if (len == 0 || *line == ';' || *line == '#') {
		strcpy(buf, "\n");
		return buf;
	}
	if (*line == '[') {
		size_t close = strcspn(line, "]\n");
		if (close < len && !known_section(line + 1, close - 1)) {
			char msg[128];
			snprintf(msg, sizeof msg, "[%.*s]: unknown section (`custody rules` lists them)",
				 (int)(close - 1 < 60 ? close - 1 : 60), line + 1);
			complain(ps, msg);
		}
	}
	for (size_t i = 1; len >= (size_t)size - 1 && i < len; i++)
		if ((line[i] == ';' || line[i] == '#') && (line[i - 1] == ' ' || line[i - 1] == '\t'))
			len = i;
	if (len >= (size_t)size - 1) {
		char msg[64];
		snprintf(msg, sizeof msg, "a setting line longer than %d bytes", size - 2);
		complain(ps, msg);
		strcpy(buf, "=\n"); /* not INI: inih reports this line */
		return buf;
	}
	memcpy(buf, line, len);
	buf[len] = '\n';
	buf[len + 1] = '\0';
	return buf;
}

/* ini_handler: one key = value line. */
static int on_setting(void *user, const char *section, const char *key, const char *value)
{
	struct parsing *ps = user;
	if (!key)
		return 1; /* a section header alone */
	const struct entry *e = NULL;
	for (size_t i = 0; !e && i < N_ENTRIES; i++)
		if (strcmp(entries[i].s.section, section) == 0 && strcmp(entries[i].s.key, key) == 0)
			e = &entries[i];
	if (ps->first.code != ERR_OK)
		return 0; /* inih reports the line of the first error */
	if (!e) {
		error_set(&ps->first, ERR_INVALID, "[%s] %s: unknown setting (`custody rules` lists them)", section,
			  key);
		ps->first_line = ps->line;
		return 0;
	}
	int v;
	const char *why = "";
	if (value_of(e, value, &v, &why)) {
		char range[64] = "";
		if (e->kind != BORDER_POLICY)
			snprintf(range, sizeof range, " %d..%d %s", e->min, e->max, e->s.unit);
		error_set(&ps->first, ERR_INVALID, "[%s] %s: \"%.*s\": %s%s", section, key, error_cut(value, 60),
			  value, why, range);
		ps->first_line = ps->line;
		return 0;
	}
	put(ps->r, e, v);
	ps->r->line[e - entries] = ps->line;
	return 1;
}

int rules_parse(const char *text, const char *name, struct rules *r, struct error *err)
{
	rules_default(r);
	snprintf(r->origin, sizeof r->origin, "%s", name);
	struct parsing ps = {.r = r, .text = text};
	int line = ini_parse_stream(next_line, &ps, on_setting, &ps);
	if (line == 0 && ps.first.code == ERR_OK)
		return 0;
	rules_default(r);
	/* inih's first error line, unless a complaint of ours came first */
	if (ps.first.code == ERR_OK || (line != 0 && line < ps.first_line))
		return error_set(err, ERR_INVALID, "%s line %d: not a [section], a key = value or a comment", name,
				 line);
	return error_set(err, ERR_INVALID, "%s line %d: %s", name, ps.first_line, ps.first.msg);
}

void rules_path_beside(const char *db_path, char *buf, size_t size)
{
	const char *slash = strrchr(db_path, '/');
	int dir = slash ? (int)(slash - db_path) + 1 : 0;
	snprintf(buf, size, "%.*srules.ini", dir, db_path);
}
