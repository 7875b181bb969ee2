#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A webhook receiver for the expiry notice tests, on loopback only.

usage: webhook_receiver.py PORT LOG MODE_FILE

Listens on 127.0.0.1:PORT. Each POST is answered as MODE_FILE says when it
comes (read anew each time): "ok" 204, "fail" 500, "redirect" 302 to
/elsewhere. Each request is logged to LOG as one JSON line: the path, the
status answered, the Content-Type and X-Tenant-Api-Signature headers and
the body exactly as received (base64), so that the test can check the
signature over the very bytes sent.
"""
import base64
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, LOG, MODE = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            with open(MODE) as f:
                mode = f.read().strip()
        except OSError:
            mode = "ok"
        status = {"ok": 204, "fail": 500, "redirect": 302}.get(mode, 204)
        with open(LOG, "a") as f:
            f.write(json.dumps({
                "path": self.path,
                "status": status,
                "content_type": self.headers.get("Content-Type"),
                "signature": self.headers.get("X-Tenant-Api-Signature"),
                "body_b64": base64.b64encode(body).decode(),
            }) + "\n")
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
