"""A contract's later life, where the schema has it: lifecycle, acceptance and payment records."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
from contracts.models.lifecycle import ContractLifecycle
from contracts.services import terms


def optional_models() -> dict[str, Any]:
    """The models of a contract's later life, by the name the steps use."""
    return {"lifecycle": ContractLifecycle, "acceptance": AcceptanceRecord,
            "payment": PaymentRecord}


class LifecycleSteps:
    """The later records of a numbered contract, made by `ContractSteps._contract`."""

    def _lifecycle(self, row: dict, agency, status: str, ended: date | None) -> None:
        """Clearance, signing, start and end of a contract past the draft (if modelled)."""
        model = self.extra.get("lifecycle")
        if model is None or status == "review":
            return
        day = row["contract_date"]
        signed = status not in ("approved",)
        self.load.add(model, {
            "contract_id": row["id"], "legal_cleared_at": datetime.combine(
                day - timedelta(days=7), datetime.min.time()),
            "legal_cleared_by_id": None, "signed_on": day if signed else None,
            "signatories": {"a": {"name": row["party_a"].get("representative", ""),
                                  "position": row["party_a"].get("position", "")},
                            "b": {"name": row["party_b"].get("representative", ""),
                                  "position": row["party_b"].get("position", "")}}
            if signed else {},
            "activated_on": row["start_date"] if status != "signed" and signed else None,
            "ended_on": ended})

    def _acceptances(self, row: dict, lines: list[dict], agency, until: date) -> None:
        """Each period due before `until` accepted and paid, as the agency records them;
        now and then the last one is still waiting (overdue)."""
        acceptance, payment = self.extra.get("acceptance"), self.extra.get("payment")
        if acceptance is None:
            return
        rng = self.rng
        periods = terms.compute(lines, start=row["start_date"], months=row["months"],
                                schedule=row["schedule"], milestones=row["milestones"]).periods
        # A running contract's latest period is accepted some days after it falls due.
        due_before = until - timedelta(days=20) if row["status"] == "active" else until
        done = [p for p in periods if p.deadline <= due_before]
        if row["status"] == "active" and done and rng.random() < 0.05:
            done.pop()  # not accepted yet: the dashboard lists it as overdue
        for period in done:
            record_id = self.ids[acceptance]
            self.ids[acceptance] += 1
            deduction = period.amount // 50 if rng.random() < 0.05 else 0
            accepted_on = period.deadline + timedelta(days=rng.randint(3, 15))
            self.load.add(acceptance, {
                "id": record_id, "contract_id": row["id"], "period_no": period.no,
                "period_label": str(period.label), "period_start": period.start,
                "period_due": period.due, "period_amount": period.amount,
                "deductions": deduction,
                "deduction_reason": "Vi phạm thời gian khôi phục dịch vụ" if deduction else "",
                "accepted_amount": period.amount - deduction,
                "service_levels": [{"name": level["name"], "target": level["target"],
                                    "measure": level.get("measure", ""), "measured": "Đạt",
                                    "met": not deduction} for level in row["service_levels"]],
                "notes": "", "accepted_on": accepted_on, "recorded_by_id": agency.staff,
                "created_at": self.now})
            if payment is not None and period.amount - deduction > 0:
                self.load.add(payment, {
                    "id": self.ids[payment], "contract_id": row["id"],
                    "acceptance_id": record_id, "amount": period.amount - deduction,
                    "paid_on": accepted_on + timedelta(days=rng.randint(5, 20)),
                    "reference": f"UNC-{record_id:07d}", "recorded_by_id": agency.staff,
                    "created_at": self.now})
                self.ids[payment] += 1
