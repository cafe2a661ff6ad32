"""A Hypothesis state machine drives one contract through random sequences of generating,
the lifecycle, accepting and paying periods, amendments that raise or lower the value and the
term, new template versions and the render commands; after every step the documents of every
signed text are unchanged byte for byte, the contract's number once given never changes, and
money is conserved: accepted periods keep the amount and VAT parts they were accepted at,
paid <= accepted in every period, the accepted sum never exceeds the value as amended, and
the schedule adds up to it (issue 12, points 1, 3 and 5)."""
from datetime import date

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (RuleBasedStateMachine, initialize, invariant, rule,
                                 run_state_machine_as_test)

from accounts.models import User
from contracts.models import ContractAmendment
from contracts.models.contract import RUNNING, SIGNED, Contract
from contracts.services import acceptance, amendments, lifecycle, payments
from contracts.services.document import generate_contract_document
from core import clock
from documents import storage
from extensions import db
from vendors.models import Offering
from tests.contracts.lifecycle_helpers import advance as advance_to, make_contract
from tests.helpers import first_user
from tests.contracts.money_helpers import assert_money_conserved, attempt
from tests.contracts.test_frozen import SIGNATORIES, upload_new_template_version

pytestmark = pytest.mark.slow

MOVES = ("submit", "return", "clear", "share", "confirm", "approve", "sign", "activate")


def snapshot(owner_type: str, owner_id: int, kind: str) -> list[tuple[int, str, bytes]]:
    """Every stored document of the owner and kind: id, SHA-256 and the bytes on disk."""
    return [(d.id, d.sha256, storage.read_document(d))
            for d in storage.documents_of(owner_type, owner_id) if d.kind == kind]


def test_signed_texts_never_change(app, client, login, people, offering, runner, on_day):
    # A day some periods into the lease (it starts on 01/09/2026), so periods can be accepted.
    on_day(date(2027, 12, 15))
    user_ids = {name: getattr(people, name).id
                for name in ("staff", "approver", "legal", "operator_legal")}
    offering_id = offering.id

    class SignedTexts(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.contract_id, self.amendment_id, self.amendment = None, None, None
            self._reload()  # an earlier example's render commands emptied the session
            self.contract = make_contract(client, login, people,
                                          db.session.get(Offering, offering_id))
            self.contract_id = self.contract.id
            self.number = self.contract.number
            self.frozen: dict[tuple[str, int], list] = {}  # owner -> its documents when signed
            self.accepted: dict[int, tuple] = {}  # period -> (amount, parts) when accepted

        def _reload(self) -> None:
            """The render commands empty the session (render-all keeps it small): load the
            contract, the amendment and the people again."""
            db.session.expire_all()
            if self.contract_id:
                self.contract = db.session.get(Contract, self.contract_id)
            if self.amendment_id:
                self.amendment = db.session.get(ContractAmendment, self.amendment_id)
            for name, user_id in user_ids.items():
                setattr(people, name, db.session.get(User, user_id))

        def _attempt(self, step) -> bool:
            return attempt(step)

        def _freeze_if_signed(self, owner_type, subject) -> None:
            key = (owner_type, subject.id)
            if subject.status in SIGNED and key not in self.frozen:
                self.frozen[key] = snapshot(owner_type, subject.id, owner_type)
                assert self.frozen[key], "a text was signed with no document"

        @initialize(signed=st.booleans())
        def start(self, signed):
            """Half the runs start from the signed, active contract, so that acceptances,
            payments and amendments after them are reached within the steps."""
            if signed:
                self._attempt(lambda: advance_to(self.contract, people, "active"))
                self._freeze_if_signed("contract", self.contract)

        @rule()
        def generate(self):
            self._attempt(lambda: generate_contract_document(self.contract, actor=people.staff))

        @rule(quantity=st.integers(-1, 2), months=st.sampled_from([-36, -12, 0, 12]),
              price=st.sampled_from([50, 100, 130]))
        def advance(self, quantity, months, price):
            """The next move on the usual road, so that most runs reach the signed states and
            amend the running contract: its next amendment, then that amendment's road."""
            subject = self.amendment if self.amendment and self.amendment.is_open \
                else self.contract
            if subject.status == "active":
                self.amend(quantity, months, price)
                return
            record = subject if subject is self.amendment else lifecycle.lifecycle_of(
                self.contract, create=False)
            review = ("clear" if record is None or not record.legal_cleared else "share"
                      if not record.shared else "confirm" if not record.vendor_confirmed
                      else "approve")
            self.move({"draft": "submit", "review": review,
                       "approved": "sign", "signed": "activate"}.get(subject.status, "activate"))

        @rule(move=st.sampled_from(MOVES))
        def move(self, move):
            c = self.contract
            a = self.amendment if self.amendment and self.amendment.is_open else None

            def sign():
                if a is not None:
                    amendments.sign_amendment(c, a, clock.today(), SIGNATORIES,
                                              actor=people.staff)
                else:
                    lifecycle.sign(c, c.contract_date, SIGNATORIES, actor=people.staff)
            actions = {
                "submit": lambda: lifecycle.submit(c, actor=people.staff, amendment=a),
                "return": lambda: lifecycle.send_back(c, "Sửa lại Điều 3.", actor=people.legal,
                                                      amendment=a),
                "clear": lambda: lifecycle.clear_legally(c, actor=people.legal, amendment=a),
                "share": lambda: lifecycle.share(c, actor=people.staff, amendment=a),
                "confirm": lambda: lifecycle.confirm(c, actor=first_user(c.vendor), amendment=a),
                "approve": lambda: lifecycle.approve(c, actor=people.approver, amendment=a),
                "sign": sign,
                "activate": lambda: lifecycle.activate(c, c.start_date, actor=people.staff),
            }
            self._attempt(actions[move])
            self._freeze_if_signed("contract", c)
            if a is not None:
                self._freeze_if_signed("amendment", a)

        @rule(quantity=st.integers(-1, 2), months=st.sampled_from([-36, -12, 0, 12]),
              price=st.sampled_from([50, 100, 130]))
        def amend(self, quantity, months, price):
            """Open an amendment changing the quantity, the term and the price: some fit
            the accepted periods, some would not and are refused."""
            c = self.contract
            if c.status not in RUNNING or amendments.open_amendment(c) is not None:
                return

            def prepare():
                amendment = amendments.start_amendment(c, actor=people.staff,
                                                       today=clock.today())
                new_terms = amendments.current_terms(c)
                new_terms["months"] = max(1, new_terms["months"] + months)
                line = new_terms["lines"][0]
                line["quantity"] = max(1, line["quantity"] + quantity)
                line["months"] = new_terms["months"]
                line["unit_price"] = line["unit_price"] * price // 100
                amendments.save_amendment(amendment, {
                    "reason": "Điều chỉnh số máy chủ ảo, thời gian thuê và đơn giá.",
                    "place": c.place, "amendment_date": clock.today(), **new_terms},
                    actor=people.staff)
                amendments.generate_amendment_document(amendment, actor=people.staff)
                self.amendment, self.amendment_id = amendment, amendment.id
            self._attempt(prepare)

        @rule(quantity=st.integers(-1, 2), months=st.sampled_from([-36, -12, 0, 12]),
              price=st.sampled_from([50, 100, 130]))
        def amend_through(self, quantity, months, price):
            """An amendment of the running contract taken the whole road to signing in one
            step (advance walks it a move at a time), so that most runs sign amendments
            after periods were accepted and paid."""
            if self.amendment is None or not self.amendment.is_open:
                self.amend(quantity, months, price)
            for _ in range(4):
                if self.amendment is None or not self.amendment.is_open:
                    return
                self.advance(quantity, months, price)

        @rule(period=st.integers(1, 6), deduction=st.sampled_from([0, 0, 1, 250_000]))
        def accept(self, period, deduction):
            c = self.contract
            levels = [{"measured": "99,95%", "met": True} for _ in c.service_levels]
            self._attempt(lambda: acceptance.record_acceptance(
                c, period, levels, deduction, "Gián đoạn dịch vụ 2 giờ." if deduction else "",
                clock.today(), "", actor=people.staff))

        @rule(period=st.integers(1, 6), share=st.sampled_from([1, 2, 3]))
        def pay(self, period, share):
            record = acceptance.acceptance_for(self.contract, period)
            if record is not None:
                amount = max(1, record.unpaid // share)
                self._attempt(lambda: payments.record_payment(
                    record, amount, clock.today(), f"UNC-{period}-{share}", actor=people.staff))

        @rule()
        def regenerate_amendment(self):
            if self.amendment is not None:
                self._attempt(lambda: amendments.generate_amendment_document(
                    self.amendment, actor=people.staff))

        @rule(kind=st.sampled_from(["contract", "amendment"]))
        def new_template_version(self, kind):
            upload_new_template_version(people.operator_legal, self.contract.pack_id, kind)

        @rule()
        def render_all(self):
            result = runner.invoke(args=["contracts", "render-all", *[
                arg for status in ("draft", "review", "approved", *SIGNED)
                for arg in ("--status", status)]])
            assert result.exit_code == 0, result.output
            self._reload()

        @rule()
        def render(self):
            runner.invoke(args=["contracts", "render", str(self.contract.id), "--out",
                                str(app.instance_path) + "/render.docx"])
            self._reload()

        @invariant()
        def signed_texts_are_unchanged(self):
            for (owner_type, owner_id), documents in self.frozen.items():
                assert snapshot(owner_type, owner_id, owner_type) == documents

        @invariant()
        def money_is_conserved(self):
            assert_money_conserved(self.contract, self.accepted)

        @invariant()
        def the_number_never_changes(self):
            # Given at approval, never before: a draft or a contract in review has none.
            assert (self.contract.number is None) == (self.contract.status in ("draft",
                                                                               "review"))
            number = self.contract.number
            if self.number is not None:
                assert number == self.number
            self.number = number

    run_state_machine_as_test(SignedTexts, settings=settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
