"""Vietnamese search: case, diacritics and đ folded; prefixes; ranking; one-character queries;
the database's own full-text index, on SQLite and PostgreSQL alike."""
import unicodedata

import pytest
from sqlalchemy import select, text

from catalog import search
from catalog.models import SearchDocument, Service
from catalog.services import (create_service, get_category, service_query, set_service_retired,
                              update_service)
from extensions import db

SHORT = "Nhập ít nhất 2 ký tự để tìm kiếm."


def names(q, **kwargs):
    return [s.name for s in db.session.scalars(service_query(q, **kwargs))]


def add_service(code, name, description="", unit="tháng", category="HT"):
    service = create_service({
        "code": code, "category": get_category(category), "name": name,
        "description": description, "availability": "market", "unit": unit,
        "security_level": 2, "service_levels": [], "legal_bases": ["nd73-2019"]})
    db.session.commit()
    return service


def test_fold_strips_diacritics_and_dd():
    assert search.fold("Điện toán ĐÁM MÂY") == "dien toan dam may"
    assert search.words("Dịch vụ công trực tuyến!") == ["dich", "vu", "cong", "truc", "tuyen"]
    # Decomposed input (NFD) folds the same as composed.
    assert search.fold(unicodedata.normalize("NFD", "Hội nghị")) == "hoi nghi"
    assert search.folded_text("máy chủ ảo và máy chủ vật lý") == "may chu ao va may chu vat ly"


@pytest.mark.parametrize("query, expected", [
    ("dich vu cong truc tuyen", "Dịch vụ công trực tuyến"),
    ("dien toan dam may", "Điện toán đám mây chính phủ"),
    ("HỘI NGHỊ", "Hội nghị truyền hình trực tuyến"),
    ("Dien Toan", "Điện toán đám mây chính phủ"),
    ("quan ly van ban", "Quản lý văn bản và điều hành"),
    ("ht-001", "Điện toán đám mây chính phủ"),
    ("vb", None),
])
def test_queries_without_diacritics_or_in_capitals_find_the_service(catalog, query, expected):
    found = names(query)
    if expected is None:
        assert found == []
    else:
        assert found[0] == expected


def test_prefixes_of_words_match(catalog):
    assert names("đám mâ") == ["Điện toán đám mây chính phủ"]
    assert names("dien to") == ["Điện toán đám mây chính phủ"]


def test_every_word_must_match(catalog):
    assert names("hội nghị ngân hàng") == []


def test_matches_keeping_the_typed_diacritics_rank_first(catalog):
    # "hội nghị" is in one service's name and another's description only.
    found = names("hội nghị")
    assert found == ["Hội nghị truyền hình trực tuyến", "Dịch vụ công trực tuyến"]


def test_the_diacritics_typed_decide_between_words_that_fold_alike(catalog):
    add_service("HT-003", "Thuê máy in", "Máy in laser đặt tại cơ quan.")
    add_service("HT-004", "Lưu trữ tài liệu trên mây", "Kho tài liệu dùng chung.")
    clouds = names("mây")
    machines = names("máy")
    assert set(clouds) == set(machines)  # "may" folded: the same services match
    assert clouds.index("Lưu trữ tài liệu trên mây") < clouds.index("Thuê máy in")
    assert machines.index("Thuê máy in") < machines.index("Lưu trữ tài liệu trên mây")
    assert set(names("may")) == set(clouds)


def test_a_word_of_the_name_ranks_above_the_same_word_in_a_description(catalog):
    add_service("HT-003", "Kho lưu trữ", "Lưu trữ trên nền tảng điện toán đám mây.")
    assert names("dien toan") == ["Điện toán đám mây chính phủ", "Kho lưu trữ"]
    assert names("kho")[0] == "Kho lưu trữ"


def test_a_one_character_query_finds_nothing_and_the_page_asks_for_two(client, catalog):
    for query in ("đ", "a", "Đ ", "%", unicodedata.normalize("NFD", "ố")):
        assert names(query) == [], query
        assert search.too_short(query)
        body = client.get("/catalog/", query_string={"q": query}).get_data(as_text=True)
        assert SHORT in body and 'class="card"' not in body, query
        assert "Kết quả tìm" not in body
    assert not search.too_short("") and not search.too_short("đi")
    assert len(names("đi")) == len(names("")) == 4  # điện, điểm cầu, điện tử, điều hành
    assert client.get("/api/v1/services?q=%C4%91").get_json()["items"] == []
    page = client.get("/catalog/?q=dien").get_data(as_text=True)
    assert SHORT not in page and "Kết quả tìm “dien”: 2 dịch vụ" in page


def test_queries_cannot_speak_the_engine_syntax(catalog):
    assert names('"dien toan"') == ["Điện toán đám mây chính phủ"]
    assert names("dien* toan*") == ["Điện toán đám mây chính phủ"]
    assert names("-dien -toan") == ["Điện toán đám mây chính phủ"]
    assert names("name:dien") == []  # "name" is a word to find, not a column
    assert names("kind:service") == []
    assert names("dien OR hoi") == []  # OR is a word: every word must match
    assert names("NEAR(dien toan)") == []
    assert names("dien & !toan | hoi:*") == []
    assert names("(dien) AND NOT toan") == []
    assert names("'; DROP TABLE services; --") == []
    assert names("%%%") == [] and names("_") == [] and names("**") == []


def test_every_save_replaces_the_services_search_document(catalog):
    service = db.session.scalar(select(Service).where(Service.code == "HT-001"))
    update_service(service, {"name": "Lưu trữ đối tượng", "description": "Kho dữ liệu."})
    db.session.commit()
    assert names("dien toan") == []
    assert names("doi tuong") == ["Lưu trữ đối tượng"]
    documents = db.session.scalars(select(SearchDocument).where(
        SearchDocument.kind == "service", SearchDocument.object_id == service.id)).all()
    assert [(d.name, d.body, d.exact) for d in documents] == [
        ("ht 001 luu tru doi tuong", "kho du lieu may chu ao thang",
         " ht 001 lưu trữ đối tượng kho dữ liệu máy chủ ảo tháng")]


def test_retired_services_leave_the_search(catalog):
    service = db.session.scalar(select(Service).where(Service.code == "HT-001"))
    set_service_retired(service, True)
    db.session.commit()
    assert names("dien toan") == []
    assert names("dien toan", include_retired=True) == ["Điện toán đám mây chính phủ"]


def test_search_reads_the_databases_own_full_text_index(catalog):
    sql = str(service_query("dien").compile(db.engine))
    if db.engine.dialect.name == "postgresql":
        assert "@@ to_tsquery" in sql and "ts_rank" in sql
        # Enough documents for the planner to prefer an index, counted (rolled back below).
        db.session.execute(text(
            "INSERT INTO search_documents (kind, object_id, name, body, exact) "
            "SELECT 'service', 100000 + g, 'khac ' || g, '', '' FROM generate_series(1, 5000) g"))
        db.session.execute(text("ANALYZE search_documents"))
        hits = select(search.hits("service", "dien"))
        plan = "\n".join(db.session.scalars(text("EXPLAIN " + str(hits.compile(
            db.engine, compile_kwargs={"literal_binds": True})).replace("%%", "%"))))
        assert "Bitmap Index Scan on ix_search_documents_service_vector" in plan, plan
    else:
        assert "search_index_service MATCH" in sql and "bm25(search_index_service" in sql
        plan = " ".join(str(row[-1]) for row in db.session.execute(text(
            "EXPLAIN QUERY PLAN " + str(service_query("dien").compile(
                db.engine, compile_kwargs={"literal_binds": True})))))
        assert "VIRTUAL TABLE INDEX" in plan, plan
        indexed = db.session.scalar(text(
            "SELECT count(*) FROM search_index_service WHERE search_index_service "
            "MATCH 'hoi* AND nghi*'"))
        assert indexed == 2
    db.session.rollback()


def test_cli_search_uses_the_same_function(runner, catalog):
    result = runner.invoke(args=["catalog", "search", "dich vu cong"])
    assert "PM-001\tDịch vụ công trực tuyến" in result.output
    assert "1 kết quả." in result.output
    short = runner.invoke(args=["catalog", "search", "đ"])
    assert SHORT in short.output and "0 kết quả." in short.output
