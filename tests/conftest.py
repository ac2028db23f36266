"""Shared test configuration for the embedlab unit tests.

* Matplotlib draws off-screen (Agg), set before anything imports pyplot.
* Hypothesis runs a fixed, modest number of derandomized examples so the
  suite is quick and gives the same result on every run.
"""

from __future__ import annotations

import os

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
