#include "cli.h"
#include "textfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_status(int code)
{
	switch (code) {
	case ERR_OK:
		return EXIT_OK;
	case ERR_INVALID:
	case ERR_REJECTED:
	case ERR_CONFLICT:
	case ERR_NOTFOUND:
		return EXIT_INVALID;
	default:
		return EXIT_IO;
	}
}

int cli_fail(const struct error *err)
{
	fprintf(stderr, "custody: %s\n", err->msg);
	return cli_status(err->code);
}

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void cli_usage(FILE *out, const struct command *cmd)
{
	fprintf(out, "usage: custody [--db PATH] %s%s%s\n", cmd->name, cmd->usage[0] ? " " : "", cmd->usage);
}

int cli_usage_error(const char *command, const char *fmt, const char *what)
{
	fprintf(stderr, "custody %s: ", command);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	const struct command *cmd = find_command(command);
	if (cmd)
		cli_usage(stderr, cmd);
	return EXIT_USAGE;
}

static const struct cli_option *find_option(const struct cli_option *opts, const char *name, size_t len)
{
	for (const struct cli_option *o = opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

/* The option whose one-letter alias is arg ("-o"), or NULL. */
static const struct cli_option *find_letter(const struct cli_option *opts, const char *arg)
{
	for (const struct cli_option *o = opts; o && o->name && arg[1] && !arg[2]; o++)
		if (o->letter == arg[1])
			return o;
	return NULL;
}

int cli_parse(const char *command, int argc, char **argv, const struct cli_option *opts, char **pos,
	      int max_pos, int *npos)
{
	*npos = 0;
	bool options_done = false;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (*npos == max_pos)
				return cli_usage_error(command, "unexpected argument \"%s\"", arg);
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			const struct command *cmd = find_command(command);
			if (cmd) {
				cli_usage(stdout, cmd);
				printf("\n%s\n", cmd->help);
			}
			return -1;
		}
		const char *name = arg + 2, *eq = strchr(name, '=');
		const struct cli_option *o = strncmp(arg, "--", 2) == 0
						     ? find_option(opts, name, eq ? (size_t)(eq - name) : strlen(name))
						     : find_letter(opts, arg);
		if (o && strncmp(arg, "--", 2) != 0)
			eq = NULL;
		if (!o)
			return cli_usage_error(command, "unknown option \"%s\"", arg);
		if (o->flag) {
			if (eq)
				return cli_usage_error(command, "option \"%s\" takes no value", arg);
			*o->flag = true;
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			return cli_usage_error(command, "option \"%s\" needs a value", arg);
		}
	}
	return 0;
}

int cli_time(const char *option, const char *text, ts_t *out)
{
	struct error err;
	if (bound_parse_time(text, out, &err) == 0)
		return 0;
	fprintf(stderr, "custody: %s: %s\n", option, err.msg);
	return EXIT_USAGE;
}

int cli_number(const char *command, const char *option, const char *text, long min, long max, long *out)
{
	if (!text)
		return 0;
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (end != text && !*end && !errno && v >= min && v <= max) {
		*out = v;
		return 0;
	}
	char what[160];
	snprintf(what, sizeof what, "%s: \"%.40s\" is not a whole number from %ld to %ld", option, text, min, max);
	return cli_usage_error(command, "%s", what);
}

int cli_word(const char *command, const char *option, const struct vocab *v, const char *text, int *out)
{
	*out = text ? vocab_find(v, text) : UNSET;
	if (!text || *out >= 0)
		return 0;
	char words[512], what[700];
	snprintf(what, sizeof what, "%s: \"%.60s\" is not one of %s", option, text, vocab_list(v, words, sizeof words));
	return cli_usage_error(command, "%s", what);
}

int cli_rules(const struct cli *cli, struct rules *out)
{
	char path[4096];
	if (cli->rules_path)
		snprintf(path, sizeof path, "%s", cli->rules_path);
	else
		rules_path_beside(cli->db_path, path, sizeof path);
	rules_default(out);
	char *text;
	struct error err;
	int rc = textfile_read(path, RULES_FILE_MAX, &text, &err);
	if (rc == ERR_NOTFOUND && !cli->rules_path)
		return 0;
	if (rc == 0)
		rc = rules_parse(text, path, out, &err);
	free(text);
	if (rc == 0)
		return 0;
	fprintf(stderr, "custody: rules: %s\n", err.msg);
	return rc == ERR_NOTFOUND ? EXIT_IO : cli_status(rc);
}

int cli_open(struct cli *cli, enum store_mode mode, struct ledger **out)
{
	struct rules rules;
	int rc = cli_rules(cli, &rules);
	if (rc)
		return rc;
	struct error err;
	rc = ledger_open(cli->db_path, mode, cli->now, out, &err);
	if (rc == ERR_NOTFOUND) {
		fprintf(stderr, "custody: %s\n", err.msg);
		return EXIT_IO; /* no ledger file: an I/O error, not bad input */
	}
	if (rc)
		return cli_fail(&err);
	ledger_set_actor(*out, cli->actor);
	ledger_set_rules(*out, &rules);
	return 0;
}

int cli_open_scope(struct cli *cli, const char *facility, struct ledger **out)
{
	int rc = cli_open(cli, STORE_OPEN, out);
	struct error err;
	if (rc || view_check_facility(*out, facility, &err) == 0)
		return rc;
	error_prefix(&err, ERR_NOTFOUND, "--facility: ");
	ledger_close(*out);
	*out = NULL;
	return cli_fail(&err);
}

int cli_run_simple(struct cli *cli, const char *command, int argc, char **argv, enum store_mode mode,
		   int (*op)(struct ledger *l, const struct cli *cli, struct error *err))
{
	int npos;
	int rc = cli_parse(command, argc, argv, NULL, NULL, 0, &npos);
	if (rc)
		return cli_done(rc);
	struct ledger *l;
	if ((rc = cli_open(cli, mode, &l)))
		return rc;
	struct error err;
	rc = op(l, cli, &err) ? cli_fail(&err) : EXIT_OK;
	ledger_close(l);
	return rc;
}

int cli_print_occupancy(struct cli *cli, ts_t at, bool json,
			int (*view)(FILE *out, struct ledger *l, ts_t at, struct error *err),
			void (*print)(const struct occupancy *o))
{
	struct ledger *l;
	int rc = cli_open(cli, STORE_OPEN, &l);
	if (rc)
		return rc;
	struct occupancy o;
	struct error err;
	if (json) {
		rc = view(stdout, l, at, &err);
	} else if ((rc = occupancy_at(l, at, &o, &err)) == 0) {
		print(&o);
		occupancy_free(&o);
	}
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}

double cli_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int cli_load_snapshot(struct ledger *l, struct stats_snapshot *s, bool quiet, struct error *err)
{
	double t0 = cli_seconds();
	int rc = view_load_snapshot(l, s, err);
	if (rc)
		return rc;
	if (!quiet)
		fprintf(stderr, "snapshot: %zu people, %zu stays, %zu stints, %.1f MiB, loaded in %.2f s\n",
			s->n_people, s->stays.n, s->n_stints, (double)stats_snapshot_bytes(s) / (1 << 20),
			cli_seconds() - t0);
	return 0;
}

/* The width of column i of a cohort table (0: arrested, then the states). */
static int cohort_width(int i)
{
	static const char *const names[] = {"arrested", "detained", "removed", "released_supervised", "released", "other",
					    "never_detained"};
	int len = (int)strlen(names[i]);
	return len < 9 ? 9 : len;
}

void cli_print_cohort_header(const char *first)
{
	static const char *const names[] = {"arrested", "detained", "removed", "released_supervised", "released", "other",
					    "never_detained"};
	printf("  %-16s", first);
	for (int i = 0; i < 7; i++)
		printf(" %*s", cohort_width(i), names[i]);
	putchar('\n');
}

void cli_print_cohort_row(const char *label, double arrested, const double states[6])
{
	printf("  %-16s %*.0f", label, cohort_width(0), arrested);
	for (int i = 0; i < 6; i++)
		printf(" %*.0f", cohort_width(i + 1), states[i]);
	putchar('\n');
}

int cli_fiscal_year(const char *command, const char *text, bool required, long *fy)
{
	*fy = 0;
	if (!text)
		return required ? cli_usage_error(command, "%s", "--fy N (the fiscal year) is required") : 0;
	return cli_number(command, "--fy", text, 2000, 2099, fy);
}
