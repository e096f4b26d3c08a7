#!/usr/bin/env bash
# Every ICE workbook of the shared data (FY2019, FY2021, FY2024, FY2025;
# docs/ice.md): each imported without --fy into its own year; all four in
# one ledger in both orders give the same official figures for every year;
# importing them again stores nothing; an operational ledger's facilities
# are left as they are (--update-facilities changes them, printing each
# change); --dry-run stores nothing; report --compare on imported figures
# only says so; each workbook's profile generates a stream that ingests
# with zero rejects; a file that is not a workbook stores nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

export CUSTODY_NOW=2025-10-01T00:00:00Z
DATA=${CUSTODY_SHARED_DATA:-$(dirname "${BASH_SOURCE[0]}")/../../../shared/data}/ice
FY19=$DATA/FY19-detentionstats.xlsx
FY21=$DATA/FY21-detentionstats.xlsx
FY24=$DATA/FY24_detentionStats.xlsx
FY25=$DATA/FY25_detentionStats09242025.xlsx
for f in "$FY19" "$FY21" "$FY24" "$FY25"; do
	[ -f "$f" ] || fail "no $f (set CUSTODY_SHARED_DATA to the shared data directory)"
done
YEARS="2019 2021 2024 2025"

ledger()
{
	DB=$E2E_WORK/$1.db
	expect_ok custody init
}

# official_all PREFIX: official --json of every year into PREFIX-YEAR.json.
official_all()
{
	local y
	for y in $YEARS; do
		expect_ok custody official --fy "$y" --json
		cp "$OUT" "$1-$y.json"
	done
}

say "each workbook into its own year, without --fy"
ledger a
expect_ok custody import-ice "$FY19"
expect_stdout_contains "fiscal year 2019 (release of 2020-08-21T14:49:04Z): 213 facilities: opened 213"
# FY2019's #N/A cells: warnings naming the sheet and cell ("Facilities FY19" R30)
expect_stderr_contains "warning: $FY19: sheet \"Facilities FY19\" cell R30: \"#N/A\": read as unknown"
expect_ok custody import-ice "$FY21"
expect_stdout_contains "fiscal year 2021 (release of 2021-11-04T15:52:54Z): 135 facilities"
expect_stderr_contains "sheet \"ATD FY21 YTD\" cell A115: a row without a label"
expect_ok custody import-ice "$FY24"
expect_stdout_contains "fiscal year 2024 (release of 2024-10-23T19:08:32Z): 109 facilities"
expect_ok custody import-ice "$FY25"
expect_stdout_contains "fiscal year 2025 (release of 2025-09-25T16:04:34Z): 189 facilities"
official_all a
# FY2019: final releases ("Detention FY19" E39, E42..E45), not book-outs; ATD
# total from the table by AOR ("ATD FY19" B19); removals P29
expect_jq '.tables | index("releases") != null and index("book_outs") == null' a-2019.json
expect_jq '.releases == {"bonded_out": 54102, "recognizance": 176902, "supervision": 13766, "paroled": 17798, "prosecutorial_discretion": 695}' a-2019.json
expect_jq '.atd.total == 83186 and .removals == 267258' a-2019.json
# "Facilities FY19" row 30, ADP by threat level R30..U30 #N/A: unknown (null),
# its beds the guaranteed minimum (W30)
expect_jq '[.facilities[] | select(.name == "MAIN - FOLKSTON IPC (D RAY JAMES)") | .adp] == [null]' a-2019.json
# FY2021: releases by month ("Detention FY21 YTD" O38 143355 in all); ATD B18
expect_jq '(.releases | add) == 143355 and .atd.total == 136026 and .removals == 55590' a-2021.json
expect_jq '(.book_outs | add) == 268480' a-2024.json
ok

say "the four in the other order give the same figures for every year"
ledger b
for f in "$FY25" "$FY24" "$FY21" "$FY19"; do
	expect_ok custody import-ice "$f"
done
official_all b
for y in $YEARS; do
	expect_same_file "official --fy $y in both orders" "a-$y.json" "b-$y.json"
done
ok

say "importing the four again stores nothing"
dump_tables "$DB" before.dump
for f in "$FY19" "$FY21" "$FY24" "$FY25"; do
	expect_ok custody import-ice "$f"
	expect_stdout_contains "opened 0,"
	expect_stdout_contains "differing but left as they are"
	expect_stdout_contains "official figures: the same as those imported before: nothing stored"
done
dump_tables "$DB" after.dump
expect_same_file "every table after importing again" before.dump after.dump
ok

say "--dry-run prints what it would store and stores nothing"
ledger dry
dump_tables "$DB" before.dump
expect_ok custody import-ice --dry-run "$FY21"
expect_stdout_contains "dry run, nothing stored: fiscal year 2021"
expect_stdout_contains 'would append {"id":"ice-fy2021-facility-'
expect_stdout_contains "official figures would replace the year's"
dump_tables "$DB" after.dump
expect_same_file "every table after --dry-run" before.dump after.dump
ok

say "report --compare on a ledger of imported figures only: no ledger data for the year"
DB=$E2E_WORK/a.db
expect_ok custody report --fy 2019 --compare
expect_stdout_contains "the ledger has no data for fiscal year 2019"
[[ "$(cat "$OUT")" != *"-100"* ]] || fail "report --compare printed -100%"
expect_ok custody report --fy 2021 --compare --json
expect_jq '.ledger_data == false'
ok

say "an operational ledger: import-ice changes no capacity; --update-facilities prints each change"
expect_ok "$CUSTODY" generate --quiet --days 3 --scale 0.01 --seed 5 -o ops.ndjson
ledger ops
expect_ok custody ingest --quiet ops.ndjson
expect_stdout_matches 'stored [0-9]+, duplicates 0, rejected 0'
expect_ok custody facilities --json
cp "$OUT" fac_before.json
for f in "$FY19" "$FY21" "$FY24" "$FY25"; do
	expect_ok custody import-ice "$f"
done
expect_ok custody facilities --json
# the facilities the ledger had are as they were (new ones are added)
cp "$OUT" fac_after.json
jq -e --slurpfile a fac_before.json '(map({(.facility): .capacity}) | add) as $now
	| all($a[0][]; $now[.facility] == .capacity)' fac_after.json >/dev/null ||
	fail "import-ice changed the capacity of a facility the ledger had"
# FCI ATLANTA: the generator's (scaled) beds until --update-facilities
expect_jq '[.[] | select(.facility == "FCIATLAN") | .capacity] != [89]'
expect_ok custody import-ice --update-facilities "$FY25"
expect_stdout_matches '(.|
)*  facility FCIATLAN: capacity [0-9]+ -> 89
(.|
)*'
expect_ok custody facilities --json
expect_jq '[.[] | select(.facility == "FCIATLAN") | .capacity] == [89]'
ok

say "ICE's own facility code, known to the ledger, is the workbook's facility's code"
ledger known
# a facility opened with ICE's code, as the daily population data names it
expect_ok custody add '{"id": "ddp-STWRTGA", "type": "facility_open", "at": "2018-10-01T00:00:00Z", "facility": "STWRTGA", "name": "STEWART DETENTION CENTER", "aor": "ATL", "kind": "DIGSA", "capacity": 1900}'
expect_ok custody import-ice "$FY19"
expect_stdout_contains "1 matched a facility of the ledger by name and state"
expect_stderr_contains "no facility of the ledger has its name and state"
expect_ok custody official --fy 2019 --json
expect_jq '[.facilities[] | select(.name == "STEWART DETENTION CENTER") | .code] == ["STWRTGA"]'
expect_ok custody facilities --json
expect_jq '[.[] | select(.facility == "STWRTGA") | .capacity] == [1900]'
ok

say "ICE's codes from the imported daily population name the workbook's facilities"
ledger ddp
printf '%s\n' 'detention_facility_code,date,n_detained_at_midnight,detention_facility' \
	'ADLNTCA,2025-01-01,1700,ADELANTO ICE PROCESSING CENTER' \
	'STWRTGA,2025-01-01,1800,STEWART DETENTION CENTER' >ddp.csv
expect_ok custody import-population --quiet ddp.csv
expect_ok custody import-ice "$FY25"
expect_stdout_contains "2 matched a facility of the ledger by name and state"
expect_ok custody facilities --json
expect_jq '[.[] | select(.facility == "ADLNTCA" or .facility == "STWRTGA") | .name] ==
	["ADELANTO ICE PROCESSING CENTER", "STEWART DETENTION CENTER"]'
ok

say "each workbook's profile generates a stream that ingests with zero rejects"
for y in 19 21 24 25; do
	f=FY$y
	expect_ok "$CUSTODY" profile --from-ice "${!f}" -o "p$y.ini"
	expect_ok "$CUSTODY" generate --quiet --profile "p$y.ini" --days 3 --scale 0.01 -o "g$y.ndjson"
	[ -s "g$y.ndjson" ] || fail "generate --profile p$y.ini wrote nothing"
	ledger "g$y"
	expect_ok custody ingest --quiet "g$y.ndjson"
	expect_stdout_matches 'stored [0-9]+, duplicates 0, rejected 0'
done
# FY2019 publishes releases only: its removals (P29) are the profile's removed
grep -qx 'removed = 267258' p19.ini || fail "p19.ini has no removed = 267258"
ok

say "a file that is not a workbook, or a cut one: an error, nothing stored"
ledger bad
dump_tables "$DB" before.dump
printf 'not a workbook\n' >bad.xlsx
expect_fail custody import-ice bad.xlsx
expect_stderr_contains "bad.xlsx"
head -c 40000 "$FY21" >cut.xlsx
expect_fail custody import-ice cut.xlsx
expect_stderr_contains "cut.xlsx"
dump_tables "$DB" after.dump
expect_same_file "every table after refused files" before.dump after.dump
ok

