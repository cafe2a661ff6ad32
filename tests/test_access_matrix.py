"""Who may reach every route: an explicit table, walked as each role and as outsiders.

Every rule of app.url_map (static aside) must be in ROUTES; a new route makes
test_every_route_is_classified fail until it is added here with who may use it. Each route is
then called, with real ids from a freshly built world (tests/access_world.py), by an anonymous
visitor and by each of:

  staff_a, approver_a, legal_a   agency A (owns plan P and contracts K (draft) and L (active))
  staff_b                        agency B, another agency
  legal_op, admin                the operator's legal drafter and the administrator
  vendor_v, vendor_w             vendor V (L's and K's vendor; offering, certificates) and W

Allowed means 2xx, or 3xx anywhere but the login page. Denied means a redirect to the login
page for the anonymous visitor, 403 or 404 for everyone else. A few routes answer an allowed
reader's forbidden action with a redirect and an error message instead of a 403: `refuse`
lists those actors, and the test checks the error message was flashed.
"""
import pytest
from flask import g
from sqlalchemy import select

from accounts.sessions import session_values
from contracts.models.contract import Contract
from documents import pdf
from extensions import db
from tests import access_routes
from tests.access_cases import (  # noqa: F401  (the vocabulary of the table below)
    A, A_DRAFT, A_EDIT, A_PLANS, A_PROFILE, A_READ, ACTORS, ADMIN, AGENCY_ROLES, AUTHORS,
    EVERYONE, LEGAL, NOBODY, SIGNED_IN, VENDORS, Case, I, K, L, L1, P, U, V, pdf_upload)
from tests.access_world import build_world
from tests.helpers import MINIMAL_PDF

pytestmark = pytest.mark.slow  # every route as every actor, each write in a world of its own

ROUTES: dict[str, list[Case]] = {
    # --- public pages and the API
    "GET /": [Case(EVERYONE)],
    "GET /accounts/login": [Case(EVERYONE)],
    "POST /accounts/login": [Case(EVERYONE)],
    "GET /catalog/": [Case(EVERYONE)],
    "GET /catalog/services/<code>": [Case(EVERYONE, lambda w: {"code": "HT-001"})],
    "GET /vendors/": [Case(EVERYONE)],
    "GET /vendors/compare": [Case(EVERYONE, query=lambda w: {"service": "HT-001",
                                                             "offering": w.offering_v})],
    "GET /vendors/<tax_code>": [
        Case(EVERYONE, lambda w: {"tax_code": w.tax_v}),
        Case(ADMIN, lambda w: {"tax_code": w.tax_p}, anonymous_gets=404,
             why="a pending vendor: only admins and its own users"),
    ],
    "GET /vendors/register": [Case(EVERYONE)],
    "POST /vendors/register": [Case(EVERYONE)],
    "GET /plans/calculator": [Case(EVERYONE)],
    "GET /api/v1/openapi.json": [Case(EVERYONE)],
    "GET /api/v1/categories": [Case(EVERYONE)],
    "GET /api/v1/services": [Case(EVERYONE)],
    "GET /api/v1/services/<code>": [Case(EVERYONE, lambda w: {"code": "HT-001"})],
    "GET /api/v1/vendors": [Case(EVERYONE)],
    "GET /api/v1/vendors/<tax_code>": [
        Case(EVERYONE, lambda w: {"tax_code": w.tax_v}),
        Case(NOBODY, lambda w: {"tax_code": w.tax_p}, anonymous_gets=404),
    ],
    "GET /api/v1/contracts/<int:contract_id>/ocds": [
        Case(EVERYONE, L),
        Case(NOBODY, K, anonymous_gets=404, why="drafts are not open data"),
    ],
    # --- every signed-in user
    "POST /accounts/logout": [Case(SIGNED_IN)],
    "GET /accounts/password": [Case(SIGNED_IN)],
    "POST /accounts/password": [Case(SIGNED_IN)],
    # --- catalog administration
    "GET /catalog/admin/": [Case(ADMIN)],
    # --- long work: a job's page for whoever started it; the open-data export for admins
    "GET /jobs/<int:job_id>": [Case(frozenset({"staff_a"}) | ADMIN, lambda w: {"job_id": w.job})],
    "GET /contracts/exports/": [Case(ADMIN)], "POST /contracts/exports/ocds": [Case(ADMIN)],
    "GET /contracts/exports/ocds/<int:job_id>": [Case(ADMIN, lambda w: {"job_id": w.export})],
    "GET /catalog/admin/services/new": [Case(ADMIN)],
    "POST /catalog/admin/services/new": [Case(ADMIN)],
    "GET /catalog/admin/services/<code>/edit": [Case(ADMIN, lambda w: {"code": "PM-002"})],
    "POST /catalog/admin/services/<code>/edit": [Case(ADMIN, lambda w: {"code": "PM-002"})],
    "GET /catalog/admin/services/<code>/<any(retire, restore):action>": [
        Case(ADMIN, lambda w: {"code": "PM-002", "action": "retire"})],
    "POST /catalog/admin/services/<code>/<any(retire, restore):action>": [
        Case(ADMIN, lambda w: {"code": "PM-002", "action": "retire"})],
    "GET /catalog/admin/categories/new": [Case(ADMIN)],
    "POST /catalog/admin/categories/new": [Case(ADMIN)],
    "GET /catalog/admin/categories/<code>/edit": [Case(ADMIN, lambda w: {"code": "PM"})],
    "POST /catalog/admin/categories/<code>/edit": [Case(ADMIN, lambda w: {"code": "PM"})],
    "GET /catalog/admin/categories/<code>/<any(retire, restore):action>": [
        Case(ADMIN, lambda w: {"code": "PM", "action": "retire"})],
    "POST /catalog/admin/categories/<code>/<any(retire, restore):action>": [
        Case(ADMIN, lambda w: {"code": "PM", "action": "retire"})],
    # --- vendor registry
    "GET /vendors/admin/": [Case(ADMIN)],
    "GET /vendors/admin/<tax_code>/verify": [Case(ADMIN, lambda w: {"tax_code": w.tax_p})],
    "POST /vendors/admin/<tax_code>/verify": [Case(ADMIN, lambda w: {"tax_code": w.tax_p})],
    "GET /vendors/admin/<tax_code>/reject": [Case(ADMIN, lambda w: {"tax_code": w.tax_p})],
    "POST /vendors/admin/<tax_code>/reject": [Case(ADMIN, lambda w: {"tax_code": w.tax_p})],
    "GET /vendors/certifications/<int:cert_id>/file": [
        Case(frozenset({"vendor_v", "admin"}), lambda w: {"cert_id": w.cert_v})],
    "GET /vendors/profile/": [Case(VENDORS)],
    "GET /vendors/profile/edit": [Case(VENDORS)],
    "POST /vendors/profile/edit": [Case(VENDORS)],
    "GET /vendors/profile/users": [Case(VENDORS)],
    "POST /vendors/profile/users": [Case(VENDORS)],
    "GET /vendors/profile/certifications/new": [Case(VENDORS)],
    "POST /vendors/profile/certifications/new": [Case(VENDORS)],
    "GET /vendors/profile/certifications/<int:cert_id>/delete": [
        Case(frozenset({"vendor_v"}), lambda w: {"cert_id": w.spare_cert_v})],
    "POST /vendors/profile/certifications/<int:cert_id>/delete": [
        Case(frozenset({"vendor_v"}), lambda w: {"cert_id": w.spare_cert_v})],
    "GET /vendors/profile/offerings/new": [Case(VENDORS)],
    "POST /vendors/profile/offerings/new": [Case(VENDORS)],
    "GET /vendors/profile/offerings/<int:offering_id>/edit": [
        Case(frozenset({"vendor_v"}), lambda w: {"offering_id": w.offering_v})],
    "POST /vendors/profile/offerings/<int:offering_id>/edit": [
        Case(frozenset({"vendor_v"}), lambda w: {"offering_id": w.offering_v})],
    "POST /vendors/profile/offerings/<int:offering_id>/<any(publish, unpublish):action>": [
        Case(frozenset({"vendor_v"}), lambda w: {"offering_id": w.offering_v,
                                                 "action": "publish"})],
    # --- lease plans
    "GET /plans/": [Case(AGENCY_ROLES)],
    "GET /plans/new": [Case(AUTHORS)],
    "POST /plans/new": [Case(AUTHORS)],
    "GET /plans/<int:plan_id>": [Case(A_PLANS, P)],
    "GET /plans/<int:plan_id>/edit": [Case(A_EDIT, P)],
    "POST /plans/<int:plan_id>/edit": [Case(A_EDIT, P)],
    "GET /plans/<int:plan_id>/costs": [Case(A_EDIT, P)],
    "POST /plans/<int:plan_id>/costs": [Case(A_EDIT, P)],
    "GET /plans/<int:plan_id>/calculator": [Case(A_EDIT, P)],
    "POST /plans/<int:plan_id>/calculator": [Case(A_EDIT, P)],
    "GET /plans/<int:plan_id>/approve": [Case(frozenset({"approver_a"}), P)],
    "POST /plans/<int:plan_id>/approve": [Case(frozenset({"approver_a"}), P)],
    "GET /plans/<int:plan_id>/download": [Case(A_PLANS, P)],
    "POST /plans/<int:plan_id>/generate": [Case(A_PLANS, P)],
    "GET /plans/<int:plan_id>/documents/<int:document_id>": [
        Case(A_PLANS, lambda w: {"plan_id": w.plan, "document_id": w.plan_document})],
    **{f"{m} /plans/<int:plan_id>/documents/<int:document_id>/pdf": [Case(A_PLANS, lambda w: {
        "plan_id": w.plan, "document_id": w.plan_document})] for m in ("GET", "POST")},
    # --- contracts: lists, drafting, documents
    "GET /contracts/": [Case(AGENCY_ROLES | VENDORS, why="vendors list their own company's")],
    "GET /contracts/dashboard": [Case(AGENCY_ROLES)],
    "GET /accounts/audit": [Case(ADMIN)],
    # --- agencies' profiles: their own people read, their approver or an admin edits
    # --- users: administrators list them, lock (after confirming) and unlock
    "GET /accounts/users/": [Case(ADMIN)],
    "GET /accounts/users/<int:user_id>/lock": [Case(ADMIN, U)],
    "POST /accounts/users/<int:user_id>/lock": [Case(ADMIN, U, data=lambda w: {"confirm": "y"})],
    "POST /accounts/users/<int:user_id>/unlock": [Case(ADMIN, U)],
    "GET /accounts/organisations/": [Case(ADMIN)],
    "GET /accounts/organisations/<int:org_id>": [Case(A_PLANS | ADMIN, A)],
    "GET /accounts/organisations/<int:org_id>/edit": [Case(A_PROFILE, A)],
    "POST /accounts/organisations/<int:org_id>/edit": [Case(A_PROFILE, A)],
    "GET /documents/templates/": [Case(LEGAL | ADMIN)],
    "POST /documents/templates/": [Case(LEGAL | ADMIN)],
    # --- template versions and the registry of legal instruments: legal drafters and admins
    **{f"{method} /documents/templates/<pack_id>/<kind>/v<int:version>/{tail}": [
        Case(LEGAL | ADMIN, V)] for method, tail in (
            ("GET", ""), ("POST", ""), ("GET", "download"), ("GET", "preview"))},
    "GET /documents/instruments/": [Case(LEGAL | ADMIN)],
    "GET /documents/instruments/<instrument_id>/": [Case(LEGAL | ADMIN, I)],
    "POST /documents/instruments/<instrument_id>/": [Case(LEGAL | ADMIN, I)],
    "POST /contracts/new": [Case(AUTHORS)],
    "GET /contracts/<int:contract_id>": [
        Case(A_DRAFT, K, why="a draft is the agency's; the vendor sees it once approved"),
        Case(A_READ, L)],
    "GET /contracts/<int:contract_id>/wizard/<step>": [
        Case(A_EDIT, lambda w: {"contract_id": w.draft, "step": "parties"}),
        Case(NOBODY, lambda w: {"contract_id": w.active, "step": "parties"},
             why="only drafts are edited"),
    ],
    "POST /contracts/<int:contract_id>/wizard/<step>": [
        Case(A_EDIT, lambda w: {"contract_id": w.draft, "step": "parties"})],
    "POST /contracts/<int:contract_id>/generate": [Case(A_EDIT, K)],
    "GET /contracts/<int:contract_id>/documents/<int:document_id>": [
        Case(A_DRAFT, lambda w: {"contract_id": w.draft, "document_id": w.draft_document})],
    **{f"{m} /contracts/<int:contract_id>/documents/<int:document_id>/pdf": [Case(
        A_DRAFT, lambda w: {"contract_id": w.draft, "document_id": w.draft_document})]
       for m in ("GET", "POST")},
    # --- contracts: lifecycle and signed copies
    "POST /contracts/<int:contract_id>/lifecycle/<action>": [
        Case(A_EDIT, lambda w: {"contract_id": w.active, "action": "submit"}),
        Case(LEGAL, lambda w: {"contract_id": w.active, "action": "clear"}),
        Case(frozenset({"approver_a"}), lambda w: {"contract_id": w.active,
                                                   "action": "approve"}),
    ],
    "GET /contracts/<int:contract_id>/lifecycle/sign": [Case(A_EDIT, L)],
    "POST /contracts/<int:contract_id>/lifecycle/sign": [Case(A_EDIT, L)],
    "GET /contracts/<int:contract_id>/lifecycle/terminate": [Case(frozenset({"approver_a"}), L)],
    "POST /contracts/<int:contract_id>/lifecycle/terminate": [
        Case(frozenset({"approver_a"}), L)],
    "POST /contracts/<int:contract_id>/signed-copies": [Case(A_EDIT, L, data=pdf_upload)],
    "GET /contracts/<int:contract_id>/signed-copies/<int:copy_id>": [
        Case(A_READ, lambda w: {"contract_id": w.active, "copy_id": w.signed_copy})],
    # --- contracts: amendments
    "POST /contracts/<int:contract_id>/amendments/new": [
        Case(A_EDIT, L, refuse=frozenset({"legal_a", "legal_op", "vendor_v"}),
             why="readers who may not amend are sent back with a message")],
    "GET /contracts/<int:contract_id>/amendments/<int:number>": [Case(A_READ, L1)],
    "GET /contracts/<int:contract_id>/amendments/<int:number>/edit": [Case(A_EDIT, L1)],
    "POST /contracts/<int:contract_id>/amendments/<int:number>/edit": [Case(A_EDIT, L1)],
    "POST /contracts/<int:contract_id>/amendments/<int:number>/generate": [Case(A_EDIT, L1)],
    "POST /contracts/<int:contract_id>/amendments/<int:number>/lifecycle/<action>": [
        Case(A_EDIT, lambda w: {**L1(w), "action": "submit"}),
        Case(LEGAL, lambda w: {**L1(w), "action": "clear"}),
    ],
    "GET /contracts/<int:contract_id>/amendments/<int:number>/lifecycle/sign": [
        Case(A_EDIT, L1)],
    "POST /contracts/<int:contract_id>/amendments/<int:number>/lifecycle/sign": [
        Case(A_EDIT, L1)],
    "POST /contracts/<int:contract_id>/amendments/<int:number>/signed-copies": [
        Case(A_EDIT, L1, data=pdf_upload)],
    "GET /contracts/<int:contract_id>/amendment-documents/<int:document_id>": [
        Case(A_READ, lambda w: {"contract_id": w.active, "document_id": w.active_document})],
    # --- contracts: acceptance and payment
    "GET /contracts/<int:contract_id>/acceptance/<int:period_no>": [
        Case(A_READ, lambda w: {"contract_id": w.active, "period_no": 1})],
    "POST /contracts/<int:contract_id>/acceptance/<int:period_no>": [
        Case(A_EDIT, lambda w: {"contract_id": w.active, "period_no": 2})],
    "POST /contracts/<int:contract_id>/acceptance/<int:period_no>/payments": [
        Case(A_EDIT, lambda w: {"contract_id": w.active, "period_no": 1})],
    "POST /contracts/<int:contract_id>/acceptance/documents/<int:form_no>": [
        Case(A_EDIT, lambda w: {"contract_id": w.active, "form_no": 1})],
    "POST /contracts/<int:contract_id>/acceptance/<int:period_no>/documents/<int:form_no>": [
        Case(A_EDIT, lambda w: {"contract_id": w.active, "period_no": 1, "form_no": 2})],
}


# URLs that moved answer everyone with a permanent redirect (tests/test_moved_urls.py checks
# where to); the page they lead to is checked under its new URL above.
MOVED = Case(EVERYONE, why="moved: a permanent redirect")
_OLD_PLAN = "/contracts/plans/<int:plan_id>"
for _old in ("GET /contracts/templates/", "POST /contracts/templates/", "GET /contracts/calculator",
             "GET /contracts/audit",
             "GET /contracts/plans/", "GET /contracts/plans/new", "POST /contracts/plans/new"):
    ROUTES[_old] = [MOVED]
for _old in (f"GET {_OLD_PLAN}", f"GET {_OLD_PLAN}/download",
             *(f"{method} {_OLD_PLAN}/{page}" for method in ("GET", "POST")
               for page in ("edit", "costs", "calculator", "approve"))):
    ROUTES[_old] = [Case(EVERYONE, P, why=MOVED.why)]
ROUTES[f"GET {_OLD_PLAN}/documents/<int:document_id>"] = [Case(
    EVERYONE, lambda w: {"plan_id": w.plan, "document_id": w.plan_document}, why=MOVED.why)]
for _key, _cases in access_routes.ROUTES.items():  # each part's further rows: tests/access_routes/
    ROUTES.setdefault(_key, []).extend(_cases)


# --- the checks -------------------------------------------------------------------------------


def route_keys(app) -> set[str]:
    """"METHOD rule" for every method of every rule but static files (HEAD and OPTIONS aside)."""
    return {f"{method} {rule.rule}" for rule in app.url_map.iter_rules()
            if rule.endpoint != "static"
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_is_classified(app):
    keys = route_keys(app)
    assert sorted(keys - set(ROUTES)) == [], "add these routes to ROUTES with who may use them"
    assert sorted(set(ROUTES) - keys) == [], "these routes are gone: remove them from ROUTES"


def forget_user() -> None:
    # Requests here share the test's app context, and Flask-Login caches the user on `g`:
    # without this, one actor's user would answer for the next actor's request.
    g.pop("_login_user", None)


def client_for(app, world, actor: str):
    """A browser of its own, signed in as the actor (tests/accounts covers the login form)."""
    client = app.test_client()
    if actor != "anonymous":
        with client.session_transaction() as session:
            session.update(session_values(world.users[actor]))
    return client


def flashed_error(client) -> bool:
    with client.session_transaction() as session:
        return any(category == "error" for category, _ in session.get("_flashes", []))


def outcome(response, actor: str, case: Case, client) -> str:
    """"allow", "deny", "refuse" or what was unexpected, from the status and redirect."""
    code = response.status_code
    location = response.headers.get("Location", "")
    if actor == "anonymous" and case.anonymous_gets is None:
        if code == 302 and "/accounts/login" in location:
            return "deny"
    elif code in (403, 404):
        return "deny"
    if 300 <= code < 400 and "/accounts/login" not in location and flashed_error(client) \
            and actor in case.refuse:
        return "refuse"
    if 200 <= code < 400 and "/accounts/login" not in location:
        return "allow"
    return f"unexpected {code} {location}"


@pytest.fixture
def quick_pdf(monkeypatch):
    """Converting to PDF needs LibreOffice and seconds; access is what is checked here."""
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda data, timeout=0: MINIMAL_PDF)


def check_cases(app, world, method: str, rule, cases: list[Case]) -> list[str]:
    """Call the rule as every actor for each case; what differs from the table."""
    problems = []
    for number, case in enumerate(cases):
        path = rule.build(case.values(world), append_unknown=False)[1]
        expected = {actor: ("allow" if actor in case.allow else
                            "refuse" if actor in case.refuse else "deny") for actor in ACTORS}
        # Refusals first, so an allowed write cannot change what the others see.
        for actor in sorted(ACTORS, key=lambda a: expected[a] == "allow"):
            client = client_for(app, world, actor)
            call = client.get if method == "GET" else client.post
            kwargs = {"query_string": case.query(world)}
            if method == "POST":
                kwargs["data"] = case.data(world)
            forget_user()
            response = call(path, **kwargs)
            got = outcome(response, actor, case, client)
            if actor == "anonymous" and case.anonymous_gets is not None and got == "deny":
                got = "deny" if response.status_code == case.anonymous_gets else "unexpected"
            if got != expected[actor]:
                problems.append(f"{method} {path} (case {number}): {actor} expected "
                                f"{expected[actor]}, got {got}")
            db.session.expire_all()
    return problems


def rule_for(app, key: str):
    method, rule_text = key.split(" ", 1)
    for rule in app.url_map.iter_rules():
        if rule.rule == rule_text and method in rule.methods:
            return rule
    pytest.fail(f"{key} is no route of the app any more; update ROUTES")


def test_reading_routes(app, quick_pdf):
    """Every GET, in one world: reading changes nothing another reader would see."""
    world = build_world()
    problems = []
    for key in sorted(k for k in ROUTES if k.startswith("GET ")):
        problems += check_cases(app, world, "GET", rule_for(app, key), ROUTES[key])
    assert problems == []


@pytest.mark.parametrize("key", sorted(k for k in ROUTES if k.startswith("POST ")))
def test_writing_route(app, quick_pdf, key):
    """Each POST in a world of its own, so one route's writes never change another's answer."""
    world = build_world()
    assert check_cases(app, world, "POST", rule_for(app, key), ROUTES[key]) == []


def test_the_world_has_what_the_table_names(app):
    world = build_world()
    active = db.session.get(Contract, world.active)
    assert active.status == "active" and active.number and world.signed_copy
    assert db.session.scalar(select(Contract.number).where(Contract.id == world.draft))
