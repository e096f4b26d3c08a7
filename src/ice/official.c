#include "official.h"

#include <stdlib.h>
#include <string.h>

const char *const ice_cohort_states[ICE_COHORT_STATES] = {
	"detained", "removed", "released_supervised", "released", "other", "never_detained",
};

void ice_official_init(struct ice_official *o, int fy)
{
	memset(o, 0, sizeof *o);
	o->fy = fy;
}

void ice_official_free(struct ice_official *o)
{
	free(o->facilities);
	o->facilities = NULL;
	o->n_facilities = 0;
}
