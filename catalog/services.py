"""Catalog operations for pages, API and CLI alike: they flush, never commit."""
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload, load_only

from accounts.models import User
from accounts.audit import diff_fields, record_event
from catalog import search
from catalog.models import CatalogArchive, Category, Service
from core.clock import utcnow
from extensions import db

SERVICE_FIELDS = (
    "code", "category", "name", "description", "availability", "unit",
    "security_level", "service_levels", "legal_bases", "usual_vat_rate",
)
CATEGORY_FIELDS = ("code", "name", "description", "position")


def service_query(
    q: str | None = None, category: Category | None = None, *, include_retired: bool = False
) -> Select:
    """Services matching a Vietnamese query and category, best matches first."""
    stmt = select(Service).join(Service.category).options(contains_eager(Service.category))
    if not include_retired:
        stmt = stmt.where(Service.retired_at.is_(None), Category.retired_at.is_(None))
    if category is not None:
        stmt = stmt.where(Service.category_id == category.id)
    if q and q.strip():
        stmt = search.matching(stmt, "service", Service.id, q)
    return stmt.order_by(Category.position, Service.code)


# What a list of services shows (the catalog and its search): loading only these columns
# spares decoding each service's description, service levels and legal bases (JSON).
LIST_COLUMNS = (Service.id, Service.code, Service.category_id, Service.name,
                Service.availability, Service.unit, Service.security_level, Service.retired_at)


def service_list_query(q: str | None = None, category: Category | None = None) -> Select:
    """`service_query` for a page listing the services: only the listed columns are loaded."""
    return service_query(q, category).options(load_only(*LIST_COLUMNS))


def category_counts() -> list[tuple[Category, int]]:
    """Active categories with the number of active services in each, in one query."""
    count = func.count(Service.id).filter(Service.retired_at.is_(None))
    stmt = (
        select(Category, count)
        .outerjoin(Service, Service.category_id == Category.id)
        .where(Category.retired_at.is_(None))
        .group_by(Category.id)
        .order_by(Category.position, Category.code)
    )
    return [(row[0], row[1]) for row in db.session.execute(stmt)]


def get_service(code: str) -> Service | None:
    """The service with this code, retired or not."""
    return db.session.scalar(select(Service).where(Service.code == code.upper())
                             .options(joinedload(Service.category)))


def get_category(code: str) -> Category | None:
    """The category with this code, retired or not."""
    return db.session.scalar(select(Category).where(Category.code == code.upper()))


def service_snapshot(service: Service) -> dict[str, Any]:
    """A plain-dict copy of a service, for archives, audit diffs and frozen contract copies."""
    data = {f: getattr(service, f) for f in SERVICE_FIELDS if f != "category"}
    data["category"] = service.category.code if service.category else None
    data["service_levels"] = [dict(item) for item in service.service_levels or []]
    data["legal_bases"] = list(service.legal_bases or [])
    return data


def level_rows(levels: list[dict] | None) -> list[dict[str, str | None]]:
    """Service levels as {name, target, measure} for the API; measure is None where a level
    was saved before measures were required."""
    return [{"name": level.get("name"), "target": level.get("target"),
             "measure": str(level.get("measure") or "").strip() or None}
            for level in levels or []]


def category_snapshot(category: Category) -> dict[str, Any]:
    """A plain-dict copy of a category."""
    return {f: getattr(category, f) for f in CATEGORY_FIELDS}


def _archive(obj_type: str, obj: Service | Category, data: dict, actor: User | None) -> None:
    db.session.add(
        CatalogArchive(
            object_type=obj_type,
            object_id=obj.id,
            version=obj.version,
            data=data,
            archived_by_id=actor.id if actor else None,
        )
    )
    obj.version += 1


def _reindex(service: Service) -> None:
    service.name_lower = search.lower(service.name)
    service.name_folded = " ".join(search.words(service.name))
    search.index_object("service", service.id, [service.code, service.name],
                        [service.description, service.unit])


def create_service(data: dict[str, Any], *, actor: User | None = None) -> Service:
    """Create a service from validated data (category given as a Category)."""
    service = Service(**{f: data[f] for f in SERVICE_FIELDS if f in data})
    db.session.add(service)
    db.session.flush()
    _reindex(service)
    record_event(
        "service.create", "service", service.code, user=actor,
        summary=f"Thêm dịch vụ {service.code} – {service.name}",
        changes=diff_fields({}, service_snapshot(service)),
    )
    return service


def update_service(service: Service, data: dict[str, Any], *, actor: User | None = None) -> bool:
    """Apply changes, archiving the previous version; returns False when nothing changed."""
    before = service_snapshot(service)
    after = dict(before, **{k: v for k, v in data.items() if k in SERVICE_FIELDS})
    if isinstance(after["category"], Category):
        after["category"] = after["category"].code
    changes = diff_fields(before, after)
    if not changes:
        return False
    _archive("service", service, before, actor)
    for field in SERVICE_FIELDS:
        if field in data:
            setattr(service, field, data[field])
    db.session.flush()
    _reindex(service)
    record_event(
        "service.update", "service", service.code, user=actor,
        summary=f"Sửa dịch vụ {service.code}", changes=changes,
    )
    return True


def set_service_retired(service: Service, retired: bool, *, actor: User | None = None) -> None:
    """Retire a service (hidden from public lists, page kept) or bring it back."""
    if bool(service.retired_at) == retired:
        return
    _archive("service", service, service_snapshot(service), actor)
    service.retired_at = utcnow() if retired else None
    record_event("service.retire" if retired else "service.restore", "service", service.code,
                 user=actor,
                 summary=f"{'Ngừng' if retired else 'Khôi phục'} dịch vụ {service.code}")


def create_category(data: dict[str, Any], *, actor: User | None = None) -> Category:
    """Create a category from validated data."""
    category = Category(**{f: data[f] for f in CATEGORY_FIELDS if f in data})
    db.session.add(category)
    db.session.flush()
    record_event(
        "category.create", "category", category.code, user=actor,
        summary=f"Thêm nhóm dịch vụ {category.code} – {category.name}",
        changes=diff_fields({}, category_snapshot(category)),
    )
    return category


def update_category(category: Category, data: dict[str, Any], *, actor: User | None = None) -> bool:
    """Apply changes to a category, archiving the previous version."""
    before = category_snapshot(category)
    after = dict(before, **{k: v for k, v in data.items() if k in CATEGORY_FIELDS})
    changes = diff_fields(before, after)
    if not changes:
        return False
    _archive("category", category, before, actor)
    for field, value in after.items():
        setattr(category, field, value)
    record_event(
        "category.update", "category", category.code, user=actor,
        summary=f"Sửa nhóm dịch vụ {category.code}", changes=changes,
    )
    return True


def set_category_retired(category: Category, retired: bool, *, actor: User | None = None) -> None:
    """Retire a category (its services leave the public list with it) or bring it back."""
    if bool(category.retired_at) == retired:
        return
    _archive("category", category, category_snapshot(category), actor)
    category.retired_at = utcnow() if retired else None
    record_event("category.retire" if retired else "category.restore", "category",
                 category.code, user=actor,
                 summary=f"{'Ngừng' if retired else 'Khôi phục'} nhóm dịch vụ {category.code}")


def history(obj_type: str, obj: Service | Category) -> list[CatalogArchive]:
    """Archived versions of an object, newest first."""
    return list(
        db.session.scalars(
            select(CatalogArchive)
            .where(CatalogArchive.object_type == obj_type, CatalogArchive.object_id == obj.id)
            .order_by(CatalogArchive.version.desc())
        )
    )
