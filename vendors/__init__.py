"""The registry of vendors ready to lease: registration, verification, offerings."""
from flask import Blueprint

bp = Blueprint("vendors", __name__, url_prefix="/vendors")

DEFAULT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024


@bp.record_once
def _config_defaults(state) -> None:
    # The domain's own default; instance config, FLASK_* variables and test_config still win.
    state.app.config.setdefault("VENDOR_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES)


from vendors import admin, exports, offerings, queue, views  # noqa: E402,F401  (routes, queues)
