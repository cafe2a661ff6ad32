"""Money is conserved (issue 12, point 3): an amendment changes only the periods not yet
accepted; accepted and paid periods keep their amounts and VAT; one-off lines are billed in
their period; every period shows before VAT, VAT per rate, total and when it is to be paid."""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from contracts.models.acceptance import AcceptanceRecord
from contracts.services import amendments, terms
from contracts.services.amendments import AmendmentError
from core.money import format_vnd
from core.vat import VAT_RATES, line_amounts
from extensions import db
from tests.contracts.money_helpers import (accept, changed_terms, pay, running_contract,
                                           sign_amendment)
from tests.contracts.test_amendments import CHANGES
from tests.helpers import text

LATER = date(2027, 6, 30)  # three quarters of the lease (from 01/09/2026) have ended


@pytest.fixture
def running(client, login, people, offering, on_day):
    on_day(LATER)
    return running_contract(client, login, people, offering)


def test_a_one_off_line_is_billed_whole_in_its_period_and_each_period_has_vat_per_rate(
        running):
    computed = terms.of_contract(running)
    first, second = computed.periods[0], computed.periods[1]
    # The setup fee (12.000.000 đ + 10%) is in period 1 only; the rest splits evenly.
    assert first.amount - second.amount == 12_000_000 + 1_200_000
    assert {p.amount for p in computed.periods[1:]} == {19_740_000}
    assert second.vat_groups == [
        {"rate": "8", "label": "8%", "base": 3_000_000, "vat": 240_000},
        {"rate": "10", "label": "10%", "base": 15_000_000, "vat": 1_500_000}]
    assert second.before_vat + second.vat == second.amount
    for group in computed.vat_groups:
        assert sum(g["base"] for p in computed.periods for g in p.vat_groups
                   if g["rate"] == group["rate"]) == group["base"]
        assert sum(g["vat"] for p in computed.periods for g in p.vat_groups
                   if g["rate"] == group["rate"]) == group["vat"]


def test_the_page_shows_vat_per_rate_and_pay_by_dates_planned_then_actual(
        client, login, people, running):
    record = accept(running, people, 1, day=date(2026, 12, 5))
    db.session.commit()
    login(people.staff)
    page = text(client.get(f"/contracts/{running.id}"))
    # Period 1 accepted on 05/12/2026: pay by 05/12 + 15 days. Period 2 ends 28/02/2027:
    # planned for 15/03/2027.
    assert "20/12/2026" in page and "15/03/2027 (dự kiến)" in page
    assert "10%: 2.700.000" in page and "8%: 240.000" in page
    period = text(client.get(f"/contracts/{running.id}/acceptance/2"))
    assert "Thuế GTGT 10%" in period and "1.500.000 đồng (trên 15.000.000 đồng)" in period
    assert "15/03/2027 (dự kiến" in period
    assert record.period_parts == [{"rate": "8", "base": 3_000_000, "vat": 240_000},
                                   {"rate": "10", "base": 27_000_000, "vat": 2_700_000}]


def test_an_amendment_leaves_accepted_and_paid_periods_as_they_were(people, running):
    paid = pay(accept(running, people, 1, day=date(2026, 12, 5)), people)
    accept(running, people, 2, deductions=500_000, day=date(2027, 3, 5))
    db.session.commit()
    before = [p.amount for p in terms.of_contract(running).periods]
    # Three servers instead of two, from the amendment on.
    sign_amendment(running, people, changed_terms(running, quantity=3))
    after = terms.of_contract(running)
    assert [p.amount for p in after.periods[:2]] == before[:2]
    assert after.periods[0].parts == (("8", 3_000_000, 240_000), ("10", 27_000_000, 2_700_000))
    # The value as amended: + 1 server × 2.500.000 × 24 months + 10% = 66.000.000 đ, carried
    # by the 6 periods left, 11.000.000 đ more each.
    assert after.total == 171_120_000 + 66_000_000
    assert sum(p.amount for p in after.periods) == after.total
    assert [p.amount for p in after.periods[2:]] == [19_740_000 + 11_000_000] * 6
    db.session.expire_all()
    record = db.session.scalar(select(AcceptanceRecord).where(
        AcceptanceRecord.contract_id == running.id, AcceptanceRecord.period_no == 1))
    assert (record.period_amount, record.paid) == (before[0], paid.amount)


def test_the_page_after_the_amendment_keeps_the_paid_period_paid_in_full(
        client, login, people, running):
    pay(accept(running, people, 1, day=date(2026, 12, 5)), people)
    db.session.commit()
    sign_amendment(running, people, changed_terms(running, price=4_000_000))
    login(people.staff)
    page = text(client.get(f"/contracts/{running.id}"))
    row = page[page.index("Quý 1"):][:400]
    assert "32.940.000" in row and "đã thanh toán đủ" in row


def test_an_amendment_below_what_was_accepted_is_refused_with_both_figures(people, running):
    for no, day in ((1, date(2026, 12, 5)), (2, date(2027, 3, 5)), (3, date(2027, 6, 5))):
        accept(running, people, no, day=day)
    db.session.commit()
    accepted = 32_940_000 + 2 * 19_740_000
    amendment = amendments.start_amendment(running, actor=people.staff, today=LATER)
    # Nine months instead of 24: the value falls below the three quarters accepted.
    short = changed_terms(running, months=9, quantity=1)
    short_total = terms.compute(short["lines"], start=running.start_date, months=9,
                                schedule="quarterly").total
    assert short_total < accepted
    with pytest.raises(AmendmentError) as refused:
        amendments.save_amendment(amendment, {"reason": "Rút ngắn.", "place": "Hà Nội",
                                              "amendment_date": LATER, **short},
                                  actor=people.staff)
    assert (f"Tổng giá trị sau điều chỉnh ({format_vnd(short_total)} đồng) thấp hơn số tiền "
            f"các kỳ đã nghiệm thu ({format_vnd(accepted)} đồng)") in str(refused.value)


def test_an_amendment_that_ends_before_an_accepted_period_is_refused(people, running):
    for no, day in ((1, date(2026, 12, 5)), (2, date(2027, 3, 5)), (3, date(2027, 6, 5))):
        accept(running, people, no, day=day)
    db.session.commit()
    amendment = amendments.start_amendment(running, actor=people.staff, today=LATER)
    # Six months at a much higher price: the value is enough but only 2 periods remain.
    new_terms = changed_terms(running, months=6, price=20_000_000)
    with pytest.raises(AmendmentError, match="Kỳ 3 đã nghiệm thu nhưng lịch thanh toán theo "
                                             "điều khoản mới chỉ có 2 kỳ"):
        amendments.save_amendment(amendment, {"reason": "Rút ngắn.", "place": "Hà Nội",
                                              "amendment_date": LATER, **new_terms},
                                  actor=people.staff)


def test_the_amendment_page_refuses_the_change_and_keeps_what_was_typed(
        client, login, people, running):
    accept(running, people, 1, day=date(2026, 12, 5))
    db.session.commit()
    login(people.staff)
    assert client.post(f"/contracts/{running.id}/amendments/new").status_code == 302
    response = client.post(f"/contracts/{running.id}/amendments/1/edit", data={
        **CHANGES, "months": "1", "lines-0-months": "1", "lines-0-quantity": "1",
        "lines-0-unit_price": "1000", "amendment_date": LATER.isoformat()})
    assert response.status_code == 200
    page = text(response)
    assert "thấp hơn số tiền các kỳ đã nghiệm thu" in page
    assert 'value="1000"' in response.get_data(as_text=True) or "1.000" in page


def test_an_accepted_period_accepted_before_parts_were_kept_reads_its_amount_in_proportion():
    ideal = {"10": (15_000_000, 1_500_000), "8": (3_000_000, 240_000)}
    parts = terms._apportion(19_740_000, ideal)
    assert parts == ideal
    parts = terms._apportion(10_000_001, ideal)
    assert sum(b + v for b, v in parts.values()) == 10_000_001
    assert all(b >= 0 and v >= 0 for b, v in parts.values())


LINES = st.lists(st.fixed_dictionaries({
    "name": st.just("Dịch vụ"), "unit": st.just("tháng"), "quantity": st.integers(1, 20),
    "months": st.integers(1, 60), "unit_price": st.integers(0, 3_000_000),
    "vat_rate": st.sampled_from(VAT_RATES), "billing": st.sampled_from(["periodic", "once"]),
    "billed_month": st.integers(1, 70)}), min_size=1, max_size=4)
KINDS = st.sampled_from(["monthly", "quarterly"])


@settings(max_examples=300, deadline=None)
@given(LINES, LINES, st.integers(1, 48), st.integers(1, 48), KINDS,
       st.sets(st.integers(1, 48), max_size=12))
def test_amended_schedules_keep_accepted_periods_and_add_up_to_the_amended_value(
        old_lines, new_lines, old_months, new_months, kind, accepted_nos):
    start = date(2026, 9, 1)
    old = terms.compute(old_lines, start=start, months=old_months, schedule=kind)
    kept = {no: {r: (b, v) for r, b, v in old.schedule.period(no).parts}
            for no in accepted_nos if old.schedule.period(no)}
    new = terms.compute(new_lines, start=start, months=new_months, schedule=kind,
                        accepted=kept)
    periods = new.periods
    if new.schedule.problem is None:
        assert sum(p.amount for p in periods) == new.total
        assert all(b >= 0 and v >= 0 for p in periods for _, b, v in p.parts)
        for no, parts in kept.items():
            assert dict((r, (b, v)) for r, b, v in periods[no - 1].parts) == parts
        for group in new.vat_groups:  # every rate's base and VAT add up exactly
            shares = [(b, v) for p in periods for r, b, v in p.parts if r == group["rate"]]
            assert (sum(s[0] for s in shares), sum(s[1] for s in shares)) == (
                group["base"], group["vat"])
    else:  # refused only for a reason the rule names
        beyond = any(no > len(periods) for no in kept)
        taken = sum(b + v for parts in kept.values() for b, v in parts.values())
        left = len(periods) - len([no for no in kept if no <= len(periods)])
        assert beyond or taken > new.total or left == 0 or any(
            b < 0 or v < 0 for p in periods for _, b, v in p.parts)
    if not kept:  # nothing accepted: one-off lines sit whole in their month's period, and
        # each rate's periodic base and VAT split evenly (the remainder in the last period).
        step, count = {"monthly": 1, "quarterly": 3}[kind], len(periods)
        spread: dict[str, list[int]] = {}
        for line in new_lines:
            if line["billing"] == "periodic":
                sums = line_amounts(line)
                spread.setdefault(line["vat_rate"], [0, 0])
                spread[line["vat_rate"]][0] += sums["amount"]
                spread[line["vat_rate"]][1] += sums["vat"]
        even = sum(b // count + v // count for b, v in spread.values())
        for period in periods[:-1]:
            once = sum(line_amounts(line)["total"] for line in new_lines
                       if line["billing"] == "once"
                       and (min(line["billed_month"], new_months) - 1) // step == period.no - 1)
            assert period.amount == even + once
