"""embedlab: the tested NumPy helpers behind *Inside the Embedding Layer*."""

__version__ = "0.1.0"

__all__ = ["__version__"]
