#!/usr/bin/env bash
# ingest: all-or-nothing, --skip-invalid with a rejects file, duplicates and
# conflicts, line ends and blank lines, standard input, several files; add.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"
expect_counts 58 0 0

# A new person, A111222333: three valid events around one invalid line (3).
# The invalid line has odd spacing, a non-ASCII note and an un-normalised
# A-number, so that "unchanged" in the rejects file means byte for byte.
cat >mixed.ndjson <<'EOF'
{"id":"mx-1","type":"arrest","at":"2025-10-01T00:00:00Z","person":"A111222333","aor":"ATL","agency":"ICE"}
{"id":"mx-2","type":"book_in","at":"2025-10-01T01:00:00Z","person":"A111222333","facility":"KRO"}
{ "id" : "mx-3",  "type":"book_out","at":"2025-10-02T01:00:00Z","person":"A-111-222-333","reason":"bailed","note":"caf\u00e9 — très"}
{"id":"mx-4","type":"classify","at":"2025-10-01T02:00:00Z","person":"A111222333","mandatory":"none"}
EOF

tables_before=$E2E_WORK/tables.before
tables_after=$E2E_WORK/tables.after

say "all-or-nothing: one invalid line, nothing stored, exit 1"
expect_ok custody log --json
cp "$OUT" log.before
dump_tables "$DB" "$tables_before"
expect_exit 1 custody ingest mixed.ndjson
expect_counts 0 0 1
expect_stderr_contains 'line 3 (id mx-3): field "reason": "bailed" is not one of'
expect_stderr_contains "nothing stored"
expect_eq "log length after a rejected run" 58 "$(log_length)"
expect_ok custody log --json
expect_same_file "log after the rejected run" log.before "$OUT"
dump_tables "$DB" "$tables_after"
expect_same_file "tables after the rejected run" "$tables_before" "$tables_after"
ok "stored 0, rejected 1, log and tables unchanged"

say "all-or-nothing also for a line the timeline rejects, after valid ones"
cat >late-bad.ndjson <<'EOF'
{"id":"lb-1","type":"arrest","at":"2025-10-01T00:00:00Z","person":"A111222444","aor":"ATL","agency":"ICE"}
{"id":"lb-2","type":"book_in","at":"2025-10-01T01:00:00Z","person":"A111222444","facility":"KRO"}
{"id":"lb-3","type":"book_in","at":"2025-10-01T02:00:00Z","person":"A111222444","facility":"STWRTGA"}
EOF
expect_exit 1 custody ingest late-bad.ndjson
expect_counts 0 0 1
expect_stderr_contains "line 3 (id lb-3)"
expect_stderr_contains "already in custody"
dump_tables "$DB" "$tables_after"
expect_same_file "tables after the rejected run" "$tables_before" "$tables_after"
ok "stored 0, tables unchanged"

say "--skip-invalid --rejects: valid lines stored, the rejected one kept byte for byte"
expect_exit 1 custody ingest --skip-invalid --rejects rejects.txt mixed.ndjson
expect_counts 3 0 1
expect_stderr_contains 'line 3 (id mx-3): field "reason"'
expect_eq "log length" 61 "$(log_length)"
expect_eq "lines in the rejects file" 2 "$(wc -l <rejects.txt)"
comment=$(sed -n 1p rejects.txt)
[[ "$comment" == '# line 3 (id mx-3): field "reason": "bailed" is not one of '* ]] ||
	fail "first line of the rejects file: \"$comment\""
sed -n 2p rejects.txt >rejected.line
sed -n 3p mixed.ndjson >original.line
expect_same_file "the rejected line" original.line rejected.line
expect_ok custody log --json --person A111222333
expect_jq '[.[].event.id] == ["mx-1","mx-2","mx-4"]'
ok "stored mx-1 mx-2 mx-4; rejects file: comment + line 3 unchanged"

say "--skip-invalid without --rejects"
expect_exit 1 custody ingest --skip-invalid mixed.ndjson
expect_counts 0 3 1
ok "duplicates 3, rejected 1"

say "--skip-invalid with a small --batch commits as it goes"
cat >batched.ndjson <<'EOF'
{"id":"bt-1","type":"arrest","at":"2025-10-01T00:00:00Z","person":"A111222555","aor":"ATL","agency":"ICE"}
{"id":"bt-2","type":"book_in","at":"2025-10-01T01:00:00Z","person":"A111222555","facility":"KRO"}
{"id":"bt-3","type":"transfer","at":"2025-10-01T00:30:00Z","person":"A111222555","facility":"STWRTGA"}
{"id":"bt-4","type":"classify","at":"2025-10-01T02:00:00Z","person":"A111222555","mandatory":"none"}
{"id":"bt-5","type":"transfer","at":"2025-10-03T00:00:00Z","person":"A111222555","facility":"STWRTGA"}
EOF
expect_exit 1 custody ingest --skip-invalid --batch 2 --rejects batch-rejects.txt batched.ndjson
expect_counts 4 0 1
expect_stderr_contains "line 3 (id bt-3)"
expect_ok custody show --json A111222555
expect_jq '.detained == true and .facility == "STWRTGA" and .stay_start == "2025-10-01T01:00:00Z"'
ok "4 stored over 2-event batches, the transfer before the book-in rejected"

# A clean file: the first run stores it, the second finds only duplicates.
cat >clean.ndjson <<'EOF'
{"id":"cl-1","type":"facility_open","at":"2025-10-01T00:00:00Z","facility":"NEWF","name":"New Facility","aor":"DAL","kind":"IGSA","capacity":40}
{"id":"cl-2","type":"arrest","at":"2025-10-05T00:00:00Z","person":"A222333444","aor":"DAL","agency":"ICE"}
{"id":"cl-3","type":"book_in","at":"2025-10-05T03:00:00Z","person":"A222333444","facility":"NEWF"}
{"id":"cl-4","type":"classify","at":"2025-10-05T04:00:00Z","person":"A222333444","mandatory":"none"}
EOF

say "re-ingesting the same file: all duplicates, exit 0"
expect_ok custody ingest clean.ndjson
expect_counts 4 0 0
n=$(log_length)
expect_ok custody ingest clean.ndjson
expect_counts 0 4 0
expect_ok custody ingest "$EXAMPLE"
expect_counts 0 58 0
expect_eq "log length after re-ingesting" "$n" "$(log_length)"
ok "stored 0, duplicates 4 (and 58 for example.ndjson), log unchanged"

say "the same event written differently is a duplicate"
# key order, A-number form and time zone differ; the content is the same
event_file same.ndjson '{"type":"book_in","person":"A-222-333-444","facility":"NEWF","at":"2025-10-04T23:00:00-04:00","id":"cl-3"}'
expect_ok custody ingest same.ndjson
expect_counts 0 1 0
ok "duplicate"

say "the same id with different content: conflict, exit 1"
dump_tables "$DB" "$tables_before"
event_file conflict.ndjson '{"id":"cl-3","type":"book_in","at":"2025-10-05T03:00:00Z","person":"A222333444","facility":"KRO"}'
expect_exit 1 custody ingest conflict.ndjson
expect_counts 0 0 1
expect_stderr_contains "line 1 (id cl-3)"
expect_stderr_contains "conflict"
expect_exit 1 custody add '{"id":"cl-3","type":"book_in","at":"2025-10-05T03:00:00Z","person":"A222333444","facility":"KRO"}'
expect_stderr_contains "conflict"
expect_stderr_contains "cl-3"
dump_tables "$DB" "$tables_after"
expect_same_file "tables after the conflicts" "$tables_before" "$tables_after"
ok "rejected with \"conflict\" by ingest and by add, ledger unchanged"

say "CRLF line ends, blank and white-space lines are accepted; line numbers count them"
printf '%s\r\n' \
	'{"id":"cr-1","type":"arrest","at":"2025-10-06T00:00:00Z","person":"A333444555","aor":"DAL","agency":"ICE"}' \
	'' \
	'   ' \
	'{"id":"cr-2","type":"book_in","at":"2025-10-06T03:00:00Z","person":"A333444555","facility":"NEWF"}' >crlf.ndjson
printf '\n\t\n' >>crlf.ndjson
printf '%s\r\n' '{"id":"cr-3","type":"classify","at":"2025-10-06T04:00:00Z","person":"A333444555","mandatory":"none"}' >>crlf.ndjson
expect_ok custody ingest crlf.ndjson
expect_counts 3 0 0
expect_ok custody show --json A333444555
expect_jq '.detained == true and .facility == "NEWF" and .mandatory == "none"'
expect_ok custody log --json --person A333444555
expect_jq '[.[].event.id] == ["cr-1","cr-2","cr-3"]'
count=$(sqlite3 -batch "$DB" "SELECT count(*) FROM events WHERE body LIKE '%'||char(13)||'%'")
expect_eq "stored bodies with a carriage return" 0 "$count"
# an error on the third physical line of a CRLF file (two blank lines first)
printf '%s\r\n' '' '' \
	'{"id":"cr-4","type":"atd_checkin","at":"2025-10-06T05:00:00Z","person":"A333444555","result":"maybe"}' >crlf-bad.ndjson
expect_exit 1 custody ingest crlf-bad.ndjson
expect_stderr_contains 'line 3 (id cr-4): field "result"'
ok "stored 3 from a CRLF file with blank lines; errors give the physical line"

say "standard input via -"
event_file stdin.ndjson '{"id":"in-1","type":"arrest","at":"2025-10-07T00:00:00Z","person":"A444555666","aor":"DAL","agency":"ICE"}'
# no newline after the last line
printf '%s' '{"id":"in-2","type":"book_in","at":"2025-10-07T02:00:00Z","person":"A444555666","facility":"NEWF"}' >>stdin.ndjson
run_in stdin.ndjson custody ingest -
[ "$RC" -eq 0 ] || fail "ingest - failed
$(last_run)"
expect_counts 2 0 0
expect_ok custody show --json A444555666
expect_jq '.detained == true and .facility == "NEWF"'
run_in /dev/null custody ingest -
[ "$RC" -eq 0 ] || fail "ingest of an empty standard input failed
$(last_run)"
expect_counts 0 0 0
ok "stored 2 from standard input (last line without a newline); empty input is fine"

say "several files in one run"
cat >one.ndjson <<'EOF'
{"id":"mf-1","type":"arrest","at":"2025-10-08T00:00:00Z","person":"A555666777","aor":"DAL","agency":"ICE"}
{"id":"mf-2","type":"book_in","at":"2025-10-08T01:00:00Z","person":"A555666777","facility":"NEWF"}
EOF
cat >two.ndjson <<'EOF'
{"id":"mf-3","type":"classify","at":"2025-10-08T02:00:00Z","person":"A555666777","mandatory":"none"}
{"id":"mf-4","type":"transfer","at":"2025-10-09T00:00:00Z","person":"A555666777","facility":"KRO"}
EOF
cat >three-bad.ndjson <<'EOF'
{"id":"mf-5","type":"book_out","at":"2025-10-10T00:00:00Z","person":"A555666777","reason":"other"}
{"id":"mf-6","type":"transfer","at":"2025-10-11T00:00:00Z","person":"A555666777","facility":"KRO"}
EOF
n=$(log_length)
expect_exit 1 custody ingest one.ndjson two.ndjson three-bad.ndjson
expect_counts 0 0 1
expect_stderr_contains "three-bad.ndjson: line 2 (id mf-6)"
expect_eq "log length after a rejected several-file run" "$n" "$(log_length)"
expect_ok custody ingest one.ndjson two.ndjson
expect_counts 4 0 0
expect_ok custody show --json --at 2025-10-09T12:00:00Z A555666777
expect_jq '.detained == true and .facility == "KRO" and .stay_start == "2025-10-08T01:00:00Z"'
expect_ok custody ingest one.ndjson - two.ndjson <stdin.ndjson
expect_counts 0 6 0
ok "the files form one all-or-nothing run; errors name the file"

say "ingest of a file that is not there: exit 3, nothing stored"
n=$(log_length)
expect_exit 3 custody ingest clean.ndjson no-such-file.ndjson
expect_eq "log length" "$n" "$(log_length)"
ok "exit 3"

say "add: stored, duplicate, invalid"
ev='{"id":"ad-1","type":"arrest","at":"2025-10-12T00:00:00Z","person":"A666777888","aor":"DAL","agency":"CBP","border":true}'
expect_ok custody add "$ev"
expect_stdout_matches 'stored ad-1( \(seq [0-9]+\))?'
expect_ok custody log --json --person A666777888
expect_jq 'length == 1 and .[0].event.id == "ad-1"'
expect_ok custody add "$ev"
expect_stdout "duplicate ad-1"
n=$(log_length)
expect_exit 1 custody add '{"id":"ad-2","type":"classify","at":"2025-10-12T01:00:00Z","person":"A666777888","mandatory":"bogus"}'
expect_stderr_contains "ad-2"
expect_stderr_contains 'field "mandatory"'
expect_stderr_contains '"bogus"'
expect_exit 1 custody add '{"id":"ad-3","type":"classify","at":"2025-10-12T01:00:00Z","person":"A666777888"'
expect_stderr_contains "invalid JSON"
expect_exit 1 custody add '{"id":"ad-4","type":"classify","at":"2025-10-12T01:00:00Z","person":"A666777888","mandatory":"none","seq":7}'
expect_stderr_contains 'field "seq"'
expect_exit 1 custody add '{"id":"ad-5","type":"atd_checkin","at":"2026-01-01T00:05:01Z","person":"A666777888","result":"ok"}'
expect_stderr_contains 'field "at"'
expect_eq "log length after the rejected adds" "$n" "$(log_length)"
ok "stored ad-1, duplicate ad-1, invalid ones name the id and the field"

# Ingesting a stream in pieces, in separate runs, must give the same ledger
# as one run: the same log (seq, recorded_at and actor included) and the same
# projections. Each cut makes the second run start with a person's next
# event: a book-in after the arrest (cut 5), a book-out (12, 22), a transfer
# (35), the void (57).
say "the example stream ingested in pieces equals it ingested at once"
one=$E2E_WORK/one.db
expect_ok "$CUSTODY" --db "$one" init
expect_ok "$CUSTODY" --db "$one" ingest "$EXAMPLE"
dump_tables "$one" "$tables_before"
for cut in 5 12 22 35 57; do
	pieces=$E2E_WORK/pieces-$cut.db
	head -n "$cut" "$EXAMPLE" >first.ndjson
	tail -n +"$((cut + 1))" "$EXAMPLE" >rest.ndjson
	expect_ok "$CUSTODY" --db "$pieces" init
	expect_ok "$CUSTODY" --db "$pieces" ingest first.ndjson
	expect_counts "$cut" 0 0
	run "$CUSTODY" --db "$pieces" ingest rest.ndjson
	[ "$RC" -eq 0 ] || fail "example.ndjson cut after line $cut: the second run (lines $((cut + 1))..58) failed
$(last_run)"
	expect_counts "$((58 - cut))" 0 0
	dump_tables "$pieces" "$tables_after"
	expect_same_file "tables of example.ndjson ingested in two runs (cut after line $cut)" \
		"$tables_before" "$tables_after"
done
ok "cuts after lines 5, 12, 22, 35, 57: identical logs and projections"

say "--cache-mb bounds the timelines kept in memory; too small or not a number is a usage error"
small=$E2E_WORK/small-cache.db
expect_ok "$CUSTODY" --db "$small" init
expect_ok "$CUSTODY" --db "$small" ingest --cache-mb 16 "$EXAMPLE"
expect_counts 58 0 0
dump_tables "$small" "$tables_after"
expect_same_file "tables of example.ndjson ingested with --cache-mb 16" "$tables_before" "$tables_after"
for bad in 15 0 -3 lots 64abc; do
	expect_exit 2 "$CUSTODY" --db "$small" ingest --cache-mb "$bad" "$EXAMPLE"
	expect_stderr_contains "--cache-mb"
done
ok "the same ledger with a 16 MiB budget; 15, 0, -3, lots and 64abc refused"

# The reader bounds a line at 1 MiB. A longer line is rejected and the lines
# after it are read normally; the rejects file has it whole, unchanged
# (docs/cli.md; tests/e2e/rejects.sh has more).
say "a line over 1 MiB is rejected, the next one stored, the line kept whole"
{
	printf '{"id":"long-1","type":"atd_checkin","at":"2025-09-20T00:00:00Z","person":"A123456789","result":"ok","note":"'
	head -c 1200000 /dev/zero | tr '\0' 'n'
	printf '"}\n'
	printf '%s\n' '{"id":"long-2","type":"facility_capacity","at":"2025-10-20T00:00:00Z","facility":"NEWF","capacity":41}'
} >long.ndjson
expect_exit 1 custody ingest --skip-invalid --rejects long-rejects.txt long.ndjson
expect_counts 1 0 1
expect_stderr_contains "line 1"
expect_stderr_contains "longer than"
expect_ok custody facilities --json
expect_jq '(.[] | select(.facility == "NEWF") | .capacity) == 41'
expect_eq "lines in the rejects file" 2 "$(wc -l <long-rejects.txt)"
sed -n 2p long-rejects.txt >long-rejected.line
head -n 1 long.ndjson >long-original.line
expect_same_file "the over-long line in the rejects file" long-original.line long-rejected.line
ok "rejected, the next line stored, the line kept whole"

expect_ok custody check
expect_stdout_contains "ok"
