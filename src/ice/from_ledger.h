/* from_ledger.h: ICE's tables computed from the ledger (statistics.md), in
 * the shape of the official figures (official.h), so that `custody report`
 * can set them beside ICE's, print them, or write them as a workbook in
 * ICE's layout (writer.h). */
#ifndef CUSTODY_ICE_FROM_LEDGER_H
#define CUSTODY_ICE_FROM_LEDGER_H

#include "calendar.h"
#include "official.h"
#include "snapshot.h"

/* Fill o (initialised by the caller with ice_official_init(o, fy)) with
 * the ledger's figures for fiscal year fy over the days of c (its days in
 * the report's zone, from 1 October to 30 September), taken as of instant
 * as_of: days after it are not
 * counted, and the currently detained and ATD tables are those of as_of.
 * Facilities (names and kinds from reg) are those that held anyone in the
 * year; a facility's guaranteed minimum is its capacity. cohorts (if not
 * NULL) receives the outcomes at as_of of the people arrested in each
 * month. Returns 0, or ERR_NOMEM (out of memory); the caller frees o with
 * ice_official_free(), on failure too. */
int ice_from_ledger(const struct stats_snapshot *s, const struct facility_registry *reg,
		    const struct stats_calendar *c, ts_t as_of, struct ice_official *o, struct ice_cohorts *cohorts,
		    struct error *err);

#endif
