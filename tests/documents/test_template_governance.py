"""Templates are governed (issue 12, point 2): what each kind must keep, as data; versions apply
from their upload day; drafters download, preview, compare and retire versions."""
import io
from datetime import timedelta

import docx
import pytest
from sqlalchemy import select

from accounts.models import AuditEvent
from core import clock
from documents import storage
from documents.engine import KINDS, make_environment
from documents.models import DocumentTemplate
from documents.requirements import clause_marker, missing, requirements
from documents.template_check import validate_template
from extensions import db
from tests.documents.test_template_upload import BUILTIN, upload, with_document_xml

ENV = make_environment()
EVERY_REQUIREMENT = [(kind, "variable", item["name"]) for kind in KINDS
                     for item in requirements()[kind]["variables"]]
EVERY_REQUIREMENT += [(kind, "clause", item["key"]) for kind in KINDS
                      for item in requirements()[kind]["clauses"]]


def source_with_everything_but(kind: str, left_out: str, what: str = "variable"
                               ) -> dict[str, list[str]]:
    """A template text using every required variable and marker of a kind except one."""
    spec = requirements()[kind]
    lines = ["{{ %s }}" % item["name"] for item in spec["variables"]
             if (what, item["name"]) != ("variable", left_out)]
    lines += [clause_marker(item["key"]) for item in spec["clauses"]
              if (what, item["key"]) != ("clause", left_out)]
    return {"word/document.xml": lines}


def test_every_kind_declares_what_it_must_keep() -> None:
    assert set(requirements()) == set(KINDS)
    contract = requirements()["contract"]
    names = {item["name"] for item in contract["variables"]}
    assert {"document.number", "document.date", "party_a.name", "party_b.name", "lines",
            "totals.total|vnd", "totals.total|words", "citations",
            "party_a.representative", "party_b.representative"} <= names
    # domain.md §5: one marker per clause, data handover among them.
    assert {"data_handover", "service_levels", "price", "payment", "acceptance", "security",
            "confidentiality", "force_majeure", "termination", "disputes",
            "validity"} <= {item["key"] for item in contract["clauses"]}


@pytest.mark.parametrize(("kind", "what", "name"), EVERY_REQUIREMENT)
def test_a_template_missing_any_required_item_is_refused_naming_it(kind, what, name) -> None:
    problems = missing(kind, source_with_everything_but(kind, name, what), ENV)
    assert len(problems) == 1
    shown = clause_marker(name) if what == "clause" else "{{ %s }}" % name
    assert shown in problems[0] and problems[0].startswith("Mẫu thiếu ")
    assert missing(kind, source_with_everything_but(kind, "nothing"), ENV) == []


def test_a_filtered_requirement_needs_its_filter() -> None:
    source = source_with_everything_but("contract", "totals.total|words")
    source["word/document.xml"].append("{{ totals.total|vnd }}")  # the figure is not the words
    assert len(missing("contract", source, ENV)) == 1


def test_the_one_line_template_is_refused_with_the_whole_list() -> None:
    one_line = with_document_xml(BUILTIN.read_bytes(), lambda xml: xml[:xml.index("<w:body>")]
                                 + "<w:body><w:p><w:r><w:t>{{ document.number }}</w:t></w:r>"
                                   "</w:p></w:body></w:document>")
    errors = validate_template(one_line, "contract")
    assert len(errors) == len([r for r in EVERY_REQUIREMENT if r[0] == "contract"]) - 1
    assert any(clause_marker("data_handover") in e for e in errors)


def test_an_upload_without_the_handover_clause_and_the_words_lists_both(
        client, login, make_user) -> None:
    login(make_user("legal_drafter"))

    def strip(xml: str) -> str:
        return (xml.replace(clause_marker("data_handover"), "")
                .replace("{{ totals.total|words }}", "…"))

    response = upload(client, with_document_xml(BUILTIN.read_bytes(), strip))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Mẫu chưa được chấp nhận" in body
    assert "Quyền sở hữu và bàn giao dữ liệu" in body
    assert "Tổng giá trị hợp đồng bằng chữ" in body
    assert db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.version == 2)) is None


def test_a_version_cannot_apply_before_its_upload_day(client, login, make_user) -> None:
    login(make_user("legal_drafter"))
    yesterday = clock.today() - timedelta(days=1)
    response = upload(client, BUILTIN.read_bytes(), effective_from=yesterday.isoformat(),
                      notes="Ghi chú giữ lại")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "chỉ áp dụng từ hôm nay trở đi" in body and "Ghi chú giữ lại" in body
    assert db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.version == 2)) is None
    with pytest.raises(storage.TemplateRejected, match="đã qua"):
        storage.upload_template("nd224-2026", "contract", BUILTIN.read_bytes(), yesterday, "",
                                actor=make_user("legal_drafter"))


def marked_version(client) -> bytes:
    marked = with_document_xml(BUILTIN.read_bytes(), lambda xml: xml.replace(
        "Giải quyết tranh chấp", "Giải quyết tranh chấp và hòa giải", 1))
    assert upload(client, marked).status_code == 302
    return marked


def test_drafters_download_any_version_and_compare_it_with_the_one_before(client, login,
                                                                          make_user) -> None:
    login(make_user("legal_drafter"))
    page = client.get("/documents/templates/").get_data(as_text=True)
    assert "/documents/templates/nd224-2026/contract/v1/download" in page  # before any upload
    marked = marked_version(client)
    first = client.get("/documents/templates/nd224-2026/contract/v1/download")
    assert first.status_code == 200 and first.data == BUILTIN.read_bytes()
    assert client.get("/documents/templates/nd224-2026/contract/v2/download").data == marked
    page = client.get("/documents/templates/nd224-2026/contract/v2/").get_data(as_text=True)
    assert "So với phiên bản 1" in page
    assert "<ins>+Điều 20. Giải quyết tranh chấp và hòa giải{# clause: disputes #}</ins>" in page
    assert "<del>− Điều 20. Giải quyết tranh chấp{# clause: disputes #}</del>" in page
    first_page = client.get("/documents/templates/nd224-2026/contract/v1/").get_data(as_text=True)
    assert "Đây là phiên bản đầu tiên" in first_page
    assert client.get("/documents/templates/nd224-2026/contract/v9/").status_code == 404


def test_a_preview_renders_the_version_with_sample_data(client, login, make_user) -> None:
    login(make_user("legal_drafter"))
    marked_version(client)
    response = client.get("/documents/templates/nd224-2026/contract/v2/preview")
    assert response.status_code == 200
    text = [p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs]
    assert any("Giải quyết tranh chấp và hòa giải" in t for t in text)
    assert "Số: 12/2026/HĐ-THDV" in text
    assert not any("{{" in t or "{#" in t for t in text)  # markers print nothing


def test_a_preview_past_a_render_limit_lowered_since_says_which(app, client, login,
                                                                make_user) -> None:
    login(make_user("legal_drafter"))
    app.config["DOCUMENT_MAX_OUTPUT_BYTES"] = 2_000  # lowered after the version was uploaded
    response = client.get("/documents/templates/nd224-2026/contract/v1/preview",
                          follow_redirects=True)
    assert response.status_code == 200
    assert "vượt giới hạn dung lượng văn bản tạo ra" in response.get_data(as_text=True)


def test_retiring_a_version_needs_confirmation_and_keeps_its_documents(client, login,
                                                                       make_user) -> None:
    drafter = make_user("legal_drafter")
    login(drafter)
    marked_version(client)
    address = "/documents/templates/nd224-2026/contract/v2/"
    response = client.post(address, data={})
    assert response.status_code == 200 and "Vui lòng đánh dấu xác nhận" in response.get_data(
        as_text=True)
    assert storage.template_for("nd224-2026", "contract", clock.today()).version == 2
    assert client.post(address, data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    retired = db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.version == 2))
    assert retired.retired_on == clock.today() and retired.retired_by_id == drafter.id
    assert storage.template_for("nd224-2026", "contract", clock.today()).version == 1
    assert client.get(f"{address}download").status_code == 200  # kept for its documents
    assert "Ngừng áp dụng từ" in client.get("/documents/templates/").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "template.retire"))
    assert event is not None and event.user_id == drafter.id


def test_the_last_version_in_use_cannot_be_retired(client, login, make_user) -> None:
    login(make_user("legal_drafter"))
    response = client.post("/documents/templates/nd224-2026/contract/v1/",
                           data={"confirm": "y"}, follow_redirects=True)
    assert "phiên bản duy nhất còn áp dụng" in response.get_data(as_text=True)
    db.session.expire_all()
    kept = storage.template_for("nd224-2026", "contract", clock.today())
    assert kept.version == 1 and kept.retired_on is None


@pytest.mark.parametrize("address", ["/documents/templates/nd224-2026/contract/v1/",
                                     "/documents/templates/nd224-2026/contract/v1/download",
                                     "/documents/templates/nd224-2026/contract/v1/preview"])
def test_only_drafters_and_admins_reach_versions(client, login, make_user, address) -> None:
    login(make_user("agency_approver"))
    assert client.get(address).status_code == 403
