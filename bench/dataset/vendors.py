"""Vendors with their users and certifications, and their offerings on the catalog's services."""
from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

from accounts.models import Organisation, User
from bench import names
from bench.dataset.loading import next_id, weighted
from catalog import search
from vendors.models import CERTIFICATION_KINDS, Certification, Offering, Vendor

VENDOR_STATUSES = {"verified": 90, "pending": 7, "rejected": 3}
OFFERING_SENTENCES = (
    "Triển khai nhanh, hỗ trợ kỹ thuật 24/7 và đào tạo người sử dụng.",
    "Hệ thống đặt tại Việt Nam, mã hóa dữ liệu khi lưu trữ và truyền tải.",
    "Kết nối nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của tỉnh, bộ, ngành.",
    "Báo cáo chất lượng dịch vụ hằng tháng; cam kết bồi hoàn khi vi phạm SLA.",
    "Đã triển khai cho nhiều cơ quan nhà nước cấp tỉnh và cấp xã.",
)


class VendorSteps:
    """The builder's steps for vendors and offerings."""

    def vendors(self) -> None:
        """Vendors, most in the big cities, each with a user, search words and certifications."""
        rng = self.rng
        self.vendor_rows: list[SimpleNamespace] = []
        org_id, user_id = next_id(Organisation), next_id(User)
        vendor_id, cert_id = next_id(Vendor), next_id(Certification)
        for _ in range(self.counts.vendors):
            province = rng.choices(self.province_rows, weights=self.vendor_weights)[0]
            label = names.province_label(province.name, province.kind)
            legal, short = names.company(rng, province.name)
            domain = names.slug(short.split()[0]) + ".com.vn"
            status = weighted(rng, VENDOR_STATUSES)
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
