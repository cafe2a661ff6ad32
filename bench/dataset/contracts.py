"""Contracts as the wizard leaves them, in every state; a document record for each numbered one."""
from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta
from itertools import accumulate
from types import SimpleNamespace
from typing import Any

from accounts.audit import jsonable
from bench import names
from bench.dataset.lifecycle import optional_models
from bench.dataset.loading import next_id, weighted
from catalog.legal_bases import in_force_on
from catalog.services import service_snapshot
from contracts.models.contract import Contract, ContractCounter, ContractLine
from contracts.services.numbering import format_number
from contracts.services.wizard import DEFAULT_HANDOVER, vendor_party
from core import clock
from core.formats import roman
from core.months import last_day
from documents.models import GeneratedDocument
from vendors.services import offering_snapshot, vendor_snapshot

FIRST_DAY = date(2015, 3, 1)  # Decision 80/2014 took effect on 15/02/2015
RECENT_DAYS = 120  # contracts dated this close to today are still on their way to signing
RECENT_STATUSES = {"draft": 40, "review": 15, "approved": 15, "signed": 30}
EXTRA_LINES = (("Khởi tạo, chuyển đổi dữ liệu và đào tạo", "gói", 1, 1, "kct"),
               ("Hỗ trợ kỹ thuật tại chỗ", "ngày công", 20, 1, "10"))
MILESTONES = [{"label": "Nghiệm thu, bàn giao đưa dịch vụ vào sử dụng", "percent": 30},
              {"label": "Sau 12 tháng sử dụng dịch vụ", "percent": 30},
              {"label": "Kết thúc hợp đồng, bàn giao dữ liệu", "percent": 40}]


class ContractSteps:
    """The builder's step for contracts, their lines, counters and document records."""

    def contracts(self) -> None:
        """Contracts in every state, more of them in recent years; big agencies sign more
        (weights 1/sqrt(rank)). The state follows the dates: a lease that has ended is
        expired or terminated, a running one active, a recent one still in the workflow."""
        rng = self.rng
        cumulative = list(accumulate((rank + 1) ** -0.5 for rank in range(len(self.agency_rows))))
        self.number_counters: Counter = Counter()
        self.today = clock.today()
        self.ids = {model: next_id(model) for model in (Contract, GeneratedDocument)}
        self.extra = optional_models()
        for model in self.extra.values():
            if hasattr(model, "id"):
                self.ids[model] = next_id(model)
        span = (self.today - FIRST_DAY).days
        for _ in range(self.counts.contracts):
            agency = self.agency_rows[rng.choices(range(len(self.agency_rows)),
                                                  cum_weights=cumulative)[0]]
            day = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.5))
            self._contract(agency, day)
            self.bar.update(1)
        for (org_id, year), last in self.number_counters.items():
            self.load.add(ContractCounter, {"organisation_id": org_id, "year": year,
                                            "last": last})
        self.load.flush()

    def _contract(self, agency, day: date) -> None:
        """One contract as the wizard left it, then as its life has gone so far."""
        rng = self.rng
        start = (day.replace(day=1) + timedelta(days=45)).replace(day=1)
        months = rng.choice((12, 24, 36, 36, 48, 60))
        end = last_day(start, months)
        if end < self.today:
            status = "expired" if rng.random() < 0.9 else "terminated"
        elif (self.today - day).days < RECENT_DAYS or start > self.today:
            status = weighted(rng, RECENT_STATUSES)
        else:
            status = "active" if rng.random() < 0.92 else "terminated"
        step = 5 if status != "draft" or rng.random() < 0.5 else rng.randint(0, 4)
        if not self.public_offerings:
            step, status = 0, "draft"
        contract_id = self.ids[Contract]
        self.ids[Contract] += 1
        row, lines = self._wizard(contract_id, agency, day, start, months, status, step)
        self.load.add(Contract, row)
        for position, line in enumerate(lines):
            self.load.add(ContractLine, {"contract_id": contract_id, "position": position,
                                         **line})
        if not row["number"]:
            return
        document_id = self.ids[GeneratedDocument]
        self.ids[GeneratedDocument] += 1
        self.load.add(GeneratedDocument, {
            "id": document_id, "owner_type": "contract", "owner_id": contract_id,
            "kind": "contract", "template_id": row["template_id"],
            "file_name": f"hop-dong-{row['number'].replace('/', '-')}.docx",
            "sha256": hashlib.sha256(f"bench-{contract_id}".encode()).hexdigest(),
            "size": rng.randint(30_000, 60_000), "created_by_id": agency.staff,
            "created_at": self.now})
        ended = None
        if status in ("expired", "terminated"):
            ended = end if status == "expired" else \
                start + timedelta(days=rng.randint(30, max(31, (min(end, self.today)
                                                                - start).days)))
        self._lifecycle(row, agency, status, ended)
        if status in ("active", "expired", "terminated"):
            self._acceptances(row, lines, agency, ended or self.today)

    def _wizard(self, contract_id: int, agency, day: date, start: date, months: int,
                status: str, step: int) -> tuple[dict, list[dict]]:
        """The contract's row and lines as the wizard leaves them after `step` steps."""
        rng = self.rng
        row: dict[str, Any] = {
            "id": contract_id, "organisation_id": agency.id, "created_by_id": agency.staff,
            "plan_id": None, "offering_id": None, "vendor_id": None, "template_id": None,
            "status": status, "step": step, "title": "", "pack_id": None, "number": None,
            "number_year": None, "number_seq": None, "place": "", "contract_date": None,
            "party_a": {"name": agency.name, "address": agency.address}, "party_b": {},
            "service_levels": [], "technical": "", "start_date": None, "months": None,
            "preparation_months": None, "schedule": None, "payment_method": "",
            "payment_days": 15, "handover_days": 30, "copies": 6, "copies_each": 3,
            "milestones": [], "extra_bases": [], "data_handover": "", "special_clauses": "",
            "snapshot": {}, "version": step + 1, "created_at": self.now, "updated_at": self.now}
        lines: list[dict] = []
        if step < 1:
            return row, lines
        offering_id, index, service, values = self._offering_values(
            rng.choice(self.public_offerings))
        vendor = self.vendor_rows[index]
        offering = SimpleNamespace(service=service, status="published", **values)
        kept = offering_snapshot(offering)
        if not offering.price_public:  # as contracts.services.freeze does
            kept["unit_price"] = None
        price = values["unit_price"] or rng.randint(20, 50_000) * 1_000
        many = any(word in service.unit for word in ("người dùng", "hộp thư", "tài khoản"))
        row.update(
            offering_id=offering_id, vendor_id=vendor.id,
            title=f"Thuê {service.name[0].lower()}{service.name[1:]}",
            snapshot=jsonable({"service": service_snapshot(service), "offering": kept,
                               "vendor": vendor_snapshot(vendor)}),
            party_b=vendor_party(vendor),
            service_levels=[dict(i) for i in values["service_levels"] or service.service_levels])
        lines.append({"name": service.name, "unit": values["unit"],
                      "quantity": rng.randint(50, 500) if many else rng.randint(1, 10),
                      "months": values["min_term_months"], "unit_price": price,
                      "vat_rate": values["vat_rate"]})
        if step >= 2:
            row["party_a"] = {
                "name": agency.name, "address": agency.address, "phone": names.phone(rng),
                "email": f"vanphong.{agency.id}@coquan.thuedv.vn", "tax_code": agency.tax_code,
                "account": f"9527.{rng.randint(1, 9)}.{rng.randint(1_000_000, 9_999_999)}",
                "bank": f"Kho bạc Nhà nước khu vực {roman(rng.randint(1, 20))}",
                "representative": names.person(rng), "position": "Giám đốc"}
        if step >= 3:
            row["technical"] = "Theo hồ sơ yêu cầu và đề xuất kỹ thuật của Bên B."
            for name, unit, quantity, line_months, vat in EXTRA_LINES:
                if rng.random() < 0.3:
                    lines.append({"name": name, "unit": unit, "quantity": quantity,
                                  "months": line_months,
                                  "unit_price": rng.randint(5, 200) * 500_000,
                                  "vat_rate": vat})
        if step >= 4:
            schedule = rng.choice(("monthly", "quarterly", "quarterly", "monthly", "milestone"))
            row.update(start_date=start, months=months,
                       preparation_months=rng.randint(1, 3), schedule=schedule,
                       milestones=MILESTONES if schedule == "milestone" else [],
                       payment_method="Chuyển khoản")
            lines[0]["months"] = months
        if step >= 5:
            row.update(
                pack_id=in_force_on(day), place=agency.province, contract_date=day,
                extra_bases=[f"Quyết định số {rng.randint(10, 999)}/QĐ-{agency.short_name} "
                             f"ngày {day - timedelta(days=30):%d/%m/%Y} phê duyệt kế hoạch "
                             "thuê dịch vụ"],
                data_handover=DEFAULT_HANDOVER,
                special_clauses=("Báo cáo tình hình cung cấp dịch vụ 06 tháng một lần."
                                 if rng.random() < 0.5 else ""))
        if status != "draft":
            key = (agency.id, day.year)
            self.number_counters[key] += 1
            seq = self.number_counters[key]
            row.update(number=format_number(seq, day.year, agency), number_year=day.year,
                       number_seq=seq, template_id=self.templates.get(row["pack_id"]))
        return row, lines
