"""The citation look of tools/bibliography_style.py, in a two-page Sphinx project.

In the text: "(Kingma and Ba, 2015)", "Kingma and Ba (2015)", "et al." after the
first of three or more authors or of "and others", ";" between works. In the
lists: entries labelled as the text cites them, two works of one first author
and year told apart by "a" and "b", and a work cited on two pages listed on
both without a warning.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sphinx_app = pytest.importorskip("sphinx.application")

BIB = r"""
@inproceedings{kingma2015adam, author = {Kingma, D. P. and Ba, J.}, title = {Adam}, booktitle = {ICLR}, year = {2015}}
@misc{mikolov2013efficient, author = {Mikolov, T. and Chen, K. and Corrado, G. and Dean, J.}, title = {Efficient}, year = {2013}}
@misc{mikolov2013distributed, author = {Mikolov, T. and Sutskever, I. and Chen, K.}, title = {Distributed}, year = {2013}}
@misc{naumov2019deep, author = {Naumov, M. and others}, title = {Deep}, year = {2019}, url = {https://arxiv.org/abs/1906.00091}}
"""
PAGE_A = """# A

Adam {cite:p}`kingma2015adam`; {cite:t}`kingma2015adam` wrote it; word2vec
{cite:p}`mikolov2013efficient,mikolov2013distributed`; DLRM {cite:t}`naumov2019deep`;
{cite:p}`kingma2015adam{who add bias correction}`.

## References

```{bibliography}
:filter: docname in docnames
```
"""
PAGE_B = """# B

Again {cite:p}`kingma2015adam`.

## References

```{bibliography}
:filter: docname in docnames
```
"""
ALL = """# All

```{bibliography}
:all:
```
"""


def _text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    body = page[page.find("<h1"):]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    (src / "references.bib").write_text(BIB, encoding="utf-8")
    (src / "index.md").write_text("# Index\n\n```{toctree}\na\nb\nall\n```\n", encoding="utf-8")
    (src / "a.md").write_text(PAGE_A, encoding="utf-8")
    (src / "b.md").write_text(PAGE_B, encoding="utf-8")
    (src / "all.md").write_text(ALL, encoding="utf-8")
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'tools')!r})\n"
        "extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'bibliography_style']\n"
        "bibtex_bibfiles = ['references.bib']\n"
        "bibtex_reference_style = 'author_year_round'\n"
        "bibtex_default_style = 'book_author_year'\n"
        "suppress_warnings = ['bibtex.duplicate_citation', 'bibtex.duplicate_label']\n",
        encoding="utf-8",
    )
    out = src / "_build"
    import io

    warnings = io.StringIO()
    app = sphinx_app.Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html",
                            status=None, warning=warnings, freshenv=True, warningiserror=False)
    app.build()
    sys.path[:] = [p for p in sys.path if p != str(ROOT / "tools")]
    return out, warnings.getvalue()


def test_builds_without_warnings(site):
    _, warnings = site
    assert warnings.strip() == ""


def test_citations_read_author_year_in_round_brackets(site):
    out, _ = site
    text = _text(out / "a.html")
    assert "Adam (Kingma and Ba, 2015);" in text
    assert "Kingma and Ba (2015) wrote it" in text
    assert "word2vec (Mikolov et al., 2013; Mikolov et al., 2013)" in text
    assert "DLRM Naumov et al. (2019)" in text
    assert "(Kingma and Ba, 2015, who add bias correction)" in text
    assert "[" not in text.split("References")[0], "square brackets in the text"


def test_lists_are_labelled_as_the_text_cites(site):
    out, _ = site
    page = _text(out / "a.html").split("References", 1)[1]
    assert "Kingma and Ba, 2015" in page and "Naumov et al., 2019" in page
    assert "M. Naumov et al. Deep" in page     # "and others" is "et al." in the list too
    everything = _text(out / "all.html")
    assert "Mikolov et al., 2013a" in everything and "Mikolov et al., 2013b" in everything


def test_a_work_cited_on_two_pages_is_listed_on_both_and_linked_locally(site):
    out, _ = site
    for name in ("a.html", "b.html"):
        page = (out / name).read_text(encoding="utf-8")
        link = re.search(r'<a class="reference internal" href="(#[^"]+)"[^>]*>Kingma and Ba, 2015', page)
        assert link, f"{name}: the citation does not link within the page"
        assert f'id="{link.group(1)[1:]}"' in page


def test_reference_lists_are_lists_of_list_items(site):
    # axe-core: a role="list" may hold only list items (no deprecated
    # doc-biblioentry entries, no doc-backlink links directly in the list).
    out, _ = site
    page = (out / "a.html").read_text(encoding="utf-8")
    assert 'class="citation-list"' in page
    assert 'role="doc-biblioentry"' not in page and 'role="doc-backlink"' not in page
    entries = re.findall(r'<div class="citation" id="[^"]+" role="([^"]+)"', page)
    assert entries and set(entries) == {"listitem"}
