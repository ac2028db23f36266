"""The book's citation look: author-year in the text and in the reference lists.

A Sphinx extension, loaded by ``_config.yml`` (``sphinx.local_extensions``)
next to ``sphinxcontrib.bibtex``. It registers two styles, which
``_config.yml`` selects:

* ``author_year_round`` (``bibtex_reference_style``): sphinxcontrib-bibtex's
  ``author_year`` style with the book's punctuation. ``{cite:t}`kingma2015adam```
  reads "Kingma and Ba (2015)", ``{cite:p}`kingma2015adam``` reads
  "(Kingma and Ba, 2015)", several keys are separated by semicolons, and three
  or more authors read "Mikolov et al.".
* ``book_author_year`` (``bibtex_default_style``): pybtex's ``unsrt`` entry
  format, sorted by author, year and title, with each entry labelled as the text
  cites it ("Kingma and Ba, 2015"); two works that would share a label within
  one list get "2013a" and "2013b".

Every chapter part lists the works it cites under ``## References`` and
``book/bibliography.md`` lists them all, so one work can appear in several
lists. A citation links to the list on its own page (sphinxcontrib-bibtex
resolves citations locally first), which is why ``_config.yml`` silences the
``bibtex.duplicate_citation`` and ``bibtex.duplicate_label`` warnings; every
other bibtex warning (an unknown key, say) still fails the strict build.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin as bibtex_plugin
from pybtex.plugin import register_plugin as register_pybtex_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


def _persons() -> PersonStyle:
    return PersonStyle(other=" et al.")


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    """Author-year citations in round brackets, ``;`` between works."""

    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=_persons)


def author_year_label(entry) -> str:
    """The label of one entry as the text cites it: "Kingma and Ba, 2015"."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    surnames = [" ".join(p.prelast_names + p.last_names) for p in persons]
    surnames = [s.replace("{", "").replace("}", "") for s in surnames]
    if not surnames:
        who = entry.fields.get("title", entry.key)
    elif len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2 and surnames[1] != "others":
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year_label(e) for e in entries]
        total, seen = Counter(labels), Counter()
        for label in labels:
            if total[label] > 1:
                seen[label] += 1
                yield label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            else:
                yield label


class BookAuthorYearStyle(UnsrtStyle):
    default_label_style = AuthorYearLabelStyle
    default_sorting_style = SortingStyle


def setup(app: Sphinx) -> dict:
    bibtex_plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearStyle, force=True
    )
    register_pybtex_plugin("pybtex.style.formatting", "book_author_year", BookAuthorYearStyle, force=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
