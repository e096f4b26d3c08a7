/* rules.h: the durations and policy settings of rules.md.
 *
 * Every duration of the legal clocks, custody reviews and supervision
 * rules, and every policy switch, is a setting with a built-in default. A
 * rules file (INI, docs/rules.md) overrides any of them; each setting
 * remembers where its value came from. Pure: rules_parse() takes the
 * file's text, the caller reads the file. */
#ifndef CUSTODY_RULES_H
#define CUSTODY_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define RULES_ORIGIN_MAX 256
#define RULES_FILE_MAX ((size_t)1 << 20) /* the largest rules file read */

struct rules {
	/* post-order detention (INA 241) */
	int removal_period_days; /* PO-90 */
	int review_90_days;      /* PO-REVIEW-90 */
	int review_notice_days;  /* notice before the 90-day review */
	int review_180_days;     /* PO-REVIEW-180 */
	int review_annual_days;  /* PO-REVIEW-ANNUAL */
	int presumptive_days;    /* PO-180, PO-RELEASE */
	/* pre-order detention */
	int bond_minimum; /* USD */
	/* children */
	int child_age_years;   /* under this age at book-in is a child */
	int child_hhs_hours;   /* CH-72H */
	int child_family_days; /* CH-20D */
	/* detention standards */
	int classify_hours; /* STD-CLASSIFY-12H */
	/* policy */
	bool border_release_allowed; /* border_release = allowed | forbidden */
	int national_capacity;       /* funded beds; RULES_UNSET: the sum of open facilities */
	/* supervision */
	int checkin_grace_hours;
	int abscond_days;
	int deescalate_days;
	int hearing_reminder_days;

	/* where each setting came from: 0 for the built-in default, else the
	 * line of the file named origin */
	int line[32];
	char origin[RULES_ORIGIN_MAX];
};

#define RULES_UNSET (-1)

/* One setting, as the rules file names it. */
struct rules_setting {
	const char *section, *key;
	const char *unit; /* "days", "hours", "USD", "beds", ... */
	const char *help; /* which rule it drives */
};

/* Fill r with the defaults of rules.md. */
void rules_default(struct rules *r);

/* Parse the INI text of a rules file over the defaults. name (a path) is
 * kept as the origin of what it sets and starts every message. Returns 0,
 * or ERR_INVALID with "NAME line N: [section] key: why" for an unknown
 * section or key, a value out of range or a line that is not INI; r is
 * then the defaults. */
int rules_parse(const char *text, const char *name, struct rules *r, struct error *err);

/* The rules file that goes with the ledger at db_path when none is named:
 * rules.ini in the ledger's directory, written into buf (size bytes). */
void rules_path_beside(const char *db_path, char *buf, size_t size);

/* The number of settings, and the i-th of them (i < rules_count()). */
size_t rules_count(void);
const struct rules_setting *rules_setting(size_t i);

/* The value of the i-th setting of r as the rules file writes it (a
 * number, a word, or "unset"), into buf. Returns buf. */
const char *rules_value_text(const struct rules *r, size_t i, char *buf, size_t size);

#endif
