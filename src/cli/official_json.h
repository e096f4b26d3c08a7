/* official_json.h: a year's figures (struct ice_official, ICE's or the
 * ledger's) as JSON and as text, for `custody official` and `custody
 * report`. */
#ifndef CUSTODY_OFFICIAL_JSON_H
#define CUSTODY_OFFICIAL_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "ledger.h"
#include "official.h"

/* The tables `official --table` and `report --table` know. */
extern const char *const official_tables[];

/* Whether name is one of official_tables (NULL: every table). */
bool official_table_known(const char *name);

/* o as a new JSON object (docs/ice.md): fy, tables (those o has), and
 * for each table o has: facilities; book_ins, book_ins_total; book_outs,
 * book_outs_by_month; adp, adp_by_month, adp_by_agency; the same for alos;
 * detained; removals; atd; court_appearance. Only table (when not NULL)
 * besides fy and tables. With suppress, counts from 1 to 9 by AOR or facility
 * (participants, ADP) read "<10". NULL out of memory. */
json_t *official_json(const struct ice_official *o, const char *table, bool suppress);

/* Print o's tables as text (only table when not NULL); beside (when not
 * NULL) is set beside each figure of o with the difference. With
 * suppress, counts 1 to 9 by AOR read "<10". */
void official_print(const struct ice_official *o, const struct ice_official *beside, const char *table,
		    bool suppress);

/* Load into o (which the caller frees with ice_official_free(), on
 * failure too) the official figures of fiscal year fy imported into l;
 * ERR_NOTFOUND when none were. */
int cli_load_official(struct ledger *l, int fy, struct ice_official *o, struct error *err);

#endif
