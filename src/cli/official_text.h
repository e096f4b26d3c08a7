/* official_text.h: a year's figures (struct ice_official, ICE's or the
 * ledger's) as text, for `custody official` and `custody report`; their
 * JSON is the views' (views.h). */
#ifndef CUSTODY_OFFICIAL_TEXT_H
#define CUSTODY_OFFICIAL_TEXT_H

#include <stdbool.h>

#include "views.h"

/* Print o's tables as text (only table when not NULL); beside (when not
 * NULL) is set beside each figure of o with the difference. With
 * suppress, counts 1 to 9 by AOR read "<10". */
void official_print(const struct ice_official *o, const struct ice_official *beside, const char *table,
		    bool suppress);

#endif
