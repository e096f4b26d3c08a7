/* test_rules.c: the durations and policy settings of rules.md (rules.h).
 *
 * The defaults are the numbers of /work/shared/spec/rules.md; a rules file
 * (INI) overrides them, each setting remembering the line it came from; a
 * bad file names itself, the line and the setting, and leaves the defaults;
 * what `custody rules` prints is a rules file again. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "error.h"
#include "rules.h"

/* ------------------------------------------------------------------ helpers */

/* Every setting: where the file writes it, the member it drives (an int, or
 * the border_release bool), its default as printed, and a legal non-default
 * value with what the member holds then. In the order of rules_setting(). */
struct setting_case {
	const char *section, *key;
	size_t offset;
	bool is_bool;
	const char *def; /* rules_value_text of the default */
	int def_value;   /* the member's default */
	const char *other;
	int other_value;
};

/* The case of an int setting whose member is named as its key and whose
 * values are printed as the numbers def and other are written. */
#define INT_SETTING(section, key, def, other)                                                              \
	{section, #key, offsetof(struct rules, key), false, #def, def, #other, other}

static const struct setting_case settings[] = {
	INT_SETTING("post_order", removal_period_days, 90, 30),
	INT_SETTING("post_order", review_90_days, 90, 45),
	INT_SETTING("post_order", review_notice_days, 30, 0),
	INT_SETTING("post_order", review_180_days, 180, 120),
	INT_SETTING("post_order", review_annual_days, 365, 200),
	INT_SETTING("post_order", presumptive_days, 180, 100),
	INT_SETTING("pre_order", bond_minimum, 1500, 5000),
	INT_SETTING("children", child_age_years, 18, 21),
	INT_SETTING("children", child_hhs_hours, 72, 24),
	INT_SETTING("children", child_family_days, 20, 5),
	INT_SETTING("standards", classify_hours, 12, 2),
	{"policy", "border_release", offsetof(struct rules, border_release_allowed), true, "forbidden", 0, "allowed", 1},
	{"policy", "national_capacity", offsetof(struct rules, national_capacity), false, "unset", RULES_UNSET, "41500",
	 41500},
	INT_SETTING("supervision", checkin_grace_hours, 24, 48),
	INT_SETTING("supervision", abscond_days, 30, 14),
	INT_SETTING("supervision", deescalate_days, 180, 90),
	INT_SETTING("supervision", hearing_reminder_days, 7, 3),
};

/* The member of r that setting case c drives. */
static int member(const struct rules *r, const struct setting_case *c)
{
	const char *p = (const char *)r + c->offset;
	return c->is_bool ? (int)*(const bool *)p : *(const int *)p;
}

/* rules_parse that must succeed. */
static void parse_ok(const char *text, const char *name, struct rules *r)
{
	struct error err = {0};
	int rc = rules_parse(text, name, r, &err);
	if (rc != 0)
		fail_msg("rules_parse(%s): %d %s\n--- text:\n%s", name, rc, err.msg, text);
}

static void assert_contains(const char *what, const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("%s: \"%s\" does not contain \"%s\"", what, text, part);
}

/* r is exactly what rules_default() gives: every value, no line, no origin. */
static void assert_defaults(const char *what, const struct rules *r)
{
	struct rules d;
	rules_default(&d);
	for (size_t i = 0; i < ROWS(settings); i++) {
		if (member(r, &settings[i]) != settings[i].def_value)
			fail_msg("%s: %s is %d, not the default %d", what, settings[i].key, member(r, &settings[i]),
				 settings[i].def_value);
		if (r->line[i] != 0)
			fail_msg("%s: %s has line %d, not 0", what, settings[i].key, r->line[i]);
	}
	if (r->origin[0])
		fail_msg("%s: origin \"%s\" after an error", what, r->origin);
	assert_memory_equal(r, &d, sizeof d);
}

/* The text `custody rules` prints (src/cli/cmd_rules.c), rebuilt from the
 * public interface: [section] headers with a blank line between sections,
 * then "key = value ; unit, origin; help" for every setting. */
static char *print_rules(const struct rules *r)
{
	size_t size = 8192, n = 0;
	char *out = malloc(size);
	assert_non_null(out);
	out[0] = '\0';
	const char *section = "";
	for (size_t i = 0; i < rules_count(); i++) {
		const struct rules_setting *s = rules_setting(i);
		char value[32], from[RULES_ORIGIN_MAX + 32];
		if (r->line[i] == 0)
			snprintf(from, sizeof from, "default");
		else
			snprintf(from, sizeof from, "%s line %d", r->origin, r->line[i]);
		if (strcmp(section, s->section) != 0) {
			n += (size_t)snprintf(out + n, size - n, "%s[%s]\n", i ? "\n" : "", s->section);
			section = s->section;
		}
		n += (size_t)snprintf(out + n, size - n, "%-22s = %-10s ; %s, %s; %s\n", s->key,
				      rules_value_text(r, i, value, sizeof value), s->unit, from, s->help);
		assert_true(n < size);
	}
	return out;
}

/* ----------------------------------------------------------------- defaults */

/* The numbers of rules.md, setting by setting. */
static void test_defaults_are_the_spec_numbers(void **unused)
{
	(void)unused;
	struct rules r;
	memset(&r, 0x5a, sizeof r);
	rules_default(&r);
	assert_int_equal(r.removal_period_days, 90);   /* PO-90: S + 90 days */
	assert_int_equal(r.review_90_days, 90);        /* PO-REVIEW-90 */
	assert_int_equal(r.review_notice_days, 30);    /* a notice 30 days before */
	assert_int_equal(r.review_180_days, 180);      /* PO-REVIEW-180 */
	assert_int_equal(r.review_annual_days, 365);   /* the next review 365 days later */
	assert_int_equal(r.presumptive_days, 180);     /* PO-180 */
	assert_int_equal(r.bond_minimum, 1500);        /* at least USD 1,500 */
	assert_int_equal(r.child_age_years, 18);       /* under 18 at book-in */
	assert_int_equal(r.child_hhs_hours, 72);       /* CH-72H */
	assert_int_equal(r.child_family_days, 20);     /* CH-20D */
	assert_int_equal(r.classify_hours, 12);        /* STD-CLASSIFY-12H */
	assert_false(r.border_release_allowed);        /* border_release = forbidden (default) */
	assert_int_equal(r.national_capacity, RULES_UNSET); /* unset: the sum of open facilities */
	assert_int_equal(r.checkin_grace_hours, 24);   /* a 24-hour grace */
	assert_int_equal(r.abscond_days, 30);          /* ATD-ABSCOND: 30 days */
	assert_int_equal(r.deescalate_days, 180);      /* ATD-DEESCALATE: 180 days */
	assert_int_equal(r.hearing_reminder_days, 7);  /* HEARING-REMINDER: the next 7 days */
	assert_string_equal(r.origin, "");
	for (size_t i = 0; i < ROWS(r.line); i++)
		assert_int_equal(r.line[i], 0);
}

/* Every setting is listed once, in the order above, with its printed
 * default, and a file setting it drives exactly its own member. */
static void test_settings_table(void **unused)
{
	(void)unused;
	assert_int_equal(rules_count(), ROWS(settings));
	struct rules d;
	rules_default(&d);
	for (size_t i = 0; i < ROWS(settings); i++) {
		const struct setting_case *c = &settings[i];
		const struct rules_setting *s = rules_setting(i);
		assert_string_equal(s->section, c->section);
		assert_string_equal(s->key, c->key);
		assert_non_null(s->unit);
		assert_true(s->help && s->help[0]);
		char buf[32];
		assert_string_equal(rules_value_text(&d, i, buf, sizeof buf), c->def);

		char *text = fmt("[%s]\n%s = %s\n", c->section, c->key, c->other);
		struct rules r;
		parse_ok(text, "one.ini", &r);
		free(text);
		for (size_t j = 0; j < ROWS(settings); j++) {
			int want = j == i ? settings[j].other_value : settings[j].def_value;
			if (member(&r, &settings[j]) != want)
				fail_msg("setting %s = %s: %s is %d, expected %d", c->key, c->other, settings[j].key,
					 member(&r, &settings[j]), want);
			assert_int_equal(r.line[j], j == i ? 2 : 0);
		}
		assert_string_equal(rules_value_text(&r, i, buf, sizeof buf), c->other);
	}
}

/* ------------------------------------------------------------------ parsing */

static void test_parse_valid_file(void **unused)
{
	(void)unused;
	static const char text[] =
		"; custody rules for the test site\n"            /* 1 */
		"\n"                                               /* 2 */
		"[post_order]\n"                                   /* 3 */
		"removal_period_days = 30\n"                       /* 4 */
		"# a comment of the other kind\n"                  /* 5 */
		"presumptive_days=100 ; inline comment\n"          /* 6 */
		"\n"                                               /* 7 */
		"[policy]\r\n"                                     /* 8: CRLF */
		"border_release = allowed\r\n"                     /* 9 */
		"national_capacity = 41500\n"                      /* 10 */
		"[children]\n"                                     /* 11 */
		"  child_family_days   =   5  \n"                  /* 12 */
		"[post_order]\n"                                   /* 13: a section again */
		"review_notice_days = 0\n"                         /* 14 */
		"removal_period_days = 45";                        /* 15: no final newline, later wins */
	struct rules r;
	memset(&r, 0x5a, sizeof r);
	parse_ok(text, "site/rules.ini", &r);
	assert_string_equal(r.origin, "site/rules.ini");
	/* What the file sets (by index in settings[]): the value and the line it
	 * came from. Every other setting keeps its default, from line 0. */
	static const struct {
		size_t index;
		int value, line;
	} set[] = {
		{0, 45, 15},     /* removal_period_days: the later line wins */
		{2, 0, 14},      /* review_notice_days */
		{5, 100, 6},     /* presumptive_days */
		{9, 5, 12},      /* child_family_days */
		{11, true, 9},   /* border_release = allowed */
		{12, 41500, 10}, /* national_capacity */
	};
	for (size_t i = 0; i < ROWS(settings); i++) {
		int value = settings[i].def_value, line = 0;
		for (size_t j = 0; j < ROWS(set); j++)
			if (set[j].index == i) {
				value = set[j].value;
				line = set[j].line;
			}
		if (member(&r, &settings[i]) != value || r.line[i] != line)
			fail_msg("%s is %d from line %d, expected %d from line %d", settings[i].key, member(&r, &settings[i]),
				 r.line[i], value, line);
	}

	/* An empty file, or one of comments only, is the defaults from that origin. */
	parse_ok("", "empty.ini", &r);
	assert_string_equal(r.origin, "empty.ini");
	memset(r.origin, 0, sizeof r.origin);
	assert_defaults("empty file", &r);
	parse_ok("; nothing\n\n# set\n", "comments.ini", &r);
	assert_string_equal(r.origin, "comments.ini");
	memset(r.origin, 0, sizeof r.origin);
	assert_defaults("comments only", &r);
}

/* The extremes of a range are accepted. */
static void test_parse_range_limits(void **unused)
{
	(void)unused;
	static const struct {
		const char *text;
		size_t index;
		int value;
	} cases[] = {
		{"[post_order]\nremoval_period_days = 1\n", 0, 1},
		{"[post_order]\nremoval_period_days = 3650\n", 0, 3650},
		{"[post_order]\nreview_notice_days = 0\n", 2, 0},
		{"[pre_order]\nbond_minimum = 1\n", 6, 1},
		{"[children]\nchild_age_years = 30\n", 7, 30},
		{"[standards]\nclassify_hours = 8760\n", 10, 8760},
		{"[policy]\nnational_capacity = 0\n", 12, 0},
		{"[policy]\nnational_capacity = unset\n", 12, RULES_UNSET},
		{"[policy]\nborder_release = forbidden\n", 11, 0},
		{"[supervision]\nhearing_reminder_days = 365\n", 16, 365},
		{"[supervision]\ncheckin_grace_hours = 0\n", 13, 0},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		struct rules r;
		parse_ok(cases[i].text, "limits.ini", &r);
		if (member(&r, &settings[cases[i].index]) != cases[i].value)
			fail_msg("%s: got %d", cases[i].text, member(&r, &settings[cases[i].index]));
		assert_int_equal(r.line[cases[i].index], 2);
	}
}

/* national_capacity accepts `unset`, also over an earlier number. */
static void test_parse_national_capacity_unset(void **unused)
{
	(void)unused;
	struct rules r;
	char buf[32];
	parse_ok("[policy]\nnational_capacity = 41500\nnational_capacity = unset\n", "cap.ini", &r);
	assert_int_equal(r.national_capacity, RULES_UNSET);
	assert_int_equal(r.line[12], 3);
	assert_string_equal(rules_value_text(&r, 12, buf, sizeof buf), "unset");
	parse_ok("[policy]\nnational_capacity = 41500\n", "cap.ini", &r);
	assert_string_equal(rules_value_text(&r, 12, buf, sizeof buf), "41500");
	/* only national_capacity may be unset */
	struct error err = {0};
	assert_int_equal(rules_parse("[post_order]\nremoval_period_days = unset\n", "cap.ini", &r, &err), ERR_INVALID);
	assert_contains("unset elsewhere", err.msg, "cap.ini line 2");
	assert_contains("unset elsewhere", err.msg, "removal_period_days");
}

struct error_case {
	const char *what, *text;
	int line;
	const char *must[3]; /* besides "bad.ini line N: " */
};

static const struct error_case errors[] = {
	{"unknown key", "[post_order]\nremoval_period_days = 30\nremoval_days = 30\n", 3,
	 {"[post_order]", "removal_days", "unknown"}},
	{"unknown section", "[post_order]\nremoval_period_days = 30\n[postorder]\nremoval_period_days = 40\n", 3,
	 {"[postorder]", "unknown section"}},
	{"key of another section", "[policy]\nremoval_period_days = 30\n", 2, {"[policy]", "removal_period_days"}},
	{"key before any section", "removal_period_days = 30\n", 1, {"removal_period_days", "unknown"}},
	{"below the range", "[post_order]\nremoval_period_days = 0\n", 2,
	 {"[post_order] removal_period_days", "\"0\"", "1..3650 days"}},
	{"above the range", "[children]\nchild_hhs_hours = 8761\n", 2,
	 {"[children] child_hhs_hours", "\"8761\"", "1..8760 hours"}},
	{"negative", "[pre_order]\nbond_minimum = -1500\n", 2, {"[pre_order] bond_minimum", "\"-1500\"", "USD"}},
	{"national_capacity below 0", "[policy]\nnational_capacity = -1\n", 2,
	 {"[policy] national_capacity", "\"-1\"", "unset"}},
	{"too big for an int", "[post_order]\nremoval_period_days = 99999999999999999999\n", 2,
	 {"removal_period_days", "99999999999999999999", "whole number"}},
	{"not a number", "[post_order]\n\nreview_90_days = ninety\n", 3,
	 {"[post_order] review_90_days", "\"ninety\"", "whole number"}},
	{"a number with a unit", "[post_order]\nreview_90_days = 90 days\n", 2, {"review_90_days", "\"90 days\"", "whole number"}},
	{"a fraction", "[children]\nchild_family_days = 2.5\n", 2, {"child_family_days", "\"2.5\"", "whole number"}},
	{"no value", "[standards]\nclassify_hours =\n", 2, {"[standards] classify_hours", "whole number"}},
	{"border_release neither", "[policy]\nborder_release = maybe\n", 2,
	 {"[policy] border_release", "\"maybe\"", "forbidden or allowed"}},
	{"border_release as a bool", "[policy]\nborder_release = true\n", 2, {"border_release", "\"true\"", "allowed"}},
	{"border_release in capitals", "[policy]\nborder_release = Allowed\n", 2, {"border_release", "forbidden or allowed"}},
	{"a line that is not INI", "[post_order]\nremoval_period_days = 30\nthis is not a setting\n", 3,
	 {"not a [section], a key = value or a comment"}},
	{"a section header left open", "[post_order\nremoval_period_days = 30\n", 1, {"not a [section]"}},
	{"the first of two errors", "[post_order]\nremoval_period_days = 0\nreview_90_days = x\n", 2,
	 {"removal_period_days", "\"0\""}},
	{"a syntax error before a bad value", "[post_order]\nnonsense\nreview_90_days = x\n", 2, {"not a [section]"}},
	{"a bad value before a syntax error", "[post_order]\nreview_90_days = x\nnonsense\n", 2, {"review_90_days", "\"x\""}},
};

/* Each error names the file, the line and the setting; r is the defaults. */
static void test_parse_errors(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < ROWS(errors); i++) {
		const struct error_case *c = &errors[i];
		struct rules r;
		memset(&r, 0x5a, sizeof r);
		struct error err = {0};
		int rc = rules_parse(c->text, "conf/bad.ini", &r, &err);
		if (rc != ERR_INVALID)
			fail_msg("%s: expected ERR_INVALID, got %d (%s)", c->what, rc, err.msg);
		assert_int_equal(err.code, ERR_INVALID);
		char *head = fmt("conf/bad.ini line %d: ", c->line);
		if (strncmp(err.msg, head, strlen(head)) != 0)
			fail_msg("%s: \"%s\" does not start with \"%s\"", c->what, err.msg, head);
		free(head);
		for (size_t j = 0; j < ROWS(c->must) && c->must[j]; j++)
			assert_contains(c->what, err.msg, c->must[j]);
		assert_defaults(c->what, &r);
	}
}

/* A NULL error is allowed: the code alone. */
static void test_parse_error_without_message(void **unused)
{
	(void)unused;
	struct rules r;
	assert_int_equal(rules_parse("[post_order]\nremoval_period_days = 0\n", "x.ini", &r, NULL), ERR_INVALID);
	assert_defaults("NULL err", &r);
}

/* ------------------------------------------------------------------- values */

static void test_value_text(void **unused)
{
	(void)unused;
	struct rules r;
	rules_default(&r);
	char buf[32];
	assert_string_equal(rules_value_text(&r, 0, buf, sizeof buf), "90");
	assert_string_equal(rules_value_text(&r, 6, buf, sizeof buf), "1500");
	assert_string_equal(rules_value_text(&r, 11, buf, sizeof buf), "forbidden");
	assert_string_equal(rules_value_text(&r, 12, buf, sizeof buf), "unset");
	r.border_release_allowed = true;
	r.national_capacity = 41500;
	r.review_notice_days = 0;
	assert_string_equal(rules_value_text(&r, 11, buf, sizeof buf), "allowed");
	assert_string_equal(rules_value_text(&r, 12, buf, sizeof buf), "41500");
	assert_string_equal(rules_value_text(&r, 2, buf, sizeof buf), "0");
	/* the result is buf itself, cut to its size */
	char small[4];
	assert_ptr_equal(rules_value_text(&r, 12, small, sizeof small), small);
	assert_string_equal(small, "415");
}

/* ---------------------------------------------------------------- round trip */

/* Values of every setting of a and b are equal. */
static void assert_same_values(const struct rules *a, const struct rules *b)
{
	for (size_t i = 0; i < ROWS(settings); i++)
		if (member(a, &settings[i]) != member(b, &settings[i]))
			fail_msg("%s: %d then %d", settings[i].key, member(a, &settings[i]), member(b, &settings[i]));
}

/* What `custody rules` prints parses back to the same values, and printing
 * those again gives the same text but for where each value came from. */
static void test_printed_rules_round_trip(void **unused)
{
	(void)unused;
	struct rules d, back;
	rules_default(&d);
	char *text = print_rules(&d);
	assert_contains("defaults printed", text, "removal_period_days    = 90         ; days, default; PO-90");
	assert_contains("defaults printed", text, "[policy]\nborder_release         = forbidden  ;");
	parse_ok(text, "printed.ini", &back);
	assert_same_values(&d, &back);
	/* every setting is now from its line of the printed text */
	for (size_t i = 0; i < rules_count(); i++) {
		const struct rules_setting *s = rules_setting(i);
		char *start = fmt("\n%s ", s->key);
		const char *at = strstr(text, start);
		free(start);
		assert_non_null(at);
		int line = 2; /* the line after the newline found */
		for (const char *p = text; p < at; p++)
			line += *p == '\n';
		assert_int_equal(back.line[i], line);
	}
	free(text);

	/* every value changed: printed, parsed, printed again */
	char *file = NULL;
	{
		size_t n = 0, size = 4096;
		file = malloc(size);
		assert_non_null(file);
		const char *section = "";
		for (size_t i = 0; i < ROWS(settings); i++) {
			if (strcmp(section, settings[i].section) != 0)
				n += (size_t)snprintf(file + n, size - n, "[%s]\n", section = settings[i].section);
			n += (size_t)snprintf(file + n, size - n, "%s = %s\n", settings[i].key, settings[i].other);
		}
		assert_true(n < size);
	}
	struct rules changed;
	parse_ok(file, "site/rules.ini", &changed);
	free(file);
	for (size_t i = 0; i < ROWS(settings); i++)
		assert_int_equal(member(&changed, &settings[i]), settings[i].other_value);
	text = print_rules(&changed);
	assert_contains("changed printed", text, "; days, site/rules.ini line 2; PO-90");
	parse_ok(text, "again.ini", &back);
	assert_same_values(&changed, &back);
	char *again = print_rules(&back);
	/* the same but for the origins */
	for (size_t i = 0; i < ROWS(settings); i++) {
		char buf[32];
		assert_string_equal(rules_value_text(&back, i, buf, sizeof buf), settings[i].other);
	}
	assert_contains("printed again", again, "; days, again.ini line ");
	free(again);
	free(text);
}

/* The length of the longest line of text, without its newline. */
static size_t longest_line(const char *text)
{
	size_t longest = 0;
	while (*text) {
		size_t n = strcspn(text, "\n");
		if (n > longest)
			longest = n;
		text += n + (text[n] == '\n');
	}
	return longest;
}

/* The origin is any path the caller read: a long one must not break the
 * printed text, which must still parse back. */
static void test_printed_rules_round_trip_long_origin(void **unused)
{
	(void)unused;
	char name[RULES_ORIGIN_MAX];
	snprintf(name, sizeof name, "/srv/custody/ledgers/enforcement-and-removal-operations/%s/rules.ini",
		 "area-of-responsibility-atlanta-field-office");
	struct rules r, back;
	parse_ok("[post_order]\nreview_annual_days = 400\n", name, &r);
	assert_string_equal(r.origin, name);
	char *text = print_rules(&r);
	size_t longest = longest_line(text);
	struct error err = {0};
	int rc = rules_parse(text, "printed.ini", &back, &err);
	free(text);
	if (rc != 0)
		fail_msg("the printed rules (origin %zu bytes, longest line %zu bytes) do not parse back: %s",
			 strlen(name), longest, err.msg);
	assert_int_equal(back.review_annual_days, 400);
	assert_same_values(&r, &back);
}

/* A long line of a rules file is one line: a comment of 250 characters is a
 * comment, and the setting after it is on line 3. */
static void test_parse_long_comment_line(void **unused)
{
	(void)unused;
	char comment[251];
	memset(comment, 'x', sizeof comment - 1);
	comment[0] = ';';
	comment[sizeof comment - 1] = '\0';
	char *text = fmt("[post_order]\n%s\nremoval_period_days = 30\n", comment);
	struct rules r;
	struct error err = {0};
	int rc = rules_parse(text, "long.ini", &r, &err);
	free(text);
	if (rc != 0)
		fail_msg("a comment line of %zu bytes: %s", strlen(comment), err.msg);
	assert_int_equal(r.removal_period_days, 30);
	assert_int_equal(r.line[0], 3);
}

/* rules.h: an unknown section is an error, even with nothing under it
 * (a misspelt section header must not pass unnoticed). */
static void test_parse_unknown_empty_section(void **unused)
{
	(void)unused;
	struct rules r;
	struct error err = {0};
	int rc = rules_parse("[post_order]\nremoval_period_days = 30\n[postorder]\n", "conf/bad.ini", &r, &err);
	if (rc != ERR_INVALID)
		fail_msg("an unknown section alone: %d (expected ERR_INVALID naming line 3 and [postorder])", rc);
	assert_contains("unknown section", err.msg, "conf/bad.ini line 3");
	assert_contains("unknown section", err.msg, "postorder");
	assert_defaults("unknown section", &r);
}

/* An indented line is not the continuation of the previous setting: an
 * indented key is that key, and a bare indented value is not INI (it must
 * not silently replace the value of the line before). */
static void test_parse_indented_lines(void **unused)
{
	(void)unused;
	struct rules r;
	struct error err = {0};
	int rc = rules_parse("[post_order]\nremoval_period_days = 30\n    45\n", "conf/bad.ini", &r, &err);
	if (rc == 0)
		fail_msg("a bare indented value on line 3 was accepted: removal_period_days = %d (line %d)",
			 r.removal_period_days, r.line[0]);
	assert_contains("bare value", err.msg, "conf/bad.ini line 3");

	rc = rules_parse("[post_order]\nremoval_period_days = 30\n  review_90_days = 45\n", "conf/indent.ini", &r, &err);
	if (rc == 0) {
		assert_int_equal(r.removal_period_days, 30);
		assert_int_equal(r.review_90_days, 45);
		assert_int_equal(r.line[1], 3);
	} else if (!strstr(err.msg, "[post_order] review_90_days") || strstr(err.msg, "removal_period_days")) {
		fail_msg("an indented key on line 3 is blamed on the line before: %s", err.msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_the_spec_numbers),
		cmocka_unit_test(test_settings_table),
		cmocka_unit_test(test_parse_valid_file),
		cmocka_unit_test(test_parse_range_limits),
		cmocka_unit_test(test_parse_national_capacity_unset),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_error_without_message),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_printed_rules_round_trip),
		cmocka_unit_test(test_printed_rules_round_trip_long_origin),
		cmocka_unit_test(test_parse_long_comment_line),
		cmocka_unit_test(test_parse_unknown_empty_section),
		cmocka_unit_test(test_parse_indented_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
