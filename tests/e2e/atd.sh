#!/usr/bin/env bash
# Supervision through the command line (rules.md and statistics.md,
# "Alternatives to detention"; docs/supervision.md): custody atd [--at]
# [--aor] [--by technology|aor] [--json], atd due, atd missed, custody
# hearings [--from] [--days] [--json], the supervision flags; their JSON
# shapes, usage errors (exit 2), a missing ledger (exit 3); and on a
# generated ledger, every read the same before and after custody rebuild,
# a past instant the same as a ledger of the events up to it, and a
# plausible compliance rate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

T0=2025-03-01T00:00:00Z
T1=2025-03-15T00:00:00Z

# Who is who (A2000000NN; the same people as tests/test_supervision.c):
#  01 ATL, enrolled 01-10 app every 7 days, every period met (last ok
#     03-09T12:00); hearing 03-05T10:00 attended, one for 03-18T09:00
#  02 arrested MIA, enrolled 02-01 ankle every 7 days with aor HOU, never
#     checks in; hearing 02-20 missed, one for 03-22T00:00
#  03 ATL, enrolled 03-10T06:00 wrist every day, ok 03-10T08:00 only;
#     hearing for 03-18T09:00; arrested again in DAL 04-01
#  04 ATL, enrolled 01-05 phone every 7 days, absconded 03-01T12:00
#  05 DAL, enrolled 01-06 app with aor DAL, ok 01-08; booked in 03-10T12:00
#  06 never arrested, enrolled 03-01 with no device every 30 days;
#     hearing for 03-16T15:00
# At T1: active 01 02 03 06 (64, 42, 4.75 and 14 days: ALIP 31.1875);
# periods ended/met 9/9, 5/0, 3/1, 0/0 (compliance 10/17); hearings 1
# attended, 1 missed; 1 absconder.
cat >ledger.ndjson <<'EOF'
{"id":"fac","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"AAA","name":"A","aor":"ATL","kind":"CDF","capacity":10}
{"id":"p1a","type":"arrest","at":"2025-01-05T08:00:00Z","person":"A200000001","aor":"ATL","agency":"ICE"}
{"id":"p1e","type":"atd_enroll","at":"2025-01-10T00:00:00Z","person":"A200000001","technology":"app","checkin_days":7}
{"id":"p1c1","type":"atd_checkin","at":"2025-01-12T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1c2","type":"atd_checkin","at":"2025-01-19T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1c3","type":"atd_checkin","at":"2025-01-26T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1h1","type":"hearing","at":"2025-02-01T00:00:00Z","person":"A200000001","status":"scheduled","hearing_at":"2025-03-05T10:00:00Z"}
{"id":"p1c4","type":"atd_checkin","at":"2025-02-02T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1c5","type":"atd_checkin","at":"2025-02-09T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1c6","type":"atd_checkin","at":"2025-02-16T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1c7","type":"atd_checkin","at":"2025-02-23T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1c8","type":"atd_checkin","at":"2025-03-02T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1h2","type":"hearing","at":"2025-03-05T12:00:00Z","person":"A200000001","status":"attended","hearing_at":"2025-03-05T10:00:00Z"}
{"id":"p1c9","type":"atd_checkin","at":"2025-03-09T12:00:00Z","person":"A200000001","result":"ok"}
{"id":"p1h3","type":"hearing","at":"2025-03-10T00:00:00Z","person":"A200000001","status":"scheduled","hearing_at":"2025-03-18T09:00:00Z"}
{"id":"p2a","type":"arrest","at":"2025-01-20T08:00:00Z","person":"A200000002","aor":"MIA","agency":"ICE"}
{"id":"p2e","type":"atd_enroll","at":"2025-02-01T00:00:00Z","person":"A200000002","technology":"ankle","checkin_days":7,"aor":"HOU"}
{"id":"p2h1","type":"hearing","at":"2025-02-02T00:00:00Z","person":"A200000002","status":"scheduled","hearing_at":"2025-02-20T09:00:00Z"}
{"id":"p2h2","type":"hearing","at":"2025-02-20T12:00:00Z","person":"A200000002","status":"missed","hearing_at":"2025-02-20T09:00:00Z"}
{"id":"p2h3","type":"hearing","at":"2025-03-01T06:00:00Z","person":"A200000002","status":"scheduled","hearing_at":"2025-03-22T00:00:00Z"}
{"id":"p3a","type":"arrest","at":"2025-01-15T08:00:00Z","person":"A200000003","aor":"ATL","agency":"ICE"}
{"id":"p3e","type":"atd_enroll","at":"2025-03-10T06:00:00Z","person":"A200000003","technology":"wrist","checkin_days":1}
{"id":"p3c1","type":"atd_checkin","at":"2025-03-10T08:00:00Z","person":"A200000003","result":"ok"}
{"id":"p3h1","type":"hearing","at":"2025-03-11T00:00:00Z","person":"A200000003","status":"scheduled","hearing_at":"2025-03-18T09:00:00Z"}
{"id":"p3a2","type":"arrest","at":"2025-04-01T08:00:00Z","person":"A200000003","aor":"DAL","agency":"ICE"}
{"id":"p4a","type":"arrest","at":"2025-01-02T08:00:00Z","person":"A200000004","aor":"ATL","agency":"ICE"}
{"id":"p4e","type":"atd_enroll","at":"2025-01-05T00:00:00Z","person":"A200000004","technology":"phone","checkin_days":7}
{"id":"p4x","type":"atd_end","at":"2025-03-01T12:00:00Z","person":"A200000004","reason":"absconded"}
{"id":"p5a","type":"arrest","at":"2025-01-03T08:00:00Z","person":"A200000005","aor":"DAL","agency":"ICE"}
{"id":"p5e","type":"atd_enroll","at":"2025-01-06T00:00:00Z","person":"A200000005","technology":"app","checkin_days":7,"aor":"DAL"}
{"id":"p5h1","type":"hearing","at":"2025-01-07T00:00:00Z","person":"A200000005","status":"scheduled","hearing_at":"2025-02-10T09:00:00Z"}
{"id":"p5c1","type":"atd_checkin","at":"2025-01-08T00:00:00Z","person":"A200000005","result":"ok"}
{"id":"p5h2","type":"hearing","at":"2025-02-10T10:00:00Z","person":"A200000005","status":"attended","hearing_at":"2025-02-10T09:00:00Z"}
{"id":"p5h3","type":"hearing","at":"2025-03-05T00:00:00Z","person":"A200000005","status":"scheduled","hearing_at":"2025-03-19T09:00:00Z"}
{"id":"p5b","type":"book_in","at":"2025-03-10T12:00:00Z","person":"A200000005","facility":"AAA"}
{"id":"p6e","type":"atd_enroll","at":"2025-03-01T00:00:00Z","person":"A200000006","technology":"none","checkin_days":30}
{"id":"p6h1","type":"hearing","at":"2025-03-02T00:00:00Z","person":"A200000006","status":"scheduled","hearing_at":"2025-03-16T15:00:00Z"}
EOF
expect_ok custody init
expect_ok custody ingest ledger.ndjson
expect_counts "$(grep -c . ledger.ndjson)" 0 0

# --- help ------------------------------------------------------------------

say "--help"
expect_ok custody atd --help
expect_stdout_contains "usage: custody [--db PATH] atd [due | missed]"
expect_ok custody hearings --help
expect_stdout_contains "usage: custody [--db PATH] hearings"
ok

# --- atd ---------------------------------------------------------------------

say "atd --json: the figures at T1"
expect_ok custody atd --at "$T1" --json
expect_jq '(keys | contains(["at", "active", "alip_days", "compliance_rate", "by_technology", "by_aor", "absconders", "court_appearance_rate"]))
  and (.by_technology | keys == ["ankle", "app", "none", "phone", "wrist"])
  and (.groups == null)'
expect_jq '.at == "2025-03-15T00:00:00Z" and .active == 4 and .alip_days == 31.2 and .compliance_rate == 0.5882
  and .by_technology == {"app": 1, "ankle": 1, "wrist": 1, "phone": 0, "none": 1}
  and .by_aor == {"ATL": 2, "HOU": 1, "unknown": 1}
  and .absconders == 1 and .court_appearance_rate == 0.5'
ok

say "atd --json --by technology and --by aor: the same figures per group"
expect_ok custody atd --at "$T1" --json --by technology
expect_jq '[.groups[] | .group] == ["app", "ankle", "wrist", "none"]'
expect_jq '(.groups[] | select(.group == "app")) == {"group": "app", "active": 1, "alip_days": 64, "compliance_rate": 1, "court_appearance_rate": 1}'
expect_jq '(.groups[] | select(.group == "ankle")) == {"group": "ankle", "active": 1, "alip_days": 42, "compliance_rate": 0, "court_appearance_rate": 0}'
expect_jq '(.groups[] | select(.group == "wrist")) | .alip_days == 4.8 and .compliance_rate == 0.3333 and .court_appearance_rate == null'
expect_jq '(.groups[] | select(.group == "none")) | .compliance_rate == null and .alip_days == 14'
expect_jq '([.groups[].active] | add) == .active'
expect_ok custody atd --at "$T1" --json --by aor
expect_jq '[.groups[] | .group] == ["ATL", "HOU", "unknown"]'
expect_jq '(.groups[] | select(.group == "ATL")) | .active == 2 and .alip_days == 34.4 and .compliance_rate == 0.8333'
ok

say "atd --aor: the participants of an AOR (the enrolment's, else the arrest's)"
expect_ok custody atd --at "$T1" --aor ATL --json
expect_jq '.active == 2 and .by_technology.app == 1 and .by_technology.wrist == 1 and .by_aor == {"ATL": 2} and .compliance_rate == 0.8333'
expect_ok custody atd --at "$T1" --aor MIA --json
expect_jq '.active == 0 and .alip_days == null and .compliance_rate == null and .court_appearance_rate == null'
expect_ok custody atd --at "$T1" --aor HOU --json
expect_jq '.active == 1 and .by_technology.ankle == 1 and .compliance_rate == 0'
ok

say "atd at a past instant (T0) and after 05's book-in"
expect_ok custody atd --at "$T0" --json
expect_jq '.active == 5 and .alip_days == 37.4 and .compliance_rate == 0.3333 and .absconders == 0
  and .by_technology == {"app": 2, "ankle": 1, "wrist": 0, "phone": 1, "none": 1}
  and .by_aor == {"ATL": 2, "DAL": 1, "HOU": 1, "unknown": 1}'
expect_ok custody atd --at 2025-03-10T11:59:59Z --aor DAL --json
expect_jq '.active == 1'
expect_ok custody atd --at 2025-03-10T12:00:00Z --aor DAL --json
expect_jq '.active == 0'
ok

say "atd text: a header line and a row per group"
expect_ok custody atd --at "$T1"
expect_stdout_contains "supervision at $T1: 4 active, 1 absconders"
grep -qE '^all +4 +31\.2 +58\.8% +50\.0%$' "$OUT" || fail "atd text: no 'all' row with 4, 31.2, 58.8%, 50.0%
$(last_run)"
expect_ok custody atd --at "$T1" --by technology
grep -qE '^none +1 +14\.0 +- +-$' "$OUT" || fail "atd --by technology: no 'none' row
$(last_run)"
[ "$(grep -cE '^(app|ankle|wrist|phone|none) ' "$OUT")" -eq 4 ] || fail "atd --by technology: not 4 group rows
$(last_run)"
ok

# --- atd due, atd missed -------------------------------------------------------

say "atd due --json: who must check in within 24 hours, earliest end first"
expect_ok custody atd due --at "$T1" --json
expect_jq 'type == "array" and length == 2 and all(.[]; keys | contains(["person", "technology", "due", "grace_until", "last_ok"]))'
expect_jq '.[0] == {"person": "A200000003", "technology": "wrist", "due": "2025-03-14T06:00:00Z", "grace_until": "2025-03-15T06:00:00Z", "last_ok": "2025-03-10T08:00:00Z", "checkin_days": 1, "aor": "ATL"}'
expect_jq '.[1] | .person == "A200000002" and .due == "2025-03-15T00:00:00Z" and .grace_until == "2025-03-16T00:00:00Z" and .last_ok == null and .aor == "HOU"'
expect_ok custody atd due --at "$T1" --aor HOU --json
expect_jq 'map(.person) == ["A200000002"]'
# 04's period [02-23, 03-02) ends exactly 24 h after T0: not before it
expect_ok custody atd due --at "$T0" --json
expect_jq 'map(.person) == ["A200000002"]'
expect_ok custody atd due --at 2025-03-01T00:00:01Z --json
expect_jq 'map(.person) == ["A200000002", "A200000004"]'
expect_ok custody atd due --at "$T1"
expect_stdout_contains "2 due within 24 hours at $T1"
expect_stdout_contains "A200000003  wrist every  1 days  due 2025-03-14T06:00:00Z  last ok 2025-03-10T08:00:00Z"
ok

say "atd missed --json: who missed their latest period, most first"
expect_ok custody atd missed --at "$T1" --json
expect_jq 'type == "array" and all(.[]; keys | contains(["person", "technology", "missed_periods", "last_ok"]))'
expect_jq 'map([.person, .technology, .missed_periods, .last_ok]) == [["A200000002", "ankle", 5, null], ["A200000003", "wrist", 2, "2025-03-10T08:00:00Z"]]'
expect_ok custody atd missed --at "$T0" --json
expect_jq 'map([.person, .missed_periods, .last_ok]) == [["A200000004", 7, null], ["A200000005", 6, "2025-01-08T00:00:00Z"], ["A200000002", 3, null]]'
expect_ok custody atd missed --at "$T1" --aor ATL --json
expect_jq 'map(.person) == ["A200000003"]'
expect_ok custody atd missed --at "$T1"
expect_stdout_contains "2 missed their latest period at $T1"
expect_stdout_contains "A200000002  ankle every  7 days    5 missed in a row  last ok never"
ok

# --- hearings ------------------------------------------------------------------

say "hearings: still scheduled at --from, within --days, of people supervised then"
expect_ok custody hearings --from "$T1" --json
expect_jq 'type == "array" and all(.[]; keys | contains(["person", "hearing_at"]))'
expect_jq 'map([.hearing_at, .person, .technology, .aor]) == [
  ["2025-03-16T15:00:00Z", "A200000006", "none", null],
  ["2025-03-18T09:00:00Z", "A200000001", "app", "ATL"],
  ["2025-03-18T09:00:00Z", "A200000003", "wrist", "ATL"],
  ["2025-03-22T00:00:00Z", "A200000002", "ankle", "HOU"]]'
expect_ok custody hearings --from "$T1" --days 6 --json
expect_jq 'length == 3 and .[2].person == "A200000003"'
# at a past instant: 05 (supervised then) is listed; 01's hearing is still scheduled
expect_ok custody hearings --from 2025-03-05T00:00:00Z --days 20 --json
expect_jq 'map(.person) == ["A200000001", "A200000006", "A200000005", "A200000002"]'
expect_ok custody hearings --from "$T1"
expect_stdout_contains "4 hearings of people under supervision from $T1 to 2025-03-22T00:00:00Z"
expect_stdout_contains "2025-03-16T15:00:00Z  A200000006  none  -"
ok

say "flags: supervision flags with no facility"
expect_ok custody flags --at "$T1" --json
expect_jq '[.[] | select(.person == "A200000002") | .rule] | sort == ["ATD-ABSCOND", "ATD-ESCALATE", "HEARING-REMINDER"]'
expect_jq 'all(.[] | select(.rule | startswith("ATD-") or startswith("HEARING-")); .facility == null)'
expect_jq '[.[] | select(.person == "A200000005") | .rule] | sort == ["PR-BOND", "STD-CLASSIFY-12H"]'
ok

# --- usage and I/O errors ------------------------------------------------------

say "bad arguments exit 2"
for args in "atd --by county" "atd --by" "atd due --by aor" "atd missed --by technology" "atd bogus" \
	"atd due missed" "atd --aor XYZ" "atd --aor atl" "atd --at yesterday" "atd --at" "atd --bogus" \
	"hearings --days 0" "hearings --days -1" "hearings --days abc" "hearings --days 7x" "hearings --days 3661" \
	"hearings --days" "hearings --from nope" "hearings extra" "hearings --bogus"; do
	# shellcheck disable=SC2086
	expect_exit 2 custody $args
	[ -s "$ERR" ] || fail "custody $args: exit 2 with nothing on stderr"
done
expect_exit 2 custody atd --by county
expect_stderr_contains "county"
expect_exit 2 custody atd bogus
expect_stderr_contains "bogus"
expect_exit 2 custody hearings --days abc
expect_stderr_contains "abc"
ok

say "a missing ledger exits 3"
for args in "atd" "atd --json" "atd due" "atd missed --json" "hearings" "hearings --json"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$CUSTODY" --db "$E2E_WORK/no-such.db" $args
	expect_stderr_contains "no-such.db"
done
[ ! -e "$E2E_WORK/no-such.db" ] || fail "a command on a missing ledger created it"
ok

# --- a generated ledger ----------------------------------------------------------

G=$E2E_WORK/gen.db
gcustody() { "$CUSTODY" --db "$G" "$@"; }
END=2025-03-31T23:59:59Z # the last second of the generated window
# Two past instants (answered by replaying every participant: about 0.3 s a
# command at this scale) and the end of the window (no later events).
INSTANTS=(2025-02-03T08:30:00Z 2025-03-20T12:00:00Z "$END")

# capture DIR: every supervision read, at each instant and now
capture()
{
	local dir=$1 t
	mkdir -p "$dir"
	for t in "${INSTANTS[@]}"; do
		gcustody atd --at "$t" --json >"$dir/atd-$t.json"
		gcustody atd --at "$t" --json --by technology >"$dir/atd-tech-$t.json"
		gcustody atd --at "$t" --json --by aor >"$dir/atd-aor-$t.json"
		gcustody atd due --at "$t" --json >"$dir/due-$t.json"
		gcustody atd missed --at "$t" --json >"$dir/missed-$t.json"
		gcustody hearings --from "$t" --json >"$dir/hearings-$t.json"
		gcustody flags --at "$t" --json >"$dir/flags-$t.json"
	done
	t=$END
	gcustody atd --at "$t" --by aor >"$dir/atd-aor-$t.txt"
	gcustody atd --at "$t" --aor NOL --json >"$dir/atd-NOL-$t.json"
	gcustody atd due --at "$t" >"$dir/due-$t.txt"
	gcustody atd missed --at "$t" >"$dir/missed-$t.txt"
	gcustody hearings --from "$t" --days 30 >"$dir/hearings30-$t.txt"
	gcustody atd --json >"$dir/atd-now.json"
	gcustody atd due --json >"$dir/due-now.json"
	gcustody atd missed --json >"$dir/missed-now.json"
	gcustody hearings --json >"$dir/hearings-now.json"
	gcustody flags --json >"$dir/flags-now.json"
}

# check_reads DIR T: the reads at T agree with each other and with the rules
check_reads()
{
	local d=$1 t=$2
	T=$t expect_jq '.at == $ENV.T
	  and ((.by_technology | keys) == ["ankle", "app", "none", "phone", "wrist"])
	  and ([.by_technology[]] | add) == .active and ([.by_aor[]] | add // 0) == .active
	  and (.active == 0 or (.alip_days >= 0 and (.compliance_rate == null or (.compliance_rate >= 0 and .compliance_rate <= 1))))
	  and (.court_appearance_rate == null or (.court_appearance_rate >= 0 and .court_appearance_rate <= 1))' "$d/atd-$t.json"
	expect_jq '([.groups[].active] | add // 0) == .active' "$d/atd-tech-$t.json"
	expect_jq '([.groups[].active] | add // 0) == .active' "$d/atd-aor-$t.json"
	expect_jq '(.groups | map(select(.group == "app")) | .[0].active // 0) == .by_technology.app' "$d/atd-tech-$t.json"
	expect_jq '(.groups | map(select(.group == "NOL")) | .[0].active // 0) == (.by_aor.NOL // 0)' "$d/atd-aor-$t.json"
	# due: sorted by due, each within the next 24 hours and still in its grace
	T=$t expect_jq 'def s: fromdateiso8601;
	  ([.[] | [.due, .person]] as $k | $k == ($k | sort))
	  and all(.[]; (.due | s) < ($ENV.T | s) + 86400 and (.grace_until | s) > ($ENV.T | s)
	    and (.grace_until | s) == (.due | s) + 86400
	    and (.last_ok == null or .last_ok <= $ENV.T))' "$d/due-$t.json"
	# missed: most first, then A-number; every one missed at least one
	expect_jq '([.[] | [-.missed_periods, .person]] as $k | $k == ($k | sort)) and all(.[]; .missed_periods >= 1)' \
		"$d/missed-$t.json"
	# hearings: by time then A-number, in [T, T + 7 d)
	T=$t expect_jq 'def s: fromdateiso8601;
	  ([.[] | [.hearing_at, .person]] as $k | $k == ($k | sort))
	  and all(.[]; (.hearing_at | s) >= ($ENV.T | s) and (.hearing_at | s) < ($ENV.T | s) + 7 * 86400)' \
		"$d/hearings-$t.json"
	# flags against the lists: ATD-ESCALATE is two or more missed in a row;
	# every HEARING-REMINDER is a listed hearing (the reminder window also
	# holds T + 7 d itself)
	jq -e -n --slurpfile f "$d/flags-$t.json" --slurpfile m "$d/missed-$t.json" --slurpfile h "$d/hearings-$t.json" --arg t "$t" '
	  ([$f[0][] | select(.rule == "ATD-ESCALATE") | .person] | sort) == ([$m[0][] | select(.missed_periods >= 2) | .person] | sort)
	  and ([$f[0][] | select(.rule == "HEARING-REMINDER" and (.due | fromdateiso8601) < ($t | fromdateiso8601) + 7 * 86400)
	        | [.person, .due]] | sort) == ([$h[0][] | [.person, .hearing_at]] | sort)' >/dev/null ||
		fail "at $t: ATD-ESCALATE or HEARING-REMINDER flags disagree with atd missed / hearings"
}

# check_end DIR: the text forms and one AOR at the end of the window
check_end()
{
	local d=$1 t=$END
	jq -e -n --slurpfile a "$d/atd-aor-$t.json" --slurpfile n "$d/atd-NOL-$t.json" '
	  ($a[0].groups | map(select(.group == "NOL")) | .[0] // {"active": 0}) as $g
	  | $n[0].active == $g.active and ($g.active == 0 or ($n[0].compliance_rate == $g.compliance_rate
	    and $n[0].alip_days == $g.alip_days and $n[0].court_appearance_rate == $g.court_appearance_rate))' >/dev/null ||
		fail "at $t: atd --aor NOL disagrees with the NOL group of --by aor"
	[ "$(head -n 1 "$d/due-$t.txt" | cut -d' ' -f1)" -eq "$(jq length "$d/due-$t.json")" ] ||
		fail "at $t: atd due text header disagrees with --json"
	[ "$(head -n 1 "$d/missed-$t.txt" | cut -d' ' -f1)" -eq "$(jq length "$d/missed-$t.json")" ] ||
		fail "at $t: atd missed text header disagrees with --json"
	[ "$(grep -c '^A[0-9]\{9\} ' "$d/missed-$t.txt")" -eq "$(jq length "$d/missed-$t.json")" ] ||
		fail "at $t: atd missed text rows disagree with --json"
	head -n 1 "$d/atd-aor-$t.txt" | grep -qE "^supervision at $t: $(jq .active "$d/atd-aor-$t.json") active, " ||
		fail "at $t: atd text header disagrees with --json"
}

for seed in 21; do
	say "generated ledger (seed $seed): reads agree, and are the same after rebuild"
	rm -f "$G" "$G-wal" "$G-shm"
	expect_ok "$CUSTODY" generate --quiet --from 2025-01-01 --days 90 --scale 0.01 --seed "$seed" -o gen.ndjson
	last=$(tail -n 1 gen.ndjson | jq -r .at)
	[[ "$last" < "$CUSTODY_NOW" ]] || fail "the stream ends at $last, after CUSTODY_NOW"
	[[ "$last" < "$END" || "$last" == "$END" ]] || fail "the stream ends at $last, after $END"
	grep -q '"atd_enroll"' gen.ndjson || fail "the generated stream has no enrolment"
	expect_ok gcustody init
	expect_ok gcustody ingest --quiet gen.ndjson
	expect_stdout_matches 'stored [0-9]+, duplicates 0, rejected 0'
	rm -rf before after
	capture before
	for t in "${INSTANTS[@]}"; do
		check_reads before "$t"
	done
	check_end before
	# something to compare
	expect_jq '.active > 100 and .compliance_rate != null' "before/atd-$END.json"
	[ "$(jq length "before/missed-$END.json")" -gt 0 ] || fail "seed $seed: nobody missed a period by $END"
	[ "$(jq length "before/due-$END.json")" -gt 0 ] || fail "seed $seed: nobody due at $END"
	[ "$(jq '[.[] | select(.rule | startswith("ATD-") or startswith("HEARING-"))] | length' "before/flags-$END.json")" -gt 0 ] ||
		fail "seed $seed: no supervision flag at $END"
	# compliance of a generated population: most periods met
	rate=$(jq .compliance_rate "before/atd-$END.json")
	jq -e '.compliance_rate >= 0.8 and .compliance_rate <= 1' "before/atd-$END.json" >/dev/null ||
		fail "seed $seed: compliance rate $rate at $END, not between 0.8 and 1"
	expect_ok gcustody rebuild
	capture after
	if ! diff -r before after >gen.diff; then
		fail "seed $seed: supervision reads differ after custody rebuild:
$(head -n 40 gen.diff)"
	fi
	ok "seed $seed: $(jq .active "before/atd-$END.json") active at $END, compliance $rate, identical after rebuild"
done

say "atd, lists and hearings at T depend only on the events up to T"
t=2025-03-20T12:00:00Z
if grep -v '"at":"[0-9T:-]*Z"' gen.ndjson | head -n 1 | grep -q .; then
	fail "gen.ndjson has an at not in the Z form: the prefix below compares strings"
fi
jq -c --arg t "$t" 'select(.at <= $t)' gen.ndjson >prefix.ndjson
P=$E2E_WORK/prefix.db
expect_ok "$CUSTODY" --db "$P" init
expect_ok "$CUSTODY" --db "$P" ingest --quiet prefix.ndjson
"$CUSTODY" --db "$P" atd --at "$t" --json --by aor >prefix-atd.json
expect_same_file "atd --by aor at $t from the events up to $t" "after/atd-aor-$t.json" prefix-atd.json
"$CUSTODY" --db "$P" atd due --at "$t" --json >prefix-due.json
expect_same_file "atd due at $t from the events up to $t" "after/due-$t.json" prefix-due.json
"$CUSTODY" --db "$P" atd missed --at "$t" --json >prefix-missed.json
expect_same_file "atd missed at $t from the events up to $t" "after/missed-$t.json" prefix-missed.json
"$CUSTODY" --db "$P" hearings --from "$t" --json >prefix-hearings.json
expect_same_file "hearings from $t from the events up to $t" "after/hearings-$t.json" prefix-hearings.json
ok
