/* labels.h: ICE's words in its workbooks and what they are in the event
 * contract's vocabularies: the words the writer writes, and the words (and
 * their variants across the years) the reader recognises.
 *
 * Labels are compared in canonical form (ice_canon), so that case,
 * punctuation and runs of spaces do not matter: "ICE  ", "Washington, D.C."
 * and "St. Paul" read as "ice", "washington dc" and "st paul". */
#ifndef CUSTODY_ICE_LABELS_H
#define CUSTODY_ICE_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "official.h"

#define ICE_CANON_MAX 256

/* Write the canonical form of the UTF-8 text s into out (size bytes, cut
 * to fit): ASCII letters lower-cased and digits kept; spaces, no-break
 * spaces and - / _ : & ( ) between words as one space; other punctuation
 * dropped; no space at either end. Returns out. */
char *ice_canon(const char *s, char *out, size_t size);

/* Whether the canonical text canon begins with the words of want (canonical
 * too): "fy overall" begins with "fy", "oct 2024" with "oct". */
bool ice_starts(const char *canon, const char *want);

/* Whether the canonical text canon has the words of want (canonical) in it. */
bool ice_has(const char *canon, const char *want);

/* What the writer writes, by index. */
extern const char *const ice_reason_label[OUT_REASON_COUNT]; /* enum release_reason */
extern const char *const ice_crim_label[ICE_CRIMS + 1];      /* enum criminality, then "Total" */
extern const char *const ice_tech_label[ICE_TECHS];          /* enum technology, then "Dual Tech" */
extern const char *const ice_aor_name[ICE_AORS];             /* vocab_aor order: "Atlanta", ... */
extern const char *const ice_kind_label[FAC_OTHER + 1];      /* enum facility_kind: "USMS IGA", ... */
extern const char *const ice_sex_label[FSEX_ANY + 1];        /* enum facility_sex: "Male", ... */
extern const char *const ice_month_label[ICE_MONTHS];        /* "Oct" to "Sep" */

/* What the reader recognises, from canonical text; -1 when it is none of
 * them (except where said). */
int ice_reason_of(const char *canon); /* enum release_reason */
int ice_crim_of(const char *canon);   /* enum criminality, ICE_CRIMS for "total" */
int ice_tech_of(const char *canon);   /* enum technology, ICE_TECH_DUAL */
int ice_aor_of(const char *canon);    /* vocab_aor: ICE's office names and the codes */
int ice_kind_of(const char *canon);   /* enum facility_kind; FAC_OTHER for anything else */
int ice_sex_of(const char *canon);    /* enum facility_sex; FSEX_ANY for anything else */
int ice_month_of(const char *canon);  /* 0 for "Oct" ("October", "Oct 2024") to 11 for "Sep" */

#endif
