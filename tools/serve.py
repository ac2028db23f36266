"""Serve the built website with gzip, as a real web server would.

Usage::

    python tools/serve.py [--port 8000] [--directory _build/html] [--no-gzip]

A static file server (HTTP/1.1, keep-alive) for ``make serve`` and for the
page-load benchmark (``tools/bench_site.py``). Text files (HTML, CSS,
JavaScript, JSON, SVG, source maps, plain text) are sent gzip-compressed to
every browser that accepts it, with ``Content-Encoding: gzip`` and
``Vary: Accept-Encoding``; images and fonts, which are compressed already, are
sent as they are. Each file is compressed once and kept in memory until it
changes on disk. ``--no-gzip`` sends every file as it is (what Python's own
``http.server`` does), to compare.

The server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Types worth compressing: text. PNG, WOFF2 and the like are compressed already.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
#: Below this size compressing does not pay for its header.
MIN_SIZE = 256


class _Cache:
    """Compressed bodies by path, valid while the file's size and mtime are unchanged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, tuple[tuple[int, int], bytes]] = {}

    def get(self, path: str) -> bytes:
        st = os.stat(path)
        key = (st.st_size, st.st_mtime_ns)
        with self._lock:
            hit = self._items.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        with open(path, "rb") as fh:
            body = gzip.compress(fh.read(), compresslevel=6, mtime=0)
        with self._lock:
            self._items[path] = (key, body)
        return body


class Handler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` with HTTP/1.1 keep-alive and gzip for text."""

    protocol_version = "HTTP/1.1"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".json": "application/json",
        ".map": "application/json",
        ".svg": "image/svg+xml",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
    }

    def __init__(self, *args, gzip_enabled: bool = True, cache: _Cache | None = None,
                 quiet: bool = False, **kwargs):
        self.gzip_enabled = gzip_enabled
        self.cache = cache if cache is not None else _Cache()
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        if not self.quiet:
            super().log_message(format, *args)

    def _wants_gzip(self, path: str, ctype: str) -> bool:
        if not self.gzip_enabled or not ctype.startswith(COMPRESSIBLE):
            return False
        accepted = self.headers.get("Accept-Encoding", "")
        if "gzip" not in [part.split(";")[0].strip() for part in accepted.split(",")]:
            return False
        return os.path.getsize(path) >= MIN_SIZE

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) or not os.path.isfile(path):
            return super().send_head()  # redirects, index.html, 404s, as the stdlib does
        ctype = self.guess_type(path)
        if not self._wants_gzip(path, ctype):
            return super().send_head()
        try:
            body = self.cache.get(path)
        except OSError:
            self.send_error(404, "File not found")
            return None
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(os.path.getmtime(path))))
        self.end_headers()
        return io.BytesIO(body)


def make_server(directory: str | Path, port: int = 0, *, gzip_enabled: bool = True,
                quiet: bool = True) -> http.server.ThreadingHTTPServer:
    """A threading server for ``directory`` on 127.0.0.1 (``port=0``: any free port).

    Call ``serve_forever()`` on it (in a thread), then ``shutdown()`` and
    ``server_close()``.
    """
    directory = Path(directory)
    if not (directory / "index.html").is_file():
        raise FileNotFoundError(f"no index.html in {directory}: build the site first (make book)")
    handler = functools.partial(Handler, directory=str(directory), gzip_enabled=gzip_enabled,
                                cache=_Cache(), quiet=quiet)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--directory", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--no-gzip", action="store_true", help="send every file uncompressed")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, got {args.port}")
    try:
        server = make_server(args.directory, args.port, gzip_enabled=not args.no_gzip, quiet=False)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    mode = "uncompressed" if args.no_gzip else "gzip for text files"
    print(f"Serving {args.directory} on http://{host}:{port}/ ({mode}); Ctrl+C stops.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
