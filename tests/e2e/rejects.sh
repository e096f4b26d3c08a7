#!/usr/bin/env bash
# ingest --skip-invalid --rejects FILE writes each rejected line unchanged,
# whatever its length (docs/cli.md, ingest): a line of 3 MiB (over the 1 MiB
# a line may have) and one of 1 MiB + 1 ending in "\r\n", from a file and
# from a pipe; the message says the limit and the line's length.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

big() # big N: a JSON-looking line of N bytes, no line end
{
	local n=$1
	printf '{"id":"big","type":"arrest","note":"'
	head -c $((n - 66)) /dev/zero | tr '\0' 'x'
	printf '","at":"2025-01-01T00:00:00Z"}'
}
GOOD1='{"id":"f1","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"AAA","name":"A","aor":"ATL","kind":"SPC","capacity":10}'
GOOD2='{"id":"a1","type":"arrest","at":"2025-01-02T00:00:00Z","person":"A100000001","aor":"ATL","agency":"ICE"}'
{
	echo "$GOOD1"
	big 3145728
	echo
	big 1048577
	printf '\r\n'
	echo "$GOOD2"
} >input.ndjson
{
	big 3145728
	echo
	big 1048577
	echo
} >expected.txt
[ "$(head -n 2 input.ndjson | tail -n 1 | wc -c)" -eq 3145729 ] || fail "the test's long line is not 3 MiB"

# check_rejects FILE: the last run rejected the two long lines, stored the
# others, and wrote the long lines whole to FILE, each after its comment.
check_rejects()
{
	[ "$RC" -eq 1 ] || fail "expected exit 1, got $RC
$(last_run)"
	expect_stdout_contains "stored 2, duplicates 0, rejected 2"
	expect_stderr_contains "line 2: line longer than 1048576 bytes (3145728 bytes)"
	expect_stderr_contains "line 3: line longer than 1048576 bytes (1048577 bytes)"
	expect_eq "comment lines" 2 "$(grep -ac '^# line' "$1")"
	grep -av '^# line' "$1" >lines.txt
	expect_same_file "the rejected lines" expected.txt lines.txt
}

say "a file: the long lines in the rejects file, unchanged"
expect_ok custody init
run custody ingest --skip-invalid --rejects rejects.txt input.ndjson
check_rejects rejects.txt
ok "two lines of 3 MiB and 1 MiB + 1 written whole"

say "a pipe: the same"
rm -f ledger.db
expect_ok custody init
run bash -c 'cat input.ndjson | "$0" --db "$1" ingest --skip-invalid --rejects piped.txt -' "$CUSTODY" "$DB"
check_rejects piped.txt
ok "standard input too"

say "without --rejects: the long lines are refused, nothing is kept"
rm -f ledger.db
expect_ok custody init
expect_exit 1 custody ingest input.ndjson
expect_stderr_contains "line 2: line longer than 1048576 bytes (3145728 bytes)"
ok "all-or-nothing: refused with the line number"
