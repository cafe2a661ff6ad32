import pytest

# Helpers that assert, moved out of test modules: pytest rewrites their asserts as it does the
# tests', so a failure still shows the values compared.
pytest.register_assert_rewrite("tests.contracts.acceptance_helpers",
                               "tests.contracts.lifecycle_helpers", "tests.fuzz_helpers")
