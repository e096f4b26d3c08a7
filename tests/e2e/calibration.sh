#!/usr/bin/env bash
# Calibration of the flow model against ICE's FY2025 workbook: a year
# generated with the built-in fy2025 profile gives, in `report --fy 2025
# --compare`, every month's ADP and ALOS within 10% of ICE's and every
# month's book-ins within 5%. ADP is not an input of the profile: it must
# emerge from arrivals and stays. The year is generated at a reduced scale
# (CUSTODY_CALIBRATION_SCALE, default 0.05, so that the sanitizer build
# runs it too); counts are divided by the scale, lengths of stay are not.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
e2e_setup
scale=${CUSTODY_CALIBRATION_SCALE:-0.05}
export CUSTODY_NOW=2025-10-01T00:00:00Z

say "a year of fy2025 at scale $scale, ingested, beside ICE's FY2025 workbook"
expect_ok "$CUSTODY" generate --quiet --profile fy2025 --scale "$scale" --seed 11 -o year.ndjson
expect_ok custody init
expect_ok custody ingest --quiet year.ndjson
expect_stdout_matches 'stored [0-9]+, duplicates 0, rejected 0'
expect_ok custody import-ice "$CUSTODY_FIXTURES/ice/FY25_detentionStats09242025.xlsx"
expect_ok custody report --fy 2025 --compare --json
cp "$OUT" report.json
ok

# The monthly deviations, ledger / ICE - 1, of one figure.
deviations()
{
	jq -r --argjson s "$scale" --arg f "$1" --argjson counts "$2" '
		[range(0; 12) as $m
		 | (.ledger | getpath($f | split("."))[$m]) as $l
		 | (.official | getpath($f | split("."))[$m]) as $o
		 | (if $counts then $l / $s else $l end) / $o - 1]
		| map(. * 1000 | round / 10) | @csv' report.json
}

# Every month within tolerance (percent) of ICE's.
expect_within()
{
	local figure=$1 counts=$2 tolerance=$3 row
	row=$(deviations "$figure" "$counts")
	echo "   $figure, % from ICE's by month (Oct..Sep): $row"
	awk -F, -v t="$tolerance" '{ for (i = 1; i <= NF; i++) if ($i > t || $i < -t) exit 1 }' <<<"$row" ||
		fail "$figure: a month is more than $tolerance% from ICE's: $row"
}

say "book-ins by arresting agency within 5% of ICE's, every month"
expect_within book_ins.ICE true 5
expect_within book_ins.CBP true 5
ok

say "ADP within 10% of ICE's, every month"
expect_within adp_by_month true 10
ok

say "ALOS within 10% of ICE's, every month"
expect_within alos_by_month false 10
ok
