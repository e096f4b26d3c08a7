#include "official.h"

#include <math.h>
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

int64_t ice_facility_beds(const struct ice_facility *f)
{
	int64_t adp = !(f->adp > 0) ? 0 : f->adp >= ICE_BEDS_MAX ? ICE_BEDS_MAX : (int64_t)ceil(f->adp - 1e-9);
	int64_t minimum = f->guaranteed_minimum > ICE_BEDS_MAX ? ICE_BEDS_MAX : f->guaranteed_minimum;
	return minimum > adp ? minimum : adp;
}

int ice_suppressed(double x)
{
	return x > 0 && x < 10;
}
