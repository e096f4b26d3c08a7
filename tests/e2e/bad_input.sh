#!/usr/bin/env bash
# Every line of tests/fixtures/bad.ndjson is rejected, alone and all at once,
# with the message of the same line of bad.expected, and the ledger is left
# exactly as it was. The fixture holds NUL bytes and invalid UTF-8: lines are
# cut out with sed into files, never held in shell variables.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

BAD=$CUSTODY_FIXTURES/bad.ndjson
EXPECTED=$CUSTODY_FIXTURES/bad.expected
if [ ! -f "$BAD" ] || [ ! -f "$EXPECTED" ]; then
	fail "bad.ndjson or bad.expected missing from $CUSTODY_FIXTURES"
fi
lines=$(wc -l <"$BAD")
expect_eq "lines of bad.expected (one message per line of bad.ndjson)" "$lines" "$(wc -l <"$EXPECTED")"
[ "$(tail -c 1 "$BAD" | od -An -c | tr -d ' ')" = '\n' ] || fail "bad.ndjson does not end with a newline"
if grep -n '^$' "$EXPECTED"; then
	fail "bad.expected has an empty line (it would match any message)"
fi

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"
expect_ok custody log --json
cp "$OUT" log.before
dump_tables "$DB" tables.before

# the ledger is exactly as after example.ndjson
expect_unchanged()
{
	custody log --json >log.after
	expect_same_file "custody log --json ($1)" log.before log.after
	dump_tables "$DB" tables.after
	expect_same_file "ledger tables ($1)" tables.before tables.after
}

say "each of the $lines lines of bad.ndjson, alone: exit 1 and its expected message"
for ((i = 1; i <= lines; i++)); do
	sed -n "${i}p" "$BAD" >line.ndjson
	sed -n "${i}p" "$EXPECTED" >want.txt
	run custody ingest line.ndjson
	[ "$RC" -eq 1 ] || fail "bad.ndjson line $i: expected exit status 1, got $RC
line: $(head -c 300 line.ndjson | cat -v)
$(last_run)"
	expect_stdout "stored 0, duplicates 0, rejected 1"
	grep -aq '^line 1\b' "$ERR" || fail "bad.ndjson line $i: no \"line 1 ...\" report on stderr
$(last_run)"
	grep -aqF -f want.txt "$ERR" || fail "bad.ndjson line $i: stderr does not contain \"$(cat want.txt)\"
line: $(head -c 300 line.ndjson | cat -v)
$(last_run)"
done
ok "$lines lines rejected with their messages"
expect_unchanged "after $lines rejected lines"
ok "log and tables unchanged"

say "the same lines through add (those that are one JSON text without NUL bytes)"
# A sample: add takes one argument, so a line with a NUL cannot be passed.
for i in 1 15 17 26 39 64 69 77 80 93 98 100 101 114 118 122; do
	sed -n "${i}p" "$BAD" >line.ndjson
	if tr -d '\000' <line.ndjson | cmp -s - line.ndjson; then
		sed -n "${i}p" "$EXPECTED" >want.txt
		run custody add "$(cat line.ndjson)"
		[ "$RC" -eq 1 ] || fail "add of bad.ndjson line $i: expected exit status 1, got $RC
$(last_run)"
		grep -aqF -f want.txt "$ERR" || fail "add of bad.ndjson line $i: stderr does not contain \"$(cat want.txt)\"
$(last_run)"
	fi
done
expect_unchanged "after rejected adds"
ok "rejected with the same messages, ledger unchanged"

say "the whole file, all-or-nothing: every line rejected, nothing stored"
expect_exit 1 custody ingest "$BAD"
expect_counts 0 0 "$lines"
expect_stderr_contains "nothing stored"
expect_unchanged "after the whole file"
ok "rejected $lines"

say "the whole file with --skip-invalid --rejects: every line kept, unchanged, after its message"
expect_exit 1 custody ingest --skip-invalid --rejects rejects.txt "$BAD"
expect_counts 0 0 "$lines"
expect_eq "lines in the rejects file" "$((2 * lines))" "$(wc -l <rejects.txt)"
# even lines: the input, byte for byte (NULs, invalid UTF-8 and all)
sed -n '2~2p' rejects.txt >rejected.ndjson
expect_same_file "the rejected lines" "$BAD" rejected.ndjson
# odd lines: "# line N (id X): message", with line N's expected message
sed -n '1~2p' rejects.txt >comments.txt
for ((i = 1; i <= lines; i++)); do
	sed -n "${i}p" comments.txt >comment.txt
	grep -aq "^# line ${i}[: ]" comment.txt || fail "rejects file: comment $i is not \"# line $i ...\": $(cat -v comment.txt)"
	sed -n "${i}p" "$EXPECTED" >want.txt
	grep -aqF -f want.txt comment.txt || fail "rejects file: comment for line $i does not contain \"$(cat want.txt)\": $(cat -v comment.txt)"
	# the same report on stderr (which shows at most the first 100)
	if [ "$i" -le 100 ]; then
		grep -aq "^line ${i}[: ]" "$ERR" || fail "stderr has no report for line $i
$(last_run)"
	fi
done
expect_unchanged "after --skip-invalid"
ok "$lines comments with their messages, $lines lines byte-identical"

say "custody check"
expect_ok custody check
expect_stdout_contains "ok"
ok "ok"
