#!/usr/bin/env bash
# Public pages speed (A2, A4): rencontres against nginx serving the same bytes.
#
# 1. writes 1,000 Eleventy-style posts (bench/gen_posts.py) and imports them with
#    `rencontres import` into a fresh SQLite file;
# 2. starts `rencontres serve` on 127.0.0.1:<free port>, fetches the home page, one
#    event page and /flux.atom, and writes those exact bytes as static files that
#    nginx serves on another loopback port with the same response headers;
# 3. for each page runs `wrk -t2 -c32 -d10s --latency` against rencontres and nginx,
#    alternating, for 3 rounds, and prints the median req/s, p50 and p99 of each and
#    the ratio rencontres/nginx. Goals: ratio >= 0.5 and rencontres p99 < 5 ms.
#
# Usage: bench/public-pages.sh           (see bench/README.md)
# Settings (environment): BENCH_POSTS=1000 BENCH_ROUNDS=3 BENCH_DURATION=10s
#   BENCH_CONNECTIONS=32 BENCH_THREADS=2 BENCH_NGINX_WORKERS=auto
#   BENCH_SKIP_BUILD=1 (use the existing release binary) BENCH_KEEP=1 (keep the
#   temp folder) CARGO_TARGET_DIR (where the release binary is).
# Traffic goes to 127.0.0.1 only; every wrk run is bounded by its duration; the
# servers started here are stopped on exit, whatever the exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
posts=${BENCH_POSTS:-1000}
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
nginx_workers=${BENCH_NGINX_WORKERS:-auto}
target_dir=${CARGO_TARGET_DIR:-$root/target}
binary=$target_dir/release/rencontres

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run scripts/install-test-deps.sh"
done
nginx_bin=$(command -v nginx)

work=$(mktemp -d -t rencontres-bench.XXXXXX)
server_pid=
nginx_pid=
cleanup() {
    local pid
    for pid in "$server_pid" "$nginx_pid"; do
        [[ -n $pid ]] || continue
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "$server_pid" "$nginx_pid"; do
        [[ -n $pid ]] || continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${BENCH_KEEP:-} == 1 ]]; then
        say "kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build, generate, import ---------------------------------------------------

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    say "cargo build --release --locked"
    (cd "$root" && cargo build --release --locked)
fi
[[ -x $binary ]] || die "no $binary: build it (cargo build --release)"
say "binary: $binary ($("$binary" --version))"

python3 "$root/bench/gen_posts.py" "$work/posts" "$posts" >&2
export RENCONTRES_DATABASE_URL="sqlite://$work/bench.db"
say "rencontres import ($posts posts)"
started=$(date +%s.%N)
"$binary" --database-url "$RENCONTRES_DATABASE_URL" import "$work/posts" >"$work/import.out" 2>"$work/import.err" ||
    { cat "$work/import.out" "$work/import.err" >&2; die "import failed"; }
say "import took $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$started" "$(date +%s.%N)") s: $(tail -n 1 "$work/import.out")"

# --- rencontres ------------------------------------------------------------------

# The server prints `rencontres listening on http://ADDR` once it accepts connections.
(cd "$work" && exec "$binary" --database-url "$RENCONTRES_DATABASE_URL" serve --listen 127.0.0.1:0) \
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
say "rencontres on $app"

# fetch URL BODY HEADERS: one GET, exact body bytes and the response headers.
fetch() {
    curl --silent --show-error --fail --max-time 10 -D "$3" -o "$2" "$1"
}

mkdir -p "$work/static"
fetch "$app/" "$work/static/home.html" "$work/home.headers"
event_path=$(grep -oE 'href="/evenements/[^"/?#]+"' "$work/static/home.html" | head -n 1 | cut -d'"' -f2)
[[ -n $event_path ]] || die "no /evenements/... link on the home page"
fetch "$app$event_path" "$work/static/event.html" "$work/event.headers"
fetch "$app/flux.atom" "$work/static/flux.atom" "$work/atom.headers"
say "pages: / ($(wc -c <"$work/static/home.html") B), $event_path ($(wc -c <"$work/static/event.html") B), /flux.atom ($(wc -c <"$work/static/flux.atom") B)"

# --- nginx -------------------------------------------------------------------------

# The headers rencontres sends, as nginx directives, so both answer alike (CSP,
# cache, ETag...). Content-Type comes from default_type; nginx makes its own Date,
# Server, Content-Length, Connection.
headers_to_nginx() {
    python3 - "$1" <<'PY'
import sys
# nginx makes these itself (its own ETag and Last-Modified for the file).
skip = {"date", "server", "content-length", "connection", "transfer-encoding", "keep-alive",
        "content-type", "etag", "last-modified", "accept-ranges"}
content_type = "application/octet-stream"
for line in open(sys.argv[1], encoding="latin-1").read().splitlines()[1:]:
    if ":" not in line:
        continue
    name, value = line.split(":", 1)
    value = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    if name.lower() == "content-type":
        content_type = value
    elif name.lower() not in skip:
        print(f'            add_header {name} "{value}" always;')
# An empty types map: default_type applies whatever the file's extension.
print("            types { }")
print(f'            default_type "{content_type}";')
PY
}

nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
# nginx workers run as nobody when started by root: they must read these.
chmod 755 "$work" "$work/static" "$work/nginx"
chmod 644 "$work/static/"*
cat >"$work/nginx/nginx.conf" <<EOF
# Written by bench/public-pages.sh: three static files, loopback only.
worker_processes $nginx_workers;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    open_file_cache max=16 inactive=60s;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/static;
        location = / {
$(headers_to_nginx "$work/home.headers")
            try_files /home.html =404;
        }
        location = $event_path {
$(headers_to_nginx "$work/event.headers")
            try_files /event.html =404;
        }
        location = /flux.atom {
$(headers_to_nginx "$work/atom.headers")
            try_files /flux.atom =404;
        }
    }
}
EOF
"$nginx_bin" -t -q -e "$work/nginx/logs/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/test.err" ||
    { cat "$work/nginx/test.err" "$work/nginx/nginx.conf" >&2; die "nginx refuses its configuration"; }
"$nginx_bin" -e "$work/nginx/logs/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/stderr" &
nginx_pid=$!
static=http://127.0.0.1:$nginx_port
for _ in $(seq 100); do
    curl --silent --max-time 1 -o /dev/null "$static/flux.atom" && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/stderr" >&2; die "nginx exited"; }
    sleep 0.1
done
say "nginx on $static (worker_processes $nginx_workers)"

# Both must answer the same bytes, or the comparison means nothing.
for pair in "/:home.html" "$event_path:event.html" "/flux.atom:flux.atom"; do
    fetch "$static${pair%%:*}" "$work/check" "$work/check.headers"
    cmp -s "$work/check" "$work/static/${pair#*:}" || die "nginx does not serve the bytes of ${pair%%:*}"
done

# --- load ------------------------------------------------------------------------------

# run_wrk URL OUT: one bounded wrk run, its report in OUT.
run_wrk() {
    timeout 120 wrk -t"$threads" -c"$connections" -d"$duration" --latency "$1" >"$2" 2>&1 ||
        { cat "$2" >&2; die "wrk failed against $1"; }
    if grep -q -e 'Non-2xx' -e 'Socket errors' "$2"; then
        say "errors against $1: $(grep -e 'Non-2xx' -e 'Socket errors' "$2" | tr -s ' ' | tr '\n' ' ')"
    fi
}

say "load average before the load: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores)"
say "wrk -t$threads -c$connections -d$duration --latency, $rounds rounds, servers alternated"
mkdir -p "$work/wrk"
for round in $(seq "$rounds"); do
    for page in "/" "$event_path" "/flux.atom"; do
        name=$(printf '%s' "$page" | tr -c 'a-zA-Z0-9' '_')
        # Alternate which server goes first, so neither always runs on a warmer machine.
        if ((round % 2)); then order="rencontres nginx"; else order="nginx rencontres"; fi
        for server in $order; do
            if [[ $server == rencontres ]]; then base=$app; else base=$static; fi
            run_wrk "$base$page" "$work/wrk/$name.$server.$round"
            say "round $round $server $page: $(grep 'Requests/sec' "$work/wrk/$name.$server.$round" | tr -s ' ')"
        done
    done
done

# --- report ------------------------------------------------------------------------------

python3 - "$work/wrk" "$rounds" "/" "$event_path" "/flux.atom" <<'PY'
import os, re, statistics, sys

folder, rounds, pages = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}

def read(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        return float(m.group(1)) * UNIT[m.group(2)]
    return rps, pct(50), pct(99)

width = max(len(p) for p in pages)
print()
print(f"{'page':<{width}} {'server':<11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  req/s of each round")
verdicts = []
for page in pages:
    name = re.sub(r"[^a-zA-Z0-9]", "_", page)
    medians = {}
    for server in ("rencontres", "nginx"):
        runs = [read(os.path.join(folder, f"{name}.{server}.{r}")) for r in range(1, rounds + 1)]
        medians[server] = tuple(statistics.median(run[i] for run in runs) for i in range(3))
        rps, p50, p99 = medians[server]
        each = " ".join(f"{run[0]:.0f}" for run in runs)
        print(f"{page:<{width}} {server:<11} {rps:>9.0f} {p50:>8.3f} {p99:>8.3f}  {each}")
    ratio = medians["rencontres"][0] / medians["nginx"][0]
    p99 = medians["rencontres"][2]
    ok = ratio >= 0.5 and p99 < 5.0
    verdicts.append(ok)
    print(f"{page:<{width}} {'ratio':<11} {ratio:>9.2f}   goal >= 0.50 and p99 < 5 ms: {'met' if ok else 'MISSED'}")
print()
print("medians of", rounds, "rounds; ratio = rencontres req/s / nginx req/s")
print("all goals met" if all(verdicts) else "some goals missed")
PY
# Other work on the machine shows up in p99 first: say how busy it was.
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores)"
