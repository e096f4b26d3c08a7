/* views.h: the JSON answers of custody's queries, one function per answer,
 * written alike by the command line (`custody COMMAND --json`) and the
 * HTTP server.
 *
 * Every view_X(FILE *out, ...) runs its query and writes one JSON document
 * to out: exactly the bytes the command prints, the trailing newline
 * included (the command passes stdout, the server a FILE of
 * open_memstream()). Its arguments are parsed and validated already. It
 * returns 0, or a negative ERR_* code (error.h) with a message in err; out
 * may then hold part of a document, which the caller discards. out stays
 * the caller's; nothing else a view allocates outlives the call.
 *
 * The lists of people take an AOR scope, aor_mask: bit a for AOR a
 * of vocab_aor (aor_mask.h). A person is listed only when their AOR
 * (timeline_aor(): the holding facility's, else the enrolment's, else the
 * latest arrest's) is in it; a person of no known AOR only with
 * VIEW_ALL_AORS. */
#ifndef CUSTODY_VIEWS_H
#define CUSTODY_VIEWS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "aor_mask.h"
#include "beds.h"
#include "calendar.h"
#include "cohort.h"
#include "flags.h"
#include "ledger.h"
#include "occupancy.h"
#include "official.h"
#include "series.h"
#include "snapshot.h"
#include "supervision.h"

/* No AOR restriction: every AOR and the people of no known AOR. */
#define VIEW_ALL_AORS AOR_MASK_ALL

/* --- writing JSON ------------------------------------------------------ */

/* JSON for an instant (RFC 3339 UTC), null for TS_NONE and TS_FOREVER: a
 * new reference, NULL when out of memory. */
json_t *view_json_time(ts_t t);

/* JSON for a word of v, null for UNSET: a new reference, NULL when out of
 * memory. */
json_t *view_json_word(const struct vocab *v, int value);

/* Write s to out as a JSON string: quoted, '"', '\\' and control
 * characters escaped. */
void view_put_json_string(FILE *out, const char *s);

/* Write value (NULL: out of memory) to out as the views do, indented by
 * two, and a newline; release it. Returns 0, ERR_NOMEM or ERR_IO. */
int view_put_json(FILE *out, json_t *value, struct error *err);

/* A JSON array written element by element, one per line, in constant
 * memory: for lists as long as the ledger. Start with {out, false}. */
struct view_array {
	FILE *out;
	bool started;
};

/* Write element (NULL: out of memory) as the array's next element and
 * release it. Returns 0, or ERR_NOMEM / ERR_IO. */
int view_array_add(struct view_array *a, json_t *element, struct error *err);

/* Close the array ("[]" when nothing was added) and its line, whatever
 * rc. Returns rc when it is an error, else ERR_IO if out failed, else 0. */
int view_array_end(struct view_array *a, int rc, struct error *err);

/* The canonical text of a logged event (event_to_json() of its body: UTC
 * times, normalised A-number), malloc'd for the caller to free; NULL when
 * out of memory or when the body does not parse, with err saying why. */
char *view_event_text(const struct stored_event *sev, struct error *err);

/* --- people ------------------------------------------------------------ */

/* `show --json`: person's state at `at` (their events up to it), the
 * flags in force for them then, the check-ins when enrolled, and every
 * event of their timeline up to `at`, voided ones marked. person is a
 * normalised A-number (anumber_normalize()). ERR_NOTFOUND when the ledger
 * holds no event of theirs. */
int view_show(FILE *out, struct ledger *l, const char *person, ts_t at, struct error *err);

/* The AOR of person at t (timeline_aor() of their timeline at t: the
 * holding facility's, else the enrolment's, else the latest arrest's) in
 * *aor, UNSET when none is known. ERR_NOTFOUND when the ledger holds no
 * event of theirs. */
int view_person_aor(struct ledger *l, const char *person, ts_t t, int *aor, struct error *err);

/* Where a person could be placed at an instant: open facilities with a
 * free bed for them, those of aor first (beds_place()). */
struct view_placements {
	struct timeline tl;    /* the person at the instant */
	int aor;               /* the AOR put first: asked for, else the latest arrest's; UNSET if none */
	bool child;            /* under the rules' child_age_years at the instant */
	struct occupancy o;    /* the beds at the instant; the rows point into the ledger's registry */
	struct placement *items; /* n, best first, pointing into o */
	size_t n;
};

/* Fill *out with the placements of person (normalised) at `at`, those in
 * aor (UNSET: their latest arrest's) first. The caller frees *out with
 * view_placements_free(), on failure too, before the ledger changes.
 * ERR_NOTFOUND when the ledger holds no event of theirs. */
int view_placements_at(struct ledger *l, const char *person, ts_t at, int aor, struct view_placements *out,
		       struct error *err);

void view_placements_free(struct view_placements *p);

/* `place --json`: view_placements_at() as an array of {"facility", "name",
 * "aor", "kind", "capacity", "population", "free", "in_aor"}. */
int view_place(FILE *out, struct ledger *l, const char *person, ts_t at, int aor, struct error *err);

/* --- beds -------------------------------------------------------------- */

/* `facilities --json`: every facility of the ledger at `at` (the command
 * passes its clock), open or closed: an array of {"facility", "name",
 * "aor", "kind", "capacity", "population", "free", "open", "sex", "city",
 * "state"}. */
int view_facilities(FILE *out, struct ledger *l, ts_t at, struct error *err);

/* Whether occupancy lists a facility at its instant: open then, or
 * holding anyone. */
bool view_occupancy_listed(const struct occupancy_row *r);

/* `occupancy --json`: national, per-AOR and per-facility population at
 * `at` against capacity: {"at", "national": {"population", "capacity",
 * "facility_capacity"}, "aors": [{"aor", "population", "capacity"}] (those
 * with beds or people), "facilities": [{"facility", "population",
 * "capacity", "open"}] (view_occupancy_listed())}. */
int view_occupancy(FILE *out, struct ledger *l, ts_t at, struct error *err);

/* 0 when facility is NULL or a facility the ledger knows; ERR_NOTFOUND
 * naming it otherwise. */
int view_check_facility(struct ledger *l, const char *facility, struct error *err);

/* `flags --json`: the flags in force at `at` of the people held or under
 * supervision then who match filter (flags.h; filter->aor_mask is the AOR
 * scope), sorted by due time (none last), then A-number, then rule: an
 * array of {"person", "rule", "status", "due", "reason", "facility"}.
 * ERR_NOTFOUND for an unknown filter->facility. */
int view_flags(FILE *out, struct ledger *l, ts_t at, const struct flag_filter *filter, struct error *err);

/* `candidates --json`: the first `need` (SIZE_MAX: all) release
 * candidates at `at` among the people held then in the scope of filter
 * (its facility and aor_mask; rule and status are ignored), best first:
 * an array of {"rank", "person", "facility", "days_detained",
 * "threat_level", "criminality", "release_required", "reasons"}.
 * ERR_NOTFOUND for an unknown filter->facility. */
int view_candidates(FILE *out, struct ledger *l, ts_t at, const struct flag_filter *filter, size_t need,
		    struct error *err);

/* --- supervision ------------------------------------------------------- */

/* `atd --json`: the supervision figures at `at` over the participants in
 * aor_mask: {"at", "active", "alip_days", "compliance_rate",
 * "by_technology", "by_aor", "absconders", "court_appearance_rate"}, and
 * "groups" broken down by `by` unless ATD_BY_NONE. */
int view_atd(FILE *out, struct ledger *l, ts_t at, aor_mask_t aor_mask, enum atd_by by, struct error *err);

/* `atd due --json` (ATD_DUE) and `atd missed --json` (ATD_MISSED): the
 * participants at `at` in aor_mask who must check in within 24 hours, or
 * who missed their latest period (atd_list_at()): an array of {"person",
 * "technology", "due", "grace_until" | "missed_periods", "last_ok",
 * "checkin_days", "aor"}. */
int view_atd_list(FILE *out, struct ledger *l, ts_t at, aor_mask_t aor_mask, enum atd_which which,
		  struct error *err);

/* `hearings --json`: the hearings still scheduled at `from` with
 * hearing_at in [from, to] of the people under supervision at `from` in
 * aor_mask, by time: an array of {"person", "hearing_at", "technology",
 * "aor"}. */
int view_hearings(FILE *out, struct ledger *l, ts_t from, ts_t to, aor_mask_t aor_mask, struct error *err);

/* --- rules ------------------------------------------------------------- */

/* Where setting i of r comes from: "default", or "FILE line N" written
 * into buf (size bytes). Returns buf or the static "default". */
const char *view_rules_source(const struct rules *r, size_t i, char *buf, size_t size);

/* `rules --json`: every setting of r, an array of {"section", "key",
 * "value", "unit", "source", "rule"}. */
int view_rules(FILE *out, const struct rules *r, struct error *err);

/* --- statistics (over a snapshot: view_load_snapshot()) ------------------ */

/* Load the statistics snapshot of ledger l into s, which the caller frees
 * with stats_snapshot_free(), on failure too. Returns 0, or the error of
 * the store or of the snapshot (ERR_IO, ERR_INVALID for a corrupt ledger,
 * ERR_NOMEM). */
int view_load_snapshot(struct ledger *l, struct stats_snapshot *s, struct error *err);

/* One row of the daily series: group g (its name, "" without a
 * breakdown) of day d (its date, "YYYY-MM-DD") of x. */
typedef int (*view_day_fn)(void *ctx, const char *date, const char *group, const struct stats_series *x, size_t g,
			   size_t d, struct error *err);

/* Call fn for each row of the daily series of s over the days of c
 * broken down by `by`, day by day: every group of a day except the
 * groups of a breakdown that have nothing on any day. fn's failure stops
 * the walk and is returned; ERR_INVALID, before any row, for a series
 * beyond the bounds of one query (stats_query_check()). */
int view_stats_days(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		    view_day_fn fn, void *ctx, struct error *err);

/* `stats daily --json` (csv false): an array of {"date", "group",
 * "arrests", "population", "book_ins", "book_outs", "removals"} (null for
 * a figure the breakdown does not count); `stats daily --csv` (csv true):
 * the header "date,group,arrests,..." and a line per row. */
int view_stats_daily(FILE *out, const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		     bool csv, struct error *err);

/* The figures of one group of a period; group NULL without a breakdown. */
typedef int (*view_period_fn)(void *ctx, const char *group, const struct stats_period *p, struct error *err);

/* Call fn with the period figures over the days of c: once (group NULL)
 * for STATS_BY_NONE, else for each group of the breakdown with anything
 * in the period, in group order. */
int view_stats_periods(const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		       view_period_fn fn, void *ctx, struct error *err);

/* `stats period --json`: {"from", "to", "adp", "alos_days", "book_ins",
 * "book_outs", "removals", "arrests", "stays_ended",
 * "book_ins_by_criminality", "book_outs_by_criminality", "tz"} over the
 * days of c (from and to its first and last day, tz its zone); an array of
 * those with "group" when broken down. */
int view_stats_period(FILE *out, const struct stats_snapshot *s, const struct stats_calendar *c, enum stats_by by,
		      struct error *err);

/* The outcomes of one group of a cohort; group NULL without a breakdown. */
typedef int (*view_cohort_fn)(void *ctx, const char *group, const struct stats_cohort *c, struct error *err);

/* Call fn with the outcomes at `at` of the people arrested in the days of
 * c (stats_cohort()): once (group NULL) for STATS_BY_NONE, else for each
 * group with anyone arrested, in group order. */
int view_stats_cohorts(const struct stats_snapshot *s, const struct stats_calendar *c, ts_t at, enum stats_by by,
		       view_cohort_fn fn, void *ctx, struct error *err);

/* `stats cohort --json`: {"arrested", "states", "released_by_reason",
 * "at"}; an array of {"group", "arrested", "states", "released_by_reason"}
 * when broken down. */
int view_stats_cohort(FILE *out, const struct stats_snapshot *s, const struct stats_calendar *c, ts_t at,
		      enum stats_by by, struct error *err);

/* The people held at an instant, by group (stats_detained()). */
struct view_detained {
	int64_t total;
	int64_t *counts; /* owned: n, by group of the breakdown */
	size_t n;
};

/* Count the people held at `at` in s by `by` into *out, which the caller
 * frees with view_detained_free() (on failure too). ERR_NOMEM. */
int view_detained_at(const struct stats_snapshot *s, ts_t at, enum stats_by by, struct view_detained *out,
		     struct error *err);

void view_detained_free(struct view_detained *d);

/* `stats detained --json`: {"at", "detained", "groups": {GROUP: N}} (the
 * groups with anyone, none without a breakdown). */
int view_stats_detained(FILE *out, const struct stats_snapshot *s, ts_t at, enum stats_by by,
			struct error *err);

/* --- the daily population: official --population ----------------------- */

/* The days (from 1970-01-01) of a `official --population` question. */
struct view_population_params {
	int64_t first, last;  /* the days asked for, first <= last */
	const char *facility; /* NULL: the nation */
	bool by_facility;     /* each facility's series (of facility alone, when given) */
};

/* Parse a date of `official --population` (YYYY-MM-DD, from 2000 to 2099,
 * the years the imported data may hold) into *day; ERR_INVALID naming the
 * text otherwise. */
int view_population_day(const char *text, int64_t *day, struct error *err);

enum view_format { VIEW_JSON, VIEW_CSV, VIEW_TEXT };

/* `official --population` (docs/population.md): the midnight population of
 * each day of p that the imported data covers. VIEW_JSON: an array of
 * {"date", "population"}, with by_facility of {"date", "facility", "name",
 * "population"}, by date then facility code; VIEW_CSV: the header
 * "date,population" (or "date,facility,name,population") and a line per
 * element; VIEW_TEXT: the same as columns. ERR_NOTFOUND when nothing was
 * imported, or nothing of p->facility. */
int view_population(FILE *out, struct ledger *l, const struct view_population_params *p, enum view_format format,
		    struct error *err);

/* --- ICE's figures: official, report ------------------------------------ */

/* The names of ICE's ATD technologies (official.h): "app", "ankle",
 * "wrist", "phone", "none", "dual". */
extern const char *const view_ice_tech_names[ICE_TECHS];

/* Whether name is one of the tables of `official --table` (facilities,
 * book_ins, book_outs, adp, alos, detained, removals, atd, court); NULL
 * (every table) is one. */
bool view_official_table_known(const char *name);

/* Whether table `name` of o is to be shown: o has it, and it is `table`
 * or table is NULL (all). */
bool view_official_shows(const struct ice_official *o, const char *table, const char *name);

/* Load into o (which the caller frees with ice_official_free(), on
 * failure too) the official figures of fiscal year fy imported into l;
 * ERR_NOTFOUND when none were. */
int view_load_official(struct ledger *l, int fy, struct ice_official *o, struct error *err);

/* `official --json`: the figures of fiscal year fy imported into l
 * (docs/ice.md): fy, tables, and every table (or only `table`, one of
 * view_official_table_known(), when not NULL). ERR_NOTFOUND when none
 * were imported. */
int view_official(FILE *out, struct ledger *l, int fy, const char *table, struct error *err);

/* What `report` is asked for. */
struct view_report_params {
	int fy;
	const struct stats_calendar *days; /* the days of the year in the report's zone (stats_fiscal_year()) */
	ts_t as_of;                        /* the figures' instant, at most the year's last */
	const char *table;                 /* a table of official, or "cohorts"; NULL: all */
	bool suppress;                     /* --public: counts from 1 to 9 by AOR or facility read "<10" */
	const struct ice_official *official; /* ICE's figures to set beside (view_load_official()), or NULL */
};

/* The ledger's figures of a year. */
struct view_report {
	struct ice_official ledger;
	struct ice_cohorts cohorts;
};

/* Compute ICE's tables and the cohorts of p->fy from snapshot s (its
 * facilities named from reg) into *out, which the caller frees with
 * view_report_free(). ERR_NOMEM, with nothing left to free. */
int view_report_compute(const struct stats_snapshot *s, const struct facility_registry *reg,
			const struct view_report_params *p, struct view_report *out, struct error *err);

void view_report_free(struct view_report *r);

/* `report --json` of r: {"fy", "at", "ledger", "official" (with
 * p->official), "cohorts" (unless p->table names another table)}. */
int view_report_write(FILE *out, const struct view_report *r, const struct view_report_params *p,
		      struct error *err);

/* view_report_compute() and view_report_write() in one call. */
int view_report(FILE *out, const struct stats_snapshot *s, const struct facility_registry *reg,
		const struct view_report_params *p, struct error *err);

#endif
