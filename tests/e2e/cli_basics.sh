#!/usr/bin/env bash
# The command line: init, usage errors, --help, the read commands on the
# example stream, actors, $CUSTODY_DB, and a missing ledger.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

COMMANDS=(init ingest add show facilities occupancy log rebuild check)

# --- init -------------------------------------------------------------------

say "init creates a ledger"
expect_ok custody init
expect_stdout_contains "created ledger"
[ -s "$DB" ] || fail "init exited 0 but $DB is missing or empty"
expect_ok custody check
expect_stdout_contains "ok"
expect_ok custody log --json
expect_stdout "[]"
ok "created, checks ok, empty log"

say "a second init refuses and leaves the ledger untouched"
expect_ok custody ingest "$EXAMPLE"
before=$(md5sum <"$DB")
expect_fail custody init
expect_stderr_contains "exists"
expect_eq "ledger checksum after a second init" "$before" "$(md5sum <"$DB")"
expect_eq "log length after a second init" 58 "$(log_length)"
ok "refused (exit $RC), file unchanged"

say "init refuses to overwrite a file that is not a ledger"
printf 'not a ledger\n' >notes.txt
expect_fail "$CUSTODY" --db notes.txt init
expect_eq "notes.txt after init" "not a ledger" "$(cat notes.txt)"
ok "refused (exit $RC), file unchanged"

say "a fresh ledger for the read checks, recorded by --actor alice"
rm -f "$DB" "$DB-wal" "$DB-shm"
expect_ok custody init
expect_ok custody --actor alice ingest "$EXAMPLE"
expect_counts 58 0 0
ok "stored 58"

# --- usage errors -------------------------------------------------------------

say "usage errors exit 2 with a usage line"
expect_usage()
{
	expect_exit 2 "$@"
	expect_stderr_contains "usage: custody"
}
expect_usage custody frobnicate
expect_stderr_contains "unknown command"
expect_usage custody --frobnicate log
expect_usage "$CUSTODY"
expect_usage "$CUSTODY" --db
expect_usage custody log --frobnicate
expect_usage custody occupancy --json=yes
expect_usage custody occupancy --at
expect_usage custody show
expect_usage custody show A123456789 A098765432
expect_usage custody show not-an-a-number
expect_usage custody add
expect_usage custody ingest
expect_usage custody ingest --rejects r.txt "$EXAMPLE"
expect_usage custody ingest --skip-invalid --batch 0 "$EXAMPLE"
expect_usage custody log --person zz
expect_usage custody check extra
expect_exit 2 custody occupancy --at yesterday
expect_exit 2 custody show --at 2025-02-30 A123456789
[ ! -e r.txt ] || fail "a usage error created the rejects file r.txt"
expect_eq "log length after the usage errors" 58 "$(log_length)"
ok "every usage error exited 2, nothing changed"

# --- help ---------------------------------------------------------------------

say "custody --help lists every command"
expect_ok "$CUSTODY" --help
expect_stdout_contains "usage: custody"
for c in "${COMMANDS[@]}"; do
	grep -qE "^  $c( |$)" "$OUT" || fail "custody --help does not list $c
$(last_run)"
done
ok "${COMMANDS[*]}"

say "custody COMMAND --help exits 0 and prints the command's usage line"
for c in "${COMMANDS[@]}"; do
	# --help works without a ledger
	expect_ok "$CUSTODY" --db "$E2E_WORK/absent.db" "$c" --help
	first=$(head -n 1 "$OUT")
	[[ "$first" =~ ^usage:\ custody\ .*\ $c( |$) ]] || fail "custody $c --help: first line is \"$first\""
done
[ ! -e absent.db ] || fail "--help created a ledger"
ok "${COMMANDS[*]}"

# --- occupancy ----------------------------------------------------------------

# Who is held where on 2025-06-01T00:00:00Z (example.ndjson):
#   A123456789 STWRTGA since 2025-01-27 (out 2025-09-02)
#   A200300400 STWRTGA 2025-05-05, transferred to KRO 2025-05-20 (out 2025-07-09)
#   A098765432 out 2025-03-20; A055500001 out 2025-04-20; A300400500 in at 14:00
#   that day; A400500600 not until 2025-07-14.
# Capacity: STWRTGA 1900 + KRO 600 (650 from 2025-07-01) + STFRCTX 2400 +
# ATLHOLD 12 (closed 2025-08-01) = 4912.
say "occupancy --json --at 2025-06-01T00:00:00Z: shape and numbers"
expect_ok custody occupancy --json --at 2025-06-01T00:00:00Z
# The brief's shape is {at, national{population, capacity},
# facilities[{facility, population, capacity}]}; the binary adds "open"
# (boolean) to each facility row, which is accepted here and nothing else.
expect_jq '(keys_unsorted - ["aors"] == ["at","national","facilities"])
	and (.national | keys_unsorted == ["population","capacity","facility_capacity"])
	and (.facilities | type == "array")
	and all(.facilities[]; ((keys_unsorted - ["open"]) == ["facility","population","capacity"])
		and ((has("open") | not) or (.open | type == "boolean")))'
expect_jq '.at == "2025-06-01T00:00:00Z" and .national.population == 2 and .national.capacity == 4912'
expect_jq '[.facilities[] | {facility, population, capacity}] | sort_by(.facility) == [
	{"facility":"ATLHOLD","population":0,"capacity":12},
	{"facility":"KRO","population":1,"capacity":600},
	{"facility":"STFRCTX","population":0,"capacity":2400},
	{"facility":"STWRTGA","population":1,"capacity":1900}]'
expect_jq '([.facilities[].population] | add) == .national.population'
ok "national 2 / 4912; STWRTGA 1, KRO 1, STFRCTX 0, ATLHOLD 0"

# 2025-08-02: ATLHOLD closed (not counted), KRO at 650; held: A123456789 at
# STWRTGA, A400500600 at KRO.
say "occupancy --json --at 2025-08-02: closed facility gone, new capacity"
expect_ok custody occupancy --json --at 2025-08-02
expect_jq '.at == "2025-08-02T00:00:00Z" and .national.population == 2 and .national.capacity == 4950'
expect_jq '[.facilities[] | {facility, population, capacity}] | sort_by(.facility) == [
	{"facility":"KRO","population":1,"capacity":650},
	{"facility":"STFRCTX","population":0,"capacity":2400},
	{"facility":"STWRTGA","population":1,"capacity":1900}]'
ok "national 2 / 4950, ATLHOLD not listed"

say "occupancy (text) at the same instant"
expect_ok custody occupancy --at 2025-06-01T00:00:00Z
expect_stdout_contains "2025-06-01T00:00:00Z"
grep -qE '^STWRTGA +1 +1900' "$OUT" || fail "occupancy text has no STWRTGA row with 1 of 1900
$(last_run)"
ok "text output agrees"

# --- facilities ---------------------------------------------------------------

# Now (2026-01-01) only A400500600 is held, at KRO.
say "facilities --json: keys, free = capacity - population, values now"
expect_ok custody facilities --json
expect_jq 'type == "array" and length == 4'
expect_jq 'all(.[]; has("facility") and has("name") and has("aor") and has("kind")
	and has("capacity") and has("population") and has("free"))'
expect_jq 'all(.[]; .free == .capacity - .population)'
expect_jq '(map(.facility) | sort) == ["ATLHOLD","KRO","STFRCTX","STWRTGA"]'
expect_jq '.[] | select(.facility == "KRO") | {facility,name,aor,kind,capacity,population,free} == {
	"facility":"KRO","name":"Krome North Service Processing Center","aor":"MIA","kind":"SPC",
	"capacity":650,"population":1,"free":649}'
expect_jq '.[] | select(.facility == "STWRTGA") | {name,aor,kind,capacity,population,free} == {
	"name":"Stewart Detention Center","aor":"ATL","kind":"CDF","capacity":1900,"population":0,"free":1900}'
expect_jq '.[] | select(.facility == "STFRCTX") | .kind == "FAMILY" and .aor == "SNA" and .population == 0'
expect_jq '([.[].population] | add) == 1'
ok "4 facilities, KRO 1 of 650 (649 free)"

# --- show ---------------------------------------------------------------------

say "show --json A-123-456-789: state now"
expect_ok custody show --json A-123-456-789
for k in person detained facility stay_start criminality threat_level mandatory final_order enrolled events; do
	K=$k expect_jq 'has($ENV.K)'
done
expect_jq '.person == "A123456789" and .detained == false and .facility == null and .stay_start == null'
expect_jq '.criminality == "pending" and .threat_level == 3 and .mandatory == "none"'
expect_jq '.final_order == "2025-03-03" and .enrolled == true'
expect_jq '.events | type == "array" and length == 14'
expect_jq '[.events[].id] == ["ev-0001","ev-0002","ev-0003","ev-0004","ev-0005","ev-0006","ev-0007",
	"ev-0008","ev-0009","ev-0010","ev-0011","ev-0012","ev-0013","ev-0080"]'
expect_jq '[.events[] | select(.voided) | .id] == ["ev-0012"]'
expect_jq 'all(.events[]; .actor == "alice")'
ok "not detained, final order 2025-03-03, enrolled, ev-0012 voided"

say "show --at 2025-02-01T00:00:00Z: detained at STWRTGA"
expect_ok custody show --at 2025-02-01T00:00:00Z A123456789
expect_stdout_contains "detained at STWRTGA"
expect_ok custody show --json --at 2025-02-01T00:00:00Z A123456789
expect_jq '.detained == true and .facility == "STWRTGA" and .stay_start == "2025-01-27T15:10:00Z"'
expect_jq '.final_order == null and .enrolled == false'
ok "detained at STWRTGA since 2025-01-27T15:10:00Z"

say "show of a person with no events exits 1"
expect_exit 1 custody show A111111111
ok "exit 1"

# --- log ----------------------------------------------------------------------

say "log --json: 58 entries, seq 1..58, actor and recorded_at"
expect_ok custody log --json
expect_jq 'type == "array" and length == 58'
expect_jq '[.[].seq] == [range(1; 59)]'
expect_jq 'all(.[]; .actor == "alice" and .recorded_at == "2026-01-01T00:00:00Z")'
expect_jq 'all(.[]; .event | type == "object" and has("id") and has("type") and has("at"))'
expect_jq '[.[] | select(.voided) | .event.id] == ["ev-0012"]'
expect_jq '.[0].event.id == "fac-stwrtga" and .[57].event.id == "ev-0080"'
ok "58 entries in recording order, all by alice at 2026-01-01T00:00:00Z"

say "log --person A123456789: that person's events only, with the void ev-0080"
want='["ev-0001","ev-0002","ev-0003","ev-0004","ev-0005","ev-0006","ev-0007","ev-0008","ev-0009","ev-0010","ev-0011","ev-0012","ev-0013","ev-0080"]'
for form in A123456789 A-123-456-789; do
	expect_ok custody log --json --person "$form"
	W=$want expect_jq '[.[].event.id] == ($ENV.W | fromjson)'
	expect_jq '[.[].seq] == ([.[].seq] | sort)'
done
expect_ok custody log --json --person A098765432
expect_jq 'length == 11 and all(.[]; .event.id | test("^ev-00(2[0-9]|30)$"))'
expect_ok custody log --json --person A777777777
expect_stdout "[]"
ok "14 events of A123456789, 11 of A098765432, none of an unknown person"

say "log (text): one line per event"
expect_ok custody log
expect_eq "lines of custody log" 58 "$(wc -l <"$OUT")"
ok "58 lines"

# --- actors and $CUSTODY_DB ---------------------------------------------------

say "\$CUSTODY_ACTOR and --actor name the recorder"
CUSTODY_ACTOR=bob expect_ok custody add \
	'{"id":"cap-1","type":"facility_capacity","at":"2025-12-01T00:00:00Z","facility":"STFRCTX","capacity":2300}'
CUSTODY_ACTOR=bob expect_ok custody --actor carol add \
	'{"id":"cap-2","type":"facility_capacity","at":"2025-12-02T00:00:00Z","facility":"STFRCTX","capacity":2200}'
expect_ok custody log --json
expect_jq '(.[] | select(.event.id == "cap-1") | .actor) == "bob"'
expect_jq '(.[] | select(.event.id == "cap-2") | .actor) == "carol"'
ok "cap-1 by bob (\$CUSTODY_ACTOR), cap-2 by carol (--actor wins)"

say "\$CUSTODY_DB is honoured, and --db wins over it"
CUSTODY_DB=$DB expect_ok "$CUSTODY" log --json
expect_jq 'length == 60'
CUSTODY_DB=$E2E_WORK/other.db expect_ok "$CUSTODY" init
[ -s other.db ] || fail "CUSTODY_DB=other.db custody init did not create other.db"
CUSTODY_DB=$E2E_WORK/other.db expect_ok "$CUSTODY" log --json
expect_stdout "[]"
CUSTODY_DB=$E2E_WORK/other.db expect_ok "$CUSTODY" --db "$DB" log --json
expect_jq 'length == 60'
ok "CUSTODY_DB selects the ledger; --db overrides it"

# --- files that are not ledgers -------------------------------------------------

# A command refuses a file that is not a ledger, and must not change it: an
# empty file stays empty, another program's SQLite database keeps its
# content and journal mode.
say "a file that is not a ledger (not SQLite, a directory, another SQLite database, empty): exit 3, untouched"
: >empty.db
head -c 4096 /dev/zero | tr '\0' 'x' >junk.db
mkdir dir.db
sqlite3 -batch foreign.db "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
content()
{
	if [ -f "$1" ]; then
		echo "$(wc -c <"$1") bytes, md5 $(md5sum <"$1")"
	else
		ls -A "$1"
	fi
}
for f in junk.db dir.db foreign.db empty.db; do
	before=$(content "$f")
	for c in log check; do
		expect_exit 3 "$CUSTODY" --db "$f" "$c"
	done
	expect_eq "$f after custody log and custody check refused it" "$before" "$(content "$f")"
done
expect_eq "journal mode of foreign.db" delete "$(sqlite3 -batch foreign.db 'PRAGMA journal_mode')"
ok "exit 3 for log and check on each"

# --- a missing ledger ---------------------------------------------------------

# Exit status 3 is "I/O or database error"; a ledger file that is not there is
# one (custody --help: 1 is for invalid input or a rejected event).
say "every command on a missing ledger exits 3 and creates nothing"
missing=$E2E_WORK/missing.db
for args in "ingest $EXAMPLE" "add {}" "show A123456789" facilities occupancy log rebuild check; do
	# shellcheck disable=SC2086
	run "$CUSTODY" --db "$missing" $args
	[ "$RC" -eq 3 ] || fail "custody $args on a missing ledger: expected exit status 3, got $RC
$(last_run)"
	[ ! -e "$missing" ] || fail "custody $args created $missing"
done
ok "exit 3 for ingest, add, show, facilities, occupancy, log, rebuild, check"

expect_ok custody check
expect_stdout_contains "ok"
