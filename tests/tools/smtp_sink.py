#!/usr/bin/env python3
"""A real SMTP server that keeps every message it accepts as a file (G3, F1, B4, C3).

Usage: smtp_sink.py --dir DIR [--port PORT] [--host 127.0.0.1] [--fail-first N] [--refuse ADDRESS]...

Listens with `aiosmtpd` on HOST:PORT (127.0.0.1 only by default). `--port 0` takes a
free port. Once it listens it prints `listening PORT` on stdout and flushes, so the
caller reads one line to learn the port and to know it is ready.

Each accepted message becomes DIR/NNNNNN.eml (the DATA octets as received, dot
unstuffed, numbering after the highest number already in DIR) beside DIR/NNNNNN.json
holding the envelope: {"mail_from": ..., "rcpt_tos": [...]}. The .json is written
first and the .eml is renamed into place last, so a reader that sees the .eml sees
both, complete.

`--fail-first N` answers `451` to the first N DATA commands (counted over all
connections) and stores nothing for them: the sender must retry.
`--refuse ADDRESS` answers `550` to RCPT TO for that address (a mailbox that does not
exist: a hard bounce); it may be given several times.
SIGTERM or SIGINT closes the listener and exits 0.
"""

import _venv  # noqa: F401  (must come before the third-party imports)

import argparse
import asyncio
import json
import os
import re
import signal
import sys

from aiosmtpd.smtp import SMTP

FILE_NAME = re.compile(r"^(\d{6})\.eml$")


def log(message: str) -> None:
    print(f"smtp_sink: {message}", file=sys.stderr, flush=True)


class Sink:
    """aiosmtpd handler: stores messages, or refuses the first ones on purpose."""

    def __init__(self, directory: str, fail_first: int, refuse=()) -> None:
        self.directory = directory
        self.refuse = {a.lower() for a in refuse}
        self.fail_left = fail_first
        numbers = [int(m.group(1)) for m in map(FILE_NAME.match, os.listdir(directory)) if m]
        self.last = max(numbers, default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            log("refused a recipient with 550")
            return f"550 5.1.1 <{address}>: no such mailbox (smtp_sink --refuse)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            log(f"refused a message with 451 ({self.fail_left} more to refuse)")
            # Real servers name the recipient in their refusals: so does this one.
            rcpt = ", ".join(f"<{r}>" for r in envelope.rcpt_tos)
            return f"451 4.3.0 {rcpt}: temporary failure on purpose (smtp_sink --fail-first)"
        self.last += 1
        stem = os.path.join(self.directory, f"{self.last:06d}")
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        sidecar = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}
        with open(stem + ".json", "w", encoding="utf-8") as f:
            json.dump(sidecar, f, ensure_ascii=False)
            f.write("\n")
        with open(stem + ".eml.tmp", "wb") as f:
            f.write(content)
        os.replace(stem + ".eml.tmp", stem + ".eml")
        log(f"stored {self.last:06d}.eml ({len(content)} octets, {len(sidecar['rcpt_tos'])} recipient(s))")
        return "250 2.0.0 OK: queued as %06d" % self.last


async def serve(args) -> int:
    os.makedirs(args.dir, exist_ok=True)
    handler = Sink(args.dir, args.fail_first, args.refuse)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="smtp-sink.localhost"),
        host=args.host,
        port=args.port,
    )
    port = server.sockets[0].getsockname()[1]
    print(f"listening {port}", flush=True)

    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.close()
    try:
        # Python 3.12+ also waits here for open connections: do not hang on one.
        await asyncio.wait_for(server.wait_closed(), timeout=2)
    except asyncio.TimeoutError:
        pass
    log("stopped")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="SMTP server that writes each message to a file.")
    parser.add_argument("--dir", required=True, help="folder for NNNNNN.eml and NNNNNN.json")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port, 0 for a free one (default 0)")
    parser.add_argument("--fail-first", type=int, default=0, metavar="N",
                        help="answer 451 to the first N DATA commands")
    parser.add_argument("--refuse", action="append", default=[], metavar="ADDRESS",
                        help="answer 550 to RCPT TO for this address (repeatable)")
    args = parser.parse_args()
    if args.fail_first < 0:
        parser.error("--fail-first must be 0 or more")
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
