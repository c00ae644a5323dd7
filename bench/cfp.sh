#!/usr/bin/env bash
# Call for talks speed (C1 C2): the public call page and the proposal submission, measured
# with wrk on loopback.
#
# 1. imports one event (an Eleventy post, `rencontres import`) into a fresh SQLite file and
#    opens its call with `rencontres cfp open`;
# 2. starts `rencontres serve` on 127.0.0.1:<free port> with the mail worker off (each
#    proposal still queues its receipt in the database, in the proposal's transaction) and the
#    public form rate limit raised (every wrk connection comes from 127.0.0.1);
# 3. runs `wrk -t2 -c32 -d10s --latency` BENCH_ROUNDS times on GET /evenements/SLUG/appel,
#    then on POST /evenements/SLUG/appel with a complete valid proposal (bench/cfp_post.lua:
#    each request stores one proposal and answers 303), and prints the median req/s and p99.
# With BENCH_PRETALX=URL (a pretalx event URL, e.g. http://127.0.0.1:18940/bench, set up as
# bench/cfp.md says), pretalx's call page (/cfp) and the first step of its submission wizard
# (GET and POST /submit/…/info/) are measured in the same run, with
# BENCH_PRETALX_CONNECTIONS=4 connections.
#
# Usage: bench/cfp.sh
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

work=$(mktemp -d -t rencontres-cfp-bench.XXXXXX)
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
title: "Après-midi de retours d'expérience 2099"
description: "Des interventions de cinq à vingt minutes."
date: 2099-03-09
tags: [bluehats]
---
Rendez-vous le 9 mars 2099 de 14h à 18h.
POST
slug=apres-midi-de-retours-d-experience-2099
"$binary" --database-url "$db" import "$work/posts" >"$work/import.out" 2>&1 || { cat "$work/import.out" >&2; die "import failed"; }
"$binary" --database-url "$db" cfp open "$slug" --closes 2099-01-15T23:59 --format "Intervention courte | 5 | 20" --format "Éclair | 5" >&2

RENCONTRES_MAIL__WORKER=false RENCONTRES_PUBLIC_FORMS_PER_MINUTE=100000000 RENCONTRES_LOG=warn \
    "$binary" --database-url "$db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^rencontres listening on //p' "$work/serve.out")
[[ -n $base ]] || { cat "$work/serve.err" >&2; die "the server did not start"; }

# The form's CSRF value and its pre-session cookie, as a browser gets them.
curl -fsS -c "$work/cookies" "$base/evenements/$slug/appel" >"$work/call.html"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/call.html" | head -1)
cookie=$(awk '$6 == "rencontres_csrf" {print "rencontres_csrf=" $7}' "$work/cookies")
[[ -n $csrf && -n $cookie ]] || die "no CSRF value on the call page"
body="csrf=$csrf&title=Mutualiser+un+outil&summary=Trois+minist%C3%A8res%2C+un+outil.&administration=DINUM&subject=Mutualisation&audience=Agents+publics&format=Intervention+courte&minutes=15&s0_name=Camille+Agent&s0_email=camille%40example.org&s0_consent=oui"
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$cookie" --data "$body" "$base/evenements/$slug/appel")
[[ $status == 303 ]] || die "a proposal got $status, not 303"

# Runs wrk on one target and prints its line; $1 label, $2 url, $3 connections, rest: wrk args.
measure() {
    local label=$1 url=$2 c=$3
    shift 3
    local results=() out rps p50 p99 errors
    for _ in $(seq "$rounds"); do
        out=$(wrk -t"$threads" -c"$c" -d"$duration" --latency --timeout 10s "$@" "$url")
        rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
        [[ -z $errors ]] || say "$label: $errors"
        results+=("$rps $p50 $p99")
    done
    read -r rps p50 p99 <<<"$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')"
    printf '%-44s %10s %10s %10s\n' "$label" "$rps" "$p50" "$p99"
}

printf '%-44s %10s %10s %10s\n' "what" "req/s" "p50" "p99"
measure "rencontres GET call page" "$base/evenements/$slug/appel" "$connections"
before=$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM proposals' 2>/dev/null || echo "?")
BENCH_BODY=$body BENCH_COOKIE=$cookie measure "rencontres POST proposal" "$base/evenements/$slug/appel" "$connections" -s "$root/bench/cfp_post.lua"
after=$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM proposals' 2>/dev/null || echo "?")
say "proposals stored: $before before the POST run, $after after"

if [[ -n ${BENCH_PRETALX:-} ]]; then
    pc=${BENCH_PRETALX_CONNECTIONS:-4}
    measure "pretalx GET call page" "$BENCH_PRETALX/cfp" "$pc"
    # The wizard's first step: a session, its CSRF token, the step's URL.
    info=$(curl -fsS -c "$work/pcookies" -b "$work/pcookies" -o /dev/null -w '%{url_effective}' -L "$BENCH_PRETALX/submit/")
    page=$(curl -fsS -c "$work/pcookies" -b "$work/pcookies" "$info")
    # pretalx minifies its HTML (attributes unquoted): read the values with a regex.
    ptoken=$(python3 -c 'import re,sys; print(re.search(r"name=\"?csrfmiddlewaretoken\"?[^>]*value=\"?([^\" >]+)", sys.stdin.read()).group(1))' <<<"$page")
    ptype=$(python3 -c 'import re,sys; print(re.search(r"<option[^>]*value=\"?(\d+)\"?[^>]*>Intervention courte", sys.stdin.read()).group(1))' <<<"$page")
    pcookie=$(awk '$6 ~ /csrftoken|session/ {printf "%s=%s; ", $6, $7}' "$work/pcookies")
    measure "pretalx GET submission form (info step)" "$info" "$pc" -H "Cookie: $pcookie"
    pbody="csrfmiddlewaretoken=$ptoken&title=Mutualiser+un+outil&submission_type=$ptype&content_locale=fr&abstract=Trois+minist%C3%A8res%2C+un+outil.&description=&notes=&duration=15&additional_speaker="
    pstatus=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/pcookies" -H "Referer: $info" --data "$pbody" "$info")
    say "pretalx info step answered $pstatus to a valid POST (302 expected)"
    BENCH_BODY=$pbody BENCH_COOKIE=$pcookie BENCH_REFERER=$info measure "pretalx POST submission (info step)" "$info" "$pc" -s "$root/bench/cfp_post.lua"
fi
