/* workbook.h: ICE's detention-statistics workbook (FY24_detentionStats.xlsx,
 * FY25_detentionStats09242025.xlsx, ...) read into struct ice_official.
 *
 * Tables are found by their titles and header rows, not by fixed cells:
 * ICE moves them from year to year. docs/ice.md says what is read, how,
 * and how ICE's words map onto the event contract's. */
#ifndef CUSTODY_ICE_WORKBOOK_H
#define CUSTODY_ICE_WORKBOOK_H

#include <stddef.h>

#include "error.h"
#include "official.h"

/* Facilities at most in one workbook (ICE publishes a few hundred). */
#define ICE_FACILITIES_MAX 10000

/* Read the tables of fiscal year fy_wanted (0: the latest year the
 * workbook's sheet titles name) from the workbook at path into out, which
 * ice_read initialises: out->fy is the year read, out->tables the tables
 * found. A cell ICE suppressed ("<10") reads as NAN; a blank cell as 0.
 * Returns 0, and the caller frees out with ice_official_free(). On failure
 * (not a workbook, no recognisable table of that year, a figure that is not
 * a number, a row label that is not one of ICE's) returns ERR_INVALID,
 * ERR_NOTFOUND, ERR_IO or ERR_NOMEM with the file, the sheet and the cell in
 * err, and leaves out empty (nothing to free). */
int ice_read(const char *path, int fy_wanted, struct ice_official *out, struct error *err);

/* The code of facility f, whose sheet row gives none: ice_facility_derive()
 * of its name and state (facility_id.h), the hash varied while the code is
 * that of one of the n_taken facilities before it in the sheet. Writes
 * the code into code and returns 0; ERR_INVALID when the name has fewer
 * than two letters and digits or every code tried is taken. */
int ice_facility_code(const struct ice_facility *f, const struct ice_facility *taken, size_t n_taken,
		      char code[FACILITY_CODE_MAX + 1], struct error *err);

#endif
