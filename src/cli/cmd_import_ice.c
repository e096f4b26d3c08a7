/* custody import-ice: ICE's detention-statistics workbook into the ledger:
 * its facilities as facility_open events, its figures as reference data
 * (docs/ice.md). One transaction: all of it or nothing. Reference data
 * never changes an operational ledger by surprise: a facility the ledger
 * has keeps its details unless --update-facilities; --dry-run stores
 * nothing. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "calendar.h"
#include "commands.h"
#include "facility_id.h"
#include "figures.h"
#include "labels.h"
#include "workbook.h"

struct import {
	const char *path;
	bool dry_run, update;
	ts_t now;
	struct ledger *l;
	const struct ice_official *o;
	char digest[17]; /* of the year's figures (release_figures) */
};

struct counts {
	long opened, unchanged, kept, updated, skipped, matched;
};

/* The facility_open event of f as JSON text (malloc'd), or NULL: id
 * ice-fyN-facility-CODE at 1 October N-1 when it opens the facility; with
 * a suffix, at the import's instant, when it changes one. */
static char *facility_event(const struct import *im, const struct ice_facility *f, bool change)
{
	char id[EVENT_ID_MAX + 1], at[TS_TEXT_MAX];
	int fy = im->o->fy;
	assert(fy >= 2000 && fy <= 2099);
	if (change) {
		snprintf(id, sizeof id, "ice-fy%d-facility-%s-%.8s", fy, f->code, im->digest);
		ts_format(im->now, at);
	} else {
		snprintf(id, sizeof id, "ice-fy%d-facility-%s", fy, f->code);
		stats_format_day(ts_days_from_civil(fy - 1, 10, 1), at);
	}
	json_t *ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "id", id, "type", "facility_open",
			       "at", at, "facility", f->code, "name", f->name, "aor", vocab_word(&vocab_aor, f->aor),
			       "kind", vocab_word(&vocab_facility_kind, f->kind), "capacity",
			       (json_int_t)ice_facility_beds(f), "sex", vocab_word(&vocab_facility_sex, f->sex));
	if (ev && f->city[0])
		json_object_set_new(ev, "city", json_string(f->city));
	if (ev && strlen(f->state) == 2)
		json_object_set_new(ev, "state", json_string(f->state));
	char *text = ev ? json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(ev);
	return text;
}

/* The details the ledger holds for a facility now (its latest facility_open). */
static const struct event *details_of(const struct import *im, const char *code)
{
	const struct facility *fac = facility_find(ledger_facilities(im->l), code);
	struct facility_state st;
	if (!fac)
		return NULL;
	facility_state_at(fac, TS_FOREVER, &st);
	return st.details;
}

/* Whether a and b are the same words, case and punctuation aside ("Graham",
 * "GRAHAM"). */
static bool same_words(const char *a, const char *b)
{
	char ca[ICE_CANON_MAX], cb[ICE_CANON_MAX];
	return strcmp(ice_canon(a, ca, sizeof ca), ice_canon(b, cb, sizeof cb)) == 0;
}

/* Print what differs between the ledger's details d and f's ("capacity
 * 640 -> 700"); returns how many. */
static int changes(const struct event *d, const struct ice_facility *f, bool print)
{
	const char *texts[][3] = {{"name", d->name ? d->name : "", f->name},
				  {"city", d->city ? d->city : "", f->city},
				  {"state", d->state, f->state},
				  {"aor", vocab_word(&vocab_aor, d->aor), vocab_word(&vocab_aor, f->aor)},
				  {"kind", vocab_word(&vocab_facility_kind, d->kind), vocab_word(&vocab_facility_kind, f->kind)},
				  {"sex", vocab_word(&vocab_facility_sex, d->facility_sex),
				   vocab_word(&vocab_facility_sex, f->sex)}};
	int n = 0;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (!same_words(texts[i][1], texts[i][2]) && ++n && print)
			printf("  facility %s: %s \"%s\" -> \"%s\"\n", f->code, texts[i][0], texts[i][1], texts[i][2]);
	if (d->capacity != ice_facility_beds(f) && ++n && print)
		printf("  facility %s: capacity %d -> %lld\n", f->code, d->capacity, (long long)ice_facility_beds(f));
	return n;
}

static int append(struct import *im, const char *json, struct error *err)
{
	if (!json)
		return error_set(err, ERR_NOMEM, "out of memory");
	if (im->dry_run)
		printf("  would append %s\n", json);
	enum ledger_outcome outcome;
	return ledger_append_json(im->l, json, strlen(json), &outcome, NULL, err);
}

/* One facility: opened when the ledger does not have it; else left as it
 * is, or with --update-facilities re-stated with each change printed. */
static int import_facility(struct import *im, const struct ice_facility *f, struct counts *n, struct error *err)
{
	if (f->aor == UNSET) {
		fprintf(stderr, "custody: import-ice: facility %s (%s) has no AOR custody knows: not imported\n", f->code,
			f->name);
		n->skipped++;
		return 0;
	}
	const struct event *d = details_of(im, f->code);
	bool open = !d;
	if (d && changes(d, f, false) == 0) {
		n->unchanged++;
		return 0;
	}
	if (d && !im->update) {
		n->kept++;
		return 0;
	}
	if (d)
		changes(d, f, true);
	char *json = facility_event(im, f, !open);
	int rc = append(im, json, err);
	free(json);
	if (rc)
		return error_prefix(err, rc, "facility %s (%s): ", f->code, f->name);
	open ? n->opened++ : n->updated++;
	return 0;
}

/* ------------------------------------------------------------------ facility codes */

struct known_list {
	struct ice_known *items;
	size_t n, cap;
	char **copies; /* owned: the strings of the daily population's facilities */
	size_t n_copies, cap_copies;
	const struct facility_registry *reg;
};

static int add_known(struct known_list *k, struct ice_known item, struct error *err)
{
	if (array_grow((void **)&k->items, &k->cap, k->n, sizeof *k->items, err))
		return ERR_NOMEM;
	k->items[k->n++] = item;
	return 0;
}

/* A copy of s that k owns (NULL when out of memory). */
static char *keep(struct known_list *k, const char *s, struct error *err)
{
	char *copy = strdup(s ? s : "");
	if (!copy || array_grow((void **)&k->copies, &k->cap_copies, k->n_copies, sizeof *k->copies, err)) {
		free(copy);
		error_set(err, ERR_NOMEM, "out of memory");
		return NULL;
	}
	return k->copies[k->n_copies++] = copy;
}

/* store_population_facility_fn: a facility of the daily population that
 * the ledger does not have, known by ICE's own code (its state is the
 * code's last two letters: facility_id.h). */
static int add_population_facility(void *ctx, const char *code, const char *name, struct error *err)
{
	struct known_list *k = ctx;
	if (facility_find(k->reg, code))
		return 0;
	const char *c = keep(k, code, err), *n = c ? keep(k, name, err) : NULL;
	return n ? add_known(k, (struct ice_known){c, n, NULL, NULL}, err) : ERR_NOMEM;
}

static void known_free(struct known_list *k)
{
	for (size_t i = 0; i < k->n_copies; i++)
		free(k->copies[i]);
	free(k->copies);
	free(k->items);
}

/* Every facility of the ledger, with its latest details, then every
 * facility of the imported daily population (ICE's codes), as known codes. */
static int known_facilities(const struct import *im, struct known_list *k, struct error *err)
{
	const struct facility_registry *reg = ledger_facilities(im->l);
	k->reg = reg;
	for (size_t i = 0; i < reg->n; i++) {
		const struct event *d = details_of(im, reg->items[i].code);
		if (d && add_known(k, (struct ice_known){reg->items[i].code, d->name ? d->name : "", d->city, d->state},
				   err))
			return ERR_NOMEM;
	}
	return store_population_facilities(ledger_store(im->l), add_population_facility, k, err);
}

static bool code_used(const struct ice_official *o, size_t before, const char *code)
{
	for (size_t i = 0; i < before; i++)
		if (strcmp(o->facilities[i].code, code) == 0)
			return true;
	return false;
}

/* Facility i's code: the sheet's when it gives one; else a known
 * facility's of the same name and state; else its derived code, varied
 * while the ledger has that code for another place (printed). */
static int resolve_code(struct import *im, struct ice_facility *f, size_t i, const struct known_list *k,
			struct counts *n, struct error *err)
{
	if (f->code_given)
		return 0; /* the sheet's own code */
	long m = ice_facility_match(f->name, f->city, f->state, k->items, k->n);
	if (m >= 0 && !code_used(im->o, i, k->items[m].code)) {
		snprintf(f->code, sizeof f->code, "%s", k->items[m].code);
		n->matched++;
		return 0;
	}
	for (unsigned salt = 1; salt < 100; salt++) {
		const struct event *d = details_of(im, f->code);
		if ((!d || ice_same_place(d->name, d->state, f->name, f->state)) && !code_used(im->o, i, f->code)) {
			if (!d && k->n > 0)
				fprintf(stderr, "custody: import-ice: facility \"%s\" (%s): no facility of the ledger has its "
						"name and state: code %s\n", f->name, f->state[0] ? f->state : "no state", f->code);
			return 0;
		}
		char was[FACILITY_CODE_MAX + 1];
		snprintf(was, sizeof was, "%s", f->code);
		int rc = ice_facility_derive(f->name, f->state, salt, f->code, err);
		if (rc)
			return rc;
		fprintf(stderr, "custody: import-ice: facility \"%s\" (%s): code %s is another place's in the ledger: %s\n",
			f->name, f->state, was, f->code);
	}
	return error_set(err, ERR_INVALID, "facility \"%s\": every code derived is taken", f->name);
}

static int resolve_codes(struct import *im, struct ice_official *o, struct counts *n, struct error *err)
{
	struct known_list k = {0};
	int rc = known_facilities(im, &k, err);
	for (size_t i = 0; rc == 0 && i < o->n_facilities; i++)
		rc = resolve_code(im, &o->facilities[i], i, &k, n, err);
	known_free(&k);
	return rc;
}

/* ------------------------------------------------------------------ figures */

/* The figures of o as the store's rows (pointing into o and static names),
 * and their digest. */
struct rows {
	struct store_figure *items;
	size_t n, cap;
	uint64_t h;
};

static uint64_t fnv(const void *p, size_t len, uint64_t h)
{
	for (const unsigned char *c = p; len--; c++)
		h = (h ^ *c) * 1099511628211u;
	return h;
}

static int collect(void *ctx, const char *tbl, const char *grp, const char *sub, int month, double value,
		   const char *text, struct error *err)
{
	struct rows *r = ctx;
	if (array_grow((void **)&r->items, &r->cap, r->n, sizeof *r->items, err))
		return ERR_NOMEM;
	r->items[r->n++] = (struct store_figure){tbl, grp, sub, month, value, text};
	char line[512];
	int len = snprintf(line, sizeof line, "%s|%s|%s|%d|%.17g|%s\n", tbl, grp, sub, month, value, text ? text : "");
	r->h = fnv(line, len > 0 && (size_t)len < sizeof line ? (size_t)len : sizeof line - 1, r->h);
	return 0;
}

enum figures_outcome { FIGURES_STORED, FIGURES_SAME, FIGURES_OLDER };

/* Replace the year's figures unless the ledger holds a later release of
 * the year (docs/ice.md, releases): its release instant later, or the same
 * with a larger digest; the same digest is the same figures. */
static int put_figures(struct import *im, struct rows *rows, char held[STORE_RELEASE_MAX],
		       enum figures_outcome *out, struct error *err)
{
	const struct ice_official *o = im->o;
	char held_digest[STORE_RELEASE_MAX];
	int rc = store_official_release(ledger_store(im->l), o->fy, held, held_digest, err);
	if (rc)
		return rc;
	int order = strcmp(held, o->released);
	if (strcmp(held_digest, im->digest) == 0)
		*out = FIGURES_SAME;
	else if (held_digest[0] && (order > 0 || (order == 0 && strcmp(held_digest, im->digest) > 0)))
		*out = FIGURES_OLDER;
	else
		*out = FIGURES_STORED;
	if (*out != FIGURES_STORED)
		return 0;
	if (array_grow((void **)&rows->items, &rows->cap, rows->n, sizeof *rows->items, err))
		return ERR_NOMEM;
	rows->items[rows->n++] = (struct store_figure){"release", "", "digest", -1, 0, im->digest};
	return store_official_put(ledger_store(im->l), o->fy, rows->items, rows->n, err);
}

static void report(const struct import *im, const struct counts *n, size_t figures, enum figures_outcome fig,
		   const char *held)
{
	const struct ice_official *o = im->o;
	printf("%sfiscal year %d (release of %s): %zu facilities: opened %ld, already as in the ledger %ld, "
	       "%s %ld, skipped %ld; %ld matched a facility of the ledger by name and state\n",
	       im->dry_run ? "dry run, nothing stored: " : "", o->fy, o->released[0] ? o->released : "unknown date",
	       o->n_facilities, n->opened, n->unchanged, im->update ? "updated" : "differing but left as they are",
	       im->update ? n->updated : n->kept, n->skipped, n->matched);
	if (fig == FIGURES_STORED)
		printf("%zu official figures %s\n", figures, im->dry_run ? "would replace the year's" : "stored");
	else if (fig == FIGURES_SAME)
		printf("official figures: the same as those imported before: nothing stored\n");
	else
		printf("official figures: kept the later release of %s already imported\n", held[0] ? held : "unknown date");
	if (n->kept)
		printf("(import-ice --update-facilities changes the facilities that differ, printing each change)\n");
}

static int import(struct import *im, struct ice_official *o, struct error *err)
{
	struct counts n = {0};
	struct rows rows = {.h = 14695981039346656037u};
	enum figures_outcome fig = FIGURES_STORED;
	char held[STORE_RELEASE_MAX] = "";
	int rc = ledger_begin(im->l, err);
	if (rc)
		return rc;
	if ((rc = resolve_codes(im, o, &n, err)) == 0 && (rc = ice_figures_each(o, collect, &rows, err)) == 0) {
		snprintf(im->digest, sizeof im->digest, "%016llx", (unsigned long long)rows.h);
		for (size_t i = 0; rc == 0 && i < o->n_facilities; i++)
			rc = import_facility(im, &o->facilities[i], &n, err);
	}
	if (rc == 0)
		rc = put_figures(im, &rows, held, &fig, err);
	if (rc == 0 && !im->dry_run)
		rc = ledger_commit(im->l, err);
	else
		ledger_rollback(im->l);
	if (rc == 0)
		report(im, &n, rows.n, fig, held);
	free(rows.items);
	return rc;
}

int cmd_import_ice(struct cli *cli, int argc, char **argv)
{
	const char *fy_text = NULL;
	struct import im = {.now = cli->now};
	const struct cli_option opts[] = {{"fy", NULL, &fy_text, 0},
					  {"dry-run", &im.dry_run, NULL, 0},
					  {"update-facilities", &im.update, NULL, 0},
					  {NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos;
	long fy = 0;
	int rc = cli_parse("import-ice", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	if (npos != 1)
		return cli_usage_error("import-ice", "%s", "which workbook? (an .xlsx file)");
	if ((rc = cli_fiscal_year("import-ice", fy_text, false, &fy)))
		return rc;
	struct error err;
	struct ice_official o;
	im.path = pos[0];
	im.o = &o;
	if ((rc = ice_read(pos[0], (int)fy, &o, &err)) == 0 && (o.fy < 2000 || o.fy > 2099))
		rc = error_set(&err, ERR_INVALID, "%s: fiscal year %d: custody takes fiscal years 2000 to 2099", pos[0],
			       o.fy);
	if (rc) {
		ice_official_free(&o);
		return cli_fail(&err);
	}
	for (size_t i = 0; i < o.n_warnings; i++)
		fprintf(stderr, "custody: import-ice: warning: %s: %s\n", pos[0], o.warnings[i]);
	if ((rc = cli_open(cli, STORE_OPEN, &im.l))) {
		ice_official_free(&o);
		return rc;
	}
	rc = import(&im, &o, &err);
	ledger_close(im.l);
	ice_official_free(&o);
	return rc ? cli_fail(&err) : EXIT_OK;
}
