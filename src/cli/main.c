/* main.c: `custody [global options] COMMAND [args]`, and the command table. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"

const struct command commands[] = {
	{"init", cmd_init, "", "create a new ledger",
	 "Create a new, empty ledger at the --db path. Refuses to overwrite an existing file."},
	{"ingest", cmd_ingest, "[--skip-invalid] [--rejects FILE] [--batch N] [--cache-mb N] [--quiet] FILE...",
	 "append NDJSON events from files or standard input",
	 "Append the NDJSON events of each FILE (- for standard input), in order.\n"
	 "By default the run is all-or-nothing: every line is checked, and if any is\n"
	 "rejected nothing is stored. With --skip-invalid the valid events are stored,\n"
	 "committed every --batch events (default 50000), and each rejected line is\n"
	 "written unchanged to --rejects FILE after a `# line N (id X): error` line.\n"
	 "Prints `stored N, duplicates N, rejected N`; a progress line on standard\n"
	 "error every few seconds (not with --quiet). Exit 1 if anything was rejected.\n"
	 "--cache-mb bounds the memory kept for people's timelines (default 512):\n"
	 "below what the people active in the input need, ingest slows down."},
	{"add", cmd_add, "JSON", "append one event",
	 "Append one event given as a JSON object (events.md). Prints `stored ID` or\n"
	 "`duplicate ID`."},
	{"show", cmd_show, "[--at TIME] [--json] A-NUMBER", "a person's state and timeline",
	 "A person's current state (or the state at --at) and every event of their\n"
	 "timeline, voided events marked."},
	{"facilities", cmd_facilities, "[--json]", "every facility with its beds and population",
	 "Every facility: code, name, AOR, kind, capacity, population now, free beds\n"
	 "(capacity minus population; negative when over capacity) and whether open."},
	{"occupancy", cmd_occupancy, "[--at TIME] [--json]", "national and per-facility population at an instant",
	 "National and per-facility population at an instant (default now), against\n"
	 "the capacity of the facilities open then."},
	{"flags", cmd_flags, "[--at TIME] [--rule ID] [--aor X] [--facility F] [--status due|overdue|info] [--json]",
	 "every legal-clock and supervision flag in force",
	 "Every flag in force at --at (default now). For the people held then: the\n"
	 "post-order clocks (PO-90, PO-REVIEW-90, PO-REVIEW-180, PO-REVIEW-ANNUAL,\n"
	 "PO-180, PO-RELEASE), bond eligibility (PR-BOND), the children's limits\n"
	 "(CH-72H, CH-20D) and classification (STD-CLASSIFY-12H) (docs/rules.md).\n"
	 "For the people under supervision then: ATD-ESCALATE, ATD-ABSCOND,\n"
	 "ATD-DEESCALATE, ATD-TAMPER, HEARING-REMINDER, HEARING-MISSED\n"
	 "(docs/supervision.md). Each with its status, due time and reason, sorted by\n"
	 "due time, then A-number; flags without a due time last. --rule, --aor (the\n"
	 "person's), --facility (holding them) and --status keep the matching flags."},
	{"candidates", cmd_candidates, "[--facility F | --aor X] [--need N] [--at TIME] [--json]",
	 "ranked release candidates for lack of beds",
	 "The people held at --at (default now) in the nation, an AOR or a facility who\n"
	 "could be released for lack of beds, best first: release required\n"
	 "(PO-RELEASE), then threat level (none, 3, 2, 1), criminality (none, pending,\n"
	 "convicted), the longest detained. Never listed: mandatory detention\n"
	 "(including the removal period), border arrests while border_release is\n"
	 "forbidden, children, an issued travel document. Prints the population\n"
	 "against capacity first; --need N stops after N candidates."},
	{"place", cmd_place, "[--aor X] [--at TIME] [--json] A-NUMBER", "facilities with a free bed for a person",
	 "Open facilities with a free bed for the person's sex (a child only in a\n"
	 "FAMILY facility, an adult elsewhere): those in --aor (default the AOR of\n"
	 "the person's latest arrest) first, then most free beds first."},
	{"atd", cmd_atd, "[due | missed] [--at TIME] [--aor X] [--by technology|aor] [--json]",
	 "supervision: participants, compliance; who is due, who missed",
	 "Alternatives to detention at --at (default now). Without a list: active\n"
	 "participants by technology and AOR, average length in program (ALIP, days),\n"
	 "compliance rate (met check-in periods over ended ones, over the enrolments\n"
	 "active then), absconders (enrolments ended absconded) and the court\n"
	 "appearance rate of the participants; --by technology or aor breaks the\n"
	 "figures down. `atd due`: who must check in within the next 24 hours (a\n"
	 "period not yet met ends before then and can still be met), earliest first.\n"
	 "`atd missed`: who missed their latest ended period, with how many in a row.\n"
	 "--aor keeps the participants of an AOR (the enrolment's, else the latest\n"
	 "arrest's). Periods, grace and flags: docs/supervision.md."},
	{"hearings", cmd_hearings, "[--from TIME] [--days N] [--json]", "upcoming court hearings of people under supervision",
	 "The hearings still scheduled at --from (default now), within the next --days\n"
	 "days (default 7, the end included, as HEARING-REMINDER counts them), of the\n"
	 "people under supervision then, by time: the reminder list."},
	{"stats", cmd_stats,
	 "daily --from DATE --to DATE [--by facility|aor|agency|criminality|threat|mandatory] [--tz ZONE] "
	 "[--json|--csv] | period --from DATE --to DATE [--by ...] [--tz ZONE] [--json] | cohort --arrested "
	 "DATE..DATE [--at TIME] [--by aor|agency|criminality] [--tz ZONE] [--json] | detained [--at TIME] "
	 "[--by ...] [--json]",
	 "statistics: daily series, period figures, cohort outcomes",
	 "Figures of statistics.md from a snapshot of the ledger (docs/statistics.md).\n"
	 "`stats daily`: one row per day (and group) from --from to --to: arrests,\n"
	 "midnight population (23:59:59), book-ins, book-outs, removals; --csv gives\n"
	 "`date,group,arrests,population,book_ins,book_outs,removals`. `stats period`:\n"
	 "ADP, ALOS, book-ins by agency, book-outs by reason, removals, arrests (and,\n"
	 "with --json, by criminality). --by breaks either down; days are calendar\n"
	 "days in --tz (an IANA zone; default UTC). `stats cohort`: the people arrested\n"
	 "in the days given, each in one state at --at (default now): detained,\n"
	 "removed, released_supervised, released (by reason), other, never_detained.\n"
	 "`stats detained`: the people held at --at (default now), by facility, aor,\n"
	 "agency, criminality, threat or mandatory (the basis of mandatory detention).\n"
	 "The snapshot's load time and size go to standard error (not with --json,\n"
	 "--csv or --quiet). Dates and instants lie in 1970..2099; a daily series\n"
	 "spans at most 3660 days and 100000 days x groups (docs/cli.md, Bounds)."},
	{"import-ice", cmd_import_ice, "[--fy N] [--dry-run] [--update-facilities] WORKBOOK",
	 "import ICE's detention-statistics workbook",
	 "Read ICE's published detention-statistics workbook (.xlsx, FY2019 on;\n"
	 "docs/ice.md): the year is that of its detention data (--fy picks another);\n"
	 "a blank label, an Excel error or a blank state is a warning naming the\n"
	 "cell. Each facility the ledger does not have becomes a facility_open event\n"
	 "at the start of the fiscal year (id ice-fyN-facility-CODE; capacity the\n"
	 "larger of the guaranteed minimum and the facility's ADP rounded up); one it\n"
	 "has (same code, or same name and state) is left as it is unless\n"
	 "--update-facilities, which prints each change first. The figures replace\n"
	 "the year's official figures unless a later release of the year was\n"
	 "imported; the same figures again store nothing. --dry-run prints what\n"
	 "would be stored and stores nothing. All or nothing."},
	{"import-population", cmd_import_population, "[--quiet] FILE",
	 "import every facility's daily population (Deportation Data Project)",
	 "Read the Deportation Data Project's facility daily population table (CSV,\n"
	 "gzip-compressed or not; - for standard input; docs/population.md) into the\n"
	 "ledger as reference data: each facility's counts for each day, and its\n"
	 "name as ICE records it on its latest day. Columns are found by their\n"
	 "names; detention_facility_code, date and n_detained_at_midnight are\n"
	 "required. Every row is checked (counts from 0 to 1000000, each at most\n"
	 "n_detained; the dates of each facility ascending; a record at most 64 KiB):\n"
	 "a bad file is refused naming its line, and nothing is stored. A row for a\n"
	 "facility and day the ledger has replaces it. Prints the rows, facilities\n"
	 "and days read, and how many facility-days were new, changed and\n"
	 "unchanged; a progress line on standard error every few seconds (not with\n"
	 "--quiet). All or nothing."},
	{"official", cmd_official,
	 "--fy N [--table NAME] [--json] | --population --from DATE --to DATE [--facility CODE] [--by facility] "
	 "[--json|--csv]",
	 "the official figures imported for a year; the daily population",
	 "ICE's figures for fiscal year N as imported by import-ice: facilities,\n"
	 "book_ins, book_outs (releases before FY2024), adp, alos, detained,\n"
	 "removals, atd, court (--table keeps one). --population: the people held\n"
	 "at midnight on each day from --from to --to that import-population's data\n"
	 "covers, in the nation (the\n"
	 "sum over facilities) or at --facility CODE; --by facility gives each\n"
	 "facility's (code, name, population) for each day. --json: an array of\n"
	 "{\"date\", \"population\"} (with --by facility, also \"facility\" and \"name\");\n"
	 "--csv: the same columns with a header line."},
	{"report", cmd_report,
	 "--fy N [--compare] [--public] [--xlsx FILE] [--tz ZONE] [--at TIME] [--table NAME] [--json] [--quiet]",
	 "ICE's tables for a fiscal year, from the ledger",
	 "ICE's detention-statistics tables for fiscal year N computed from the\n"
	 "ledger (statistics.md), as of --at (default now, at most the year's end),\n"
	 "and the Cohorts table ICE does not publish: what became of the people\n"
	 "arrested in each month. --compare sets the imported official figures\n"
	 "beside them with the difference (or says the ledger has no data for the\n"
	 "year, when it holds no one in it); --public shows counts from 1 to 9 by AOR\n"
	 "or facility as <10; --xlsx writes the tables as a workbook in ICE's layout\n"
	 "plus a Cohorts sheet, which import-ice reads back."},
	{"profile", cmd_profile, "--from-ice WORKBOOK [--fy N] [-o FILE]", "a generator profile from ICE's workbook",
	 "Derive a profile for `custody generate` (docs/generate.md) from a fiscal\n"
	 "year of ICE's workbook (--fy, default its year): monthly book-ins by\n"
	 "agency, criminality shares and lengths of stay by agency, release reasons\n"
	 "(a year of final releases adds its removals as removed),\n"
	 "the October ADP as the standing population, supervision by technology and\n"
	 "court attendance, and the facilities (capacity the larger of the guaranteed\n"
	 "minimum and the ADP rounded up). What the workbook does not publish comes\n"
	 "from the built-in fy2025. The profile is checked before it is written."},
	{"rules", cmd_rules, "[--json]", "the rules in force and where each setting came from",
	 "Every duration and policy setting of the legal clocks and supervision\n"
	 "rules, with its value and its source: the default, or the line of the\n"
	 "rules file (--rules FILE, else rules.ini beside the ledger). The output is\n"
	 "itself a valid rules file (docs/rules.md)."},
	{"log", cmd_log, "[--person A-NUMBER] [--since TIME] [--json]", "the audit trail",
	 "The audit trail in recording order: seq, recorded_at, actor and the event.\n"
	 "--since keeps what was recorded at or after TIME."},
	{"rebuild", cmd_rebuild, "", "regenerate the projections from the log",
	 "Drop every projection (people, stays, stints, enrolments, facilities) and\n"
	 "regenerate them from the event log, in one transaction."},
	{"generate", cmd_generate, "[--profile NAME|FILE] [--from DATE] [--days N] [--scale X] [--seed N] [-o FILE]",
	 "write a synthetic national event stream",
	 "Run the flow model of national detention and supervision and write its events\n"
	 "as NDJSON (events.md) in time order, facilities first, to -o FILE or standard\n"
	 "output. The profile is a built-in name (fy2025, the default: ICE's FY2025\n"
	 "figures) or an INI file (docs/generate.md). --from (default the profile's) is\n"
	 "the first day, --days (default the profile's) how many; --scale multiplies\n"
	 "arrivals and standing populations (0.01 for a small ledger); --seed picks the\n"
	 "run: the same seed gives the same bytes. The stream starts with the people\n"
	 "already detained or supervised on the first day, with their earlier events.\n"
	 "--quiet drops the progress lines on standard error."},
	{"check", cmd_check, "[--head SEQ:HASH]", "check the ledger file whole: integrity, states, hash chain, replay",
	 "Check the ledger file, read-only, on a copy in $TMPDIR: SQLite's integrity\n"
	 "check; that every person's stored state decodes with every value in range;\n"
	 "the hash chain over the event log and its head (a log cut at its end or an\n"
	 "event changed breaks them); that the projections equal a replay of the log\n"
	 "under the rules in force. Prints each problem, then `head SEQ:HASH` (keep it:\n"
	 "--head SEQ:HASH later proves the log still holds that event with that hash,\n"
	 "so nothing up to it was cut or changed) and `ok`. Exit 3 on any problem\n"
	 "(docs/storage.md)."},
	{"backup", cmd_backup, "FILE", "a consistent copy of the ledger while writers run",
	 "Copy the ledger to FILE with SQLite's online backup, as of one instant while\n"
	 "other processes go on writing; FILE must not exist. The copy is written under\n"
	 "a temporary name beside FILE, synced, then named FILE. Prints the copy's head\n"
	 "(SEQ:HASH): keep it to verify the copy, or the ledger later, with --head.\n"
	 "rules.ini is not copied. Restore: docs/storage.md."},
	{"verify", cmd_verify, "[--head SEQ:HASH] FILE", "check a backup (or any ledger file) whole, read-only",
	 "The checks of `check` on FILE, which is not changed: integrity, stored\n"
	 "states, hash chain and head (--head as for check), projections against a\n"
	 "replay under the rules in force (--rules, else rules.ini beside --db).\n"
	 "Exit 3 on any problem."},
	{"serve", cmd_serve,
	 "[--listen ADDR:PORT] [--web DIR] [--threads N] [--max-body BYTES] [--max-connections N] [--timeout S] "
	 "[--locate-rate N] [--signin-rate N] [--snapshot-age S] [--tls-cert FILE --tls-key FILE]",
	 "the HTTP API, the public locator and the dashboard",
	 "Serve the ledger over HTTP (docs/api.md) until interrupted: the JSON API of\n"
	 "every query (the same JSON as --json) and POST /api/events, for users signed\n"
	 "in with a token (`custody user`); the public detainee locator, rate-limited\n"
	 "to --locate-rate searches a minute per address (default 30); and the\n"
	 "dashboard, the files of --web DIR (default $CUSTODY_WEB, else the source\n"
	 "tree's web/). --listen defaults to 127.0.0.1:8080 (port 0: any free port);\n"
	 "it prints `listening on http://ADDR:PORT` once it accepts connections.\n"
	 "Each connection has a thread of its own; --threads (default 4) reads of\n"
	 "the ledger run at once (the locator has two handles of its own, so it\n"
	 "never waits behind them); bodies over --max-body (default\n"
	 "16 MiB) get 413; at most --max-connections (default 1024) at once; a\n"
	 "connection idle --timeout seconds (default 10) is closed. Statistics are\n"
	 "computed on a snapshot taken again when events landed and it is older than\n"
	 "--snapshot-age seconds (default 10). A token not seen before is checked\n"
	 "with argon2id, at most --signin-rate times a minute per address (default 60).\n"
	 "--tls-cert FILE --tls-key FILE (PEM: the certificate chain, its unencrypted\n"
	 "key; both or neither) serve HTTPS instead, and it prints https://."},
	{"user", cmd_user, "add NAME --role viewer|officer|supervisor|admin [--aor X,Y] | remove NAME | token NAME | list [--json]",
	 "the server's users and their tokens",
	 "`user add`: a user of `custody serve` with a role (docs/api.md): viewer\n"
	 "(aggregates only), officer (the people of its --aor AORs, required),\n"
	 "supervisor (every AOR, capacity releases), admin (users, facilities, rules).\n"
	 "`user token NAME` prints a new bearer token for NAME, replacing the\n"
	 "previous one; only its argon2id hash is kept. `user remove NAME` removes\n"
	 "the user (their token stops working). `user list` shows them all."},
	{"access-log", cmd_access_log, "[--person A-NUMBER] [--user NAME] [--since TIME] [--json]",
	 "who read which person's record, when",
	 "The access log: every read of a person through the API (a record, each\n"
	 "person of a list, each person the locator answered for, as user locator)\n"
	 "and `show`, with its time, user, person, the instant asked about and what\n"
	 "was read, in order. --person, --user and --since (at or after TIME) keep\n"
	 "the matching rows. The command line's lists are not logged (docs/api.md)."},
	{NULL, NULL, NULL, NULL, NULL},
};

static void print_help(FILE *out)
{
	fprintf(out, "usage: custody [--db PATH] [--actor NAME] [--rules FILE] COMMAND [ARGS]\n\n"
		     "The ledger is --db PATH, else $CUSTODY_DB, else custody.db.\n"
		     "Events are recorded as --actor, else $CUSTODY_ACTOR, else $USER.\n"
		     "The rules (durations, policy: docs/rules.md) are --rules FILE, else rules.ini\n"
		     "beside the ledger when it exists, else the built-in defaults.\n"
		     "Exit status: 0 ok, 1 invalid input or rejected event, 2 usage, 3 I/O or database.\n\n"
		     "commands:\n");
	int width = 0;
	for (const struct command *c = commands; c->name; c++)
		width = (int)strlen(c->name) > width ? (int)strlen(c->name) : width;
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-*s %s\n", width, c->name, c->summary);
	fprintf(out, "\n`custody COMMAND --help` describes one command.\n");
}

static const char *first_env(const char *a, const char *b, const char *fallback)
{
	const char *v = getenv(a);
	if (v && *v)
		return v;
	v = b ? getenv(b) : NULL;
	return v && *v ? v : fallback;
}

static int clock_now(ts_t *now)
{
	const char *fixed = getenv("CUSTODY_NOW");
	if (fixed && *fixed)
		return cli_time("CUSTODY_NOW", fixed, now);
	*now = (ts_t)time(NULL);
	return 0;
}

int main(int argc, char **argv)
{
	struct cli cli = {
		.db_path = first_env("CUSTODY_DB", NULL, "custody.db"),
		.actor = first_env("CUSTODY_ACTOR", "USER", "cli"),
	};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_help(stdout);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("custody 0.1.0\n");
			return EXIT_OK;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			cli.db_path = argv[++i];
		} else if (strcmp(argv[i], "--actor") == 0 && i + 1 < argc) {
			cli.actor = argv[++i];
		} else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc) {
			cli.rules_path = argv[++i];
		} else {
			fprintf(stderr, "custody: unknown or incomplete option \"%s\"\n", argv[i]);
			print_help(stderr);
			return EXIT_USAGE;
		}
	}
	if (i == argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	int rc = clock_now(&cli.now);
	if (rc)
		return rc;
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, argv[i]) == 0)
			return c->run(&cli, argc - i - 1, argv + i + 1);
	fprintf(stderr, "custody: unknown command \"%s\"\n", argv[i]);
	print_help(stderr);
	return EXIT_USAGE;
}
