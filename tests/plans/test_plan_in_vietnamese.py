"""A plan's document generated while the page speaks English is the same Vietnamese text
(core.i18n.in_vietnamese around the document builder)."""
from documents import storage
from plans import document as plan_document
from tests.plans.plan_helpers import docx_text, make_plan


def test_a_plan_generated_under_english_is_vietnamese(app, agency, plan_catalog):
    plan = make_plan(agency, plan_catalog, pack="nd73-2019")
    vietnamese = docx_text(storage.read_document(
        plan_document.generate_plan_document(plan, actor=agency.staff)))
    with app.test_request_context("/?lang=en", method="POST"):
        app.preprocess_request()
        english_page = docx_text(storage.read_document(
            plan_document.generate_plan_document(plan, actor=agency.staff)))
    assert "KẾ HOẠCH" in english_page
    assert english_page == vietnamese
