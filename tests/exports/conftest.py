"""Fixtures of the export tests, borrowed from the folders whose pages they download: the
contract tests' active contract (and its day), the plan tests' agency and catalog."""
from tests.contracts.conftest import active, today  # noqa: F401  (fixtures used here)
from tests.plans.conftest import agency, plan_catalog  # noqa: F401  (fixtures used here)
