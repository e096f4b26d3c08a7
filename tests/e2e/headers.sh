#!/usr/bin/env bash
# The security headers (docs/api.md "Security headers") on every kind of
# answer: the dashboard's files, API JSON, and the errors 400, 401, 403,
# 404, 405, 413 and 429; and the dashboard's files (static.c's table): every
# file web/index.html loads and every module the scripts import is served
# (200, its type), the table lists exactly those, and nothing else is: not
# node_modules/ (playwright-core's files), not web/package.json.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib/common.bash" || exit 1
source "$HERE/lib/server.bash" || exit 1
e2e_setup

SOURCE=$(cd "$HERE/../.." && pwd)
WEB=$SOURCE/web
[ -f "$WEB/node_modules/chart.js/dist/chart.umd.js" ] ||
	fail "no $WEB/node_modules/chart.js (scripts/bootstrap runs npm ci in web/)"

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"
expect_ok custody user add root --role admin
ADMIN=$(custody user token root)
expect_ok custody user add watcher --role viewer
VIEWER=$(custody user token watcher)
serve_start --web "$WEB" --max-body 1024 --locate-rate 1

say "the security headers on every kind of answer"
# check METHOD PATH TOKEN STATUS [BODY]
check()
{
	http "$1" "$2" "$3" "${5:-}"
	expect_status "$4"
	expect_security_headers
}
check GET / - 200
check GET /style.css - 200
check GET /vendor/chart.umd.js - 200
check GET /node_modules/playwright-core/package.json - 404
check GET /api/occupancy "$ADMIN" 200
check GET /api/people/A123456789 "$ADMIN" 200
check GET /api/locate?a=A123456789\&birth_country=CU - 404
check GET /api/locate?a=A123456789\&birth_country=CU - 429
check GET /api/flags?status=nonsense "$ADMIN" 400
check GET /api/occupancy - 401
check GET /api/flags "$VIEWER" 403
check GET /api/nothing "$ADMIN" 404
check DELETE /api/occupancy "$ADMIN" 405
check POST / - 405
check POST /api/events "$ADMIN" 413 "$(head -c 2000 /dev/zero | tr '\0' ' ')"
ok "on the dashboard, API answers and errors 400 401 403 404 405 413 429"

say "every file the page loads is served, with its type"
# The page's src= and href= that are paths, then the modules each script
# imports (import ... from './x.js'), until no new file appears.
mapfile -t wanted < <(grep -oE '(src|href)="/[^"]*"' "$WEB/index.html" | sed 's/^[a-z]*="\(.*\)"$/\1/')
[ "${#wanted[@]}" -ge 3 ] || fail "found only ${#wanted[@]} files in $WEB/index.html: ${wanted[*]}"
declare -A seen=()
i=0
while [ "$i" -lt "${#wanted[@]}" ]; do
	url=${wanted[$i]}
	i=$((i + 1))
	[ -z "${seen[$url]:-}" ] || continue
	seen[$url]=1
	http GET "$url"
	expect_status 200
	expect_security_headers
	case $url in
	*.js) want='text/javascript' ;;
	*.css) want='text/css' ;;
	*) fail "the page loads $url, of a kind this test does not know" ;;
	esac
	grep -qi "^Content-Type: $want" "$HEADERS" || fail "GET $url: not $want: $(cat "$HEADERS")"
	if [[ $url == *.js ]]; then
		while read -r module; do
			wanted+=("/${module#./}")
		done < <(grep -oE "^import .* from '\./[^']*'" "$OUT" | sed "s/.* from '\(.*\)'/\1/")
	fi
done
http GET /
grep -qi '^Content-Type: text/html' "$HEADERS" || fail "GET /: not text/html: $(cat "$HEADERS")"
ok "${#seen[@]} files and the page"

say "static.c lists exactly the page and those files"
listed=$(grep -oE '^	\{"/[^"]*"' "$SOURCE/src/server/static.c" | sed 's/^	{"//; s/"$//' | sort)
expected=$(printf '%s\n' / "${!seen[@]}" | sort)
[ "$listed" = "$expected" ] || fail "static.c lists
$listed
but the page uses
$expected"
ok "$(echo "$listed" | wc -l) paths"

say "nothing else is served: node_modules, package files, other paths"
for path in /node_modules/playwright-core/package.json /node_modules/chart.js/dist/chart.umd.js \
	/node_modules/chart.js/package.json /node_modules/ /package.json /package-lock.json /index.html \
	/vendor/ /vendor/chart.umd.js.map /app.js/ //app.js /nothing.js; do
	http GET "$path"
	expect_error 404
	expect_security_headers
done
for file in "$WEB"/*; do
	name=/$(basename "$file")
	[ -n "${seen[$name]:-}" ] || [ "$name" = /index.html ] && continue
	http GET "$name"
	expect_error 404
done
ok "404"

serve_stop
