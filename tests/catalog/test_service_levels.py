"""Every service level says how it is measured (issue 12, point 8): the catalog file, the
importer, the admin form's text format, the public page and the API."""
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from catalog.forms import format_service_levels, parse_service_levels
from catalog.importer import DEFAULT_FILE, import_catalog, parse_catalog
from catalog.models import CatalogArchive, Service
from extensions import db
from tests.catalog.conftest import SAMPLE
from tests.catalog.test_admin import FORM


def text(response) -> str:
    return response.get_data(as_text=True)


def strip_measures(code: str) -> Service:
    """Make a stored service look like one saved before measures were required."""
    service = db.session.scalar(select(Service).where(Service.code == code))
    service.service_levels = [{"name": i["name"], "target": i["target"]}
                              for i in service.service_levels]
    db.session.commit()
    return service


# --- the shipped catalog ---------------------------------------------------------------------


def test_every_level_of_the_shipped_catalog_has_its_own_measure():
    _, services = parse_catalog(DEFAULT_FILE.read_text(encoding="utf-8"))
    levels = [(s["code"], level) for s in services for level in s["service_levels"]]
    assert len(levels) >= 200
    for code, level in levels:
        assert set(level) == {"name", "target", "measure"}, (code, level)
        measure = level["measure"].strip()
        assert measure and measure != level["target"].strip(), (code, level)
        assert len(measure) >= 40, (code, level)  # a method, not a word
    measures = [level["measure"] for _, level in levels]
    # Levels of one kind may share a phrasing; the catalog is not one sentence copied around.
    assert len(set(measures)) >= 0.9 * len(measures)
    assert any("không tính thời gian bảo trì đã báo trước" in m for m in measures)


# --- the text format of the forms ------------------------------------------------------------


def test_lines_are_read_as_name_target_and_measure():
    items = parse_service_levels("Tính sẵn sàng: ≥ 99,5%/tháng | giám sát: tự động, tháng\n\n"
                                 "  Sao lưu : hằng ngày |  nhật ký sao lưu  ")
    assert items == [
        {"name": "Tính sẵn sàng", "target": "≥ 99,5%/tháng", "measure": "giám sát: tự động, tháng"},
        {"name": "Sao lưu", "target": "hằng ngày", "measure": "nhật ký sao lưu"}]


@pytest.mark.parametrize("line", ["Sao lưu: hằng ngày", "Sao lưu: hằng ngày |",
                                  "Sao lưu: hằng ngày |  "])
def test_a_line_without_its_measure_is_refused_with_its_number_and_an_example(line):
    with pytest.raises(ValueError) as error:
        parse_service_levels(f"Tính sẵn sàng: ≥ 99,5%/tháng | giám sát tự động\n{line}")
    message = str(error.value)
    assert message.startswith("Dòng 2 (“Sao lưu”) chưa ghi cách đo lường")
    assert "| cách đo lường" in message and "ví dụ “Tính sẵn sàng: ≥ 99,5%/tháng |" in message


def test_a_line_without_a_colon_still_names_the_expected_form():
    with pytest.raises(ValueError, match="Dòng 1 cần có dạng “Tên chỉ tiêu: mục tiêu | cách đo"):
        parse_service_levels("không có dấu hai chấm | đo thế nào")


def test_callers_that_keep_the_measure_elsewhere_may_leave_it_out():
    assert parse_service_levels("Khôi phục: 24 giờ", require_measure=False) == [
        {"name": "Khôi phục", "target": "24 giờ"}]
    assert parse_service_levels("Khôi phục: 24 giờ | diễn tập", require_measure=False) == [
        {"name": "Khôi phục", "target": "24 giờ", "measure": "diễn tập"}]


def test_levels_without_a_measure_are_written_without_the_bar():
    assert format_service_levels([
        {"name": "A", "target": "1 giờ", "measure": "nhật ký"},
        {"name": "B", "target": "2 giờ"}, {"name": "C", "target": "3 giờ", "measure": " "},
    ]) == "A: 1 giờ | nhật ký\nB: 2 giờ\nC: 3 giờ"


PART = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                             blacklist_characters=":|\r\n\x1c\x1d\x1e\x85"), min_size=1,
               max_size=30).map(str.strip).filter(bool)


@given(st.lists(st.fixed_dictionaries({"name": PART, "target": PART, "measure": PART}),
                max_size=6))
def test_formatting_then_parsing_gives_back_the_same_levels(levels):
    assert parse_service_levels(format_service_levels(levels)) == levels


# --- the importer ------------------------------------------------------------------------------


def test_reimporting_the_catalog_fills_the_measures_of_stored_services(app):
    import_catalog(SAMPLE)
    db.session.commit()
    service = strip_measures("HT-001")
    counts = import_catalog(SAMPLE)
    db.session.commit()
    assert counts["services"] == {"created": 0, "updated": 1, "unchanged": 3}
    assert service.service_levels[0]["measure"] == "Giám sát tự động mỗi phút, tổng hợp theo tháng"
    archive = db.session.scalar(select(CatalogArchive).where(
        CatalogArchive.object_id == service.id))
    assert "measure" not in archive.data["service_levels"][0]  # the old version is kept as it was


# --- admin form, public page, API ----------------------------------------------------------------


def test_the_admin_form_round_trips_levels_with_their_measures(client, catalog, make_user, login):
    login(make_user("admin"))
    assert client.post("/catalog/admin/services/new", data=FORM).status_code == 302
    form = text(client.get("/catalog/admin/services/PM-003/edit"))
    assert "“Tên chỉ tiêu: mục tiêu | cách đo lường”" in form
    assert FORM["service_levels"] in form
    again = client.post("/catalog/admin/services/PM-003/edit", data=FORM, follow_redirects=True)
    assert "Không có thay đổi nào." in text(again)


def test_the_admin_form_refuses_a_line_without_a_measure_and_keeps_the_text(
        client, catalog, make_user, login):
    login(make_user("admin"))
    typed = "Tính sẵn sàng: ≥ 99,5%/tháng | giám sát tự động\nHỗ trợ: 8 giờ x 5 ngày"
    body = text(client.post("/catalog/admin/services/new", data=dict(FORM, service_levels=typed)))
    assert "Dòng 2 (“Hỗ trợ”) chưa ghi cách đo lường" in body
    assert "Hỗ trợ: 8 giờ x 5 ngày</textarea>" in body
    assert db.session.scalar(select(Service).where(Service.code == "PM-003")) is None


def test_an_old_service_without_measures_opens_in_the_form_and_must_gain_them(
        client, catalog, make_user, login):
    strip_measures("PM-001")
    login(make_user("admin"))
    form = text(client.get("/catalog/admin/services/PM-001/edit"))
    assert "Thời gian phản hồi: &lt; 5 giây</textarea>" in form
    data = dict(FORM, code="PM-001", service_levels="Thời gian phản hồi: < 5 giây")
    body = text(client.post("/catalog/admin/services/PM-001/edit", data=data))
    assert "Dòng 1 (“Thời gian phản hồi”) chưa ghi cách đo lường" in body


def test_the_service_page_shows_how_each_level_is_measured(client, catalog):
    body = text(client.get("/catalog/services/HT-002"))
    assert '<th scope="col">Cách đo lường</th>' in body
    assert ("<td>Độ trễ</td><td>≤ 300 ms</td><td>Thống kê cuộc gọi của từng phiên họp</td>"
            in body)


def test_a_level_stored_without_a_measure_says_so_on_the_page_and_in_the_api(client, catalog):
    strip_measures("PM-001")
    response = client.get("/catalog/services/PM-001")
    assert response.status_code == 200
    assert "Chưa ghi cách đo lường" in text(response)
    levels = client.get("/api/v1/services/PM-001").get_json()["service_levels"]
    assert levels == [{"name": "Thời gian phản hồi", "target": "< 5 giây", "measure": None}]
    levels = client.get("/api/v1/services/HT-002").get_json()["service_levels"]
    assert levels[0]["measure"] == "Thống kê cuộc gọi của từng phiên họp"
