"""A real HTTP server on loopback that records each request and answers with a canned reply.

The golden tests drive the generated ``Client`` against it: the bytes the client
puts on the wire are what the test compares with the documented request sample,
and the documented response sample is what the client parses. Nothing is mocked.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Exchange:
    """What the client sent: path, headers and body."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class ReplayServer:
    endpoint: str
    received: list[Exchange] = field(default_factory=list)
    reply: bytes = b""
    status: int = 200
    content_type: str = "text/xml; charset=utf-8"


@contextmanager
def replay_server() -> Iterator[ReplayServer]:
    """Serve on 127.0.0.1 on a free port until the block ends."""
    state = ReplayServer(endpoint="")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.received.append(Exchange(self.path, dict(self.headers.items()), body))
            self.send_response(state.status)
            self.send_header("Content-Type", state.content_type)
            self.send_header("Content-Length", str(len(state.reply)))
            self.end_headers()
            self.wfile.write(state.reply)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.endpoint = f"http://127.0.0.1:{server.server_address[1]}/soap/mktows/2_6"
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
