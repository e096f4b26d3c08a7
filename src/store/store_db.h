/* store_db.h: for the store's own modules (history.c, official.c), the
 * SQLite handle under a store. Not for the rest of custody, which sees the
 * store only through store.h. */
#ifndef CUSTODY_STORE_DB_H
#define CUSTODY_STORE_DB_H

#include <sqlite3.h>
#include <stddef.h>

#include "error.h"

struct store;

/* The projection tables (derived from the log), NULL-terminated. */
extern const char *const store_projection_tables[];

/* The open database of s; owned by s, valid until store_close(). */
sqlite3 *store_db(struct store *s);

/* Fill err with ERR_IO, "database: <what>: <SQLite's message>"; returns ERR_IO. */
int store_db_error(struct store *s, struct error *err, const char *what);

/* Prepare sql on the database of s into *st, which the caller finalizes;
 * ERR_IO naming what on failure. */
int store_db_prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what, struct error *err);

struct stored_event;

/* The event in the first 8 columns of the row of st (seq, id, type,
 * person, at, recorded_at, actor, body, in the log's order) into *ev,
 * whose strings are valid until st moves (voided_by is left 0). ERR_NOMEM
 * when SQLite could not produce a text. */
int store_db_event(sqlite3_stmt *st, struct stored_event *ev, struct error *err);

/* One row of a query: read the columns of st (valid only during the call). */
typedef int (*store_db_row_fn)(void *ctx, sqlite3_stmt *st, struct error *err);

/* Step st to its end, calling row for each row (row's failure stops the
 * walk and is returned), then finalize st. *rows (when not NULL) receives
 * how many rows were read. ERR_IO naming what when a step fails. */
int store_db_each(struct store *s, sqlite3_stmt *st, store_db_row_fn row, void *ctx, size_t *rows, const char *what,
		  struct error *err);

#endif
