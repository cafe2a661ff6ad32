"""Failed logins, counted per (account e-mail, client address), and the wait they impose.

After LOGIN_MAX_FAILURES wrong passwords for one e-mail from one client, that client waits
before it may try that e-mail again: 1 minute, then 2, 4, 8 … up to LOGIN_LOCK_MINUTES for
each further failure. A refused attempt is answered at once (nothing sleeps in a request) and
is not checked nor counted. Nobody else is blocked: the account's owner, from any other
address, logs in as usual, so a stranger who types wrong passwords on purpose cannot lock
anyone out. An address that belongs to no account counts and waits exactly the same, so the
answers say nothing about which addresses exist. A successful login clears the count of its
pair; the count itself is forgotten a day (FAILURE_MEMORY) after its first failure.

The counters live in a `limits` storage built from RATELIMIT_STORAGE_URI, the rate limiter's
own setting (memory:// for one process, redis://… to share them between every worker). It is
the application's own instance (app.extensions[EXTENSION]) rather than `limiter.storage`:
Flask-Limiter does not build its storage when RATELIMIT_ENABLED is off (as under TESTING), and
its one extension object keeps only the storage of the last application it was bound to. Only
incr, get, get_expiry and clear are used, which every `limits` storage offers. Keys are
namespaced and hold no address in clear: "thue:login:failures:<sha256(email)>:<client>" and
"thue:login:lock:<sha256(email)>:<client>".

The client address is flask_limiter.util.get_remote_address, as for the rate limits (behind a
reverse proxy, the proxy must be trusted with werkzeug's ProxyFix for it to be the client's).
"""
import hashlib
import math
import time

from flask import current_app
from limits.storage import Storage, storage_from_string

from accounts import bp

EXTENSION = "thue_login_lockout"
NAMESPACE = "thue:login"
FAILURE_MEMORY = 24 * 60 * 60  # seconds a count of failures is kept after its first one


@bp.record_once
def _build_storage(state) -> None:
    config = state.app.config
    state.app.extensions[EXTENSION] = storage_from_string(
        config["RATELIMIT_STORAGE_URI"], **config.get("RATELIMIT_STORAGE_OPTIONS", {}))


def storage() -> Storage:
    """This application's storage of login counters."""
    return current_app.extensions[EXTENSION]


def _keys(email: str, client: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    return (f"{NAMESPACE}:failures:{digest}:{client}", f"{NAMESPACE}:lock:{digest}:{client}")


def minutes_to_wait(email: str, client: str) -> int:
    """Whole minutes (at least 1) this client must still wait before trying this e-mail, or 0
    when it may try now."""
    _failures, lock = _keys(email, client)
    store = storage()
    if store.get(lock) <= 0:
        return 0
    return max(1, math.ceil((store.get_expiry(lock) - time.time()) / 60))


def lock_minutes(failures: int) -> int:
    """How long the failure numbered `failures` locks its pair out: 0 below the threshold,
    then 1, 2, 4 … minutes, never more than LOGIN_LOCK_MINUTES."""
    config = current_app.config
    beyond = failures - config["LOGIN_MAX_FAILURES"]
    if beyond < 0:
        return 0
    return min(2 ** min(beyond, 30), config["LOGIN_LOCK_MINUTES"])


def record_failure(email: str, client: str) -> int:
    """Count a wrong password for this pair; the minutes it must now wait (0: none yet)."""
    failures, lock = _keys(email, client)
    store = storage()
    minutes = lock_minutes(store.incr(failures, FAILURE_MEMORY))
    if minutes:
        store.incr(lock, minutes * 60)  # a new key: its expiry is the wait
    return minutes


def clear(email: str, client: str) -> None:
    """Forget this pair's failures (after a successful login)."""
    for key in _keys(email, client):
        storage().clear(key)
