"""Numerically stable elementwise functions shared by the layers and models."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function, computed without overflow for large ``|z|``."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """``log(sigmoid(x))``, computed as ``-log(1 + exp(-x))`` without overflow."""
    return -np.logaddexp(0.0, -x)
