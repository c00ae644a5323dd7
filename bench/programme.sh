#!/usr/bin/env bash
# Programme speed (D3 D4): the public programme page and the frab XML / JSON exports of an
# event with 300 items in 8 rooms over 3 days, measured with wrk on loopback.
#
# 1. imports one 3-day event (an Eleventy post, `rencontres import`) into a fresh SQLite
#    file, writes a 300-item programme (bench/gen_programme.py) and loads it with
#    `rencontres programme import`, then `rencontres programme release --name v1`;
# 2. starts `rencontres serve` on 127.0.0.1:<free port>;
# 3. for each URL runs `wrk -t2 -c32 -d10s --latency` BENCH_ROUNDS times and prints the
#    median req/s and p99.
# With BENCH_PRETALX=URL (pretalx's event URL, e.g. http://127.0.0.1:18940/bench, set up as
# bench/programme.md says), pretalx's schedule page and exports are measured in the same run,
# with BENCH_PRETALX_CONNECTIONS=4 connections (more only queue behind its workers and time out).
#
# Usage: bench/programme.sh
# Settings (environment): BENCH_ROUNDS=1 BENCH_DURATION=10s BENCH_CONNECTIONS=32
#   BENCH_THREADS=2 BENCH_SKIP_BUILD=1 (use the existing release binary) BENCH_KEEP=1
#   (keep the temp folder) CARGO_TARGET_DIR (where the release binary is).
# Traffic goes to 127.0.0.1 only; the server started here is stopped on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${BENCH_ROUNDS:-1}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
target_dir=${CARGO_TARGET_DIR:-$root/target}
binary=$target_dir/release/rencontres

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run scripts/install-test-deps.sh"
done

work=$(mktemp -d -t rencontres-programme-bench.XXXXXX)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ ${BENCH_KEEP:-} == 1 ]]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    say "cargo build --release --locked"
    (cd "$root" && cargo build --release --locked)
fi
[[ -x $binary ]] || die "no $binary: build it (cargo build --release)"

db="sqlite://$work/bench.db"
mkdir -p "$work/posts"
cat >"$work/posts/bench.md" <<'POST'
---
title: "Rencontres BlueHats de printemps 2027"
description: "Trois jours, huit salles, trois cents créneaux."
date: 2027-03-09
tags: [bluehats]
---
Rendez-vous du 9 au 11 mars 2027, de 9h à 18h.
POST
slug=rencontres-bluehats-de-printemps-2027
"$binary" --database-url "$db" import "$work/posts" >"$work/import.out" 2>&1 || { cat "$work/import.out" >&2; die "import failed"; }
python3 "$root/bench/gen_programme.py" 2027-03-09 >"$work/programme.yaml"
"$binary" --database-url "$db" programme import "$slug" "$work/programme.yaml" >&2
"$binary" --database-url "$db" programme release "$slug" --name v1 >&2

"$binary" --database-url "$db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^rencontres listening on //p' "$work/serve.out")
[[ -n $base ]] || { cat "$work/serve.err" >&2; die "the server did not start"; }

urls=("$base/evenements/$slug/programme" "$base/evenements/$slug/programme/schedule.xml" "$base/evenements/$slug/programme/schedule.json")
if [[ -n ${BENCH_PRETALX:-} ]]; then
    urls+=("$BENCH_PRETALX/schedule/" "$BENCH_PRETALX/schedule/export/schedule.xml" "$BENCH_PRETALX/schedule/export/schedule.json")
fi
printf '%-64s %10s %10s %10s\n' "url" "req/s" "p50" "p99"
for url in "${urls[@]}"; do
    size=$(curl -fsS "$url" | wc -c)
    results=()
    for _ in $(seq "$rounds"); do
        c=$connections
        [[ -n ${BENCH_PRETALX:-} && $url == "$BENCH_PRETALX"* ]] && c=${BENCH_PRETALX_CONNECTIONS:-4}
        out=$(wrk -t"$threads" -c"$c" -d"$duration" --latency --timeout 10s "$url")
        rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
        [[ -z $errors ]] || say "$url: $errors"
        results+=("$rps $p50 $p99")
    done
    median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
    read -r rps p50 p99 <<<"$median"
    printf '%-64s %10s %10s %10s   (%s bytes)\n' "$url" "$rps" "$p50" "$p99" "$size"
done
