/* rules.h: the policy settings the timeline enforces at write time.
 *
 * Every setting has a built-in default (rules.md); later the rules file
 * overrides them. */
#ifndef CUSTODY_RULES_H
#define CUSTODY_RULES_H

#include <stdbool.h>

struct rules {
	bool border_release_allowed; /* border_release = allowed | forbidden */
};

/* Fill r with the defaults of rules.md. */
void rules_default(struct rules *r);

#endif
