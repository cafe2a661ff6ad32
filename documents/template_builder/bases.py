"""The "Căn cứ" lines of every pack: the registry's citations for the document's date, then
the lines the user added (a plan's approval decision...).

Which instruments a document cites, and in which wording, lives in one place: the registry of
legal instruments (documents/instruments.py, documents/data/instruments.yml), which gives the
context key ``citations`` for the document's pack, kind and date.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject

from documents.template_builder import kit


def basis_lines(doc: DocumentObject, *, italic: bool) -> None:
    """The registry's citations, then extra_bases, each as "Căn cứ …;"."""
    for source, name in (("citations", "line"), ("extra_bases", "basis")):
        kit.tag(doc, f"{{%p for {name} in {source} %}}")
        kit.para(doc, f"Căn cứ {{{{ {name} }}}};", italic=italic)
        kit.tag(doc, "{%p endfor %}")
