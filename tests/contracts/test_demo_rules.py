"""The demo data obeys the rules of issue 12 it can be checked against (point 10): numbers only
from approval, dates in order, money conserved through a signed amendment that follows
accepted and paid periods, titles with no doubled word, both parties complete (point 7)."""
import pytest
from sqlalchemy import select

from accounts.models import Organisation
from accounts.services import profile_gaps
from contracts.models import ContractAmendment
from contracts.models.contract import Contract
from contracts.services import acceptance, terms
from contracts.services.parties import missing_party_fields
from contracts.services.within_plan import plan_problems
from contracts.services.wizard import repeated_word
from extensions import db


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return list(db.session.scalars(select(Contract).order_by(Contract.id)))


def test_every_demo_contract_obeys_the_numbering_dates_and_money_rules(demo):
    for contract in demo:
        unnumbered = ("draft", "review", "refused")  # a number is given at approval only
        assert bool(contract.number) == (contract.status not in unnumbered), contract.id
        assert repeated_word(contract.title) is None, contract.title
        record = contract.lifecycle
        if record is not None and record.signed_on:
            assert record.signed_on >= contract.contract_date
        computed = terms.of_contract(contract)
        assert computed.schedule.problem is None
        assert sum(p.amount for p in computed.periods) == computed.total
        records = acceptance.records_by_contract([contract.id])[contract.id]
        for no, accepted in records.items():
            assert accepted.accepted_on >= record.signed_on
            assert accepted.paid <= accepted.accepted_amount
            assert computed.schedule.period(no).amount == accepted.period_amount


def test_demo_contracts_for_built_to_requirements_services_follow_approved_plans(demo):
    custom = [c for c in demo if c.offering.service.needs_plan]
    assert {c.offering.service.code for c in custom} == {"PM-001", "PM-002"}
    for contract in custom:
        assert contract.plan is not None and contract.plan.status == "approved"
        assert contract.contract_date >= contract.plan.approved_on
    assert [(c.id, plan_problems(c)) for c in demo if plan_problems(c)] == []


def test_the_demo_has_an_amendment_signed_after_accepted_and_paid_periods(demo):
    amended = [a for a in db.session.scalars(select(ContractAmendment))
               if a.status == "signed"]
    assert amended, "no signed amendment in the demo data"
    amendment = amended[0]
    contract = amendment.contract
    records = acceptance.records_by_contract([contract.id])[contract.id]
    before = [r for r in records.values() if r.accepted_on <= amendment.signed_on]
    assert before and any(r.paid for r in before)
    # The accepted periods kept their amounts; the amended value is carried by the rest.
    computed = terms.of_contract(contract)
    assert computed.total == terms.compute(
        amendment.terms["lines"], start=contract.start_date, months=amendment.terms["months"],
        schedule=contract.schedule).total
    for record in before:
        assert computed.schedule.period(record.period_no).amount == record.period_amount


def test_every_demo_agency_has_a_complete_profile_and_every_contract_complete_parties(demo):
    agencies = list(db.session.scalars(select(Organisation).where(Organisation.kind == "agency")))
    assert agencies and [(o.name, profile_gaps(o)) for o in agencies if profile_gaps(o)] == []
    assert [(c.id, missing_party_fields(c)) for c in demo if missing_party_fields(c)] == []
    assert all(c.party_a["budget_code"] == c.organisation.budget_code for c in demo)
