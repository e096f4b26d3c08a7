/* custody generate: a synthetic national event stream from the flow model. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "engine.h"

struct writer {
	FILE *out;
	bool quiet;
	uint64_t written;
	time_t last_progress;
};

/* sim_emit_fn: one NDJSON line per event. */
static int write_event(void *ctx, const struct event *ev, struct error *err)
{
	struct writer *w = ctx;
	char line[EVENT_TEXT_MAX];
	size_t n = event_format(ev, line, sizeof line);
	if (n == 0)
		return error_set(err, ERR_NOMEM, "event %s does not serialise", ev->id);
	line[n] = '\n';
	if (fwrite(line, 1, n + 1, w->out) != n + 1)
		return error_set(err, ERR_IO, "writing the events: %s", strerror(errno));
	if ((++w->written & 0xFFFF) == 0 && !w->quiet && time(NULL) - w->last_progress >= 2) {
		w->last_progress = time(NULL);
		char at[TS_TEXT_MAX];
		fprintf(stderr, "generate: %llu events, at %s\n", (unsigned long long)w->written, ts_format(ev->at, at));
	}
	return 0;
}

static int number(const char *option, const char *text, double min, double max, double *out)
{
	if (!text)
		return 0; /* keep the default */
	char *end;
	errno = 0;
	*out = strtod(text, &end);
	if (errno || end == text || *end || *out < min || *out > max) {
		fprintf(stderr, "custody generate: %s: \"%s\" is not a number in %g..%g\n", option, text, min, max);
		return EXIT_USAGE;
	}
	return 0;
}

static int run(const struct profile *p, const struct sim_options *o, const char *path, bool quiet)
{
	struct writer w = {.out = path ? fopen(path, "w") : stdout, .quiet = quiet, .last_progress = time(NULL)};
	if (!w.out) {
		fprintf(stderr, "custody: %s: %s\n", path, strerror(errno));
		return EXIT_IO;
	}
	static char buffer[1 << 20];
	setvbuf(w.out, buffer, _IOFBF, sizeof buffer);
	struct error err;
	int rc = sim_run(p, o, write_event, &w, NULL, &err) ? cli_fail(&err) : EXIT_OK;
	if ((path ? fclose(w.out) : fflush(w.out)) != 0 && rc == EXIT_OK) {
		fprintf(stderr, "custody: writing %s: %s\n", path ? path : "standard output", strerror(errno));
		rc = EXIT_IO;
	}
	if (rc == EXIT_OK && !quiet)
		fprintf(stderr, "generate: %llu events\n", (unsigned long long)w.written);
	return rc;
}

int cmd_generate(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	const char *profile = "fy2025", *from = NULL, *days = NULL, *scale = NULL, *seed = NULL, *out = NULL;
	bool quiet = false;
	const struct cli_option opts[] = {
		{"profile", NULL, &profile, 0}, {"from", NULL, &from, 0},  {"days", NULL, &days, 0},
		{"scale", NULL, &scale, 0},	{"seed", NULL, &seed, 0},  {"output", NULL, &out, 'o'},
		{"quiet", &quiet, NULL, 0},	{NULL, NULL, NULL, 0}};
	int npos;
	int rc = cli_parse("generate", argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	struct profile p;
	struct error err;
	if (profile_load(profile, &p, &err)) {
		profile_free(&p);
		return cli_fail(&err);
	}
	struct sim_options o = {.seed = 1, .scale = 1, .from = p.from, .days = p.days};
	double n_days = o.days, n_scale = o.scale, n_seed = 1;
	if ((rc = number("--days", days, 1, 36600, &n_days)) || (rc = number("--scale", scale, 1e-6, 100, &n_scale)) ||
	    (rc = number("--seed", seed, 0, 9007199254740992.0, &n_seed)) ||
	    (from && (rc = cli_time("--from", from, &o.from)))) {
		profile_free(&p);
		return rc;
	}
	o.from = ts_floor_day(o.from);
	if (o.from + (ts_t)n_days * TS_DAY - 1 > BOUND_TIME_MAX) {
		profile_free(&p);
		return cli_usage_error("generate", "%s",
				       "--from and --days: the days would run past 2099-12-31, the last date custody "
				       "accepts (docs/cli.md, Bounds)");
	}
	o.days = (int)n_days;
	o.scale = n_scale;
	o.seed = (uint64_t)n_seed;
	rc = run(&p, &o, out, quiet);
	profile_free(&p);
	return rc;
}
