"""Links from a Word template to anything outside it, refused (issue 13, point 5).

Word follows them when a document is opened: an ``attachedTemplate`` relationship with
``TargetMode="External"`` fetches a remote file into every contract made from the template,
INCLUDEPICTURE "http://..." loads an image (and tells the server who opened the document),
a UNC path (\\\\host\\share) leaks Windows credentials. A contract must stand alone, so every
external relationship (website hyperlinks included), every field that includes, links or
exchanges data (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE...) or points at a URL or a network
path, linked images (``r:link``), ``href``/``src`` attributes to URLs, sub-documents,
alternative-format chunks and attached templates are refused at upload, in the template's
parts; the rendered parts are checked again on every render, as a template can write raw
XML through ``|safe``. Parts are parsed with the engine's parser (no entities, no network),
after documents.engine.read_members has refused zip bombs.
"""
from __future__ import annotations

import re
import zipfile

from lxml import etree

from core.errors import Refused

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"w": _W, "r": _R}
_FIELD_PARTS = etree.XPath("//w:fldChar | //w:instrText | //w:fldSimple", namespaces=_NS)
_ELEMENTS = etree.XPath("//w:altChunk | //w:subDoc | //w:attachedTemplate", namespaces=_NS)
_ATTRIBUTES = etree.XPath("//@r:link | //@*[local-name()='href' or local-name()='src']",
                          namespaces=_NS)
# Fields whose whole purpose is to bring in another file or program's data.
REMOTE_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE",
                           "DDEAUTO", "IMPORT"})
_OUTSIDE = re.compile(r"(?i)\b(?:https?|ftps?|file|smb|webdav)\s*:|\\\\|(?<![\w/])//\w")
_ELEMENT_NAMES = {"altChunk": "nội dung nhúng từ tệp khác (w:altChunk)",
                  "subDoc": "tài liệu con liên kết (w:subDoc)",
                  "attachedTemplate": "mẫu đính kèm (w:attachedTemplate)"}
SHOWN = 10
# Text that every reference above contains: a part without any is not searched for them
# (substring tests: a regular expression alternation takes 1 ms on a contract's body).
_SUSPECT = ("instrText", "fldSimple", "altChunk", "subDoc", "attachedTemplate", "link", "href",
            "src")


class RemoteReferenceRefused(Refused):
    """A rendered document would link outside itself."""

    def __init__(self, found: list[str]) -> None:
        self.found = found
        super().__init__(summary(found))


def summary(found: list[str]) -> str:
    """One Vietnamese sentence naming the first references found."""
    more = f"; và {len(found) - SHOWN} chỗ khác" if len(found) > SHOWN else ""
    return ("Mẫu có liên kết hoặc tham chiếu ra ngoài tài liệu nên không được chấp nhận (văn "
            "bản tạo ra không được tải nội dung từ mạng hay từ máy khác): "
            + "; ".join(found[:SHOWN]) + more
            + ". Cần xóa các liên kết này (kể cả siêu liên kết tới trang web) rồi tải lên lại.")


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _field_codes(root: etree._Element) -> list[str]:
    """Each field's instruction, its w:instrText runs joined from begin to end."""
    codes: list[str] = []
    open_fields: list[list[str]] = []
    for element in _FIELD_PARTS(root):
        name = etree.QName(element).localname
        if name == "fldSimple":
            codes.append(element.get(f"{{{_W}}}instr") or "")
        elif name == "instrText":
            (open_fields[-1] if open_fields else codes).append(element.text or "")
        elif element.get(f"{{{_W}}}fldCharType") == "begin":
            open_fields.append([])
        elif element.get(f"{{{_W}}}fldCharType") == "end" and open_fields:
            codes.append("".join(open_fields.pop()))
    codes.extend("".join(parts) for parts in open_fields)
    return codes


def may_refer_outside(xml: str) -> bool:
    """Whether an XML text has anything tree_references looks for (a quick text search)."""
    return any(text in xml for text in _SUSPECT)


def tree_references(part: str, root: etree._Element) -> list[str]:
    """What in one XML part refers outside the document, one Vietnamese phrase each."""
    found: list[str] = []
    for code in _field_codes(root):
        words = code.split()
        field = words[0].upper() if words else ""
        if field in REMOTE_FIELDS:
            found.append(f"{part}: trường {field} lấy nội dung từ bên ngoài {_quote(code)}")
        elif _OUTSIDE.search(code):
            found.append(f"{part}: trường {field or '(trống)'} trỏ ra ngoài {_quote(code)}")
    for element in _ELEMENTS(root):
        found.append(f"{part}: {_ELEMENT_NAMES[etree.QName(element).localname]}")
    for value in _ATTRIBUTES(root):
        name = etree.QName(value.attrname)
        if name.namespace == _R and name.localname == "link":
            found.append(f"{part}: ảnh liên kết tới tệp bên ngoài (thuộc tính r:link)")
        elif _OUTSIDE.search(value):
            found.append(f"{part}: thuộc tính {name.localname} trỏ ra ngoài {_quote(value)}")
    return found


def member_references(members: list[tuple[zipfile.ZipInfo, bytes]],
                      parser: etree.XMLParser) -> list[str]:
    """Every external relationship and remote reference in a template's XML parts."""
    found: list[str] = []
    for info, blob in members:
        name = info.filename
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            root = etree.fromstring(blob, parser)
        except etree.XMLSyntaxError:
            continue  # a broken part Word reads is refused by the trial render; others unused
        if name.endswith(".rels"):
            for rel in root:
                if (rel.get("TargetMode") or "").lower() == "external":
                    kind = (rel.get("Type") or "").rsplit("/", 1)[-1] or "?"
                    found.append(f"{name}: liên kết ra ngoài ({kind}) tới "
                                 f"{_quote(rel.get('Target') or '')}")
        found.extend(tree_references(name, root))
    return found
