#!/usr/bin/env bash
# The bounds of what a user may give and what one query may ask
# (src/core/bounds.h; docs/cli.md, Bounds; docs/api.md, Limits): every
# instant and date from 1970-01-01 to 2099-12-31, checked at the edge (exit
# 2 naming the option; 400 naming the parameter); a cohort at the last
# instant accepted counts the open stays as detained (an instant past 2106
# once wrote past an array); a daily series of at most 3660 days and
# 100000 days x groups, a period of at most 1000000; --days, --need.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
source "$(dirname "${BASH_SOURCE[0]}")/lib/server.bash" || exit 1
e2e_setup

# 30 facilities (F00..F29, ATL); A100000001 held since 2025-03-01 (open),
# A100000002 held 2025-03-02..03-05 (bonded_out).
{
	for i in $(seq -w 0 29); do
		echo "{\"id\":\"f$i\",\"type\":\"facility_open\",\"at\":\"2015-01-01T00:00:00Z\",\"facility\":\"F$i\",\"name\":\"F $i\",\"aor\":\"ATL\",\"kind\":\"SPC\",\"capacity\":10}"
	done
	cat <<'EOF'
{"id":"a1","type":"arrest","at":"2025-03-01T08:00:00Z","person":"A100000001","aor":"ATL","agency":"ICE"}
{"id":"b1","type":"book_in","at":"2025-03-01T10:00:00Z","person":"A100000001","facility":"F00"}
{"id":"a2","type":"arrest","at":"2025-03-02T08:00:00Z","person":"A100000002","aor":"ATL","agency":"ICE"}
{"id":"b2","type":"book_in","at":"2025-03-02T10:00:00Z","person":"A100000002","facility":"F01"}
{"id":"o2","type":"book_out","at":"2025-03-05T10:00:00Z","person":"A100000002","reason":"bonded_out"}
EOF
} >ledger.ndjson
expect_ok custody init
expect_ok custody ingest ledger.ndjson

say "a cohort at the last instant accepted: the open stay is detained"
expect_ok custody stats cohort --arrested 2025-03-01..2025-03-31 --at 2099-12-31T23:59:59Z --json
expect_jq '.states.detained == 1 and .states.released == 1 and .released_by_reason.bonded_out == 1'
ok "detained 1, released 1 (bonded_out)"

say "instants and dates outside 1970..2099: exit 2 naming the option"
check_usage()
{
	local option=$1
	shift
	expect_exit 2 custody "$@"
	expect_stderr_contains "$option"
	expect_stderr_contains "1970-01-01"
	expect_stderr_contains "2099-12-31"
}
check_usage --at stats cohort --arrested 2025-03-01..2025-03-31 --at 9999-12-31T23:59:59Z
check_usage --at stats cohort --arrested 2025-03-01..2025-03-31 --at 2106-02-07T06:28:16Z
check_usage --arrested stats cohort --arrested 1969-12-31..2025-03-31
check_usage --arrested stats cohort --arrested 2025-03-01..2100-01-01
check_usage --from stats daily --from 1969-12-31 --to 1970-01-02
check_usage --to stats period --from 2025-01-01 --to 2100-01-01
check_usage --at stats detained --at 1969-12-31T23:59:59Z
check_usage --at occupancy --at 2100-01-01T00:00:00Z
check_usage --at show --at 0001-01-01 A100000001
check_usage --at flags --at 9999-01-01
check_usage --at candidates --at 9999-01-01
check_usage --at place --at 9999-01-01 A100000001
check_usage --at atd --at 9999-01-01
check_usage --from hearings --from 9999-01-01
check_usage --since log --since 1900-01-01
check_usage --since access-log --since 2200-01-01
check_usage --at report --fy 2025 --at 9999-01-01
check_usage --from generate --from 1969-12-31 --days 2 -o gen.ndjson
expect_exit 2 custody generate --from 2099-12-01 --days 32 -o gen.ndjson
expect_stderr_contains "2099-12-31"
run env CUSTODY_NOW=2100-01-01T00:00:00Z "$CUSTODY" --db "$DB" occupancy
[ "$RC" -eq 2 ] || fail "CUSTODY_NOW in 2100: expected exit 2, got $RC"
expect_stderr_contains "CUSTODY_NOW"
ok "every option refuses an instant outside the bounds"

say "counts and sizes: exit 2 saying the limit"
expect_exit 2 custody hearings --days 3661
expect_stderr_contains "from 1 to 3660"
expect_exit 2 custody candidates --need 100001
expect_stderr_contains "from 0 to 100000"
expect_exit 2 custody stats daily --from 2015-01-01 --to 2025-01-10
expect_stderr_contains "at most 3660 days"
expect_exit 2 custody stats daily --from 2016-01-01 --to 2025-12-31 --by facility --csv
expect_stderr_contains "at most 100000 days x groups"
expect_stderr_contains "30 groups by facility"
[ ! -s "$OUT" ] || fail "a refused series wrote to stdout: $(head -c 200 "$OUT")"
expect_ok custody stats daily --from 2016-01-01 --to 2025-12-31 --json --quiet
expect_jq 'length == 3653'
expect_exit 2 custody stats period --from 1970-01-01 --to 2069-12-31 --by facility
expect_stderr_contains "at most 1000000 days x groups"
expect_ok custody stats period --from 1970-01-01 --to 2069-12-31 --json --quiet
ok "the limits, and the largest queries within them"

say "the API: 400 naming the parameter"
expect_ok custody user add view --role viewer
expect_ok custody user add sup --role supervisor
expect_ok custody user add root --role admin
VIEW=$(custody user token view)
SUP=$(custody user token sup)
ROOT=$(custody user token root)
serve_start
check_400()
{
	local field=$1 path=$2 token=${3:-$VIEW}
	http GET "$path" "$token"
	expect_error 400
	FIELD=$field expect_jq '.field == $ENV.FIELD'
}
check_400 at "/api/stats/cohort?arrested=2025-03-01..2025-03-31&at=9999-12-31T23:59:59Z"
check_400 arrested "/api/stats/cohort?arrested=2025-03-01..2100-01-01"
check_400 from "/api/stats/daily?from=1969-12-31&to=2025-01-01"
check_400 to "/api/stats/period?from=2025-01-01&to=2100-01-01"
check_400 at "/api/stats/detained?at=2100-01-01"
check_400 at "/api/occupancy?at=1969-12-31T23:59:59Z"
check_400 at "/api/report?fy=2025&at=9999-01-01"
check_400 at "/api/flags?at=9999-01-01" "$SUP"
check_400 at "/api/candidates?at=9999-01-01" "$SUP"
check_400 need "/api/candidates?need=100001" "$SUP"
check_400 days "/api/hearings?days=3661" "$SUP"
check_400 from "/api/hearings?from=9999-01-01" "$SUP"
check_400 since "/api/access-log?since=1900-01-01" "$ROOT"
check_400 birth_date "/api/locate?family_name=A&given_name=B&birth_country=MX&birth_date=1899-12-31" -
check_400 birth_date "/api/locate?family_name=A&given_name=B&birth_country=MX&birth_date=2099-01-01" -
http GET "/api/stats/daily?from=2015-01-01&to=2025-01-10" "$VIEW"
expect_error 400
expect_jq '.error | contains("at most 3660 days")'
http GET "/api/stats/daily?from=2016-01-01&to=2025-12-31&by=facility" "$VIEW"
expect_error 400
expect_jq '.error | contains("at most 100000 days x groups")'
http GET "/api/stats/period?from=1970-01-01&to=2069-12-31&by=facility" "$VIEW"
expect_error 400
expect_jq '.error | contains("at most 1000000 days x groups")'
ok "every parameter refuses what is outside the bounds"

say "a cohort at the last instant, many times: the server lives and counts the open stay"
for i in $(seq 1 50); do
	http GET "/api/stats/cohort?arrested=2025-03-01..2025-03-31&at=2099-12-31T23:59:59Z" "$VIEW"
	expect_status 200
done
expect_jq '.states.detained == 1'
serve_alive
serve_stop
ok "50 answers, detained 1"
