"""Measure how fast each chapter page of the built site appears on a slow connection.

Usage::

    python tools/bench_site.py [--runs N] [--no-gzip] [--all-pages] [--directory DIR] [page ...]

Serves ``_build/html`` with the book's own server (``tools/serve.py``, gzip for
text, as ``make serve`` does) and opens each page in Debian's Chromium through
Playwright, with a cold cache (a fresh browser context and the cache disabled)
and, through a CDP session, the profile of a slow phone:

* network: 9 Mbit/s down, 60 ms latency (``Network.emulateNetworkConditions``),
* CPU: 4x slower (``Emulation.setCPUThrottlingRate``).

For each page it prints the first contentful paint (FCP, the moment the reader
first sees text; target at most 2.5 s), the load event, the bytes that went
over the wire (every response's encoded length, headers included, as CDP
reports it: gzip-compressed where the server compressed) and the number of
requests, each the median of ``--runs`` cold loads, then the largest FCP.
Bytes are counted once the page is quiet (no request for 1 s after load), so
they include the widget manager and MathJax's fonts.

A benchmark, not a test: the times depend on the machine and its load, so no
test asserts them. ``--no-gzip`` serves every file uncompressed, to compare.
By default the chapter pages (``book/NN_*``) are measured; ``--all-pages``
measures every page of ``_toc.yml``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

DOWN_MBIT = 9.0
LATENCY_MS = 60
CPU_SLOWDOWN = 4
FCP_TARGET_S = 2.5

sys.path.insert(0, str(ROOT / "tools"))
from serve import make_server  # noqa: E402


def toc_pages() -> list[str]:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return [f"{name}.html" for name in re.findall(r"(?:root|file):\s*(\S+)", toc)]


def chapter_pages() -> list[str]:
    return [p for p in toc_pages() if re.match(r"book/\d\d_", p)]


def measure(browser, url: str) -> dict:
    """One cold load of ``url`` under the slow profile."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    sizes: dict[str, float] = {}
    last_activity = [time.monotonic()]

    def finished(event):
        sizes[event["requestId"]] = event.get("encodedDataLength", 0)
        last_activity[0] = time.monotonic()

    def started(_event):
        last_activity[0] = time.monotonic()

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestWillBeSent", started)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False,
        "latency": LATENCY_MS,
        "downloadThroughput": DOWN_MBIT * 1e6 / 8,
        "uploadThroughput": DOWN_MBIT * 1e6 / 8,
    })
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    try:
        try:
            page.goto(url, wait_until="load", timeout=180_000)
        except Exception as exc:  # a page that never loads is reported, not fatal
            return {"fcp": float("nan"), "load": float("nan"), "bytes": float("nan"),
                    "requests": float("nan"), "error": str(exc).splitlines()[0]}
        deadline = time.monotonic() + 60
        while time.monotonic() - last_activity[0] < 1.0 and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        timing = page.evaluate("""() => {
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            const nav = performance.getEntriesByType('navigation')[0];
            return {fcp: paint ? paint.startTime : null, load: nav ? nav.loadEventEnd : null};
        }""")
    finally:
        context.close()
    return {"fcp": (timing["fcp"] or float("nan")) / 1000, "load": (timing["load"] or float("nan")) / 1000,
            "bytes": sum(sizes.values()), "requests": len(sizes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="paths under _build/html (default: the chapter pages)")
    parser.add_argument("--runs", type=int, default=1, help="cold loads per page (the median is shown)")
    parser.add_argument("--no-gzip", action="store_true", help="serve every file uncompressed")
    parser.add_argument("--all-pages", action="store_true", help="every page of _toc.yml")
    parser.add_argument("--directory", type=Path, default=HTML, help="the built site (default _build/html)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    pages = args.pages or (toc_pages() if args.all_pages else chapter_pages())
    missing = [p for p in pages if not (args.directory / p).is_file()]
    pages = [p for p in pages if p not in missing]
    if missing:
        print(f"not built, skipped: {', '.join(missing)} (run 'make book')", file=sys.stderr)
    if not pages:
        return 1
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} is missing (install Debian's chromium package)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    server = make_server(args.directory, 0, gzip_enabled=not args.no_gzip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    mode = "uncompressed" if args.no_gzip else "gzip"
    print(f"{DOWN_MBIT:g} Mbit/s down, {LATENCY_MS} ms latency, CPU {CPU_SLOWDOWN}x slower, "
          f"cold cache, served {mode}; median of {args.runs} load(s)")
    print(f"{'page':42s} {'FCP s':>6s} {'load s':>6s} {'kB sent':>8s} {'requests':>8s}")
    worst, total = 0.0, 0.0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in pages:
                runs = [measure(browser, base + path) for _ in range(args.runs)]
                runs = [r for r in runs if "error" not in r] or runs
                row = {key: statistics.median(r[key] for r in runs) for key in ("fcp", "load", "bytes", "requests")}
                if row["fcp"] == row["fcp"]:   # not NaN: the page loaded
                    worst, total = max(worst, row["fcp"]), total + row["bytes"]
                print(f"{path:42s} {row['fcp']:6.2f} {row['load']:6.2f} "
                      f"{row['bytes'] / 1000:8.0f} {row['requests']:8.0f}", flush=True)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    verdict = "within" if worst <= FCP_TARGET_S else "OVER"
    print(f"largest FCP {worst:.2f} s ({verdict} the {FCP_TARGET_S} s target); "
          f"{total / 1e6:.2f} MB sent for {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
