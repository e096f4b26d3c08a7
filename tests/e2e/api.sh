#!/usr/bin/env bash
# The HTTP API (docs/api.md): every endpoint, every role, every error
# status, the access log, the actor of writes, all-or-nothing NDJSON, the
# same JSON as the command line, and the public locator's exact matching
# and privacy rules.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
source "$(dirname "${BASH_SOURCE[0]}")/lib/server.bash" || exit 1
e2e_setup

# The clock is 2026-01-01T00:00:00Z (e2e_setup).
# Who is who (A1000000NN):
#  01 Maria Garcia (MX, 1990-01-01), held at NYCF (NYC)
#  02 Li Wei (CN), held at CHIF (CHI)
#  03 a child (MX, born 2012-05-01), held at NYCF
#  04 Ana Lopez (MX), held at NYCF, protected
#  05 Juan Perez (GT), released from NYCF 2025-12-02 (30 days ago)
#  06 Jose Ruiz (HN), released from NYCF 2025-10-03 (90 days ago)
#  07 Ana Diaz (MX), arrested in NYC, never held
#  08, 09 Carlos Gomez (SV), both held at NYCF (born 1980 and 1985)
#  10 Luis Mora (MX), released onto supervision in NYC (app, weekly)
cat >ledger.ndjson <<'EOF2'
{"id":"f-nyc","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"NYCF","name":"Hudson Processing","aor":"NYC","kind":"SPC","capacity":20,"city":"Kearny","state":"NJ"}
{"id":"f-chi","type":"facility_open","at":"2025-01-01T00:00:00Z","facility":"CHIF","name":"Lake County Jail","aor":"CHI","kind":"IGSA","capacity":10,"city":"Waukegan","state":"IL"}
{"id":"a01","type":"arrest","at":"2025-11-01T10:00:00Z","person":"A100000001","aor":"NYC","agency":"ICE","family_name":"Garcia","given_name":"Maria","birth_date":"1990-01-01","sex":"F","birth_country":"MX"}
{"id":"b01","type":"book_in","at":"2025-11-01T12:00:00Z","person":"A100000001","facility":"NYCF"}
{"id":"a02","type":"arrest","at":"2025-11-02T10:00:00Z","person":"A100000002","aor":"CHI","agency":"ICE","family_name":"Li","given_name":"Wei","birth_date":"1985-03-03","sex":"M","birth_country":"CN"}
{"id":"b02","type":"book_in","at":"2025-11-02T12:00:00Z","person":"A100000002","facility":"CHIF"}
{"id":"a03","type":"arrest","at":"2025-11-03T10:00:00Z","person":"A100000003","aor":"NYC","agency":"CBP","family_name":"Garcia","given_name":"Pablo","birth_date":"2012-05-01","sex":"M","birth_country":"MX"}
{"id":"b03","type":"book_in","at":"2025-11-03T12:00:00Z","person":"A100000003","facility":"NYCF"}
{"id":"a04","type":"arrest","at":"2025-11-04T10:00:00Z","person":"A100000004","aor":"NYC","agency":"ICE","family_name":"Lopez","given_name":"Ana","birth_date":"1991-02-02","sex":"F","birth_country":"MX"}
{"id":"b04","type":"book_in","at":"2025-11-04T12:00:00Z","person":"A100000004","facility":"NYCF"}
{"id":"c04","type":"classify","at":"2025-11-05T12:00:00Z","person":"A100000004","protected":true}
{"id":"a05","type":"arrest","at":"2025-11-05T10:00:00Z","person":"A100000005","aor":"NYC","agency":"ICE","family_name":"Perez","given_name":"Juan","birth_date":"1970-07-07","sex":"M","birth_country":"GT"}
{"id":"b05","type":"book_in","at":"2025-11-05T12:00:00Z","person":"A100000005","facility":"NYCF"}
{"id":"o05","type":"book_out","at":"2025-12-02T00:00:00Z","person":"A100000005","reason":"bonded_out"}
{"id":"a06","type":"arrest","at":"2025-09-01T10:00:00Z","person":"A100000006","aor":"NYC","agency":"ICE","family_name":"Ruiz","given_name":"Jose","birth_date":"1975-05-05","sex":"M","birth_country":"HN"}
{"id":"b06","type":"book_in","at":"2025-09-01T12:00:00Z","person":"A100000006","facility":"NYCF"}
{"id":"o06","type":"book_out","at":"2025-10-03T00:00:00Z","person":"A100000006","reason":"relief_granted"}
{"id":"a07","type":"arrest","at":"2025-12-01T10:00:00Z","person":"A100000007","aor":"NYC","agency":"ICE","family_name":"Diaz","given_name":"Ana","birth_date":"1992-02-02","sex":"F","birth_country":"MX"}
{"id":"a08","type":"arrest","at":"2025-11-08T10:00:00Z","person":"A100000008","aor":"NYC","agency":"ICE","family_name":"Gomez","given_name":"Carlos","birth_date":"1980-08-08","sex":"M","birth_country":"SV"}
{"id":"b08","type":"book_in","at":"2025-11-08T12:00:00Z","person":"A100000008","facility":"NYCF"}
{"id":"a09","type":"arrest","at":"2025-11-09T10:00:00Z","person":"A100000009","aor":"NYC","agency":"ICE","family_name":"Gomez","given_name":"Carlos","birth_date":"1985-09-09","sex":"M","birth_country":"SV"}
{"id":"b09","type":"book_in","at":"2025-11-09T12:00:00Z","person":"A100000009","facility":"NYCF"}
{"id":"a10","type":"arrest","at":"2025-10-01T10:00:00Z","person":"A100000010","aor":"NYC","agency":"ICE","family_name":"Mora","given_name":"Luis","birth_date":"1988-01-01","sex":"M","birth_country":"MX"}
{"id":"b10","type":"book_in","at":"2025-10-01T12:00:00Z","person":"A100000010","facility":"NYCF"}
{"id":"o10","type":"book_out","at":"2025-10-20T12:00:00Z","person":"A100000010","reason":"supervision"}
{"id":"e10","type":"atd_enroll","at":"2025-10-20T13:00:00Z","person":"A100000010","technology":"app","checkin_days":7,"aor":"NYC"}
{"id":"h10","type":"hearing","at":"2025-12-01T00:00:00Z","person":"A100000010","status":"scheduled","hearing_at":"2026-01-05T14:00:00Z"}
EOF2
expect_ok custody init
expect_ok custody ingest ledger.ndjson
for u in "root admin" "sup supervisor" "view viewer"; do
	set -- $u
	expect_ok custody user add "$1" --role "$2"
done
expect_ok custody user add nyc --role officer --aor NYC
expect_ok custody user add chi --role officer --aor CHI
ROOT=$(custody user token root)
SUP=$(custody user token sup)
VIEW=$(custody user token view)
NYC=$(custody user token nyc)
CHI=$(custody user token chi)
serve_start --locate-rate 1000

AGGREGATES=(/api/occupancy /api/facilities /api/rules "/api/supervision" "/api/stats/daily?from=2025-11-01&to=2025-11-30"
	"/api/stats/period?from=2025-11-01&to=2025-11-30" "/api/stats/cohort?arrested=2025-11-01..2025-11-30"
	/api/stats/detained "/api/report?fy=2026")
PERSONAL=(/api/flags /api/candidates /api/supervision/due /api/supervision/missed /api/hearings /api/people/A100000001
	/api/people/A100000001/place)

say "no token: 401 everywhere but the locator; a bad token: 401"
for path in "${AGGREGATES[@]}" "${PERSONAL[@]}" /api/me /api/users /api/access-log; do
	http GET "$path"
	expect_error 401
	grep -qi '^WWW-Authenticate: Bearer' "$HEADERS" || fail "401 without WWW-Authenticate on $path"
done
http POST /api/events "" '{}'
expect_error 401
http GET /api/me "root.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect_error 401
http GET /api/me "nobody.x"
expect_error 401
http GET /api/me "not-a-token"
expect_error 401
ok "401 without a valid token"

say "who am I"
http GET /api/me "$NYC"
expect_status 200
expect_jq '. == {"user": "nyc", "role": "officer", "aors": ["NYC"]}'
http GET /api/me "$SUP"
expect_jq '.role == "supervisor" and .aors == null'
ok "me"

say "a viewer gets aggregates, never a person"
for path in "${AGGREGATES[@]}"; do
	http GET "$path" "$VIEW"
	expect_status 200
done
for path in "${PERSONAL[@]}" /api/users /api/access-log; do
	http GET "$path" "$VIEW"
	expect_error 403
done
http POST /api/events "$VIEW" '{"id":"v1","type":"atd_checkin","at":"2025-12-31T00:00:00Z","person":"A100000010","result":"ok"}'
expect_error 403
ok "viewer: ${#AGGREGATES[@]} aggregates 200, ${#PERSONAL[@]} person-level 403"

say "the API answers what the command line answers (--json), byte for byte"
compare()
{
	local path=$1
	shift
	http GET "$path" "$ROOT"
	expect_status 200
	cp "$OUT" api.json
	custody "$@" --json >cli.json
	expect_same_file "GET $path vs custody $*" cli.json api.json
}
compare /api/occupancy occupancy
compare /api/facilities facilities
compare /api/flags flags
compare "/api/flags?aor=NYC&status=due" flags --aor NYC --status due
compare /api/candidates candidates
compare "/api/candidates?facility=NYCF&need=2" candidates --facility NYCF --need 2
compare /api/supervision atd
compare "/api/supervision?by=technology" atd --by technology
compare /api/supervision/due atd due
compare /api/supervision/missed atd missed
compare "/api/hearings?days=30" hearings --days 30
compare /api/people/A-100-000-001 show A100000001
compare "/api/people/A100000001?at=2025-11-02T00:00:00Z" show --at 2025-11-02T00:00:00Z A100000001
compare /api/people/A100000001/place place A100000001
compare /api/rules rules
compare "/api/stats/daily?from=2025-11-01&to=2025-11-30&by=facility" stats daily --from 2025-11-01 --to 2025-11-30 --by facility
compare "/api/stats/period?from=2025-11-01&to=2025-11-30" stats period --from 2025-11-01 --to 2025-11-30
compare "/api/stats/cohort?arrested=2025-11-01..2025-11-30&by=agency" stats cohort --arrested 2025-11-01..2025-11-30 --by agency
compare "/api/stats/detained?by=aor" stats detained --by aor
compare "/api/report?fy=2026&public=1" report --fy 2026 --public --quiet
ok "20 answers identical to the command line"

say "parameters: unknown, repeated or bad ones are 400 naming them"
http GET "/api/flags?colour=red" "$ROOT"
expect_error 400
expect_jq '.field == "colour"'
http GET "/api/flags?status=late" "$ROOT"
expect_error 400
expect_jq '.field == "status"'
http GET "/api/occupancy?at=yesterday" "$ROOT"
expect_error 400
expect_jq '.field == "at"'
http GET "/api/candidates?need=-3" "$ROOT"
expect_error 400
http GET "/api/stats/daily?from=2025-11-01" "$ROOT"
expect_error 400
http GET "/api/official?fy=2025" "$ROOT"
expect_error 404
http GET "/api/people/A100000099" "$ROOT"
expect_error 404
http GET "/api/people/B12" "$ROOT"
expect_error 400
ok "bad parameters refused"

say "an officer reads the people of its AORs; a read is logged, a refusal (404, as an unknown person) is not"
http GET /api/people/A100000001 "$NYC"
expect_status 200
expect_jq '.person == "A100000001"'
http GET /api/people/A100000002 "$NYC"
expect_error 404
elsewhere=$(cat "$OUT")
http GET /api/people/A100000099 "$NYC"
expect_error 404
expect_eq "held elsewhere and unknown answer alike" "${elsewhere//A100000002/A}" "$(sed s/A100000099/A/g "$OUT")"
http GET /api/people/A100000002/place "$NYC"
expect_error 404
http GET /api/people/A100000002 "$CHI"
expect_status 200
http GET /api/people/A100000010 "$NYC"
expect_status 200
expect_ok custody access-log --json
expect_jq '[.[] | select(.user == "nyc")] | map(.person) == ["A100000001", "A100000010"]'
expect_jq '[.[] | select(.user == "nyc" and .person == "A100000002")] | length == 0'
expect_jq '[.[] | select(.user == "chi")] | map(.person) == ["A100000002"]'
expect_jq 'all(.[]; (.at | test("Z$")) and (.what | length > 0))'
http GET "/api/access-log?user=nyc" "$ROOT"
expect_status 200
expect_jq 'length == 2'
http GET "/api/access-log?person=A100000002" "$ROOT"
expect_jq 'length >= 1 and all(.[]; .person == "A100000002")'
ok "reads logged; the refusal was not"

say "an officer's lists hold only the people of its AORs"
http GET /api/flags "$CHI"
expect_status 200
expect_jq 'all(.[]; .person == "A100000002")'
http GET /api/flags "$NYC"
expect_jq 'all(.[]; .person != "A100000002") and length > 0'
http GET /api/candidates "$CHI"
expect_jq 'all(.[]; .person == "A100000002")'
http GET /api/supervision/missed "$CHI"
expect_jq 'length == 0'
http GET /api/supervision/missed "$NYC"
expect_jq 'map(.person) == ["A100000010"]'
http GET "/api/hearings?days=30" "$CHI"
expect_jq 'length == 0'
http GET "/api/hearings?days=30" "$NYC"
expect_jq 'length == 1'
for path in "/api/flags?at=2025-11-03T00:00:00Z" "/api/candidates?at=2025-11-03T00:00:00Z" \
	"/api/supervision/missed?at=2025-12-01T00:00:00Z" "/api/hearings?from=2025-12-01T00:00:00Z"; do
	http GET "$path" "$NYC"
	expect_error 403
	http GET "$path" "$SUP"
	expect_status 200
done
http GET "/api/flags?at=2026-01-02T00:00:00Z" "$NYC"
expect_status 200
ok "lists scoped; an officer's are of now or later"

say "writes: the actor is the user; officers within their AORs; roles for capacity and facilities"
before=$(log_length)
http POST /api/events "$NYC" '{"id":"w1","type":"atd_checkin","at":"2025-12-31T10:00:00Z","person":"A100000010","result":"ok"}'
expect_status 201
expect_jq '.stored == 1 and .duplicates == 0 and .ids == ["w1"]'
http POST /api/events "$NYC" '{"id":"w1","type":"atd_checkin","at":"2025-12-31T10:00:00Z","person":"A100000010","result":"ok"}'
expect_status 200
expect_jq '.stored == 0 and .duplicates == 1'
http POST /api/events "$NYC" '{"id":"w1","type":"atd_checkin","at":"2025-12-31T11:00:00Z","person":"A100000010","result":"ok"}'
expect_error 409
http POST /api/events "$NYC" '{"id":"w2","type":"transfer","at":"2025-12-31T10:00:00Z","person":"A100000002","facility":"NYCF"}'
expect_error 403
http POST /api/events "$NYC" '{"id":"w3","type":"arrest","at":"2025-12-31T10:00:00Z","person":"A100000020","aor":"CHI","agency":"ICE"}'
expect_error 403
http POST /api/events "$NYC" '{"id":"w4","type":"arrest","at":"2025-12-31T10:00:00Z","person":"A100000021","aor":"NYC","agency":"ICE"}'
expect_status 201
http POST /api/events "$NYC" '{"id":"w5","type":"book_in","at":"2025-12-31T11:00:00Z","person":"A100000001","facility":"NYCF"}'
expect_error 422
http POST /api/events "$NYC" '{"id":"w6","type":"book_out","at":"2025-12-31T11:00:00Z","person":"A100000008","reason":"capacity","note":"no beds"}'
expect_error 403
http POST /api/events "$NYC" '{"id":"w7","type":"facility_capacity","at":"2025-12-31T11:00:00Z","facility":"NYCF","capacity":30}'
expect_error 403
http POST /api/events "$SUP" '{"id":"w7","type":"facility_capacity","at":"2025-12-31T11:00:00Z","facility":"NYCF","capacity":30}'
expect_error 403
http POST /api/events "$SUP" '{"id":"w6","type":"book_out","at":"2025-12-31T11:00:00Z","person":"A100000008","reason":"capacity","note":"no beds"}'
expect_status 201
http POST /api/events "$ROOT" '{"id":"w7","type":"facility_capacity","at":"2025-12-31T11:00:00Z","facility":"NYCF","capacity":30}'
expect_status 201
expect_eq "events stored" "$((before + 4))" "$(log_length)"
expect_ok custody log --json
expect_jq '[.[] | select(.event.id == "w1" or .event.id == "w4") | .actor] == ["nyc", "nyc"]'
expect_jq '[.[] | select(.event.id == "w6") | .actor] == ["sup"]'
expect_jq '[.[] | select(.event.id == "w7") | .actor] == ["root"]'
ok "writes checked and attributed"

say "NDJSON is all or nothing; its errors name the line"
before=$(log_length)
cat >batch.ndjson <<'EOF2'
{"id":"n1","type":"atd_checkin","at":"2025-12-31T12:00:00Z","person":"A100000010","result":"ok"}

{"id":"n2","type":"arrest","at":"2025-12-31T12:00:00Z","person":"A100000022","aor":"NYC","agency":"ICE"}
{"id":"n3","type":"book_in","at":"2025-12-31T12:00:00Z","person":"A100000022","facility":"NOWHERE"}
EOF2
http POST /api/events "$NYC" @batch.ndjson application/x-ndjson
expect_error 422
expect_jq '.error | test("^line 4")'
expect_eq "events after a rejected batch" "$before" "$(log_length)"
sed -i 's/NOWHERE/NYCF/' batch.ndjson
http POST /api/events "$NYC" @batch.ndjson application/x-ndjson
expect_status 201
expect_jq '.stored == 3 and .ids == ["n1", "n2", "n3"]'
http POST /api/events "$NYC" @batch.ndjson application/x-ndjson
expect_status 200
expect_jq '.stored == 0 and .duplicates == 3'
printf '\n\n' >empty.ndjson
http POST /api/events "$NYC" @empty.ndjson application/x-ndjson
expect_error 400
ok "batches"

say "the occupancy is current the moment an event lands"
http GET /api/occupancy "$VIEW"
pop=$(jq '.facilities[] | select(.facility == "NYCF") | .population' "$OUT")
http POST /api/events "$NYC" '{"id":"w8","type":"book_in","at":"2025-12-31T13:00:00Z","person":"A100000021","facility":"NYCF"}'
expect_status 201
http GET /api/occupancy "$VIEW"
expect_eq "NYCF after a book-in" "$((pop + 1))" "$(jq '.facilities[] | select(.facility == "NYCF") | .population' "$OUT")"
ok "occupancy $pop -> $((pop + 1))"

say "facility events through the API land at once; HEAD answers as GET"
http POST /api/events "$ROOT" '{"id":"w10","type":"facility_open","at":"2025-12-31T15:00:00Z","facility":"BUFF","name":"Batavia","aor":"BUF","kind":"SPC","capacity":5}'
expect_status 201
expect_jq '.ids == ["w10"]'
http GET /api/facilities "$VIEW"
expect_jq 'any(.[]; .facility == "BUFF")'
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -I -H "Authorization: Bearer $VIEW" "$BASE/api/occupancy")
expect_status 200
ok "facility_open seen at once; HEAD 200"

say "what another process records is seen by the server"
cat >other.ndjson <<'EOF2'
{"id":"x1","type":"facility_open","at":"2025-12-31T16:00:00Z","facility":"BOSF","name":"Plymouth","aor":"BOS","kind":"IGSA","capacity":5}
{"id":"x2","type":"book_out","at":"2025-12-31T16:00:00Z","person":"A100000009","reason":"bonded_out"}
EOF2
custody ingest other.ndjson >/dev/null
http POST /api/events "$ROOT" '{"id":"w11","type":"transfer","at":"2025-12-31T17:00:00Z","person":"A100000009","facility":"NYCF"}'
expect_error 422
http POST /api/events "$ROOT" '{"id":"w12","type":"book_in","at":"2025-12-31T17:00:00Z","person":"A100000009","facility":"BOSF"}'
expect_status 201
sleep 1.2
http GET /api/facilities "$VIEW"
expect_jq 'any(.[]; .facility == "BOSF" and .population == 1)'
ok "the command line's ingest seen by the server's next write and read"

say "users through the API (admin only); a replaced token stops working"
http GET /api/users "$SUP"
expect_error 403
http POST /api/users "$ROOT" '{"name":"bos","role":"officer","aors":["BOS"]}'
expect_status 201
http POST /api/users "$ROOT" '{"name":"bos","role":"viewer"}'
expect_error 409
http POST /api/users "$ROOT" '{"name":"x y","role":"viewer"}'
expect_error 400
http POST /api/users "$ROOT" '{"name":"z","role":"officer"}'
expect_error 400
expect_jq '.field == "aors"'
http POST /api/users "$ROOT" '{"name":"z","role":"boss"}'
expect_error 400
http POST /api/users/bos/token "$ROOT"
expect_status 201
BOS=$(jq -r .token "$OUT")
http GET /api/me "$BOS"
expect_jq '.user == "bos" and .aors == ["BOS"]'
http POST /api/users/bos/token "$ROOT"
NEW_BOS=$(jq -r .token "$OUT")
http GET /api/me "$BOS"
expect_error 401
BOS=$NEW_BOS
http GET /api/me "$BOS"
expect_status 200
http GET /api/users "$ROOT"
expect_jq 'map(.name) == ["bos", "chi", "nyc", "root", "sup", "view"]'
expect_jq 'all(.[]; has("token_hash") | not)'
http DELETE /api/users/bos "$ROOT"
expect_status 200
http GET /api/me "$BOS"
expect_error 401
http DELETE /api/users/bos "$ROOT"
expect_error 404
custody user remove view >/dev/null
sleep 1.2
http GET /api/me "$VIEW"
expect_error 401
ok "users managed; removed and replaced tokens refused (from the command line too)"

say "the rules: every role reads them, an admin replaces them (rules.ini beside the ledger)"
printf '[policy]\nnational_capacity = 100\n' >rules.ini.new
http PUT /api/rules "$SUP" @rules.ini.new text/plain
expect_error 403
printf '[policy]\nnational_capacity = lots\n' >bad.ini
http PUT /api/rules "$ROOT" @bad.ini text/plain
expect_error 400
expect_jq '.error | test("line 2")'
[ ! -e rules.ini ] || fail "a refused rules file was written"
http PUT /api/rules "$ROOT" @rules.ini.new text/plain
expect_status 200
expect_jq 'any(.[]; .key == "national_capacity" and .value == "100" and (.source | test("rules.ini line 2")))'
expect_same_file "rules.ini as sent" rules.ini.new rules.ini
http GET /api/occupancy "$SUP"
expect_jq '.national.capacity == 100'
expect_ok custody rules --json
expect_jq 'any(.[]; .key == "national_capacity" and .value == "100")'
ok "rules replaced by an admin, in force at once, read by the command line too"

say "the locator: exact matches, the privacy rules, one answer for all unknowns"
http GET "/api/locate?a=A99999999&birth_country=MX"
expect_error 404
cp "$OUT" unknown.json
http GET "/api/locate?a=A-100-000-001&birth_country=MX"
expect_status 200
expect_jq '. == {"matches": [{"status": "detained", "facility": "Hudson Processing", "city": "Kearny", "state": "NJ", "aor": "NYC"}]}'
http GET "/api/locate?family_name=garcia&given_name=MARIA&birth_country=MX"
expect_status 200
expect_jq '.matches | length == 1'
http GET "/api/locate?family_name=Garcia&given_name=Maria&birth_country=MX&birth_date=1990-01-01"
expect_jq '.matches | length == 1'
for query in "a=A100000001&birth_country=GT" "family_name=Garc&given_name=Maria&birth_country=MX" \
	"family_name=Garcia&given_name=Maria&birth_country=MX&birth_date=1990-01-02" \
	"a=A100000003&birth_country=MX" "family_name=Garcia&given_name=Pablo&birth_country=MX" \
	"a=A100000004&birth_country=MX" "family_name=Lopez&given_name=Ana&birth_country=MX" \
	"a=A100000006&birth_country=HN" "a=A100000007&birth_country=MX" "family_name=Garcia%20&given_name=Maria&birth_country=MX"; do
	http GET "/api/locate?$query"
	expect_status 404
	expect_same_file "locate?$query answers as for an unknown person" unknown.json "$OUT"
done
http GET "/api/locate?a=A100000005&birth_country=GT"
expect_status 200
expect_jq '. == {"matches": [{"status": "released"}]}'
http GET "/api/locate?family_name=Gomez&given_name=Carlos&birth_country=SV"
expect_jq '.matches | length == 2'
http GET "/api/locate?family_name=Gomez&given_name=Carlos&birth_country=SV&birth_date=1985-09-09"
expect_jq '.matches | length == 1'
http GET "/api/locate?a=A100000001"
expect_error 400
http GET "/api/locate?family_name=Garcia&birth_country=MX"
expect_error 400
http GET "/api/locate?a=A100000001&birth_country=MX&family_name=Garcia"
expect_error 400
http GET "/api/locate?a=A100000001&birth_country=MX&ssn=1"
expect_error 400
http POST /api/events "$NYC" '{"id":"w9","type":"book_out","at":"2025-12-31T14:00:00Z","person":"A100000001","reason":"recognizance"}'
expect_status 201
http GET "/api/locate?a=A100000001&birth_country=MX"
expect_jq '. == {"matches": [{"status": "released"}]}'
ok "locator"
serve_stop

say "ICE's official figures and the report beside them, as the command line gives them"
expect_ok custody import-ice "$CUSTODY_FIXTURES/ice/FY25_detentionStats09242025.xlsx"
serve_start --locate-rate 5 --snapshot-age 0
compare "/api/official?fy=2025&table=adp" official --fy 2025 --table adp
compare "/api/official?fy=2025" official --fy 2025
compare "/api/report?fy=2025&compare=1&table=book_ins" report --fy 2025 --compare --table book_ins --quiet
http GET "/api/official?fy=2025&table=beds" "$SUP"
expect_error 400
ok "official and report --compare identical to the command line"

say "the locator is rate-limited per address"
for i in 1 2 3 4 5; do
	http GET "/api/locate?a=A100000002&birth_country=CN"
	expect_status 200
done
http GET "/api/locate?a=A100000002&birth_country=CN"
expect_error 429
grep -qiE '^Retry-After: [0-9]+' "$HEADERS" || fail "429 without Retry-After: $(cat "$HEADERS")"
http GET /api/me "$ROOT"
expect_status 200
serve_stop
ok "429 after 5 a minute; the API unaffected"
