"""Access-matrix rows (tests/test_access_matrix.py) for the exports routes: each download is
open to exactly who may see the page it belongs to, in both formats."""
from tests.access_cases import (A_DRAFT, A_PLANS, A_READ, ADMIN, AGENCY_ROLES, EVERYONE,
                                VENDORS, Case)


def both(allow, values=lambda w: {}, **kwargs) -> list[Case]:
    """One case per format, the same URL values otherwise."""
    return [Case(allow, lambda w, fmt=fmt: {**values(w), "fmt": fmt}, **kwargs)
            for fmt in ("xlsx", "csv")]


def draft(w) -> dict:
    return {"contract_id": w.draft}


def active(w) -> dict:
    return {"contract_id": w.active}


ROUTES: dict[str, list[Case]] = {
    "GET /contracts/export.<any(xlsx, csv):fmt>": both(
        AGENCY_ROLES | VENDORS, why="as the list: each sees only its own rows"),
    "GET /contracts/<int:contract_id>/schedule.<any(xlsx, csv):fmt>": [
        *both(A_DRAFT, draft, why="a draft is the agency's; the vendor sees it once approved"),
        *both(A_READ, active)],
    "GET /plans/export.<any(xlsx, csv):fmt>": both(AGENCY_ROLES),
    "GET /plans/<int:plan_id>/estimate.<any(xlsx, csv):fmt>": both(
        A_PLANS, lambda w: {"plan_id": w.plan}),
    "GET /plans/quotations/export.<any(xlsx, csv):fmt>": both(AGENCY_ROLES),
    "GET /vendors/export.<any(xlsx, csv):fmt>": both(EVERYONE, why="open data"),
    "GET /vendors/services/<code>/offerings.<any(xlsx, csv):fmt>": both(
        EVERYONE, lambda w: {"code": "HT-001"}, why="open data"),
    "GET /vendors/profile/offerings.<any(xlsx, csv):fmt>": both(VENDORS),
    "GET /accounts/audit/export.<any(xlsx, csv):fmt>": both(ADMIN),
}
