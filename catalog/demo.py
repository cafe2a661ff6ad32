"""Load the shipped catalog for `flask seed-demo`."""
from catalog.importer import DEFAULT_FILE, import_catalog


def seed() -> dict[str, int]:
    """Import catalog/data/services.yml; counts what was created."""
    counts = import_catalog(DEFAULT_FILE.read_text(encoding="utf-8"))
    return {"nhóm dịch vụ mới": counts["categories"]["created"],
            "dịch vụ mới": counts["services"]["created"]}
