#!/usr/bin/env python3
"""Checks a conference schedule the way conference apps read it (D4).

Usage: check_schedule.py FILE   (or `-` for stdin)

The file is the frab schedule XML or its JSON cousin (told apart by the first character).
  - JSON: validated against shared/schemas/schedule.schema.json (voc/schedule, draft-06)
    with `jsonschema`, formats checked where the validator can.
  - XML: parsed with the standard library's xml.etree into what Giggity, ConfClerk and
    EventFahrplan read (they parse by element names, not by schema; the XSD itself is
    checked by `xmllint --schema` in the Rust test).
Both: every event's `date` carries an offset, its `start` is the time of that date, its
`duration` reads as H:MM, and it lies within its day's start and end; guids, ids and
slugs are unique.

On success prints one JSON object on stdout and exits 0:
  {"version", "acronym", "title", "time_zone_name", "timeslot_duration",
   "days": [{"index", "date", "start", "end",
             "rooms": [{"name", "events": [{"id", "guid", "title", "type", "track",
                        "date", "start_utc", "duration", "slug", "url",
                        "persons": [name, ...]}]}]}]}
`start_utc` is the event's instant in UTC ("2024-01-09T09:00:00+00:00").
On any violation prints the reasons in English on stderr and exits 1.
"""

import _venv  # noqa: F401  (must come before the third-party imports)

import datetime
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "schemas")
DURATION = re.compile(r"^(\d{1,2}):(\d{2})$")


def read_input(arg: str) -> bytes:
    if arg == "-":
        return sys.stdin.buffer.read()
    with open(arg, "rb") as f:
        return f.read()


def check_json(data: bytes, errors: list) -> dict | None:
    import jsonschema

    try:
        doc = json.loads(data)
    except ValueError as error:
        errors.append(f"not JSON: {error}")
        return None
    with open(os.path.join(SCHEMAS, "schedule.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        errors.append(f"schema: {where}: {error.message}")
    if errors:
        return None
    s = doc["schedule"]
    c = s["conference"]
    days = []
    for d in c["days"]:
        rooms = []
        for name, events in d["rooms"].items():
            rooms.append({"name": name, "events": [{
                "id": e["id"], "guid": e["guid"], "title": e["title"], "type": e["type"],
                "track": e["track"], "date": e["date"], "duration": e["duration"],
                "start": e["start"], "slug": e["slug"], "url": e["url"],
                "persons": [p.get("public_name") or p.get("name") for p in e["persons"]],
            } for e in events]})
        days.append({"index": d["index"], "date": d["date"], "start": d["day_start"], "end": d["day_end"], "rooms": rooms})
    return {
        "version": s["version"], "acronym": c["acronym"], "title": c["title"],
        "time_zone_name": c.get("time_zone_name"), "timeslot_duration": c["timeslot_duration"], "days": days,
    }


def text(node, name: str, errors: list, where: str, required=True):
    child = node.find(name)
    if child is None:
        if required:
            errors.append(f"{where}: no <{name}>")
        return None
    return child.text or ""


def check_xml(data: bytes, errors: list) -> dict | None:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        errors.append(f"not well-formed XML: {error}")
        return None
    if root.tag != "schedule":
        errors.append(f"the root is <{root.tag}>, not <schedule>")
        return None
    conf = root.find("conference")
    if conf is None:
        errors.append("no <conference>")
        return None
    days = []
    for d in root.findall("day"):
        where = f"day {d.get('index')}"
        rooms = []
        for r in d.findall("room"):
            events = []
            for e in r.findall("event"):
                ew = f"{where}, room {r.get('name')}, event {e.get('id')}"
                events.append({
                    "id": int(e.get("id", "0")), "guid": e.get("guid"),
                    "title": text(e, "title", errors, ew), "type": text(e, "type", errors, ew),
                    "track": text(e, "track", errors, ew), "date": text(e, "date", errors, ew),
                    "duration": text(e, "duration", errors, ew), "start": text(e, "start", errors, ew),
                    "slug": text(e, "slug", errors, ew, required=False), "url": text(e, "url", errors, ew, required=False),
                    "room": text(e, "room", errors, ew),
                    "persons": [p.text or "" for p in e.findall("persons/person")],
                })
                if events[-1]["room"] != r.get("name"):
                    errors.append(f"{ew}: <room> says {events[-1]['room']!r}")
                del events[-1]["room"]
            rooms.append({"name": r.get("name"), "events": events})
        days.append({"index": int(d.get("index", "0")), "date": d.get("date"), "start": d.get("start"), "end": d.get("end"), "rooms": rooms})
    return {
        "version": text(root, "version", errors, "schedule"),
        "acronym": text(conf, "acronym", errors, "conference"),
        "title": text(conf, "title", errors, "conference"),
        "time_zone_name": text(conf, "time_zone_name", errors, "conference", required=False),
        "timeslot_duration": text(conf, "timeslot_duration", errors, "conference"),
        "days": days,
    }


def aware(value: str, where: str, errors: list):
    try:
        dt = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(f"{where}: {value!r} is not an ISO date-time")
        return None
    if dt.utcoffset() is None:
        errors.append(f"{where}: {value!r} has no offset (the time zone must be stated)")
        return None
    return dt


def check_times(result: dict, errors: list) -> None:
    """What apps rely on: offsets everywhere, start == time of date, events within their day."""
    seen = {"guid": set(), "id": set(), "slug": set()}
    for day in result["days"]:
        start = aware(day["start"], f"day {day['index']} start", errors)
        end = aware(day["end"], f"day {day['index']} end", errors)
        for room in day["rooms"]:
            for e in room["events"]:
                where = f"event {e['id']}"
                for key in seen:
                    if e.get(key) in seen[key]:
                        errors.append(f"{where}: {key} {e.get(key)!r} is used twice")
                    seen[key].add(e.get(key))
                at = aware(e["date"], where, errors)
                m = DURATION.match(e["duration"] or "")
                if not m:
                    errors.append(f"{where}: duration {e['duration']!r} is not H:MM")
                if at is None or m is None:
                    continue
                if at.strftime("%H:%M") != e["start"]:
                    errors.append(f"{where}: start {e['start']} is not the time of date {e['date']}")
                finish = at + datetime.timedelta(hours=int(m[1]), minutes=int(m[2]))
                if start and end and not (start <= at and finish <= end):
                    errors.append(f"{where}: {e['date']} + {e['duration']} is outside its day")
                e["start_utc"] = at.astimezone(datetime.timezone.utc).isoformat()
                del e["start"]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: check_schedule.py FILE (or - for stdin)", file=sys.stderr)
        return 2
    try:
        data = read_input(argv[1])
    except OSError as error:
        print(f"check_schedule: cannot read {argv[1]}: {error}", file=sys.stderr)
        return 2
    errors: list[str] = []
    first = data.lstrip()[:1]
    result = check_json(data, errors) if first == b"{" else check_xml(data, errors)
    if result is not None and not errors:
        check_times(result, errors)
    if errors or result is None:
        for message in errors or ["the schedule is not valid"]:
            print(f"check_schedule: {message}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
