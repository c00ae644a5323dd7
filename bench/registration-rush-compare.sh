#!/usr/bin/env bash
# Registration rush against a baseline, in the same session: builds the release binaries of
# BASE (a git commit, tag or branch) in a worktree of its own, then runs
# bench/registration-rush.sh alternately with the baseline and with this checkout, RUNS times
# each, and prints the median registrations/s, p50 and p99 of both phases with the ratios.
# Alternating spreads the machine's drift over both sides.
#
# Usage: bench/registration-rush-compare.sh BASE [RUNS]   (RUNS defaults to 5)
# The settings of registration-rush.sh apply to both sides (BENCH_TOTAL, BENCH_PLACES,
# BENCH_CONNECTIONS, BENCH_DATABASE_URL). The baseline's worktree and target directory are
# kept under ${TMPDIR:-/tmp}/rencontres-base-<commit> for the next comparison.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_ref=${1:?usage: bench/registration-rush-compare.sh BASE [RUNS]}
runs=${2:-5}
say() { printf 'compare: %s\n' "$*" >&2; }

commit=$(git -C "$root" rev-parse --verify "$base_ref^{commit}")
base=${TMPDIR:-/tmp}/rencontres-base-${commit:0:12}
if [[ ! -d $base/src ]]; then
    say "worktree of $base_ref ($commit) in $base"
    git -C "$root" worktree add --detach -f "$base" "$commit" >/dev/null
fi
[[ -f $base/bench/rush.rs ]] || { say "$base_ref has no load generator bench/rush.rs"; exit 1; }

say "building both sides (release)"
(cd "$base" && CARGO_TARGET_DIR=$base/target cargo build --release --locked --quiet && CARGO_TARGET_DIR=$base/target cargo build --release --locked --quiet --example rush)
(cd "$root" && cargo build --release --locked --quiet && cargo build --release --locked --quiet --example rush)

out=$(mktemp -t rencontres-compare.XXXXXX)
trap 'rm -f "$out"' EXIT
for i in $(seq "$runs"); do
    for side in base new; do
        if [[ $side == base ]]; then dir=$base; target=$base/target; else dir=$root; target=${CARGO_TARGET_DIR:-$root/target}; fi
        # This checkout's script drives both sides (same settings, same checks); only the
        # binaries differ.
        result=$(cd "$dir" && CARGO_TARGET_DIR=$target BENCH_SKIP_BUILD=1 "$root/bench/registration-rush.sh" 2>/dev/null) || {
            say "run $i ($side) failed"; exit 1; }
        # The summary repeats each phase's line after the blank line: keep the last of each.
        register=$(grep '^register ' <<<"$result" | tail -1)
        confirm=$(grep '^confirm ' <<<"$result" | tail -1)
        grep -q '^no oversell' <<<"$result" || { say "run $i ($side): no proof of no oversell"; exit 1; }
        printf '%s\t%s\t%s\n' "$side" "$register" "$confirm" >>"$out"
        say "run $i $side: ${register#register } | ${confirm#confirm }"
    done
done

python3 - "$out" "$base_ref" <<'PY'
import re, statistics, sys
rows = [line.rstrip('\n').split('\t') for line in open(sys.argv[1])]
def figures(text):
    rate = float(re.search(r'([\d.]+) req/s', text).group(1))
    p50 = float(re.search(r'p50 ([\d.]+) ms', text).group(1))
    p99 = float(re.search(r'p99 ([\d.]+) ms', text).group(1))
    return rate, p50, p99
print(f"\nmedians of {len(rows) // 2} runs per side; baseline {sys.argv[2]}")
print("| phase | side | req/s | p50 ms | p99 ms | req/s of each run |")
print("|---|---|---|---|---|---|")
med = {}
for phase, col in (("register", 1), ("confirm", 2)):
    for side in ("base", "new"):
        f = [figures(r[col]) for r in rows if r[0] == side]
        m = tuple(statistics.median(x[k] for x in f) for k in range(3))
        med[(phase, side)] = m
        runs = " ".join(str(round(x[0])) for x in f)
        print(f"| {phase} | {side} | {m[0]:.0f} | {m[1]:.1f} | {m[2]:.1f} | {runs} |")
for phase in ("register", "confirm"):
    b, n = med[(phase, "base")], med[(phase, "new")]
    print(f"{phase}: {n[0] / b[0]:.2f} times the rate, p99 {n[2] / b[2]:.2f} times")
PY
