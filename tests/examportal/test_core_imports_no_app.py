"""examportal/ is the base layer: settings, shared building blocks and the registries. It imports
no app of the project; apps plug into it through ``contributes`` (examportal.registry), and the
pages made of several apps live in ``portal``.

Every module of examportal/ is parsed (management commands, template tags and migrations
included): an ``import``, a ``from … import`` (absolute, or relative beyond examportal), or a
call that imports by a literal dotted name (``import_module``, ``import_string``,
``__import__``, ``include``) naming an app fails the test.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

CORE = Path(settings.BASE_DIR) / "examportal"
IMPORTING_CALLS = {"import_module", "import_string", "__import__", "include"}
# A module three levels below the project root, for the tests of the parser itself.
PROBE = CORE / "management" / "commands" / "probe.py"


def project_apps():
    """The project's own apps, installed or not yet: packages at the top of the project with an
    ``apps.py`` (not Django's, not third parties', which live in the virtualenv)."""
    base = Path(settings.BASE_DIR).resolve()
    installed = {config.name for config in apps.get_app_configs()
                 if Path(config.path).resolve().parent == base}
    return (installed | {path.parent.name for path in base.glob("*/apps.py")}) - {"examportal"}


def core_modules():
    return sorted(path for path in CORE.rglob("*.py") if "__pycache__" not in path.parts)


def module_name(path):
    return ".".join(path.relative_to(CORE.parent).with_suffix("").parts)


def imported_names(path, source=None):
    """(line, dotted name) for everything ``path`` imports, relative imports made absolute."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    source = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level <= len(package) else []
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            for alias in node.names:
                yield node.lineno, f"{prefix}.{alias.name}".lstrip(".")
        elif isinstance(node, ast.Call):
            function = node.func
            called = function.attr if isinstance(function, ast.Attribute) else getattr(
                function, "id", None)
            if called in IMPORTING_CALLS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Tuple) and first.elts:  # include(("app.urls", "ns"))
                    first = first.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield node.lineno, first.value


def app_imports(path, app_names, source=None):
    return [f"{path.relative_to(CORE.parent)}:{line} imports {name}"
            for line, name in imported_names(path, source) if name.split(".")[0] in app_names]


def test_the_project_apps_are_known():
    assert {"news", "documents", "hotline", "qa", "alerts", "exams", "examyears",
            "portal"} <= project_apps()


def test_examportal_imports_no_app():
    app_names = project_apps()
    found = [line for path in core_modules() for line in app_imports(path, app_names)]
    assert found == []


@pytest.mark.parametrize("source, expected", [
    ("from news.models import Article", "news.models.Article"),
    ("import documents.models", "documents.models"),
    ("from .... import qa", "qa"),
    ("from ....hotline import conf", "hotline.conf"),
    ("import_module('alerts.demo')", "alerts.demo"),
    ("include(('news.feed_urls', 'feeds'))", "news.feed_urls"),
    ("import_string('portal.views.HomeView')", "portal.views.HomeView"),
])
def test_every_way_of_importing_is_seen(source, expected):
    assert [name for _line, name in imported_names(PROBE, source)] == [expected]
    assert app_imports(PROBE, project_apps(), source)


def test_relative_imports_inside_the_core_and_names_built_at_run_time_are_allowed():
    source = ("from ... import registry\nfrom ...text import slugify_vi\n"
              "import_module(f'{config.name}.roles')")
    assert [name for _line, name in imported_names(PROBE, source)] == [
        "examportal.registry", "examportal.text.slugify_vi"]
    assert app_imports(PROBE, project_apps(), source) == []
