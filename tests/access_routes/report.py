"""Access-matrix rows (tests/test_access_matrix.py) for the national lease report (public:
its page, downloads and API answer everyone, signed in or not) and the agency dashboard's
download (who reads the dashboard)."""
from tests.access_cases import AGENCY_ROLES, EVERYONE, Case


def both(allow, query=lambda w: {}, **kwargs) -> list[Case]:
    """One case per format."""
    return [Case(allow, lambda w, fmt=fmt: {"fmt": fmt}, query, **kwargs)
            for fmt in ("xlsx", "csv")]


def agency_a(w) -> dict:
    return {"agency": w.agency_a, "by": "vendor"}


ROUTES: dict[str, list[Case]] = {
    "GET /contracts/report": [
        Case(EVERYONE, why="open data on signed contracts"),
        Case(EVERYONE, query=agency_a, why="narrowed to agency A: still public"),
    ],
    "GET /contracts/report/export.<any(xlsx, csv):fmt>": [
        *both(EVERYONE, lambda w: {"by": "year"}), *both(EVERYONE, agency_a)],
    "GET /api/v1/report": [Case(EVERYONE), Case(EVERYONE, query=agency_a)],
    "GET /contracts/dashboard/export.<any(xlsx, csv):fmt>": both(
        AGENCY_ROLES, why="as the dashboard: each agency its own contracts"),
}
