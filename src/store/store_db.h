/* store_db.h: for the store's own modules (history.c, official.c), the
 * SQLite handle under a store. Not for the rest of custody, which sees the
 * store only through store.h. */
#ifndef CUSTODY_STORE_DB_H
#define CUSTODY_STORE_DB_H

#include <sqlite3.h>

#include "error.h"

struct store;

/* The open database of s; owned by s, valid until store_close(). */
sqlite3 *store_db(struct store *s);

/* Fill err with ERR_IO, "database: <what>: <SQLite's message>"; returns ERR_IO. */
int store_db_error(struct store *s, struct error *err, const char *what);

#endif
