"""The site's own web server (``make serve``, the page-load benchmark): gzip for text, as is for the rest."""

from __future__ import annotations

import gzip
import http.client
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import serve  # noqa: E402

SCRIPT = ("var answer = 42; // a line a browser would fetch\n" * 400).encode()
PNG = bytes(range(256)) * 8


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>t</title>" + "<p>text</p>" * 100)
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "app.js").write_bytes(SCRIPT)
    (tmp_path / "_static" / "tiny.css").write_text("p{}")
    (tmp_path / "_static" / "fig.png").write_bytes(PNG)
    server = serve.make_server(tmp_path, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, server.server_address[1]
    server.shutdown()
    server.server_close()


def _get(port: int, path: str, gzip_ok: bool = True) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate"} if gzip_ok else {})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def test_text_is_sent_gzipped_to_a_browser_that_accepts_it(site):
    _, port = site
    response = _get(port, "/_static/app.js")
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert response.getheader("Content-Type") == "application/javascript"
    assert int(response.getheader("Content-Length")) == len(response.body) < len(SCRIPT) / 10
    assert gzip.decompress(response.body) == SCRIPT


def test_without_gzip_in_the_request_the_file_is_sent_as_it_is(site):
    _, port = site
    response = _get(port, "/_static/app.js", gzip_ok=False)
    assert response.getheader("Content-Encoding") is None
    assert response.body == SCRIPT


def test_images_and_tiny_files_are_not_compressed(site):
    _, port = site
    for path, body in (("/_static/fig.png", PNG), ("/_static/tiny.css", b"p{}")):
        response = _get(port, path)
        assert response.getheader("Content-Encoding") is None, path
        assert response.body == body


def test_a_changed_file_is_compressed_again(site):
    root, port = site
    assert gzip.decompress(_get(port, "/_static/app.js").body) == SCRIPT
    (root / "_static" / "app.js").write_bytes(SCRIPT + b"// changed\n" * 50)
    assert gzip.decompress(_get(port, "/_static/app.js").body).endswith(b"// changed\n")


def test_folders_and_missing_files_behave_as_in_the_standard_server(site):
    _, port = site
    assert _get(port, "/").status == 200
    assert _get(port, "/_static").status == 301
    assert _get(port, "/nothing.js").status == 404


def test_a_folder_without_a_site_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no index.html"):
        serve.make_server(tmp_path, 0)


def test_a_port_out_of_range_is_refused(capsys):
    with pytest.raises(SystemExit):
        serve.main(["--port", "70000"])
    assert "between 0 and 65535" in capsys.readouterr().err
