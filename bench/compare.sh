#!/usr/bin/env bash
# compare.sh — time `xacct-lint lint` against `conftest test` (running the
# single-document checks of bench/conftest/policy) on the same generated
# corpora, in the same run, and xacct-lint alone at 10×-step corpus sizes.
#
#   bench/compare.sh                       # sizes 1 100 1000, growth 1 10 100 1000
#   SIZES="1 100" GROWTH="1 10 100" RUNS=5 bench/compare.sh
#   OUT=results.md bench/compare.sh        # also write the tables to a file
#   LAYOUT=root bench/compare.sh           # one root .xacct-lint.yaml, not one per setup
#   XL_FLAGS="--timeout 30m" GROWTH="10000" bench/compare.sh
#
# LAYOUT=folders (the default) keeps each setup's generated .xacct-lint.yaml
# in its folder, read as a folder configuration; LAYOUT=root merges them into
# one configuration at the corpus root (over 1 MiB, the configuration size
# limit, past about 1,000 setups). Both bind every file alike.
# Needs Go. Installs conftest with `go install` at CONFTEST_VERSION into
# $WORK/bin (skipped, with a note, when that fails) and uses hyperfine when it
# is on PATH (apt-get install hyperfine), else repeated runs with medians.
# Wall time is the median; CPU time (user+system) the median too; peak RSS
# the median of the runs' maximum resident set size (GNU time).
set -euo pipefail

CONFTEST_VERSION=${CONFTEST_VERSION:-v0.71.1}
SIZES=${SIZES:-"1 100 1000"}
GROWTH=${GROWTH:-"1 10 100 1000"}
RUNS=${RUNS:-10}
SEED=${SEED:-1}
LAYOUT=${LAYOUT:-folders}
XL_FLAGS=${XL_FLAGS:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/xacct-bench.XXXXXX")}
OUT=${OUT:-}
POLICY="$ROOT/bench/conftest/policy"
mkdir -p "$WORK/bin"

log() { printf '%s\n' "$*" >&2; }

log "work folder: $WORK"
(cd "$ROOT" && go build -o "$WORK/bin/xacct-lint" ./cmd/xacct-lint)
XL="$WORK/bin/xacct-lint"

CONFTEST=""
if GOBIN="$WORK/bin" go install "github.com/open-policy-agent/conftest@$CONFTEST_VERSION" >"$WORK/conftest-install.log" 2>&1; then
	CONFTEST="$WORK/bin/conftest"
	"$CONFTEST" verify --policy "$POLICY" >/dev/null || { log "conftest verify failed on $POLICY"; exit 1; }
else
	log "conftest $CONFTEST_VERSION could not be installed (see $WORK/conftest-install.log); timing xacct-lint alone"
fi
/usr/bin/time -f %M true >/dev/null 2>&1 || { log "GNU time (/usr/bin/time) is needed for peak RSS"; exit 1; }

case $LAYOUT in
folders) layout_flag=-folder-configs ;;
root) layout_flag=-folder-configs=false ;;
*) log "LAYOUT=$LAYOUT: want folders or root"; exit 2 ;;
esac
corpus() { # corpus N → folder of a corpus of N setups
	local dir="$WORK/corpus-$LAYOUT-$1"
	[ -d "$dir" ] || (cd "$ROOT" && go run ./internal/corpus/cmd/gencorpus -q -n "$1" -seed "$SEED" "$layout_flag" -o "$dir")
	printf '%s' "$dir"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# measure NAME DIR CMD... → "wall_s cpu_s rss_mb" (medians over RUNS runs,
# after one warm-up). The exit code of CMD is ignored: both tools exit 1
# when they find something.
measure() {
	local name=$1 dir=$2
	shift 2
	local walls=() cpus=() rsss=()
	(cd "$dir" && "$@" >/dev/null 2>&1) || true
	if command -v hyperfine >/dev/null; then
		(cd "$dir" && hyperfine -N -i -w 1 -r "$RUNS" --export-json "$WORK/$name.json" "$(printf '%q ' "$@")" >/dev/null 2>&1)
		read -r wall cpu < <(python3 - "$WORK/$name.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(statistics.median(r["times"]), r["user"] + r["system"])
PY
)
	else
		local i t
		for ((i = 0; i < RUNS; i++)); do
			(cd "$dir" && /usr/bin/time -o "$WORK/time.out" -f '%e %U %S' "$@" >/dev/null 2>&1) || true
			t=$(tail -1 "$WORK/time.out")
			walls+=("$(awk '{print $1}' <<<"$t")")
			cpus+=("$(awk '{print $2+$3}' <<<"$t")")
		done
		wall=$(printf '%s\n' "${walls[@]}" | median)
		cpu=$(printf '%s\n' "${cpus[@]}" | median)
	fi
	local k
	for ((k = 0; k < 3; k++)); do
		(cd "$dir" && /usr/bin/time -o "$WORK/time.out" -f '%M' "$@" >/dev/null 2>&1) || true
		rsss+=("$(tail -1 "$WORK/time.out")")
	done
	rss=$(printf '%s\n' "${rsss[@]}" | median)
	printf '%s %s %s\n' "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN {printf "%.1f", k/1024}')"
}

ms() { awk -v s="$1" 'BEGIN {printf "%.1f", s*1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "-"}'; }

table=""
emit() { table+="$1"$'\n'; printf '%s\n' "$1"; }

files_of() { find "$1" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ! -name .xacct-lint.yaml | wc -l; }

ctver="$CONFTEST_VERSION"
[ -n "$CONFTEST" ] || ctver="(not installed)"
emit "xacct-lint $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?') vs conftest $ctver; corpus layout $LAYOUT; $RUNS runs, medians; $(command -v hyperfine >/dev/null && hyperfine --version || echo 'no hyperfine: /usr/bin/time')"
emit ""
emit "| corpus | files | xacct-lint wall ms | CPU ms | peak RSS MB | conftest wall ms | CPU ms | peak RSS MB | wall ratio | CPU ratio | RSS ratio |"
emit "|---|---|---|---|---|---|---|---|---|---|---|"
run_pair() { # run_pair LABEL DIR
	local label=$1 dir=$2 x c
	# shellcheck disable=SC2086 # XL_FLAGS is a list of flags
	x=$(measure "xl-$label" "$dir" "$XL" lint $XL_FLAGS --format json .)
	read -r xw xc xr <<<"$x"
	if [ -n "$CONFTEST" ]; then
		# conftest gets the same files xacct-lint reads; --ignore skips
		# what neither tool can parse (Helm templates).
		c=$(measure "ct-$label" "$dir" "$CONFTEST" test --no-color -p "$POLICY" --ignore '.*(chart|\.xacct-lint)\.yaml$' .)
		read -r cw cc cr <<<"$c"
		emit "| $label | $(files_of "$dir") | $(ms "$xw") | $(ms "$xc") | $xr | $(ms "$cw") | $(ms "$cc") | $cr | $(ratio "$xw" "$cw") | $(ratio "$xc" "$cc") | $(ratio "$xr" "$cr") |"
	else
		emit "| $label | $(files_of "$dir") | $(ms "$xw") | $(ms "$xc") | $xr | - | - | - | - | - | - |"
	fi
}
run_pair "article example" "$ROOT/examples/article/generated"
for n in $SIZES; do
	run_pair "$n setups" "$(corpus "$n")"
done
emit ""
emit "Ratios are xacct-lint / conftest: below 1 means xacct-lint is cheaper."
emit ""
emit "| setups | files | xacct-lint wall ms | CPU ms | peak RSS MB | wall / previous |"
emit "|---|---|---|---|---|---|"
prev=""
for n in $GROWTH; do
	dir=$(corpus "$n")
	# shellcheck disable=SC2086
	read -r w c r <<<"$(measure "growth-$n" "$dir" "$XL" lint $XL_FLAGS --format json .)"
	emit "| $n | $(files_of "$dir") | $(ms "$w") | $(ms "$c") | $r | ${prev:+$(ratio "$w" "$prev")} |"
	prev=$w
done
if [ -n "$OUT" ]; then
	printf '%s' "$table" >"$OUT"
	log "tables written to $OUT"
fi
