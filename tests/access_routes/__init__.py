"""Further rows of the access matrix, one module per part of the application, each with its
own ROUTES table and, where its routes need objects the base world lacks, `extend(world)`,
which adds them (flushing, not committing) and sets their ids on the world."""
from tests.access_routes import (accounts, auth, contracts_periods, contracts_vendor, exports,
                                 plans, report,
                                 quotations_annex, quotations_answers, quotations_compare,
                                 quotations_requests)

MODULES = (accounts, auth, plans, contracts_vendor, contracts_periods, quotations_requests,
           quotations_answers, quotations_compare, quotations_annex, exports, report)

ROUTES: dict = {}  # a route's cases here are added to those tests/test_access_matrix.py has
for _module in MODULES:
    for _key, _cases in _module.ROUTES.items():
        ROUTES.setdefault(_key, []).extend(_cases)


def extend(world) -> None:
    """Each module's additions to the world."""
    for module in MODULES:
        if hasattr(module, "extend"):
            module.extend(world)
