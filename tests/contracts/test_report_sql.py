"""contracts.services.budget_years states in SQL what terms.Schedule gives: for generated
signed contracts of every schedule kind (periodic and one-off lines, any VAT rate, any start),
with periods accepted (with deductions) and paid in part, some amended after acceptance and
some terminated, the figures the database sums per budget year are the ones worked out here
from each contract's Schedule and its records, one by one."""
from collections import defaultdict
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import SIGNED, SPENDING, Contract, ContractLine
from contracts.models.lifecycle import ContractLifecycle
from contracts.services import national_report, terms
from core.vat import VAT_RATES
from extensions import db

LINES = st.lists(st.fixed_dictionaries({
    "name": st.just("Dịch vụ"), "unit": st.just("tháng"), "quantity": st.integers(1, 20),
    "months": st.integers(1, 60),
    "unit_price": st.one_of(st.integers(0, 3_000_000), st.sampled_from([1, 15, 99])),
    "vat_rate": st.sampled_from(VAT_RATES),
    "billing": st.sampled_from(["periodic", "periodic", "once"]),
    "billed_month": st.integers(1, 70)}), min_size=1, max_size=4)
MILESTONES = st.lists(st.integers(1, 99), unique=True, max_size=3).map(sorted).map(
    lambda cuts: [{"label": f"Mốc {i + 1}", "percent": b - a}
                  for i, (a, b) in enumerate(zip([0, *cuts], [*cuts, 100]))])
SCHEDULES = st.one_of(st.tuples(st.sampled_from(["monthly", "quarterly"]), st.just([])),
                      st.tuples(st.just("milestone"), MILESTONES))
CONTRACT = st.fixed_dictionaries({
    "lines": LINES, "schedule": SCHEDULES, "months": st.integers(1, 60),
    "start": st.dates(min_value=date(2015, 3, 1), max_value=date(2032, 12, 31)),
    "status": st.sampled_from(SIGNED), "accepted": st.sets(st.integers(1, 60), max_size=8),
    "deduct": st.integers(0, 100), "pay": st.integers(0, 100),
    "amend": st.one_of(st.none(), st.tuples(st.integers(50, 200), st.integers(0, 12))),
    "signed_on": st.dates(min_value=date(2014, 6, 1), max_value=date(2033, 1, 1))})


def build(user, spec) -> Contract:
    """A signed contract as the lifecycle leaves it, its periods accepted as acceptance does
    (each with the parts its schedule gives it then) and paid in part, then maybe amended."""
    kind, milestones = spec["schedule"]
    contract = Contract(
        organisation_id=user.organisation_id, created_by_id=user.id, status=spec["status"],
        title="Thuê dịch vụ", pack_id="nd73-2019", start_date=spec["start"],
        months=spec["months"], schedule=kind, milestones=milestones, place="Hà Nội",
        lines=[ContractLine(position=i, **line) for i, line in enumerate(spec["lines"])])
    db.session.add(contract)
    db.session.flush()
    db.session.add(ContractLifecycle(contract_id=contract.id, signed_on=spec["signed_on"]))
    for no in sorted(spec["accepted"]):
        period = terms.of_contract(contract).schedule.period(no)
        if period is None:
            continue
        deductions = period.amount * spec["deduct"] // 300
        record = AcceptanceRecord(
            contract_id=contract.id, period_no=no, period_label=str(period.label),
            period_amount=period.amount, period_parts=terms.parts_json(period),
            deductions=deductions, accepted_amount=period.amount - deductions,
            service_levels=[], accepted_on=spec["start"], recorded_by_id=user.id)
        db.session.add(record)
        db.session.flush()
        if paid := record.accepted_amount * spec["pay"] // 100:
            db.session.add(PaymentRecord(contract_id=contract.id, acceptance_id=record.id,
                                         amount=paid, paid_on=spec["start"],
                                         reference=f"UNC-{no}", recorded_by_id=user.id))
    if spec["amend"]:
        percent, more = spec["amend"]
        for line in contract.lines:
            line.unit_price = line.unit_price * percent // 100
        contract.months += more
        db.session.add(ContractAmendment(contract_id=contract.id, number=1, status="signed",
                                         created_by_id=user.id))
    db.session.flush()
    db.session.expire_all()
    return db.session.get(Contract, contract.id)


def worked_out(contract: Contract) -> dict[int, tuple]:
    """Per year: (contracts signed, periods due, committed, accepted, paid), from the
    contract's Schedule and records, one by one."""
    schedule = terms.of_contract(contract).schedule
    due = {p.no: p.deadline.year for p in schedule.periods}
    years: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    years[contract.lifecycle.signed_on.year][0] += 1
    records = list(db.session.scalars(db.select(AcceptanceRecord).where(
        AcceptanceRecord.contract_id == contract.id)))
    if contract.status in SPENDING:
        for period in schedule.periods:
            years[due[period.no]][1] += 1
            years[due[period.no]][2] += period.amount
    else:  # terminated: what was accepted before the end
        for record in records:
            years[due[record.period_no]][1] += 1
            years[due[record.period_no]][2] += record.period_amount
    for record in records:
        years[due[record.period_no]][3] += record.accepted_amount
        for payment in record.payments:
            years[due[record.period_no]][4] += payment.amount
    return {year: tuple(v) for year, v in years.items() if any(v)}


def summed(user) -> dict[int, tuple]:
    filters = national_report.Filters(organisation_id=user.organisation_id)
    rows = national_report.sums(filters, ("year",))["year"]
    return {year: (r.contracts, r.periods, r.committed, r.accepted, r.paid)
            for year, r in rows.items()
            if any((r.contracts, r.periods, r.committed, r.accepted, r.paid))}


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CONTRACT, min_size=1, max_size=3))
def test_the_database_sums_what_each_schedule_gives(app, make_user, specs):
    user = getattr(app, "_report_user", None) or make_user("agency_staff")
    app._report_user = user
    try:
        contracts = [build(user, spec) for spec in specs]
        problems = [terms.of_contract(c).schedule.problem for c in contracts]
        assume(not any(problems))  # an amendment the service would refuse
        expected: dict[int, list[int]] = defaultdict(lambda: [0] * 5)
        for contract in contracts:
            for year, figures in worked_out(contract).items():
                expected[year] = [a + b for a, b in zip(expected[year], figures)]
        assert summed(user) == {year: tuple(v) for year, v in expected.items()}
    finally:
        db.session.rollback()
