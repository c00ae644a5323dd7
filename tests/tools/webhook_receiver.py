#!/usr/bin/env python3
"""A real HTTP receiver of webhooks that checks each signature with `standardwebhooks` (I3).

Usage: webhook_receiver.py --dir DIR [--port PORT] [--fail-first N] [--redirect URL]

Listens on 127.0.0.1:PORT (`--port 0` takes a free port) and prints `listening PORT` on
stdout once ready. Each POST is verified with `standardwebhooks.Webhook(secret).verify`,
an independent implementation of the Standard Webhooks specification, against every secret
listed in DIR/secrets (one a line, read at each request, so a test may write it after the
receiver started); it is verified when one of them accepts it.

Each request is appended to DIR/received.jsonl as one JSON object:
{"id", "timestamp", "signature", "verified", "body", "answered"}.

`--fail-first N` answers 500 to the first N requests; `--redirect URL` answers 302 with
that Location to every request. Otherwise the answer is 204. SIGTERM exits 0.
"""

import _venv  # noqa: F401  (must come before the third-party imports)

import argparse
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--redirect", default="")
    args = parser.parse_args()
    lock = threading.Lock()
    state = {"failures_left": args.fail_first}

    def secrets() -> list:
        path = os.path.join(args.dir, "secrets")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            headers = {k: v for k, v in self.headers.items()}
            verified = False
            for secret in secrets():
                try:
                    Webhook(secret).verify(body, headers)
                    verified = True
                    break
                except WebhookVerificationError:
                    pass
            with lock:
                if args.redirect:
                    answered = 302
                elif state["failures_left"] > 0:
                    state["failures_left"] -= 1
                    answered = 500
                else:
                    answered = 204
                record = {
                    "id": self.headers.get("webhook-id"),
                    "timestamp": self.headers.get("webhook-timestamp"),
                    "signature": self.headers.get("webhook-signature"),
                    "verified": verified,
                    "body": body.decode("utf-8", "replace"),
                    "answered": answered,
                }
                with open(os.path.join(args.dir, "received.jsonl"), "a", encoding="utf-8") as f:
                    f.write(json.dumps(record) + "\n")
            self.send_response(answered)
            if answered == 302:
                self.send_header("Location", args.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
