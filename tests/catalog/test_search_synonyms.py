"""The synonym list (catalog/data/synonyms.yml) and the words a search found, marked."""
import pytest
from markupsafe import Markup

from catalog import search
from catalog.highlight import highlight
from catalog.services import create_service, get_category, service_query
from extensions import db


def names(q):
    return [s.name for s in db.session.scalars(service_query(q))]


@pytest.fixture
def services(catalog):
    """The sample catalog and three services named as people search for them."""
    for code, name, description in (
            ("PM-003", "Thư điện tử công vụ", "Hộp thư cho cán bộ, công chức."),
            ("PM-004", "Dịch vụ email cho trường học", "Hộp thư cho giáo viên."),
            ("PM-005", "Giám sát an toàn thông tin tập trung", "Theo dõi sự kiện 24/7.")):
        create_service({"code": code, "category": get_category("PM"), "name": name,
                        "description": description, "availability": "market",
                        "unit": "hộp thư/tháng", "security_level": 2, "service_levels": [],
                        "legal_bases": ["nd73-2019"]})
    db.session.commit()


@pytest.mark.parametrize("query, expected", [
    ("email", {"Thư điện tử công vụ", "Dịch vụ email cho trường học"}),
    ("EMAIL", {"Thư điện tử công vụ", "Dịch vụ email cho trường học"}),
    ("thư điện tử", {"Thư điện tử công vụ", "Dịch vụ email cho trường học"}),
    ("thu dien tu cong vu", {"Thư điện tử công vụ"}),
    ("cloud", {"Điện toán đám mây chính phủ"}),
    ("điện toán đám mây", {"Điện toán đám mây chính phủ"}),
    ("IaaS", {"Điện toán đám mây chính phủ"}),  # "máy chủ ảo" in its description
    ("SOC", {"Giám sát an toàn thông tin tập trung"}),
    ("soc tap trung", {"Giám sát an toàn thông tin tập trung"}),
])
def test_a_word_finds_its_synonyms_and_the_other_way_round(services, query, expected):
    assert set(names(query)) == expected


def test_synonyms_are_whole_words_in_order_not_prefixes_or_scattered_words(services):
    assert names("emai") == ["Dịch vụ email cho trường học"]  # a prefix of "email" only
    # The words of "thư điện tử" out of order: found as words, not as the synonym of email.
    assert names("tu dien thu") == ["Thư điện tử công vụ"]
    # "đám mây" is a synonym of "cloud" as two words together, not "mây" alone.
    assert "Điện toán đám mây chính phủ" in names("mây")
    assert search.parse("mây").parts == ((search.Alternative(("may",)),),)


def test_the_word_as_typed_ranks_above_its_synonyms(services):
    assert names("email") == ["Dịch vụ email cho trường học", "Thư điện tử công vụ"]
    assert names("thư điện tử") == ["Thư điện tử công vụ", "Dịch vụ email cho trường học"]


def test_the_synonym_list_is_data_and_a_phrase_belongs_to_one_group():
    shipped = search.synonyms()
    assert ("thu", "dien", "tu") in shipped[("email",)]
    assert ("dam", "may") in shipped[("cloud",)] and ("dien", "toan", "dam", "may") in \
        shipped[("cloud",)]
    assert ("may", "chu", "ao") in shipped[("iaas",)]
    assert ("giam", "sat", "an", "toan", "thong", "tin") in shipped[("soc",)]
    own = search.load_synonyms("groups:\n  - [CSDL, cơ sở dữ liệu]\n")
    assert own == {("csdl",): (("csdl",), ("co", "so", "du", "lieu")),
                   ("co", "so", "du", "lieu"): (("csdl",), ("co", "so", "du", "lieu"))}
    with pytest.raises(ValueError, match="two groups"):
        search.load_synonyms("groups:\n  - [email, thư]\n  - [Thư, letter]\n")
    with pytest.raises(ValueError, match="two phrases"):
        search.load_synonyms("groups:\n  - [email]\n")


def test_highlight_marks_the_words_found_fold_aware_and_escapes_the_rest():
    assert highlight("Dịch vụ công trực tuyến", "dich vu") == Markup(
        "<mark>Dịch vụ</mark> công trực tuyến")
    assert highlight("Dịch vụ công trực tuyến", "truc cong") == Markup(
        "Dịch vụ <mark>công trực</mark> tuyến")
    assert highlight("Điện toán đám mây", "đám mâ") == Markup("Điện toán <mark>đám mây</mark>")
    assert highlight("Thư điện tử công vụ", "email") == Markup(
        "<mark>Thư điện tử</mark> công vụ")
    assert highlight("Thuê máy chủ ảo (IaaS)", "iaas") == Markup(
        "Thuê <mark>máy chủ ảo</mark> (<mark>IaaS</mark>)")
    assert highlight("<b>Dịch</b> & vụ", "dich vu") == Markup(
        "&lt;b&gt;<mark>Dịch</mark>&lt;/b&gt; &amp; <mark>vụ</mark>")
    assert highlight("<b>Dịch vụ</b>", "") == Markup("&lt;b&gt;Dịch vụ&lt;/b&gt;")
    assert highlight("Dịch vụ", "đ") == Markup("Dịch vụ")  # too short: nothing searched
    assert highlight(None, "dich") == Markup("")


def test_the_catalog_page_marks_what_the_search_found(client, services):
    body = client.get("/catalog/?q=email").get_data(as_text=True)
    assert "<mark>Thư điện tử</mark> công vụ" in body
    assert "Dịch vụ <mark>email</mark> cho trường học" in body
    assert "<mark>" not in client.get("/catalog/").get_data(as_text=True)
    page = client.get("/catalog/?q=%3Cscript%3Edich").get_data(as_text=True)
    assert "<script>" not in page and "&lt;script&gt;dich" in page
