"""Show launch buttons (Binder, Colab) only once the book has a repository URL.

A Sphinx extension, loaded by ``_config.yml`` (``sphinx.local_extensions``).

``_config.yml`` configures the launch services but leaves ``repository.url``
empty, because only whoever publishes a copy of the book knows where it lives.
The theme cannot build launch links without that URL, so until it is set this
extension switches the launch buttons off and says so once; as soon as the URL
is set, the buttons appear on every notebook page with no other change.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

LAUNCH_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "thebe")


def on_config_inited(app: Sphinx, config) -> None:
    options = dict(config.html_theme_options or {})
    launch = dict(options.get("launch_buttons") or {})
    if options.get("repository_url") or not any(launch.get(k) for k in LAUNCH_KEYS):
        return
    for key in LAUNCH_KEYS:
        launch[key] = False if key == "thebe" else ""
    options["launch_buttons"] = launch
    config.html_theme_options = options
    LOGGER.info("launch buttons: off until `repository.url` is set in _config.yml (see README.md)")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
