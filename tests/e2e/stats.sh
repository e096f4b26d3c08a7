#!/usr/bin/env bash
# Statistics through the command line (statistics.md; custody stats
# daily|period|cohort): the CSV header and rows, the JSON shapes, --by,
# --tz America/New_York, usage errors (exit 2, a message on stderr) and a
# missing ledger (exit 3). Every expected figure below is worked out by
# hand from the ledger written here (see the comments), not copied from
# the program's output.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

# Who is who (A1000000NN); AAA is in ATL, BBB in MIA:
#  01 arrest ATL ICE 01-10T08:00; in AAA 01-10T23:59:59; out 01-12T12:00
#     removed
#  02 arrest ATL CBP 01-10T09:00; in AAA 01-11T00:00:00; open
#  03 arrest ATL ICE 01-09T08:00; in AAA 01-09T10:00; out 01-10T23:59:59
#     bonded_out
#  04 arrest MIA ICE 01-09T09:00; in BBB 01-09T11:00; out 01-11T00:00:00
#     recognizance; enrolled (app) 01-11T06:00
#  05 arrest ATL ICE 01-11T12:00; departure 01-12T15:00
#  06 arrest ATL ICE 01-09T12:00; in AAA 01-09T13:00; transfer BBB
#     01-11T12:00; open
#  07 arrest ATL ICE 01-12T10:00; nothing else
#
# UTC days (midnight population at 23:59:59, in <= t < out):
#  01-09 arrests 03 04 06; population 03 04 06; book-ins 03 04 06
#  01-10 arrests 01 02; population 01 (in at 23:59:59) 04 06, not 03 (out
#        at 23:59:59); book-in 01; book-out 03
#  01-11 arrest 05; population 01 02 06, not 04 (out at 00:00:00);
#        book-in 02; book-out 04 (the transfer of 06 is no book-in)
#  01-12 arrest 07; population 02 06; book-out 01; removals 01 (removed)
#        and 05 (departure)
# Period 01-09..12: ADP (3+3+3+2)/4 = 2.75; stays ended 03 (136799 s), 04
# (133200 s), 01 (129601 s): ALOS 399600/3 s = 37 hours = 37/24 days;
# book-ins ICE 4, CBP 1; book-outs removed, bonded_out, recognizance 1
# each; removals 2; arrests 7.
# America/New_York (UTC-5; midnights at 04:59:59Z of the next UTC day):
#  01-09 arrests 3, population 03 04 06, book-ins 03 04 06
#  01-10 arrests 2, population 01 02 06 (03 and 04 are out before
#        01-11T04:59:59Z), book-ins 01 02 (02's 01-11T00:00Z is 01-10
#        19:00 local), book-outs 03 04
#  01-11 arrest 05, population 01 02 06
#  01-12 arrest 07, population 02 06, book-out 01, removals 2
cat >ledger.ndjson <<'EOF'
{"id":"fa","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"AAA","name":"A","aor":"ATL","kind":"CDF","capacity":100}
{"id":"fb","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"BBB","name":"B","aor":"MIA","kind":"SPC","capacity":100}
{"id":"a1","type":"arrest","at":"2025-01-10T08:00:00Z","person":"A100000001","aor":"ATL","agency":"ICE"}
{"id":"b1","type":"book_in","at":"2025-01-10T23:59:59Z","person":"A100000001","facility":"AAA"}
{"id":"o1","type":"book_out","at":"2025-01-12T12:00:00Z","person":"A100000001","reason":"removed","country":"MX"}
{"id":"a2","type":"arrest","at":"2025-01-10T09:00:00Z","person":"A100000002","aor":"ATL","agency":"CBP"}
{"id":"b2","type":"book_in","at":"2025-01-11T00:00:00Z","person":"A100000002","facility":"AAA"}
{"id":"a3","type":"arrest","at":"2025-01-09T08:00:00Z","person":"A100000003","aor":"ATL","agency":"ICE"}
{"id":"b3","type":"book_in","at":"2025-01-09T10:00:00Z","person":"A100000003","facility":"AAA"}
{"id":"o3","type":"book_out","at":"2025-01-10T23:59:59Z","person":"A100000003","reason":"bonded_out"}
{"id":"a4","type":"arrest","at":"2025-01-09T09:00:00Z","person":"A100000004","aor":"MIA","agency":"ICE"}
{"id":"b4","type":"book_in","at":"2025-01-09T11:00:00Z","person":"A100000004","facility":"BBB"}
{"id":"o4","type":"book_out","at":"2025-01-11T00:00:00Z","person":"A100000004","reason":"recognizance"}
{"id":"e4","type":"atd_enroll","at":"2025-01-11T06:00:00Z","person":"A100000004","technology":"app","checkin_days":7,"aor":"MIA"}
{"id":"a5","type":"arrest","at":"2025-01-11T12:00:00Z","person":"A100000005","aor":"ATL","agency":"ICE"}
{"id":"d5","type":"departure","at":"2025-01-12T15:00:00Z","person":"A100000005","country":"MX"}
{"id":"a6","type":"arrest","at":"2025-01-09T12:00:00Z","person":"A100000006","aor":"ATL","agency":"ICE"}
{"id":"b6","type":"book_in","at":"2025-01-09T13:00:00Z","person":"A100000006","facility":"AAA"}
{"id":"t6","type":"transfer","at":"2025-01-11T12:00:00Z","person":"A100000006","facility":"BBB"}
{"id":"a7","type":"arrest","at":"2025-01-12T10:00:00Z","person":"A100000007","aor":"ATL","agency":"ICE"}
EOF
expect_ok custody init
expect_ok custody ingest ledger.ndjson
expect_counts "$(grep -c . ledger.ndjson)" 0 0

DAYS=(--from 2025-01-09 --to 2025-01-12)

# --- help --------------------------------------------------------------------

say "--help"
expect_ok custody stats --help
expect_stdout_contains "usage: custody [--db PATH] stats daily --from DATE"
ok

# --- daily ---------------------------------------------------------------------

say "stats daily --csv: the header and the hand-worked rows (UTC)"
expect_ok custody stats daily "${DAYS[@]}" --csv
expect_eq "CSV header" "date,group,arrests,population,book_ins,book_outs,removals" "$(head -n 1 "$OUT")"
expect_stdout "date,group,arrests,population,book_ins,book_outs,removals
2025-01-09,,3,3,3,0,0
2025-01-10,,2,3,1,1,0
2025-01-11,,1,3,1,1,0
2025-01-12,,1,2,0,1,2"
[ ! -s "$ERR" ] || fail "stats daily --csv wrote to stderr: $(cat "$ERR")"
ok

say "stats daily --csv --by facility: stints by facility, arrests not applicable"
expect_ok custody stats daily "${DAYS[@]}" --csv --by facility
expect_stdout "date,group,arrests,population,book_ins,book_outs,removals
2025-01-09,AAA,,2,2,0,0
2025-01-09,BBB,,1,1,0,0
2025-01-10,AAA,,2,1,1,0
2025-01-10,BBB,,1,0,0,0
2025-01-11,AAA,,2,1,0,0
2025-01-11,BBB,,1,0,1,0
2025-01-12,AAA,,1,0,1,1
2025-01-12,BBB,,1,0,0,0"
ok

say "stats daily --csv --by aor: population by the facility's AOR, arrests and departures by the arrest's"
expect_ok custody stats daily "${DAYS[@]}" --csv --by aor
expect_stdout "date,group,arrests,population,book_ins,book_outs,removals
2025-01-09,ATL,2,2,2,0,0
2025-01-09,MIA,1,1,1,0,0
2025-01-10,ATL,2,2,1,1,0
2025-01-10,MIA,0,1,0,0,0
2025-01-11,ATL,1,2,1,0,0
2025-01-11,MIA,0,1,0,1,0
2025-01-12,ATL,1,1,0,1,2
2025-01-12,MIA,0,1,0,0,0"
ok

say "stats daily --csv --by agency: 02 is CBP's"
expect_ok custody stats daily "${DAYS[@]}" --csv --by agency
expect_stdout "date,group,arrests,population,book_ins,book_outs,removals
2025-01-09,ICE,3,3,3,0,0
2025-01-09,CBP,0,0,0,0,0
2025-01-10,ICE,1,3,1,1,0
2025-01-10,CBP,1,0,0,0,0
2025-01-11,ICE,1,2,0,1,0
2025-01-11,CBP,0,1,1,0,0
2025-01-12,ICE,1,1,0,1,2
2025-01-12,CBP,0,1,0,0,0"
ok

say "stats daily --csv --tz America/New_York: local days"
expect_ok custody stats daily "${DAYS[@]}" --csv --tz America/New_York
expect_stdout "date,group,arrests,population,book_ins,book_outs,removals
2025-01-09,,3,3,3,0,0
2025-01-10,,2,3,2,2,0
2025-01-11,,1,3,0,0,0
2025-01-12,,1,2,0,1,2"
ok

say "the process's TZ does not choose the days: without --tz they are UTC's"
run env TZ=Asia/Tokyo "$CUSTODY" --db "$DB" stats daily "${DAYS[@]}" --csv
[ "$RC" -eq 0 ] || fail "stats daily with TZ=Asia/Tokyo: exit $RC
$(last_run)"
expect_stdout "date,group,arrests,population,book_ins,book_outs,removals
2025-01-09,,3,3,3,0,0
2025-01-10,,2,3,1,1,0
2025-01-11,,1,3,1,1,0
2025-01-12,,1,2,0,1,2"
ok

say "stats daily --json: an array of objects with the CSV's keys"
expect_ok custody stats daily "${DAYS[@]}" --json
expect_jq 'type == "array" and length == 4'
expect_jq 'all(.[]; keys == (["date", "group", "arrests", "population", "book_ins", "book_outs", "removals"] | sort))'
expect_jq '.[0] == {"date": "2025-01-09", "group": "", "arrests": 3, "population": 3, "book_ins": 3, "book_outs": 0, "removals": 0}'
expect_jq '.[1] == {"date": "2025-01-10", "group": "", "arrests": 2, "population": 3, "book_ins": 1, "book_outs": 1, "removals": 0}'
expect_jq '.[2] == {"date": "2025-01-11", "group": "", "arrests": 1, "population": 3, "book_ins": 1, "book_outs": 1, "removals": 0}'
expect_jq '.[3] == {"date": "2025-01-12", "group": "", "arrests": 1, "population": 2, "book_ins": 0, "book_outs": 1, "removals": 2}'
[ ! -s "$ERR" ] || fail "stats daily --json wrote to stderr: $(cat "$ERR")"
expect_ok custody stats daily "${DAYS[@]}" --json --by facility
expect_jq 'length == 8 and all(.[]; .arrests == null)'
expect_jq '[.[] | select(.date == "2025-01-11") | [.group, .population, .book_ins, .book_outs]] == [["AAA", 2, 1, 0], ["BBB", 1, 0, 1]]'
expect_ok custody stats daily "${DAYS[@]}" --json --tz America/New_York
expect_jq '[.[].book_ins] == [3, 2, 0, 0] and [.[].population] == [3, 3, 3, 2] and [.[].book_outs] == [0, 2, 0, 1]'
ok

say "stats daily on a single day, and the text form"
expect_ok custody stats daily --from 2025-01-10 --to 2025-01-10 --csv
expect_stdout "date,group,arrests,population,book_ins,book_outs,removals
2025-01-10,,2,3,1,1,0"
expect_ok custody stats daily "${DAYS[@]}" --quiet
expect_eq "text rows" 5 "$(wc -l <"$OUT")"
expect_stdout_contains "2025-01-12"
ok

# --- period --------------------------------------------------------------------

say "stats period --json: ADP 2.75, ALOS 37/24 days, book-ins ICE 4 CBP 1"
expect_ok custody stats period "${DAYS[@]}" --json
expect_jq 'keys | contains(["from", "to", "adp", "alos_days", "book_ins", "book_outs", "removals"])'
expect_jq '.from == "2025-01-09" and .to == "2025-01-12"'
expect_jq '(.adp - 2.75 | length) < 1e-9'
expect_jq '(.alos_days - 37 / 24 | length) < 1e-9'
expect_jq '.book_ins == {"ICE": 4, "CBP": 1}'
expect_jq '.book_outs.removed == 1 and .book_outs.bonded_out == 1 and .book_outs.recognizance == 1'
expect_jq '([.book_outs[]] | add) == 3'
expect_jq '.removals == 2 and .arrests == 7 and .stays_ended == 3'
ok

say "stats period --json --tz America/New_York: the same stays, local days"
expect_ok custody stats period "${DAYS[@]}" --json --tz America/New_York
expect_jq '(.adp - 2.75 | length) < 1e-9 and .book_ins == {"ICE": 4, "CBP": 1} and .removals == 2 and .arrests == 7'
ok

say "stats period --json --by facility: AAA ADP 7/4, BBB ADP 1"
expect_ok custody stats period "${DAYS[@]}" --json --by facility
expect_jq 'type == "array" and ([.[].group] == ["AAA", "BBB"])'
expect_jq '(.[0].adp - 1.75 | length) < 1e-9 and .[0].book_ins == {"ICE": 3, "CBP": 1} and .[0].removals == 1 and .[0].arrests == null'
expect_jq '(.[1].adp - 1 | length) < 1e-9 and .[1].book_ins == {"ICE": 1, "CBP": 0} and .[1].removals == 0 and .[1].book_outs.recognizance == 1'
ok

say "stats period, the text form"
expect_ok custody stats period "${DAYS[@]}" --quiet
expect_stdout_contains "2025-01-09 to 2025-01-12 (UTC)"
expect_stdout_contains "ALOS 1.5 days (3 stays ended), removals 2, arrests 7"
expect_stdout_contains "book-ins 5: ICE 4, CBP 1"
expect_stdout_contains "book-outs 3: removed 1 bonded_out 1 recognizance 1"
ok

# --- cohort --------------------------------------------------------------------

say "stats cohort --json: the people arrested 01-09..12, at 02-01"
# 01 removed, 02 detained, 03 released (bonded_out), 04 released and
# enrolled, 05 removed (departure), 06 detained, 07 never detained
expect_ok custody stats cohort --arrested 2025-01-09..2025-01-12 --at 2025-02-01T00:00:00Z --json
expect_jq 'keys | contains(["arrested", "states", "released_by_reason"])'
expect_jq '.arrested == 7'
expect_jq '.states == {"detained": 2, "removed": 2, "released_supervised": 1, "released": 1, "other": 0, "never_detained": 1}'
expect_jq '.released_by_reason == {"bonded_out": 1}'
ok

say "stats cohort, the text form"
expect_ok custody stats cohort --arrested 2025-01-09..2025-01-12 --at 2025-02-01T00:00:00Z --quiet
expect_stdout_contains "states at 2025-02-01T00:00:00Z"
grep -qE '^ *all +7 +2 +2 +1 +1 +0 +1$' "$OUT" || fail "no row \"all 7 2 2 1 1 0 1\"
$(last_run)"
ok

say "stats cohort --at 01-11T06:00: before the removals; 05 and 07 not yet arrested"
# 01 02 06 detained; 03 released; 04 enrolled at 06:00 exactly
expect_ok custody stats cohort --arrested 2025-01-09..2025-01-12 --at 2025-01-11T06:00:00Z --json
expect_jq '.arrested == 7 and .states == {"detained": 3, "removed": 0, "released_supervised": 1, "released": 1, "other": 0, "never_detained": 2}'
ok

say "stats cohort --by aor: ATL 6, MIA 1"
expect_ok custody stats cohort --arrested 2025-01-09..2025-01-12 --at 2025-02-01T00:00:00Z --by aor --json
expect_jq '[.[] | .group] == ["ATL", "MIA"]'
expect_jq '.[0].arrested == 6 and .[0].states == {"detained": 2, "removed": 2, "released_supervised": 0, "released": 1, "other": 0, "never_detained": 1}'
expect_jq '.[1].arrested == 1 and .[1].states.released_supervised == 1'
ok

# --- usage and I/O errors ------------------------------------------------------

say "bad arguments exit 2 with a message on stderr"
bad=(
	"stats daily --from 2025-13-01 --to 2025-01-12"
	"stats daily --from 2025-01-09 --to 2025-02-30"
	"stats daily --from yesterday --to 2025-01-12"
	"stats daily --from 2025-01-12 --to 2025-01-09"
	"stats daily --from 2025-01-09 --to 2025-01-12 --by country"
	"stats daily --from 2025-01-09 --to 2025-01-12 --tz Mars/Olympus"
	"stats daily --from 2025-01-09 --to 2025-01-12 --tz ../../etc/passwd"
	"stats period --from 2025-01-09 --to 2025-01-12 --csv"
	"stats cohort --arrested 2025-01-09..2025-01-12 --csv"
	"stats daily --to 2025-01-12"
	"stats daily --from 2025-01-09"
	"stats period"
	"stats daily --from 2025-01-09 --to 2025-01-12 --json --csv"
	"stats weekly --from 2025-01-09 --to 2025-01-12"
	"stats"
	"stats cohort"
	"stats cohort --arrested 2025-01-09"
	"stats cohort --arrested 2025-01-12..2025-01-09"
	"stats cohort --arrested 2025-01-09..2025-01-12 --by facility"
	"stats cohort --arrested 2025-01-09..2025-01-12 --at never"
	"stats daily --from 2025-01-09 --to 2025-01-12 --at 2025-01-10T00:00:00Z"
)
for args in "${bad[@]}"; do
	# shellcheck disable=SC2086
	expect_exit 2 custody $args
	[ -s "$ERR" ] || fail "custody $args: exit 2 with nothing on stderr"
	[ ! -s "$OUT" ] || fail "custody $args: exit 2 but wrote to stdout: $(head -c 500 "$OUT")"
done
expect_exit 2 custody stats daily --from 2025-13-01 --to 2025-01-12
expect_stderr_contains "2025-13-01"
expect_exit 2 custody stats daily --from 2025-01-12 --to 2025-01-09
expect_stderr_contains "before"
expect_exit 2 custody stats daily "${DAYS[@]}" --by country
expect_stderr_contains "country"
expect_exit 2 custody stats daily "${DAYS[@]}" --tz Mars/Olympus
expect_stderr_contains "Mars/Olympus"
expect_exit 2 custody stats period "${DAYS[@]}" --csv
expect_stderr_contains "--csv"
expect_exit 2 custody stats daily --to 2025-01-12
expect_stderr_contains "--from"
ok

say "a missing ledger exits 3, naming it, and is not created"
for args in "stats daily --from 2025-01-09 --to 2025-01-12" "stats period --from 2025-01-09 --to 2025-01-12 --json" \
	"stats cohort --arrested 2025-01-09..2025-01-12 --json"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$CUSTODY" --db "$E2E_WORK/no-such.db" $args
	expect_stderr_contains "no-such.db"
	[ ! -s "$OUT" ] || fail "custody $args on a missing ledger wrote to stdout: $(head -c 500 "$OUT")"
done
[ ! -e "$E2E_WORK/no-such.db" ] || fail "stats on a missing ledger created it"
ok

# Last, so that a failure here leaves every check above run: a directory of
# the zone database ("America") or an empty name is not a time zone; with
# TZ set to one the C library falls back to UTC without a word, so the
# days would silently be UTC's.
say "--tz America and --tz '' are unknown zones (exit 2)"
for zone in America America/ ""; do
	expect_exit 2 custody stats daily "${DAYS[@]}" --csv --tz "$zone"
	[ -s "$ERR" ] || fail "--tz \"$zone\": exit 2 with nothing on stderr"
done
ok

say "stats detained: who is held at an instant, by facility and by mandatory basis"
# at 01-11T12:30: 01 and 02 in AAA, 06 in BBB since 12:00 (04 left at 00:00)
expect_ok custody stats detained --at 2025-01-11T12:30:00Z --by facility --json
expect_jq '.detained == 3 and .groups == {"AAA": 2, "BBB": 1}'
# 06 classified under 236c at 01-12T00:00; at 01-12T12:00 01 has left (out <= t)
expect_ok custody add '{"id":"c6","type":"classify","at":"2025-01-12T00:00:00Z","person":"A100000006","mandatory":"236c"}'
expect_ok custody stats detained --at 2025-01-12T12:00:00Z --by mandatory --json
expect_jq '.detained == 2 and .groups == {"236c": 1, "unknown": 1}'
expect_ok custody stats detained --at 2025-01-11T23:00:00Z --by mandatory --json
expect_jq '.groups == {"unknown": 3}'
expect_exit 2 custody stats detained --from 2025-01-01
ok
