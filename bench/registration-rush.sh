#!/usr/bin/env bash
# Registration rush (B2): a bounded burst of registrations for limited places.
#
# 1. builds the release binary, imports one upcoming event into a fresh database (SQLite by
#    default, or PostgreSQL with BENCH_DATABASE_URL=postgres://…), opens registrations with
#    BENCH_PLACES places (first come first served);
# 2. starts `rencontres serve` on a free loopback port with the mail worker writing to a
#    folder (no SMTP: every message is still queued, claimed and written);
# 3. phase 1, "register": the load generator bench/rush.rs sends exactly BENCH_TOTAL
#    registration forms with distinct addresses over BENCH_CONNECTIONS connections; phase 2,
#    "confirm": once the queue has delivered the confirmation mails, it posts every private
#    link's confirmation, once each (wrk cannot stop after an exact number of requests);
# 4. prints requests/s, p50 and p99 of both phases, and the final counts with the proof of no
#    oversell: confirmed == places, waitlisted == total - places.
#
# Usage: bench/registration-rush.sh
# Settings: BENCH_TOTAL=20000 BENCH_PLACES=500 BENCH_CONNECTIONS=64
#   BENCH_INSTANCES=N (default 1): with BENCH_NGINX=1 or N > 1, N servers on the same database
#   behind nginx on loopback (round robin, no sticky sessions), the crowd sent to nginx; the
#   CPU seconds each server, nginx and PostgreSQL used are printed after the run
#   BENCH_DATABASE_URL (default: a fresh SQLite file; with a PostgreSQL server, a fresh database
#   is created on it for the run and dropped after) BENCH_SKIP_BUILD=1 BENCH_KEEP=1
#   BENCH_SQL_AFTER_IMPORT='DROP INDEX …' (PostgreSQL only): run on the fresh database before the
#   server starts, to measure the same binary without a change of schema (a baseline)
# Everything targets 127.0.0.1 (the generator refuses other hosts); each phase stops after
# its requests; the server is stopped on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
total=${BENCH_TOTAL:-20000}
places=${BENCH_PLACES:-500}
connections=${BENCH_CONNECTIONS:-64}
target_dir=${CARGO_TARGET_DIR:-$root/target}
binary=$target_dir/release/rencontres

say() { printf 'rush: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
for tool in curl python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run scripts/install-test-deps.sh"
done

work=$(mktemp -d -t rencontres-rush.XXXXXX)
server_pids=()
nginx_pid=
fresh_pg=
instances=${BENCH_INSTANCES:-1}
cleanup() {
    for pid in "${server_pids[@]}" $nginx_pid; do
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [[ ${BENCH_KEEP:-} == 1 ]]; then
        say "kept $work${fresh_pg:+ and database $fresh_pg}"
    else
        rm -rf "$work"
        [[ -z $fresh_pg ]] || psql "$BENCH_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $fresh_pg" >/dev/null || true
    fi
}
trap cleanup EXIT

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    say "cargo build --release (server and the load generator bench/rush.rs)"
    (cd "$root" && cargo build --release --locked --quiet && cargo build --release --locked --quiet --example rush)
fi
rush=$target_dir/release/examples/rush
[[ -x $binary && -x $rush ]] || die "no release binaries in $target_dir/release"

if [[ -n ${BENCH_DATABASE_URL:-} ]]; then
    # A database of its own on that server, dropped at the end: messages or events left by
    # another run would be delivered and counted with this one's.
    command -v psql >/dev/null 2>&1 || die "psql is missing (Debian package postgresql-client)"
    fresh_pg="rencontres_rush_$$"
    psql "$BENCH_DATABASE_URL" -qc "CREATE DATABASE $fresh_pg" >/dev/null || die "cannot create database $fresh_pg on $BENCH_DATABASE_URL"
    db="${BENCH_DATABASE_URL%%\?*}"
    db="${db%/*}/$fresh_pg"
    backend=postgres
else
    db="sqlite://$work/rush.db"
    backend=sqlite
fi
export RENCONTRES_DATABASE_URL=$db RENCONTRES_LOG=warn
export RENCONTRES_MAIL__OUTBOX_DIR=$work/outbox RENCONTRES_MEDIA_DIR=$work/media
# The whole crowd comes from 127.0.0.1 here: lift the per-address limit of public forms.
export RENCONTRES_PUBLIC_FORMS_PER_MINUTE=100000000
year=$(( $(date +%Y) + 2 ))
slug="garagethon-de-la-ruee-${year}-$$"
mkdir -p "$work/posts"
# The importer recognises a post by its file name: a name of its own per run, so that a
# PostgreSQL database kept from an earlier run gets a new event, not an update of the old one.
cat > "$work/posts/ruee-$$-$RANDOM.md" <<POST
---
title: "Garagethon de la ruée ${year} $$"
date: $(date +%F)
tags: [bluehats]
---

Le garagethon aura lieu le 12 mars ${year} de 10h à 17h au Lieu de la Transformation Publique.
POST
"$binary" import "$work/posts" >/dev/null
"$binary" registrations open "$slug" --places "$places" >/dev/null
if [[ -n ${BENCH_SQL_AFTER_IMPORT:-} ]]; then
    [[ $backend == postgres ]] || die "BENCH_SQL_AFTER_IMPORT needs BENCH_DATABASE_URL"
    say "on the fresh database: $BENCH_SQL_AFTER_IMPORT"
    psql "$db" -qc "$BENCH_SQL_AFTER_IMPORT" >/dev/null || die "BENCH_SQL_AFTER_IMPORT failed"
fi

# start_server N [env...]: one `rencontres serve` on a free loopback port; sets `started` to
# its base URL (not a $(…) call: the pid must reach this shell's list).
start_server() {
    local n=$1
    shift
    env "$@" "$binary" serve --listen 127.0.0.1:0 > "$work/serve$n.out" 2> "$work/serve$n.err" &
    server_pids+=($!)
    for _ in $(seq 100); do grep -q listening "$work/serve$n.out" 2>/dev/null && break; sleep 0.1; done
    started=$(sed -n 's/^rencontres listening on //p' "$work/serve$n.out")
}
bases=()
for n in $(seq "$instances"); do
    # One mail worker is enough for the confirmation mails; the others only serve.
    worker=true
    [[ $n == 1 ]] || worker=false
    start_server "$n" RENCONTRES_MAIL__WORKER=$worker
    [[ -n $started ]] || die "server $n did not start: $(cat "$work/serve$n.err")"
    bases+=("$started")
done
if [[ $instances -gt 1 || ${BENCH_NGINX:-} == 1 ]]; then
    command -v nginx >/dev/null 2>&1 || die "nginx is missing: run scripts/install-test-deps.sh"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    upstreams=""
    for b in "${bases[@]}"; do upstreams+="server ${b#http://}; "; done
    user=""
    [[ $(id -u) != 0 ]] || user="user root;"
    cat > "$work/nginx.conf" <<NGINX
$user
worker_processes 1; error_log $work/nginx-error.log warn; pid $work/nginx.pid; daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  upstream rencontres { $upstreams keepalive 128; }
  server {
    listen 127.0.0.1:$port;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://rencontres;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
NGINX
    nginx -p "$work" -c "$work/nginx.conf" &
    nginx_pid=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    via="through nginx to $instances instance(s)"
else
    base=${bases[0]}
    via="one instance, direct"
fi
say "server on $base ($backend, $via), $total registrations for $places places, $connections connections"

"$rush" register "$base" "$slug" "$total" "$connections" | tee "$work/register.txt"
say "phase 1 done; waiting for the confirmation mails"
for _ in $(seq 600); do
    queued=$("$binary" mail list --limit 0 | awk '$1 == "queued" || $1 == "sending" || $1 == "retrying" {n += $2} END {print n + 0}')
    [[ $queued == 0 ]] && break
    sleep 0.5
done
python3 - "$work/outbox" > "$work/links.txt" <<'PY'
import os, re, sys
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    text = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read().replace("=\n", "").replace("=\r\n", "")
    m = re.search(r"/inscription/([0-9a-f]{64})", text)
    if m:
        print("/inscription/" + m.group(1))
PY
links=$(wc -l < "$work/links.txt")
say "$links private links collected"
"$rush" confirm "$base" "$work/links.txt" "$connections" | tee "$work/confirm.txt"

printf '\nregistration rush on %s, %s (%s registrations, %s places, %s connections)\n' "$backend" "$via" "$total" "$places" "$connections"
cat "$work/register.txt" "$work/confirm.txt"
# CPU seconds (user + system) each process used since it started.
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat" 2>/dev/null || echo "?"; }
printf 'cpu seconds:'
for i in "${!server_pids[@]}"; do printf ' server%s %s' "$((i + 1))" "$(cpu "${server_pids[$i]}")"; done
if [[ -n $nginx_pid ]]; then
    nginx_cpu=0
    for pid in $nginx_pid $(pgrep -P "$nginx_pid" || true); do nginx_cpu=$(awk -v a="$nginx_cpu" -v b="$(cpu "$pid")" 'BEGIN {print a + b}'); done
    printf ' nginx %s' "$nginx_cpu"
fi
if [[ $backend == postgres ]]; then
    pg_cpu=$(for pid in $(pgrep -f "postgres: .*$fresh_pg" || true); do cpu "$pid"; done | awk '{s += $1} END {print s + 0}')
    printf ' postgres-backends %s' "$pg_cpu"
fi
printf '\n' 
printf '\nfinal counts:\n'
"$binary" registrations show "$slug" | tee "$work/counts.txt"
confirmed=$(awk '$1 == "confirmed" {print $2}' "$work/counts.txt")
waitlisted=$(awk '$1 == "waitlisted" {print $2}' "$work/counts.txt")
if [[ ${confirmed:-0} -le $places && $(( ${confirmed:-0} + ${waitlisted:-0} )) -eq $links ]]; then
    printf 'no oversell: %s confirmed for %s places, %s waitlisted, nothing lost\n' "$confirmed" "$places" "$waitlisted"
else
    printf 'OVERSELL OR LOSS: confirmed=%s waitlisted=%s links=%s places=%s\n' "$confirmed" "$waitlisted" "$links" "$places"
    exit 1
fi
