"""Reference data (provinces, the built-in document templates), agencies and every user."""
from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from sqlalchemy import select

from accounts.models import Organisation, Province, User
from accounts.services import load_provinces
from bench import names
from bench.dataset.loading import next_id
from catalog import search
from documents import storage
from documents.models import DocumentTemplate
from extensions import db

BENCH_PASSWORD = "bench-2026-thue"


def _initials(name: str) -> str:
    """The first letters of a name's (distinct, folded) words, upper case: Hồ Chí Minh → HCM."""
    return "".join(word[0] for word in search.words(name)).upper()


class AgencySteps:
    """The builder's steps for provinces and agencies, and the users of agencies and vendors."""

    def provinces(self) -> None:
        """The 34 provinces of the data file, their weights, and the built-in contract templates."""
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
        self.templates = {t.pack_id: t.id for t in db.session.scalars(
            select(DocumentTemplate).where(DocumentTemplate.kind == "contract",
                                           DocumentTemplate.version == 1))}

    def _user(self, user_id: int, email: str, role: str, org_id: int) -> None:
        self.load.add(User, {
            "id": user_id, "email": email, "name": names.person(self.rng),
            "password_hash": self.password_hash, "role": role, "organisation_id": org_id,
            "active": True, "session_version": 1, "last_login_at": None,
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
