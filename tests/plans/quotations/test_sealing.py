"""The sealing rule by page (issue 16): a vendor never sees another vendor's answer, the agency
sees no answer before the deadline, and anyone else gets 404; a late answer is kept but left
out of the comparison."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from core.clock import today, utcnow
from extensions import db
from plans.quotations import answers
from plans.quotations.comparison import compare
from plans.quotations.models import QuotationAnswer
from tests.helpers import MINIMAL_PDF, first_user, text
from tests.plans.quotations.factories import make_answer, make_request

PRICE_V, PRICE_W = 1_111_111, 2_222_222
SHOWN_V, SHOWN_W = "1.111.111", "2.222.222"


def price_in(page: str, shown: str, raw: int) -> bool:
    return shown in page or str(raw) in page


@pytest.fixture
def sealed(make_user, make_vendor):
    """Agency A asks V and W (not X); V and W answered with a signed PDF, 48 h before the
    deadline."""
    staff = make_user("agency_staff")
    approver = make_user("agency_approver", organisation=staff.organisation)
    v = make_vendor(legal_name="Công ty Niêm Phong V")
    w = make_vendor(legal_name="Công ty Niêm Phong W")
    x = make_vendor(legal_name="Công ty Không Mời X")
    asked = make_request(staff.organisation, staff, ("HT-001",), vendors=[v, w])
    valid = today() + timedelta(days=90)
    made = {}
    for vendor, price in ((v, PRICE_V), (w, PRICE_W)):
        made[vendor.id] = answers.submit_answer(
            asked, vendor, [{"request_line_id": asked.lines[0].id, "unit_price": price,
                             "vat_rate": "10", "valid_until": valid, "note": ""}],
            actor=first_user(vendor), pdf=MINIMAL_PDF, pdf_name=f"bao-gia-{vendor.id}.pdf")
    db.session.commit()
    return SimpleNamespace(staff=staff, approver=approver, v=v, w=w, x=x, asked=asked,
                           answer_v=made[v.id], answer_w=made[w.id],
                           other_agency=make_user("agency_staff"))


def pdf_url(s, answer) -> str:
    return f"/plans/quotations/{s.asked.id}/answers/{answer.id}/pdf"


def as_user(client, login, user):
    client.post("/accounts/logout")
    login(user)


def close(s) -> None:
    s.asked.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()


@pytest.mark.parametrize("closed", [False, True], ids=["before", "after the deadline"])
def test_a_vendor_never_sees_another_vendor_s_answer(client, login, sealed, closed):
    s = sealed
    if closed:
        close(s)
    as_user(client, login, first_user(s.v))
    base = f"/plans/quotations/{s.asked.id}"
    page = text(client.get(f"{base}/answer"))
    assert "Công ty Niêm Phong V" in page and SHOWN_V in page
    assert not price_in(page, SHOWN_W, PRICE_W) and "Niêm Phong W" not in page
    assert pdf_url(s, s.answer_w) not in page and "bao-gia-%d" % s.w.id not in page
    assert "trả lời, trong đó" not in page  # not even how many answered
    page = text(client.get("/plans/quotations/invitations"))
    assert s.asked.code in page and not price_in(page, SHOWN_W, PRICE_W)
    assert "Niêm Phong W" not in page
    decline = text(client.get(f"{base}/decline"))
    assert not price_in(decline, SHOWN_W, PRICE_W) and "Niêm Phong W" not in decline
    assert client.get(pdf_url(s, s.answer_w)).status_code == 404
    mine = client.get(pdf_url(s, s.answer_v))
    assert mine.status_code == 200 and mine.data == MINIMAL_PDF
    show = client.get(base)  # plans.quotation_show sends an invited vendor to its own page
    assert show.status_code in (302, 404) or not price_in(text(show), SHOWN_W, PRICE_W)


AGENCY_PAGES = ("/plans/quotations/{id}", "/plans/quotations/{id}/comparison",
                "/plans/quotations/", "/accounts/work", "/accounts/notices/")


def test_the_agency_sees_no_answer_before_the_deadline(client, login, sealed):
    s = sealed
    for user in (s.staff, s.approver):
        as_user(client, login, user)
        for answer in (s.answer_v, s.answer_w):
            assert client.get(pdf_url(s, answer)).status_code == 404
        for tail in ("answer", "decline"):
            assert client.get(f"/plans/quotations/{s.asked.id}/{tail}").status_code == 404
        for path in AGENCY_PAGES:
            response = client.get(path.format(id=s.asked.id), follow_redirects=True)
            page = text(response)
            for shown, raw in ((SHOWN_V, PRICE_V), (SHOWN_W, PRICE_W)):
                assert not price_in(page, shown, raw), f"{path} shows a sealed price"


def test_the_agency_opens_the_answers_after_the_deadline(client, login, sealed):
    s = sealed
    close(s)
    as_user(client, login, s.staff)
    for answer in (s.answer_v, s.answer_w):
        response = client.get(pdf_url(s, answer))
        assert response.status_code == 200 and response.data == MINIMAL_PDF
        assert "attachment" in response.headers["Content-Disposition"]
    show = client.get(f"/plans/quotations/{s.asked.id}")
    if show.status_code == 404:
        pytest.skip("plans.quotation_show (another part) is not written yet")
    assert show.status_code == 200
    comparison = client.get(f"/plans/quotations/{s.asked.id}/comparison")
    if comparison.status_code == 404:
        pytest.skip("plans.quotation_comparison (another part) is not written yet")
    page = text(show) + text(comparison)
    assert price_in(page, SHOWN_V, PRICE_V) and price_in(page, SHOWN_W, PRICE_W)


@pytest.mark.parametrize("closed", [False, True], ids=["before", "after the deadline"])
def test_another_vendor_or_another_agency_gets_404(client, login, sealed, closed):
    s = sealed
    if closed:
        close(s)
    base = f"/plans/quotations/{s.asked.id}"
    for outsider in (first_user(s.x), s.other_agency):
        as_user(client, login, outsider)
        for path in (f"{base}/answer", f"{base}/decline", pdf_url(s, s.answer_v),
                     pdf_url(s, s.answer_w)):
            assert client.get(path).status_code == 404, path
        assert client.post(f"{base}/answer", data={}).status_code == 404
        assert client.post(f"{base}/decline", data={"reason": "x"}).status_code == 404
    as_user(client, login, first_user(s.x))
    assert s.asked.code not in text(client.get("/plans/quotations/invitations"))
    assert client.get("/plans/quotations/999999/answer").status_code == 404
    wrong = f"/plans/quotations/{s.asked.id + 1}/answers/{s.answer_v.id}/pdf"
    as_user(client, login, first_user(s.v))
    assert client.get(wrong).status_code == 404  # an answer named under another request


def test_a_late_answer_is_kept_marked_and_left_out_of_the_figures(make_user, make_vendor):
    staff = make_user("agency_staff")
    on_time = [make_vendor() for _ in range(3)]
    late_vendor = make_vendor(legal_name="Công ty Gửi Muộn")
    asked = make_request(staff.organisation, staff, ("HT-001",),
                         vendors=[*on_time, late_vendor], hours=-2)
    for vendor, price in zip(on_time, (1_000_000, 1_200_000, 1_400_000)):
        make_answer(asked, vendor, [price])
    late = answers.submit_answer(asked, late_vendor, [{
        "request_line_id": asked.lines[0].id, "unit_price": 100_000, "vat_rate": "10",
        "valid_until": today() + timedelta(days=30), "note": ""}],
        actor=first_user(late_vendor))
    db.session.commit()
    assert db.session.get(QuotationAnswer, late.id).late is True
    db.session.refresh(asked)
    [line] = compare(asked)
    assert line.figures.count == 3
    assert (line.figures.lowest, line.figures.average, line.figures.highest) == (
        1_000_000, 1_200_000, 1_400_000)
    quote = next(q for q in line.quotes if q.vendor.id == late_vendor.id)
    assert quote.flags == ["late"] and not quote.valid and quote.price.unit_price == 100_000
    assert db.session.scalar(select(QuotationAnswer.late).where(
        QuotationAnswer.vendor_id == late_vendor.id))
