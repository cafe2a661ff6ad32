"""What the fuzz tests share: any text a browser can send, the examples budget, and what
"no server error" means for pages and for the JSON API."""
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Any Unicode a browser can send (surrogates cannot be encoded, so no client sends them),
# with NUL and control characters, mixed with values chosen to hit the parsers' edges.
UNICODE = st.characters(blacklist_categories=("Cs",))
EDGES = st.sampled_from([
    "", " ", "0", "-1", "1", "+1", "1.5", "1e3", "0x10", "²", "١", "٣٤", "１２", "Ⅻ",
    "99999999999999999999", "100001", "101", "\x00", "a\x00b", "%", "%00", "_", "\\", "'",
    "\"", "' OR 1=1 --", "<script>", "HT-001", "ht-001", "ha-noi", "../../etc/passwd",
    "dịch vụ công", "Đ" * 300, "ß", "İ", "ﬀ", "\u200b", "\ufeff", "\U0001F600",
])
ANY_TEXT = st.one_of(EDGES, st.text(UNICODE, max_size=80), st.text(UNICODE, max_size=400))
# THUE_FUZZ_EXAMPLES=1000 explores further than the suite's everyday 60.
FUZZ = settings(max_examples=int(os.environ.get("THUE_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_no_server_error(response, path: str) -> None:
    assert response.status_code < 500, (path, response.status_code)


def assert_api_answer(response, path: str) -> None:
    """2xx, or a 4xx whose body is JSON with an error: never a 500, never an HTML page.

    Routing may also redirect to the canonical path ("/services//0" → "/services/0"), which
    stays in the API."""
    assert_no_server_error(response, path)
    if response.status_code in (301, 308):
        assert response.headers["Location"].split("?")[0].count("/api/v1/") == 1, path
        return
    assert response.mimetype == "application/json", (path, response.status_code)
    body = response.get_json()
    if response.status_code >= 400:
        assert body["error"]["code"] == response.status_code, (path, body)
