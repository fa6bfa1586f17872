#!/usr/bin/env bash
# bench/fuzz.sh runs every fuzz target of the repository with `go test -fuzz`
# and writes one Markdown table row per target.
#
# Usage: bench/fuzz.sh [OUTPUT.md]   (default OUTPUT.md: $LOGDIR/fuzz-results.md)
#
# Environment:
#   FUZZTIME          how long each target runs (go duration or Nx), default 10m
#   PARALLEL          fuzzing workers per target (-parallel), default 1
#   JOBS              targets run at the same time, default 2
#   FUZZMINIMIZETIME  -fuzzminimizetime, default 10s: go's default (60s per
#                     new input) stalls a campaign while it minimises large
#                     inputs; crashers are minimised within the same bound
#   TARGETS           "pkg:Target ..." to run only those (default: every
#                     `func FuzzX(f *testing.F)` found under the repository)
#   LOGDIR            where each target's go test output goes, default a
#                     new folder under ${TMPDIR:-/tmp}
#
# Columns: executions and new interesting inputs are from the last
# "fuzz: elapsed: …, execs: N (…/sec), new interesting: M (total: T)" line
# (T is the corpus size: seeds, testdata/fuzz and the cache; "corpus at
# start" is the same before the run, from "gathering baseline coverage"); result is
# "pass", or "FAIL" with the crasher go wrote under testdata/fuzz/FuzzX/
# (it then runs as a regression test in plain `go test`).
# The script exits 1 when a target failed.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-}
fuzztime=${FUZZTIME:-10m}
parallel=${PARALLEL:-1}
jobs=${JOBS:-2}
minimize=${FUZZMINIMIZETIME:-10s}
logdir=${LOGDIR:-$(mktemp -d "${TMPDIR:-/tmp}/xacct-fuzz.XXXXXX")}
mkdir -p "$logdir"
out=${out:-$logdir/fuzz-results.md}

if [[ -n ${TARGETS:-} ]]; then
	read -r -a targets <<<"$TARGETS"
else
	targets=()
	while IFS= read -r line; do
		file=${line%%:*}
		name=${line#*func }
		name=${name%%(*}
		targets+=("./$(dirname "${file#./}"):$name")
	done < <(grep -rn --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . | grep -v '/vendor/' | sort)
fi
if ((${#targets[@]} == 0)); then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 2
fi

# run_one runs one target and writes its row to $logdir/<n>.row.
run_one() {
	local n=$1 pkg=${2%%:*} target=${2#*:}
	local log="$logdir/$n-${pkg//\//_}-$target.log" rc=0
	echo "fuzz.sh: $pkg $target for $fuzztime (log $log)" >&2
	go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" \
		-fuzzminimizetime "$minimize" -parallel "$parallel" -timeout 0 >"$log" 2>&1 || rc=$?
	local last execs="?" newi="?" total="?" seeds="?" result
	last=$(grep -E '^fuzz: elapsed: .*execs: [0-9]+ .*new interesting: [0-9]+ \(total: [0-9]+\)' "$log" | tail -n 1 || true)
	if [[ -n $last ]]; then
		execs=$(sed -E 's/.*execs: ([0-9]+).*/\1/' <<<"$last")
		newi=$(sed -E 's/.*new interesting: ([0-9]+).*/\1/' <<<"$last")
		total=$(sed -E 's/.*\(total: ([0-9]+)\).*/\1/' <<<"$last")
	fi
	local baseline
	baseline=$(grep -oE 'gathering baseline coverage: [0-9]+/[0-9]+' "$log" | tail -n 1 | sed -E 's/.*: //' || true)
	seeds=${baseline#*/}
	if ((rc == 0)) && [[ -z $last ]]; then
		# FUZZTIME ran out while go was still running the corpus.
		result="pass (time ran out in baseline coverage, ${baseline:-?} inputs)"
	elif ((rc == 0)); then
		result=pass
	else
		local crasher
		crasher=$(grep -oE 'Failing input written to [^ ]+' "$log" | tail -n 1 | sed 's/Failing input written to //' || true)
		result="FAIL${crasher:+ ($pkg/$crasher)}"
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' \
		"${pkg#./}" "$target" "$fuzztime" "${seeds:-?}" "$execs" "$newi" "$total" "$result" >"$logdir/$n.row"
	echo "fuzz.sh: $pkg $target: $result, $execs execs, $newi new interesting" >&2
}

i=0
for t in "${targets[@]}"; do
	i=$((i + 1))
	while (($(jobs -rp | wc -l) >= jobs)); do
		wait -n || true
	done
	run_one "$i" "$t" &
done
wait

{
	echo "Fuzzing run of $(date -u +%Y-%m-%dT%H:%MZ), $(go version | cut -d' ' -f3), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'),"
	echo "FUZZTIME=$fuzztime PARALLEL=$parallel JOBS=$jobs FUZZMINIMIZETIME=$minimize on $(nproc) cores; logs in $logdir."
	echo
	echo "| package | target | time | corpus at start | executions | new interesting | corpus total | result |"
	echo "|---|---|---|---:|---:|---:|---:|---|"
	for ((n = 1; n <= i; n++)); do
		cat "$logdir/$n.row"
	done
} >"$out"
cat "$out"
! grep -q '| FAIL' "$out"
