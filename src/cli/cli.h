/* cli.h: what the `custody` commands share: the command table entry, global
 * options, option parsing, opening the ledger and reporting errors. */
#ifndef CUSTODY_CLI_H
#define CUSTODY_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "bounds.h"
#include "error.h"
#include "ledger.h"
#include "timestamp.h"
#include "views.h"

/* Exit statuses of every command. */
enum {
	EXIT_OK = 0,
	EXIT_INVALID = 1, /* invalid input or a rejected event */
	EXIT_USAGE = 2,   /* bad command line */
	EXIT_IO = 3       /* file or database failure */
};

/* What every command receives: the global options. */
struct cli {
	const char *db_path;
	const char *actor;
	const char *rules_path; /* --rules FILE, or NULL: rules.ini beside the ledger if there is one */
	ts_t now; /* the ledger's clock: $CUSTODY_NOW, or the system clock */
};

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *usage;   /* arguments after the command name */
	const char *summary; /* a few words, for `custody --help` */
	const char *help;    /* one paragraph, for `custody COMMAND --help` */
};

/* The command table (main.c), terminated by an entry with a NULL name. */
extern const struct command commands[];

/* One option of a command: a flag (`--json`) or an option with a value
 * (`--at TIME` or `--at=TIME`). Exactly one of flag and value is set. */
struct cli_option {
	const char *name; /* without the dashes */
	bool *flag;
	const char **value;
	char letter; /* a one-letter alias (`-o`), or 0 */
};

/* Parse argv (after the command name) against opts. Positional arguments
 * are gathered, in order, into pos (at most max_pos, of which *npos are
 * set). Prints a usage error naming the command and returns EXIT_USAGE on
 * an unknown option, a missing value or too many arguments; 0 otherwise.
 * `--help` prints the command's help and returns CLI_HELP (the command
 * then exits 0: see cli_done()). */
#define CLI_HELP (-1)
int cli_parse(const char *command, int argc, char **argv, const struct cli_option *opts, char **pos,
	      int max_pos, int *npos);

/* The exit status of a command whose cli_parse() returned rc != 0. */
static inline int cli_done(int rc)
{
	return rc == CLI_HELP ? EXIT_OK : rc;
}

/* Parse --fy: a fiscal year from 2000 to 2099 into *fy. text NULL is a
 * usage error when required, else leaves *fy 0. Prints a usage error
 * naming the command and returns EXIT_USAGE on failure; 0 otherwise. */
int cli_fiscal_year(const char *command, const char *text, bool required, long *fy);

/* Parse a time argument (`--at` and friends): RFC 3339 or a date, within
 * the bounds of bounds.h. Prints a usage error naming the option on
 * failure and returns EXIT_USAGE. */
int cli_time(const char *option, const char *text, ts_t *out);

/* Parse the value of option (NULL: not given, *out left as it is) as a
 * whole number in [min, max]. Prints a usage error naming the option and
 * the range and returns EXIT_USAGE when it is not one; 0 otherwise. */
int cli_number(const char *command, const char *option, const char *text, long min, long max, long *out);

/* Parse the value of option (NULL: not given, *out = UNSET) as a word of
 * v. Prints a usage error listing the words and returns EXIT_USAGE when it
 * is not one; 0 otherwise. */
int cli_word(const char *command, const char *option, const struct vocab *v, const char *text, int *out);

/* cli_open() for a query scoped by `--facility CODE` (NULL: not given):
 * also checks that the ledger knows the facility, printing why not and
 * returning EXIT_INVALID (the ledger closed) when it does not. */
int cli_open_scope(struct cli *cli, const char *facility, struct ledger **out);

/* The rules in force: --rules FILE, else rules.ini in the ledger's
 * directory when it exists, else the built-in defaults. Reports a missing
 * --rules file or a bad rules file on stderr and returns its exit status
 * (1 for a bad file, 3 when it cannot be read); 0 on success. */
int cli_rules(const struct cli *cli, struct rules *out);

/* Open the ledger at cli->db_path for the command, with the rules of
 * cli_rules(), reporting a failure on stderr. Returns 0 or the exit
 * status to return. */
int cli_open(struct cli *cli, enum store_mode mode, struct ledger **out);

/* Run a command that takes no arguments: parse argv (only --help), open
 * the ledger in mode, call op (which prints what it did on success), close.
 * Returns the command's exit status. */
int cli_run_simple(struct cli *cli, const char *command, int argc, char **argv, enum store_mode mode,
		   int (*op)(struct ledger *l, const struct cli *cli, struct error *err));

/* Open the ledger and answer with the view (--json) or print the
 * occupancy at `at`; returns the command's exit status. */
int cli_print_occupancy(struct cli *cli, ts_t at, bool json,
			int (*view)(FILE *out, struct ledger *l, ts_t at, struct error *err),
			void (*print)(const struct occupancy *o));

/* The exit status for an ERR_* code. */
int cli_status(int code);

/* Print "custody: <msg>" on stderr and return the exit status for err. */
int cli_fail(const struct error *err);

/* A table of cohort outcomes as text: the header (first the name of the
 * first column, then "arrested" and each state of ice_cohort_states at
 * its full width), then one row per group. */
void cli_print_cohort_header(const char *first);
void cli_print_cohort_row(const char *label, double arrested, const double states[6]);

/* Seconds on the monotonic clock (for durations and progress lines). */
double cli_seconds(void);

/* view_load_snapshot(), reporting on standard error, unless quiet, how
 * long it took and its size. */
int cli_load_snapshot(struct ledger *l, struct stats_snapshot *s, bool quiet, struct error *err);

/* Print "custody COMMAND: " + fmt (with what) and the command's usage line on
 * stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, const char *what);

/* The usage line of a command, "custody [--db PATH] NAME ARGS". */
void cli_usage(FILE *out, const struct command *cmd);

#endif
