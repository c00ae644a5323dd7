#!/usr/bin/env bash
# Scale-out (O1): the registration rush (bench/registration-rush.sh) in three set-ups, in one
# run on this machine, so that the figures compare:
#   1. SQLite, one instance, direct (the baseline);
#   2. PostgreSQL, one instance behind nginx;
#   3. PostgreSQL, two instances behind nginx (round robin, no sticky sessions).
# Each prints requests/s and latencies of both phases (register, confirm), the proof of no
# oversell, and the CPU seconds each process used; a summary table follows.
#
# Usage: bench/scale-out.sh            (needs PostgreSQL: BENCH_DATABASE_URL, default
#                                       postgres://postgres@127.0.0.1:5432/test)
# Settings: BENCH_TOTAL=20000 BENCH_PLACES=500 BENCH_CONNECTIONS=64, passed on.
# Everything runs on 127.0.0.1 and stops by itself.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
out=$(mktemp -d -t rencontres-scale-out.XXXXXX)
trap 'rm -rf "$out"' EXIT

say() { printf 'scale-out: %s\n' "$*" >&2; }

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    say "cargo build --release (server and load generator)"
    (cd "$root" && cargo build --release --locked --quiet && cargo build --release --locked --quiet --example rush)
fi

run() {
    local name=$1
    shift
    say "$name"
    env BENCH_SKIP_BUILD=1 "$@" "$root/bench/registration-rush.sh" | tee "$out/$name.txt"
}
run sqlite-1 BENCH_DATABASE_URL=
run postgres-1 BENCH_DATABASE_URL="$pg" BENCH_INSTANCES=1 BENCH_NGINX=1
run postgres-2 BENCH_DATABASE_URL="$pg" BENCH_INSTANCES=2

printf '\n%-12s %s\n' "set-up" "register phase / confirm phase (as bench/rush.rs prints them)"
for name in sqlite-1 postgres-1 postgres-2; do
    # The phases' lines come twice (as they run, then in the run's summary): the last two.
    printf '%-12s %s\n' "$name" "$(grep -E '^(register|confirm) [0-9]' "$out/$name.txt" | tail -n 2 | tr '\n' ' ')"
    printf '%-12s %s\n' "" "$(grep '^cpu seconds' "$out/$name.txt")"
done
