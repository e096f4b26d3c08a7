#!/usr/bin/env bash
# Legal clocks and beds through the command line (rules.md): custody flags,
# candidates, place and rules, the rules file (--rules, rules.ini beside the
# ledger), the write-time policy rejections, and flags/candidates before and
# after a rebuild of a generated ledger.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

T0=2025-06-01T00:00:00Z # the instant most checks look at

# Who is who (A-numbers A1000000NN, NN below):
#  01 M, BIGM (ATL), final order 2025-05-01: inside the removal period at T0
#  02 M, BIGM, order 2024-10-01, 90-day review, travel document refused: PO-RELEASE
#  03 F child (born 2010), FAMT (FAMILY, SNA): CH-20D
#  04 M child (born 2009), SMALLA (IGSA, ATL), never classified: CH-72H, STD-CLASSIFY-12H
#  05 F, MIAF (F only, MIA), threat 1 convicted
#  06 M border arrest, SMALLA
#  07 M, SMALLA, threat none, criminality none
#  08 M, BIGM, mandatory 236c
#  09 M, HOUX (HOU), order 2025-01-10, travel document issued
#  10 M, HOUX, threat 3 pending;  11 M, HOUX, threat none, criminality none
#  12 M arrested in ATL, not held;  13 F child arrested in SNA, not held
#  14 F arrested in MIA, not held
#  15 M, DALY (DAL), order 2025-01-15, stay granted 2025-02-01, lifted 2025-05-15
#  16 M, DALY, order 2025-04-01, non-cooperation 2025-04-11..04-21 (10 days tolled)
#  17 M, order 2024-12-15 in a first stay (90-day review then), booked in
#     again 2025-05-01T06:00: S is the new book-in
#  18 M, DALY, order 2024-06-01, 90-day and 180-day reviews (continue), a
#     requested review 2025-07-01 finding removal not foreseeable; threat 3 pending
#  19 M, born 2007-06-01: 17 at book-in 2025-05-31 in HOUX, 18 the next day,
#     transferred to FAMT 2025-06-02
# Facilities: BIGM ATL CDF 5 M; SMALLA ATL IGSA 3 (2 from 2025-05-31); FAMT
# SNA FAMILY 4; MIAF MIA SPC 2 F; HOUX HOU IGSA 10; DALY DAL IGSA 20; ATLB
# ATL HOLD 4; OLDC ATL CDF 50, closed 2025-01-01.
cat >ledger.ndjson <<'EOF'
{"id":"f-big","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"BIGM","name":"Big Male Center","aor":"ATL","kind":"CDF","capacity":5,"sex":"M"}
{"id":"f-small","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"SMALLA","name":"Small Any Jail","aor":"ATL","kind":"IGSA","capacity":3}
{"id":"f-fam","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"FAMT","name":"Family Residential","aor":"SNA","kind":"FAMILY","capacity":4}
{"id":"f-mia","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"MIAF","name":"Miami Women","aor":"MIA","kind":"SPC","capacity":2,"sex":"F"}
{"id":"f-hou","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"HOUX","name":"Houston Annex","aor":"HOU","kind":"IGSA","capacity":10}
{"id":"f-daly","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"DALY","name":"Dallas Yard","aor":"DAL","kind":"IGSA","capacity":20}
{"id":"f-atlb","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"ATLB","name":"Atlanta Hold B","aor":"ATL","kind":"HOLD","capacity":4}
{"id":"f-oldc","type":"facility_open","at":"2024-01-01T00:00:00Z","facility":"OLDC","name":"Old Closed Center","aor":"ATL","kind":"CDF","capacity":50}
{"id":"f-oldc-x","type":"facility_close","at":"2025-01-01T00:00:00Z","facility":"OLDC"}
{"id":"f-small-cap","type":"facility_capacity","at":"2025-05-31T00:00:00Z","facility":"SMALLA","capacity":2}
{"id":"p1-1","type":"arrest","at":"2025-03-01T00:00:00Z","person":"A100000001","aor":"ATL","agency":"ICE","sex":"M","birth_date":"1980-01-01"}
{"id":"p1-2","type":"book_in","at":"2025-03-01T06:00:00Z","person":"A100000001","facility":"BIGM"}
{"id":"p1-3","type":"classify","at":"2025-03-01T08:00:00Z","person":"A100000001","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p1-4","type":"removal_order","at":"2025-05-01T10:00:00Z","person":"A100000001","final":"2025-05-01"}
{"id":"p2-1","type":"arrest","at":"2024-09-01T00:00:00Z","person":"A100000002","aor":"ATL","agency":"ICE","sex":"M","birth_date":"1975-06-15"}
{"id":"p2-2","type":"book_in","at":"2024-09-01T06:00:00Z","person":"A100000002","facility":"BIGM"}
{"id":"p2-3","type":"classify","at":"2024-09-01T07:00:00Z","person":"A100000002","mandatory":"none","criminality":"convicted","threat_level":2}
{"id":"p2-4","type":"removal_order","at":"2024-10-01T09:00:00Z","person":"A100000002","final":"2024-10-01"}
{"id":"p2-5","type":"travel_document","at":"2024-10-05T00:00:00Z","person":"A100000002","status":"requested","country":"CU"}
{"id":"p2-6","type":"custody_review","at":"2024-12-20T00:00:00Z","person":"A100000002","kind":"90_day","decision":"continue"}
{"id":"p2-7","type":"travel_document","at":"2025-02-01T00:00:00Z","person":"A100000002","status":"refused","country":"CU"}
{"id":"p3-1","type":"arrest","at":"2025-05-19T00:00:00Z","person":"A100000003","aor":"SNA","agency":"CBP","sex":"F","birth_date":"2010-05-01"}
{"id":"p3-2","type":"book_in","at":"2025-05-20T00:00:00Z","person":"A100000003","facility":"FAMT"}
{"id":"p3-3","type":"classify","at":"2025-05-20T05:00:00Z","person":"A100000003","mandatory":"none"}
{"id":"p4-1","type":"arrest","at":"2025-05-30T00:00:00Z","person":"A100000004","aor":"ATL","agency":"ICE","sex":"M","birth_date":"2009-01-01"}
{"id":"p4-2","type":"book_in","at":"2025-05-30T12:00:00Z","person":"A100000004","facility":"SMALLA"}
{"id":"p5-1","type":"arrest","at":"2025-04-01T00:00:00Z","person":"A100000005","aor":"MIA","agency":"ICE","sex":"F","birth_date":"1990-02-02"}
{"id":"p5-2","type":"book_in","at":"2025-04-01T03:00:00Z","person":"A100000005","facility":"MIAF"}
{"id":"p5-3","type":"classify","at":"2025-04-01T04:00:00Z","person":"A100000005","mandatory":"none","criminality":"convicted","threat_level":1}
{"id":"p6-1","type":"arrest","at":"2025-05-10T00:00:00Z","person":"A100000006","aor":"ATL","agency":"CBP","border":true,"sex":"M","birth_date":"1995-03-03"}
{"id":"p6-2","type":"book_in","at":"2025-05-10T02:00:00Z","person":"A100000006","facility":"SMALLA"}
{"id":"p6-3","type":"classify","at":"2025-05-10T03:00:00Z","person":"A100000006","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p7-1","type":"arrest","at":"2025-05-01T00:00:00Z","person":"A100000007","aor":"ATL","agency":"ICE","sex":"M","birth_date":"1985-07-07"}
{"id":"p7-2","type":"book_in","at":"2025-05-01T02:00:00Z","person":"A100000007","facility":"SMALLA"}
{"id":"p7-3","type":"classify","at":"2025-05-01T03:00:00Z","person":"A100000007","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p8-1","type":"arrest","at":"2025-02-01T00:00:00Z","person":"A100000008","aor":"ATL","agency":"ICE","sex":"M","criminality":"convicted"}
{"id":"p8-2","type":"book_in","at":"2025-02-01T02:00:00Z","person":"A100000008","facility":"BIGM"}
{"id":"p8-3","type":"classify","at":"2025-02-01T03:00:00Z","person":"A100000008","mandatory":"236c"}
{"id":"p9-1","type":"arrest","at":"2025-01-01T00:00:00Z","person":"A100000009","aor":"HOU","agency":"ICE","sex":"M"}
{"id":"p9-2","type":"book_in","at":"2025-01-01T02:00:00Z","person":"A100000009","facility":"HOUX"}
{"id":"p9-3","type":"classify","at":"2025-01-01T03:00:00Z","person":"A100000009","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p9-4","type":"removal_order","at":"2025-01-10T00:00:00Z","person":"A100000009"}
{"id":"p9-5","type":"travel_document","at":"2025-05-01T00:00:00Z","person":"A100000009","status":"issued","country":"MX"}
{"id":"p10-1","type":"arrest","at":"2025-03-15T00:00:00Z","person":"A100000010","aor":"HOU","agency":"ICE","sex":"M"}
{"id":"p10-2","type":"book_in","at":"2025-03-15T02:00:00Z","person":"A100000010","facility":"HOUX"}
{"id":"p10-3","type":"classify","at":"2025-03-15T03:00:00Z","person":"A100000010","mandatory":"none","criminality":"pending","threat_level":3}
{"id":"p11-1","type":"arrest","at":"2025-04-01T00:00:00Z","person":"A100000011","aor":"HOU","agency":"ICE","sex":"M"}
{"id":"p11-2","type":"book_in","at":"2025-04-01T02:00:00Z","person":"A100000011","facility":"HOUX"}
{"id":"p11-3","type":"classify","at":"2025-04-01T03:00:00Z","person":"A100000011","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p12-1","type":"arrest","at":"2025-05-31T00:00:00Z","person":"A100000012","aor":"ATL","agency":"ICE","sex":"M","birth_date":"1970-01-01"}
{"id":"p13-1","type":"arrest","at":"2025-05-31T00:00:00Z","person":"A100000013","aor":"SNA","agency":"CBP","sex":"F","birth_date":"2012-01-01"}
{"id":"p14-1","type":"arrest","at":"2025-05-31T00:00:00Z","person":"A100000014","aor":"MIA","agency":"ICE","sex":"F","birth_date":"1992-02-02"}
{"id":"p15-1","type":"arrest","at":"2025-01-10T00:00:00Z","person":"A100000015","aor":"DAL","agency":"ICE","sex":"M","birth_date":"1988-08-08"}
{"id":"p15-2","type":"book_in","at":"2025-01-10T02:00:00Z","person":"A100000015","facility":"DALY"}
{"id":"p15-3","type":"classify","at":"2025-01-10T03:00:00Z","person":"A100000015","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p15-4","type":"removal_order","at":"2025-01-15T00:00:00Z","person":"A100000015"}
{"id":"p15-5","type":"stay_of_removal","at":"2025-02-01T00:00:00Z","person":"A100000015","status":"granted"}
{"id":"p15-6","type":"stay_of_removal","at":"2025-05-15T00:00:00Z","person":"A100000015","status":"lifted"}
{"id":"p16-1","type":"arrest","at":"2025-03-20T00:00:00Z","person":"A100000016","aor":"DAL","agency":"ICE","sex":"M","birth_date":"1977-07-07"}
{"id":"p16-2","type":"book_in","at":"2025-03-20T02:00:00Z","person":"A100000016","facility":"DALY"}
{"id":"p16-3","type":"classify","at":"2025-03-20T03:00:00Z","person":"A100000016","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p16-4","type":"removal_order","at":"2025-04-01T00:00:00Z","person":"A100000016","final":"2025-04-01"}
{"id":"p16-5","type":"noncooperation","at":"2025-04-11T00:00:00Z","person":"A100000016","status":"start"}
{"id":"p16-6","type":"noncooperation","at":"2025-04-21T00:00:00Z","person":"A100000016","status":"end"}
{"id":"p17-1","type":"arrest","at":"2024-12-01T00:00:00Z","person":"A100000017","aor":"DAL","agency":"ICE","sex":"M","birth_date":"1966-06-06"}
{"id":"p17-2","type":"book_in","at":"2024-12-01T02:00:00Z","person":"A100000017","facility":"DALY"}
{"id":"p17-3","type":"classify","at":"2024-12-01T03:00:00Z","person":"A100000017","mandatory":"none","criminality":"none","threat_level":null}
{"id":"p17-4","type":"removal_order","at":"2024-12-15T00:00:00Z","person":"A100000017"}
{"id":"p17-5","type":"custody_review","at":"2025-01-05T00:00:00Z","person":"A100000017","kind":"90_day","decision":"continue"}
{"id":"p17-6","type":"book_out","at":"2025-01-10T00:00:00Z","person":"A100000017","reason":"other"}
{"id":"p17-7","type":"arrest","at":"2025-05-01T00:00:00Z","person":"A100000017","aor":"DAL","agency":"ICE"}
{"id":"p17-8","type":"book_in","at":"2025-05-01T06:00:00Z","person":"A100000017","facility":"DALY"}
{"id":"p17-9","type":"classify","at":"2025-05-01T07:00:00Z","person":"A100000017","mandatory":"none"}
{"id":"p18-1","type":"arrest","at":"2024-05-01T00:00:00Z","person":"A100000018","aor":"DAL","agency":"ICE","sex":"M","birth_date":"1960-01-01"}
{"id":"p18-2","type":"book_in","at":"2024-05-01T02:00:00Z","person":"A100000018","facility":"DALY"}
{"id":"p18-3","type":"classify","at":"2024-05-01T03:00:00Z","person":"A100000018","mandatory":"none","criminality":"pending","threat_level":3}
{"id":"p18-4","type":"removal_order","at":"2024-06-01T00:00:00Z","person":"A100000018"}
{"id":"p18-5","type":"custody_review","at":"2024-08-20T00:00:00Z","person":"A100000018","kind":"90_day","decision":"continue"}
{"id":"p18-6","type":"custody_review","at":"2024-11-20T00:00:00Z","person":"A100000018","kind":"180_day","decision":"continue","removal_foreseeable":true}
{"id":"p18-7","type":"custody_review","at":"2025-07-01T00:00:00Z","person":"A100000018","kind":"requested","decision":"continue","removal_foreseeable":false}
{"id":"p19-1","type":"arrest","at":"2025-05-30T00:00:00Z","person":"A100000019","aor":"HOU","agency":"CBP","sex":"M","birth_date":"2007-06-01"}
{"id":"p19-2","type":"book_in","at":"2025-05-31T00:00:00Z","person":"A100000019","facility":"HOUX"}
{"id":"p19-3","type":"classify","at":"2025-05-31T01:00:00Z","person":"A100000019","mandatory":"none"}
{"id":"p19-4","type":"transfer","at":"2025-06-02T00:00:00Z","person":"A100000019","facility":"FAMT"}
EOF
expect_ok custody init
expect_ok custody ingest ledger.ndjson
expect_counts "$(grep -c . ledger.ndjson)" 0 0
custody facilities --json | jq 'map({(.facility): .aor}) | add' >aors.json

# --- helpers ---------------------------------------------------------------

# expect_same_json WHAT EXPECTED_FILE ACTUAL_FILE: the same JSON values
# (layout aside).
expect_same_json()
{
	jq -c . "$2" >"$2.c" || fail "$1: $2 is not JSON"
	jq -c . "$3" >"$3.c" || fail "$1: $3 is not JSON"
	expect_same_file "$1" "$2.c" "$3.c"
}

# flags_tsv FILE: person, rule, status, due (- for none) of a flags --json
# output, one flag a line, in the output's order.
flags_tsv()
{
	jq -r '.[] | [.person, .rule, .status, (.due // "-")] | @tsv' "$1"
}

# expect_flags_sorted FILE: sorted by due (null last), then A-number.
expect_flags_sorted()
{
	expect_jq '[.[] | [(.due // "9999"), .person]] as $k | $k == ($k | sort)' "$1"
}

# expect_flags_well_formed FILE AT: every flag's fields, its status against
# its due time and the rule table of rules.md.
expect_flags_well_formed()
{
	AT=$2 expect_jq '
	  def rfc: type == "string" and test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$");
	  type == "array" and all(.[];
	    (keys == ["due", "facility", "person", "reason", "rule", "status"])
	    and (.person | test("^A[0-9]{9}$"))
	    and (.reason | type == "string" and length > 0)
	    and (if (.rule | startswith("ATD-") or startswith("HEARING-")) then .facility == null
	         else (.facility | type == "string" and length > 0) end)
	    and (if (.rule | IN("PR-BOND", "ATD-ESCALATE", "ATD-DEESCALATE")) then .due == null and .status == "info"
	         else (.due | rfc) end)
	    and (if (.rule | IN("PO-90", "PO-180")) then .status == "info"
	         elif (.rule | IN("PO-RELEASE", "ATD-ABSCOND", "ATD-TAMPER", "HEARING-MISSED")) then .status == "overdue"
	         elif .rule == "HEARING-REMINDER" then .status == "due"
	         elif (.rule | IN("PR-BOND", "ATD-ESCALATE", "ATD-DEESCALATE")) then true
	         else (.status | IN("due", "overdue")) end)
	    and (if .status == "due" then .due >= $ENV.AT
	         elif .status == "overdue" then .due < $ENV.AT
	         else true end))' "$1"
}

# text_vs_json_flags TEXT JSON: the text rows are the JSON flags, in order.
text_vs_json_flags()
{
	local n
	n=$(jq length "$2")
	if [ "$n" -eq 1 ]; then
		head -n 1 "$1" | grep -qE "^1 flag at " || fail "flags text header: $(head -n 1 "$1")"
	else
		head -n 1 "$1" | grep -qE "^$n flags at " || fail "flags text header for $n flags: $(head -n 1 "$1")"
	fi
	tail -n +2 "$1" | sed -E 's/^([^ ]+) +([^ ]+) +([^ ]+) +([^ ]+) +([^ ]+) +(.*)$/\1\t\2\t\3\t\4\t\5\t\6/' >text.tsv
	jq -r '.[] | [(.due // "-"), .status, .rule, .person, (.facility // "-"), .reason] | @tsv' "$2" >json.tsv
	expect_same_file "flags text rows against --json" json.tsv text.tsv
}

# flags_both ARGS...: custody flags ARGS in text (flags.txt) and --json
# (flags.json, also left in $OUT), checked against each other.
flags_both()
{
	expect_ok custody flags "$@"
	cp "$OUT" flags.txt
	expect_ok custody flags "$@" --json
	cp "$OUT" flags.json
	text_vs_json_flags flags.txt flags.json
}

# text_vs_json_candidates TEXT JSON: the ranked rows of the text are the JSON.
text_vs_json_candidates()
{
	tail -n +3 "$1" | sed -E 's/^ *([0-9]+)  (A[0-9]{9})  ([^ ]+) +(.*)$/\1\t\2\t\3\t\4/' >text.tsv
	jq -r '.[] | [.rank, .person, .facility, (.reasons | join("; "))] | @tsv' "$2" >json.tsv
	expect_same_file "candidates text rows against --json" json.tsv text.tsv
}

# expect_candidates_well_formed FILE
expect_candidates_well_formed()
{
	expect_jq 'type == "array"
	  and ([.[].rank] == [range(1; length + 1)])
	  and ([.[].person] | length == (unique | length))
	  and all(.[]; (has("person") and has("facility") and has("days_detained") and has("threat_level")
	                and has("criminality") and has("reasons"))
	               and (.person | test("^A[0-9]{9}$"))
	               and (.days_detained | type == "number" and . >= 0)
	               and (.threat_level | . == null or IN(1, 2, 3))
	               and (.criminality | . == null or IN("none", "pending", "convicted"))
	               and (.reasons | type == "array" and length > 0))' "$1"
}

# candidates_both ARGS...: text (cand.txt) and --json (cand.json), checked.
candidates_both()
{
	expect_ok custody candidates "$@"
	cp "$OUT" cand.txt
	expect_ok custody candidates "$@" --json
	cp "$OUT" cand.json
	expect_candidates_well_formed cand.json
	text_vs_json_candidates cand.txt cand.json
}

# place_both ARGS...: text (place.txt) and --json (place.json), checked.
place_both()
{
	expect_ok custody place "$@"
	cp "$OUT" place.txt
	expect_ok custody place "$@" --json
	cp "$OUT" place.json
	tail -n +2 place.txt | awk '{ print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $7 }' >text.tsv
	jq -r '.[] | [.facility, .aor, .kind, .free, .capacity] | @tsv' place.json >json.tsv
	expect_same_file "place text rows against --json" json.tsv text.tsv
	expect_jq 'all(.[]; .free == .capacity - .population and .free > 0)' place.json
}

# --- flags -----------------------------------------------------------------

say "flags at $T0: every flag of the hand-made ledger, with its status and due time"
flags_both --at "$T0"
flags_tsv flags.json | sort >got.tsv
sort >want.tsv <<'EOF'
A100000018	PO-180	info	2024-11-28T00:00:00Z
A100000002	PO-REVIEW-180	overdue	2025-03-30T00:00:00Z
A100000002	PO-180	info	2025-03-30T00:00:00Z
A100000002	PO-RELEASE	overdue	2025-03-30T00:00:00Z
A100000009	PO-REVIEW-90	overdue	2025-04-10T00:00:00Z
A100000004	STD-CLASSIFY-12H	overdue	2025-05-31T00:00:00Z
A100000004	CH-72H	due	2025-06-02T12:00:00Z
A100000019	CH-72H	due	2025-06-03T00:00:00Z
A100000003	CH-20D	due	2025-06-09T00:00:00Z
A100000009	PO-REVIEW-180	due	2025-07-09T00:00:00Z
A100000016	PO-90	info	2025-07-10T00:00:00Z
A100000016	PO-REVIEW-90	due	2025-07-10T00:00:00Z
A100000001	PO-90	info	2025-07-30T00:00:00Z
A100000001	PO-REVIEW-90	due	2025-07-30T00:00:00Z
A100000017	PO-90	info	2025-07-30T06:00:00Z
A100000017	PO-REVIEW-90	due	2025-07-30T06:00:00Z
A100000015	PO-90	info	2025-08-13T00:00:00Z
A100000015	PO-REVIEW-90	due	2025-08-13T00:00:00Z
A100000016	PO-REVIEW-180	due	2025-10-08T00:00:00Z
A100000001	PO-REVIEW-180	due	2025-10-28T00:00:00Z
A100000017	PO-REVIEW-180	due	2025-10-28T06:00:00Z
A100000015	PO-REVIEW-180	due	2025-11-11T00:00:00Z
A100000018	PO-REVIEW-ANNUAL	due	2025-11-20T00:00:00Z
A100000003	PR-BOND	info	-
A100000004	PR-BOND	info	-
A100000005	PR-BOND	info	-
A100000006	PR-BOND	info	-
A100000007	PR-BOND	info	-
A100000010	PR-BOND	info	-
A100000011	PR-BOND	info	-
A100000019	PR-BOND	info	-
EOF
expect_same_file "flags at $T0 (person, rule, status, due)" want.tsv got.tsv
expect_flags_sorted flags.json
expect_flags_well_formed flags.json "$T0"
# facility of each flag: where the person is held at T0
expect_jq '[.[] | select(.person == "A100000019") | .facility] | unique == ["HOUX"]' flags.json
expect_jq '[.[] | select(.person == "A100000003") | .facility] | unique == ["FAMT"]' flags.json
# the reasons say why
reason_of() { jq -r --arg p "$1" --arg r "$2" '.[] | select(.person == $p and .rule == $r) | .reason' flags.json; }
grep -qF "travel document refused by CU on 2025-02-01" <<<"$(reason_of A100000002 PO-RELEASE)" ||
	fail "PO-RELEASE reason: $(reason_of A100000002 PO-RELEASE)"
grep -qF "+10 days tolled" <<<"$(reason_of A100000016 PO-90)" || fail "PO-90 tolled reason: $(reason_of A100000016 PO-90)"
grep -qF "2025-05-15" <<<"$(reason_of A100000015 PO-90)" || fail "PO-90 after a lifted stay: $(reason_of A100000015 PO-90)"
grep -qF "2025-05-01" <<<"$(reason_of A100000017 PO-90)" || fail "PO-90 after a new book-in: $(reason_of A100000017 PO-90)"
grep -qF "FAMT" <<<"$(reason_of A100000003 CH-20D)" || fail "CH-20D reason: $(reason_of A100000003 CH-20D)"
grep -qF "2025-06-30" <<<"$(reason_of A100000001 PO-REVIEW-90)" || fail "the 90-day review notice (30 days before): $(reason_of A100000001 PO-REVIEW-90)"
# nothing for the mandatory detainee (08) nor for people not held (12, 13, 14)
expect_jq '[.[].person] | (index("A100000008"), index("A100000012"), index("A100000013"), index("A100000014")) == null' flags.json
ok "$(jq length flags.json) flags; text and --json agree; sorted by due then A-number"

say "--at as a date, or with an offset, is the same instant"
cp flags.json flags.t0.json
expect_ok custody flags --at 2025-06-01 --json
expect_same_json "flags --at 2025-06-01" flags.t0.json "$OUT"
expect_ok custody flags --at 2025-05-31T20:00:00-04:00 --json
expect_same_json "flags --at 2025-05-31T20:00:00-04:00" flags.t0.json "$OUT"
expect_ok custody flags
expect_stdout_contains "flags at 2026-01-01T00:00:00Z" # default: the ledger's clock
ok

say "flags follow the clock: before anyone is held, a stay granted, an open non-cooperation, later"
flags_both --at 2024-04-01T00:00:00Z
expect_jq '. == []' flags.json
grep -qx "0 flags at 2024-04-01T00:00:00Z" flags.txt || fail "header of an empty flags list: $(cat flags.txt)"
# 2025-03-01: the stay of removal of 15 is in force: no post-order clock, and
# a final order: no PR-BOND either
flags_both --at 2025-03-01T00:00:00Z
expect_jq '[.[] | select(.person == "A100000015")] == []' flags.json
expect_jq '[.[] | select(.person == "A100000018") | .rule] | sort == ["PO-180", "PO-REVIEW-ANNUAL"]' flags.json
# 2025-04-16: non-cooperation open since 04-11 tolls 5 days so far
flags_both --at 2025-04-16T00:00:00Z --facility DALY
expect_jq '(.[] | select(.person == "A100000016" and .rule == "PO-90") | .due) == "2025-07-05T00:00:00Z"' flags.json
expect_jq '(.[] | select(.person == "A100000016" and .rule == "PO-REVIEW-180") | .due) == "2025-10-03T00:00:00Z"' flags.json
# 2025-06-05: 04's 72 hours have passed; 19 moved to a family facility: CH-20D
# counted from the book-in, no CH-72H any more
flags_both --at 2025-06-05T00:00:00Z
expect_jq '(.[] | select(.person == "A100000004" and .rule == "CH-72H") | [.status, .due]) == ["overdue", "2025-06-02T12:00:00Z"]' flags.json
expect_jq '[.[] | select(.person == "A100000019") | [.rule, .status, .due, .facility]]
  == [["CH-20D", "due", "2025-06-20T00:00:00Z", "FAMT"], ["PR-BOND", "info", null, "FAMT"]]' flags.json
expect_flags_well_formed flags.json 2025-06-05T00:00:00Z
# 2025-08-01: 01 out of the removal period, review overdue; 18's review of
# 07-01 found removal not foreseeable: PO-RELEASE from then
flags_both --at 2025-08-01T00:00:00Z
expect_jq '[.[] | select(.person == "A100000001") | [.rule, .status, .due]]
  == [["PO-REVIEW-90", "overdue", "2025-07-30T00:00:00Z"], ["PO-REVIEW-180", "due", "2025-10-28T00:00:00Z"]]' flags.json
expect_jq '(.[] | select(.person == "A100000018" and .rule == "PO-RELEASE") | [.status, .due]) == ["overdue", "2025-07-01T00:00:00Z"]' flags.json
expect_jq '(.[] | select(.person == "A100000018" and .rule == "PO-RELEASE") | .reason) | test("not foreseeable")' flags.json
expect_flags_sorted flags.json
expect_flags_well_formed flags.json 2025-08-01T00:00:00Z
ok

say "every filter of flags keeps exactly the matching flags"
expect_ok custody flags --at "$T0" --json
cp "$OUT" all.json
# check_filter JQ-SELECT ARGS...: flags ARGS is all.json filtered by JQ-SELECT
check_filter()
{
	local sel=$1
	shift
	flags_both --at "$T0" "$@"
	jq -c --slurpfile aor aors.json "[.[] | select($sel)]" all.json >want.json
	jq -c . flags.json >got.json
	expect_same_file "flags $*" want.json got.json
	[ "$(jq length flags.json)" -gt 0 ] || [ "${ALLOW_EMPTY:-}" = 1 ] || fail "flags $* is empty: a vacuous check"
}
for rule in PO-90 PO-REVIEW-90 PO-REVIEW-180 PO-REVIEW-ANNUAL PO-180 PO-RELEASE PR-BOND CH-72H CH-20D STD-CLASSIFY-12H; do
	check_filter ".rule == \"$rule\"" --rule "$rule"
done
for status in due overdue info; do
	check_filter ".status == \"$status\"" --status "$status"
done
for aor in ATL SNA MIA HOU DAL; do
	check_filter "\$aor[0][.facility] == \"$aor\"" --aor "$aor"
done
for facility in BIGM SMALLA FAMT MIAF HOUX DALY; do
	check_filter ".facility == \"$facility\"" --facility "$facility"
done
check_filter '$aor[0][.facility] == "ATL" and .status == "overdue"' --aor ATL --status overdue
check_filter '.facility == "DALY" and .rule == "PO-90" and .status == "info"' --facility DALY --rule PO-90 --status info
ALLOW_EMPTY=1 check_filter 'false' --aor DEN
ALLOW_EMPTY=1 check_filter 'false' --aor SNA --rule PO-90
ALLOW_EMPTY=1 check_filter 'false' --facility ATLB
flags_both --at "$T0" --rule PO-RELEASE
grep -qx "1 flag at $T0" flags.txt || fail "header of a single flag: $(head -n 1 flags.txt)"
ok "--rule (all 10), --status, --aor, --facility and combinations"

# --- candidates --------------------------------------------------------------

say "candidates at $T0: ranked, with the never-listed left out"
candidates_both --at "$T0"
expect_jq '[.[].person] == ["A100000002", "A100000011", "A100000007", "A100000018", "A100000010", "A100000005"]' cand.json
expect_jq '.[0] | .release_required == true and (.reasons[0] | startswith("release required (PO-RELEASE)"))' cand.json
expect_jq '.[0] | .threat_level == 2 and .criminality == "convicted" and .facility == "BIGM" and .days_detained == 272.8' cand.json
expect_jq '(.[] | select(.person == "A100000011")) | .threat_level == null and .criminality == "none" and .rank == 2' cand.json
expect_jq '(.[] | select(.person == "A100000018")) | .threat_level == 3 and .criminality == "pending"' cand.json
expect_jq '[.[] | select(.person != "A100000002") | .release_required] | all(. == false)' cand.json
# never listed: the removal period (01, 15, 16, 17), children (03, 04, 19),
# a border arrest (06), mandatory 236c (08), a travel document issued (09)
expect_jq '[.[].person] - ["A100000001", "A100000003", "A100000004", "A100000006", "A100000008", "A100000009",
  "A100000015", "A100000016", "A100000017", "A100000019"] == [.[].person]' cand.json
head -n 2 cand.txt >head.txt
grep -qx "national at $T0: 16 held, 47 beds" head.txt || fail "candidates header: $(cat head.txt)"
grep -q "^6 candidates, 10 held never listed" head.txt || fail "candidates counts: $(cat head.txt)"
ok "$(jq -c '[.[].person]' cand.json)"

say "candidates --need N stops after N"
candidates_both --at "$T0" --need 2
expect_jq '[.[].person] == ["A100000002", "A100000011"]' cand.json
[ "$(tail -n +3 cand.txt | wc -l)" -eq 2 ] || fail "candidates --need 2 printed $(tail -n +3 cand.txt | wc -l) rows"
candidates_both --at "$T0" --need 0
expect_jq '. == []' cand.json
candidates_both --at "$T0" --need 100
expect_jq 'length == 6' cand.json
ok

say "candidates in an AOR, a facility over capacity, later in time"
candidates_both --at "$T0" --aor ATL
expect_jq '[.[].person] == ["A100000002", "A100000007"]' cand.json
grep -qx "ATL at $T0: 6 held, 11 beds" cand.txt || fail "ATL header: $(head -n 1 cand.txt)"
candidates_both --at "$T0" --aor HOU
expect_jq '[.[].person] == ["A100000011", "A100000010"]' cand.json
candidates_both --at "$T0" --facility SMALLA
expect_jq '[.[].person] == ["A100000007"]' cand.json
grep -qx "SMALLA at $T0: 3 held, 2 beds, 1 over capacity" cand.txt || fail "SMALLA header: $(head -n 1 cand.txt)"
candidates_both --at "$T0" --aor DEN
expect_jq '. == []' cand.json
# 2025-09-01: 01, 15, 16 and 17 are past their removal periods, 18 must be released
candidates_both --at 2025-09-01T00:00:00Z
# release required first (among them threat 3 before 2), then threat none by
# the longest detained (07 booked in four hours before 17), threat 3, threat 1
expect_jq '[.[].person] == ["A100000018", "A100000002", "A100000015", "A100000001", "A100000016", "A100000011",
  "A100000007", "A100000017", "A100000010", "A100000005"]' cand.json
expect_jq '[.[] | select(.release_required) | .person] == ["A100000018", "A100000002"]' cand.json
ok

# --- place -------------------------------------------------------------------

say "place: the arrest's AOR first, then most free beds; sex, children, closed and full facilities"
place_both --at "$T0" A100000012
expect_jq '[.[] | [.facility, .free, .in_aor]] == [["ATLB", 4, true], ["BIGM", 2, true], ["DALY", 16, false], ["HOUX", 6, false]]' place.json
expect_jq '.[0] | .name == "Atlanta Hold B" and .aor == "ATL" and .kind == "HOLD" and .capacity == 4 and .population == 0' place.json
head -n 1 place.txt | grep -q "A100000012 (M), AOR ATL: 4 facilities" || fail "place header: $(head -n 1 place.txt)"
place_both --at "$T0" --aor HOU A100000012
expect_jq '[.[] | [.facility, .in_aor]] == [["HOUX", true], ["DALY", false], ["ATLB", false], ["BIGM", false]]' place.json
place_both --at "$T0" A100000014 # F, MIA: no male-only facility
expect_jq '[.[] | [.facility, .free, .in_aor]] == [["MIAF", 1, true], ["DALY", 16, false], ["HOUX", 6, false], ["ATLB", 4, false]]' place.json
place_both --at "$T0" A100000013 # a child: a family facility only
expect_jq '[.[] | [.facility, .free, .in_aor]] == [["FAMT", 3, true]]' place.json
place_both --at 2025-06-05T00:00:00Z A-100-000-013 # 19 moved in since
expect_jq '[.[] | [.facility, .free]] == [["FAMT", 2]]' place.json
expect_exit 1 custody place --at "$T0" A100000099
expect_stderr_contains "A100000099"
ok

# --- rules -----------------------------------------------------------------

NSETTINGS=17
say "custody rules: every setting, a valid rules file, defaults"
expect_ok custody rules
cp "$OUT" rules.default
[ "$(grep -cE '^[a-z_0-9]+ += ' rules.default)" -eq $NSETTINGS ] || fail "custody rules: not $NSETTINGS settings
$(cat rules.default)"
for s in post_order pre_order children standards policy supervision; do
	grep -qx "\[$s\]" rules.default || fail "custody rules: no [$s] section"
done
grep -qE '^removal_period_days +=  *90 +; days, default; PO-90' rules.default || fail "removal_period_days line: $(grep removal_period rules.default)"
grep -qE '^border_release +=  *forbidden +; ' rules.default || fail "border_release line"
grep -qE '^bond_minimum +=  *1500 +; USD, default;' rules.default || fail "bond_minimum line"
# every setting line has "; unit, source; rule"
if grep -E '^[a-z_0-9]+ += ' rules.default | grep -vE '^[a-z_0-9]+ += +[a-z0-9]+ +; [^,;]+, default; .+$'; then
	fail "custody rules: a setting line without '; unit, default; rule' (above)"
fi
expect_ok custody rules --json
cp "$OUT" rules.json
expect_jq "length == $NSETTINGS and all(.[]; has(\"section\") and has(\"key\") and (.value | type == \"string\") and .source == \"default\")" rules.json
jq -r '.[] | [.key, .value] | @tsv' rules.json >json.tsv
grep -E '^[a-z_0-9]+ += ' rules.default | awk '{ print $1 "\t" $3 }' >text.tsv
expect_same_file "rules text and --json" json.tsv text.tsv
ok

say "round trip: custody rules > rules.ini; custody --rules rules.ini rules names every line"
custody rules >rules.ini
expect_ok custody --rules rules.ini rules
cp "$OUT" rules.from-file
awk '/^[a-z_0-9]+ += / { sub(/, default;/, ", rules.ini line " NR ";") } { print }' rules.default >rules.want
expect_same_file "custody --rules rules.ini rules" rules.want rules.from-file
if grep -E '^[a-z_0-9]+ += ' rules.from-file | grep -v ', rules.ini line [0-9]*;'; then
	fail "a setting not from rules.ini (above)"
fi
expect_ok custody --rules rules.ini rules --json
expect_jq 'all(.[]; .source | test("^rules\\.ini line [0-9]+$"))'
# its own output is a rules file again, the same settings and lines
custody --rules rules.ini rules >rules2.ini
expect_ok custody --rules rules2.ini rules
sed 's/, rules\.ini line/, rules2.ini line/' rules.from-file >rules.want
expect_same_file "custody --rules rules2.ini rules" rules.want "$OUT"
# rules.ini is beside the ledger: used without --rules, named by its path
expect_ok custody rules
awk -v f="$E2E_WORK/rules.ini" '/^[a-z_0-9]+ += / { sub(/, default;/, ", " f " line " NR ";") } { print }' rules.default >rules.want
expect_same_file "custody rules with rules.ini beside the ledger" rules.want "$OUT"
ok

say "rules.ini beside the ledger changes a duration, and a flag's due time"
sed -E 's/^removal_period_days( +)= 90 /removal_period_days\1= 60 /; s/^child_hhs_hours( +)= 72 /child_hhs_hours\1= 48 /' rules.default >rules.ini
expect_ok custody rules --json
expect_jq '(.[] | select(.key == "removal_period_days")) | .value == "60" and .source == "'"$E2E_WORK"'/rules.ini line 2"'
expect_ok custody flags --at "$T0" --json
expect_jq '(.[] | select(.person == "A100000001" and .rule == "PO-90") | .due) == "2025-06-30T00:00:00Z"'
expect_jq '(.[] | select(.person == "A100000004" and .rule == "CH-72H") | .due) == "2025-06-01T12:00:00Z"'
# the 90-day review is its own setting: unchanged
expect_jq '(.[] | select(.person == "A100000001" and .rule == "PO-REVIEW-90") | .due) == "2025-07-30T00:00:00Z"'
# --rules wins over rules.ini beside the ledger
printf '[post_order]\nremoval_period_days = 75\n' >other.ini
expect_ok custody --rules other.ini flags --at "$T0" --json --rule PO-90 --facility BIGM
expect_jq '[.[] | [.person, .due]] == [["A100000001", "2025-07-15T00:00:00Z"]]'
expect_ok custody --rules other.ini rules --json
expect_jq '(.[] | select(.key == "child_hhs_hours")) | .value == "72" and .source == "default"'
expect_jq '(.[] | select(.key == "removal_period_days")) | .source == "other.ini line 2"'
# policy and capacity settings reach candidates
printf '[policy]\nborder_release = allowed\nnational_capacity = 10\n' >policy.ini
expect_ok custody --rules policy.ini candidates --at "$T0"
expect_stdout_contains "national at $T0: 16 held, 10 beds, 6 over capacity"
expect_ok custody --rules policy.ini candidates --at "$T0" --json
expect_jq '[.[].person] | index("A100000006") != null'
# child_age_years = 16: 04 (16 at book-in) and 19 (17) are no longer
# children: no CH-72H, and candidates, ranked after every classified one
# (neither has a threat level or criminality recorded), 04 held longer
printf '[children]\nchild_age_years = 16\n' >age.ini
expect_ok custody --rules age.ini flags --at "$T0" --json
expect_jq '[.[] | select(.rule | startswith("CH-")) | .person] == ["A100000003"]'
expect_ok custody --rules age.ini candidates --at "$T0" --json
expect_jq '[.[].person] == ["A100000002", "A100000011", "A100000007", "A100000018", "A100000010", "A100000005",
  "A100000004", "A100000019"]'
expect_jq '.[-2:] | all(.[]; .threat_level == null and .criminality == null)'
rm rules.ini
expect_ok custody flags --at "$T0" --json
expect_same_json "flags without rules.ini" flags.t0.json "$OUT"
ok "due 2025-07-30 -> 2025-06-30 with removal_period_days = 60, 2025-07-15 with --rules (75)"

say "a rules file: CRLF line ends, a setting given twice, comments"
printf '; policy file\r\n[policy]\r\nnational_capacity = unset\r\n\r\n[post_order]\r\n# reviewed\r\nreview_90_days = 80 ; inline comment\r\n[policy]\r\nnational_capacity = 12\r\n' >crlf.ini
expect_ok custody --rules crlf.ini rules --json
expect_jq '(.[] | select(.key == "national_capacity")) | .value == "12" and .source == "crlf.ini line 9"'
expect_jq '(.[] | select(.key == "review_90_days")) | .value == "80" and .source == "crlf.ini line 7"'
ok

say "bad rules files: exit 1, naming the file and the line"
# bad_rules NAME TEXT MESSAGE: custody --rules NAME rules fails, naming NAME
# and the line; so does a command that reads the ledger.
bad_rules()
{
	printf '%b' "$2" >"$1"
	expect_exit 1 custody --rules "$1" rules
	expect_stderr_contains "$1 line $3"
	expect_stderr_contains "$4"
	expect_exit 1 custody --rules "$1" flags --at "$T0"
	expect_stderr_contains "$1 line $3"
	expect_exit 1 custody --rules "$1" candidates
	expect_stderr_contains "$1 line $3"
}
bad_rules unknown-key.ini '[post_order]\nremoval_period_days = 90\nremoval_days = 30\n' 3 'removal_days'
bad_rules unknown-section.ini '; x\n[nonsense]\nx = 1\n' 2 'nonsense'
bad_rules bad-value.ini '[post_order]\n\n; a comment\nremoval_period_days = ninety\n' 4 '"ninety"'
bad_rules zero.ini '[children]\nchild_hhs_hours = 0\n' 2 'child_hhs_hours'
bad_rules border.ini '[policy]\nborder_release = sometimes\n' 2 '"sometimes"'
bad_rules not-ini.ini '[post_order]\nremoval_period_days = 90\nthis is not ini\n' 3 'not a [section]'
bad_rules no-section.ini 'removal_period_days = 90\n' 1 'removal_period_days'
bad_rules half-header.ini '[policy\nborder_release = allowed\n' 1 'not a [section]'
# the same beside the ledger: every command reading the rules refuses
printf '[standards]\nclassify_hours = soon\n' >rules.ini
expect_exit 1 custody flags --at "$T0"
expect_stderr_contains "$E2E_WORK/rules.ini line 2"
expect_exit 1 custody rules
expect_stderr_contains "$E2E_WORK/rules.ini line 2"
expect_exit 1 custody add '{"id":"zz-1","type":"hearing","at":"2025-06-01T00:00:00Z","person":"A100000007","status":"scheduled","hearing_at":"2025-07-01T09:00:00Z"}'
expect_stderr_contains "rules.ini line 2"
rm rules.ini
expect_eq "log length after refused commands" "$(grep -c . ledger.ndjson)" "$(log_length)"
# a missing --rules file is an I/O error; a missing rules.ini beside is not an error
expect_exit 3 custody --rules no-such.ini rules
expect_stderr_contains "no-such.ini"
expect_exit 3 custody --rules no-such.ini flags
expect_stderr_contains "no-such.ini"
ok

# --- write-time policy ---------------------------------------------------------

say "write-time policy: PO-90, border_release, the capacity note, bond_minimum"
mkdir w
W=$E2E_WORK/w/ledger.db
wcustody() { "$CUSTODY" --db "$W" "$@"; }
expect_ok wcustody init
expect_ok wcustody ingest ledger.ndjson
n0=$(wcustody log --json | jq length)
# expect_refused JSON WORD: add is rejected (exit 1) naming WORD; nothing stored
expect_refused()
{
	expect_exit 1 wcustody add "$1"
	expect_stderr_contains "$2"
	expect_eq "log length after a rejected add" "$n0" "$(wcustody log --json | jq length)"
}
# 01 inside the removal period (to 2025-07-30)
for reason in recognizance supervision paroled bonded_out; do
	expect_refused "{\"id\":\"w-1\",\"type\":\"book_out\",\"at\":\"2025-06-01T00:00:00Z\",\"person\":\"A100000001\",\"reason\":\"$reason\"}" "PO-90"
done
expect_refused '{"id":"w-1","type":"book_out","at":"2025-07-29T23:59:59Z","person":"A100000001","reason":"capacity","note":"no beds"}' "PO-90"
expect_stderr_contains "2025-07-30"
# 06, a border arrest
for reason in recognizance supervision paroled; do
	expect_refused "{\"id\":\"w-2\",\"type\":\"book_out\",\"at\":\"2025-06-01T00:00:00Z\",\"person\":\"A100000006\",\"reason\":\"$reason\"}" "border_release"
done
expect_refused '{"id":"w-2","type":"book_out","at":"2025-06-01T00:00:00Z","person":"A100000006","reason":"capacity","note":"no beds"}' "border_release"
# 07: a capacity release without a note; a bond under the minimum
expect_refused '{"id":"w-3","type":"book_out","at":"2025-06-01T00:00:00Z","person":"A100000007","reason":"capacity"}' "note"
expect_refused '{"id":"w-3","type":"book_out","at":"2025-06-01T00:00:00Z","person":"A100000007","reason":"capacity","note":""}' "note"
expect_refused '{"id":"w-4","type":"bond","at":"2025-06-01T00:00:00Z","person":"A100000007","status":"set","amount":1499,"by":"IJ"}' "bond_minimum"
ok "each rejected, naming its rule; the ledger unchanged"

say "what the rules allow is accepted: a non-discretionary release, after the period, with a note, at the minimum"
expect_ok wcustody add '{"id":"w-5","type":"bond","at":"2025-06-01T00:00:00Z","person":"A100000007","status":"set","amount":1500,"by":"IJ"}'
expect_ok wcustody add '{"id":"w-6","type":"book_out","at":"2025-06-02T00:00:00Z","person":"A100000007","reason":"capacity","note":"SMALLA over capacity"}'
expect_ok wcustody add '{"id":"w-7","type":"book_out","at":"2025-07-30T00:00:00Z","person":"A100000001","reason":"recognizance"}'
expect_ok wcustody add '{"id":"w-8","type":"book_out","at":"2025-06-03T00:00:00Z","person":"A100000017","reason":"relief_granted"}'
ok

say "rules.ini beside the ledger: border_release = allowed, bond_minimum = 2000"
printf '[policy]\nborder_release = allowed\n\n[pre_order]\nbond_minimum = 2000\n' >w/rules.ini
expect_ok wcustody rules --json
expect_jq '(.[] | select(.key == "border_release")) | .value == "allowed" and .source == "'"$E2E_WORK"'/w/rules.ini line 2"'
n0=$(wcustody log --json | jq length)
expect_refused '{"id":"w-9","type":"bond","at":"2025-06-01T00:00:00Z","person":"A100000011","status":"set","amount":1800,"by":"IJ"}' "bond_minimum"
expect_stderr_contains "2000"
expect_ok wcustody add '{"id":"w-10","type":"book_out","at":"2025-06-01T00:00:00Z","person":"A100000006","reason":"paroled"}'
expect_ok wcustody show --json A100000006
expect_jq '.detained == false'
# policy applies when an event is recorded: without rules.ini the ledger still
# rebuilds, and checks
rm w/rules.ini
expect_ok wcustody rebuild
expect_ok wcustody check
expect_stdout_contains "ok"
ok "the border release accepted under border_release = allowed"

# --- usage and I/O errors -------------------------------------------------------

say "bad arguments exit 2"
for args in "flags --rule PO-99" "flags --rule po-90" "flags --aor XYZ" "flags --aor atl" "flags --status late" \
	"flags --at yesterday" "flags extra" "flags --bogus" "candidates --need abc" "candidates --need -1" \
	"candidates --need 2x" "candidates --need" "candidates --aor XYZ" "candidates --aor ATL --facility BIGM" \
	"place" "place A12" "place --aor XYZ A100000012" "place A100000012 A100000013" "rules --bogus"; do
	# shellcheck disable=SC2086
	expect_exit 2 custody $args
	[ -s "$ERR" ] || fail "custody $args: exit 2 with nothing on stderr"
done
expect_exit 2 custody flags --rule PO-99
expect_stderr_contains "PO-99"
expect_exit 2 custody flags --aor XYZ
expect_stderr_contains "XYZ"
expect_exit 2 custody candidates --need abc
expect_stderr_contains "abc"
ok

say "a missing ledger exits 3"
for args in "flags" "flags --json" "candidates" "candidates --json" "place A100000012"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$CUSTODY" --db "$E2E_WORK/no-such.db" $args
	expect_stderr_contains "no-such.db"
done
[ ! -e "$E2E_WORK/no-such.db" ] || fail "a command on a missing ledger created it"
ok

# --- consistency on a generated ledger -----------------------------------------

say "generated ledgers: flags and candidates at several instants, before and after rebuild"
INSTANTS=(2025-01-01T00:00:00Z 2025-01-25T12:00:00Z 2025-02-20T00:00:00Z 2025-03-18T06:30:00Z
	2025-04-12T00:00:00Z 2025-04-30T23:00:00Z 2025-06-15T00:00:00Z)
# capture_gen DIR: flags and candidates (JSON, and flags as text) at each instant
capture_gen()
{
	local dir=$1 t
	mkdir -p "$dir"
	for t in "${INSTANTS[@]}"; do
		gcustody flags --at "$t" --json >"$dir/flags-$t.json"
		gcustody flags --at "$t" >"$dir/flags-$t.txt"
		gcustody candidates --at "$t" --json >"$dir/candidates-$t.json"
	done
	gcustody flags --json >"$dir/flags-now.json"
	gcustody candidates --json >"$dir/candidates-now.json"
	gcustody candidates --aor HOU --json >"$dir/candidates-HOU.json"
}
G=$E2E_WORK/gen.db
gcustody() { "$CUSTODY" --db "$G" "$@"; }
for seed in 11; do
	rm -f "$G" "$G-wal" "$G-shm"
	expect_ok "$CUSTODY" generate --quiet --from 2025-01-01 --days 120 --scale 0.015 --seed "$seed" -o gen.ndjson
	last=$(tail -n 1 gen.ndjson | jq -r .at)
	[[ "$last" < "$CUSTODY_NOW" ]] || fail "the stream ends at $last, after CUSTODY_NOW"
	expect_ok gcustody init
	expect_ok gcustody ingest --quiet gen.ndjson
	expect_stdout_matches 'stored [0-9]+, duplicates 0, rejected 0'
	rm -rf before after
	capture_gen before
	total=0
	for t in "${INSTANTS[@]}"; do
		f=before/flags-$t.json c=before/candidates-$t.json
		expect_flags_well_formed "$f" "$t"
		expect_flags_sorted "$f"
		text_vs_json_flags "before/flags-$t.txt" "$f"
		expect_candidates_well_formed "$c"
		[ "$(jq length "$f")" -gt 0 ] || fail "seed $seed: no flags at $t"
		[ "$(jq length "$c")" -gt 0 ] || fail "seed $seed: no candidates at $t"
		# candidates against flags: release_required is PO-RELEASE, and no one in
		# a removal period (PO-90) or a child (CH-*) is listed
		jq -n --slurpfile f "$f" --slurpfile c "$c" -e '
		  ([$f[0][] | select(.rule == "PO-RELEASE") | .person] | unique) as $rel
		  | ([$f[0][] | select(.rule | IN("PO-90", "CH-72H", "CH-20D")) | .person] | unique) as $never
		  | all($c[0][]; (.release_required == (.person | IN($rel[]))) and (.person | IN($never[]) | not))
		  and ([$c[0][].release_required] | . == (sort | reverse))' >/dev/null ||
			fail "seed $seed at $t: candidates disagree with flags (PO-RELEASE, PO-90, CH-*)"
		total=$((total + $(jq length "$f")))
	done
	expect_jq 'map(.rule) | unique | length >= 6' "before/flags-${INSTANTS[4]}.json"
	expect_ok gcustody rebuild
	capture_gen after
	if ! diff -r before after >gen.diff; then
		fail "seed $seed: flags or candidates differ after custody rebuild:
$(head -n 40 gen.diff)"
	fi
	ok "seed $seed: $total flags over ${#INSTANTS[@]} instants, identical after rebuild"
done

say "flags at T depend only on the events up to T"
for t in 2025-02-20T00:00:00Z 2025-04-12T00:00:00Z; do
	if grep -v '"at":"[0-9T:-]*Z"' gen.ndjson | head -n 1 | grep -q .; then
		fail "gen.ndjson has an at not in the Z form: the prefix below compares strings"
	fi
	jq -c --arg t "$t" 'select(.at <= $t)' gen.ndjson >prefix.ndjson
	P=$E2E_WORK/prefix-$t.db
	expect_ok "$CUSTODY" --db "$P" init
	expect_ok "$CUSTODY" --db "$P" ingest --quiet prefix.ndjson
	"$CUSTODY" --db "$P" flags --at "$t" --json >prefix-flags.json
	expect_same_json "flags at $t from the events up to $t" "after/flags-$t.json" prefix-flags.json
	"$CUSTODY" --db "$P" candidates --at "$t" --json >prefix-candidates.json
	expect_same_json "candidates at $t from the events up to $t" "after/candidates-$t.json" prefix-candidates.json
done
ok

# --- known defects -------------------------------------------------------------
# Checked last so that everything above runs; each is reported, then the
# script fails if any held.
say "known defects"
defects=()
# 1. candidates --facility CODE with a code no facility has: the header must
#    not report the national population and beds as that facility's.
run custody candidates --at "$T0" --facility NOPE
if [ "$RC" -eq 0 ] && ! grep -qx "NOPE at $T0: 0 held, 0 beds" "$OUT"; then
	defects+=("candidates --facility NOPE (no such facility) exits 0 and prints: $(head -n 1 "$OUT") (national figures; expected an error, or 0 held, 0 beds)")
fi
# 2. The output of `custody rules` is itself a valid rules file (custody rules
#    --help), whatever the path of the rules file it names in its comments.
deep=$E2E_WORK/field-office-rules/atlanta-area-of-responsibility/enforcement-and-removal-operations/2025
mkdir -p "$deep"
printf '[policy]\nnational_capacity = 41500\n' >"$deep/rules.ini"
custody --rules "$deep/rules.ini" rules >deep-again.ini
run custody --rules deep-again.ini rules
if [ "$RC" -ne 0 ]; then
	defects+=("custody --rules LONG/rules.ini rules > again.ini; custody --rules again.ini rules: exit $RC, $(head -n 1 "$ERR") (the longest line has $(awk '{ print length }' deep-again.ini | sort -n | tail -n 1) bytes)")
fi
# 3. A comment line longer than 200 bytes is valid INI; a bad line after it
#    must be named by its own line number.
{
	echo "[post_order]"
	echo "removal_period_days = 60"
	printf '; %0300d\n' 0
	echo "review_90_days = 45"
	echo "no_such_key = 1"
} >long-comment.ini
run custody --rules long-comment.ini rules
if ! grep -q "long-comment.ini line 5: .*no_such_key" "$ERR"; then
	defects+=("a rules file with a 302-byte comment on line 3 and an unknown key on line 5: $(head -n 1 "$ERR") (expected long-comment.ini line 5, no_such_key)")
fi
if [ "${#defects[@]}" -gt 0 ]; then
	fail "$(printf '%s\n' "${defects[@]}")"
fi
ok "none"
