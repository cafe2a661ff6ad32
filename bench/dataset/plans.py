"""Lease plans: the three demo plans (one per legal basis) spread over the agencies."""
from __future__ import annotations

from bench import names
from bench.dataset.loading import next_id
from plans.demo import COMMON, DEMO, yearly
from plans.models import LeasePlan, PlanCostLine, plan_services


class PlanSteps:
    """The builder's step for lease plans and their estimate lines."""

    def plans(self) -> None:
        """Lease plans after the three demo plans, one legal basis each."""
        rng = self.rng
        plan_id = next_id(LeasePlan)
        for i in range(self.counts.plans):
            spec = DEMO[i % len(DEMO)]
            agency = self.agency_rows[i % len(self.agency_rows)]
            start, end = spec["period"]
            approved = spec["approve"]
            self.load.add(LeasePlan, {
                "id": plan_id, "organisation_id": agency.id, "created_by_id": agency.staff,
                "title": spec["title"], "plan_date": spec["date"], "pack_id": spec["pack"],
                "status": "approved" if approved else "draft",
                "approval_number": approved[0] if approved else None,
                "approved_on": approved[1] if approved else None,
                "approved_by_id": agency.approver if approved else None,
                "number": spec.get("number", ""), "place": agency.province,
                "signer_title": spec["signer"][0], "signer_name": names.person(rng),
                "recipients": ["Ủy ban nhân dân (để báo cáo)", "Sở Tài chính", "Lưu: VT"],
                "extra_bases": [], "sections": {**COMMON, **spec["sections"], "method_note": ""},
                "period_start": start, "period_end": end, "preparation_months": spec["prep"],
                "short_period_allowed": False, "security_level_proposal": spec["level"],
                "estimate_method": spec["method"], "calculator": None, "version": 1,
                "created_at": self.now, "updated_at": self.now})
            for service_id in rng.sample(self.active_services,
                                         min(len(self.active_services), rng.randint(1, 2))):
                self.load.add(plan_services, {"plan_id": plan_id, "service_id": service_id})
            lines = list(spec["lines"])
            if not any(line[0] == "lease" for line in lines):  # the demo's calculator adds them
                lines += yearly(f"Thuê dịch vụ {spec['title'][13:].lower()}", "gói/tháng", 1,
                                65_000_000, "kct", start, 60)
            for position, line in enumerate(lines):
                self.load.add(PlanCostLine, dict(zip(
                    ("part", "content", "unit", "quantity", "months", "unit_price", "vat_rate",
                     "budget_year"), line), plan_id=plan_id, position=position,
                    from_calculator=False))
            plan_id += 1
            self.bar.update(1)
        self.load.flush()
