"""A browser's moves on the application: tokens, logging in, copying a session cookie."""
import re
from urllib.parse import urlsplit

from tests.conftest import PASSWORD

ORIGIN = {"Origin": "http://localhost"}
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, page: str = "/accounts/login") -> str:
    """The CSRF token of a page, as the browser would send it back."""
    return TOKEN.search(client.get(page).get_data(as_text=True)).group(1)


def log_in(client, user, password: str = PASSWORD, *, csrf: bool = False, query: str = ""):
    """Log in through the login form (fetching its token first when CSRF is on)."""
    data = {"email": user.email, "password": password}
    if csrf:
        data["csrf_token"] = csrf_token(client, "/accounts/login" + query)
    response = client.post("/accounts/login" + query, data=data, headers=ORIGIN)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(client, value: str) -> None:
    """Send an earlier session cookie again, as someone who copied it would."""
    client.set_cookie("session", value)


def sent_to_login(response) -> bool:
    return (response.status_code == 302
            and urlsplit(response.headers["Location"]).path == "/accounts/login")
