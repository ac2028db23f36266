"""Shared test configuration for the embedlab unit tests.

* Matplotlib draws off-screen (Agg), set before anything imports pyplot.
* Hypothesis runs a fixed, modest number of derandomized examples so the
  suite is quick and gives the same result on every run.
* Figures a test leaves open are closed after it.
* ``param_grads_match`` checks a model's analytic gradients against finite
  differences.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "embedlab",
    max_examples=50,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "embedlab-thorough",
    parent=settings.get_profile("embedlab"),
    max_examples=500,
)
settings.load_profile(os.environ.get("EMBEDLAB_HYPOTHESIS_PROFILE", "embedlab"))


@pytest.fixture
def rng() -> np.random.Generator:
    """A freshly seeded generator, so each test sees the same numbers."""
    return np.random.default_rng(12345)


@pytest.fixture(params=[np.float32, np.float64], ids=["float32", "float64"])
def float_dtype(request: pytest.FixtureRequest) -> type:
    """Run a test once per supported float dtype."""
    return request.param


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every Matplotlib figure a test opened (only if it used pyplot)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def param_grads_match():
    """``check(model, X, y, atol)``: each parameter's gradient agrees with finite differences."""
    from embedlab.losses import softmax_cross_entropy
    from embedlab.training import numerical_gradient

    def check(model, X, y, atol=1e-7):
        def loss():
            return softmax_cross_entropy(model.forward(X), y)[0]

        model.zero_grad()
        model.backward(softmax_cross_entropy(model.forward(X), y)[1])
        for name, value, grad in model.parameters():
            analytic = grad.copy()
            numeric = numerical_gradient(loss, value, eps=1e-6)
            assert np.allclose(numeric, analytic, rtol=1e-5, atol=atol), name

    return check


# --------------------------------------------------------------------------- the website
_ROOT = Path(__file__).resolve().parents[1]

# One build of the book per test session, shared by every module marked `site`
# (tests/test_site.py, test_site_a11y.py, test_site_live.py, test_pdf.py, ...),
# whatever order they run in.
@pytest.fixture(scope="session")
def build() -> subprocess.CompletedProcess:
    """Build the book exactly as ``make book`` does and return the finished process."""
    jb = Path(sys.executable).with_name("jupyter-book")
    # The unit tests select a non-interactive Matplotlib backend through the
    # environment; the book's kernels must use their own (inline) backend, or
    # no figure would reach the pages.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run(
        [str(jb), "build", str(_ROOT), "--all", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=_ROOT,
        env=env,
        timeout=1800,
        check=False,
    )
    return proc


@pytest.fixture(scope="session")
def site(request):
    """Serve the built site on 127.0.0.1; yield its base URL.

    The book is built first (the `build` fixture) unless ``_build/html`` is newer
    than every source, or ``SITE_REUSE_BUILD=1`` asks to use it as it is.
    """
    import functools
    import http.server
    import threading

    from test_site import HTML, _QuietHandler
    from test_site_a11y import _build_is_fresh

    if not _build_is_fresh():
        assert request.getfixturevalue("build").returncode == 0, "the book did not build"
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(site):
    """One headless Chromium (Debian's, through Playwright) for every site test."""
    from test_site import CHROMIUM, CHROMIUM_ARGS, _browser_or_skip

    sync_playwright = _browser_or_skip()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
