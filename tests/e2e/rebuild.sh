#!/usr/bin/env bash
# custody rebuild regenerates exactly the projections that appending built:
# every read and every projection table is byte-identical afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

R=A700800900 # moved around, released onto supervision
S=A700800901 # border arrest, held at a new facility

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"

say "a ledger with late events and voids on top of example.ndjson"
cat >extra.ndjson <<EOF
{"id":"x-f1","type":"facility_open","at":"2025-09-01T00:00:00Z","facility":"NEWF","name":"New Facility","aor":"DAL","kind":"IGSA","capacity":40,"sex":"any","city":"Dallas","state":"TX"}
{"id":"x-r1","type":"arrest","at":"2025-10-01T00:00:00Z","person":"$R","aor":"ATL","agency":"ICE","family_name":"Extra","given_name":"Arr","birth_date":"1990-01-01","citizenship":"GT","criminality":"none"}
{"id":"x-r2","type":"book_in","at":"2025-10-01T06:00:00Z","person":"$R","facility":"STWRTGA"}
{"id":"x-r4","type":"transfer","at":"2025-10-05T00:00:00Z","person":"$R","facility":"KRO"}
{"id":"x-r5","type":"book_out","at":"2025-10-20T00:00:00Z","person":"$R","reason":"supervision"}
{"id":"x-r3","type":"classify","at":"2025-10-01T08:00:00Z","person":"$R","criminality":"none","threat_level":null,"mandatory":"none"}
{"id":"x-r6","type":"atd_enroll","at":"2025-10-20T02:00:00Z","person":"$R","technology":"ankle","checkin_days":7,"aor":"ATL"}
{"id":"x-r7","type":"atd_checkin","at":"2025-10-25T00:00:00Z","person":"$R","result":"ok"}
{"id":"x-r8","type":"atd_checkin","at":"2025-11-01T00:00:00Z","person":"$R","result":"failed_verification"}
{"id":"x-r9","type":"atd_checkin","at":"2025-11-08T00:00:00Z","person":"$R","result":"ok"}
{"id":"x-s1","type":"arrest","at":"2025-10-02T00:00:00Z","person":"$S","aor":"DAL","agency":"CBP","border":true}
{"id":"x-s2","type":"book_in","at":"2025-10-02T04:00:00Z","person":"$S","facility":"NEWF"}
{"id":"x-s3","type":"classify","at":"2025-10-02T05:00:00Z","person":"$S","mandatory":"235b"}
{"id":"x-f2","type":"facility_capacity","at":"2025-11-01T00:00:00Z","facility":"NEWF","capacity":60}
{"id":"x-s4","type":"removal_order","at":"2025-10-10T00:00:00Z","person":"$S"}
EOF
expect_ok custody ingest extra.ndjson
expect_counts 15 0 0
add()
{
	expect_ok custody add "$1"
}
# late: a transfer inside R's stay, a review inside A400500600's
add "{\"id\":\"y-1\",\"type\":\"transfer\",\"at\":\"2025-10-03T00:00:00Z\",\"person\":\"$R\",\"facility\":\"NEWF\"}"
add '{"id":"y-2","type":"custody_review","at":"2025-09-01T00:00:00Z","person":"A400500600","kind":"requested","decision":"continue"}'
# in order: an enrolled person booked in (ends the enrolment), an ATD change
add '{"id":"y-3","type":"book_in","at":"2025-12-01T00:00:00Z","person":"A123456789","facility":"NEWF"}'
add "{\"id\":\"y-4\",\"type\":\"atd_change\",\"at\":\"2025-11-10T00:00:00Z\",\"person\":\"$R\",\"checkin_days\":14,\"reason\":\"compliant\"}"
# voids: a person event, a transfer, a facility event, an ATD change
add '{"id":"y-5","type":"void","at":"2025-12-02T00:00:00Z","target":"x-r8","reason":"vendor duplicate"}'
add '{"id":"y-6","type":"void","at":"2025-12-02T00:00:00Z","target":"ev-0053","reason":"transfer never happened"}'
add '{"id":"y-7","type":"void","at":"2025-12-02T00:00:00Z","target":"x-f2","reason":"capacity entered twice"}'
add '{"id":"y-8","type":"void","at":"2025-12-02T00:00:00Z","person":"A098765432","target":"ev-0029","reason":"wrong enrolment"}'
# --skip-invalid: rejected events between accepted ones, in one run (the
# timelines are cached between events, and a rejection must leave no trace)
M=A900000001
cat >mixed.ndjson <<EOF
{"id":"m-1","type":"arrest","at":"2025-10-01T00:00:00Z","person":"$M","aor":"ATL","agency":"ICE"}
{"id":"m-2","type":"book_in","at":"2025-10-01T06:00:00Z","person":"$M","facility":"STWRTGA"}
{"id":"m-3","type":"classify","at":"2025-10-01T07:00:00Z","person":"$M","mandatory":"236c"}
{"id":"m-4","type":"book_out","at":"2025-10-02T00:00:00Z","person":"$M","reason":"recognizance"}
{"id":"m-5","type":"transfer","at":"2025-10-03T00:00:00Z","person":"$M","facility":"KRO"}
{"id":"m-6","type":"book_in","at":"2025-10-04T00:00:00Z","person":"$M","facility":"KRO"}
{"id":"m-7","type":"atd_enroll","at":"2025-10-04T01:00:00Z","person":"$M","technology":"app","checkin_days":7}
{"id":"m-8","type":"book_out","at":"2025-10-05T00:00:00Z","person":"$M","reason":"removed","country":"MX"}
{"id":"m-9","type":"atd_enroll","at":"2025-10-06T01:00:00Z","person":"$M","technology":"app","checkin_days":7}
{"id":"m-10","type":"atd_checkin","at":"2025-10-07T01:00:00Z","person":"$M","result":"ok"}
{"id":"m-11","type":"atd_enroll","at":"2025-10-08T01:00:00Z","person":"$M","technology":"app","checkin_days":7}
{"id":"m-12","type":"hearing","at":"2025-10-08T02:00:00Z","person":"$M","status":"attended","hearing_at":"2025-10-09T00:00:00Z"}
{"id":"m-13","type":"hearing","at":"2025-10-08T03:00:00Z","person":"$M","status":"scheduled","hearing_at":"2025-10-09T00:00:00Z"}
{"id":"m-14","type":"bond","at":"2025-10-08T04:00:00Z","person":"$M","status":"posted"}
{"id":"m-15","type":"void","at":"2025-10-08T05:00:00Z","target":"m-8","reason":"x"}
{"id":"m-16","type":"atd_end","at":"2025-10-09T01:00:00Z","person":"$M","reason":"other"}
{"id":"m-17","type":"atd_end","at":"2025-10-09T02:00:00Z","person":"$M","reason":"other"}
{"id":"m-18","type":"facility_capacity","at":"2025-10-09T02:00:00Z","facility":"ATLHOLD","capacity":5}
{"id":"m-19","type":"facility_open","at":"2025-10-09T02:00:00Z","facility":"ATLHOLD","name":"Reopened","aor":"ATL","kind":"HOLD","capacity":5}
{"id":"m-20","type":"book_in","at":"2025-10-10T00:00:00Z","person":"$M","facility":"ATLHOLD"}
{"id":"m-21","type":"transfer","at":"2025-10-05T12:00:00Z","person":"$M","facility":"KRO"}
EOF
expect_exit 1 custody ingest --skip-invalid mixed.ndjson
expect_counts 11 0 10
for n in 4 6 7 11 12 14 15 17 18 21; do
	grep -q "^line $n (id m-$n)" "$ERR" || fail "mixed.ndjson: no rejection reported for line $n
$(last_run)"
done
expect_ok custody show --json "$M"
expect_jq '.detained == true and .facility == "ATLHOLD" and .enrolled == false and .mandatory == "236c"'
expect_eq "log length" 92 "$(log_length)"
ok "92 events: 58 + 15 ingested + 8 added (2 late, 4 voids) + 11 of 21 with --skip-invalid"

INSTANTS=(2025-02-01T00:00:00Z 2025-06-01T00:00:00Z 2025-08-02T00:00:00Z 2025-10-04T00:00:00Z
	2025-10-15T00:00:00Z 2025-11-05T00:00:00Z 2025-12-01T12:00:00Z 2026-01-01T00:00:00Z)

# capture DIR: every read of the ledger, and its tables.
capture()
{
	local dir=$1 t p
	mkdir -p "$dir"
	for t in "${INSTANTS[@]}"; do
		custody occupancy --json --at "$t" >"$dir/occupancy-$t.json"
		custody occupancy --at "$t" >"$dir/occupancy-$t.txt"
	done
	custody occupancy --json >"$dir/occupancy-now.json"
	custody facilities --json >"$dir/facilities.json"
	custody facilities >"$dir/facilities.txt"
	custody log --json >"$dir/log.json"
	sqlite3 -batch "$DB" "SELECT DISTINCT person FROM events WHERE person IS NOT NULL ORDER BY 1" >"$dir/people.txt"
	while read -r p; do
		custody show --json "$p" >"$dir/show-$p.json"
		custody show "$p" >"$dir/show-$p.txt"
		custody show --json --at 2025-10-15T00:00:00Z "$p" >"$dir/show-$p-at.json"
	done <"$dir/people.txt"
	dump_tables "$DB" "$dir/tables.txt"
}

# same_capture A B: every file of A is in B, byte-identical, and no more.
same_capture()
{
	if ! diff -r "$1" "$2" >capture.diff; then
		fail "$3:
$(head -n 60 capture.diff)"
	fi
}

say "the captured state is not trivial"
capture before
expect_eq "people in the log" 9 "$(wc -l <before/people.txt)"
for table in people stays stints enrolments marks facilities voided; do
	n=$(sqlite3 -batch "$DB" "SELECT count(*) FROM $table")
	[ "$n" -gt 0 ] || fail "projection table $table is empty before the rebuild"
done
expect_jq '(.[] | select(.facility == "NEWF")) | .capacity == 40 and .population == 2' before/facilities.json
expect_jq '.detained == false and .enrolled == true' "before/show-$R.json"
expect_jq '[.events[] | select(.voided) | .id] == ["x-r8"]' "before/show-$R.json"
expect_jq '.detained == true and .facility == "NEWF" and .enrolled == false' before/show-A123456789.json
expect_jq '.detained == true and .facility == "KRO" and .stay_start == "2025-10-01T06:00:00Z"' "before/show-$R-at.json"
# 2025-10-04: R at NEWF by the late transfer y-1, with S
expect_jq '(.facilities[] | select(.facility == "NEWF") | .population) == 2' before/occupancy-2025-10-04T00:00:00Z.json
expect_jq '(.facilities[] | select(.facility == "STWRTGA") | .population) == 2' before/occupancy-2025-06-01T00:00:00Z.json
ok "9 people, every projection table populated, the voids and late events applied"

say "custody rebuild leaves every read and every table byte-identical"
expect_ok custody rebuild
capture after
same_capture before after "outputs differ after custody rebuild"
ok "$(find before -type f | wc -l) outputs identical"

say "a second rebuild changes nothing either"
expect_ok custody rebuild
rm -rf after
capture after
same_capture before after "outputs differ after a second custody rebuild"
ok "identical"

say "rebuild regenerates damaged projections from the log"
sqlite3 -batch "$DB" "DELETE FROM stints; DELETE FROM people WHERE person = '$R';
	UPDATE facilities SET capacity = 1 WHERE code = 'KRO'; DELETE FROM voided; DELETE FROM enrolments; DELETE FROM marks;"
dump_tables "$DB" damaged.txt
if cmp -s before/tables.txt damaged.txt; then
	fail "damaging the projections with sqlite3 changed nothing"
fi
expect_ok custody rebuild
rm -rf after
capture after
same_capture before after "outputs differ after rebuilding damaged projections"
ok "identical to before the damage"

say "a ledger ingested from the log itself has the same projections"
# The log's bodies, in recording order, replayed into a fresh ledger: every
# event is then appended in seq order in one run. Same log, same tables.
expect_ok custody log --json
jq -c '.[].event' "$OUT" >replay.ndjson
expect_eq "events in replay.ndjson" 92 "$(wc -l <replay.ndjson)"
fresh=$E2E_WORK/fresh.db
expect_ok "$CUSTODY" --db "$fresh" init
expect_ok "$CUSTODY" --db "$fresh" ingest replay.ndjson
expect_counts 92 0 0
for table in facilities people stays stints enrolments voided; do
	a=$(sqlite3 -batch -cmd '.mode quote' "$DB" "SELECT * FROM $table ORDER BY 1, 2")
	b=$(sqlite3 -batch -cmd '.mode quote' "$fresh" "SELECT * FROM $table ORDER BY 1, 2")
	[ "$a" = "$b" ] || fail "table $table differs between the ledger and one ingested from its log:
$(diff <(echo "$a") <(echo "$b") | head -n 30)"
done
ok "facilities, people, stays, stints, enrolments, voided identical"

expect_ok custody check
expect_stdout_contains "ok"
