"""A synthetic national deployment, bulk-loaded in batches for `python -m bench` and the tests.

Scale 1.0 is 34 provinces, 2,000 agencies, 200 catalog services, 5,000 vendors, 50,000
offerings, 20,000 contracts (and 2,000 lease plans). Rows are generated and inserted in batches
(`session.execute(insert(Model), rows)`), never held as ORM objects, so memory stays flat.
Search words are built with catalog.search exactly as the catalog and vendor services index
them, and contract snapshots with the same snapshot functions the wizard uses.
"""
from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from types import SimpleNamespace
from typing import Any

import click
import yaml
from sqlalchemy import Table, func, insert, select, text

from accounts.models import Organisation, Province, User
from core import clock
from core.formats import roman
from core.months import add_months
from core.clock import utcnow
from accounts.audit import jsonable
from accounts.services import hash_password, load_provinces
from bench import names
from catalog import search
from catalog.importer import DEFAULT_FILE
from catalog.legal_bases import in_force_on
from catalog.models import Category, SearchTerm, Service
from catalog.services import service_snapshot
from contracts.models.contract import Contract, ContractCounter, ContractLine
from documents.models import GeneratedDocument
from documents import storage
from contracts.services import terms
from contracts.services.numbering import format_number
from contracts.services.wizard import DEFAULT_HANDOVER, vendor_party
from extensions import db
from vendors.models import CERTIFICATION_KINDS, Certification, Offering, Vendor
from vendors.services import offering_snapshot, vendor_snapshot

BASE = {"agencies": 2_000, "services": 200, "vendors": 5_000, "offerings": 50_000,
        "contracts": 20_000, "plans": 2_000}
BATCH = 2_000
BENCH_PASSWORD = "bench-2026-thue"
FIRST_DAY = date(2015, 3, 1)  # Decision 80/2014 took effect on 15/02/2015
RECENT_DAYS = 120  # contracts dated this close to today are still on their way to signing
RECENT_STATUSES = {"draft": 40, "review": 15, "approved": 15, "signed": 30}
VENDOR_STATUSES = {"verified": 90, "pending": 7, "rejected": 3}
OFFERING_SENTENCES = (
    "Triển khai nhanh, hỗ trợ kỹ thuật 24/7 và đào tạo người sử dụng.",
    "Hệ thống đặt tại Việt Nam, mã hóa dữ liệu khi lưu trữ và truyền tải.",
    "Kết nối nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của tỉnh, bộ, ngành.",
    "Báo cáo chất lượng dịch vụ hằng tháng; cam kết bồi hoàn khi vi phạm SLA.",
    "Đã triển khai cho nhiều cơ quan nhà nước cấp tỉnh và cấp xã.",
)
EXTRA_LINES = (("Khởi tạo, chuyển đổi dữ liệu và đào tạo", "gói", 1, 1, "kct"),
               ("Hỗ trợ kỹ thuật tại chỗ", "ngày công", 20, 1, "10"))
MILESTONES = [{"label": "Nghiệm thu, bàn giao đưa dịch vụ vào sử dụng", "percent": 30},
              {"label": "Sau 12 tháng sử dụng dịch vụ", "percent": 30},
              {"label": "Kết thúc hợp đồng, bàn giao dữ liệu", "percent": 40}]


@dataclass(frozen=True)
class Counts:
    """How many of each record a data set holds (provinces are always the 34 of the data)."""

    agencies: int
    services: int
    vendors: int
    offerings: int
    contracts: int
    plans: int

    @classmethod
    def for_scale(cls, scale: float) -> Counts:
        """The national figures times `scale`, at least one of each."""
        if scale <= 0:
            raise ValueError("Hệ số quy mô phải lớn hơn 0.")
        return cls(**{key: max(1, round(value * scale)) for key, value in BASE.items()})

    @property
    def total(self) -> int:
        return sum(asdict(self).values())


class Loader:
    """Buffers rows per model or table and inserts them in batches, parents first."""

    def __init__(self, batch: int = BATCH) -> None:
        self.batch = batch
        self.buffers: dict[Any, list[dict]] = {}
        self.inserted: Counter = Counter()
        self._order = {table: i for i, table in enumerate(db.metadata.sorted_tables)}

    def add(self, target, row: dict) -> None:
        rows = self.buffers.setdefault(target, [])
        rows.append(row)
        if len(rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        table = lambda target: target if isinstance(target, Table) else target.__table__  # noqa
        for target in sorted(self.buffers, key=lambda t: self._order[table(t)]):
            rows = self.buffers[target]
            if rows:
                # render_nulls: None stays a NULL parameter, so every row has the same keys
                # and the batch goes out as one executemany instead of one per key set.
                db.session.execute(insert(target).execution_options(render_nulls=True), rows)
                self.inserted[table(target).name] += len(rows)
        self.buffers = {}


def next_id(model) -> int:
    """The first free id of a table (the data set may be built next to other rows)."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _optional_models() -> dict[str, Any]:
    """Models of the contract's later life, when the schema has them."""
    found = {}
    try:
        from contracts.models.lifecycle import ContractLifecycle
        found["lifecycle"] = ContractLifecycle
    except ImportError:
        pass
    try:
        from contracts.models.acceptance import AcceptanceRecord, PaymentRecord
        found.update(acceptance=AcceptanceRecord, payment=PaymentRecord)
    except ImportError:
        pass
    return found


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _initials(name: str) -> str:
    return "".join(word[0] for word in search.words(name)).upper()


class Builder:
    """Generates and inserts one data set; see `build`."""

    def __init__(self, counts: Counts, rng: random.Random, bar) -> None:
        self.counts, self.rng, self.bar = counts, rng, bar
        self.load = Loader()
        self.now = utcnow()
        self.password_hash = hash_password(BENCH_PASSWORD)
        self.tax_codes = names.tax_codes(start=100_100_000 + next_id(Vendor) * 37)

    # --- reference data ----------------------------------------------------------------

    def provinces(self) -> None:
        load_provinces()
        db.session.flush()
        self.province_rows = [SimpleNamespace(id=p.id, code=p.code, name=p.name, kind=p.kind)
                              for p in db.session.scalars(select(Province)
                                                          .order_by(Province.position))]
        # Cities hold more agencies and far more vendors than provinces do.
        self.agency_weights = [3 if p.kind == "city" else 1 for p in self.province_rows]
        self.vendor_weights = [{"ha-noi": 40, "ho-chi-minh": 30, "da-nang": 8}.get(p.code, 1)
                               for p in self.province_rows]
        storage.ensure_builtin_templates()
        db.session.flush()
        from documents.models import DocumentTemplate

        self.templates = {t.pack_id: t.id for t in db.session.scalars(
            select(DocumentTemplate).where(DocumentTemplate.kind == "contract",
                                           DocumentTemplate.version == 1))}

    def catalog(self) -> None:
        """The shipped categories and services, then variants of them up to the count."""
        if db.session.scalar(select(func.count(Service.id))):
            raise click.ClickException("Cơ sở dữ liệu đã có danh mục dịch vụ; "
                                       "hãy dùng một cơ sở dữ liệu trống.")
        data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
        category_id, first_category = {}, next_id(Category)
        for position, row in enumerate(data["categories"]):
            category_id[row["code"]] = first_category + position
            self.load.add(Category, {
                "id": category_id[row["code"]], "code": row["code"], "name": row["name"],
                "description": row.get("description") or "", "position": position,
                "version": 1, "retired_at": None, "updated_at": self.now})
        self.load.flush()
        # Round-robin over the categories so a small data set still spans them all.
        by_category: dict[str, list[dict]] = {}
        for row in data["services"]:
            by_category.setdefault(row["category"], []).append(row)
        shipped = [group[i] for i in range(max(map(len, by_category.values())))
                   for group in by_category.values() if i < len(group)]
        last_code = Counter()
        for row in shipped:
            last_code[row["category"]] = max(last_code[row["category"]],
                                             int(row["code"].split("-")[1]))
        self.services: dict[int, SimpleNamespace] = {}
        first = next_id(Service)
        for i in range(self.counts.services):
            base = shipped[i % len(shipped)]
            row = dict(base)
            retired = None
            if i >= len(shipped):
                variant = names.EXTRA_SERVICE_VARIANTS[(i // len(shipped) - 1)
                                                       % len(names.EXTRA_SERVICE_VARIANTS)]
                last_code[base["category"]] += 1
                row.update(code=f"{base['category']}-{last_code[base['category']]:03d}",
                           name=f"{base['name']} {variant}",
                           description=f"{base['description']} Phiên bản {variant}.")
                retired = self.now if i % 47 == 46 else None
            self._service(first + i, row, category_id[row["category"]], retired)
        self.active_services = [s.id for s in self.services.values() if not s.retired]
        self.load.flush()

    def _service(self, service_id: int, row: dict, category_id: int, retired) -> None:
        self.load.add(Service, {
            "id": service_id, "code": row["code"], "category_id": category_id,
            "name": row["name"], "description": row["description"],
            "availability": row["availability"], "unit": row["unit"],
            "security_level": row["security_level"], "service_levels": row["service_levels"],
            "legal_bases": row["legal_bases"], "name_lower": search.lower(row["name"]),
            "name_folded": " ".join(search.words(row["name"])), "version": 1,
            "retired_at": retired, "created_at": self.now, "updated_at": self.now})
        # The same texts as catalog.services._reindex.
        self._terms("service", service_id,
                    [row["code"], row["name"], row["description"], row["unit"]])
        self.services[service_id] = SimpleNamespace(
            id=service_id, category=SimpleNamespace(code=row["category"]), retired=bool(retired),
            **{k: row[k] for k in ("code", "name", "description", "availability", "unit",
                                   "security_level", "service_levels", "legal_bases")})
        self.bar.update(1)

    def _terms(self, kind: str, object_id: int, texts: list[str | None]) -> None:
        """Index words as catalog.search.index_object does."""
        for term in search.words(" ".join(t for t in texts if t)):
            self.load.add(SearchTerm, {"kind": kind, "object_id": object_id, "term": term})

    # --- organisations -----------------------------------------------------------------

    def _user(self, user_id: int, email: str, role: str, org_id: int) -> None:
        self.load.add(User, {
            "id": user_id, "email": email, "name": names.person(self.rng),
            "password_hash": self.password_hash, "role": role, "organisation_id": org_id,
            "active": True, "failed_logins": 0, "locked_until": None, "last_login_at": None,
            "created_at": self.now})

    def agencies(self) -> None:
        """Departments of each province first, then wards, communes, schools, health centres."""
        rng = self.rng
        self.agency_rows: list[SimpleNamespace] = []
        per_province = Counter()
        org_id, user_id = next_id(Organisation), next_id(User)
        for _ in range(self.counts.agencies):
            province = rng.choices(self.province_rows, weights=self.agency_weights)[0]
            label = names.province_label(province.name, province.kind)
            n = per_province[province.id]
            per_province[province.id] += 1
            if n < len(names.DEPARTMENTS):
                pattern, short = names.DEPARTMENTS[n]
                name = pattern.format(p=label)
            else:
                pattern, short = rng.choice(names.LOCAL_UNITS)
                name = pattern.format(w=names.place_name(rng), p=label)
            short = f"{short}-{_initials(province.name)}"
            address = names.address(rng, label)
            self.load.add(Organisation, {
                "id": org_id, "kind": "agency", "name": name, "short_name": short,
                "province_id": province.id, "parent_body": f"Ủy ban nhân dân {label}",
                "address": address, "budget_code": f"1{rng.randint(0, 999_999):06d}",
                "created_at": self.now})
            self._user(user_id, f"canbo.{org_id}@coquan.thuedv.vn", "agency_staff", org_id)
            self._user(user_id + 1, f"lanhdao.{org_id}@coquan.thuedv.vn", "agency_approver",
                       org_id)
            self.agency_rows.append(SimpleNamespace(
                id=org_id, name=name, short_name=short, address=address,
                province=province.name, staff=user_id, approver=user_id + 1,
                tax_code=next(self.tax_codes)))
            org_id, user_id = org_id + 1, user_id + 2
            self.bar.update(1)
        self.load.flush()

    def vendors(self) -> None:
        rng = self.rng
        self.vendor_rows: list[SimpleNamespace] = []
        org_id, user_id = next_id(Organisation), next_id(User)
        vendor_id, cert_id = next_id(Vendor), next_id(Certification)
        for _ in range(self.counts.vendors):
            province = rng.choices(self.province_rows, weights=self.vendor_weights)[0]
            label = names.province_label(province.name, province.kind)
            legal, short = names.company(rng, province.name)
            domain = names.slug(short.split()[0]) + ".com.vn"
            status = _weighted(rng, VENDOR_STATUSES)
            profile = SimpleNamespace(
                id=vendor_id, tax_code=next(self.tax_codes), legal_name=legal,
                short_name=short, address=names.address(rng, label), phone=names.phone(rng),
                email=f"kinhdoanh{vendor_id}@{domain}",
                website=f"https://{domain}" if rng.random() < 0.5 else None,
                representative=names.person(rng),
                representative_position=rng.choice(names.POSITIONS),
                bank_account=str(rng.randint(10**9, 10**13)) if rng.random() < 0.8 else None,
                bank_name=None, status=status, province=SimpleNamespace(code=province.code))
            if profile.bank_account:
                profile.bank_name = rng.choice(names.BANKS)
            self.load.add(Organisation, {
                "id": org_id, "kind": "vendor", "name": legal, "short_name": short,
                "province_id": province.id, "parent_body": None, "address": profile.address,
                "budget_code": None, "created_at": self.now})
            submitted = self.now - timedelta(days=rng.randint(30, 2_000))
            self.load.add(Vendor, {
                "organisation_id": org_id, "province_id": province.id,
                **{k: getattr(profile, k) for k in (
                    "id", "tax_code", "legal_name", "short_name", "address", "phone", "email",
                    "website", "representative", "representative_position", "bank_account",
                    "bank_name", "status")},
                "rejection_reason": ("Tên doanh nghiệp không khớp với đăng ký thuế."
                                     if status == "rejected" else None),
                "submitted_at": submitted,
                "reviewed_at": None if status == "pending" else submitted + timedelta(days=3),
                "name_lower": search.lower(legal),
                "name_folded": " ".join(search.words(legal)),
                "created_at": submitted, "updated_at": submitted})
            # The same texts as vendors.services._reindex.
            self._terms("vendor", vendor_id, [legal, short, profile.tax_code, profile.address,
                                              province.name])
            self._user(user_id, f"lienhe{vendor_id}@{domain}", "vendor_staff", org_id)
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                issued = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2_000))
                kind = rng.choice(list(CERTIFICATION_KINDS)[:4])
                self.load.add(Certification, {
                    "id": cert_id, "vendor_id": vendor_id, "kind": kind,
                    "number": f"VN{rng.randint(10_000, 99_999)}/{kind.upper()}",
                    "issuer": rng.choice(names.ISSUERS), "issued_on": issued,
                    "expires_on": issued + timedelta(days=3 * 365),
                    "file_sha256": hashlib.sha256(f"bench-cert-{cert_id}".encode()).hexdigest(),
                    "file_size": rng.randint(80_000, 900_000), "file_name": "chung-chi.pdf",
                    "created_at": self.now})
                cert_id += 1
            self.vendor_rows.append(profile)
            org_id, user_id, vendor_id = org_id + 1, user_id + 1, vendor_id + 1
            self.bar.update(1)
        self.load.flush()

    # --- offerings ---------------------------------------------------------------------

    def offerings(self) -> None:
        """Offerings spread over vendors (a few large ones), each vendor's on distinct services."""
        rng = self.rng
        vendors = len(self.vendor_rows)
        weights = [rng.lognormvariate(0, 0.8) for _ in range(vendors)]
        per_vendor = Counter(range(min(vendors, self.counts.offerings)))
        per_vendor.update(rng.choices(range(vendors), weights=weights,
                                      k=max(0, self.counts.offerings - vendors)))
        self.public_offerings: list[tuple] = []
        offering_id = next_id(Offering)
        for index in range(vendors):
            vendor = self.vendor_rows[index]
            k = per_vendor[index]
            chosen = rng.sample(self.active_services, min(k, len(self.active_services)))
            chosen += rng.choices(self.active_services, k=k - len(chosen))
            for service_id in chosen:
                self._offering(offering_id, index, vendor, self.services[service_id])
                offering_id += 1
        self.load.flush()

    def _offering(self, offering_id: int, index: int, vendor, service) -> None:
        rng = self.rng
        price = rng.randint(20, 50_000) * 1_000 if rng.random() < 0.9 else None
        public = price is not None and rng.random() < 0.6
        published = rng.random() < 0.85
        values = {
            "service_levels": [dict(i) for i in service.service_levels]
            if rng.random() < 0.7 else [],
            "hosting_location": rng.choice(names.HOSTING),
            "security_level": min(5, service.security_level + rng.choice((0, 0, 1))),
            "unit": service.unit, "min_term_months": rng.choice((1, 6, 12, 12, 24, 36)),
            "unit_price": price,
            "vat_rate": "kct" if service.category.code in ("PM", "DL")
            else rng.choice(("10", "10", "8")),
            "price_public": public,
            "common_software": public and service.category.code == "PM" and rng.random() < 0.1,
            "description": f"{service.name} do {vendor.short_name} cung cấp. "
                           f"{rng.choice(OFFERING_SENTENCES)}",
        }
        self.load.add(Offering, {
            "id": offering_id, "vendor_id": vendor.id, "service_id": service.id, **values,
            "status": "published" if published else "draft",
            "published_at": self.now if published else None, "version": 1,
            "created_at": self.now, "updated_at": self.now})
        if published and vendor.status == "verified":
            # Compact: 40,000 copies of `values` would cost more memory than everything else.
            self.public_offerings.append((
                offering_id, index, service.id, bool(values["service_levels"]),
                values["hosting_location"], values["security_level"],
                values["min_term_months"], price, values["vat_rate"], public,
                values["common_software"], values["description"]))
        self.bar.update(1)

    def _offering_values(self, entry: tuple) -> tuple[int, int, SimpleNamespace, dict]:
        """Offering id, vendor index, service and the offering's fields, from the compact entry."""
        (offering_id, index, service_id, own_levels, hosting, security, min_term, price, vat,
         public, common, description) = entry
        service = self.services[service_id]
        return offering_id, index, service, {
            "service_levels": [dict(i) for i in service.service_levels] if own_levels else [],
            "hosting_location": hosting, "security_level": security, "unit": service.unit,
            "min_term_months": min_term, "unit_price": price, "vat_rate": vat,
            "price_public": public, "common_software": common, "description": description}

    # --- lease plans -------------------------------------------------------------------

    def plans(self) -> None:
        """Lease plans after the three demo plans, one legal basis each."""
        try:
            from plans.demo import COMMON, DEMO, _yearly
            from plans.models import LeasePlan, PlanCostLine, plan_services
        except ImportError:  # plans not there yet: nothing to build
            return
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
                lines += _yearly(f"Thuê dịch vụ {spec['title'][13:].lower()}", "gói/tháng", 1,
                                 65_000_000, "kct", start, 60)
            for position, line in enumerate(lines):
                self.load.add(PlanCostLine, dict(zip(
                    ("part", "content", "unit", "quantity", "months", "unit_price", "vat_rate",
                     "budget_year"), line), plan_id=plan_id, position=position,
                    from_calculator=False))
            plan_id += 1
            self.bar.update(1)
        self.load.flush()

    # --- contracts ---------------------------------------------------------------------

    def contracts(self) -> None:
        """Contracts in every state, more of them in recent years; big agencies sign more
        (weights 1/sqrt(rank)). The state follows the dates: a lease that has ended is
        expired or terminated, a running one active, a recent one still in the workflow."""
        rng = self.rng
        cumulative = list(accumulate((rank + 1) ** -0.5 for rank in range(len(self.agency_rows))))
        self.number_counters: Counter = Counter()
        self.today = clock.today()
        self.ids = {model: next_id(model) for model in (Contract, GeneratedDocument)}
        self.extra = _optional_models()
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
        end = add_months(start, months) - timedelta(days=1)
        if end < self.today:
            status = "expired" if rng.random() < 0.9 else "terminated"
        elif (self.today - day).days < RECENT_DAYS or start > self.today:
            status = _weighted(rng, RECENT_STATUSES)
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
                "period_label": period.label, "period_start": period.start,
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

    # --- finishing ---------------------------------------------------------------------

    def fix_sequences(self) -> None:
        """Move PostgreSQL's id sequences past the ids given explicitly."""
        if db.engine.dialect.name != "postgresql":
            return
        for table in db.metadata.sorted_tables:
            column = table.columns.get("id")
            if column is None or not column.primary_key or not column.autoincrement:
                continue
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM \"{table.name}\""))


def build(scale: float = 1.0, *, counts: Counts | None = None, seed: int = 2026,
          progress: bool = True) -> dict[str, int]:
    """Build a data set into the app's (empty) database and commit; rows inserted per table."""
    counts = counts or Counts.for_scale(scale)
    rng = random.Random(seed)
    with click.progressbar(length=counts.total, label="Tạo dữ liệu mẫu",
                           file=None if progress else _Null(), show_pos=True) as bar:
        builder = Builder(counts, rng, bar)
        steps = (builder.provinces, builder.catalog, builder.agencies, builder.vendors,
                 builder.offerings, builder.plans, builder.contracts)
        for step in steps:
            step()
            db.session.commit()
        builder.fix_sequences()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))  # what autovacuum does soon after a load
        db.session.commit()
    return dict(builder.load.inserted)


class _Null:
    """A file that swallows the progress bar (tests)."""

    def write(self, _text: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False
