#!/usr/bin/env bash
# The dashboard (web/, docs/api.md "The dashboard") in a real browser: a small
# ledger with an admin and a token, `custody serve --web web/`, then
# tests/e2e/browser.mjs (playwright-core driving Debian's /usr/bin/chromium)
# signs in, waits for the population chart, books a person in through the
# form and sees the facility's population go up by one, opens the person's
# page, uses the public locator, opens the Public data page (ICE's FY2025
# workbook and the daily population imported) and signs out. Afterwards the ledger holds the
# book-in with the actor "admin", and the access log the read of the person.
# Screenshots of every step: $BUILD_DIR/artifacts/browser/*.png, where
# BUILD_DIR is the directory of the custody binary.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib/common.bash" || exit 1
e2e_setup
source "$HERE/lib/server.bash" || exit 1

SOURCE=$(cd "$HERE/../.." && pwd)
BUILD_DIR=$(dirname "$CUSTODY")
SHOTS=$BUILD_DIR/artifacts/browser
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

say "node, chromium and web/node_modules"
command -v node >/dev/null || fail "node is not installed (Node 20: the nodejs package)"
[ -x "$CHROMIUM" ] || fail "no browser at $CHROMIUM (the chromium package)"
if [ ! -f "$SOURCE/web/node_modules/chart.js/dist/chart.umd.js" ] ||
	[ ! -d "$SOURCE/web/node_modules/playwright-core" ]; then
	say "npm ci in $SOURCE/web"
	(cd "$SOURCE/web" && npm ci --no-audit --no-fund) || fail "npm ci failed in $SOURCE/web"
fi
ok "node $(node --version), $("$CHROMIUM" --version 2>/dev/null | head -n 1)"

# The browser records events at its own clock, and the server answers "now"
# with the system clock: the ledger runs on the real clock, not CUSTODY_NOW.
unset CUSTODY_NOW
NOW=$(date -u +%s)
ago()
{
	date -u -d "@$((NOW - $1 * 86400))" +%Y-%m-%dT%H:%M:%SZ
}

# The person the browser books in (arrested two days ago, not detained) and
# where: Stewart, 2 held in 20 beds.
export PERSON=A300000007 BIRTH_COUNTRY=MX FACILITY=STWRTGA

say "a small ledger: 3 facilities, 7 people arrested, 4 detained, 60 days of events"
cat >ledger.ndjson <<EOF
{"id":"f-stw","type":"facility_open","at":"$(ago 120)","facility":"STWRTGA","name":"Stewart Detention Center","aor":"ATL","kind":"CDF","capacity":20,"sex":"M","city":"Lumpkin","state":"GA"}
{"id":"f-kro","type":"facility_open","at":"$(ago 120)","facility":"KRO","name":"Krome North Service Processing Center","aor":"MIA","kind":"SPC","capacity":12,"city":"Miami","state":"FL"}
{"id":"f-elz","type":"facility_open","at":"$(ago 120)","facility":"ELZ","name":"Elizabeth Contract Detention Facility","aor":"NEW","kind":"CDF","capacity":8,"city":"Elizabeth","state":"NJ"}
{"id":"p1a","type":"arrest","at":"$(ago 60)","person":"A300000001","aor":"ATL","agency":"ICE","sex":"M","birth_country":"GT"}
{"id":"p1b","type":"book_in","at":"$(ago 60)","person":"A300000001","facility":"STWRTGA"}
{"id":"p2a","type":"arrest","at":"$(ago 40)","person":"A300000002","aor":"ATL","agency":"CBP","sex":"M","birth_country":"HN"}
{"id":"p2b","type":"book_in","at":"$(ago 40)","person":"A300000002","facility":"STWRTGA"}
{"id":"p3a","type":"arrest","at":"$(ago 25)","person":"A300000003","aor":"MIA","agency":"ICE","sex":"F","birth_country":"VE"}
{"id":"p3b","type":"book_in","at":"$(ago 25)","person":"A300000003","facility":"KRO"}
{"id":"p3t","type":"transfer","at":"$(ago 10)","person":"A300000003","facility":"ELZ"}
{"id":"p4a","type":"arrest","at":"$(ago 20)","person":"A300000004","aor":"MIA","agency":"ICE","sex":"F","birth_country":"CU"}
{"id":"p4b","type":"book_in","at":"$(ago 20)","person":"A300000004","facility":"KRO"}
{"id":"p4o","type":"book_out","at":"$(ago 6)","person":"A300000004","reason":"paroled"}
{"id":"p4e","type":"atd_enroll","at":"$(ago 6)","person":"A300000004","technology":"app","checkin_days":7}
{"id":"p5a","type":"arrest","at":"$(ago 8)","person":"A300000005","aor":"NEW","agency":"ICE","sex":"M","birth_country":"EC"}
{"id":"p5b","type":"book_in","at":"$(ago 8)","person":"A300000005","facility":"ELZ"}
{"id":"p6a","type":"arrest","at":"$(ago 3)","person":"A300000006","aor":"ATL","agency":"ICE","sex":"M","birth_country":"MX"}
{"id":"p7a","type":"arrest","at":"$(ago 2)","person":"$PERSON","aor":"ATL","agency":"ICE","family_name":"Rivera","given_name":"Lucia","birth_date":"1990-05-01","sex":"M","citizenship":"MX","birth_country":"$BIRTH_COUNTRY"}
EOF
expect_ok custody init
expect_ok custody ingest ledger.ndjson
expect_counts 18 0 0
ok "ingested"

say "public data: ICE's FY2025 workbook and the daily population of every facility"
expect_ok custody import-ice "$CUSTODY_FIXTURES/ice/FY25_detentionStats09242025.xlsx"
expect_ok custody import-population --quiet "$CUSTODY_FIXTURES/ddp/facilities-daily-population-fy2023-fy2025.csv.gz"
export PUBLIC_DAYS=1096 PUBLIC_FACILITIES=707
ok "imported"

say "an admin and a token"
expect_ok custody user add admin --role admin
expect_ok custody user token admin
TOKEN=$(tail -n 1 "$OUT")
[[ "$TOKEN" =~ ^admin\.[A-Za-z0-9_-]+$ ]] || fail "custody user token printed \"$TOKEN\", not admin.SECRET"
ok "token for admin"

say "custody serve --web $SOURCE/web"
serve_start --web "$SOURCE/web"
ok "listening on $BASE"

say "the dashboard in chromium (screenshots in $SHOTS)"
mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png
TMPDIR=$E2E_WORK CUSTODY_URL=$BASE CUSTODY_TOKEN=$TOKEN SCREENSHOTS=$SHOTS CHROMIUM=$CHROMIUM \
	node "$HERE/browser.mjs" ||
	fail "the browser test failed (screenshots in $SHOTS; server log: $(tail -n 20 "$E2E_WORK/serve.err"))"
serve_alive
ok "every step"

say "the ledger after the browser: the book-in by admin, the read of $PERSON logged"
expect_ok custody show "$PERSON" --json
expect_jq '.detained and .facility == $ENV.FACILITY'
expect_ok custody log --person "$PERSON" --json
expect_jq 'last | .actor == "admin" and .event.type == "book_in" and (.event.id | startswith("web-"))'
expect_ok custody access-log --person "$PERSON" --json
expect_jq 'any(.[]; .user == "admin" and .person == $ENV.PERSON)'
ok "stored and logged"

serve_stop
