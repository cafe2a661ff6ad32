"""The catalog: the shipped categories and services, variants of them, their search documents."""
from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import click
import yaml
from sqlalchemy import func, select

from bench import names
from bench.dataset.loading import next_id
from catalog import search
from catalog.importer import DEFAULT_FILE, usual_vat_rates
from catalog.models import Category, SearchDocument, Service
from extensions import db

# How many of the texts _reindex indexes are the name (weighted above the rest): a service's
# code and name, a vendor's legal name, short name and tax code.
NAME_TEXTS = {"service": 2, "vendor": 3}


class CatalogSteps:
    """The builder's steps for the catalog, and the search documents of services and vendors."""

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
        vat_rates = usual_vat_rates(data["categories"], data["services"])
        first = next_id(Service)
        for i in range(self.counts.services):
            base = shipped[i % len(shipped)]
            row = dict(base, usual_vat_rate=vat_rates[base["code"]])  # variants keep the base's
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
            "legal_bases": row["legal_bases"], "usual_vat_rate": row["usual_vat_rate"],
            "name_lower": search.lower(row["name"]),
            "name_folded": " ".join(search.words(row["name"])), "version": 1,
            "retired_at": retired, "created_at": self.now, "updated_at": self.now})
        # The same texts as catalog.services._reindex.
        self._terms("service", service_id,
                    [row["code"], row["name"], row["description"], row["unit"]])
        self.services[service_id] = SimpleNamespace(
            id=service_id, category=SimpleNamespace(code=row["category"]), retired=bool(retired),
            **{k: row[k] for k in ("code", "name", "description", "availability", "unit",
                                   "security_level", "service_levels", "legal_bases",
                                   "usual_vat_rate")})
        self.bar.update(1)

    def _terms(self, kind: str, object_id: int, texts: list[str | None]) -> None:
        """The search document of an object, as catalog.search.index_object writes it: the
        texts in the order _reindex gives them, the first NAME_TEXTS[kind] its name."""
        names = NAME_TEXTS[kind]
        self.load.add(SearchDocument,
                      search.document(kind, object_id, texts[:names], texts[names:]))
