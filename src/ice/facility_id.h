/* facility_id.h: a facility's code, the same in every year's workbook and
 * never shared by two places (docs/ice.md, facility codes).
 *
 * ICE's facilities sheets give no code. A facility's code is ICE's own
 * when a known facility (one of the ledger's, whose code came from ICE's
 * data: the daily population data carries ICE's codes) has the same name
 * and state; else it is derived from its name and state alone, so that
 * the same place gets the same code whatever the year and whatever the
 * order the workbooks are imported in. */
#ifndef CUSTODY_ICE_FACILITY_ID_H
#define CUSTODY_ICE_FACILITY_ID_H

#include <stddef.h>

#include "error.h"
#include "event.h"

#define ICE_NORM_MAX 256

/* A facility whose code is known. */
struct ice_known {
	const char *code, *name;
	const char *city, *state; /* NULL or "" when unknown */
};

/* Write a facility name's normalised form into out (size bytes): its
 * canonical words (labels.h) without what is in parentheses, ICE's
 * abbreviations written out ("DET CTR" is "detention center", "CO" is
 * "county") and "ice" dropped. Returns out. */
char *ice_name_norm(const char *name, char *out, size_t size);

/* The code derived for a facility of this name and state (two letters, or
 * "" when unknown): up to 6 letters and digits of its normalised name, the
 * state (XX when unknown) and two letters or digits of a hash of the
 * normalised name and the state ("FCI ATLANTA", GA: FCIATLGA and two
 * more). salt (0 first) varies the hash, for when the code is taken by
 * another place. ERR_INVALID when the name has fewer than two letters and
 * digits. */
int ice_facility_derive(const char *name, const char *state, unsigned salt, char code[FACILITY_CODE_MAX + 1],
			struct error *err);

/* The index in known of the facility with the same normalised name and
 * the same state (a known facility without a state: the last two letters
 * of a seven-letter ICE code when they are a state's, STWRTGA, else any
 * state), the city deciding
 * between several; -1 when none or several match. */
long ice_facility_match(const char *name, const char *city, const char *state, const struct ice_known *known,
			size_t n);

/* Whether two facilities are the same place: the same normalised name and
 * the same state. */
int ice_same_place(const char *name_a, const char *state_a, const char *name_b, const char *state_b);

#endif
