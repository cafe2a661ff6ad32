"""Strong passwords, one rule (accounts.rules.password_problem) for forms and services alike:
12 characters or more, hard to guess (zxcvbn ≥ 3, the user's e-mail and name counted as
guesses), never holding the user's own e-mail; every password the project ships passes."""
import pytest

from accounts import rules, services
from accounts.demo import DEMO_PASSWORD
from bench.dataset.agencies import BENCH_PASSWORD
from extensions import db
from tests.conftest import PASSWORD
from tests.e2e.conftest import PASSWORD as E2E_PASSWORD

EMAIL, NAME = "nguyen.van.minh@soxyz.gov.vn", "Nguyễn Văn Minh"


@pytest.mark.parametrize(("password", "why"), [
    ("..........", rules.TOO_SHORT),
    ("password12", rules.TOO_SHORT),
    ("aaaaaaaaa1", rules.TOO_SHORT),
    ("ngan-qua-1", rules.TOO_SHORT),
    ("............", rules.TOO_GUESSABLE),
    ("password1234", rules.TOO_GUESSABLE),
    ("aaaaaaaaaaa1", rules.TOO_GUESSABLE),
    ("123456789012", rules.TOO_GUESSABLE),
    ("qwertyuiop12", rules.TOO_GUESSABLE),
    ("nguyenvanminh1990", rules.TOO_GUESSABLE),
    ("Nguyễn Văn Minh 90", rules.TOO_GUESSABLE),
    (EMAIL, rules.HOLDS_EMAIL),
    (EMAIL.upper() + "!", rules.HOLDS_EMAIL),
    ("Nguyen.Van.Minh-rat-bi-mat", rules.HOLDS_EMAIL),
])
def test_weak_passwords_are_refused_with_what_to_do(password, why):
    assert rules.password_problem(password, EMAIL, NAME) == why


def test_the_messages_say_what_to_do_in_vietnamese():
    assert rules.TOO_SHORT.startswith("Mật khẩu cần ít nhất 12 ký tự.")
    assert rules.TOO_GUESSABLE.startswith(
        "Mật khẩu quá dễ đoán: hãy dùng một cụm từ dài gồm nhiều từ không liên quan")
    assert rules.HOLDS_EMAIL == "Mật khẩu không được chứa địa chỉ thư điện tử của bạn."


@pytest.mark.parametrize("password", [
    PASSWORD, E2E_PASSWORD, DEMO_PASSWORD, BENCH_PASSWORD, "bon-con-meo-tren-mai-nha",
    "mây trôi qua đồi chè xanh", "x" * 30 + "9 con voi đi qua cầu " * 10])
def test_the_projects_own_passwords_and_long_phrases_pass(password):
    assert rules.password_problem(password, EMAIL, NAME) is None
    assert rules.password_problem(password) is None


def test_a_very_short_local_part_is_not_searched_for():
    assert rules.password_problem("mat-khau-thu-1", "an@example.vn") is None
    assert rules.password_problem("mat-khau-thu-1", "mat@example.vn") == rules.HOLDS_EMAIL


def test_creating_a_user_refuses_a_password_holding_their_email(app):
    org = services.create_organisation("operator", "Trung tâm")
    with pytest.raises(services.AccountError, match="thư điện tử của bạn"):
        services.create_user("vanhanh@example.vn", "Vận Hành", "VanHanh@example.vn-2026",
                             "admin", org)
    user = services.create_user("vanhanh@example.vn", "Vận Hành", PASSWORD, "admin", org)
    with pytest.raises(services.AccountError, match="quá dễ đoán"):
        services.set_password(user, "password1234")
    db.session.rollback()


def test_the_change_password_form_explains_a_weak_new_password(client, make_user, login):
    user = make_user()
    login(user)
    for weak, message in [("password12", "Mật khẩu cần ít nhất 12 ký tự."),
                          ("aaaaaaaaaaa1", "Mật khẩu quá dễ đoán"),
                          (user.email, "Mật khẩu không được chứa địa chỉ thư điện tử")]:
        response = client.post("/accounts/password", data={
            "current": PASSWORD, "new": weak, "confirm": weak})
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)


def test_the_reset_command_refuses_a_weak_password(runner, make_user):
    user = make_user()
    result = runner.invoke(args=["accounts", "reset-password", "--email", user.email,
                                 "--password", "aaaaaaaaa1"])
    assert result.exit_code != 0 and "ít nhất 12 ký tự" in result.output
