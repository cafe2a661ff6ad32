"""URLs that moved to another package answer with a permanent redirect to their new place
(docs/architecture.md): 301 where the old URL only showed a page, 308 where it took a POST."""
import pytest

MOVED = [
    # (method, old URL, status, new URL)
    ("GET", "/contracts/templates/", 308, "/documents/templates/"),
    ("POST", "/contracts/templates/", 308, "/documents/templates/"),
    ("GET", "/contracts/templates/?page=2", 308, "/documents/templates/?page=2"),
    ("GET", "/contracts/calculator?periods=20", 301, "/plans/calculator?periods=20"),
    ("GET", "/contracts/plans/", 301, "/plans/"),
    ("GET", "/contracts/plans/new", 308, "/plans/new"),
    ("POST", "/contracts/plans/new", 308, "/plans/new"),
    ("GET", "/contracts/plans/7", 301, "/plans/7"),
    *((method, f"/contracts/plans/7/{page}", 308, f"/plans/7/{page}")
      for method in ("GET", "POST") for page in ("edit", "costs", "calculator", "approve")),
    ("GET", "/contracts/plans/7/download", 301, "/plans/7/download"),
    ("GET", "/contracts/plans/7/documents/3", 301, "/plans/7/documents/3"),
    ("GET", "/contracts/audit?object_type=contract&page=2", 301,
     "/accounts/audit?object_type=contract&page=2"),
]


@pytest.mark.parametrize(("method", "old", "status", "new"), MOVED)
def test_an_old_url_redirects_permanently_to_the_new_one(client, method, old, status, new):
    response = client.open(old, method=method)
    assert response.status_code == status
    assert response.headers["Location"] == new


def test_a_redirected_post_keeps_its_form_for_the_new_url(client, login, make_user):
    login(make_user("legal_drafter"))
    response = client.post("/contracts/templates/", data={"notes": "x"}, follow_redirects=True)
    assert response.status_code == 200 and response.request.path == "/documents/templates/"
    assert "Vui lòng chọn tệp .docx." in response.get_data(as_text=True)


def test_the_old_plan_command_prints_the_new_name_and_renders(runner, tmp_path):
    result = runner.invoke(args=["contracts", "plans", "render", "9999", "--out",
                                 str(tmp_path / "ke-hoach.docx")])
    assert result.exit_code == 1 and "Không có kế hoạch số hiệu 9999." in result.output
    assert "hãy dùng `flask plans render`" in result.stderr
