/* custody import-population: the Deportation Data Project's facility daily
 * population table (CSV, gzip-compressed or not) into the ledger as
 * reference data (docs/population.md). One transaction: all of it or
 * nothing. */
#include "commands.h"
#include "gzstream.h"

#define PROGRESS_SECONDS 2.0
#define PROGRESS_ROWS 65536 /* rows between looks at the clock */

struct import {
	const char *path;
	struct gzstream *in;
	struct store_population_writer *w;
	uint64_t rows, outcomes[3]; /* by enum store_population_outcome */
	bool quiet;
	double started, last_progress;
};

static void progress(struct import *im, bool last)
{
	double now = cli_seconds();
	if (im->quiet || (!last && now - im->last_progress < PROGRESS_SECONDS) ||
	    (last && im->last_progress == im->started))
		return;
	im->last_progress = now;
	fprintf(stderr, "import-population: %llu rows, %.1f MiB read, %.0f rows/s%s\n", (unsigned long long)im->rows,
		(double)gzstream_offset(im->in) / (1 << 20), (double)im->rows / (now > im->started ? now - im->started : 1),
		last ? " (done)" : "");
}

/* population_sink: a row into the ledger. */
static int put_row(void *ctx, const struct population_row *r, struct error *err)
{
	struct import *im = ctx;
	enum store_population_outcome outcome;
	int rc = store_population_put(im->w, r, &outcome, err);
	if (rc)
		return error_prefix(err, rc, "%s: line %llu: ", im->path, (unsigned long long)r->line);
	im->outcomes[outcome]++;
	if (++im->rows % PROGRESS_ROWS == 0)
		progress(im, false);
	return 0;
}

/* population_sink: a facility's latest name into the ledger. */
static int put_name(void *ctx, const struct population_facility *f, struct error *err)
{
	const struct import *im = ctx;
	return store_population_name(im->w, f, err);
}

static int import(struct ledger *l, struct import *im, struct population_summary *sum, struct error *err)
{
	int rc = ledger_begin(l, err);
	if (rc)
		return rc;
	const struct population_sink sink = {put_row, put_name, im};
	if ((rc = store_population_writer_open(ledger_store(l), &im->w, err)) == 0 &&
	    (rc = population_parse(gzstream_read, im->in, im->path, &sink, sum, err)) == 0)
		rc = ledger_commit(l, err);
	store_population_writer_close(im->w);
	if (rc)
		ledger_rollback(l);
	return rc;
}

int cmd_import_population(struct cli *cli, int argc, char **argv)
{
	struct import im = {0};
	const struct cli_option opts[] = {{"quiet", &im.quiet, NULL, 0}, {NULL, NULL, NULL, 0}};
	char *pos[1];
	int npos;
	int rc = cli_parse("import-population", argc, argv, opts, pos, 1, &npos);
	if (rc)
		return cli_done(rc);
	if (npos != 1)
		return cli_usage_error("import-population", "%s",
				       "which file? (the facility daily population table, .csv or .csv.gz; - for "
				       "standard input)");
	im.path = pos[0];
	struct ledger *l;
	if ((rc = cli_open(cli, STORE_OPEN, &l)))
		return rc;
	struct error err;
	struct population_summary sum = {0};
	if ((rc = gzstream_open(im.path, &im.in, &err)) == 0) {
		im.started = im.last_progress = cli_seconds();
		rc = import(l, &im, &sum, &err);
		if (rc == 0)
			progress(&im, true);
	}
	if (rc == 0) {
		char first[DATE_TEXT_MAX] = "-", last[DATE_TEXT_MAX] = "-";
		if (sum.rows) {
			ts_format_date(sum.first * TS_DAY, first);
			ts_format_date(sum.last * TS_DAY, last);
		}
		printf("%s: %llu rows, %zu facilities, %s to %s: %llu new, %llu changed, %llu unchanged\n", im.path,
		       (unsigned long long)sum.rows, sum.facilities, first, last,
		       (unsigned long long)im.outcomes[STORE_POPULATION_NEW],
		       (unsigned long long)im.outcomes[STORE_POPULATION_CHANGED],
		       (unsigned long long)im.outcomes[STORE_POPULATION_SAME]);
	}
	gzstream_close(im.in);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}
