/* writer.h: a workbook in the layout of ICE's detention statistics, from
 * struct ice_official (the ledger's figures, or figures read by ice_read()),
 * and the Cohorts sheet that ICE does not publish.
 *
 * ice_read() of a written workbook gives back the same figures (to the 16
 * significant digits libxlsxwriter writes), so the ledger's tables and
 * ICE's can be compared cell for cell. docs/ice.md describes the sheets. */
#ifndef CUSTODY_ICE_WRITER_H
#define CUSTODY_ICE_WRITER_H

#include "error.h"
#include "official.h"

/* A workbook for the public: every count from 1 to 9 in a breakdown by
 * facility or AOR (a facility's ADP, the participants of an AOR and of its
 * technologies) is written as the text "<10"; totals stay exact
 * (statistics.md, public release). */
#define ICE_WRITE_PUBLIC 1u

/* Write the tables of o that o->tables marks, and the Cohorts sheet when
 * cohorts is not NULL, to a new workbook at path (replacing any file
 * there). Figures that are NAN (a suppressed count read back) are written
 * as "<10". flags: 0 or ICE_WRITE_PUBLIC. Returns 0; on failure (o->fy
 * outside 2000-2099, a facility without a name, an infinite figure, an
 * unknown flag, a file that cannot be written) returns ERR_INVALID or
 * ERR_IO with the reason in err and leaves no file at path. */
int ice_write(const char *path, const struct ice_official *o, const struct ice_cohorts *cohorts, unsigned flags,
	      struct error *err);

#endif
