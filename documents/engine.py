"""Word documents from .docx templates: sandboxed Jinja, docxtpl tags, a per-version cache.

The context is a plain dict (see documents/preview for every key); no ORM object reaches a
template. Templates are Word files whose text holds Jinja tags with docxtpl's extensions
(``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{%r %}``).
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import join, normpath
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from core import clock
from core.formats import date_vn, dmy, num, percent, roman
from core.money import format_vnd, vnd_in_words
from core.vat import vat_label
from documents.laws import laws_for
from documents.models import DOCUMENT_KINDS
from documents.remote_references import (RemoteReferenceRefused, may_refer_outside,
                                         tree_references)
from documents.render_limits import (LimitedEnvironment, RenderLimitExceeded, current_limits,
                                     render_budget)

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "templates" / "docx"
KINDS = tuple(DOCUMENT_KINDS)  # each has its preview data in documents/preview
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_EXPANDED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
CACHE_SIZE = 32

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL_TYPES = ("/header", "/footer", "/footnotes", "/endnotes")
# Characters XML 1.0 cannot hold; docxtpl would also read \a and \f as paragraph and page
# breaks, which user text must not be able to trigger.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Same options as python-docx's parser (so the text docxtpl sees is the same), and no
# entity expansion for uploaded files.
XML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
_OUTPUT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class TemplateFileError(ValueError):
    """The uploaded or stored file is not a usable .docx template."""


# --- filters that only Word documents use ----------------------------------------------


def lines(value: object) -> Markup:
    """Escape text and turn its line breaks into Word line breaks."""
    text = str(escape(value)).replace("\r\n", "\n").replace("\r", "\n")
    return Markup(text.replace("\n", LINE_BREAK))


def _lines_size(value: object, *_args: object) -> int:
    text = str(value)
    return len(text) + text.count("\n") * len(LINE_BREAK)


def make_environment(*, limited: bool = True) -> SandboxedEnvironment:
    """A sandboxed, autoescaping, strict Jinja environment with the document filters, metered
    by documents.render_limits (`limited=False` only for measuring plain docxtpl)."""
    kind = LimitedEnvironment if limited else SandboxedEnvironment
    env = kind(autoescape=True, undefined=StrictUndefined)
    env.filters.update(vnd=format_vnd, words=vnd_in_words, date_vn=date_vn, dmy=dmy, num=num,
                       percent=percent, vat_label=vat_label, lines=lines, roman=roman)
    if limited:
        env.guard_filters({"lines": _lines_size})
    return env


def template_path(pack_id: str, kind: str) -> Path:
    """Where the committed template of a pack and kind lives."""
    if kind not in KINDS:
        raise ValueError(f"Loại tài liệu không hợp lệ: {kind!r}.")
    return TEMPLATE_ROOT / pack_id / f"{kind}.docx"


def _clean(value: Any) -> Any:
    """Copy the context, dropping characters Word's XML cannot hold from every string."""
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return _BAD_CHARS.sub("", value.replace("\r\n", "\n")) if isinstance(value, str) else value


def prepare_context(context: dict) -> dict:
    """The context a template sees: cleaned strings plus `laws` for the document's date."""
    document = context.get("document") or {}
    day = document.get("date") or clock.today()
    return {"laws": laws_for(day), **_clean(context)}


# --- the compiled-template cache ---------------------------------------------------------


@dataclass
class CompiledTemplate:
    """One template version: its zip members and the compiled Jinja of its tagged parts."""

    members: list[tuple[zipfile.ZipInfo, bytes]]
    parts: dict[str, Template] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)  # patched lines, for errors
    body_shell: tuple[str, str] | None = None  # document.xml around <w:body>


def read_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Open a .docx's members, refusing non-zips, oversized files and zip bombs."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateFileError("Tệp mẫu lớn hơn 5 MiB.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateFileError("Tệp tải lên không phải là tài liệu Word (.docx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            # zipfile stops reading a member at its declared size (and fails its CRC), so
            # the declared sizes bound what decompression can produce.
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_EXPANDED_BYTES:
                raise TemplateFileError(
                    "Tệp nén giải nén ra hơn 50 MiB hoặc quá nhiều thành phần; không xử lý.")
            if "word/document.xml" not in archive.namelist():
                raise TemplateFileError("Tệp không có phần nội dung word/document.xml của Word.")
            return [(info, archive.read(info)) for info in infos]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise TemplateFileError(f"Tệp .docx bị hỏng ({exc}).") from exc


def _tagged_parts(members: dict[str, bytes]) -> list[str]:
    """The headers, footers and notes docxtpl renders besides the body."""
    rels = members.get("word/_rels/document.xml.rels")
    names = [normpath(join("word", rel.get("Target", ""))).lstrip("/")
             for rel in (etree.fromstring(rels, XML_PARSER) if rels else [])
             if rel.get("TargetMode") != "External" and rel.get("Type", "").endswith(_REL_TYPES)]
    return [name for name in names if name in members]


def compile_template(data: bytes, env: SandboxedEnvironment | None = None) -> CompiledTemplate:
    """Patch (docxtpl) and compile every tagged XML part of a .docx template."""
    env = env or _ENV
    compiled = CompiledTemplate(members=read_members(data))
    members = {info.filename: blob for info, blob in compiled.members}
    patcher = DocxTemplate(None)
    root = etree.fromstring(members["word/document.xml"], XML_PARSER)
    body = root.find(f"{{{_W}}}body")
    if body is None:
        raise TemplateFileError("Tài liệu Word không có phần thân văn bản (w:body).")
    sources = {"word/document.xml": etree.tostring(body, encoding="unicode")}
    for name in _tagged_parts(members):
        sources[name] = etree.tostring(etree.fromstring(members[name], XML_PARSER),
                                       encoding="unicode")
    for name, xml in sources.items():
        # As docxtpl does, each paragraph starts a line so Jinja's line numbers locate errors.
        patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))
        if not re.search(r"\{[{%#]", patched):
            continue  # no tags: the member is copied as it is
        compiled.sources[name] = patched.splitlines()
        try:
            compiled.parts[name] = env.from_string(patched)
        except TemplateSyntaxError as exc:
            # validate_template needs the part and its lines to quote the paragraph.
            exc.docx_part, exc.docx_compiled = name, compiled
            raise
    if "word/document.xml" in compiled.parts:
        # Keep the document element around the body as text; renders splice the body in.
        body.clear()
        body.text = marker = f"body-{hashlib.sha256(data).hexdigest()}"
        before, after = etree.tostring(root, encoding="unicode").split(
            f"<w:body>{marker}</w:body>")
        compiled.body_shell = (before, after)
    return compiled


class TemplateCache:
    """Compiled templates keyed by the SHA-256 of the template file, least recently used out."""

    def __init__(self, maxsize: int = CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self.compilations = 0  # how many templates were patched and compiled (for tests)
        self._entries: OrderedDict[str, CompiledTemplate] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, data: bytes) -> CompiledTemplate:
        """The compiled template for these bytes, compiling on first sight."""
        key = hashlib.sha256(data).hexdigest()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        compiled = compile_template(data)  # outside the lock: compiling takes a while
        with self._lock:
            self.compilations += 1
            self._entries[key] = compiled
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return compiled

    def clear(self) -> None:
        """Forget every compiled template."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


_ENV = make_environment()
template_cache = TemplateCache()


def render_part(patcher: DocxTemplate, template: Template, context: dict) -> str:
    """Render one patched part and undo docxtpl's escapes, as DocxTemplate.render does."""
    xml = template.render(context)
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    for escaped, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        xml = xml.replace(escaped, tag)
    return patcher.resolve_listing(xml)


def render_parts(compiled: CompiledTemplate, context: dict) -> dict[str, str]:
    """The rendered XML of every tagged part; the parts share one render budget."""
    patcher = DocxTemplate(None)
    with render_budget():
        return {name: render_part(patcher, template, context)
                for name, template in compiled.parts.items()}


def assemble(compiled: CompiledTemplate, parts: dict[str, str]) -> bytes:
    """The .docx of rendered parts (consumed: each text is dropped once parsed): table
    fixes, output checks and the zip.

    Checks what will be written: its size against the output limit (before lxml parses it:
    its tree takes several times the text) and that no part links outside the document
    (a template can write raw XML through ``|safe``)."""
    patcher = DocxTemplate(None)
    limits = current_limits()
    written = 0
    rendered: dict[str, bytes] = {}
    for name in list(parts):
        xml = parts.pop(name)
        if written + len(xml) > limits.output_bytes:
            raise RenderLimitExceeded("output", limits)
        if name == "word/document.xml":
            # The body gets docxtpl's table-grid fixes and fresh drawing ids (loops copy them).
            tree = patcher.fix_tables(xml)
            for number, drawing in enumerate(tree.iter("{*}docPr"), start=1001):
                drawing.set("id", str(number))
            before, after = compiled.body_shell
            xml = before + etree.tostring(tree, encoding="unicode") + after
            del tree  # one tree at a time: a large body's tree takes several times its text
        suspect, data = may_refer_outside(xml), xml.encode("utf-8")
        del xml
        # Parsing the output refuses a part Word could not open, whichever part it is.
        root = etree.fromstring(data, _OUTPUT_PARSER)
        del data
        if suspect and (found := tree_references(name, root)):
            raise RemoteReferenceRefused(found)
        rendered[name] = etree.tostring(root, encoding="UTF-8", xml_declaration=True,
                                        standalone=True)
        del root
        written += len(rendered[name])
        if written > limits.output_bytes:
            raise RenderLimitExceeded("output", limits)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, blob in compiled.members:
            # A fresh ZipInfo per write: writestr records sizes and offsets on the one given.
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.external_attr = info.external_attr
            archive.writestr(copy, rendered.get(info.filename, blob))
    return out.getvalue()


def render_compiled(compiled: CompiledTemplate, context: dict) -> bytes:
    """Render a compiled template into the bytes of a .docx, within the render limits."""
    context = prepare_context(context)
    with render_budget():
        return assemble(compiled, render_parts(compiled, context))


def render_docx(template_path: Path, context: dict) -> bytes:
    """Render a .docx template with a context, compiling each template version only once."""
    return render_compiled(template_cache.get(Path(template_path).read_bytes()), context)


def render_docx_plain(template_path: Path, context: dict) -> bytes:
    """Render with plain docxtpl (no cache, no limits), to compare against render_docx."""
    template = DocxTemplate(io.BytesIO(Path(template_path).read_bytes()))
    template.render(prepare_context(context), jinja_env=make_environment(limited=False),
                    autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
