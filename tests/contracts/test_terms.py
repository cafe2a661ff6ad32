"""A contract's terms are computed once (contracts.services.terms): generated contracts of every
schedule kind show that same computation in the Word document, on acceptance, on the dashboard
and in OCDS, and the computation keeps its own rules (sums, contiguous periods, deadlines)."""
import io
from datetime import date, timedelta

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.legal_bases import in_force_on
from contracts.models.contract import Contract, ContractLine
from contracts.services import acceptance, dashboard, ocds, terms
from contracts.services.document import contract_context
from core.formats import dmy
from core.money import format_vnd
from core.months import add_months, last_day
from core.vat import VAT_RATES, line_amounts
from documents.engine import render_docx
from documents.preview import PREVIEW_CONTRACT
from documents.storage import BUILTIN_DIR
from extensions import db

LINES = st.lists(st.fixed_dictionaries({
    "name": st.just("Dịch vụ"), "unit": st.just("tháng"), "quantity": st.integers(1, 50),
    "months": st.integers(1, 120),
    # Amounts whose VAT ends in a half (rounded up) as well as ordinary prices.
    "unit_price": st.one_of(st.integers(0, 5_000_000), st.sampled_from([1, 10, 15, 50, 99])),
    "vat_rate": st.sampled_from(VAT_RATES)}), min_size=1, max_size=4)
MILESTONES = (st.lists(st.integers(1, 99), unique=True, max_size=4).map(sorted).map(
    lambda cuts: [{"label": f"Mốc {i + 1}", "percent": b - a}
                  for i, (a, b) in enumerate(zip([0, *cuts], [*cuts, 100]))]))
SCHEDULES = st.one_of(st.tuples(st.sampled_from(["monthly", "quarterly"]), st.just([])),
                      st.tuples(st.just("milestone"), MILESTONES))
# From the day Decision 80/2014 took effect: a pack must apply on the contract's date.
STARTS = st.dates(min_value=date(2015, 2, 15), max_value=date(2035, 12, 31))
MONTHS = st.integers(1, 120)
DAYS = st.dates(min_value=date(2014, 6, 1), max_value=date(2047, 1, 1))


@settings(max_examples=300, deadline=None)
@given(LINES, STARTS, MONTHS, SCHEDULES, DAYS, st.sets(st.integers(1, 120), max_size=40))
def test_the_computation_keeps_its_own_rules(lines, start, months, schedule, day, accepted):
    kind, milestones = schedule
    computed = terms.compute(lines, start=start, months=months, schedule=kind,
                             milestones=milestones)
    amounts = [line_amounts(line) for line in lines]
    assert computed.before_vat == sum(a["amount"] for a in amounts)
    assert computed.vat == sum(a["vat"] for a in amounts)
    assert computed.total == computed.before_vat + computed.vat
    assert sum(g["base"] for g in computed.vat_groups) == computed.before_vat
    assert computed.end == add_months(start, months) - timedelta(days=1)
    periods = computed.periods
    assert sum(p.amount for p in periods) == computed.total
    assert [p.no for p in periods] == list(range(1, len(periods) + 1))
    if kind == "milestone":
        assert [p.label for p in periods] == [m["label"] for m in milestones]
        assert all(p.deadline == computed.end and p.start is None for p in periods)
        # Each part (before VAT and VAT of each rate) pays the milestone's percentage.
        for group in computed.vat_groups:
            for key, index in (("base", 1), ("vat", 2)):
                shares = [next((p[index] for p in period.parts if p[0] == group["rate"]), 0)
                          for period in periods]
                assert shares[:-1] == [group[key] * m["percent"] // 100
                                       for m in milestones[:-1]]
                assert sum(shares) == group[key]
    else:
        step = {"monthly": 1, "quarterly": 3}[kind]
        assert len(periods) == -(-months // step)
        assert periods[0].start == start and periods[-1].due == computed.end
        for period, following in zip(periods, periods[1:]):
            assert following.start == period.due + timedelta(days=1)
        assert all(p.deadline == p.due for p in periods)
        assert len({p.amount for p in periods[:-1]}) <= 1
    years: dict[int, int] = {}
    for period in periods:
        years[period.deadline.year] = years.get(period.deadline.year, 0) + period.amount
    assert computed.schedule.amount_per_year() == years
    assert list(computed.schedule.overdue(day, accepted)) == [
        p for p in periods if p.no not in accepted and p.deadline < day]


def test_the_preview_contract_shows_what_the_computation_gives():
    """documents/preview spells its sample schedule out with core's rules; it must agree."""
    preview = PREVIEW_CONTRACT
    computed = terms.compute([{k: line[k] for k in ("name", "unit", "quantity", "months",
                                                    "unit_price", "vat_rate")}
                              for line in preview["lines"]],
                             start=preview["term"]["start"], months=preview["term"]["months"],
                             schedule=preview["payment"]["schedule"])
    assert preview["totals"] == {k: computed.totals[k] for k in ("before_vat", "vat", "total")}
    assert preview["vat_groups"] == computed.vat_groups
    assert preview["term"]["end"] == computed.end
    assert preview["payment"]["periods"] == [
        {"no": p.no, "label": p.label, "due": p.deadline, "amount": p.amount}
        for p in computed.periods]


def _contract(user, lines, start, months, schedule) -> Contract:
    kind, milestones = schedule
    contract = Contract(
        organisation_id=user.organisation_id, created_by_id=user.id, status="active",
        title="Thuê dịch vụ thử", number="01/2026/HĐ-THU", pack_id=in_force_on(start),
        contract_date=start, start_date=start, months=months, schedule=kind,
        milestones=milestones, place="Hà Nội", step=5,
        party_a={"name": user.organisation.name}, party_b={"name": "Công ty Mây Số"},
        service_levels=[{"name": "Tính sẵn sàng", "target": "≥ 99,9%"}],
        lines=[ContractLine(position=i, **line) for i, line in enumerate(lines)])
    db.session.add(contract)
    db.session.flush()
    return contract


def _payment_rows(document: docx.document.Document) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Kỳ")
    return [[cell.text for cell in row.cells] for row in table.rows[1:-1]]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(LINES, STARTS, MONTHS, SCHEDULES, DAYS)
def test_the_document_acceptance_dashboard_and_ocds_show_the_one_computation(
        app, make_user, on_day, lines, start, months, schedule, day):
    user = getattr(app, "_terms_user", None) or make_user("agency_staff")
    app._terms_user = user
    on_day(day)
    contract = _contract(user, lines, start, months, schedule)
    try:
        computed = terms.of_contract(contract)
        periods = computed.periods
        # The Word document: its context, then the payment table as Word shows it.
        context = contract_context(contract, 1)
        assert context["totals"] == {k: computed.totals[k] for k in ("before_vat", "vat",
                                                                     "total")}
        assert context["term"]["end"] == computed.end
        assert [(p["no"], p["due"], p["amount"]) for p in context["payment"]["periods"]] == [
            (p.no, p.deadline, p.amount) for p in periods]
        rendered = docx.Document(io.BytesIO(render_docx(
            BUILTIN_DIR / "nd73-2019" / "contract.docx", context)))
        assert _payment_rows(rendered) == [[str(p.no), p.label, dmy(p.deadline),
                                            format_vnd(p.amount)] for p in periods]
        # Acceptance: each period, and the schedule as it stands.
        assert [acceptance.period_of(contract, p.no) for p in periods] == list(periods)
        rows = acceptance.schedule_summary(contract, records={}, day=day)["rows"]
        assert [row["period"] for row in rows] == list(periods)
        assert [row["period"].no for row in rows if row["overdue"]] == [
            p.no for p in periods if p.deadline < day]
        # The dashboard: value per year of each deadline, overdue periods, expiry.
        shown = dashboard.agency_dashboard(user.organisation_id)
        years = {}
        for period in periods:
            years[period.deadline.year] = years.get(period.deadline.year, 0) + period.amount
        assert {y["year"]: y["amount"] for y in shown["years"]} == years
        assert [(item["no"], item["due"], item["amount"]) for item in shown["overdue"]] == [
            (p.no, p.deadline, p.amount) for p in periods if p.deadline < day]
        ending = [item["end"] for item in shown["expiring"]]
        assert ending == ([computed.end] if day <= computed.end <= day + timedelta(90)
                          else [])
        # OCDS: one payment milestone per period, due at its deadline.
        milestones = ocds._milestones(computed, {}, day)
        assert [m["id"] for m in milestones] == [f"period-{p.no}" for p in periods]
        assert [m["dueDate"][:10] for m in milestones] == [p.deadline.isoformat()
                                                           for p in periods]
        assert computed.end == last_day(start, months)
    finally:
        db.session.rollback()
