#!/usr/bin/env bash
# Hostile input against `custody serve` (docs/api.md, Limits): malformed
# JSON, oversize bodies (declared and chunked), invalid UTF-8 in bodies,
# paths and parameters, oversize headers, slowloris connections, and path
# traversal against the dashboard's files. Each is refused with its status,
# and the server stays up and keeps answering others.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
source "$(dirname "${BASH_SOURCE[0]}")/lib/server.bash" || exit 1
e2e_setup

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"
expect_ok custody user add root --role admin
TOKEN=$(custody user token root)

# A web root of our own, with a secret beside it and a link out of it, and
# files the dashboard does not list (sub/app.js).
mkdir -p web/sub
echo '<!doctype html><title>ok</title>' >web/index.html
echo 'console.log(1)' >web/app.js
echo 'console.log(2)' >web/sub/app.js
echo 'hidden' >web/.env
echo 'SECRET' >secret.txt
ln -s "$E2E_WORK/secret.txt" web/link.txt
serve_start --web "$E2E_WORK/web" --timeout 2 --max-body 65536 --max-connections 400

# still_answers: the server is up and answers a signed-in request within
# two seconds (a loaded test machine, not a server that waits on anyone).
still_answers()
{
	serve_alive
	local took
	took=$(curl -s -o "$OUT" -w '%{time_total}' --max-time 10 -H "Authorization: Bearer $TOKEN" "$BASE/api/me") ||
		fail "GET /api/me failed while the server was under attack"
	expect_jq '.user == "root"'
	awk -v t="$took" 'BEGIN { exit !(t < 2) }' || fail "GET /api/me took $took s"
}

say "malformed JSON: 400 with the error and the field, nothing stored"
before=$(log_length)
http POST /api/events "$TOKEN" '{"id": "x", "type": '
expect_error 400
http POST /api/events "$TOKEN" '[1, 2, 3]'
expect_error 400
http POST /api/events "$TOKEN" '{"id":"h1","type":"arrest","at":"2025-01-01T00:00:00Z","person":"A100000001","aor":"NYC","agency":"ICE","colour":"red"}'
expect_error 400
expect_jq '.field == "colour"'
printf '{"id":"h2","type":"arrest","at":"2025-01-01T00:00:00Z","person":"A100000002","aor":"NYC","agency":"ICE"}\n{"id": broken\n' >batch.ndjson
http POST /api/events "$TOKEN" @batch.ndjson application/x-ndjson
expect_error 400
expect_jq '.error | test("line 2")'
expect_eq "events after malformed input" "$before" "$(log_length)"
still_answers
ok "malformed JSON refused"

say "oversize bodies: 413, declared or chunked"
head -c 100000 /dev/zero | tr '\0' ' ' >big.json
http POST /api/events "$TOKEN" @big.json
expect_error 413
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Transfer-Encoding: chunked' \
	-H 'Content-Type: application/json' --data-binary @big.json "$BASE/api/events") || STATUS=000
[ "$STATUS" = 413 ] || fail "chunked oversize body: HTTP $STATUS"
expect_eq "events after oversize bodies" "$before" "$(log_length)"
still_answers
ok "oversize bodies refused"

say "invalid UTF-8: in a body, a path, a parameter"
printf '{"id":"h3","type":"arrest","at":"2025-01-01T00:00:00Z","person":"A100000003","aor":"NYC","agency":"ICE","family_name":"\xff\xfe"}' >bad.json
http POST /api/events "$TOKEN" @bad.json
expect_error 400
expect_jq '.error | test("UTF-8")'
http GET '/api/people/A%FF%FE' "$TOKEN"
expect_error 400
http GET '/api/locate?a=A100000003&birth_country=%C0%80' -
expect_error 400
http GET '/api/flags?status=%ED%A0%80' "$TOKEN"
expect_error 400
still_answers
ok "invalid UTF-8 refused"

say "headers larger than the limit: 431, or the connection closed"
big=$(head -c 40000 /dev/zero | tr '\0' a)
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "$BASE/api/me") || STATUS=000
[ "$STATUS" = 431 ] || [ "$STATUS" = 000 ] || fail "40 KB header: HTTP $STATUS"
refused=$STATUS
still_answers
ok "oversize headers refused ($refused)"

say "path traversal and hidden files: 404, never the file"
for path in '/../secret.txt' '/%2e%2e/secret.txt' '/sub/../../secret.txt' '/%2e%2e%2fsecret.txt' '/..%2fsecret.txt' \
	'/.env' '/sub/%2e%2e/%2e%2e/secret.txt' '/link.txt' '/..\secret.txt' '/%00index.html' '/index.html%00.js' \
	'/../../../../etc/passwd' '/sub/app.js' '/index.html'; do
	STATUS=$(curl -s --path-as-is -o "$OUT" -w '%{http_code}' "$BASE$path") || STATUS=000
	[ "$STATUS" = 404 ] || [ "$STATUS" = 400 ] || fail "GET $path: HTTP $STATUS: $(head -c 200 "$OUT")"
	! grep -q 'SECRET\|hidden\|root:' "$OUT" || fail "GET $path served a file outside the web root"
done
http GET /app.js
expect_status 200
http GET /
expect_status 200
grep -q '<title>ok</title>' "$OUT" || fail "GET / is not index.html"
still_answers
ok "traversal refused, the dashboard's own files served"

say "slowloris: 150 connections sending headers a byte a second do not stall others"
port=${BASE##*:}
# one process holds every slow connection, and feeds each a byte a second
(
	fds=()
	for i in $(seq 1 150); do
		exec {fd}<>"/dev/tcp/127.0.0.1/$port" || break
		printf 'GET /api/me HTTP/1.1\r\nHost: x\r\n' >&"$fd"
		fds+=("$fd")
	done
	for _ in 1 2 3 4 5 6 7 8; do
		sleep 1
		for fd in "${fds[@]}"; do
			printf 'X' >&"$fd" 2>/dev/null || true
		done
	done
) &
slow=$!
sleep 1
for _ in 1 2 3 4 5; do
	still_answers
	http GET /api/locate?a=A999999999\&birth_country=MX -
	expect_status 404
	sleep 0.5
done
ok "answered others while 150 slow connections were open"

say "a connection that says nothing is closed after --timeout"
exec 4<>"/dev/tcp/127.0.0.1/$port"
t0=$SECONDS
timeout 10 cat <&4 >/dev/null || true
exec 4<&-
[ $((SECONDS - t0)) -le 6 ] || fail "an idle connection stayed open $((SECONDS - t0)) s (--timeout 2)"
kill "$slow" 2>/dev/null || true
wait "$slow" 2>/dev/null || true
still_answers
ok "idle connection closed after $((SECONDS - t0)) s"

say "methods and endpoints that do not exist"
http DELETE /api/occupancy "$TOKEN"
expect_error 405
grep -qi '^Allow: GET' "$HEADERS" || fail "405 without Allow: $(cat "$HEADERS")"
http GET /api/nothing "$TOKEN"
expect_error 404
http POST /index.html
expect_error 405
still_answers
serve_stop
ok "server stopped cleanly"
