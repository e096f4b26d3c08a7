#!/usr/bin/env bash
# Late events, voids and timeline rules through the command line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

P=A500600700 # two stays: 2025-10-01..10-20 and 2025-11-01..11-20
Q=A500600800 # held under 236c

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"
cat >people.ndjson <<EOF
{"id":"t-1","type":"arrest","at":"2025-10-01T00:00:00Z","person":"$P","aor":"ATL","agency":"ICE"}
{"id":"t-2","type":"book_in","at":"2025-10-01T06:00:00Z","person":"$P","facility":"STWRTGA"}
{"id":"t-3","type":"classify","at":"2025-10-01T07:00:00Z","person":"$P","mandatory":"none"}
{"id":"t-4","type":"book_out","at":"2025-10-20T06:00:00Z","person":"$P","reason":"other"}
{"id":"u-2","type":"book_in","at":"2025-11-01T06:00:00Z","person":"$P","facility":"STWRTGA"}
{"id":"u-3","type":"classify","at":"2025-11-01T07:00:00Z","person":"$P","mandatory":"none"}
{"id":"u-4","type":"book_out","at":"2025-11-20T06:00:00Z","person":"$P","reason":"other"}
{"id":"q-1","type":"arrest","at":"2025-10-01T00:00:00Z","person":"$Q","aor":"MIA","agency":"ICE","criminality":"convicted"}
{"id":"q-2","type":"book_in","at":"2025-10-01T06:00:00Z","person":"$Q","facility":"KRO"}
{"id":"q-3","type":"classify","at":"2025-10-01T07:00:00Z","person":"$Q","mandatory":"236c"}
EOF
expect_ok custody ingest people.ndjson
expect_counts 10 0 0

# state_at T: custody show --json --at T for $P, as [detained, facility, stay_start]
state_at()
{
	custody show --json --at "$1" "$P" | jq -c '[.detained, .facility, .stay_start]'
}

# Rejection messages seen, checked together at the end.
: >messages.txt
keep_message()
{
	{ echo "== $LAST_CMD"; cat "$ERR"; } >>messages.txt
}

# expect_rejected JSON: custody add JSON exits 1 and leaves the ledger as it was.
expect_rejected()
{
	dump_tables "$DB" tables.before
	expect_exit 1 custody add "$1"
	keep_message
	dump_tables "$DB" tables.after
	expect_same_file "tables after a rejected add" tables.before tables.after
}

say "before any late event: two stays at STWRTGA"
expect_eq "state at 2025-10-15" '[true,"STWRTGA","2025-10-01T06:00:00Z"]' "$(state_at 2025-10-15T00:00:00Z)"
expect_eq "state at 2025-11-10" '[true,"STWRTGA","2025-11-01T06:00:00Z"]' "$(state_at 2025-11-10T00:00:00Z)"
ok "as ingested"

say "a late transfer between the first book-in and book-out is accepted"
expect_ok custody add "{\"id\":\"t-5\",\"type\":\"transfer\",\"at\":\"2025-10-10T00:00:00Z\",\"person\":\"$P\",\"facility\":\"KRO\"}"
expect_stdout_matches 'stored t-5( \(seq [0-9]+\))?'
expect_eq "state at 2025-10-05" '[true,"STWRTGA","2025-10-01T06:00:00Z"]' "$(state_at 2025-10-05T00:00:00Z)"
expect_eq "state at 2025-10-09T23:59:59Z" '[true,"STWRTGA","2025-10-01T06:00:00Z"]' "$(state_at 2025-10-09T23:59:59Z)"
expect_eq "state at 2025-10-10 (the transfer)" '[true,"KRO","2025-10-01T06:00:00Z"]' "$(state_at 2025-10-10T00:00:00Z)"
expect_eq "state at 2025-10-15" '[true,"KRO","2025-10-01T06:00:00Z"]' "$(state_at 2025-10-15T00:00:00Z)"
expect_eq "state at 2025-10-25" '[false,null,null]' "$(state_at 2025-10-25T00:00:00Z)"
expect_eq "state at 2025-11-10" '[true,"STWRTGA","2025-11-01T06:00:00Z"]' "$(state_at 2025-11-10T00:00:00Z)"
expect_eq "state now" '[false,null,null]' "$(state_at 2026-01-01T00:00:00Z)"
# the late transfer moves the person in the occupancy counts too
expect_ok custody occupancy --json --at 2025-10-15T00:00:00Z
# KRO: A400500600 (since 2025-07-14), Q (since 2025-10-01) and P
expect_jq '(.facilities[] | select(.facility == "KRO") | .population) == 3'
expect_jq '(.facilities[] | select(.facility == "STWRTGA") | .population) == 0'
expect_ok custody occupancy --json --at 2025-10-05T00:00:00Z
expect_jq '(.facilities[] | select(.facility == "KRO") | .population) == 2'
expect_jq '(.facilities[] | select(.facility == "STWRTGA") | .population) == 1'
ok "STWRTGA until 2025-10-10, KRO until 2025-10-20, one stay"

say "a late book-in inside a stay is rejected, naming the person, the time and the conflicting event"
expect_rejected "{\"id\":\"t-6\",\"type\":\"book_in\",\"at\":\"2025-10-12T00:00:00Z\",\"person\":\"$P\",\"facility\":\"KRO\"}"
expect_stderr_contains "t-6"
expect_stderr_contains "$P"
expect_stderr_contains "2025-10-12T00:00:00Z"
expect_stderr_matches '\bt-[25]\b' # the stay's book-in (t-2) or the transfer to KRO (t-5)
expect_stderr_contains "already in custody"
ok "$(head -n 1 "$ERR")"

say "a late book-out that would invalidate a later event is rejected, naming that event"
expect_rejected "{\"id\":\"t-7\",\"type\":\"book_out\",\"at\":\"2025-10-15T00:00:00Z\",\"person\":\"$P\",\"reason\":\"other\"}"
expect_stderr_contains "t-7"
expect_stderr_contains "$P"
expect_stderr_contains "t-4" # the book-out of 2025-10-20 would follow a book-out
ok "$(head -n 1 "$ERR")"

say "a late event before the person's first event that breaks nothing is accepted"
expect_ok custody add "{\"id\":\"t-0\",\"type\":\"hearing\",\"at\":\"2025-09-30T00:00:00Z\",\"person\":\"$P\",\"status\":\"scheduled\",\"hearing_at\":\"2025-12-15T09:00:00Z\"}"
expect_eq "state at 2025-10-15" '[true,"KRO","2025-10-01T06:00:00Z"]' "$(state_at 2025-10-15T00:00:00Z)"
ok "stored t-0"

say "a void of a book-out that would leave two book-ins in a row is rejected (the reason: it names the person)"
expect_rejected '{"id":"v-1","type":"void","at":"2025-12-01T00:00:00Z","person":"A500600700","target":"t-4","reason":"entered in error"}'
expect_stderr_contains "void of t-4"
expect_stderr_contains "$P"
expect_stderr_contains "u-2" # the second book-in would follow the first stay
ok "$(head -n 1 "$ERR")"

say "a valid void removes its target from the state; the log keeps it, marked voided"
expect_ok custody show --json "$P"
expect_jq '.detained == false'
expect_ok custody add '{"id":"v-2","type":"void","at":"2025-12-01T00:00:00Z","target":"u-4","reason":"book-out entered for the wrong person"}'
expect_stdout_matches 'stored v-2( \(seq [0-9]+\))?'
expect_ok custody show --json "$P"
expect_jq '.detained == true and .facility == "STWRTGA" and .stay_start == "2025-11-01T06:00:00Z"'
expect_jq '[.events[] | select(.voided) | .id] == ["u-4"]'
expect_jq '[.events[].id] | index("v-2") != null'
expect_ok custody log --json --person "$P"
expect_jq '[.[] | select(.voided) | .event.id] == ["u-4"]'
expect_jq '(.[] | select(.event.id == "u-4") | .event.reason) == "other"'
expect_ok custody log --json
expect_jq '(.[-1].event | .id == "v-2" and .target == "u-4")'
expect_ok custody occupancy --json
expect_jq '(.facilities[] | select(.facility == "STWRTGA") | .population) == 1'
ok "detained again at STWRTGA; u-4 in the log, voided; v-2 recorded"

say "voiding the same target twice is rejected"
expect_rejected '{"id":"v-3","type":"void","at":"2025-12-02T00:00:00Z","target":"u-4","reason":"again"}'
expect_stderr_contains "v-3"
expect_stderr_contains "u-4"
expect_stderr_contains "already voided"
ok "$(head -n 1 "$ERR")"

say "a void of an unknown id is rejected"
expect_rejected '{"id":"v-4","type":"void","at":"2025-12-02T00:00:00Z","target":"no-such-event","reason":"typo"}'
expect_stderr_contains "unknown event"
expect_stderr_contains "no-such-event"
ok "$(head -n 1 "$ERR")"

say "a void of a void is rejected"
expect_rejected '{"id":"v-5","type":"void","at":"2025-12-02T00:00:00Z","target":"v-2","reason":"undo"}'
expect_stderr_contains "v-2"
ok "$(head -n 1 "$ERR")"

say "a void naming another person than its target's is rejected"
expect_rejected "{\"id\":\"v-6\",\"type\":\"void\",\"at\":\"2025-12-02T00:00:00Z\",\"person\":\"$Q\",\"target\":\"t-5\",\"reason\":\"x\"}"
expect_stderr_contains 'field "person"'
ok "$(head -n 1 "$ERR")"

say "closing a facility while someone is held there is rejected"
expect_rejected '{"id":"fc-1","type":"facility_close","at":"2025-12-01T00:00:00Z","facility":"STWRTGA"}'
expect_stderr_contains "STWRTGA"
expect_stderr_contains "closes while someone is held there"
grep -q "$P" "$ERR" && fail "the message names the person held: $(cat "$ERR")"
msg=$(head -n 1 "$ERR")
# a late close, in the middle of someone's stay, as well
expect_rejected '{"id":"fc-2","type":"facility_close","at":"2025-10-05T00:00:00Z","facility":"STWRTGA"}'
expect_stderr_contains "closes while"
expect_ok custody facilities --json
expect_jq '(.[] | select(.facility == "STWRTGA") | .open) == true'
ok "$msg"

say "a discretionary release of a person held under 236c is rejected"
for reason in recognizance supervision paroled bonded_out; do
	expect_rejected "{\"id\":\"q-4\",\"type\":\"book_out\",\"at\":\"2025-12-01T00:00:00Z\",\"person\":\"$Q\",\"reason\":\"$reason\"}"
	expect_stderr_contains "mandatory"
	expect_stderr_contains "$Q"
done
expect_rejected "{\"id\":\"q-4\",\"type\":\"book_out\",\"at\":\"2025-12-01T00:00:00Z\",\"person\":\"$Q\",\"reason\":\"capacity\",\"note\":\"no beds\"}"
expect_stderr_contains "mandatory"
# late, too: a release inside the stay
expect_rejected "{\"id\":\"q-4\",\"type\":\"book_out\",\"at\":\"2025-10-02T00:00:00Z\",\"person\":\"$Q\",\"reason\":\"recognizance\"}"
expect_stderr_contains "mandatory"
ok "$(head -n 1 "$ERR")"

# Events after the person's last one (not late), one process each: the
# ledger starts from what the log holds, not from a cache.
say "in-order events through add: book-out, enrolment, check-in, book-in"
expect_ok custody add "{\"id\":\"q-5\",\"type\":\"book_out\",\"at\":\"2025-12-01T00:00:00Z\",\"person\":\"$Q\",\"reason\":\"removed\",\"country\":\"MX\"}"
expect_ok custody show --json "$Q"
expect_jq '.detained == false'
expect_ok custody add "{\"id\":\"u-5\",\"type\":\"book_out\",\"at\":\"2025-12-01T00:00:00Z\",\"person\":\"$P\",\"reason\":\"supervision\"}"
expect_ok custody add "{\"id\":\"u-6\",\"type\":\"atd_enroll\",\"at\":\"2025-12-01T02:00:00Z\",\"person\":\"$P\",\"technology\":\"app\",\"checkin_days\":7}"
expect_ok custody add "{\"id\":\"u-7\",\"type\":\"atd_checkin\",\"at\":\"2025-12-05T02:00:00Z\",\"person\":\"$P\",\"result\":\"ok\"}"
expect_ok custody show --json "$P"
expect_jq '.detained == false and .enrolled == true and .technology == "app"'
expect_ok custody add "{\"id\":\"u-8\",\"type\":\"book_in\",\"at\":\"2025-12-10T00:00:00Z\",\"person\":\"$P\",\"facility\":\"KRO\"}"
expect_ok custody show --json "$P"
expect_jq '.detained == true and .facility == "KRO" and .stay_start == "2025-12-10T00:00:00Z" and .enrolled == false'
expect_rejected "{\"id\":\"u-9\",\"type\":\"atd_checkin\",\"at\":\"2025-12-11T00:00:00Z\",\"person\":\"$P\",\"result\":\"ok\"}"
expect_stderr_contains "not enrolled"
ok "each accepted in its own run; the book-in ended the enrolment"

say "rejection messages report a rejected event, not a damaged ledger"
# A rejected event is invalid input (exit 1); the ledger is fine. A message
# that says the log "no longer replays" and suggests `custody rebuild`
# describes database damage, which misleads the operator.
if grep -n -B1 -i -e "no longer replays" -e "custody rebuild" messages.txt; then
	fail "a rejection message describes the ledger as damaged (see above)"
fi
ok "$(grep -c '^== ' messages.txt) rejection messages checked"

say "rebuild keeps the state, check says ok"
expect_ok custody show --json "$P"
cp "$OUT" show.before
expect_ok custody rebuild
expect_ok custody show --json "$P"
expect_same_file "show --json after rebuild" show.before "$OUT"
expect_ok custody check
expect_stdout_contains "ok"
ok "same state after rebuild"
