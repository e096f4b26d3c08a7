#!/usr/bin/env bash
# The server's hardening (issue 13, defects 3, 5, 6 and 7): a revoked token
# stops working within a second even while its user keeps writing; a wrong
# token of a signed-in user costs what an unknown user's costs; the locator
# answers an unknown A-number as it answers a hidden one, and is not held
# up by a long query; person lists and locator hits are in the access log,
# each person, with the instant asked about.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
source "$(dirname "${BASH_SOURCE[0]}")/lib/server.bash" || exit 1
e2e_setup

LOOP= # a background writer to stop, whatever happens
e2e_on_exit()
{
	[ -z "$LOOP" ] || kill "$LOOP" 2>/dev/null || true
	serve_stop
}

# A national ledger (its last events 2025-09-30), and a few people of ours.
export CUSTODY_NOW=2025-10-01T00:00:00Z
expect_ok custody init
run "$CUSTODY" generate --scale 0.01 --seed 1 -o national.ndjson
[ "$RC" = 0 ] || fail "generate: $(cat "$ERR")"
cat >>national.ndjson <<'EOF2'
{"id":"t-f","type":"facility_open","at":"2025-09-01T00:00:00Z","facility":"TSTF","name":"Test Facility","aor":"NYC","kind":"SPC","capacity":20,"city":"Kearny","state":"NJ"}
{"id":"t-a1","type":"arrest","at":"2025-09-29T10:00:00Z","person":"A900000001","aor":"NYC","agency":"ICE","family_name":"Seen","given_name":"Sam","birth_date":"1990-01-01","sex":"M","birth_country":"MX"}
{"id":"t-b1","type":"book_in","at":"2025-09-29T12:00:00Z","person":"A900000001","facility":"TSTF"}
{"id":"t-a2","type":"arrest","at":"2025-09-29T10:00:00Z","person":"A900000002","aor":"NYC","agency":"ICE","family_name":"Hidden","given_name":"Hana","birth_date":"1990-01-01","sex":"F","birth_country":"MX"}
{"id":"t-b2","type":"book_in","at":"2025-09-29T12:00:00Z","person":"A900000002","facility":"TSTF"}
{"id":"t-c2","type":"classify","at":"2025-09-29T13:00:00Z","person":"A900000002","protected":true}
EOF2
expect_ok custody ingest national.ndjson
expect_ok custody user add view --role viewer
expect_ok custody user add sup --role supervisor
expect_ok custody user add root --role admin
expect_ok custody user add writer --role officer --aor NYC
VIEW=$(custody user token view)
SUP=$(custody user token sup)
ROOT=$(custody user token root)
serve_start --locate-rate 100000 --signin-rate 100000 --threads 4

say "defect 3: a token removed or replaced from the command line stops within a second, while its user writes in a loop"
# write_loop TOKEN: post as fast as it can until killed (each POST begins a write transaction)
write_loop()
{
	while :; do
		curl -s -o /dev/null -X POST -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
			--data-binary '{"id":"loop-1","type":"classify","at":"2025-09-30T00:00:00Z","person":"A900000001","protected":false}' \
			"$BASE/api/events" || true
	done
}
# until_refused TOKEN: the token is refused within 2.5 s (the server's
# second, and the requests' own time on a loaded machine; before the fix it
# was never refused), and stays refused
until_refused()
{
	local deadline=$((SECONDS + 6)) t0
	t0=$(date +%s.%N)
	while :; do
		http GET /api/me "$1"
		[ "$STATUS" = 401 ] && break
		[ "$SECONDS" -lt "$deadline" ] || fail "the revoked token still works $(echo "$(date +%s.%N) - $t0" | bc -l) s later"
		sleep 0.05
	done
	local took
	took=$(echo "$(date +%s.%N) - $t0" | bc -l)
	[ "$(echo "$took < 2.5" | bc -l)" = 1 ] || fail "the revoked token worked for $took s"
	for _ in 1 2 3; do
		sleep 0.3
		http GET /api/me "$1"
		expect_error 401
	done
}
for round in 1 2 3; do
	token=$(custody user token writer)
	for _ in $(seq 1 30); do
		http GET /api/me "$token"
		[ "$STATUS" = 200 ] && break
		sleep 0.1
	done
	expect_status 200
	write_loop "$token" &
	LOOP=$!
	sleep 1.2
	if [ "$round" = 2 ]; then
		custody user remove writer >/dev/null
	else
		custody user token writer >/dev/null
	fi
	until_refused "$token"
	kill "$LOOP"
	wait "$LOOP" 2>/dev/null || true
	LOOP=
	[ "$round" = 2 ] && expect_ok custody user add writer --role officer --aor NYC
done
ok "revoked within a second, three times, under a loop of writes"

# median FILE: the median of the numbers in FILE, one a line
median()
{
	sort -g "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# timed PATH TOKEN: the seconds one GET takes
timed()
{
	curl -s -o /dev/null -w '%{time_total}\n' ${2:+-H "Authorization: Bearer $2"} "$BASE$1"
}

say "defect 5: a wrong token of a signed-in user costs an argon2id check, as an unknown user's does"
http GET /api/me "$VIEW"
expect_status 200
wrong="view.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
unknown="nobody.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
: >known.times
: >unknown.times
for _ in 1 2 3 4 5; do
	timed /api/me "$wrong" >>known.times
	timed /api/me "$unknown" >>unknown.times
done
k=$(median known.times)
u=$(median unknown.times)
say "median refusal: signed-in user $k s, unknown user $u s"
[ "$(echo "$k * 3 > $u && $u * 3 > $k" | bc -l)" = 1 ] || fail "refusals differ: signed-in user $k s, unknown $u s"
ok "a wrong token costs the same whoever's name it carries"

say "defect 5: the locator's unknown and hidden A-numbers are answered alike, in about the same time"
http GET "/api/locate?a=A900000002&birth_country=MX"
expect_error 404
hidden=$(cat "$OUT")
http GET "/api/locate?a=A900000099&birth_country=MX"
expect_eq "hidden and unknown" "$hidden" "$(cat "$OUT")"
: >hidden.times
: >unknown.times
for _ in $(seq 1 150); do
	timed "/api/locate?a=A900000002&birth_country=MX" >>hidden.times
	timed "/api/locate?a=A900000099&birth_country=MX" >>unknown.times
done
h=$(median hidden.times)
u=$(median unknown.times)
say "median locator answer: hidden $h s, unknown $u s (the equal work is checked exactly in test_users)"
[ "$(echo "$h < $u * 1.5 + 0.0005 && $u < $h * 1.5 + 0.0005" | bc -l)" = 1 ] || fail "hidden $h s, unknown $u s"
ok "locator: the same answer, the same time"

say "defect 6: a long query in flight does not hold up the locator"
long="/api/supervision?at=2025-01-01T00:00:00Z"
start=$(date +%s.%N)
timed "$long" "$VIEW" >/dev/null
alone=$(echo "$(date +%s.%N) - $start" | bc -l)
say "the long query alone: $alone s"
[ "$(echo "$alone > 0.3" | bc -l)" = 1 ] || say "(the long query is short on this machine: the check below proves little)"
for round in 1 2 3; do
	timed "$long" "$VIEW" >long.time &
	long_pid=$!
	sleep 0.1
	: >busy.times
	for _ in 1 2 3 4 5; do
		timed "/api/locate?a=A900000001&birth_country=MX" >>busy.times
	done
	kill -0 "$long_pid" 2>/dev/null && still=1 || still=0
	wait "$long_pid"
	worst=$(sort -g busy.times | tail -1)
	say "round $round: locator at worst $worst s beside a query of $(cat long.time) s (still running after: $still)"
	[ "$(echo "$worst < $(cat long.time) / 2" | bc -l)" = 1 ] || fail "the locator waited on the long query: $worst s"
done
ok "the locator answered while the long query ran"

say "defect 7: person lists and locator hits are in the access log, one row a person, with the instant asked about"
http GET "/api/locate?a=A900000001&birth_country=MX"
expect_status 200
http GET "/api/flags?at=2025-09-30T00:00:00Z" "$SUP"
expect_status 200
flagged=$(jq '[.[].person] | unique | length' "$OUT")
[ "$flagged" -gt 100 ] || fail "only $flagged people flagged"
one=$(jq -r '.[0].person' "$OUT")
declare -A LISTS=([/api/candidates]="GET /api/candidates" [/api/supervision/due]="GET /api/supervision/due"
	[/api/supervision/missed]="GET /api/supervision/missed" ["/api/hearings?days=30"]="GET /api/hearings")
for path in "${!LISTS[@]}"; do
	http GET "$path" "$SUP"
	expect_status 200
	jq -c '[.[].person] | unique' "$OUT" >"people.json"
	http GET "/api/access-log?user=sup" "$ROOT"
	expect_jq "([.[] | select(.what == \"${LISTS[$path]}\") | .person] | sort) == $(cat people.json)"
done
http GET "/api/access-log?user=sup" "$ROOT"
expect_status 200
expect_jq "[.[] | select(.what == \"GET /api/flags\")] | length == $flagged"
expect_jq '[.[] | select(.what == "GET /api/flags")] | all(.asked_at == "2025-09-30T00:00:00Z")'
expect_jq '[.[] | select(.what == "GET /api/candidates")] | all(.asked_at == "2025-10-01T00:00:00Z")'
http GET "/api/access-log?person=$one" "$ROOT"
expect_jq 'any(.[]; .what == "GET /api/flags" and .user == "sup")'
http GET "/api/access-log?user=locator" "$ROOT"
expect_jq 'length > 0 and all(.[]; .person == "A900000001" and (.what | startswith("GET /api/locate from ")))'
expect_ok custody access-log --person A900000001
expect_stdout_contains "locator"
ok "every person of a list and every locator hit logged, with its instant"
