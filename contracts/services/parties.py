"""Both parties complete before review (issue 12, point 7): a contract goes to legal review
only once every field of Bên A and Bên B is filled. Submission asks here; the wizard's review
step and the contract page show the same list."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contracts.models.contract import PARTY_LABELS, Contract

PARTIES = (("party_a", _l("Bên A")), ("party_b", _l("Bên B")))


def missing_party_fields(contract: Contract) -> list[str]:
    """Each empty party field as "Bên A: Mã số thuế", Bên A's first; empty when complete."""
    missing = []
    for attribute, side in PARTIES:
        party = getattr(contract, attribute) or {}
        missing += [f"{side}: {label}" for field, label in PARTY_LABELS.items()
                    if not str(party.get(field) or "").strip()]
    return missing


def parties_problem(contract: Contract) -> str | None:
    """Why the contract cannot go to review for its parties, naming every empty field."""
    missing = missing_party_fields(contract)
    if not missing:
        return None
    return _("Thông tin các bên chưa đầy đủ, còn trống: %(missing)s. Hãy bổ sung ở bước “Các "
             "bên” của trình soạn hợp đồng.", missing="; ".join(missing))
