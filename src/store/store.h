/* store.h: the ledger on disk, as the rest of custody sees it.
 *
 * The store keeps the append-only event log and the projections derived
 * from it (facilities, people, stays, stints, enrolments, voided events).
 * It knows SQL and files; it knows nothing of the event contract beyond the
 * columns it is handed. sqlite.c implements it; another backend implements
 * the same functions.
 *
 * Every function returns 0 or a negative ERR_* code with a message in err.
 * Strings handed to callbacks are valid only during the call. */
#ifndef CUSTODY_STORE_H
#define CUSTODY_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "facility.h"
#include "population.h"
#include "timeline.h"
#include "timestamp.h"

struct store;

/* One row of the event log. */
struct stored_event {
	int64_t seq;
	const char *id;
	const char *type;
	const char *person; /* NULL for facility events */
	ts_t at;
	ts_t recorded_at;
	const char *actor;
	const char *body; /* the event's JSON as it was received */
	size_t body_len;  /* its length (filled by the store when reading) */
	int64_t voided_by; /* seq of the void, 0 if not voided */
};

typedef int (*store_event_fn)(void *ctx, const struct stored_event *ev, struct error *err);

enum store_mode {
	STORE_CREATE, /* make a new ledger; fail with ERR_EXISTS if the file exists */
	STORE_OPEN    /* open an existing ledger; fail with ERR_NOTFOUND if absent */
};

#define STORE_SCHEMA_VERSION 9

/* Open (or create) the ledger at path, migrating an older schema to
 * STORE_SCHEMA_VERSION. *migrated_projections is set when a migration
 * changed the projections, which the caller must then rebuild. On success
 * the caller owns *out and closes it with store_close(). */
int store_open(const char *path, enum store_mode mode, struct store **out, bool *migrated_projections,
	       struct error *err);

/* Close the store, rolling back any open transaction. NULL is a no-op. */
void store_close(struct store *s);

/* Transactions: begin takes the write lock at once. */
int store_begin(struct store *s, struct error *err);
int store_commit(struct store *s, struct error *err);
void store_rollback(struct store *s);

/* The largest seq in the log (0 when empty). */
int store_max_seq(struct store *s, int64_t *out, struct error *err);

/* Look an event up by id; calls fn once if found, returns ERR_NOTFOUND if not. */
int store_find_event(struct store *s, const char *id, store_event_fn fn, void *ctx, struct error *err);

/* Append one event unless its id is already in the log: *appended says
 * which. ev->seq must be larger than every seq in the log. */
int store_insert_event(struct store *s, const struct stored_event *ev, bool *appended, struct error *err);

/* Remove the event with this seq, which must be the last appended and not
 * yet committed: the only deletion the log allows, for an event its
 * timeline rejected right after it was appended. */
int store_delete_last_event(struct store *s, int64_t seq, struct error *err);

/* Record that the event with target_seq is voided by void_seq. */
int store_mark_voided(struct store *s, int64_t target_seq, int64_t void_seq, struct error *err);

/* A person's events, voided ones included (see voided_by), in (at, seq)
 * order. fn may stop the walk by returning non-zero, which is returned. */
int store_person_events(struct store *s, const char *person, store_event_fn fn, void *ctx,
			struct error *err);

/* Every facility event that is not voided, in (at, seq) order. */
int store_facility_events(struct store *s, store_event_fn fn, void *ctx, struct error *err);

/* Every person event (voids excluded, voided events included), in
 * (person, at, seq) order: the walk that rebuilds the person projections. */
int store_all_person_events(struct store *s, store_event_fn fn, void *ctx, struct error *err);

/* The audit trail in seq order: all events, or those of one person (NULL
 * for all), recorded at or after since (TS_NONE for all). */
int store_log(struct store *s, const char *person, ts_t since, store_event_fn fn, void *ctx,
	      struct error *err);

/* Every void event, in seq order (for rebuild). */
int store_void_events(struct store *s, store_event_fn fn, void *ctx, struct error *err);

/* Write a person's projections: the people row (with the whole state of
 * tl, for store_load_timeline()) and the changed stays, stints and
 * enrolments of tl->changes. With replace, first delete every
 * projection row of the person (after a replay). A timeline with no events
 * leaves no people row. */
int store_write_person(struct store *s, const struct timeline *tl, bool replace, struct error *err);

/* Write the row of a facility: its state after all its events. */
int store_write_facility(struct store *s, const struct facility *fac, struct error *err);

/* Delete the row of a facility that no longer has any event. */
int store_delete_facility(struct store *s, const char *code, struct error *err);

/* Stints held at a facility, for checking a facility's timeline. */
typedef int (*store_stint_fn)(void *ctx, const char *key, const char *person, ts_t in, ts_t out,
			      struct error *err);
int store_facility_stints(struct store *s, const char *code, store_stint_fn fn, void *ctx,
			  struct error *err);

/* Delete every projection row (the log stays). */
int store_clear_projections(struct store *s, struct error *err);

/* Population of every facility at instant t: fn is called once per
 * facility that holds anyone, in code order. */
typedef int (*store_count_fn)(void *ctx, const char *code, int64_t count, struct error *err);
int store_population_at(struct store *s, ts_t t, store_count_fn fn, void *ctx, struct error *err);

/* Load into tl (which the caller frees with timeline_free()) the state of
 * the person after all their events, as store_write_person() last wrote
 * it. ERR_NOTFOUND when none is stored or it is of another version: the
 * caller then replays the person's events. ERR_IO ("stored state of person
 * ... is corrupt") when it does not decode or holds values out of range. */
int store_load_timeline(struct store *s, const char *person, struct timeline *tl, struct error *err);

/* A problem found by a check, described (valid only during the call). */
typedef void (*store_problem_fn)(void *ctx, const char *problem);

/* Decode and validate every person's stored state: fn is called once for
 * each corrupt one (as store_load_timeline() would refuse it), and
 * *problems counts them. Returns 0, or ERR_IO when the states cannot be
 * read at all. */
int store_check_states(struct store *s, store_problem_fn fn, void *ctx, size_t *problems, struct error *err);

/* Who store_people_at() walks. */
enum store_who {
	STORE_HELD,    /* a custody stay with in <= t < out */
	STORE_ENROLLED /* a supervision enrolment with start <= t < end */
};

/* Every person held (or enrolled) at instant t, in person order, with
 * their stored state (after all their events, which may be later than t),
 * or NULL when none is stored or it is of another version. tl is valid only
 * during the call. A corrupt state stops the walk with ERR_IO, as for
 * store_load_timeline(). */
typedef int (*store_timeline_fn)(void *ctx, const char *person, struct timeline *tl, struct error *err);
int store_people_at(struct store *s, ts_t t, enum store_who who, store_timeline_fn fn, void *ctx,
		    struct error *err);

/* Enrolments ended `absconded` at or before t, by the AOR of the
 * enrolment (tl_enrolment.area; NULL when unknown): fn is called once per
 * AOR. */
int store_absconders_at(struct store *s, ts_t t, store_count_fn fn, void *ctx, struct error *err);

/* Every person's stays, stints, enrolments and marks, one person at a
 * time in person order: what a statistics snapshot is built from. h and
 * its arrays are valid only during the call; fn's failure stops the walk
 * and is returned. */
typedef int (*store_history_fn)(void *ctx, const struct tl_history *h, struct error *err);
int store_histories(struct store *s, store_history_fn fn, void *ctx, struct error *err);

/* One figure of a fiscal year's official statistics (ICE's workbooks), as
 * the store keeps it: table, group and sub-group name it, month 0-11 from
 * October or -1 for the year; a number, or text when text is not NULL. */
struct store_figure {
	const char *tbl, *grp, *sub;
	int month;
	double value;
	const char *text;
};

/* Replace every official figure of fiscal year fy by the n given, in the
 * caller's transaction. Returns 0, or ERR_IO with SQLite's message (the
 * caller rolls back). The figures are copied; the caller keeps them. */
int store_official_put(struct store *s, int fy, const struct store_figure *figures, size_t n,
		       struct error *err);

/* The release of fiscal year fy's official figures held: the instant of
 * the workbook imported (figure release/modified) and the digest of its
 * figures (release/digest), each "" when none was stored. */
#define STORE_RELEASE_MAX 40
int store_official_release(struct store *s, int fy, char released[STORE_RELEASE_MAX],
			   char digest[STORE_RELEASE_MAX], struct error *err);

/* Every official figure of fiscal year fy, in (tbl, grp, sub, month)
 * order; ERR_NOTFOUND when none was imported. f is valid only during the
 * call. */
typedef int (*store_figure_fn)(void *ctx, const struct store_figure *f, struct error *err);
int store_official_get(struct store *s, int fy, store_figure_fn fn, void *ctx, struct error *err);

/* --- the daily population of every facility (reference data) ---------- */

/* What store_population_put() did with a row. */
enum store_population_outcome { STORE_POPULATION_NEW, STORE_POPULATION_CHANGED, STORE_POPULATION_SAME };

struct store_population_writer;

/* Prepare to write daily populations into s, in the caller's transaction;
 * *out is closed by store_population_writer_close(). ERR_IO on failure. */
int store_population_writer_open(struct store *s, struct store_population_writer **out, struct error *err);

/* Store row r (a facility on a day): *outcome says whether the ledger had
 * no row for that facility and day (NEW), another row, now replaced
 * (CHANGED), or the same one (SAME: nothing written). ERR_IO on failure
 * (the caller rolls back). */
int store_population_put(struct store_population_writer *w, const struct population_row *r,
			 enum store_population_outcome *outcome, struct error *err);

/* Keep f's name as the facility's when f's latest day is not before the
 * latest day the ledger has a name of (an empty name is not kept). */
int store_population_name(struct store_population_writer *w, const struct population_facility *f,
			  struct error *err);

/* Release w (NULL: nothing). */
void store_population_writer_close(struct store_population_writer *w);

/* One day of a population series: the people held at midnight, in the
 * nation or (with a facility) at that facility, whose name is then set. */
struct store_population_day {
	int64_t day;
	const char *facility, *name; /* NULL for the nation */
	int64_t population;
};

/* The midnight population of each day from first to last (days since
 * 1970-01-01) that the imported data covers, in day order: the nation's
 * (the sum over facilities), or facility's when not NULL; with
 * by_facility, each facility's (in code order within a day). d is valid
 * only during the call. ERR_NOTFOUND when nothing was imported, or nothing
 * of facility. */
typedef int (*store_population_fn)(void *ctx, const struct store_population_day *d, struct error *err);
int store_population_get(struct store *s, int64_t first, int64_t last, const char *facility, bool by_facility,
			 store_population_fn fn, void *ctx, struct error *err);

/* Every facility of the imported daily population, in code order: its
 * ICE code and its name as ICE records it on its latest day (what
 * import-ice matches a workbook's facilities against). The strings are
 * valid only during the call; fn's failure stops the walk and is returned.
 * No facility (nothing imported) is not an error. */
typedef int (*store_population_facility_fn)(void *ctx, const char *code, const char *name, struct error *err);
int store_population_facilities(struct store *s, store_population_facility_fn fn, void *ctx, struct error *err);

/* A number that changes whenever another connection commits to the
 * ledger file (PRAGMA data_version): a long-running reader's cue to
 * reload what it keeps. */
int store_data_version(struct store *s, int64_t *out, struct error *err);

/* Make s a handle that only reads, beside a writer on the same file: it
 * refuses writes (PRAGMA query_only), and maps up to STORE_READ_MAP bytes
 * of the file (PRAGMA mmap_size), so that the pages another connection's
 * commit makes it drop come back from the OS's cache without a copy; its
 * own page cache is STORE_READ_CACHE_KIB (the pages it maps are read in
 * place, so the 512 MiB of a writing handle would mostly copy them, and a
 * server's handles would hold gigabytes). */
#define STORE_READ_MAP ((int64_t)1 << 30)
#define STORE_READ_CACHE_KIB 32768
int store_read_only(struct store *s, struct error *err);

/* Run PRAGMA integrity_check; ERR_IO with its first complaint if not ok. */
int store_check_integrity(struct store *s, struct error *err);

#endif
