"""Each list offers its downloads, keeping the page's filters (but not its page number)."""
from tests.helpers import text


def test_the_vendor_directory_links_its_exports_with_its_filters(client, make_vendor):
    make_vendor(legal_name="Công ty Cổ phần Mây Số Việt")
    page = client.get("/vendors/?q=may&page=1").get_data(as_text=True)
    assert 'href="/vendors/export.xlsx?q=may"' in page
    assert 'href="/vendors/export.csv?q=may"' in page
    assert "Tải Excel (.xlsx)" in text(client.get("/vendors/"))


def test_the_audit_search_links_its_exports(client, make_user, login):
    login(make_user("admin"))
    page = client.get("/accounts/audit").get_data(as_text=True)
    assert 'href="/accounts/audit/export.xlsx"' in page
