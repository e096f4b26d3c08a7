/* custody ingest: append NDJSON events from files or standard input. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "reader.h"

#define ERRORS_SHOWN 100
#define PROGRESS_SECONDS 2.0

struct ingest {
	struct ledger *ledger;
	ts_t now;
	bool skip_invalid, quiet, several_files;
	FILE *rejects;
	long batch;
	uint64_t lines, stored, duplicates, rejected, since_commit;
	uint64_t committed; /* stored and durable (--skip-invalid batches) */
	double started, last_progress;
};

static void progress(struct ingest *in, bool last)
{
	double now = cli_seconds();
	if (in->quiet || (!last && now - in->last_progress < PROGRESS_SECONDS) ||
	    (last && in->last_progress == in->started))
		return;
	in->last_progress = now;
	double rate = (double)in->lines / (now - in->started > 0 ? now - in->started : 1);
	fprintf(stderr, "ingest: %llu lines, %llu stored, %llu duplicates, %llu rejected, %.0f lines/s%s\n",
		(unsigned long long)in->lines, (unsigned long long)in->stored,
		(unsigned long long)in->duplicates, (unsigned long long)in->rejected, rate,
		last ? " (done)" : "");
}

/* Report a rejected line on stderr and in the rejects file, unchanged
 * whatever its length (the reader keeps the lines too long). */
static int reject(struct ingest *in, const char *file, struct reader *r, const struct parsed_line *p,
		  const char *id, const char *msg)
{
	char where[512];
	snprintf(where, sizeof where, "%s%sline %llu%s%s%s", in->several_files ? file : "",
		 in->several_files ? ": " : "", (unsigned long long)p->number, id[0] ? " (id " : "", id,
		 id[0] ? ")" : "");
	in->rejected++;
	if (in->rejected <= ERRORS_SHOWN)
		fprintf(stderr, "%s: %s\n", where, msg);
	else if (in->rejected == ERRORS_SHOWN + 1)
		fprintf(stderr, "(further errors are not shown%s)\n", in->rejects ? "; see the rejects file" : "");
	if (in->rejects && (fprintf(in->rejects, "# %s: %s\n", where, msg) < 0 ||
			    reader_copy_line(r, p, in->rejects) || fputc('\n', in->rejects) == EOF)) {
		fprintf(stderr, "custody: writing the rejects file: %s\n", strerror(errno));
		return EXIT_IO;
	}
	return 0;
}

static int commit_batch(struct ingest *in)
{
	struct error err;
	int rc = ledger_commit(in->ledger, &err);
	if (rc == 0) {
		in->committed = in->stored;
		rc = ledger_begin(in->ledger, &err);
	}
	in->since_commit = 0;
	return rc ? cli_fail(&err) : 0;
}

static int ingest_line(struct ingest *in, const char *file, struct reader *r, struct parsed_line *p)
{
	struct error err;
	enum ledger_outcome outcome;
	char id[EVENT_ID_MAX + 1];
	strcpy(id, p->ev.id); /* the ledger may take the event's fields */
	in->lines++;
	int rc = p->rc;
	if (rc == 0)
		rc = ledger_append_event(in->ledger, &p->ev, p->text, p->len, &outcome, &err);
	if (rc == ERR_IO || rc == ERR_NOMEM)
		return cli_fail(&err);
	if (rc)
		return reject(in, file, r, p, id, p->rc ? p->msg : err.msg);
	if (outcome == LEDGER_STORED)
		in->stored++;
	else
		in->duplicates++;
	if (in->skip_invalid && ++in->since_commit >= (uint64_t)in->batch)
		return commit_batch(in);
	return 0;
}

static int ingest_stream(struct ingest *in, const char *file, FILE *f)
{
	struct reader *r;
	if (reader_start(f, in->now, in->rejects != NULL, &r)) {
		fprintf(stderr, "custody: cannot start the reader thread (or its temporary file)\n");
		return EXIT_IO;
	}
	struct parsed_line *p;
	int got, rc = 0;
	while (rc == 0 && (got = reader_next(r, &p)) == 1) {
		rc = ingest_line(in, file, r, p);
		if ((in->lines & 4095) == 0)
			progress(in, false);
	}
	if (rc == 0 && got < 0) {
		fprintf(stderr, "custody: reading %s: %s\n", file, strerror(errno));
		rc = EXIT_IO;
	}
	reader_stop(r);
	return rc;
}

static int ingest_file(struct ingest *in, const char *path)
{
	if (strcmp(path, "-") == 0)
		return ingest_stream(in, "stdin", stdin);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "custody: %s: %s\n", path, strerror(errno));
		return EXIT_IO;
	}
	int rc = ingest_stream(in, path, f);
	fclose(f);
	return rc;
}

/* Run every file inside the transaction; commit or roll back at the end. */
static int ingest_all(struct ingest *in, char **files, int nfiles)
{
	struct error err;
	int rc = ledger_begin(in->ledger, &err) ? cli_fail(&err) : 0;
	for (int i = 0; rc == 0 && i < nfiles; i++)
		rc = ingest_file(in, files[i]);
	if (rc == 0 && in->rejected && !in->skip_invalid) {
		ledger_rollback(in->ledger);
		fprintf(stderr, "custody: nothing stored: %llu line%s rejected and ingest is all-or-nothing "
				"(--skip-invalid stores the valid ones)\n",
			(unsigned long long)in->rejected, in->rejected == 1 ? "" : "s");
		in->stored = 0;
		return EXIT_INVALID;
	}
	if (rc == 0 && ledger_commit(in->ledger, &err))
		rc = cli_fail(&err);
	if (rc) {
		ledger_rollback(in->ledger);
		in->stored = in->committed;
	}
	return rc ? rc : in->rejected ? EXIT_INVALID : EXIT_OK;
}

int cmd_ingest(struct cli *cli, int argc, char **argv)
{
	struct ingest in = {.batch = 50000};
	const char *rejects = NULL, *batch = NULL, *cache = NULL;
	long cache_mb = 0;
	const struct cli_option opts[] = {
		{"skip-invalid", &in.skip_invalid, NULL, 0}, {"rejects", NULL, &rejects, 0},
		{"batch", NULL, &batch, 0}, {"quiet", &in.quiet, NULL, 0}, {"cache-mb", NULL, &cache, 0},
		{NULL, NULL, NULL, 0}};
	char **files = calloc((size_t)argc + 1, sizeof *files);
	int nfiles, rc = files ? cli_parse("ingest", argc, argv, opts, files, argc, &nfiles) : EXIT_IO;
	if (rc == 0 && nfiles == 0)
		rc = cli_usage_error("ingest", "no input files (use - for standard input)%s", "");
	if (rc == 0 && rejects && !in.skip_invalid)
		rc = cli_usage_error("ingest", "--rejects needs --skip-invalid%s", "");
	if (rc == 0)
		rc = cli_number("ingest", "--batch", batch, 1, 100000000, &in.batch);
	if (rc == 0)
		rc = cli_number("ingest", "--cache-mb", cache, 16, 1 << 20, &cache_mb);
	if (rc == 0 && rejects && !(in.rejects = fopen(rejects, "w"))) {
		fprintf(stderr, "custody: %s: %s\n", rejects, strerror(errno));
		rc = EXIT_IO;
	}
	if (rc == 0 && (rc = cli_open(cli, STORE_OPEN, &in.ledger)) == 0) {
		if (cache_mb)
			ledger_set_cache_budget(in.ledger, (size_t)cache_mb << 20);
		in.several_files = nfiles > 1;
		in.now = cli->now;
		in.started = in.last_progress = cli_seconds();
		rc = ingest_all(&in, files, nfiles);
		progress(&in, true);
		ledger_close(in.ledger);
		printf("stored %llu, duplicates %llu, rejected %llu\n", (unsigned long long)in.stored,
		       (unsigned long long)in.duplicates, (unsigned long long)in.rejected);
	}
	if (in.rejects && fclose(in.rejects) != 0 && rc == 0) {
		fprintf(stderr, "custody: %s: %s\n", rejects, strerror(errno));
		rc = EXIT_IO;
	}
	free(files);
	return cli_done(rc);
}
