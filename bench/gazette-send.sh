#!/usr/bin/env bash
# Gazette send (F1 G3): one issue to BENCH_SUBSCRIBERS confirmed subscribers, delivered to a
# real SMTP server on loopback (tests/tools/smtp_sink.py, which writes every message to a
# file), with no rate limit, while a visitor reads the home page.
#
# 1. builds the release binary, imports BENCH_SUBSCRIBERS subscribers into a fresh SQLite
#    file (`rencontres gazette import-subscribers`), starts the SMTP sink and
#    `rencontres serve` pointed at it;
# 2. schedules one issue for now (`rencontres gazette send`): the server's sending job
#    queues the messages in batches of 500, the mail worker hands them to the sink;
# 3. meanwhile a visitor fetches `/` BENCH_RATE times a second (one keep-alive connection);
# 4. prints the messages handed to SMTP per second (from the scheduling to the last message
#    in the sink), and the home page's p50, p99 and max while the send ran.
#
# Usage: bench/gazette-send.sh
# Settings: BENCH_SUBSCRIBERS=10000 BENCH_RATE=20 BENCH_SKIP_BUILD=1 BENCH_KEEP=1
# Goal (issue 14, on 2 cores): 10,000 messages in under 30 s, home page p99 under 50 ms.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
subscribers=${BENCH_SUBSCRIBERS:-10000}
rate=${BENCH_RATE:-20}
target_dir=${CARGO_TARGET_DIR:-$root/target}
binary=$target_dir/release/rencontres

say() { printf 'gazette-send: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
for tool in curl python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run scripts/install-test-deps.sh"
done

work=$(mktemp -d -t rencontres-gazette.XXXXXX)
server_pid=
sink_pid=
cleanup() {
    for pid in $server_pid $sink_pid; do
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [[ ${BENCH_KEEP:-} == 1 ]]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    say "cargo build --release"
    (cd "$root" && cargo build --release --locked --quiet)
fi
[[ -x $binary ]] || die "no release binary at $binary"

export RENCONTRES_DATABASE_URL="sqlite://$work/gazette.db" RENCONTRES_LOG=warn
export RENCONTRES_MAIL__OUTBOX_DIR=$work/outbox RENCONTRES_MEDIA_DIR=$work/media

python3 - "$subscribers" > "$work/subscribers.csv" <<'PY'
import sys
print("email,consent_date,source")
for i in range(int(sys.argv[1])):
    print(f"lectrice{i:05d}@example.org,2024-03-01,bench")
PY
"$binary" gazette import-subscribers "$work/subscribers.csv" | tail -1 >&2

mkdir -p "$work/sink"
python3 "$root/tests/tools/smtp_sink.py" --dir "$work/sink" --port 0 > "$work/sink.out" 2> "$work/sink.err" &
sink_pid=$!
for _ in $(seq 100); do grep -q listening "$work/sink.out" 2>/dev/null && break; sleep 0.1; done
smtp_port=$(sed -n 's/^listening //p' "$work/sink.out")
[[ -n $smtp_port ]] || die "the SMTP sink did not start: $(cat "$work/sink.err")"

export RENCONTRES_MAIL__SMTP_HOST=127.0.0.1 RENCONTRES_MAIL__SMTP_PORT=$smtp_port RENCONTRES_MAIL__SMTP_TLS=none
export RENCONTRES_MAIL__FROM="Gazette <gazette@example.org>"
"$binary" serve --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^rencontres listening on //p' "$work/serve.out")
[[ -n $base ]] || die "the server did not start: $(cat "$work/serve.err")"
curl -fsS "$base/" > /dev/null
say "server on $base, SMTP sink on port $smtp_port, $subscribers subscribers"

cat > "$work/issue.md" <<'MD'
---
title: "Gazette du banc d’essai n°1"
date: 2026-01-05
---

## 🧢 Les nouvelles

Un numéro d’essai, avec un peu de **Markdown**, une liste :

- un premier point ;
- un second point.

[Gérer mon abonnement]({{ preferences_link }})
MD

# The visitor: one keep-alive connection, BENCH_RATE requests a second, until the sink holds
# every message; latencies in ms, one a line.
python3 - "$base" "$rate" "$work/sink" "$subscribers" > "$work/latencies.txt" <<'PY' &
import http.client, os, sys, time
base, rate, sink, total = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
host = base.split("//", 1)[1]
conn = http.client.HTTPConnection(host, timeout=10)
deadline = time.monotonic() + 600
while time.monotonic() < deadline:
    t0 = time.perf_counter()
    conn.request("GET", "/")
    res = conn.getresponse()
    res.read()
    print(f"{(time.perf_counter() - t0) * 1000:.3f}", flush=True)
    if sum(1 for n in os.listdir(sink) if n.endswith(".eml")) >= total:
        break
    time.sleep(max(0.0, 1 / rate - (time.perf_counter() - t0)))
PY
visitor_pid=$!

start=$(date +%s.%N)
"$binary" gazette send "$work/issue.md" >&2
wait "$visitor_pid"
read -r first end < <(python3 - "$work/sink" <<'PY'
import os, sys
d = sys.argv[1]
times = [os.path.getmtime(os.path.join(d, n)) for n in os.listdir(d) if n.endswith(".eml")]
print(min(times), max(times))
PY
)
sent=$(find "$work/sink" -name '*.eml' | wc -l)
python3 - "$start" "$end" "$sent" "$work/latencies.txt" "$first" <<'PY'
import sys
start, end, sent, first = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[5])
lat = sorted(float(l) for l in open(sys.argv[4]) if l.strip())
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
secs = end - start
print(f"messages handed to SMTP   {sent}")
print(f"from scheduling to last   {secs:.1f} s (the sending job ticks every 5 s)")
print(f"first to last message     {end - first:.1f} s, {sent / max(end - first, 0.001):.0f} messages/s")
print(f"home page during the send {len(lat)} requests, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {lat[-1]:.1f} ms")
PY
dupes=$(python3 - "$work/sink" <<'PY'
import json, os, sys, collections
d = sys.argv[1]
c = collections.Counter(r for n in os.listdir(d) if n.endswith(".json") for r in json.load(open(os.path.join(d, n)))["rcpt_tos"])
print(sum(1 for v in c.values() if v > 1))
PY
)
echo "subscribers with more than one copy: $dupes"
