#!/usr/bin/env bash
# custody generate: same seed same bytes, every stream ingests with zero
# rejects, time order, profiles from files and their errors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup

say "same seed, same bytes; another seed, other bytes"
expect_ok "$CUSTODY" generate --quiet --scale 0.002 --days 90 --seed 5 -o a.ndjson
expect_ok "$CUSTODY" generate --quiet --scale 0.002 --days 90 --seed 5 -o b.ndjson
expect_same_file "seed 5 twice" a.ndjson b.ndjson
expect_ok "$CUSTODY" generate --quiet --scale 0.002 --days 90 --seed 6 -o c.ndjson
cmp -s a.ndjson c.ndjson && fail "seeds 5 and 6 gave the same stream"
ok

say "facilities first, then every event in time order"
first_person=$(awk '/"person"/ { print NR; exit }' a.ndjson)
last_facility=$(awk '/"facility_open"/ { n = NR } END { print n }' a.ndjson)
[ "$last_facility" -lt "$first_person" ] || fail "a facility_open after the first person event"
jq -r .at a.ndjson | sort -c || fail "events are not in at order"
ok

say "zero rejects, whatever the seed and scale"
for run in "1 0.002 365" "2 0.004 120" "3 0.001 400"; do
	set -- $run
	expect_ok "$CUSTODY" generate --quiet --seed "$1" --scale "$2" --days "$3" --from 2024-10-01 -o s.ndjson
	rm -f "$DB" "$DB-wal" "$DB-shm"
	expect_ok custody init
	expect_ok custody ingest --quiet s.ndjson
	expect_stdout_matches '^stored [0-9]+, duplicates 0, rejected 0$'
done
ok

say "standing population: people detained and supervised on the first day"
expect_ok custody occupancy --json --at 2024-10-01T00:00:00Z
detained=$(jq .national.population "$OUT")
# fy2025 stands at 38,700 detained: 39 at scale 0.001
[ "$detained" -eq 39 ] || fail "$detained detained on the first day at scale 0.001, not 39"
ok

say "a profile from a file; errors name the line"
sed -n '1,/^\[facilities\]/p' "$CUSTODY_PROFILES/fy2025.ini" >small.ini
echo 'ONLY = ATL|IGSA|100|any|GA|Atlanta|ONLY FACILITY' >>small.ini
expect_ok "$CUSTODY" generate --quiet --profile small.ini --scale 0.001 --days 30 -o small.ndjson
[ "$(grep -c '"facility_open"' small.ndjson)" -eq 1 ] || fail "the file's single facility was not used"
sed 's/^mandatory = 0.70/mandatory = 1.7/' small.ini >bad.ini
expect_exit 1 "$CUSTODY" generate --profile bad.ini -o x.ndjson
expect_stderr_matches 'bad.ini line [0-9]+: \[rules\] mandatory: number out of range'
sed 's/^by_month = .*/by_month = 1 1 1/' small.ini >short.ini
expect_exit 1 "$CUSTODY" generate --profile short.ini -o x.ndjson
expect_stderr_matches 'short.ini line [0-9]+: \[alos\] by_month: expected 12 factors.*'
sed 's/^short_share = .*/short_share = 1.5/' small.ini >share.ini
expect_exit 1 "$CUSTODY" generate --profile share.ini -o x.ndjson
expect_stderr_matches 'share.ini line [0-9]+: \[alos\] short_share: number out of range'
# the shape of stays is an input: without short stays, other stays
sed -e 's/^short_share = .*/short_share = 0/' small.ini >plain.ini
expect_ok "$CUSTODY" generate --quiet --profile plain.ini --scale 0.001 --days 30 -o plain.ndjson
cmp -s small.ndjson plain.ndjson && fail "short_share changed nothing"
printf '[nonsense]\nx = 1\n' >worse.ini
expect_exit 1 "$CUSTODY" generate --profile worse.ini
expect_stderr_contains "worse.ini line 2: [nonsense] x: unknown section or key"
expect_exit 1 "$CUSTODY" generate --profile no-such-profile
expect_stderr_contains "no such profile"
expect_exit 2 "$CUSTODY" generate --scale zero
expect_exit 0 "$CUSTODY" generate --help
expect_stdout_contains "usage: custody [--db PATH] generate"
ok
