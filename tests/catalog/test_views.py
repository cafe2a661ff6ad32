"""Public catalog pages: no login, counts, search, pagination, service page."""
from sqlalchemy import select

from catalog.models import Service
from catalog.services import set_service_retired
from extensions import db


def text(response):
    return response.get_data(as_text=True)


def test_catalog_lists_categories_with_counts_without_login(client, catalog):
    response = client.get("/catalog/")
    assert response.status_code == 200
    body = text(response)
    assert "Danh mục dịch vụ công nghệ thông tin cho thuê" in body
    assert "Hạ tầng" in body and "(2)" in body
    assert "4 dịch vụ" in body
    assert '<html lang="vi">' in body


def test_root_redirects_to_the_catalog(client):
    assert client.get("/").headers["Location"].endswith("/catalog/")


def test_search_box_filters_the_list(client, catalog):
    body = text(client.get("/catalog/?q=dich+vu+cong+truc+tuyen"))
    assert "Kết quả tìm “dich vu cong truc tuyen”: 1 dịch vụ" in body
    assert "Dịch vụ công trực tuyến" in body
    assert "Hội nghị truyền hình trực tuyến" not in body


def test_category_filter_and_unknown_category(client, catalog):
    body = text(client.get("/catalog/?category=PM"))
    assert "Quản lý văn bản và điều hành" in body
    assert "Điện toán đám mây" not in body
    assert client.get("/catalog/?category=ZZ").status_code == 404


def test_pagination_splits_the_list(app, client, catalog):
    app.config["PER_PAGE"] = 3
    first = text(client.get("/catalog/"))
    assert "Trang 1 / 2" in first and 'rel="next"' in first
    second = text(client.get("/catalog/?page=2"))
    assert second.count('class="card"') == 1
    assert client.get("/catalog/?page=abc").status_code == 200
    assert "Không tìm thấy dịch vụ nào" in text(client.get("/catalog/?page=99"))


def test_service_page_shows_every_field(client, catalog):
    body = text(client.get("/catalog/services/PM-001"))
    for expected in ("Dịch vụ công trực tuyến", "PM-001", "Phần mềm dịch vụ",
                     "Dịch vụ theo yêu cầu riêng của cơ quan", "phải lập kế hoạch thuê",
                     "Cấp độ 3", "Thời gian phản hồi", "&lt; 5 giây",
                     "Quyết định 80/2014/QĐ-TTg"):
        assert expected in body, expected


def test_unknown_service_is_a_vietnamese_404(client, catalog):
    response = client.get("/catalog/services/XX-999")
    assert response.status_code == 404
    assert "Không tìm thấy" in text(response)


def test_retired_service_leaves_the_list_but_keeps_its_page(client, catalog):
    service = db.session.scalar(select(Service).where(Service.code == "HT-002"))
    set_service_retired(service, True)
    db.session.commit()
    assert "Hội nghị truyền hình" not in text(client.get("/catalog/"))
    page = client.get("/catalog/services/HT-002")
    assert page.status_code == 200
    assert "đã ngừng đưa vào danh mục" in text(page)


def test_pages_use_only_local_assets_and_are_phone_ready(client, catalog):
    body = text(client.get("/catalog/"))
    assert 'name="viewport"' in body
    assert "http://" not in body.replace("http://localhost", "")
    assert "https://" not in body
    assert client.get("/static/css/app.css").status_code == 200


def test_search_form_is_labelled_and_has_a_skip_link(client, catalog):
    body = text(client.get("/catalog/"))
    assert '<label for="q">' in body
    assert 'href="#main"' in body
