"""The login limit and the lockouts are one count for every worker in Redis (issue 13, point 4).

gunicorn with 2 workers, the limiter on (10 login attempts a minute per client), its storage a
real redis-server: of 40 attempts fired at once, 10 get through whichever worker takes them.
With the in-memory storage each worker would count on its own (the figure in the note)."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.concurrency.conftest import csrf_of, requests, start_gunicorn

pytestmark = pytest.mark.slow
ATTEMPTS = 40


@pytest.fixture
def two_workers(migrated, instance_folder, redis_url, tmp_path):
    server = start_gunicorn(tmp_path, workers=2, SQLALCHEMY_DATABASE_URI=migrated,
                            RATELIMIT_ENABLED="true", RATELIMIT_STORAGE_URI=redis_url,
                            RATELIMIT_LOGIN="10/minute")
    yield server
    server.stop()


def attempts(server, count: int) -> list[int]:
    session = requests.Session()
    token = csrf_of(session.get(f"{server.url}/accounts/login", timeout=30).text)
    cookies = session.cookies

    def one(index: int) -> int:
        tab = requests.Session()
        tab.cookies.update(cookies)
        return tab.post(f"{server.url}/accounts/login", allow_redirects=False, timeout=60,
                        data={"email": f"ai-do-{index}@example.vn", "password": "sai-mat-khau",
                              "csrf_token": token}).status_code

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


def test_two_workers_share_one_login_count_in_redis(app, two_workers):
    statuses = attempts(two_workers, ATTEMPTS)
    assert statuses.count(429) == ATTEMPTS - 10, statuses
    assert set(statuses) == {200, 429}
    session = requests.Session()
    token = csrf_of(session.get(f"{two_workers.url}/accounts/login", timeout=30).text)
    page = session.post(f"{two_workers.url}/accounts/login", timeout=30,
                        data={"email": "ai-do@example.vn", "password": "x", "csrf_token": token})
    assert page.status_code == 429 and "Bạn đã gửi quá nhiều yêu cầu" in page.text


def test_two_workers_share_one_lockout_count_in_redis(make_user, migrated, instance_folder,
                                                      redis_url, tmp_path):
    """Five wrong passwords spread over both workers lock the pair out on either of them."""
    from tests.conftest import PASSWORD
    email = make_user("agency_staff").email  # read here: the threads have no app context
    server = start_gunicorn(tmp_path, workers=2, SQLALCHEMY_DATABASE_URI=migrated,
                            RATELIMIT_ENABLED="true", RATELIMIT_STORAGE_URI=redis_url,
                            RATELIMIT_LOGIN="1000/minute")
    try:
        session = requests.Session()
        token = csrf_of(session.get(f"{server.url}/accounts/login", timeout=30).text)

        def attempt(password: str) -> requests.Response:
            tab = requests.Session()
            tab.cookies.update(session.cookies)
            return tab.post(f"{server.url}/accounts/login", allow_redirects=False, timeout=60,
                            data={"email": email, "password": password,
                                  "csrf_token": token})

        with ThreadPoolExecutor(5) as pool:  # at once, so both workers take some
            wrong = list(pool.map(attempt, ["sai-mat-khau"] * 5))
        assert [r.status_code for r in wrong] == [200] * 5
        again = [attempt(PASSWORD) for _ in range(4)]  # the right one, on whichever worker
        assert all(r.status_code == 200 and "Vui lòng thử lại sau 1 phút" in r.text
                   for r in again), [r.status_code for r in again]
    finally:
        server.stop()
