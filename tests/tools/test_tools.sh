#!/usr/bin/env bash
# Self-test of the checkers in tests/tools: each accepts a good sample with the
# expected JSON and refuses a bad one with exit 1, the SMTP sink refuses, stores
# and stops as documented, and the webhook receiver tells a good signature from a forged one. The Rust integration tests trust these tools, so a
# checker that accepts everything would make them worthless.
#
# Usage: tests/tools/test_tools.sh   (after scripts/install-test-deps.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
samples=$here/samples
work=$(mktemp -d)
sink_pid=
cleanup() {
    if [[ -n $sink_pid ]]; then
        kill -TERM "$sink_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; failures=$((failures + 1)); }

# expect_exit CODE NAME COMMAND...: runs COMMAND, compares its exit status.
expect_exit() {
    local want=$1 name=$2 got=0
    shift 2
    "$@" >"$work/out" 2>"$work/err" || got=$?
    if [[ $got == "$want" ]]; then
        pass "$name (exit $got)"
    else
        fail "$name: exit $got, expected $want"
        sed 's/^/     | /' "$work/err" >&2
    fi
}

# expect_json NAME PYTHON-EXPR: evaluates EXPR with `out` = the JSON of the last run.
expect_json() {
    if python3 -c 'import json, sys; out = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$work/out" "$2"; then
        pass "$1"
    else
        fail "$1: $2 is false for $(head -c 400 "$work/out")"
    fi
}

# expect_stderr NAME TEXT: the last run's stderr names the violation.
expect_stderr() {
    if grep -qF -- "$2" "$work/err"; then
        pass "$1"
    else
        fail "$1: stderr lacks '$2': $(head -c 400 "$work/err")"
    fi
}

# --- check_ical.py ---
expect_exit 0 "check_ical accepts good.ics" ./check_ical.py "$samples/good.ics"
expect_json "check_ical reads the timed event in Paris time" \
    'out["events"][0] == {"uid": "garagethon-bluehats-2024@rencontres.example", "summary": "Garagethon #BlueHats 🧢, premier jour", "dtstart": "2024-01-09T10:00:00", "dtend": "2024-01-09T17:00:00", "tzid": "Europe/Paris", "location": "Lieu de la Transformation Publique, 77 avenue de Ségur, 75015 Paris", "url": "https://rencontres.example/evenements/garagethon-bluehats-2024", "description": "Appel aux équipes qui développent des logiciels libres dans l'"'"'administration.", "all_day": False}'
expect_json "check_ical reads the all-day event and its DURATION" \
    'out["events"][1]["dtstart"] == "2024-03-12" and out["events"][1]["dtend"] == "2024-03-13" and out["events"][1]["all_day"] is True'
# shellcheck disable=SC2016 # $1 expands in the inner shell.
expect_exit 0 "check_ical reads stdin" sh -c './check_ical.py - < "$1"' sh "$samples/good.ics"
expect_exit 1 "check_ical refuses bad.ics" ./check_ical.py "$samples/bad.ics"
expect_stderr "check_ical names the bare LF" "bare LF"
expect_stderr "check_ical names the long line" "longer than 75 octets"
expect_stderr "check_ical names the missing VTIMEZONE" "no VTIMEZONE"
expect_stderr "check_ical names the missing DTSTAMP" "no DTSTAMP"
expect_stderr "check_ical names the UTC DTEND" "DTEND is in UTC"
python3 - "$samples/good.ics" "$work/split.ics" <<'PY'
import sys
# Fold the SUMMARY inside the two octets of "é": each line stays <= 75 octets.
data = open(sys.argv[1], "rb").read()
bad = "SUMMARY:" + "é" * 40
encoded = bad.encode()
folded = encoded[:75] + b"\r\n " + encoded[75:]
data = data.replace(b"SUMMARY:Mutualisons !", folded)
open(sys.argv[2], "wb").write(data)
PY
expect_exit 1 "check_ical refuses a fold inside a UTF-8 character" ./check_ical.py "$work/split.ics"
sed 's/^DTEND;TZID=Europe\/Paris:20240109T170000/DTEND;TZID=Europe\/Paris:20240109T090000/' "$samples/good.ics" >"$work/backwards.ics"
expect_exit 1 "check_ical refuses an end before the start" ./check_ical.py "$work/backwards.ics"
expect_stderr "check_ical names the end before the start" "is not after the start"

# --- check_atom.py ---
expect_exit 0 "check_atom accepts good.atom" ./check_atom.py "$samples/good.atom"
expect_json "check_atom reads the entry" \
    'out["id"] == "https://rencontres.example/" and [e["title"] for e in out["entries"]] == ["Garagethon #BlueHats 🧢 les 9 et 10 janvier 2024"] and out["entries"][0]["updated"] == "2023-11-18T10:00:00+01:00" and out["entries"][0]["summary"] == "Appel aux équipes qui développent des logiciels libres & ouverts."'
expect_exit 1 "check_atom refuses bad.atom (not well-formed)" ./check_atom.py "$samples/bad.atom"
expect_stderr "check_atom names the XML error" "not well-formed"
sed 's/& co/et co/' "$samples/bad.atom" >"$work/incomplete.atom"
expect_exit 1 "check_atom refuses a feed without updated, id, link" ./check_atom.py "$work/incomplete.atom"
expect_stderr "check_atom names the missing feed id" "feed: no id"
expect_stderr "check_atom names the missing entry link" "no alternate link"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>' >"$work/rss.xml"
expect_exit 1 "check_atom refuses RSS" ./check_atom.py "$work/rss.xml"

# --- check_schedule.py ---
expect_exit 0 "check_schedule accepts good-schedule.xml" ./check_schedule.py "$samples/good-schedule.xml"
expect_json "check_schedule reads the event as apps do" \
    'out["days"][0]["rooms"][0]["events"][0]["start_utc"] == "2024-01-09T08:30:00+00:00" and out["days"][0]["rooms"][0]["events"][0]["persons"] == ["Anne Martin"] and out["version"] == "v1"'
expect_exit 1 "check_schedule refuses bad-schedule.xml" ./check_schedule.py "$samples/bad-schedule.xml"
expect_stderr "check_schedule names the date without offset" "has no offset"
expect_exit 0 "check_schedule accepts pretalx's JSON example" ./check_schedule.py "$here/../../../shared/schemas/pretalx-democon.json"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); del d["schedule"]["version"]; json.dump(d, open(sys.argv[2], "w"))' \
    "$here/../../../shared/schemas/pretalx-democon.json" "$work/noversion.json"
expect_exit 1 "check_schedule refuses JSON without version" ./check_schedule.py "$work/noversion.json"
expect_stderr "check_schedule names the schema error" "'version' is a required property"

# --- check_html.sh ---
expect_exit 0 "check_html accepts good.html" ./check_html.sh "$samples/good.html"
expect_exit 1 "check_html refuses bad.html" ./check_html.sh "$samples/bad.html"
expect_stderr "check_html names the missing alt" "alt"
expect_exit 2 "check_html refuses a missing file" ./check_html.sh "$work/missing.html"

# --- smtp_sink.py ---
mkdir "$work/mail"
./smtp_sink.py --dir "$work/mail" --port 0 --fail-first 1 >"$work/sink.out" 2>"$work/sink.err" &
sink_pid=$!
port=
for _ in $(seq 100); do
    read -r word port <"$work/sink.out" 2>/dev/null || true
    [[ ${word:-} == listening && -n $port ]] && break
    port=
    sleep 0.1
done
if [[ -z $port ]]; then
    fail "smtp_sink prints 'listening PORT': $(cat "$work/sink.out" "$work/sink.err")"
else
    pass "smtp_sink listens on 127.0.0.1:$port"
    expect_exit 0 "smtp_sink refuses the first message, stores the second" python3 - "$port" "$work/mail" <<'PY'
import json, os, smtplib, sys
port, folder = int(sys.argv[1]), sys.argv[2]
body = (b"From: rencontres@example.org\r\nTo: agnes@example.org\r\n"
        b"Subject: =?utf-8?q?Inscription_confirm=C3=A9e?=\r\n\r\nBonjour,\r\n.point\r\n")
def send():
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.sendmail("rencontres@example.org", ["agnes@example.org", "chef@example.org"], body)
try:
    send()
    sys.exit("the first message was accepted despite --fail-first 1")
except smtplib.SMTPDataError as error:
    assert error.smtp_code == 451, error
assert os.listdir(folder) == [], os.listdir(folder)
send()
assert sorted(os.listdir(folder)) == ["000001.eml", "000001.json"], os.listdir(folder)
assert open(os.path.join(folder, "000001.eml"), "rb").read() == body
assert json.load(open(os.path.join(folder, "000001.json"))) == {
    "mail_from": "rencontres@example.org", "rcpt_tos": ["agnes@example.org", "chef@example.org"]}
PY
    kill -TERM "$sink_pid"
    status=0
    wait "$sink_pid" || status=$?
    sink_pid=
    if [[ $status == 0 ]]; then pass "smtp_sink stops with exit 0 on SIGTERM"; else fail "smtp_sink exit $status on SIGTERM"; fi
fi

# --- webhook_receiver.py ---
mkdir "$work/hooks"
./webhook_receiver.py --dir "$work/hooks" --port 0 --fail-first 1 >"$work/hooks.out" 2>"$work/hooks.err" &
sink_pid=$!
port=
for _ in $(seq 100); do
    read -r word port <"$work/hooks.out" 2>/dev/null || true
    [[ ${word:-} == listening && -n $port ]] && break
    port=
    sleep 0.1
done
if [[ -z $port ]]; then
    fail "webhook_receiver prints 'listening PORT': $(cat "$work/hooks.out" "$work/hooks.err")"
else
    pass "webhook_receiver listens on 127.0.0.1:$port"
    # Signed here with the standard library alone, independently of standardwebhooks.
    expect_exit 0 "webhook_receiver verifies a good signature, refuses a forged one, fails first" \
        python3 - "$port" "$work/hooks" <<'PY'
import base64, hashlib, hmac, json, os, sys, time, urllib.error, urllib.request
port, folder = int(sys.argv[1]), sys.argv[2]
key = bytes(range(24))
open(os.path.join(folder, "secrets"), "w").write("whsec_" + base64.b64encode(key).decode() + "\n")
def post(msg_id, sign_key):
    body = b'{"type": "registration.confirmed"}'
    ts = str(int(time.time()))
    mac = hmac.new(sign_key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    headers = {"webhook-id": msg_id, "webhook-timestamp": ts,
               "webhook-signature": "v1," + base64.b64encode(mac).decode(), "content-type": "application/json"}
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers=headers, method="POST")
    try:
        return urllib.request.urlopen(req, timeout=10).status
    except urllib.error.HTTPError as e:
        return e.code
assert post("msg_1", key) == 500
assert post("msg_2", key) == 204
assert post("msg_3", b"forged") == 204
got = [json.loads(l) for l in open(os.path.join(folder, "received.jsonl"))]
assert [(r["id"], r["verified"], r["answered"]) for r in got] == [
    ("msg_1", True, 500), ("msg_2", True, 204), ("msg_3", False, 204)], got
PY
    kill -TERM "$sink_pid"
    status=0
    wait "$sink_pid" || status=$?
    sink_pid=
    if [[ $status == 0 ]]; then pass "webhook_receiver stops with exit 0 on SIGTERM"; else fail "webhook_receiver exit $status on SIGTERM"; fi
fi

if ((failures)); then
    echo "test_tools: $failures failure(s)" >&2
    exit 1
fi
echo "test_tools: all checkers behave"
