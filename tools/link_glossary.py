"""Link the first use of each glossary term in a chapter notebook.

Usage::

    python tools/link_glossary.py book/06_*.ipynb            # show what it would link
    python tools/link_glossary.py book/06_*.ipynb --write    # and write it

For every term of ``book/glossary.md`` that a notebook does not link yet, the
first use in its Markdown cells (in a plural or a listed other form, outside
headings, code, math, links, roles, directive options and exercise boxes, and
outside the ``## References`` cell) becomes ``{term}`text <term>```. Read the printed
contexts before writing: a word can be used in another sense (the list
``NOT_AFTER`` keeps "paid no attention" out). ``tests/test_references.py``
then checks that every term is linked from some chapter.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "glossary.md"

# Other forms in which the chapters write a term.
ALSO = {
    "id": ["ids"],
    "vocabulary": ["vocabularies"],
    "lookup": ["row lookups?"],
    "lazy update": ['"lazy" update'],
    "unit": ["input units?", "output units?"],
    "unknown token": ["unknown words?", "unknown tokens?"],
    "LSTM": ["long short-term memory"],
    "SGD": ["stochastic gradient descent"],
    "frozen table": ["frozen"],
    "fine-tuning": ["fine-tuned", "fine-tune"],
    "pretrained vectors": ["pretrained word vectors"],
    "PCA": ["principal component analysis"],
    "principal subspace": ["PCA subspaces?"],
    "principal angle": ["largest principal angles?"],
    "orthogonal Procrustes": ["Procrustes"],
    "PMI": ["pointwise mutual information"],
    "PPMI": ["positive PMI"],
    "SVD": ["singular value decomposition"],
    "shifted PMI": ["shifted positive PMI"],
    "smoothed context distribution": ["smoothed"],
    "low-rank factorisation": ["low-rank factorizations?"],
    "normalisation layer": ["normalization layers?"],
}
NOT_AFTER = {"attention": ("paid no ", "pay ", "paid ")}

PROTECT = [
    # Exercise boxes: their tinted background leaves links too little contrast.
    (r"^:::\{exercise\}.*?^:::[ \t]*$", re.S | re.M),
    (r"```.*?```", re.S),                                        # code and directive blocks
    (r"^[ \t]*(?:#{1,6} |:::|```|:[\w-]+:|\(\S+\)=).*$", re.M),  # headings, fences, options, targets
    (r"\{[\w:-]+\}`[^`]*`", 0),                                  # roles
    (r"`[^`]+`", 0),                                             # inline code
    (r"\$\$.*?\$\$", re.S),                                      # display math
    (r"\$(?:[^$\\]|\\.)+?\$", re.S),                             # inline math
    (r"!?\[[^\]]*\]\([^)]*\)", 0),                               # links and images
    (r"<[^>\n]+>", 0),                                           # HTML and autolinks
]


def glossary_terms(path: Path = GLOSSARY) -> list[str]:
    body = path.read_text(encoding="utf-8").split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return [line.strip() for line in body.splitlines() if line.strip() and not line.startswith((" ", ":"))]


def _form(text: str, plural: bool) -> str:
    words = [re.escape(w) for w in text.split()]
    if plural and re.fullmatch(r"[a-z-]+", text.split()[-1]):
        last = text.split()[-1]
        words[-1] = re.escape(last[:-1]) + "(?:y|ies)" if last.endswith("y") else words[-1] + "s?"
    first = words[0]
    if text[0].islower():
        first = f"[{text[0]}{text[0].upper()}]" + first[1:]
    return r"(?<![\w-])" + r"\s+".join([first, *words[1:]]) + r"(?![\w-])"


def patterns(term: str) -> list[str]:
    forms = [_form(term, plural=True)]
    for other in ALSO.get(term, []):
        forms.append(r"(?<![\w-])" + other.replace(" ", r"\s+") + r"(?![\w-])")
    return forms


def masked(text: str) -> str:
    for pattern, flags in PROTECT:
        text = re.sub(pattern, lambda m: "\0" * len(m.group(0)), text, flags=flags)
    return text


def link_notebook(path: Path, terms: list[str], write: bool) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    texts = {i: "".join(c["source"]) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"}
    report = []
    # Longer terms first, so "truncated SVD" is linked before "SVD" looks.
    for term in sorted(terms, key=len, reverse=True):
        if any(re.search(r"\{term\}`[^`]*?(?:<" + re.escape(term) + r">|^" + re.escape(term) + r")`", t, re.I | re.M)
               or f"{{term}}`{term}`".lower() in t.lower() for t in texts.values()):
            continue
        best = None
        for i, text in texts.items():
            if text.startswith("## References"):
                continue
            hidden = masked(text)
            for pattern in patterns(term):
                for m in re.finditer(pattern, hidden):
                    before = " ".join(text[max(0, m.start() - 30):m.start()].split()) + " "
                    if "\0" in m.group(0) or any(before.endswith(x) for x in NOT_AFTER.get(term, ())):
                        continue
                    if best is None or (i, m.start()) < best[:2]:
                        best = (i, m.start(), m.end())
                    break
            if best is not None:
                break
        if best is None:
            continue
        i, a, b = best
        found = " ".join(texts[i][a:b].split())
        role = f"{{term}}`{term}`" if found == term else f"{{term}}`{found} <{term}>`"
        context = (texts[i][max(0, a - 40):a] + "[[" + found + "]]" + texts[i][b:b + 30]).replace("\n", " ")
        report.append(f"{path.name}: {term}: ...{context}...")
        texts[i] = texts[i][:a] + role + texts[i][b:]
    if write and report:
        for i, text in texts.items():
            nb["cells"][i]["source"] = text.splitlines(keepends=True)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="write the links (default: only show them)")
    args = parser.parse_args(argv)
    terms = glossary_terms()
    for path in args.notebooks:
        for line in link_notebook(path, terms, args.write):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
