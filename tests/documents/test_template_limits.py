"""Templates cannot stall or leak (issue 13, point 5): renders have a time, loop and output limit
at upload and at render, and links outside the document are refused at upload."""
import copy
import io
import zipfile
from xml.sax.saxutils import escape

import docx
import pytest
from sqlalchemy import select

from contracts.models.contract import Contract
from core import clock
from core.errors import Refused
from documents.engine import KINDS, make_environment, render_docx, template_cache, template_path
from documents.models import DocumentTemplate, GeneratedDocument
from documents.preview import PREVIEW_CONTRACT, PREVIEWS
from documents.remote_references import RemoteReferenceRefused
from documents.render_limits import Limits, RenderLimitExceeded, render_budget
from documents.template_builder import PACKS
from documents.template_check import validate_template
from extensions import db
from tests.contracts.wizard_helpers import run_wizard
from tests.documents.test_template_upload import BUILTIN, upload, with_document_xml

NESTED = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
LOOP_LIMIT = "vượt giới hạn số vòng lặp"
TIME_LIMIT = "vượt giới hạn thời gian tạo văn bản"
OUTPUT_LIMIT = "vượt giới hạn dung lượng văn bản tạo ra"
# Doubles a string on each call: 2 ** 25 calls in all, a few seconds of work at most.
EXPONENTIAL = ("{% macro twice(n) %}{% if n %}{{ twice(n - 1) }}{{ twice(n - 1) }}{% endif %}"
               "{% endmacro %}{{ twice(25) }}")
LINES_SQUARED = "{% for a in lines %}{% for b in lines %}{% endfor %}{% endfor %}"


def contract_with(tags: str) -> bytes:
    """The shipped contract template with Jinja tags added to the dispute clause's title."""
    return with_document_xml(BUILTIN.read_bytes(), lambda xml: xml.replace(
        "Giải quyết tranh chấp", "Giải quyết tranh chấp" + escape(tags), 1))


def contract_with_paragraph(paragraph_xml: str) -> bytes:
    """The shipped contract template with a raw paragraph before the body's last section."""
    def change(xml: str) -> str:
        head, mark, tail = xml.rpartition("<w:sectPr")
        return head + paragraph_xml + mark + tail
    return with_document_xml(BUILTIN.read_bytes(), change)


def with_members(data: bytes, changes: dict) -> bytes:
    """A copy of a .docx with members changed (a function of their text) or added (bytes)."""
    changes = dict(changes)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            blob = source.read(item)
            if item.filename in changes:
                change = changes.pop(item.filename)
                blob = change(blob.decode()).encode() if callable(change) else change
            target.writestr(item, blob)
        for name, blob in changes.items():
            target.writestr(name, blob)
    return out.getvalue()


def small_docx(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- at upload --------------------------------------------------------------------------


def test_nested_loops_of_100000_stop_promptly_with_the_default_limits() -> None:
    errors = validate_template(contract_with(NESTED), "contract")
    assert len(errors) == 1 and LOOP_LIMIT in errors[0] and "(200.000 lượt lặp" in errors[0]


def test_an_upload_over_the_configured_loop_limit_is_refused_on_the_page(
        app, client, login, make_user) -> None:
    app.config["DOCUMENT_RENDER_MAX_ITERATIONS"] = 1_000
    login(make_user("legal_drafter"))
    body = upload(client, contract_with(
        "{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}"
    )).get_data(as_text=True)
    assert "Mẫu chưa được chấp nhận" in body and LOOP_LIMIT in body and "(1.000 lượt lặp" in body
    assert db.session.scalar(select(DocumentTemplate).where(
        DocumentTemplate.version == 2)) is None


def test_a_template_running_past_the_deadline_is_refused_naming_the_time_limit(app) -> None:
    app.config["DOCUMENT_RENDER_SECONDS"] = 0.2
    errors = validate_template(contract_with(EXPONENTIAL), "contract")
    assert len(errors) == 1 and TIME_LIMIT in errors[0] and "(0,2 giây)" in errors[0]


@pytest.mark.parametrize("tags", [
    '{{ "x" * 10**8 }}',
    '{% for i in range(100000) %}{{ "y" * 1000 }}{% endfor %}',
], ids=["one-huge-string", "a-long-string-printed-many-times"])
def test_a_template_expanding_hugely_is_refused_naming_the_output_limit(tags: str) -> None:
    errors = validate_template(contract_with(tags), "contract")
    assert len(errors) == 1 and OUTPUT_LIMIT in errors[0] and "(10 MiB)" in errors[0]


def test_the_output_limit_comes_from_the_config(app) -> None:
    app.config["DOCUMENT_MAX_OUTPUT_BYTES"] = 64 * 1024
    errors = validate_template(BUILTIN.read_bytes(), "contract")
    assert len(errors) == 1 and OUTPUT_LIMIT in errors[0] and "(64 KiB)" in errors[0]


@pytest.mark.parametrize("expression", [
    '{{ "x"|center(10**9) }}', '{{ "x".ljust(10**9) }}', '{{ "%1000000000s"|format(1) }}',
    '{{ "{:>1000000000}".format(1) }}', '{{ range(100000)|join("y" * 1000) }}',
    '{{ ("x" * 100000)|replace("", "y" * 1000) }}', '{{ 2 ** 100000000 }}',
    '{{ ("\\n" * 10000000)|lines }}', '{{ ([1] * 100000000)|length }}',
    '{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}'
    '{% endfor %}',
    '{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set ns.l = ns.l + ns.l %}'
    '{% endfor %}',
    '{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}'
    '{% endfor %}',
    '{{ ([("x" * 5000000)] * 1000)|string }}',
    '{% set b = "x" * 5000000 %}{% set l = [b, b, b] %}{{ l }}',
    '{% set b = "x" * 5000000 %}{{ "%s%s%s" % (b, b, b) }}',
])
def test_operations_that_multiply_a_value_are_refused_before_building_it(expression) -> None:
    with pytest.raises(RenderLimitExceeded) as refused:
        make_environment().from_string(expression).render()
    assert refused.value.limit == "output" and OUTPUT_LIMIT in str(refused.value)


@pytest.mark.parametrize("expression", [
    '{{ ("ab cd " * 1000000)|title }}', '{{ ("ab" * 1000000)|sort|join }}',
    '{{ ("a b " * 1000000).split()|length }}',
    '{% for x in range(3) recursive %}{% if loop.depth < 3 %}{{ loop(range(100000)) }}'
    '{% endif %}{% endfor %}',
])
def test_filters_and_recursive_loops_spend_the_loop_budget(expression) -> None:
    with pytest.raises(RenderLimitExceeded) as refused:
        make_environment().from_string(expression).render()
    assert refused.value.limit == "iterations"


def test_a_template_cannot_shadow_the_loop_guard() -> None:
    source = ("{% set guard_loop = none %}{% for i in range(100000) %}"
              "{% for j in range(100000) %}{% endfor %}{% endfor %}")
    with pytest.raises(RenderLimitExceeded):
        make_environment().from_string(source).render()


def test_lists_cannot_be_changed_in_place_by_a_template() -> None:
    with pytest.raises(Exception, match="unsafe"):
        make_environment().from_string("{% set l = [1] %}{{ l.extend(l) }}").render()


def test_money_and_ordinary_formatting_still_work() -> None:
    out = make_environment().from_string(
        '{{ "{:,}".format(123456789012) }} {{ "%d"|format(99999999999) }} {{ 1500000 * 60 }} '
        '{{ [1, 2]|join(", ") }} {{ "a" ~ 1 }} {{ "-" * 3 }}').render()
    assert out == "123,456,789,012 99999999999 90000000 1, 2 a1 ---"


# --- at render --------------------------------------------------------------------------


def test_a_template_that_passes_with_the_preview_explodes_with_many_lines_and_is_refused(
        tmp_path) -> None:
    data = contract_with(LINES_SQUARED)
    assert validate_template(data, "contract") == []  # 3 preview lines: 9 iterations
    path = tmp_path / "contract.docx"
    path.write_bytes(data)
    context = copy.deepcopy(PREVIEW_CONTRACT)
    context["lines"] = context["lines"] * 700  # 2,100 lines: 4.4 million iterations
    with pytest.raises(RenderLimitExceeded) as refused:
        render_docx(path, context)
    assert isinstance(refused.value, Refused) and LOOP_LIMIT in str(refused.value)


def test_limits_apply_to_cached_templates_as_the_config_says(app, tmp_path) -> None:
    path = tmp_path / "contract.docx"
    path.write_bytes(contract_with("{% for i in range(500) %}{% endfor %}"))
    render_docx(path, PREVIEW_CONTRACT)
    compilations = template_cache.compilations
    app.config["DOCUMENT_RENDER_MAX_ITERATIONS"] = 100
    with pytest.raises(RenderLimitExceeded, match="100 lượt lặp"):
        render_docx(path, PREVIEW_CONTRACT)
    app.config["DOCUMENT_RENDER_MAX_ITERATIONS"] = 1_000
    render_docx(path, PREVIEW_CONTRACT)
    assert template_cache.compilations == compilations  # compiled (and rewritten) once


def test_generating_a_contract_over_the_limits_shows_the_message_not_an_error(
        app, client, login, make_user, make_vendor, make_offering) -> None:
    drafter = make_user("legal_drafter")
    agency = make_user("agency_staff", short_name="SA")
    offering = make_offering(make_vendor(), "HT-001", unit_price=1_000_000, price_public=True)
    login(drafter)
    assert upload(client, contract_with(
        "{% for i in range(500) %}{% endfor %}")).status_code == 302
    client.post("/accounts/logout")
    login(agency)
    contract = run_wizard(client, offering)
    db.session.get(Contract, contract.id).contract_date = clock.today()  # takes version 2
    db.session.commit()
    before = db.session.scalar(select(db.func.count()).select_from(GeneratedDocument))
    app.config["DOCUMENT_RENDER_MAX_ITERATIONS"] = 100
    response = client.post(f"/contracts/{contract.id}/generate", follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert LOOP_LIMIT in page and "(100 lượt lặp" in page
    assert db.session.scalar(select(db.func.count()).select_from(GeneratedDocument)) == before


# --- links outside the document ---------------------------------------------------------

SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="https://evil.example/mau.dotm" '
    'TargetMode="External"/></Relationships>')


def test_an_attached_template_relationship_is_refused_naming_part_and_target() -> None:
    data = with_members(BUILTIN.read_bytes(), {
        "word/settings.xml": lambda xml: xml.replace(
            "<w:zoom", '<w:attachedTemplate r:id="rIdT"/><w:zoom', 1),
        "word/_rels/settings.xml.rels": SETTINGS_RELS.encode()})
    errors = validate_template(data, "contract")
    assert len(errors) == 1 and "liên kết hoặc tham chiếu ra ngoài" in errors[0]
    assert "word/_rels/settings.xml.rels" in errors[0] and "attachedTemplate" in errors[0]
    assert "https://evil.example/mau.dotm" in errors[0]


def test_a_hyperlink_to_a_website_is_refused_too() -> None:
    rel = ('<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/hyperlink" Target="https://example.vn/" TargetMode="External"/>')
    data = with_members(BUILTIN.read_bytes(), {
        "word/_rels/document.xml.rels": lambda xml: xml.replace(
            "</Relationships>", rel + "</Relationships>")})
    errors = validate_template(data, "contract")
    assert len(errors) == 1 and "hyperlink" in errors[0] and "https://example.vn/" in errors[0]


FIELD_RUNS = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> INCLUDE</w:instrText></w:r>'
              '<w:r><w:instrText>PICTURE "http://evil.example/a.png" \\d </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


@pytest.mark.parametrize("paragraph", [
    FIELD_RUNS,
    '<w:p><w:fldSimple w:instr=\' INCLUDEPICTURE "http://evil.example/a.png" \'>'
    '<w:r><w:t>ảnh</w:t></w:r></w:fldSimple></w:p>',
], ids=["split-over-runs", "simple-field"])
def test_an_includepicture_field_with_a_url_is_refused(paragraph: str) -> None:
    errors = validate_template(contract_with_paragraph(paragraph), "contract")
    assert len(errors) == 1 and "word/document.xml" in errors[0]
    assert "INCLUDEPICTURE" in errors[0] and "http://evil.example/a.png" in errors[0]


def test_a_hyperlink_field_to_a_unc_path_and_a_linked_image_are_refused() -> None:
    paragraph = ('<w:p><w:fldSimple w:instr=\' HYPERLINK "\\\\\\\\host\\\\share" \'>'
                 '<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
                 '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
                 '<v:imagedata xmlns:o="urn:schemas-microsoft-com:office:office" '
                 'o:href="http://evil.example/b.png"/></v:shape></w:pict></w:r></w:p>')
    errors = validate_template(contract_with_paragraph(paragraph), "contract")
    assert len(errors) == 1 and "HYPERLINK" in errors[0] and "host" in errors[0]
    assert "thuộc tính href" in errors[0] and "http://evil.example/b.png" in errors[0]


def test_raw_xml_written_through_safe_is_checked_in_the_output(tmp_path) -> None:
    tag = ("{{ '<w:r><w:instrText>INCLUDEPICTURE \"http://evil.example/c.png\"</w:instrText>"
           "</w:r>'|safe }}")
    assert "INCLUDEPICTURE" in " ".join(validate_template(contract_with(tag), "contract"))
    # Hidden from the preview by a condition: refused when a document is made.
    path = tmp_path / "hidden.docx"
    path.write_bytes(small_docx("{% if party_a.name == 'X' %}" + tag + "{% endif %}"))
    context = copy.deepcopy(PREVIEW_CONTRACT)
    render_docx(path, context)
    context["party_a"]["name"] = "X"
    with pytest.raises(RemoteReferenceRefused, match="INCLUDEPICTURE"):
        render_docx(path, context)


# --- the shipped templates --------------------------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_shipped_template_passes_and_renders_well_within_the_limits(pack, kind) -> None:
    data = template_path(pack, kind).read_bytes()
    assert validate_template(data, kind) == []
    with render_budget() as budget:
        document = render_docx(template_path(pack, kind), PREVIEWS[kind])
    assert docx.Document(io.BytesIO(document)).paragraphs
    assert budget.iterations * 100 < budget.limits.iterations
    assert budget.output * 20 < budget.limits.output_bytes


def test_a_contract_of_a_thousand_lines_renders_with_the_default_limits() -> None:
    context = copy.deepcopy(PREVIEW_CONTRACT)
    context["lines"] = [dict(context["lines"][0], no=n) for n in range(1, 1001)]
    context["service_levels"] = context["service_levels"] * 250
    context["payment"]["periods"] = context["payment"]["periods"] * 6
    with render_budget(Limits()) as budget:
        render_docx(template_path("nd224-2026", "contract"), context)
    assert budget.iterations * 20 < budget.limits.iterations
    assert budget.output * 2 < budget.limits.output_bytes
