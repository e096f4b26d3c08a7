/* aor_mask.h: a set of AORs, the scope of the lists of people (flags.h,
 * supervision.h): bit a for AOR a of vocab_aor. A person's AOR is
 * timeline_aor(): the holding facility's, else the enrolment's, else the
 * latest arrest's. */
#ifndef CUSTODY_AOR_MASK_H
#define CUSTODY_AOR_MASK_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "vocab.h"

typedef uint64_t aor_mask_t;

/* A bit per AOR of the vocabulary (vocab.c ties VOCAB_AORS to its words),
 * and AOR_MASK_ALL apart from every set of them: a longer vocabulary
 * fails to build rather than overflow. */
_Static_assert(VOCAB_AORS < sizeof(aor_mask_t) * CHAR_BIT, "an AOR mask has a bit per AOR and AOR_MASK_ALL apart");

/* No restriction: every AOR, and the people of no known AOR. */
#define AOR_MASK_ALL UINT64_MAX

/* The mask of one AOR; AOR_MASK_ALL for UNSET (no AOR asked for). */
static inline aor_mask_t aor_mask_of(int aor)
{
	return aor == UNSET ? AOR_MASK_ALL : (aor_mask_t)1 << aor;
}

/* Whether a person of AOR aor (UNSET: unknown) is in mask: an unknown AOR
 * only when mask is AOR_MASK_ALL. */
static inline bool aor_mask_has(aor_mask_t mask, int aor)
{
	return mask == AOR_MASK_ALL || (aor != UNSET && (mask >> aor & 1u));
}

#endif
