"""Vietnamese search: case, diacritics and đ folded; typed diacritics rank first."""
import pytest
from sqlalchemy import select

from catalog import search
from catalog.models import SearchTerm, Service
from catalog.services import service_query
from extensions import db


def names(q, **kwargs):
    return [s.name for s in db.session.scalars(service_query(q, **kwargs))]


def test_fold_strips_diacritics_and_dd():
    assert search.fold("Điện toán ĐÁM MÂY") == "dien toan dam may"
    assert search.words("Dịch vụ công trực tuyến!") == ["dich", "vu", "cong", "truc", "tuyen"]
    # Decomposed input (NFD) folds the same as composed.
    import unicodedata
    assert search.fold(unicodedata.normalize("NFD", "Hội nghị")) == "hoi nghi"


@pytest.mark.parametrize("query, expected", [
    ("dich vu cong truc tuyen", "Dịch vụ công trực tuyến"),
    ("dien toan dam may", "Điện toán đám mây chính phủ"),
    ("HỘI NGHỊ", "Hội nghị truyền hình trực tuyến"),
    ("Dien Toan", "Điện toán đám mây chính phủ"),
    ("quan ly van ban", "Quản lý văn bản và điều hành"),
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


def test_every_word_must_match(catalog):
    assert names("hội nghị ngân hàng") == []


def test_matches_keeping_the_typed_diacritics_rank_first(catalog):
    # "hội nghị" is in one service's name and another's description only.
    found = names("hội nghị")
    assert found == ["Hội nghị truyền hình trực tuyến", "Dịch vụ công trực tuyến"]


def test_retired_services_leave_the_search(catalog):
    service = db.session.scalar(select(Service).where(Service.code == "HT-001"))
    from catalog.services import set_service_retired
    set_service_retired(service, True)
    db.session.commit()
    assert names("dien toan") == []
    assert names("dien toan", include_retired=True) == ["Điện toán đám mây chính phủ"]


def test_search_uses_the_term_index_not_a_row_scan(catalog):
    terms = set(db.session.scalars(select(SearchTerm.term)))
    assert {"dien", "toan", "dam", "may", "hoi", "nghi"} <= terms
    sql = str(service_query("dien").compile(db.engine))
    assert "search_terms.term >=" in sql and "search_terms.term <" in sql


def test_queries_with_only_punctuation_or_sql_wildcards_find_nothing(catalog):
    assert names("%%%") == []
    assert names("_") == []
    assert names("'; DROP TABLE services; --") == []
    assert len(names("")) == 4


def test_cli_search_uses_the_same_function(runner, catalog):
    result = runner.invoke(args=["catalog", "search", "dich vu cong"])
    assert "PM-001\tDịch vụ công trực tuyến" in result.output
    assert "1 kết quả." in result.output
