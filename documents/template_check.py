"""Checking a legal drafter's template upload: it must render its kind's preview data.

Every problem is explained in the drafter's language with the paragraph of the template where it is
(an undefined variable, an unclosed block, an unknown filter...), so the drafter can fix the
Word file without reading Jinja's messages. A template linking outside itself is refused
(documents.remote_references), and the trial render runs under the same time, loop and size
limits as every document made later (documents.render_limits): one over them is refused with
the limit it hit.
"""

from __future__ import annotations

import html
import io
import re
import traceback

import docx
from docxtpl import DocxTemplate
from flask_babel import gettext as _
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from lxml import etree

from core.errors import Refused
from documents.engine import (KINDS, XML_PARSER, CompiledTemplate, TemplateFileError, assemble,
                              compile_template, make_environment, prepare_context, render_part)
from documents.preview import PREVIEWS
from documents.remote_references import member_references, summary
from documents.render_limits import RenderLimitExceeded, render_budget
from documents.requirements import missing

_BLOCK_TAGS = ("for", "if", "with", "macro", "call", "filter", "block", "raw")


def _paragraph_at(compiled: CompiledTemplate, part: str, lineno: int | None) -> str:
    """The template text of the paragraph on a line of a patched part."""
    source = compiled.sources.get(part) or []
    if not lineno or not 0 < lineno <= len(source):
        return ""
    return html.unescape(re.sub(r"<[^>]+>", "", source[lineno - 1])).strip()


def _where(text: str) -> str:
    return " " + _("Đoạn văn trong mẫu: “%(text)s”.", text=text) if text else ""


def _undefined_message(exc: UndefinedError, compiled: CompiledTemplate, part: str) -> str:
    """Name the missing variable and quote the paragraph that uses it."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    text = _paragraph_at(compiled, part, frames[-1].lineno if frames else None)
    match = re.search(r"'([^']+)' is undefined", exc.message or "")
    name = match.group(1) if match else ""
    attribute = re.search(r"has no attribute '([^']+)'", exc.message or "")
    if attribute:
        # Jinja only knows the attribute; the template text usually shows the full path.
        name = attribute.group(1)
        dotted = re.search(r"[A-Za-z_][\w.]*\.%s\b" % re.escape(name), text)
        name = dotted.group(0) if dotted else name
    if not name:
        return (_("Mẫu dùng một giá trị không có trong dữ liệu (%(message)s).",
                  message=exc.message) + _where(text))
    return _("Biến “%(name)s” không được định nghĩa.", name=name) + _where(text)


def _unclosed_block(compiled: CompiledTemplate, part: str) -> str:
    """The paragraph of the innermost block tag that is never closed."""
    stack: list[int] = []
    for number, line in enumerate(compiled.sources.get(part, []), start=1):
        for tag in re.findall(r"\{%-?\s*(\w+)", line):
            if tag in _BLOCK_TAGS:
                stack.append(number)
            elif tag.startswith("end") and tag != "endset" and stack:
                stack.pop()
    if not stack:
        return ""
    text = _paragraph_at(compiled, part, stack[-1])
    # Start the quote at the opening tag: a {%p %} tag shares its line with the paragraph
    # before it once docxtpl has removed the tag's own paragraph.
    opening = list(re.finditer(r"\{%%-?\s*(%s)\b" % "|".join(_BLOCK_TAGS), text))
    return text[opening[-1].start():] if opening else text


def _syntax_message(exc: TemplateSyntaxError, compiled: CompiledTemplate, part: str) -> str:
    """Explain a Jinja syntax error in words, with the paragraph where it is."""
    message = exc.message or ""
    unclosed = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if unclosed:
        block = unclosed.group(1)
        return (_("Khối “{%% %(block)s %%}” chưa được đóng bằng “{%% end%(block)s %%}”.",
                  block=block) + _where(_unclosed_block(compiled, part)))
    text = _paragraph_at(compiled, part, exc.lineno)
    unknown = re.search(r"No (filter|test) named '([^']+)'", message)
    if unknown:
        if unknown.group(1) == "filter":
            return _("Bộ lọc “%(name)s” không tồn tại.", name=unknown.group(2)) + _where(text)
        return _("Phép kiểm tra “%(name)s” không tồn tại.", name=unknown.group(2)) + _where(text)
    tag = re.search(r"Encountered unknown tag '(\w+)'", message)
    if tag:
        return (_("Thẻ “%(tag)s” không hợp lệ hoặc không có khối mở tương ứng.", tag=tag.group(1))
                + _where(text))
    return _("Lỗi cú pháp Jinja (%(message)s).", message=message) + _where(text)


def validate_template(data: bytes, kind: str) -> list[str]:
    """Check an uploaded template renders its kind's preview; the errors in words, [] if
    valid."""
    if kind not in KINDS:
        raise ValueError(_("Loại tài liệu không hợp lệ: %(kind)s.", kind=repr(kind)))
    try:
        env = make_environment()
        compiled = compile_template(data, env)
    except TemplateFileError as exc:
        return [str(exc)]
    except etree.XMLSyntaxError as exc:
        return [_("Nội dung XML của tài liệu bị hỏng (%(error)s).", error=exc)]
    except TemplateSyntaxError as exc:
        return [_syntax_message(exc, exc.docx_compiled, exc.docx_part)]
    if found := member_references(compiled.members, XML_PARSER):
        return [summary(found)]
    errors: list[str] = []
    context = prepare_context(PREVIEWS[kind])
    patcher = DocxTemplate(None)
    rendered: dict[str, str] = {}
    with render_budget():  # the parts share one budget, as when a document is made
        for part, template in compiled.parts.items():
            try:
                rendered[part] = render_part(patcher, template, context)
            except RenderLimitExceeded as exc:
                return [str(exc)]
            except UndefinedError as exc:
                errors.append(_undefined_message(exc, compiled, part))
            except TemplateError as exc:
                errors.append(_("Mẫu dùng thao tác không hợp lệ hoặc không được phép "
                                "(%(error)s).", error=exc))
            except RecursionError:
                errors.append(_("Mẫu có macro hoặc vòng lặp đệ quy gọi lồng nhau quá sâu."))
            except (TypeError, ValueError, ArithmeticError) as exc:
                errors.append(_("Một bộ lọc hoặc phép tính trong mẫu bị lỗi (%(error)s).",
                                error=exc))
        # Errors of what is there come first; then what the kind must keep but the template
        # lacks.
        errors = errors or missing(kind, compiled.sources, env)
        if errors:
            return errors
        try:
            docx.Document(io.BytesIO(assemble(compiled, rendered)))
        except Refused as exc:  # over the output limit, or raw XML linking outside
            return [str(exc)]
        except Exception as exc:  # noqa: BLE001 - any failure means Word could not open it
            return [_("Tài liệu tạo ra từ mẫu không mở được (%(error)s).", error=exc)]
    return []
