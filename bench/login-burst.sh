#!/usr/bin/env bash
# Login burst (G1): do wrong passwords slow the public pages down?
#
# Login is slow on purpose (argon2id, 19 MiB, 2 passes), so a burst of wrong passwords must
# queue behind the hashing semaphore (half the cores) instead of taking every core.
#
# 1. creates an administrator with `rencontres user add` in a fresh SQLite file and starts
#    `rencontres serve --demo` on 127.0.0.1:<free port>, with the login rate limit raised
#    out of the way (RENCONTRES_LOGIN_ATTEMPTS_PER_MINUTE) so that every attempt is hashed:
#    the worst case, as if the burst came from many addresses;
# 2. measures one event page alone: `wrk -c16 -d15s --latency`;
# 3. measures the same page while a second wrk posts wrong passwords on 64 connections for the
#    same 15 s (a Lua script with a valid pre-session CSRF cookie), each for a new address, so
#    that the per-account back-off (3 free failures per address) never answers before hashing;
# 4. prints p50/p99 of the event page in both runs, and what the burst got (logins/s,
#    their p99, non-2xx/3xx answers). Then, with the default limit (10 a minute), a short
#    burst shows how many attempts are answered 429 without any hashing.
#
# Usage: bench/login-burst.sh
# Settings (environment): BENCH_DURATION=15s BENCH_BURST_CONNECTIONS=64
#   BENCH_PAGE_CONNECTIONS=16 BENCH_SKIP_BUILD=1 (use the existing release binary)
#   CARGO_TARGET_DIR (where the release binary is).
# Traffic goes to 127.0.0.1 only; every wrk run is bounded by its duration; the servers
# started here are stopped on exit, whatever the exit, and the temp folder is removed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${BENCH_DURATION:-15s}
burst_connections=${BENCH_BURST_CONNECTIONS:-64}
page_connections=${BENCH_PAGE_CONNECTIONS:-16}
target_dir=${CARGO_TARGET_DIR:-$root/target}
binary=$target_dir/release/rencontres
email=bench-admin@example.org
password='cheval agrafe pile correcte bench'

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

for tool in wrk curl; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run scripts/install-test-deps.sh"
done

work=$(mktemp -d -t rencontres-login-bench.XXXXXX)
server_pid=
burst_pid=
cleanup() {
    local pid
    for pid in "$burst_pid" "$server_pid"; do
        [[ -n $pid ]] || continue
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    say "cargo build --release --locked"
    (cd "$root" && cargo build --release --locked)
fi
[[ -x $binary ]] || die "no $binary: build it (cargo build --release)"

db="sqlite://$work/bench.db"
printf '%s\n' "$password" | "$binary" --database-url "$db" user add "$email" --admin >/dev/null

# start_server LIMIT: serves the demo data with LIMIT login attempts a minute.
start_server() {
    : >"$work/server.out"
    (cd "$work" && RENCONTRES_LOG=warn RENCONTRES_LOGIN_ATTEMPTS_PER_MINUTE=$1 \
        exec "$binary" --database-url "$db" serve --demo --listen 127.0.0.1:0) \
        >"$work/server.out" 2>"$work/server.err" &
    server_pid=$!
    app=
    for _ in $(seq 300); do
        app=$(sed -n 's|^rencontres listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' "$work/server.out")
        [[ -n $app ]] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; die "rencontres exited"; }
        sleep 0.1
    done
    [[ -n $app ]] || die "rencontres did not say it listens within 30 s"
}

stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}

# login_script: a wrk Lua script posting a wrong password with a valid pre-session cookie,
# for a new address each time.
login_script() {
    local csrf
    csrf=$(curl --silent --fail --max-time 10 -c "$work/jar" "$app/connexion" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
    [[ ${#csrf} == 64 ]] || die "no CSRF value on /connexion"
    cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "rencontres_csrf=$csrf"
sent = 0
request = function()
    sent = sent + 1
    return wrk.format(nil, nil, nil, "csrf=$csrf&email=bench-" .. sent .. "%40example.org&password=not+the+right+password")
end
LUA
}

# p LINE_LABEL FILE: a latency percentile from wrk --latency output.
p() { awk -v l="$1" '$1 == l { print $2 }' "$2"; }

start_server 100000000
event_path=$(curl --silent --fail --max-time 10 "$app/" | grep -oE 'href="/evenements/[^"/?#]+"' | head -n 1 | cut -d'"' -f2)
[[ -n $event_path ]] || die "no event link on the home page"
say "rencontres on $app, event page $event_path, $(nproc) cores"

say "event page alone: wrk -t2 -c$page_connections -d$duration"
wrk -t2 -c"$page_connections" -d"$duration" --latency "$app$event_path" >"$work/alone.txt"

login_script
say "event page during a burst of wrong passwords on $burst_connections connections"
wrk -t1 -c"$burst_connections" -d"$duration" --timeout 20s --latency -s "$work/login.lua" "$app/connexion" >"$work/burst.txt" &
burst_pid=$!
sleep 1
wrk -t2 -c"$page_connections" -d"$duration" --latency "$app$event_path" >"$work/during.txt"
wait "$burst_pid" || true
burst_pid=
stop_server

start_server 10
login_script
say "the same burst with the default limit (10 a minute), 5 s"
wrk -t1 -c"$burst_connections" -d5s --timeout 20s --latency -s "$work/login.lua" "$app/connexion" >"$work/limited.txt"
stop_server

rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses/ { print $5 }' "$1"; }

printf '\n%-40s %10s %10s %12s\n' "event page $event_path" "p50" "p99" "req/s"
printf '%-40s %10s %10s %12s\n' "alone" "$(p 50% "$work/alone.txt")" "$(p 99% "$work/alone.txt")" "$(rps "$work/alone.txt")"
printf '%-40s %10s %10s %12s\n' "during the login burst" "$(p 50% "$work/during.txt")" "$(p 99% "$work/during.txt")" "$(rps "$work/during.txt")"
printf '\n%-40s %10s %10s %12s %12s\n' "wrong-password logins" "p50" "p99" "req/s" "non-2xx/3xx"
printf '%-40s %10s %10s %12s %12s\n' "no rate limit (every one hashed)" "$(p 50% "$work/burst.txt")" "$(p 99% "$work/burst.txt")" "$(rps "$work/burst.txt")" "$(non2xx "$work/burst.txt")"
printf '%-40s %10s %10s %12s %12s\n' "default limit (10 a minute), 5 s" "$(p 50% "$work/limited.txt")" "$(p 99% "$work/limited.txt")" "$(rps "$work/limited.txt")" "$(non2xx "$work/limited.txt")"
