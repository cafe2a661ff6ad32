"""The vocabulary of the access matrix (tests/test_access_matrix.py): the actors, who is who,
one Case per way of calling a route, and the world's ids as URL values. Each domain's further
routes sit in tests/access_routes/, in a table of their own, merged into ROUTES."""
import io
from dataclasses import dataclass
from typing import Callable

from tests.helpers import MINIMAL_PDF

ACTORS = ("anonymous", "staff_a", "approver_a", "legal_a", "staff_b", "legal_op", "admin",
          "vendor_v", "vendor_w", "appraiser_op")
EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY = frozenset()
ADMIN = frozenset({"admin"})
AGENCY_ROLES = frozenset({"staff_a", "approver_a", "legal_a", "staff_b", "legal_op"})
AUTHORS = frozenset({"staff_a", "approver_a", "staff_b"})  # any agency's staff and approvers
A_EDIT = frozenset({"staff_a", "approver_a"})  # agency A's staff and approvers
A_PLANS = A_EDIT | {"legal_a"}  # who reads agency A's plans
A_READ = A_PLANS | {"legal_op", "vendor_v"}  # who reads A's approved contracts with V
A_DRAFT = A_READ - {"vendor_v"}  # V sees a contract of A once it is approved
LEGAL = frozenset({"legal_a", "legal_op"})
VENDORS = frozenset({"vendor_v", "vendor_w"})


@dataclass
class Case:
    """One way to call a route: URL values and data from the world, and who may."""

    allow: frozenset
    values: Callable = lambda w: {}  # noqa: E731
    query: Callable = lambda w: {}  # noqa: E731
    data: Callable = lambda w: {}  # noqa: E731
    refuse: frozenset = frozenset()
    anonymous_gets: int | None = None  # None: sent to the login page; else this status
    why: str = ""


def pdf_upload(_w) -> dict:
    return {"file": (io.BytesIO(MINIMAL_PDF), "ban-da-ky.pdf")}


K = lambda w: {"contract_id": w.draft}  # noqa: E731  a draft: only the wizard and generation
L = lambda w: {"contract_id": w.active}  # noqa: E731  signed and in use: lifecycle, acceptance
L1 = lambda w: {"contract_id": w.active, "number": 1}  # noqa: E731  its draft amendment
P = lambda w: {"plan_id": w.plan}  # noqa: E731
A = lambda w: {"org_id": w.agency_a}  # noqa: E731  agency A's profile
A_PROFILE = frozenset({"approver_a", "admin"})  # who edits agency A's profile
U = lambda w: {"user_id": w.users["staff_b"].id}  # noqa: E731  a user an admin may lock
V = lambda w: {"pack_id": "nd224-2026", "kind": "contract", "version": 1}  # noqa: E731
I = lambda w: {"instrument_id": "nd224-2026"}  # noqa: E731,E741  an instrument of the registry
