"""The vendor directory's export (open data, with the page's filters), a catalog service's
published offerings (public prices only) and a vendor's own offerings (its own prices)."""
from tests.contracts.acceptance_helpers import page
from tests.exports.helpers import column, csv_rows, values, workbook_sheet
from tests.helpers import first_user

DIRECTORY_HEADERS = ["Tên doanh nghiệp", "Tên viết tắt", "Mã số thuế", "Tỉnh, thành phố",
                     "Địa chỉ", "Điện thoại", "Thư điện tử", "Trang thông tin điện tử",
                     "Dịch vụ công bố"]


def directory(make_vendor, make_offering):
    north = make_vendor(legal_name="Công ty Cổ phần Mây Số")
    south = make_vendor(legal_name="Công ty TNHH Dữ liệu Biển Đông", province="da-nang")
    make_vendor(status="pending", legal_name="Công ty Chưa Xác Minh")
    make_offering(north, "HT-001", unit_price=2_500_000, price_public=True)
    make_offering(south, "HT-001", unit_price=3_100_000, price_public=False)
    make_offering(south, "PM-002", publish=False)
    return north, south


def test_the_directory_lists_the_verified_vendors_as_the_page_does(client, make_vendor,
                                                                   make_offering):
    north, south = directory(make_vendor, make_offering)
    sheet = workbook_sheet(client.get("/vendors/export.xlsx"))
    assert sheet.freeze_panes == "A2" and values(sheet)[0] == DIRECTORY_HEADERS
    assert column(sheet, "Tên doanh nghiệp") == [north.legal_name, south.legal_name]
    assert column(sheet, "Tỉnh, thành phố") == [north.province.name, south.province.name]
    assert column(sheet, "Dịch vụ công bố") == ["HT-001", "HT-001"]  # a draft is not shown
    assert "2 nhà cung cấp" in page(client, "/vendors/")


def test_the_directory_s_filters_narrow_the_export(client, make_vendor, make_offering):
    north, south = directory(make_vendor, make_offering)
    cases = {"province=da-nang": [south], "q=may so": [north], "service=PM-002": [],
             "q=bien dong&province=ha-noi": []}
    for query, expected in cases.items():
        sheet = workbook_sheet(client.get(f"/vendors/export.xlsx?{query}"))
        assert column(sheet, "Tên doanh nghiệp") == [v.legal_name for v in expected], query
    assert client.get("/vendors/export.xlsx?province=khong-co").status_code == 404


def test_the_directory_as_csv_is_open_data(client, make_vendor, make_offering):
    north, _south = directory(make_vendor, make_offering)
    rows = csv_rows(client.get("/vendors/export.csv?q=may+so"))
    assert rows[0] == DIRECTORY_HEADERS
    assert rows[1][:3] == [north.legal_name, "", north.tax_code]


def test_a_service_s_offerings_show_only_the_prices_made_public(client, make_vendor,
                                                                make_offering):
    north, south = directory(make_vendor, make_offering)
    sheet = workbook_sheet(client.get("/vendors/services/HT-001/offerings.xlsx"))
    assert column(sheet, "Nhà cung cấp") == [north.legal_name, south.legal_name]
    assert column(sheet, "Đơn giá công khai trước thuế (đồng)") == [2_500_000, None]
    assert column(sheet, "Ghi chú giá") == [None, "Giá liên hệ"]
    assert sheet["C2"].number_format == "#,##0"
    rows = csv_rows(client.get("/vendors/services/HT-001/offerings.csv"))
    assert "3100000" not in sum(rows, []) and rows[1][2] == "2500000"
    assert client.get("/vendors/services/KHONG-CO/offerings.xlsx").status_code == 404


def test_a_vendor_downloads_its_own_offerings_drafts_and_prices_included(client, login,
                                                                         make_vendor,
                                                                         make_offering):
    _north, south = directory(make_vendor, make_offering)
    login(first_user(south))
    sheet = workbook_sheet(client.get("/vendors/profile/offerings.xlsx"))
    assert column(sheet, "Mã dịch vụ") == ["HT-001", "PM-002"]
    assert column(sheet, "Trạng thái") == [o.status_label for o in south.offerings]
    assert column(sheet, "Đơn giá trước thuế (đồng)") == [3_100_000, None]
    assert column(sheet, "Công khai giá") == ["Không", "Không"]
    assert len(csv_rows(client.get("/vendors/profile/offerings.csv"))) == 3
    client.post("/accounts/logout")
    response = client.get("/vendors/profile/offerings.xlsx")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


def test_a_long_directory_csv_streams_with_each_vendor_s_services(app, client, make_vendor,
                                                                  make_offering):
    north, south = directory(make_vendor, make_offering)
    app.config["EXPORT_STREAM_FROM_ROWS"] = 1
    response = client.get("/vendors/export.csv")
    assert "Content-Length" not in response.headers  # streamed
    assert [(r[0], r[8]) for r in csv_rows(response)[1:]] == [
        (north.legal_name, "HT-001"), (south.legal_name, "HT-001")]
