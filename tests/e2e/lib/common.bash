# common.bash: helpers shared by the end-to-end tests (tests/e2e/*.sh).
#
# Not a test itself: CTest registers tests/e2e/*.sh only, and this file is
# one directory down. A test script starts with
#
#     set -euo pipefail
#     source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
#     e2e_setup
#
# and then drives the binary through `custody ARGS...` (which adds
# --db "$DB"), `run`, `expect_exit` and the expect_* checks. Every check
# prints what it checks; the first failure prints what was expected and what
# came, and exits 1. Set E2E_KEEP=1 to keep the scratch directory.
#
# Environment (as CTest sets it): CUSTODY (the binary), CUSTODY_FIXTURES
# (tests/fixtures), CUSTODY_SPEC (the shared spec directory, optional).

set -euo pipefail

# Byte semantics for grep, sed, sort, cmp: fixtures hold invalid UTF-8 and NULs.
export LC_ALL=C

E2E_NAME=$(basename "$0" .sh)
E2E_STARTED=$SECONDS

# The last `run`: exit status, and the files holding its stdout and stderr.
RC=0
OUT=
ERR=
LAST_CMD=

fail()
{
	echo "FAIL [$E2E_NAME]: $*" >&2
	exit 1
}

# Print what is being checked.
say()
{
	echo "-- $*"
}

ok()
{
	echo "   ok: $*"
}

# Describe the last run for a failure message: command, status, output.
last_run()
{
	echo "command: $LAST_CMD"
	echo "exit status: $RC"
	echo "stdout (first 20 lines):"
	head -n 20 "$OUT" | cat -v | sed 's/^/  | /'
	echo "stderr (first 20 lines):"
	head -n 20 "$ERR" | cat -v | sed 's/^/  | /'
}

e2e_cleanup()
{
	local status=$?
	# a script's own clean-up first (e.g. a background process to stop)
	if declare -F e2e_on_exit >/dev/null; then
		e2e_on_exit || true
	fi
	cd /
	if [ "${E2E_KEEP:-}" = 1 ]; then
		echo "(kept $E2E_WORK)" >&2
	else
		rm -rf -- "$E2E_WORK"
	fi
	if [ "$status" -eq 0 ]; then
		echo "PASS $E2E_NAME ($((SECONDS - E2E_STARTED)) s)"
	else
		echo "FAILED $E2E_NAME ($((SECONDS - E2E_STARTED)) s)" >&2
	fi
}

# Check the environment, make and enter the scratch directory, fix the clock.
e2e_setup()
{
	[ -n "${CUSTODY:-}" ] || fail "CUSTODY is not set (the path of the built custody binary)"
	[ -x "$CUSTODY" ] || fail "CUSTODY=$CUSTODY is not an executable file"
	[ -n "${CUSTODY_FIXTURES:-}" ] || fail "CUSTODY_FIXTURES is not set (tests/fixtures)"
	[ -f "$CUSTODY_FIXTURES/example.ndjson" ] || fail "no example.ndjson in CUSTODY_FIXTURES=$CUSTODY_FIXTURES"
	command -v jq >/dev/null || fail "jq is not installed (scripts/bootstrap installs it)"
	CUSTODY=$(cd "$(dirname "$CUSTODY")" && pwd)/$(basename "$CUSTODY")
	CUSTODY_FIXTURES=$(cd "$CUSTODY_FIXTURES" && pwd)
	EXAMPLE=$CUSTODY_FIXTURES/example.ndjson
	E2E_WORK=$(mktemp -d "${TMPDIR:-/tmp}/custody-e2e-$E2E_NAME.XXXXXX")
	trap e2e_cleanup EXIT
	cd "$E2E_WORK"
	# The ledger's clock: events may be at most 5 minutes after it.
	export CUSTODY_NOW=2026-01-01T00:00:00Z
	# Nothing from the caller's environment chooses the ledger or the actor.
	unset CUSTODY_DB CUSTODY_ACTOR
	export USER=e2e
	DB=$E2E_WORK/ledger.db
	OUT=$E2E_WORK/.out
	ERR=$E2E_WORK/.err
	: >"$OUT"
	: >"$ERR"
	echo "== $E2E_NAME: $CUSTODY (scratch $E2E_WORK)"
}

# custody ARGS...: the binary on the test's ledger.
custody()
{
	"$CUSTODY" --db "$DB" "$@"
}

# run CMD...: run a command, keeping its status in $RC and its output in the
# files $OUT and $ERR; never fails by itself.
run()
{
	LAST_CMD="$*"
	set +e
	"$@" >"$OUT" 2>"$ERR"
	RC=$?
	set -e
}

# run_in FILE CMD...: like run, with standard input from FILE.
run_in()
{
	local input=$1
	shift
	LAST_CMD="$* < $input"
	set +e
	"$@" <"$input" >"$OUT" 2>"$ERR"
	RC=$?
	set -e
}

# expect_exit CODE CMD...: run CMD and require exit status CODE.
expect_exit()
{
	local want=$1
	shift
	run "$@"
	[ "$RC" -eq "$want" ] || fail "expected exit status $want, got $RC
$(last_run)"
}

# expect_ok CMD...: run CMD and require success.
expect_ok()
{
	expect_exit 0 "$@"
}

# expect_fail CMD...: run CMD and require a non-zero exit status.
expect_fail()
{
	run "$@"
	[ "$RC" -ne 0 ] || fail "expected a non-zero exit status, got 0
$(last_run)"
}

# expect_stdout_contains TEXT / expect_stderr_contains TEXT: a fixed
# substring of the last run's output.
expect_stdout_contains()
{
	grep -aqF -- "$1" "$OUT" || fail "stdout does not contain \"$1\"
$(last_run)"
}

expect_stderr_contains()
{
	grep -aqF -- "$1" "$ERR" || fail "stderr does not contain \"$1\"
$(last_run)"
}

# expect_stderr_matches ERE: an extended regular expression.
expect_stderr_matches()
{
	grep -aqE -- "$1" "$ERR" || fail "stderr does not match /$1/
$(last_run)"
}

# expect_stdout TEXT: the last run's whole stdout (one trailing newline
# ignored, as with $(...)).
expect_stdout()
{
	local got
	got=$(cat "$OUT")
	[ "$got" = "$1" ] || fail "expected stdout \"$1\", got \"$got\"
$(last_run)"
}

# expect_stdout_matches ERE: the last run's stdout, as a whole, is one line
# matching ERE (anchored).
expect_stdout_matches()
{
	local got
	got=$(cat "$OUT")
	[[ "$got" =~ ^$1$ ]] || fail "expected stdout matching /^$1\$/, got \"$got\"
$(last_run)"
}

# expect_jq FILTER [FILE]: FILTER, run on FILE (default the last stdout),
# must yield true. Values from the script reach the filter as $ENV.NAME.
expect_jq()
{
	local filter=$1 file=${2:-$OUT} got
	if ! got=$(jq -e "$filter" "$file" 2>&1); then
		fail "jq check failed: $filter
gave: $(printf '%s' "$got" | head -c 2000)
on: $(head -c 2000 "$file")"
	fi
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq()
{
	[ "$2" = "$3" ] || fail "$1: expected \"$2\", got \"$3\""
}

# expect_same_file WHAT EXPECTED_FILE ACTUAL_FILE: byte-identical.
expect_same_file()
{
	if ! cmp -s -- "$2" "$3"; then
		fail "$1: $3 differs from $2:
$(diff -- "$2" "$3" | head -n 40 | cat -v)"
	fi
}

# expect_counts STORED DUPLICATES REJECTED: the summary line of the last ingest.
expect_counts()
{
	expect_stdout "stored $1, duplicates $2, rejected $3"
}

# log_length: the number of events in the test's ledger (custody log --json).
log_length()
{
	custody log --json | jq length
}

# dump_tables DB FILE: every table of a ledger, rows in a total order (all
# columns), values SQL-quoted so that the dump is unambiguous; plus the
# schema. Needs the sqlite3 CLI.
dump_tables()
{
	local db=$1 file=$2 table ncols order
	command -v sqlite3 >/dev/null || fail "the sqlite3 CLI is not installed (scripts/bootstrap installs it)"
	: >"$file"
	for table in events voided facilities people stays stints enrolments marks official; do
		ncols=$(sqlite3 -batch "$db" "SELECT count(*) FROM pragma_table_info('$table')")
		[ "$ncols" -gt 0 ] || fail "ledger $db has no table $table"
		order=$(seq -s, 1 "$ncols")
		{
			echo "== $table"
			sqlite3 -batch -header -cmd '.mode quote' "$db" "SELECT * FROM $table ORDER BY $order"
		} >>"$file"
	done
	{
		echo "== schema"
		sqlite3 -batch "$db" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
	} >>"$file"
}

# A single event as a file (for ingest) from its JSON text.
event_file()
{
	printf '%s\n' "$2" >"$1"
}
