#!/usr/bin/env python3
"""Checks an iCalendar file the way a calendar application would read it (A4, D4).

Usage: check_ical.py FILE   (or `-` for stdin)

Parses with the `icalendar` package, then enforces the RFC 5545 rules rencontres
promises:
  - octets are UTF-8, every line ends with CRLF, no physical line is longer than
    75 octets (CRLF excluded) and no fold splits a UTF-8 character;
  - exactly one VCALENDAR, with VERSION:2.0 and a PRODID;
  - a VTIMEZONE (with a STANDARD or DAYLIGHT part) for every TZID used, and the
    only TZID used is Europe/Paris;
  - every VEVENT has UID (unique unless RECURRENCE-ID), DTSTAMP (UTC), DTSTART
    (TZID=Europe/Paris, or VALUE=DATE for an all-day event), and DTEND of the
    same kind later than DTSTART, or DURATION, never both.

On success prints one JSON object on stdout and exits 0:
  {"events": [{"uid", "summary", "dtstart", "dtend", "tzid", "location", "url",
               "description", "all_day"}, ...]}
dtstart and dtend are the local civil time as written ("2024-01-09T10:00:00") with
the zone in tzid ("Europe/Paris"), or a date ("2024-01-09") and tzid null for an
all-day event; dtend is computed from DURATION when the event has no DTEND.
On any violation prints the reasons in English on stderr and exits 1.
"""

import _venv  # noqa: F401  (must come before the third-party imports)

import datetime
import json
import sys

import icalendar

TZID = "Europe/Paris"
MAX_OCTETS = 75


class Violations:
    """Collects every broken rule, so one run reports them all."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def __bool__(self) -> bool:
        return bool(self.messages)


def read_input(arg: str) -> bytes:
    if arg == "-":
        return sys.stdin.buffer.read()
    with open(arg, "rb") as f:
        return f.read()


def check_lines(data: bytes, v: Violations) -> None:
    """RFC 5545 3.1: CRLF line ends, 75-octet lines, folds between characters."""
    if not data:
        v.add("the file is empty")
        return
    lines = data.split(b"\n")
    unterminated = lines[-1] != b""
    if unterminated:
        v.add("the last line does not end with CRLF")
    else:
        lines.pop()
    problems: dict[str, list[int]] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw.endswith(b"\r") else raw
        if not raw.endswith(b"\r") and not (unterminated and number == len(lines)):
            problems.setdefault("end with a bare LF instead of CRLF", []).append(number)
        if b"\r" in line:
            problems.setdefault("hold a bare CR", []).append(number)
        if len(line) > MAX_OCTETS:
            problems.setdefault(f"are longer than {MAX_OCTETS} octets (fold them)", []).append(number)
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.setdefault("are not UTF-8 on their own (a fold splits a character, or the file is not UTF-8)", []).append(number)
    for what, numbers in problems.items():
        shown = ", ".join(str(n) for n in numbers[:10]) + (", ..." if len(numbers) > 10 else "")
        v.add(f"{len(numbers)} line(s) {what}: line {shown}")


def param(prop, name: str):
    value = prop.params.get(name)
    return None if value is None else str(value)


def local_iso(value) -> str:
    """The civil time as written: no offset, since the zone is reported apart."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat()
    return value.isoformat()


def text(component, name: str):
    value = component.get(name)
    return None if value is None else str(value)


def check_time(event, name: str, where: str, v: Violations):
    """Returns (value, tzid, all_day) of DTSTART/DTEND, or None after a violation."""
    prop = event.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        v.add(f"{where}: {name} appears {len(prop)} times")
        return None
    if not hasattr(prop, "dt"):
        v.add(f"{where}: {name} cannot be read as a date or date-time")
        return None
    value = prop.dt
    value_param = param(prop, "VALUE")
    tzid = param(prop, "TZID")
    if isinstance(value, datetime.datetime):
        if value_param not in (None, "DATE-TIME"):
            v.add(f"{where}: {name} is a date-time but says VALUE={value_param}")
        if tzid is None:
            kind = "in UTC" if value.tzinfo is not None else "floating (no zone)"
            v.add(f"{where}: {name} is {kind}; it must carry TZID={TZID}")
            return None
        if tzid != TZID:
            v.add(f"{where}: {name} has TZID={tzid}; only {TZID} is used")
            return None
        return value, tzid, False
    if isinstance(value, datetime.date):
        if value_param != "DATE":
            v.add(f"{where}: {name} is a date without VALUE=DATE")
            return None
        if tzid is not None:
            v.add(f"{where}: {name} is a date but has TZID={tzid}")
        return value, None, True
    v.add(f"{where}: {name} is neither a date nor a date-time")
    return None


def check_event(event, index: int, v: Violations):
    """Returns the JSON summary of one VEVENT, or None when it is broken."""
    uid = text(event, "UID")
    where = f"VEVENT #{index}" + (f" (UID {uid})" if uid else "")
    errors_before = len(v.messages)
    for name, message in event.errors:
        v.add(f"{where}: {name}: {message}")
    if not uid:
        v.add(f"{where}: no UID")
    stamp = event.get("DTSTAMP")
    if stamp is None:
        v.add(f"{where}: no DTSTAMP")
    elif not hasattr(stamp, "dt") or not isinstance(stamp.dt, datetime.datetime) or stamp.dt.utcoffset() != datetime.timedelta(0) or param(stamp, "TZID") is not None:
        v.add(f"{where}: DTSTAMP must be a UTC date-time (ending in Z)")

    if event.get("DTSTART") is None:
        v.add(f"{where}: no DTSTART")
    start = check_time(event, "DTSTART", where, v)
    has_end = event.get("DTEND") is not None
    has_duration = event.get("DURATION") is not None
    end = None
    if has_end and has_duration:
        v.add(f"{where}: both DTEND and DURATION (RFC 5545 allows one)")
    elif not has_end and not has_duration:
        v.add(f"{where}: neither DTEND nor DURATION")
    elif has_end:
        end = check_time(event, "DTEND", where, v)
        if start and end and start[2] != end[2]:
            v.add(f"{where}: DTSTART and DTEND are not both dates or both date-times")
            end = None
    elif start:
        duration = event["DURATION"]
        if not hasattr(duration, "dt") or not isinstance(duration.dt, datetime.timedelta):
            v.add(f"{where}: DURATION cannot be read")
        else:
            end = (start[0] + duration.dt, start[1], start[2])
    if start and end and not end[0] > start[0]:
        v.add(f"{where}: the end ({local_iso(end[0])}) is not after the start ({local_iso(start[0])})")

    if len(v.messages) > errors_before or not start or not end:
        return None
    return {
        "uid": uid,
        "summary": text(event, "SUMMARY"),
        "dtstart": local_iso(start[0]),
        "dtend": local_iso(end[0]),
        "tzid": start[1],
        "location": text(event, "LOCATION"),
        "url": text(event, "URL"),
        "description": text(event, "DESCRIPTION"),
        "all_day": start[2],
    }


def check_calendar(data: bytes, v: Violations):
    check_lines(data, v)
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as error:  # the parser's own words are the message
        v.add(f"icalendar cannot parse the file: {error}")
        return None
    if len(calendars) != 1:
        v.add(f"{len(calendars)} VCALENDAR objects; exactly one is expected")
        return None
    calendar = calendars[0]
    if calendar.name != "VCALENDAR":
        v.add(f"the top component is {calendar.name}, not VCALENDAR")
        return None
    for component in calendar.walk():
        if component.name != "VEVENT":  # an event's errors are reported with its UID
            for name, message in component.errors:
                v.add(f"{component.name}: {name}: {message}")

    if text(calendar, "VERSION") != "2.0":
        v.add(f"VCALENDAR: VERSION is {text(calendar, 'VERSION')!r}, not '2.0'")
    if not text(calendar, "PRODID"):
        v.add("VCALENDAR: no PRODID")

    timezones = {}
    for tz in calendar.walk("VTIMEZONE"):
        tzid = text(tz, "TZID")
        if not tzid:
            v.add("VTIMEZONE without TZID")
            continue
        timezones[tzid] = tz
        parts = [c for c in tz.subcomponents if c.name in ("STANDARD", "DAYLIGHT")]
        if not parts:
            v.add(f"VTIMEZONE {tzid}: no STANDARD or DAYLIGHT part")
        for part in parts:
            for required in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                if part.get(required) is None:
                    v.add(f"VTIMEZONE {tzid}: {part.name} has no {required}")
    for tzid in sorted(str(t) for t in calendar.get_used_tzids()):
        if tzid not in timezones:
            v.add(f"TZID={tzid} is used but there is no VTIMEZONE for it")

    events = []
    seen_uids = set()
    for index, event in enumerate(calendar.walk("VEVENT"), start=1):
        summary = check_event(event, index, v)
        uid = text(event, "UID")
        if uid and event.get("RECURRENCE-ID") is None:
            if uid in seen_uids:
                v.add(f"VEVENT #{index}: UID {uid} is used by another event")
            seen_uids.add(uid)
        if summary:
            events.append(summary)
    return {"events": events}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: check_ical.py FILE (or - for stdin)", file=sys.stderr)
        return 2
    try:
        data = read_input(argv[1])
    except OSError as error:
        print(f"check_ical: cannot read {argv[1]}: {error}", file=sys.stderr)
        return 2
    v = Violations()
    result = check_calendar(data, v)
    if v or result is None:
        for message in v.messages or ["the calendar is not valid"]:
            print(f"check_ical: {message}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
