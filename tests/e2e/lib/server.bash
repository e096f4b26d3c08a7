# server.bash: starting `custody serve` in a test and talking to it with curl.
# Source it after common.bash, before e2e_setup:
#
#     serve_start [OPTIONS...]     # starts it on a free port; sets $BASE
#     http GET /api/occupancy "$TOKEN"
#     expect_status 200
#
# The server is stopped when the test exits (e2e_on_exit).

SERVER_PID=
BASE=
STATUS=
HEADERS= # the last http's response headers (a file), set by serve_start

e2e_on_exit()
{
	serve_stop
}

# serve_start [OPTIONS...]: run custody serve on 127.0.0.1, any free port,
# and wait until it listens. $BASE is https://... with --tls-cert (curl
# then needs CURL_CA_BUNDLE).
serve_start()
{
	command -v curl >/dev/null || fail "curl is not installed (scripts/bootstrap installs it)"
	local log=$E2E_WORK/serve.out i
	HEADERS=$E2E_WORK/.headers
	"$CUSTODY" --db "$DB" serve --listen 127.0.0.1:0 "$@" >"$log" 2>"$E2E_WORK/serve.err" &
	SERVER_PID=$!
	for i in $(seq 1 100); do
		BASE=$(sed -n 's|^listening on \(https\{0,1\}://[0-9.]*:[0-9]*\).*|\1|p' "$log")
		[ -n "$BASE" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || fail "custody serve exited: $(cat "$E2E_WORK/serve.err")"
		sleep 0.1
	done
	fail "custody serve did not say where it listens: $(cat "$log" "$E2E_WORK/serve.err")"
}

# serve_stop: stop the server (SIGTERM) and require a clean exit.
serve_stop()
{
	[ -n "$SERVER_PID" ] || return 0
	local pid=$SERVER_PID status=0
	SERVER_PID=
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" || status=$?
	[ "$status" -eq 0 ] || fail "custody serve exited with status $status: $(cat "$E2E_WORK/serve.err")"
}

# serve_alive: the server process is still running.
serve_alive()
{
	[ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null || fail "custody serve is not running: $(cat "$E2E_WORK/serve.err")"
}

# http METHOD PATH [TOKEN] [BODY] [CONTENT-TYPE]: one request; the status
# goes to $STATUS, the body to $OUT, the headers to $HEADERS. TOKEN "-" or
# "" sends no Authorization; BODY @FILE sends a file.
http()
{
	local method=$1 path=$2 token=${3:-} body=${4:-} type=${5:-application/json}
	local args=(-s -S -o "$OUT" -D "$HEADERS" -w '%{http_code}' -X "$method" --max-time 30)
	[ -n "$token" ] && [ "$token" != - ] && args+=(-H "Authorization: Bearer $token")
	[ -n "$body" ] && args+=(-H "Content-Type: $type" --data-binary "$body")
	LAST_CMD="curl $method $path"
	STATUS=$(curl "${args[@]}" "$BASE$path") || STATUS=000
	RC=0
	: >"$ERR"
}

# expect_status CODE: the last http's status.
expect_status()
{
	[ "$STATUS" = "$1" ] || fail "$LAST_CMD: expected HTTP $1, got $STATUS: $(head -c 2000 "$OUT")"
}

# expect_error CODE: the last http's status, and an error body {"error", "field"}.
expect_error()
{
	expect_status "$1"
	expect_jq '(.error | type == "string") and has("field")'
}

# expect_security_headers [tls]: the last http's answer carries the
# security headers (docs/api.md), Strict-Transport-Security only with tls.
expect_security_headers()
{
	local h
	for h in "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self';" \
		"frame-ancestors 'none'" 'X-Content-Type-Options: nosniff' 'X-Frame-Options: DENY' \
		'Referrer-Policy: no-referrer' 'Cache-Control: no-store'; do
		grep -qiF -- "$h" "$HEADERS" || fail "$LAST_CMD (HTTP $STATUS): no \"$h\" in the headers: $(cat "$HEADERS")"
	done
	if [ "${1:-}" = tls ]; then
		grep -qi '^Strict-Transport-Security: max-age=[1-9]' "$HEADERS" ||
			fail "$LAST_CMD (HTTP $STATUS): no Strict-Transport-Security over HTTPS: $(cat "$HEADERS")"
	else
		! grep -qi '^Strict-Transport-Security' "$HEADERS" ||
			fail "$LAST_CMD (HTTP $STATUS): Strict-Transport-Security over plain HTTP"
	fi
}
