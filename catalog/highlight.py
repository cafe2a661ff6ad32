"""The words a search found, marked in the text a list shows (the `highlight` filter).

Fold-aware as the search is: "dich vu" marks "Dịch vụ", "email" marks "thư điện tử". Each run
of marked words separated by spaces is one <mark>; everything else is escaped.

A page marks a few dozen texts, so this stays in C as far as it can: the text is folded
character for character by a translation table (lower case, no diacritics, đ → d: the same
length, so a position in the folded text is a position in the text), and one regular
expression per query finds the words in it.
"""
import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

from catalog import search


def _fold_table() -> dict[int, str]:
    """Each Latin letter that folds to one character, to that character (Ạ → a, Đ → d)."""
    table = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = search.fold(chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=1024)
def _finder(query: str) -> re.Pattern | None:
    """What to mark for a query: its words and synonyms, each as the start of a word (the last
    word of a phrase too), the words of a phrase one after the other; longest first."""
    if search.too_short(query):
        return None
    patterns = search.parse(query).patterns
    if not patterns:
        return None
    alternatives = "|".join("[^a-z0-9]+".join(pattern) + "[a-z0-9]*" for pattern in patterns)
    return re.compile(f"(?<![a-z0-9])(?:{alternatives})")


def highlight(text: str | None, query: str | None) -> Markup:
    """`text` escaped, with <mark> around the words `query` matches."""
    finder = _finder(query) if query else None
    if not text or finder is None:
        return escape(text or "")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # one character per letter, as folded
    spans: list[list[int]] = []
    for found in finder.finditer(text.translate(_FOLD)):
        start, end = found.span()
        if spans and text[spans[-1][1]:start].isspace():
            spans[-1][1] = end
        else:
            spans.append([start, end])
    if not spans:
        return escape(text)
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return Markup("".join(out))  # every piece of the text escaped above
