"""Laws as data (issue 12, point 6): the registry of legal instruments gives every "Căn cứ" line
by the document's date; a pack that does not apply on that date is refused."""
import io
from datetime import date, timedelta

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from accounts.models import AuditEvent
from core.formats import dmy
from documents.engine import render_docx, template_path
from documents.laws import laws_for
from documents.instruments import (PackNotApplicable, body_name_on, cited, citations_for,
                                   ensure_instruments, file_registry, packs, registry,
                                   since_approval)
from documents.models import LegalInstrument
from documents.preview import PREVIEWS
from extensions import db

REG = file_registry()
FIRST, LAST = date(2015, 2, 15), date(2027, 12, 31)
KINDS = ("contract", "plan", "amendment")
PLAN_APPROVED = since_approval(date(2026, 6, 15))


def numbers(pack: str, kind: str, day: date, since=None) -> list[str]:
    return [i.number for i in cited(pack, kind, day, since=since, reg=REG)[0]]


def in_force_on(instrument: LegalInstrument, day: date) -> bool:
    return instrument.effective_from <= day and (
        instrument.replaced_from is None or day < instrument.replaced_from)


# --- the cases the issue names -----------------------------------------------------------

@pytest.mark.parametrize("day", [date(2023, 6, 1), date(2024, 1, 8)])
def test_decree_82_is_not_cited_before_it_took_effect(day) -> None:
    assert "82/2024/NĐ-CP" not in numbers("nd73-2019", "contract", day)
    assert "82/2024/NĐ-CP" in numbers("nd73-2019", "contract", date(2024, 7, 10))


def test_the_2020_circulars_give_way_to_their_2024_replacements() -> None:
    day = date(2025, 6, 1)
    contract, plan = numbers("nd73-2019", "contract", day), numbers("nd73-2019", "plan", day)
    assert "16/2024/TT-BTTTT" in contract and "23/2020/TT-BTTTT" not in contract
    assert "18/2024/TT-BTTTT" in plan and "12/2020/TT-BTTTT" not in plan
    assert not any("(nếu có)" in line for line in citations_for("nd73-2019", "contract", day,
                                                                reg=REG))


def test_a_contract_of_april_2026_rests_on_decree_45() -> None:
    cited_numbers = numbers("nd73-2019", "contract", date(2026, 4, 15))
    assert "45/2026/NĐ-CP" in cited_numbers
    assert "73/2019/NĐ-CP" not in cited_numbers and "82/2024/NĐ-CP" not in cited_numbers


def test_the_civil_code_and_the_bidding_law_follow_the_date() -> None:
    assert "33/2005/QH11" in numbers("qd80-2014", "contract", date(2016, 12, 31))
    assert "91/2015/QH13" in numbers("qd80-2014", "contract", date(2017, 1, 1))
    assert "43/2013/QH13" in numbers("nd73-2019", "plan", date(2023, 12, 31))
    assert "22/2023/QH15" in numbers("nd73-2019", "plan", date(2024, 1, 1))


@pytest.mark.parametrize(("pack", "day", "words"), [
    ("qd80-2014", date(2015, 2, 14), "trước ngày Quyết định số 80/2014/QĐ-TTg có hiệu lực"),
    ("qd80-2014", date(2020, 1, 1), "đã được thay thế bởi Nghị định số 73/2019/NĐ-CP"),
    ("nd73-2019", date(2019, 12, 31), "trước ngày Nghị định số 73/2019/NĐ-CP có hiệu lực"),
    ("nd73-2019", date(2026, 7, 1), "đã được thay thế bởi Nghị định số 224/2026/NĐ-CP"),
    ("nd224-2026", date(2026, 6, 30), "trước ngày Nghị định số 224/2026/NĐ-CP có hiệu lực"),
])
def test_a_pack_that_does_not_apply_on_the_date_is_refused(pack, day, words) -> None:
    with pytest.raises(PackNotApplicable, match=words):
        citations_for(pack, "contract", day, reg=REG)


def test_the_transitional_rule_keeps_a_plan_approved_before_july_2026_on_decree_45() -> None:
    lines = citations_for("nd73-2019", "contract", date(2026, 9, 1), since=PLAN_APPROVED,
                          reg=REG)
    assert any("45/2026/NĐ-CP" in line for line in lines)
    assert not any("224/2026" in line for line in lines[:-1])
    assert lines[-1].startswith("Điều 91 Nghị định số 224/2026/NĐ-CP về chuyển tiếp")
    assert "phê duyệt ngày 15/06/2026, trước ngày 01/07/2026" in lines[-1]
    with pytest.raises(PackNotApplicable):
        citations_for("nd73-2019", "contract", date(2026, 9, 1),
                      since=("kế hoạch thuê được phê duyệt", date(2026, 7, 1)), reg=REG)


def test_department_names_follow_the_merger_date() -> None:
    name = "Sở Khoa học và Công nghệ tỉnh Thái Nguyên"
    assert body_name_on(name, date(2018, 1, 15)) == "Sở Thông tin và Truyền thông tỉnh Thái Nguyên"
    assert body_name_on(name, date(2025, 3, 1)) == name


# --- the sweep ------------------------------------------------------------------------------

def every_day():
    day = FIRST
    while day <= LAST:
        yield day
        day += timedelta(days=1)


def check(pack: str, kind: str, day: date, since) -> bool:
    """The rule on one date: either refused because the pack does not apply, or every cited
    instrument is in force that day (or kept, once, by the transitional rule that it names)."""
    family = packs()[pack]["family"]
    try:
        instruments, why = cited(pack, kind, day, since=since, reg=REG)
    except PackNotApplicable:
        main = REG[packs()[pack]["main"]]
        assert day < main.effective_from or any(
            REG[i].replaced_from and REG[i].replaced_from <= day for i in family
            if REG[i].replaced_by_id not in family)
        return False
    kept = packs()[pack].get("transitional", {}).get("keeps") if why else None
    for instrument in instruments:
        assert instrument.effective_from <= day, (pack, kind, day, instrument.number)
        assert in_force_on(instrument, day) or instrument.id == kept, (day, instrument.number)
    assert len({i.id for i in instruments}) == len(instruments)
    assert any(i.id in family for i in instruments)
    return True


BY_NUMBER = {i.number: i for i in REG.values()}


def check_laws(day: date) -> None:
    """The laws the engine adds to every context on that day name instruments then in force."""
    for key, text in laws_for(day).items():
        if key in ("it", "digital") or not text:  # named as passed, not cited as in force
            continue
        number = next(n for n in BY_NUMBER if n in text)
        assert in_force_on(BY_NUMBER[number], day), (day, key, text)


def test_every_date_from_2015_to_2027_cites_only_what_is_in_force() -> None:
    applied = {pack: 0 for pack in packs()}
    for day in every_day():
        check_laws(day)
        for pack in packs():
            for kind in ("contract", "plan"):
                applied[pack] += check(pack, kind, day, None)
                check(pack, kind, day, PLAN_APPROVED)
    # Each pack applies over its own years: roughly 5, 6 and 1.5 years of days, times 2 kinds.
    assert applied["qd80-2014"] == 2 * (date(2020, 1, 1) - FIRST).days
    assert applied["nd73-2019"] == 2 * (date(2026, 7, 1) - date(2020, 1, 1)).days
    assert applied["nd224-2026"] == 2 * (LAST - date(2026, 7, 1)).days + 2


APPROVALS = st.dates(date(2019, 1, 1), LAST).map(since_approval)


@settings(max_examples=200, deadline=None)
@given(st.dates(FIRST, LAST), st.sampled_from(sorted(packs())), st.sampled_from(KINDS),
       st.one_of(st.none(), APPROVALS))
def test_any_date_pack_kind_and_approval_obeys_the_rule(day, pack, kind, since) -> None:
    check(pack, kind, day, since)


SAMPLES = [(FIRST + timedelta(days=(LAST - FIRST).days * n // 19), n) for n in range(20)]


@pytest.mark.parametrize(("day", "n"), SAMPLES)
def test_twenty_sample_documents_render_their_citations(day, n) -> None:
    """One date in twenty across the years: the pack in force, each kind in turn, rendered and
    reopened; its "Căn cứ" lines are the registry's, in order."""
    pack = next(p for p in reversed(list(packs())) if day >= REG[packs()[p]["main"]].effective_from)
    kind = KINDS[n % 3]
    context = dict(PREVIEWS[kind])
    context["pack"] = {**context["pack"], "id": pack}
    context["document"] = {**context["document"], "date": day}
    context["citations"] = citations_for(pack, kind, day, reg=REG)
    data = render_docx(template_path(pack, kind), context)
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    bases = [t for t in text if t.startswith("Căn cứ ")]
    assert bases[:len(context["citations"])] == [f"Căn cứ {c};" for c in context["citations"]]
    assert not any("{{" in t for t in text)


# --- the registry in the database, edited by legal drafters -----------------------------

def test_the_registry_is_seeded_from_its_file_once(app) -> None:
    assert ensure_instruments() == len(REG)
    assert ensure_instruments() == 0
    db.session.commit()
    row = db.session.get(LegalInstrument, "nd82-2024")
    assert row.replaced_by_id == "nd45-2026" and row.effective_from == date(2024, 7, 10)
    assert db.session.get(LegalInstrument, "tt16-2024").to_confirm


def test_a_drafter_corrects_a_date_and_documents_follow_it(client, login, make_user) -> None:
    drafter = make_user("legal_drafter")
    login(drafter)
    page = client.get("/documents/instruments/").get_data(as_text=True)
    assert "82/2024/NĐ-CP" in page and "Cần đối chiếu" in page
    form = client.get("/documents/instruments/tt16-2024/").get_data(as_text=True)
    assert "16/2024/TT-BTTTT" in form
    values = {"kind": "Thông tư", "number": "16/2024/TT-BTTTT",
              "issuer": "Bộ trưởng Bộ Thông tin và Truyền thông",
              "title": "về nội dung hợp đồng thuê dịch vụ công nghệ thông tin",
              "signed_on": "2024-12-30", "effective_from": "2025-03-01",
              "replaced_by_id": "tt41-2026", "replaced_from": "2026-07-01"}
    assert client.post("/documents/instruments/tt16-2024/", data=values).status_code == 302
    db.session.expire_all()
    row = db.session.get(LegalInstrument, "tt16-2024")
    assert row.effective_from == date(2025, 3, 1) and not row.to_confirm
    assert row.updated_by_id == drafter.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "instrument.update"))
    assert event.changes["effective_from"] == ["2025-02-14", "2025-03-01"]
    # On 20/02/2025 the 2020 circular is again the one in force.
    lines = citations_for("nd73-2019", "contract", date(2025, 2, 20), reg=registry())
    assert any("23/2020/TT-BTTTT" in line for line in lines)


@pytest.mark.parametrize(("change", "message"), [
    ({"effective_from": "2024-12-01"}, "không được trước ngày ký ban hành"),
    ({"replaced_from": ""}, "phải ghi cùng nhau"),
    ({"replaced_from": "2025-01-01"}, "phải sau ngày có hiệu lực"),
    ({"replaced_by_id": "tt23-2020", "replaced_from": "2026-07-01"}, "quay vòng"),
    ({"effective_from": "1899-01-01"}, "2000"),
])
def test_a_broken_chain_is_refused_and_nothing_typed_is_lost(client, login, make_user, change,
                                                             message) -> None:
    login(make_user("legal_drafter"))
    values = {"kind": "Thông tư", "number": "16/2024/TT-BTTTT", "issuer": "Bộ trưởng",
              "title": "Trích yếu đã gõ", "signed_on": "2024-12-30",
              "effective_from": "2025-02-14", "replaced_by_id": "tt41-2026",
              "replaced_from": "2026-07-01", **change}
    response = client.post("/documents/instruments/tt16-2024/", data=values)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and message in body and "Trích yếu đã gõ" in body
    db.session.expire_all()
    row = db.session.get(LegalInstrument, "tt16-2024")
    assert row is None or row.title != "Trích yếu đã gõ"


def test_only_drafters_and_admins_edit_the_registry(client, login, make_user) -> None:
    login(make_user("agency_approver"))
    assert client.get("/documents/instruments/").status_code == 403
    assert client.post("/documents/instruments/tt16-2024/", data={}).status_code == 403
    assert dmy(date(2026, 7, 1)) == "01/07/2026"
