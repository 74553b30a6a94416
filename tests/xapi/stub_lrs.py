"""A small real LRS on 127.0.0.1 for forwarding tests: it stores statements by id and
can be told to answer with errors, to hang, or to go away entirely."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubLRS:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stored: dict[str, dict] = {}  # id -> statement, like a real LRS
        self.arrivals: list[str] = []  # ids in the order they were first stored
        self.requests: list[list[str]] = []  # ids per request received
        self.status = 200
        self.success_status = 200  # some LRSs answer a batch with 204 No Content
        self.retry_after: str | None = None
        self.reject: dict[str, int] = {}  # id -> status to answer when a batch holds it
        self.hang_seconds = 0.0
        self.expect_auth: str | None = None
        self.attachments: dict[str, tuple[str, bytes]] = {}  # hash -> (type, data)
        self.server: ThreadingHTTPServer | None = None
        self.port = 0

    def keep_attachments(self, body: bytes, content_type: str) -> bytes:
        """Keep a multipart/mixed body's attachment parts by their hash header;
        the statements part (the first) is returned. Split by RFC 2046 rules."""
        boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
        delimiter = b"\r\n--" + boundary
        inner = (b"\r\n" + body).split(delimiter + b"--", 1)[0]
        parts = []
        for raw in inner.split(delimiter)[1:]:
            head, _, data = raw[2:].partition(b"\r\n\r\n")
            lines = [line.decode().partition(":") for line in head.split(b"\r\n")]
            parts.append(({k.lower(): v.strip() for k, _, v in lines}, data))
        with self.lock:
            for headers, data in parts[1:]:
                self.attachments[headers["x-experience-api-hash"]] = (
                    headers["content-type"],
                    data,
                )
        return parts[0][1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xapi/statements"

    def start(self) -> StubLRS:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                content_type = self.headers.get("Content-Type", "")
                if content_type.startswith("multipart/mixed"):
                    body = stub.keep_attachments(body, content_type)
                statements = json.loads(body)
                ids = [s["id"] for s in statements]
                with stub.lock:
                    stub.requests.append(ids)
                if stub.hang_seconds:
                    time.sleep(stub.hang_seconds)
                if (
                    stub.expect_auth
                    and self.headers.get("Authorization") != stub.expect_auth
                ):
                    return self.answer(401, {"error": "bad credentials"})
                if self.headers.get("X-Experience-API-Version") is None:
                    return self.answer(400, {"error": "version header missing"})
                for statement_id in ids:
                    if statement_id in stub.reject:
                        return self.answer(
                            stub.reject[statement_id], {"error": "refused"}
                        )
                if stub.status != 200:
                    headers = (
                        {"Retry-After": stub.retry_after} if stub.retry_after else {}
                    )
                    return self.answer(stub.status, {"error": "unavailable"}, headers)
                with stub.lock:
                    for statement in statements:
                        if statement["id"] not in stub.stored:
                            stub.stored[statement["id"]] = statement
                            stub.arrivals.append(statement["id"])
                if stub.success_status == 204:
                    self.send_response(204)
                    self.end_headers()
                    return None
                return self.answer(200, ids)

            def answer(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
