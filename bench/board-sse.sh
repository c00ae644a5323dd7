#!/usr/bin/env bash
# Live board (E5): 200 projector viewers on one board's event stream.
#
# 1. builds the server and the generator bench/board_sse.rs, creates an administrator with
#    `rencontres user add --admin` and starts `rencontres serve --demo` on a free loopback
#    port with a fresh SQLite file: the demo garagethon has a public board;
# 2. the generator opens BENCH_CLIENTS event streams (/evenements/SLUG/tableau/flux), waits
#    until each has received the current board, then makes BENCH_ROUNDS changes as the
#    facilitator (a help request re-themed with a unique marker) and times, for every
#    stream, the arrival of the board carrying the marker;
# 3. prints connected streams, errors, update latency p50/p99/max over every stream and
#    round, and, as the baseline of the same run, the p50 of the change's own POST.
# Exits 1 if a stream failed or missed an update.
#
# Usage: bench/board-sse.sh
# Settings: BENCH_CLIENTS=200 BENCH_ROUNDS=10 BENCH_PROFILE=release|debug BENCH_SKIP_BUILD=1
# Everything targets 127.0.0.1 (the generator refuses other hosts); the server is stopped on
# exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clients=${BENCH_CLIENTS:-200}
rounds=${BENCH_ROUNDS:-10}
profile=${BENCH_PROFILE:-release}
target_dir=${CARGO_TARGET_DIR:-$root/target}
say() { printf 'board-sse: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
command -v python3 >/dev/null 2>&1 || die "python3 is missing"

work=$(mktemp -d -t rencontres-board-sse.XXXXXX)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

flag=--release
[[ $profile == debug ]] && flag=
if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    say "cargo build $flag (server and the generator bench/board_sse.rs)"
    (cd "$root" && cargo build $flag --locked --quiet && cargo build $flag --locked --quiet --example board_sse)
fi
binary=$target_dir/$profile/rencontres
generator=$target_dir/$profile/examples/board_sse
[[ -x $binary && -x $generator ]] || die "no $profile binaries in $target_dir/$profile"

db="$work/board.db"
export RENCONTRES_DATABASE_URL="sqlite://$db" RENCONTRES_LOG=warn
export RENCONTRES_MAIL__OUTBOX_DIR=$work/outbox RENCONTRES_MEDIA_DIR=$work/media
email=animation@example.org
export BENCH_PASSWORD="banc d'essai du tableau $$"
(cd "$work" && printf '%s\n' "$BENCH_PASSWORD" | "$binary" user add "$email" --admin >/dev/null)

(cd "$work" && exec "$binary" serve --demo --listen 127.0.0.1:0 > "$work/server.out" 2> "$work/server.err") &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^rencontres listening on //p' "$work/server.out")
[[ $base == http://127.0.0.1:* ]] || die "the server did not start: $(cat "$work/server.err")"

read -r slug event_id request_id < <(python3 - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
slug, event_id = db.execute("SELECT slug, id FROM events WHERE kind = 'garagethon' ORDER BY id LIMIT 1").fetchone()
(request_id,) = db.execute("SELECT id FROM board_requests WHERE event_id = ? ORDER BY id LIMIT 1", (event_id,)).fetchone()
print(slug, event_id, request_id)
PY
)
# One file descriptor per stream, on both ends.
ulimit -n 4096 2>/dev/null || true
say "server $base ($profile), board /evenements/$slug/tableau, $clients streams, $rounds changes"
"$generator" "$base" "$slug" "$event_id" "$request_id" "$email" - "$clients" "$rounds"
