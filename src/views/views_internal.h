/* views_internal.h: what the files of the views share; not for their
 * callers (views.h). */
#ifndef CUSTODY_VIEWS_INTERNAL_H
#define CUSTODY_VIEWS_INTERNAL_H

#include "views.h"

/* The end of a view that wrote to out: rc when it is an error, else
 * ERR_IO when out failed, else 0. */
int view_done(FILE *out, int rc, struct error *err);

/* JSON for a threat level: 1, 2 or 3, null when none or unknown. */
json_t *view_json_threat(int level);

#endif
