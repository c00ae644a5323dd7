#!/usr/bin/env python3
"""Reads the messages an smtp_sink.py folder holds, as a mail client would (G3).

Usage: read_mail.py DIR

Parses every DIR/NNNNNN.eml with Python's `email` package (headers decoded from
RFC 2047, bodies from their transfer encoding) and prints one JSON list, in
arrival order: [{"file", "mail_from", "rcpt_tos", "to", "subject", "message_id",
"list_unsubscribe", "list_unsubscribe_post", "text", "html", "attachments": [{"filename", "content_type",
"content"}]}]. Exits 1 with a message on stderr when a
message cannot be parsed.
"""

import email
import email.policy
import json
import os
import re
import sys

FILE_NAME = re.compile(r"^(\d{6})\.eml$")


def part(msg, subtype):
    for p in msg.walk():
        if p.get_content_type() == f"text/{subtype}" and not p.is_multipart():
            return p.get_content()
    return None


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: read_mail.py DIR", file=sys.stderr)
        return 2
    folder = sys.argv[1]
    out = []
    for name in sorted(n for n in os.listdir(folder) if FILE_NAME.match(n)):
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        envelope_path = path[: -len(".eml")] + ".json"
        envelope = {}
        if os.path.exists(envelope_path):
            with open(envelope_path, encoding="utf-8") as f:
                envelope = json.load(f)
        out.append(
            {
                "file": name,
                "mail_from": envelope.get("mail_from"),
                "rcpt_tos": envelope.get("rcpt_tos", []),
                "to": str(msg["To"]),
                "subject": str(msg["Subject"]),
                "message_id": str(msg["Message-ID"]),
                "list_unsubscribe": msg["List-Unsubscribe"] and str(msg["List-Unsubscribe"]),
                "list_unsubscribe_post": msg["List-Unsubscribe-Post"] and str(msg["List-Unsubscribe-Post"]),
                "text": part(msg, "plain"),
                "html": part(msg, "html"),
                "attachments": [
                    {"filename": a.get_filename(), "content_type": a.get_content_type(), "content": a.get_content()}
                    for a in msg.iter_attachments()
                    if a.get_filename()
                ] if msg.is_multipart() else [],
            }
        )
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
