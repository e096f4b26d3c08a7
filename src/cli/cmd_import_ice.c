/* custody import-ice: ICE's detention-statistics workbook into the ledger:
 * its facilities as facility_open events, its figures as reference data
 * (docs/ice.md). One transaction: all of it or nothing. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "commands.h"
#include "figures.h"
#include "calendar.h"
#include "workbook.h"

/* The facility_open event of row f, as JSON text (malloc'd), or NULL. */
static char *facility_event(int fy, const struct ice_facility *f)
{
	char id[EVENT_ID_MAX + 1], at[DATE_TEXT_MAX];
	assert(fy >= 2000 && fy <= 2099);
	snprintf(id, sizeof id, "ice-fy%d-facility-%s", fy, f->code);
	stats_format_day(ts_days_from_civil(fy - 1, 10, 1), at);
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

struct counts {
	long stored, duplicates, skipped, kept;
};

static int import_facilities(struct ledger *l, const struct ice_official *o, struct counts *n, struct error *err)
{
	for (size_t i = 0; i < o->n_facilities; i++) {
		const struct ice_facility *f = &o->facilities[i];
		if (f->aor == UNSET) {
			fprintf(stderr, "custody: import-ice: facility %s (%s) has no AOR custody knows: not imported\n",
				f->code, f->name);
			n->skipped++;
			continue;
		}
		char *json = facility_event(o->fy, f);
		if (!json)
			return error_set(err, ERR_NOMEM, "out of memory");
		enum ledger_outcome outcome;
		int rc = ledger_append_json(l, json, strlen(json), &outcome, NULL, err);
		free(json);
		if (rc == ERR_CONFLICT) {
			/* a later release of the same year: the facility as first imported stays */
			fprintf(stderr, "custody: import-ice: facility %s: the ledger holds other details for fiscal "
					"year %d (an earlier release of the workbook): kept\n",
				f->code, o->fy);
			n->kept++;
			continue;
		}
		if (rc)
			return error_prefix(err, rc, "facility %s (%s): ", f->code, f->name);
		if (outcome == LEDGER_STORED)
			n->stored++;
		else
			n->duplicates++;
	}
	return 0;
}

/* The figures of o as the store's rows (pointing into o and static names). */
struct rows {
	struct store_figure *items;
	size_t n, cap;
};

static int collect(void *ctx, const char *tbl, const char *grp, const char *sub, int month, double value,
		   const char *text, struct error *err)
{
	struct rows *r = ctx;
	if (array_grow((void **)&r->items, &r->cap, r->n, sizeof *r->items, err))
		return ERR_NOMEM;
	r->items[r->n++] = (struct store_figure){tbl, grp, sub, month, value, text};
	return 0;
}

static int import(struct ledger *l, const struct ice_official *o, struct counts *n, size_t *figures,
		  struct error *err)
{
	struct rows rows = {0};
	int rc = ledger_begin(l, err);
	if (rc)
		return rc;
	if ((rc = import_facilities(l, o, n, err)) == 0 && (rc = ice_figures_each(o, collect, &rows, err)) == 0 &&
	    (rc = store_official_put(ledger_store(l), o->fy, rows.items, rows.n, err)) == 0)
		rc = ledger_commit(l, err);
	if (rc)
		ledger_rollback(l);
	*figures = rows.n;
	free(rows.items);
	return rc;
}

int cmd_import_ice(struct cli *cli, int argc, char **argv)
{
	const char *fy_text = NULL;
	const struct cli_option opts[] = {{"fy", NULL, &fy_text, 0}, {NULL, NULL, NULL, 0}};
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
	if ((rc = ice_read(pos[0], (int)fy, &o, &err)) == 0 && (o.fy < 2000 || o.fy > 2099))
		rc = error_set(&err, ERR_INVALID, "%s: fiscal year %d: custody takes fiscal years 2000 to 2099", pos[0],
			       o.fy);
	if (rc) {
		ice_official_free(&o);
		return cli_fail(&err);
	}
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l))) {
		ice_official_free(&o);
		return rc;
	}
	struct counts n = {0};
	size_t figures = 0;
	rc = import(l, &o, &n, &figures, &err);
	if (rc == 0)
		printf("fiscal year %d: %zu facilities (stored %ld, already there %ld, kept as imported before %ld, "
		       "skipped %ld), %zu official figures\n",
		       o.fy, o.n_facilities, n.stored, n.duplicates, n.kept, n.skipped, figures);
	ledger_close(l);
	ice_official_free(&o);
	return rc ? cli_fail(&err) : EXIT_OK;
}
