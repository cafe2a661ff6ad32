"""Dates are consistent and bounded, and a contract's number is given once, at approval
(issue 12, point 5)."""
import threading
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, update
from wtforms.fields import DateField

from accounts.models import User
from contracts.models.contract import Contract, ContractCounter
from contracts.models.lifecycle import ContractTransition
from contracts.services import acceptance, lifecycle
from contracts.services.lifecycle import LifecycleError
from contracts.services.wizard import date_problem
from core import clock
from core.forms import DayField, Form
from documents import storage
from extensions import db
from tests.contracts.lifecycle_helpers import advance
from tests.contracts.test_frozen import SIGNATORIES
from tests.helpers import text

BAD_DATES = [("9999-12-31", "Năm phải từ 2000 đến 2100."),
             ("1999-12-31", "Năm phải từ 2000 đến 2100."),
             ("2101-01-01", "Năm phải từ 2000 đến 2100."),
             ("31/02/2026", "Ngày không hợp lệ"), ("ngày mai", "Ngày không hợp lệ")]


def _forms(cls=Form):
    for sub in cls.__subclasses__():
        yield sub
        yield from _forms(sub)


def test_every_date_field_of_the_application_is_a_bounded_day_field(app):
    import accounts.forms, contracts.forms.acceptance, contracts.forms.amendments  # noqa
    import contracts.forms.lifecycle, contracts.forms.wizard, documents.forms  # noqa
    import plans.forms, vendors.forms  # noqa
    dates = [(form.__name__, name) for form in _forms() for name, value in vars(form).items()
             if getattr(value, "field_class", None) and issubclass(value.field_class, DateField)]
    assert len(dates) >= 13
    assert [(form, name) for form in _forms() for name, value in vars(form).items()
            if getattr(value, "field_class", None)
            and issubclass(value.field_class, DateField)
            and not issubclass(value.field_class, DayField)] == []


@pytest.mark.parametrize("typed, message", BAD_DATES)
def test_a_date_outside_2000_to_2100_or_not_a_date_is_refused_with_a_message(
        client, login, people, contract, typed, message):
    login(people.staff)
    base = f"/contracts/{contract.id}/wizard"
    response = client.post(f"{base}/term", data={
        "start_date": typed, "months": "60", "preparation_months": "3",
        "schedule": "quarterly", "milestones": "", "payment_method": "Chuyển khoản",
        "payment_days": "15"})
    assert response.status_code == 200 and message in text(response)
    assert 'value="60"' in response.get_data(as_text=True)  # nothing typed is lost
    response = client.post(f"{base}/clauses", data={"contract_date": typed})
    assert response.status_code == 200 and message in text(response)


def test_the_boundary_years_are_accepted(app):
    with app.test_request_context():
        class One(Form):
            day = DayField()
        for typed, expected in (("2000-01-01", date(2000, 1, 1)),
                                ("31/12/2100", date(2100, 12, 31))):
            form = One(formdata=None, data={})
            form.day.process_formdata([typed])
            assert form.day.data == expected


def test_a_contract_date_before_its_plan_was_approved_is_refused():
    plan = SimpleNamespace(approved_on=date(2026, 8, 20), approval_number="215/QĐ-SKHCN")
    contract = SimpleNamespace(plan=plan)
    assert date_problem(contract, date(2026, 8, 19)) == (
        "Ngày hợp đồng (19/08/2026) không được trước ngày phê duyệt kế hoạch thuê "
        "(20/08/2026, quyết định số 215/QĐ-SKHCN).")
    assert date_problem(contract, date(2026, 8, 20)) is None
    assert date_problem(SimpleNamespace(plan=None), date(2001, 1, 1)) is None


def test_signing_before_the_contract_date_or_in_the_future_is_refused(people, contract):
    advance(contract, people, "approved")
    with pytest.raises(LifecycleError, match=r"Ngày ký \(19/11/2026\) không được trước ngày "
                                             r"của hợp đồng \(20/11/2026\)"):
        lifecycle.sign(contract, date(2026, 11, 19), SIGNATORIES, actor=people.staff)
    tomorrow = clock.today() + timedelta(days=1)
    with pytest.raises(LifecycleError, match="không được sau ngày hôm nay"):
        lifecycle.sign(contract, tomorrow, SIGNATORIES, actor=people.staff)


def test_an_acceptance_before_the_signing_is_refused(people, contract, on_day):
    on_day(date(2027, 3, 10))
    advance(contract, people, "active")  # signed on its date, 20/11/2026
    levels = [{"measured": "99,95%", "met": True}] * len(contract.service_levels)
    with pytest.raises(acceptance.AcceptanceError, match=r"Ngày nghiệm thu \(19/11/2026\) "
                                                         r"không được trước ngày ký"):
        acceptance.record_acceptance(contract, 1, levels, 0, "", date(2026, 11, 19), "",
                                     actor=people.staff)


def test_drafts_use_no_number_and_print_dots_until_approval(people, contract):
    assert contract.number is None
    assert db.session.scalar(select(func.count()).select_from(ContractCounter)) == 0
    advance(contract, people, "approved")
    assert contract.number == "01/2026/HĐ-SKHCN"
    [numbered, draft] = storage.documents_of("contract", contract.id)
    assert (draft.template_id, numbered.template_id) == (contract.template_id,) * 2


def test_a_request_that_read_a_state_already_left_is_refused_and_records_nothing(
        people, contract):
    advance(contract, people, "confirmed")
    # Another request approves it first (here, straight in the database).
    db.session.execute(update(Contract).where(Contract.id == contract.id)
                       .values(status="approved")
                       .execution_options(synchronize_session=False))
    with pytest.raises(LifecycleError, match="vừa được thao tác ở một yêu cầu khác"):
        lifecycle.approve(contract, actor=people.approver)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ContractCounter)) == 0
    assert [t.action for t in db.session.scalars(select(ContractTransition))] == [
        "submit", "clear", "share", "confirm"]


def test_two_simultaneous_approvals_record_one_transition_and_use_one_number(
        app, people, contract, monkeypatch):
    advance(contract, people, "confirmed")
    contract_id, approver_id = contract.id, people.approver.id
    db.session.remove()
    both_checked = threading.Barrier(2, timeout=10)
    original = lifecycle.check

    def check_then_wait(*args, **kwargs):  # both requests read "review" before either moves
        original(*args, **kwargs)
        both_checked.wait()
    monkeypatch.setattr(lifecycle, "check", check_then_wait)
    results = []

    def request():
        with app.app_context():
            try:
                lifecycle.approve(db.session.get(Contract, contract_id),
                                  actor=db.session.get(User, approver_id))
                db.session.commit()
                results.append("approved")
            except LifecycleError as error:
                db.session.rollback()
                results.append(str(error))
            finally:
                db.session.remove()
    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("approved") == 1
    assert [r for r in results if r != "approved"] == [
        "Hợp đồng vừa được thao tác ở một yêu cầu khác; hãy tải lại trang để xem trạng thái "
        "hiện tại."]
    assert db.session.scalar(select(func.count()).select_from(ContractTransition).where(
        ContractTransition.action == "approve")) == 1
    assert db.session.scalar(select(ContractCounter.last)) == 1
    assert db.session.get(Contract, contract_id).number == "01/2026/HĐ-SKHCN"
