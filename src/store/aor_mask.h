/* aor_mask.h: a set of AORs, the scope of the lists of people (flags.h,
 * supervision.h): bit 1u << a for AOR a of vocab_aor. A person's AOR is
 * timeline_aor(): the holding facility's, else the enrolment's, else the
 * latest arrest's. */
#ifndef CUSTODY_AOR_MASK_H
#define CUSTODY_AOR_MASK_H

#include <stdbool.h>
#include <stdint.h>

#include "vocab.h"

_Static_assert(VOCAB_AORS < 32, "an AOR mask has a bit per AOR and AOR_MASK_ALL apart");

/* No restriction: every AOR, and the people of no known AOR. */
#define AOR_MASK_ALL UINT32_MAX

/* The mask of one AOR; AOR_MASK_ALL for UNSET (no AOR asked for). */
static inline uint32_t aor_mask_of(int aor)
{
	return aor == UNSET ? AOR_MASK_ALL : 1u << aor;
}

/* Whether a person of AOR aor (UNSET: unknown) is in mask: an unknown AOR
 * only when mask is AOR_MASK_ALL. */
static inline bool aor_mask_has(uint32_t mask, int aor)
{
	return mask == AOR_MASK_ALL || (aor != UNSET && (mask >> aor & 1u));
}

#endif
