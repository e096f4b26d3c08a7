#include "official.h"

#include <math.h>
#include <stdio.h>
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

struct ice_reason_extra *ice_extra_reason(struct ice_official *o, const char *key)
{
	for (size_t i = 0; i < o->n_extra; i++)
		if (strcmp(o->extra[i].key, key) == 0)
			return &o->extra[i];
	if (o->n_extra >= OUT_REASON_COUNT * 4)
		return NULL; /* ICE prints a dozen reasons at most */
	struct ice_reason_extra *grown = realloc(o->extra, (o->n_extra + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	o->extra = grown;
	struct ice_reason_extra *x = &grown[o->n_extra++];
	memset(x, 0, sizeof *x);
	snprintf(x->key, sizeof x->key, "%s", key);
	return x;
}

void ice_official_free(struct ice_official *o)
{
	free(o->facilities);
	free(o->extra);
	for (size_t i = 0; i < o->n_warnings; i++)
		free(o->warnings[i]);
	free(o->warnings);
	o->facilities = NULL;
	o->n_facilities = 0;
	o->extra = NULL;
	o->n_extra = 0;
	o->warnings = NULL;
	o->n_warnings = 0;
}

int64_t ice_facility_beds(const struct ice_facility *f)
{
	int64_t adp = !(f->adp > 0) ? 0 : f->adp >= ICE_BEDS_MAX ? ICE_BEDS_MAX : (int64_t)ceil(f->adp - 1e-9);
	int64_t minimum = f->guaranteed_minimum > ICE_BEDS_MAX ? ICE_BEDS_MAX : f->guaranteed_minimum;
	return minimum > adp ? minimum : adp;
}

int ice_official_has_data(const struct ice_official *o)
{
	double any = o->removals + o->atd_total + o->detained[ICE_AGENCIES][ICE_CRIMS];
	for (int a = 0; a < ICE_AGENCIES; a++)
		any += o->book_ins[a][ICE_MONTHS];
	for (int r = 0; r < OUT_REASON_COUNT; r++)
		any += o->book_outs[r][ICE_CRIMS][ICE_MONTHS];
	for (int m = 0; m <= ICE_MONTHS; m++)
		any += o->adp[ICE_AGENCIES][ICE_CRIMS][m];
	return any != 0;
}

int ice_suppressed(double x)
{
	return x > 0 && x < 10;
}
