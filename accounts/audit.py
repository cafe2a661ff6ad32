"""The audit trail: one event for every change users care about, and the search over it."""
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from accounts.models import AuditEvent, User
from core.clock import day_start
from extensions import db


def record_event(
    action: str,
    obj_type: str,
    obj_id: Any,
    *,
    user: User | None = None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Add an audit event for a change; the caller's transaction commits it."""
    event = AuditEvent(
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        user_id=user.id if user else None,
        organisation_id=user.organisation_id if user else None,
        summary=summary,
        changes=changes or {},
    )
    db.session.add(event)
    return event


def jsonable(value: Any) -> Any:
    """A value as the JSON column can store it: dates and decimals become strings."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def diff_fields(before: dict, after: dict) -> dict:
    """The fields that differ, as {field: [old, new]} in JSON-safe form, for audit events."""
    keys = sorted(set(before) | set(after))
    return {k: jsonable([before.get(k), after.get(k)])
            for k in keys if before.get(k) != after.get(k)}


def audit_values() -> tuple[list[str], list[str]]:
    """The object types and actions present in the audit trail, for the filter lists."""
    types = db.session.scalars(select(AuditEvent.object_type).distinct()
                               .order_by(AuditEvent.object_type))
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    return list(types), list(actions)


def search_events(*, object_type: str = "", action: str = "", email: str = "",
                  date_from: date | None = None, date_to: date | None = None) -> Select:
    """A select of audit events, newest first, narrowed by the given filters (dates are days
    in Vietnam)."""
    query = select(AuditEvent).options(joinedload(AuditEvent.user)).order_by(AuditEvent.id.desc())
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if action:
        query = query.where(AuditEvent.action == action)
    if email:
        query = query.join(User, AuditEvent.user_id == User.id).where(
            User.email.contains(email.strip().lower(), autoescape=True))
    if date_from:
        query = query.where(AuditEvent.created_at >= day_start(date_from))
    if date_to:
        query = query.where(AuditEvent.created_at < day_start(date_to + timedelta(days=1)))
    return query
