"""Word documents: template versions, the sandboxed engine, previews, storage, PDF conversion."""
from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")

from documents import views  # noqa: E402,F401  (the routes attach to bp)
from documents import registry_views  # noqa: E402,F401
from documents import renditions  # noqa: E402,F401  (every stored document asks for its PDF)
from documents import tasks  # noqa: E402,F401  (its jobs are declared before a worker starts)
