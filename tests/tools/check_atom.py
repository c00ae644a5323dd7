#!/usr/bin/env python3
"""Checks an Atom feed the way a feed reader would read it (A4).

Usage: check_atom.py FILE   (or `-` for stdin)

Parses with the `feedparser` package and refuses the feed when feedparser flags it
as bozo (not well-formed XML, bad encoding...), when it is not Atom 1.0, or when an
element RFC 4287 requires is missing:
  - feed: id, title, updated (an RFC 3339 date-time), an author unless every entry
    has one;
  - each entry: id (unique in the feed), title, updated, an alternate link.

On success prints one JSON object on stdout and exits 0:
  {"title", "id", "updated", "link",
   "entries": [{"id", "title", "link", "updated", "summary"}, ...]}
`updated` is the text as written in the feed; `summary` is feedparser's reading of
atom:summary (text, or sanitised HTML), null when absent.
On any violation prints the reasons in English on stderr and exits 1.
"""

import _venv  # noqa: F401  (must come before the third-party imports)

import io
import json
import sys

import feedparser

ATOM_NS = "http://www.w3.org/2005/Atom"


def read_input(arg: str) -> bytes:
    if arg == "-":
        return sys.stdin.buffer.read()
    with open(arg, "rb") as f:
        return f.read()


def alternate_link(item):
    """The href of rel="alternate" (the default rel), or None."""
    for link in item.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def check_feed(data: bytes, violations: list[str]):
    # A file object, never a string: feedparser fetches a string that looks like a URL.
    # sanitize_html stays on (the default): summary is what a reader would show.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    if parsed.get("bozo"):
        violations.append(f"feedparser cannot read the feed cleanly: {parsed.get('bozo_exception')}")
        return None
    if parsed.get("version") != "atom10":
        violations.append(f"not an Atom 1.0 feed in the {ATOM_NS} namespace (feedparser says {parsed.get('version')!r})")
        return None
    feed = parsed.feed

    for name in ("id", "title", "updated"):
        if not feed.get(name):
            violations.append(f"feed: no {name}")
    if feed.get("updated") and not feed.get("updated_parsed"):
        violations.append(f"feed: updated {feed.get('updated')!r} is not an RFC 3339 date-time")
    feed_has_author = bool(feed.get("author_detail") or feed.get("authors"))

    entries = []
    seen_ids = set()
    for index, entry in enumerate(parsed.entries, start=1):
        where = f"entry #{index}" + (f" ({entry.get('id')})" if entry.get("id") else "")
        for name in ("id", "title", "updated"):
            if not entry.get(name):
                violations.append(f"{where}: no {name}")
        if entry.get("updated") and not entry.get("updated_parsed"):
            violations.append(f"{where}: updated {entry.get('updated')!r} is not an RFC 3339 date-time")
        link = alternate_link(entry)
        if not link:
            violations.append(f"{where}: no alternate link")
        if entry.get("id"):
            if entry["id"] in seen_ids:
                violations.append(f"{where}: id is used by another entry")
            seen_ids.add(entry["id"])
        if not feed_has_author and not (entry.get("author_detail") or entry.get("authors")):
            violations.append(f"{where}: no author, and the feed has none (RFC 4287 4.1.1)")
        entries.append({
            "id": entry.get("id"),
            "title": entry.get("title"),
            "link": link,
            "updated": entry.get("updated"),
            "summary": entry.get("summary"),
        })
    return {
        "title": feed.get("title"),
        "id": feed.get("id"),
        "updated": feed.get("updated"),
        "link": alternate_link(feed),
        "entries": entries,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: check_atom.py FILE (or - for stdin)", file=sys.stderr)
        return 2
    try:
        data = read_input(argv[1])
    except OSError as error:
        print(f"check_atom: cannot read {argv[1]}: {error}", file=sys.stderr)
        return 2
    violations: list[str] = []
    result = check_feed(data, violations)
    if violations or result is None:
        for message in violations or ["the feed is not valid"]:
            print(f"check_atom: {message}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
