#!/usr/bin/env bash
# Authorization and error bodies (issue 13, defects 1 and 5): every route of
# the route table (src/server/routes.c, read here so that a new endpoint is
# covered without editing this test), with every role and no token, asked
# in every way that errs (400, 401, 403, 404, 405, 413, and 409, 422, 429
# where they arise); no answer may name anything of a person the caller
# cannot read: not their A-number (unless the request itself named it),
# names, birth date, or a stored event of theirs. A person outside an
# officer's AORs is answered as an unknown one, byte for byte; a 409 says
# only that the id is taken; a void of a hidden person's event is a void
# of an unknown event.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
source "$(dirname "${BASH_SOURCE[0]}")/lib/server.bash" || exit 1
ROUTES_C="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/src/server/routes.c"
e2e_setup

# The clock is 2026-01-01T00:00:00Z (e2e_setup).
#  A100000001 Mariaseen Nycfamily, held at NYCF (NYC)
#  A100000002 Hiddengiven Hiddenfamily, born 1977-07-17, held at CHIF (CHI), protected
#  A100000003 Kidgiven Kidfamily, born 2015-06-06, held at CHIF (CHI)
cat >ledger.ndjson <<'EOF2'
{"id":"f-nyc","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"NYCF","name":"Hudson Processing","aor":"NYC","kind":"SPC","capacity":20,"city":"Kearny","state":"NJ"}
{"id":"f-chi","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"CHIF","name":"Lake County Jail","aor":"CHI","kind":"IGSA","capacity":10,"city":"Waukegan","state":"IL"}
{"id":"a-nyc","type":"arrest","at":"2025-11-01T10:00:00Z","person":"A100000001","aor":"NYC","agency":"ICE","family_name":"Nycfamily","given_name":"Mariaseen","birth_date":"1990-01-01","sex":"F","birth_country":"MX"}
{"id":"b-nyc","type":"book_in","at":"2025-11-01T12:00:00Z","person":"A100000001","facility":"NYCF"}
{"id":"a-chi","type":"arrest","at":"2025-11-02T10:00:00Z","person":"A100000002","aor":"CHI","agency":"ICE","family_name":"Hiddenfamily","given_name":"Hiddengiven","birth_date":"1977-07-17","sex":"F","birth_country":"MX"}
{"id":"b-chi","type":"book_in","at":"2025-11-02T12:00:00Z","person":"A100000002","facility":"CHIF"}
{"id":"c-chi","type":"classify","at":"2025-11-03T12:00:00Z","person":"A100000002","protected":true}
{"id":"a-kid","type":"arrest","at":"2025-11-04T10:00:00Z","person":"A100000003","aor":"CHI","agency":"CBP","family_name":"Kidfamily","given_name":"Kidgiven","birth_date":"2015-06-06","sex":"M","birth_country":"GT"}
{"id":"b-kid","type":"book_in","at":"2025-11-04T12:00:00Z","person":"A100000003","facility":"CHIF"}
EOF2
expect_ok custody init
expect_ok custody ingest ledger.ndjson
expect_ok custody user add root --role admin
expect_ok custody user add sup --role supervisor
expect_ok custody user add view --role viewer
expect_ok custody user add nyc --role officer --aor NYC
declare -A TOKEN=([none]="" [view]=$(custody user token view) [nyc]=$(custody user token nyc)
	[sup]=$(custody user token sup) [root]=$(custody user token root))
serve_start --locate-rate 1000 --signin-rate 1000 --max-body 4096

# What each caller may not read: the marks of those people.
NYC_MARKS=(100000001 Nycfamily Mariaseen 1990-01-01)
CHI_MARKS=(100000002 Hiddenfamily Hiddengiven 1977-07-17 100000003 Kidfamily Kidgiven 2015-06-06)
declare -A HIDDEN=([none]="${NYC_MARKS[*]} ${CHI_MARKS[*]}" [view]="${NYC_MARKS[*]} ${CHI_MARKS[*]}"
	[nyc]="${CHI_MARKS[*]}" [sup]="" [root]="")

# check_body WHO REQUEST: the last answer names nothing hidden from WHO
# that REQUEST (the path and body sent) did not name itself.
check_body()
{
	local who=$1 request=$2 mark
	for mark in ${HIDDEN[$who]}; do
		if grep -qF -- "$mark" "$OUT" && [[ $request != *"$mark"* ]]; then
			fail "$LAST_CMD as $who ($STATUS) names \"$mark\" of a person it may not read: $(head -c 600 "$OUT")"
		fi
	done
}

declare -A SEEN=() # status -> 1
# ask WHO METHOD PATH [BODY [TYPE]]: one request as WHO, its body checked.
ask()
{
	local who=$1 method=$2 path=$3 body=${4:-} type=${5:-application/json} token
	token=${TOKEN[$who]:-}
	[ "$who" = bad ] && token="nyc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" && who=none
	http "$method" "$path" "${token:--}" "$body" "$type"
	[ "$STATUS" != 000 ] || fail "$LAST_CMD: no answer"
	[ "$STATUS" -lt 500 ] || fail "$LAST_CMD as $who: $STATUS $(head -c 600 "$OUT")"
	SEEN[$STATUS]=1
	local request="$path"
	[[ $body == @* ]] || request+=" $body"
	check_body "$who" "$request"
}

# The route table, as routes.c has it: METHOD PATTERN ROLE.
mapfile -t ROUTES < <(sed -n 's/^\t{"\([A-Z]*\)", "\([^"]*\)", \([A-Z_]*\), api_[a-z_]*},$/\1 \2 \3/p' "$ROUTES_C")
[ "${#ROUTES[@]}" -ge 20 ] || fail "read only ${#ROUTES[@]} routes from $ROUTES_C"

# The concrete paths of a pattern: what its "*" stands for, for a caller
# (a person it may read, one it may not, one unknown).
paths_of()
{
	case $1 in
	*people/*) local a
		for a in A100000001 A100000002 A100000003 A100000099; do echo "${1/\*/$a}"; done ;;
	*users/*) echo "${1/\*/nyc}"; echo "${1/\*/nobody}" ;;
	*\**) fail "authz.sh: add the values of \"*\" in $1 to paths_of" ;;
	*) echo "$1" ;;
	esac
}

# A body that a POST or PUT of the route might take.
body_of()
{
	case $1 in
	/api/events) echo '{"id":"z1","type":"atd_checkin","at":"2025-12-31T10:00:00Z","person":"A100000002","result":"ok"}' ;;
	/api/users) echo '{"name":"x1","role":"viewer"}' ;;
	/api/rules) echo '[policy]' ;;
	*) echo '{}' ;;
	esac
}

say "every route, every caller: as asked, with an unknown parameter, another method, a bad token, a body too large"
printf '%*s' 5000 '' | tr ' ' x >large.body
routes=0
for route in "${ROUTES[@]}"; do
	read -r method pattern role <<<"$route"
	[ "$method" = POST ] || [ "$method" = PUT ] || [ "$method" = DELETE ] || [ "$method" = GET ] ||
		fail "authz.sh: no case for method $method"
	while read -r path; do
		for who in none view nyc sup root; do
			# destructive routes are asked in a way that cannot succeed, but errs as it would
			case "$method $pattern" in
			"DELETE /api/users/*") [ "$who" = root ] && [[ $path == */nyc ]] && continue ;;
			"POST /api/users/*/token") [ "$who" = root ] && [[ $path == */nyc/* ]] && continue ;;
			"PUT /api/rules") [ "$who" = root ] && continue ;;
			esac
			ask "$who" "$method" "$path" "$( [ "$method" = GET ] || [ "$method" = DELETE ] || body_of "$pattern")"
			ask "$who" "$method" "$path?zz=1"
			ask "$who" PATCH "$path"
			ask "$who" "$method" "$path" @large.body
			[ "$STATUS" = 413 ] || [ "$method" = GET ] || [ "$method" = DELETE ] ||
				fail "$method $path with a large body: $STATUS, want 413"
		done
		ask bad "$method" "$path"
		[ "$role" = ROUTE_PUBLIC ] || [ "$STATUS" = 401 ] || fail "$method $path with a bad token: $STATUS"
	done < <(paths_of "$pattern")
	routes=$((routes + 1))
done
ask nyc GET /api/nowhere
ok "$routes routes asked by every caller; no answer named a person hidden from its caller"

say "an officer: bad values, instants before now, a hidden person's records, events touching them"
for path in "/api/flags?at=2025-11-03T00:00:00Z" "/api/flags?at=yesterday" "/api/candidates?need=-1" \
	"/api/supervision/due?at=2025-12-01T00:00:00Z" "/api/hearings?from=2025-12-01T00:00:00Z" \
	"/api/hearings?days=0" "/api/flags?aor=CHI" "/api/candidates?facility=CHIF" "/api/people/B12" \
	"/api/people/A100000002?at=2025-11-05T00:00:00Z" "/api/people/A100000002/place?aor=CHI"; do
	ask nyc GET "$path"
	[ "$STATUS" -ge 400 ] || [[ $path == *aor=CHI* ]] || [[ $path == *facility=CHIF* ]] || fail "$path: $STATUS"
done
for a in A100000002 A100000003; do
	for suffix in "" /place "?at=2025-11-05T00:00:00Z"; do
		ask nyc GET "/api/people/$a$suffix"
		expect_error 404
		hidden=$(sed "s/$a/A/g" "$OUT")
		ask nyc GET "/api/people/A100000099$suffix"
		expect_error 404
		expect_eq "$a$suffix hidden, and unknown" "$hidden" "$(sed 's/A100000099/A/g' "$OUT")"
	done
done
ok "a person outside the officer's AORs is answered as an unknown one"

# post_alike WHAT BODY1 BODY2 STATUS FROM1 FROM2: both bodies get STATUS and
# the same answer once FROM1 and FROM2 (what differs in the request) are
# made alike.
post_alike()
{
	local what=$1 status=$4
	ask nyc POST /api/events "$2"
	expect_error "$status"
	local first
	first=$(sed "s/$5/X/g" "$OUT")
	ask nyc POST /api/events "$3"
	expect_error "$status"
	expect_eq "$what" "$first" "$(sed "s/$6/X/g" "$OUT")"
}
checkin='"type":"atd_checkin","at":"2025-12-31T10:00:00Z","person":"A100000001","result":"ok"'
post_alike "a taken id, another AOR's event or one's own" "{\"id\":\"c-chi\",$checkin}" "{\"id\":\"b-nyc\",$checkin}" 409 c-chi b-nyc
expect_jq '.error | test("taken") and (test("classify|protected|CHIF|book_in") | not)'
post_alike "a taken id, a child's event" "{\"id\":\"a-kid\",$checkin}" "{\"id\":\"f-chi\",$checkin}" 409 a-kid f-chi
void='"type":"void","at":"2025-12-31T10:00:00Z","person":"A100000001","reason":"x"'
post_alike "a void of a hidden person's event, and of an unknown event" \
	"{\"id\":\"v1\",$void,\"target\":\"c-chi\"}" "{\"id\":\"v1\",$void,\"target\":\"no-such\"}" 422 c-chi no-such
post_alike "a void of a child's event, and of an unknown event" \
	"{\"id\":\"v1\",$void,\"target\":\"b-kid\"}" "{\"id\":\"v1\",$void,\"target\":\"no-such\"}" 422 b-kid no-such
printf '%s\n' '{"id":"n1","type":"classify","at":"2025-12-31T10:00:00Z","person":"A100000001","protected":false}' \
	"{\"id\":\"a-chi\",$checkin}" >batch.ndjson
ask nyc POST /api/events @batch.ndjson application/x-ndjson
expect_error 409
expect_jq '.error | test("^line 2")'
ask nyc POST /api/events '{"id":"w1","type":"transfer","at":"2025-12-31T10:00:00Z","person":"A100000002","facility":"NYCF"}'
expect_error 403
ask nyc POST /api/events '{"id":"w2","type":"arrest","at":"2025-12-31T10:00:00Z","person":"A100000098","aor":"CHI","agency":"ICE"}'
expect_error 403
ask sup POST /api/events "{\"id\":\"c-chi\",$checkin}"
expect_error 409
ask sup POST /api/events "{\"id\":\"v2\",$void,\"target\":\"c-chi\"}"
expect_error 422
expect_jq '.error | test("not an event of A100000001")' # the ledger names no one the void does not name, whoever asks
expect_ok custody log --json
expect_jq '[.[] | select(.event.id == "v1" or .event.id == "n1" or .event.id == "w1" or .event.id == "w2")] | length == 0'
ok "a 409 says only that the id is taken; a hidden person's event is not there for a void"

say "the public: the locator's errors and its limit"
for q in "a=A100000002&birth_country=MX" "a=A100000003&birth_country=GT" "a=A100000099&birth_country=MX" \
	"family_name=Hiddenfamily&given_name=Hiddengiven&birth_country=MX" "a=A100000002" "a=B1&birth_country=MX" \
	"family_name=Kidfamily&birth_country=GT" "a=A100000002&birth_country=MX&birth_date=1977-07-17"; do
	ask none GET "/api/locate?$q"
	[ "$STATUS" = 404 ] || [ "$STATUS" = 400 ] || fail "locate $q: $STATUS"
done
serve_stop
serve_start --locate-rate 2 --signin-rate 1
for i in 1 2 3; do ask none GET "/api/locate?a=A100000002&birth_country=MX"; done
expect_error 429
for i in 1 2 3; do ask bad GET /api/me; done
expect_error 429
ok "the locator's answers and limits name no one"

for status in 400 401 403 404 405 409 413 422 429; do
	[ -n "${SEEN[$status]:-}" ] || fail "no request got $status: the table misses a case"
done
ok "every error status was asked for: $(printf '%s ' "${!SEEN[@]}" | tr ' ' '\n' | sort -n | tr '\n' ' ')"
