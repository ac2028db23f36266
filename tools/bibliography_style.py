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

import re
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field

import sphinxcontrib.bibtex.plugin as bibtex_plugin
from pybtex.plugin import register_plugin as register_pybtex_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle
from pybtex.style.template import FieldIsMissing, field, first_of, node, optional, sentence, tag
from pybtex.style.template import join as pybtex_join
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join as bibtex_join

ET_AL = " et al."


def _is_others(person) -> bool:
    """BibTeX's "and others" at the end of a long author list."""
    return str(person) == "others"


def _persons_of(entry, role):
    try:
        return entry.persons[role]
    except KeyError:
        raise FieldIsMissing(role, entry) from None


@node
def names_et_al(children, data, role, **kwargs):
    """Names in a citation; a list ending in "and others" reads "Name et al."."""
    assert not children
    persons = _persons_of(data["entry"], role)
    style = data["style"]
    named = [style.person.style_plugin.format(p, style.person.abbreviate) for p in persons if not _is_others(p)]
    if len(named) == len(persons):
        return bibtex_join(**kwargs)[named].format_data(data)
    if kwargs.get("other") is None:   # the full list was asked for
        return Text(bibtex_join(**kwargs)[named].format_data(data), ET_AL)
    return Text(bibtex_join(**kwargs)[named[:1]].format_data(data), ET_AL)


@node
def author_or_editor_or_title_et_al(children, data, **kwargs):
    assert not children
    return first_of[
        optional[names_et_al("author", **kwargs)],
        optional[names_et_al("editor", **kwargs)],
        tag("em")[field("title")],
    ].format_data(data)


@dataclass
class BookPersonStyle(PersonStyle):
    """Upright "et al." after the first author of three or more, or of "and others"."""

    other: str = ET_AL

    def names(self, role: str, full: bool):
        return names_et_al(role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                           other=None if full else self.other)

    def author_or_editor_or_title(self, full: bool):
        return author_or_editor_or_title_et_al(sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                                               other=None if full else self.other)


@node
def list_names(children, context, role, **kwargs):
    """Names in a reference list; "and others" reads "et al."."""
    assert not children
    persons = _persons_of(context["entry"], role)
    style = context["style"]
    named = [style.format_name(p, style.abbreviate_names) for p in persons if not _is_others(p)]
    if len(named) == len(persons):
        return pybtex_join(**kwargs)[named].format_data(context)
    text = pybtex_join(sep=kwargs.get("sep", ", "))[named].format_data(context)
    return Text(text, "," if len(named) > 1 else "", ET_AL)


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    """Author-year citations in round brackets, ``;`` between works."""

    bracket_textual: BracketStyle = dataclass_field(default_factory=_round)
    bracket_parenthetical: BracketStyle = dataclass_field(default_factory=_round)
    bracket_author: BracketStyle = dataclass_field(default_factory=_round)
    bracket_label: BracketStyle = dataclass_field(default_factory=_round)
    bracket_year: BracketStyle = dataclass_field(default_factory=_round)
    person: PersonStyle = dataclass_field(default_factory=BookPersonStyle)


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

    def format_names(self, role, as_sentence=True):
        formatted = list_names(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


def accessible_citation_lists(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Give reference lists roles that assistive technology accepts.

    docutils writes a reference list as ``role="list"`` holding entries with
    the deprecated ``role="doc-biblioentry"`` and labels with
    ``role="doc-backlink"`` links, which axe-core reports as a list without
    list items. The entries become list items; the links back to the text stay,
    as plain links.
    """
    body = context.get("body", "")
    if 'class="citation-list"' not in body:
        return
    body = re.sub(r'(<div class="citation" id="[^"]+") role="doc-biblioentry"', r'\1 role="listitem"', body)
    context["body"] = body.replace('<a role="doc-backlink" ', "<a ")


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", accessible_citation_lists)
    bibtex_plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearStyle, force=True
    )
    register_pybtex_plugin("pybtex.style.formatting", "book_author_year", BookAuthorYearStyle, force=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
