#!/usr/bin/env bash
# The daily population of every facility (docs/population.md, docs/cli.md:
# import-population, official --population; docs/api.md): the Deportation
# Data Project's table imported, its national series checked against the
# file's own sums (zcat and awk), imported again (nothing new), extended and
# corrected by a later file; hostile files refused naming the file and the
# line with the ledger unchanged; the answer through the API.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib/common.bash" || exit 1
source "$HERE/lib/server.bash" || exit 1
e2e_setup

export CUSTODY_NOW=2026-01-01T00:00:00Z
DDP=$CUSTODY_FIXTURES/ddp/facilities-daily-population-fy2023-fy2025.csv.gz
[ -f "$DDP" ] || fail "the facility daily population table is not at $DDP"
HEADER=detention_facility_code,date,n_detained,n_detained_at_midnight,n_detained_male,n_detained_female,n_detained_convicted_criminal,n_detained_possibly_under_18,detention_facility

# dump FILE: the whole ledger, schema and rows (sqlite3 .dump).
dump()
{
	sqlite3 -batch "$DB" .dump >"$1"
}

DB=$E2E_WORK/ledger.db
expect_ok custody init

say "before any import"
expect_exit 1 custody official --population --from 2024-10-01 --to 2024-10-31
expect_stderr_contains "no daily population was imported"
ok "no data: status 1"

say "import-population of the FY2023-FY2025 table"
expect_ok custody import-population "$DDP"
expect_stdout "$DDP: 774872 rows, 707 facilities, 2022-10-01 to 2025-09-30: 774872 new, 0 changed, 0 unchanged"
ok "774,872 rows"

say "the national series equals the file's sum of n_detained_at_midnight, every day"
# the column by its header name; the name (quoted, with commas) is the last column
zcat "$DDP" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; m = col["n_detained_at_midnight"];
	d = col["date"]; if (!m || !d || col["detention_facility"] != NF) exit 1; next }
	{ sum[$d] += $m } END { print "date,population"; for (k in sum) print k "," sum[k] | "sort" }' >reference.csv
[ "$(wc -l <reference.csv)" -eq 1097 ] || fail "the reference has $(wc -l <reference.csv) lines, not 1 + 1096 days"
expect_ok custody official --population --from 2022-10-01 --to 2025-09-30 --csv
expect_same_file "the national series" reference.csv "$OUT"
expect_ok custody official --population --from 2022-10-01 --to 2025-09-30 --json
expect_jq 'length == 1096 and .[0] == {"date": "2022-10-01", "population": 25415}'
# the FY means of data/ddp/README.md
expect_jq '[.[] | select(.date >= "2024-10-01") | .population] | add / length | round == 47700'
ok "1,096 days equal; FY2025 mean 47,700"

say "one facility, and the breakdown by facility"
zcat "$DDP" | awk -F, '$1 == "STWRTGA" && $2 >= "2024-10-01" && $2 <= "2024-10-31" { print $2 "," $4 }' |
	sed '1i date,population' >stewart.csv
expect_ok custody official --population --from 2024-10-01 --to 2024-10-31 --facility STWRTGA --csv
expect_same_file "Stewart's series" stewart.csv "$OUT"
expect_ok custody official --population --from 2024-10-01 --to 2024-10-01 --by facility --json
expect_jq 'length == 707'
expect_jq 'all(.[]; .date == "2024-10-01" and (.facility | test("^[A-Z0-9]+$")) and (.name | type == "string"))'
expect_jq 'any(.[]; .facility == "AKANVIL" and .name == "ANVIL MOUNTAIN CC, NOME,")'
ref=$(awk -F, '$1 == "2024-10-01" { print $2 }' reference.csv)
expect_jq "(map(.population) | add) == $ref"
expect_ok custody official --population --from 2024-10-01 --to 2024-10-02 --by facility --csv
expect_stdout_contains '2024-10-01,AKANVIL,"ANVIL MOUNTAIN CC, NOME,",0'
ok "a facility's series, the breakdown (JSON, CSV with quoted names)"

say "official --population: bad questions"
expect_exit 2 custody official --population --from 2024-10-31 --to 2024-10-01
expect_stderr_contains "--to is before --from"
expect_exit 2 custody official --population --from 2024-02-30 --to 2024-10-01
expect_stderr_contains "--from"
expect_exit 2 custody official --population --from 1999-12-31 --to 2024-10-01
expect_exit 2 custody official --population --to 2024-10-01
expect_exit 2 custody official --population --from 2024-10-01 --to 2024-10-02 --by aor
expect_exit 2 custody official --population --fy 2025 --from 2024-10-01 --to 2024-10-02
expect_exit 2 custody official --fy 2025 --from 2024-10-01
expect_exit 2 custody official --population --from 2024-10-01 --to 2024-10-02 --json --csv
expect_exit 1 custody official --population --from 2024-10-01 --to 2024-10-02 --facility NOSUCH
expect_stderr_contains 'no daily population of facility "NOSUCH"'
expect_ok custody official --population --from 2030-01-01 --to 2030-01-02 --json
expect_stdout "[]"
ok "status 2 for a bad range or option, 1 for an unknown facility; no data in range: []"

say "imported again: nothing new"
dump before.sql
expect_ok custody import-population "$DDP"
expect_stdout "$DDP: 774872 rows, 707 facilities, 2022-10-01 to 2025-09-30: 0 new, 0 changed, 774872 unchanged"
dump after.sql
expect_same_file "the ledger after a second import" before.sql after.sql
ok "0 new, 0 changed; the ledger is the same"

say "a later file extends and corrects the series"
line30=$(zcat "$DDP" | grep '^STWRTGA,2025-09-30,')
IFS=, read -r _ _ det mid _ <<<"$line30"
{
	echo "extra_column,$HEADER"
	zcat "$DDP" | grep '^STWRTGA,2025-09-2[89],' | sed 's/^/x,/'
	echo "x,STWRTGA,2025-09-30,$((det + 5)),$((mid + 5)),,,,,STEWART DETENTION CENTER"
	echo "x,STWRTGA,2025-10-01,$((det + 7)),$((mid + 7)),,,,,\"STEWART DETENTION CENTER, \"\"NEW\"\"\""
} >later.csv
run_in later.csv custody import-population -
[ "$RC" -eq 0 ] || fail "the later file was refused: $(cat "$ERR")"
expect_stdout "-: 4 rows, 1 facilities, 2025-09-28 to 2025-10-01: 1 new, 1 changed, 2 unchanged"
expect_ok custody official --population --from 2025-09-28 --to 2025-10-01 --facility STWRTGA --json
expect_jq ".[2].population == $((mid + 5)) and .[3] == {\"date\": \"2025-10-01\", \"population\": $((mid + 7))}"
expect_ok custody official --population --from 2025-10-01 --to 2025-10-01 --by facility --json
expect_jq 'length == 1 and .[0].name == "STEWART DETENTION CENTER, \"NEW\""'
run_in later.csv custody import-population -
expect_stdout "-: 4 rows, 1 facilities, 2025-09-28 to 2025-10-01: 0 new, 0 changed, 4 unchanged"
ok "1 new day, 1 changed, the latest name kept (quoted, with a comma and quotes); again: nothing"

say "hostile files: refused naming the file and the line, the ledger unchanged"
dump before.sql
# refused FILE LINE TEXT: import-population of FILE fails with status 1,
# "FILE: line LINE: ...TEXT...", and the ledger is as it was.
refused()
{
	local file=$1 line=$2 text=$3
	expect_exit 1 custody import-population "$file"
	expect_stderr_contains "custody: $file: line $line: "
	expect_stderr_contains "$text"
	dump after.sql
	expect_same_file "the ledger after $file" before.sql after.sql
	ok "$file: line $line: $text"
}
row()
{
	printf '%s\n' "$HEADER" "STWRTGA,2024-01-01,10,9,8,2,1,0,STEWART" "$@"
}
head -c 1000000 "$DDP" >truncated.csv.gz
expect_exit 1 custody import-population truncated.csv.gz
expect_stderr_matches "^custody: truncated.csv.gz: line [0-9]+: the compressed data is cut short"
dump after.sql
expect_same_file "the ledger after truncated.csv.gz" before.sql after.sql
row "STWRTGA,2024-01-02,10,9,8,2,1,0,STEWART" | gzip -c >whole.csv.gz
head -c 60 whole.csv.gz >cut.csv.gz
expect_exit 1 custody import-population cut.csv.gz
expect_stderr_matches "cut.csv.gz: line [0-9]+: the compressed data is cut short"
printf '%s\n' "detention_facility_code,date,n_detained,detention_facility" "STWRTGA,2024-01-01,3,S" >header.csv
refused header.csv 1 'the header has no column "n_detained_at_midnight"'
row "STWRTGA,2024-01-02,10,-3,8,2,1,0,STEWART" >negative.csv
refused negative.csv 3 'n_detained_at_midnight: "-3" is negative'
row "STWRTGA,2024-01-02,10,9,8,2,1,0,STEWART" "STWRTGA,2024-01-03,10,nine,8,2,1,0,STEWART" >nan.csv
refused nan.csv 4 'n_detained_at_midnight: "nine" is not a whole number'
row "STWRTGA,2024-02-30,10,9,8,2,1,0,STEWART" >date.csv
refused date.csv 3 'date: "2024-02-30" is not a date'
row "KROME,2024-01-05,1,1,1,0,0,0,KROME" "STWRTGA,2023-12-31,10,9,8,2,1,0,STEWART" >order.csv
refused order.csv 4 "date 2023-12-31 of facility STWRTGA is not after its date 2024-01-01 on line 2"
row "STWRTGA,2024-01-01,10,9,8,2,1,0,STEWART" >twice.csv
refused twice.csv 3 "is not after its date 2024-01-01 on line 2"
row "STWRTGA,2024-01-02,10,11,8,2,1,0,STEWART" >midnight.csv
refused midnight.csv 3 "n_detained_at_midnight is 11, more than n_detained (10)"
row "STWRTGA,2024-01-02,10,9,8,2,1,0" >short.csv
refused short.csv 3 "8 columns, the header has 9"
{ printf '%s' "$HEADER"; printf ',x%d' $(seq 1 60); echo; } >wide.csv
refused wide.csv 1 "more than 64 columns"
row 'STWRTGA,2024-01-02,10,9,8,2,1,0,"STEWART' >open.csv
refused open.csv 3 "a quoted field is not closed"
row 'STWRTGA,2024-01-02,10,9,8,2,1,0,STE"WA"RT' >quote.csv
refused quote.csv 3 "a quote inside a field not in quotes"
row "stwrtga,2024-01-02,10,9,8,2,1,0,STEWART" >code.csv
refused code.csv 3 'detention_facility_code: "stwrtga" is not a facility code'
row "STWRTGA,2024-01-02,10,9,8,2,1,0,STEWART" "STWRTGA,2024-01-03,1000001,9,8,2,1,0,STEWART" >huge.csv
refused huge.csv 4 "n_detained: 1000001 is more than 1000000"
: >empty.csv
refused empty.csv 1 "the file is empty"
printf 'a\0b\n' >nul.csv
refused nul.csv 1 "a NUL byte"
expect_exit 3 custody import-population nosuchfile.csv
expect_stderr_contains "nosuchfile.csv: No such file or directory"

say "a 2 GiB line, from a stream: refused at 64 KiB, without reading it all"
start=$(date +%s)
set +o pipefail
{ printf '%s\n' "$HEADER"; head -c 2147483648 /dev/zero | tr '\0' A; } | custody import-population - >"$OUT" 2>"$ERR" && RC=0 || RC=$?
set -o pipefail
LAST_CMD="a 2 GiB line | custody import-population -"
[ "$RC" -eq 1 ] || fail "a 2 GiB line: status $RC, not 1: $(cat "$ERR")"
expect_stderr_contains "custody: -: line 2: longer than 65536 bytes"
[ $(($(date +%s) - start)) -lt 20 ] || fail "refusing a 2 GiB line took $(($(date +%s) - start)) s"
{ printf '%s\n' "$HEADER"; head -c 2147483648 /dev/zero; } | custody import-population - >"$OUT" 2>"$ERR" && RC=0 || RC=$?
[ "$RC" -eq 1 ] || fail "2 GiB of NUL bytes: status $RC, not 1"
expect_stderr_contains "custody: -: line 2: a NUL byte"
dump after.sql
expect_same_file "the ledger after a 2 GiB line" before.sql after.sql
ok "refused at line 2, the ledger unchanged"

say "the API: GET /api/official?population=1 answers as official --population --json"
expect_ok custody user add viewer --role viewer
expect_ok custody user token viewer
TOKEN=$(tail -n 1 "$OUT")
serve_start
expect_ok custody official --population --from 2024-10-01 --to 2024-12-31 --json
cp "$OUT" cli.json
http GET "/api/official?population=1&from=2024-10-01&to=2024-12-31" "$TOKEN"
expect_status 200
expect_same_file "the API's series" cli.json "$OUT"
expect_ok custody official --population --from 2024-10-01 --to 2024-10-03 --facility STWRTGA --by facility --json
cp "$OUT" cli.json
http GET "/api/official?population=1&from=2024-10-01&to=2024-10-03&facility=STWRTGA&by=facility" "$TOKEN"
expect_status 200
expect_same_file "the API's breakdown" cli.json "$OUT"
http GET "/api/official?population=1&from=2024-10-03&to=2024-10-01" "$TOKEN"
expect_error 400
expect_jq '.field == "to"'
http GET "/api/official?population=1&from=2024-10-01" "$TOKEN"
expect_error 400
http GET "/api/official?population=1&from=2024-10-01&to=2024-10-02&by=aor" "$TOKEN"
expect_error 400
http GET "/api/official?population=1&from=2024-10-01&to=2024-10-02&fy=2025" "$TOKEN"
expect_error 400
http GET "/api/official?population=1&from=2024-10-01&to=2024-10-02&facility=NOSUCH" "$TOKEN"
expect_error 404
http GET "/api/official?population=1&from=2024-10-01&to=2024-10-02"
expect_error 401
serve_stop
ok "the same JSON; 400 for a bad range or parameter, 404 for an unknown facility, 401 without a token"
