"""Every main page sends as many SQL queries with three times the data: no query per row (N+1).

The data sets come from bench.dataset at two tiny scales. PER_PAGE is raised so list pages show
every row, and the busiest service, vendor and agency are requested, so a page whose queries
grow with its rows would show it.
"""
import pytest
from sqlalchemy import select

from accounts.tax_code import is_valid_tax_code
from bench import dataset, measure
from catalog import services as catalog_services
from catalog.models import SearchDocument, Service
from extensions import db
from tests.conftest import empty_database, make_app
from vendors import services as vendor_services
from vendors.models import Vendor

SMALL, LARGE = 0.005, 0.015
PAGES = ["catalog", "catalog_search", "service", "vendors", "vendor", "contracts", "contract"]


@pytest.fixture(scope="module")
def measured(migrated, tmp_path_factory):
    """Pages measured at both sizes: {scale: (rows inserted, {page: {"queries": n, ...}})}."""
    app = make_app(migrated, tmp_path_factory.mktemp("query-counts"), PER_PAGE=1000)
    results = {}
    try:
        for scale in (SMALL, LARGE):
            with app.app_context():
                rows = dataset.build(scale, progress=False)
                db.session.remove()
            targets = measure.pick_targets(app)
            results[scale] = (rows, measure.measure_pages(app, targets, repeat=1, warmup=1))
            with app.app_context():
                empty_database()
    finally:
        with app.app_context():
            db.session.remove()
            empty_database()
            db.engine.dispose()
    return results


def test_the_larger_data_set_is_three_times_the_smaller(measured):
    small, large = measured[SMALL][0], measured[LARGE][0]
    for table in ("services", "vendors", "offerings", "contracts"):
        assert large[table] == 3 * small[table], table


@pytest.mark.parametrize("page", PAGES)
def test_a_page_sends_as_many_queries_with_three_times_the_data(measured, page):
    small, large = measured[SMALL][1], measured[LARGE][1]
    assert large[page]["queries"] == small[page]["queries"], (small[page], large[page])


def test_the_dashboard_if_any_sends_as_many_queries_with_three_times_the_data(measured):
    small, large = measured[SMALL][1], measured[LARGE][1]
    if "dashboard" not in small:
        pytest.skip("no /contracts/dashboard in this version")
    assert large["dashboard"]["queries"] == small["dashboard"]["queries"]


def terms(kind: str, object_id: int) -> tuple[str, str, str]:
    """The search document of an object (name, body, exact)."""
    document = db.session.scalar(select(SearchDocument).where(
        SearchDocument.kind == kind, SearchDocument.object_id == object_id))
    return document.name, document.body, document.exact


def test_the_data_set_indexes_words_as_the_services_do_with_valid_tax_codes(app):
    dataset.build(counts=dataset.Counts(agencies=1, services=3, vendors=3, offerings=3,
                                        contracts=1, plans=1), progress=False)
    for service in db.session.scalars(select(Service)):
        built = (terms("service", service.id), service.name_lower, service.name_folded)
        catalog_services._reindex(service)
        assert built == (terms("service", service.id), service.name_lower, service.name_folded)
    for vendor in db.session.scalars(select(Vendor)):
        assert is_valid_tax_code(vendor.tax_code), vendor.tax_code
        built = (terms("vendor", vendor.id), vendor.name_lower, vendor.name_folded)
        vendor_services._reindex(vendor)
        assert built == (terms("vendor", vendor.id), vendor.name_lower, vendor.name_folded)
