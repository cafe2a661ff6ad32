"""docs/architecture.md, checked: the ladder of imports, no circle between modules, no import
hidden in a function, forms and services apart, the template builder outside the application,
every package with its blueprint, templates, tests and CLI group, one place that ends a
request's transaction, files under 400 lines, and every endpoint a template names."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LADDER = ["extensions", "core", "accounts", "catalog", "vendors", "documents", "plans",
          "contracts", "app"]
RANK = {name: rank for rank, name in enumerate(LADDER)} | {"backup": LADDER.index("app")}
DOMAINS = ["accounts", "catalog", "vendors", "documents", "plans", "contracts"]
# The one import a function may hold (docs/architecture.md): render-all's worker processes
# build their own application until long work moves to a job queue.
FUNCTION_IMPORTS: set[tuple[str, str]] = set()
BUILDER = "documents.template_builder"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def application_modules() -> dict[str, Path]:
    """Every module of the application: the packages of the ladder, app.py and backup.py."""
    found = {name: ROOT / f"{name}.py" for name in ("app", "backup", "extensions")}
    for package in LADDER[1:-1]:
        for path in (ROOT / package).rglob("*.py"):
            found[module_name(path)] = path
    return found


MODULES = application_modules()


def _resolve(name: str, imported: str | None = None) -> str | None:
    """The application module an import names, or None for a library."""
    if imported and f"{name}.{imported}" in MODULES:
        return f"{name}.{imported}"
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> list[tuple[str, bool]]:
    """(application module imported, whether the import sits inside a function)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            targets = []
            if isinstance(child, ast.Import):
                targets = [_resolve(alias.name) for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                targets = [_resolve(child.module, alias.name) for alias in child.names]
            found.extend((t, inside) for t in targets if t and t != module)
            visit(child, inside)

    visit(tree, False)
    return found


def top(module: str) -> str:
    return module.split(".")[0]


def test_imports_run_one_way_down_the_ladder():
    upward = [f"{module} imports {target}" for module in MODULES
              for target, inside in imports(module) if RANK[top(target)] > RANK[top(module)]
              and not (inside and (module, target) in FUNCTION_IMPORTS)]
    assert upward == []


def test_no_import_hides_inside_a_function():
    hidden = [f"{module} imports {target} inside a function" for module in MODULES
              for target, inside in imports(module)
              if inside and (module, target) not in FUNCTION_IMPORTS]
    assert hidden == []


def _is_own_package(module: str, target: str) -> bool:
    # A package runs its __init__ before any of its modules: a module importing its own
    # package (the blueprint) is no circle.
    return module.startswith(target + ".")


def test_no_circle_between_modules():
    graph = {module: {t for t, inside in imports(module) if not _is_own_package(module, t)
                      and not (inside and (module, t) in FUNCTION_IMPORTS)}
             for module in MODULES}
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in graph:
        if module not in index:
            connect(module)
    assert circles == []


def _kind(module: str) -> str | None:
    parts = module.split(".")
    for kind in ("forms", "services", "views"):
        if kind in parts:
            return kind
    return None


def test_forms_never_import_services_and_services_never_import_forms_or_views():
    crossings = []
    for module in MODULES:
        kind = _kind(module)
        for target, _ in imports(module):
            if (kind, _kind(target)) in {("forms", "services"), ("forms", "views"),
                                         ("services", "forms"), ("services", "views")}:
                crossings.append(f"{module} ({kind}) imports {target}")
    assert crossings == []


# Who may end a transaction: core.transaction for every request (commit after the view, roll
# back on any error), core.jobs.runner for every job (its work and its "done" together), and
# the terminal's commands, each its own unit of work.
TRANSACTION_ENDERS = {"core.transaction", "core.jobs.runner", "app", "backup"}
ENDS_TRANSACTION = re.compile(r"\.(commit|rollback)\(\)")


def test_only_the_request_handler_and_the_commands_commit_or_roll_back():
    found = [module for module, path in MODULES.items()
             if module not in TRANSACTION_ENDERS and not module.endswith(".cli")
             and ENDS_TRANSACTION.search(path.read_text(encoding="utf-8"))]
    assert found == []


def test_nothing_in_the_application_imports_the_template_builder():
    users = [module for module in MODULES if not module.startswith(BUILDER)
             for target, _ in imports(module) if target.startswith(BUILDER)]
    assert users == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_package_has_its_blueprint_templates_tests_and_cli_group(app, domain):
    blueprint = app.blueprints[domain]
    assert blueprint.url_prefix == f"/{domain}"
    assert blueprint.import_name == domain  # created in the package's own __init__.py
    assert (ROOT / "templates" / domain).is_dir() and (ROOT / "tests" / domain).is_dir()
    assert domain in app.cli.commands


def test_app_py_only_registers_the_packages_blueprints():
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert not re.search(r"import \w+\.(views|admin|offerings)\b", source)


def _counted_files() -> list[Path]:
    skip = ("migrations/", "tests/data/", "tests/e2e/artifacts/")
    paths = []
    for suffix in ("*.py", "*.html"):
        for path in ROOT.rglob(suffix):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith((".venv/", *skip)) and "/." not in f"/{relative}":
                paths.append(path)
    return paths


def test_no_python_or_html_file_is_over_400_lines():
    long = {path.relative_to(ROOT).as_posix(): lines for path in _counted_files()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


ENDPOINT = re.compile(r"""(?:url_for|pager)\(\s*(?:[\w.]+\s*,\s*)?['"]([\w]+\.[\w]+)['"]""")


def test_every_endpoint_a_template_names_exists(app):
    missing = []
    for path in (ROOT / "templates").rglob("*.html"):
        for endpoint in ENDPOINT.findall(path.read_text(encoding="utf-8")):
            if endpoint not in app.view_functions:
                missing.append(f"{path.relative_to(ROOT)}: {endpoint}")
    assert missing == []
