#include "rules.h"

void rules_default(struct rules *r)
{
	r->border_release_allowed = false;
}
