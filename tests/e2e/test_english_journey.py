"""One journey in English: a browser that asks for English gets the catalogue, a search through
a synonym (cloud → điện toán đám mây) with the matched words marked, the national report, and,
signed in, the agency's own pages once the switcher saved English on the account; the
visitor's switcher brings Vietnamese back."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e  # a real browser against the app served on loopback


def test_a_visitor_and_an_agency_use_the_site_in_english(browse):
    page = browse.page(locale="en-GB")
    page.goto("/catalog/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Service catalogue").first).to_be_visible()
    page.get_by_label("Search services").fill("cloud")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Results for"))).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("Báo cáo"))
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Danh mục dịch vụ").first).to_be_visible()

    staff = browse.page("staff")  # the account speaks Vietnamese until the switcher changes it
    staff.goto("/accounts/work")
    staff.get_by_role("button", name="English").click()
    try:
        expect(staff.get_by_role("link", name="My work")).to_be_visible()
        staff.get_by_role("link", name="Contracts", exact=True).click()
        expect(staff.get_by_role("button", name="Sign out")).to_be_visible()
    finally:  # the account is shared with the other journeys: give it Vietnamese back
        staff.get_by_role("button", name="Tiếng Việt").click()
        expect(staff.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert browse.problems == []
