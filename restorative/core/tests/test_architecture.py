"""The layering rules of docs/architecture.md, checked on the source of every module.

Python's `ast` reads each module under `restorative/` (migrations excepted); nothing is
imported or run, and no dependency is needed. Four rules:

1. `core` imports no other app of the project (its own tests excepted: they build signed-in
   users with the people app's factories, because the user model lives there).
2. No module uses another module's private (`_name`) helpers: not `from x import _y`, not
   `x._y` on an imported module. A test may reach into the modules of its own app (to
   inject a fault, say), never into another app's.
3. No app reaches into another app's pages: its views, URLs, admin, API package, template
   tags or templates (in Python, `{% extends %}`, `{% include %}` or `{% load %}`). Every
   app may use `core`'s, which are there to be shared.
4. Apps depend one way, in the order of `APP_ORDER`: an app imports only apps before it, so
   there is no cycle (tests excepted: they may set up any app's records).

`KNOWN_VIOLATIONS` lists what broke these rules when the check was written, each entry one
importing module and what it reached into. A violation not on the list fails; so does an
entry that no longer happens, so the list only ever shrinks.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = "restorative"
SHARED_APP = "core"
# Each app may import the apps before it, never one after it. A new app takes its place here.
APP_ORDER = (
    "core",
    "people",
    "language",
    "workforce",
    "practice",
    "evaluation",
    "governance",
    "subject_access",
    "records",
)
SURFACE_NAMES = {"views", "urls", "admin", "api", "templatetags"}
TEMPLATE_NAME = re.compile(r"^([a-z_]+)/[\w./-]+\.(?:html|txt|xml)$")
TEMPLATE_REFERENCE = re.compile(r"{%-?\s*(?:extends|include)\s+[\"']([a-z_]+)/")
TEMPLATE_LOAD = re.compile(r"{%-?\s*load\s+([\w\s]+?)\s*-?%}")

# Violations that existed when this check was written, to be removed as the code is fixed
# (all fixed now: a new violation fails; if one must wait, name it here with why).
# Each entry: "<rule>: <importing module or template> -> <what it reached into>".
KNOWN_VIOLATIONS: set[str] = set()


@dataclass(frozen=True)
class Module:
    name: str  # dotted: restorative.practice.services
    path: Path
    source: str

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    @property
    def app(self) -> str | None:
        return app_of(self.name)

    @property
    def is_test(self) -> bool:
        return "tests" in self.name.split(".")


@dataclass(frozen=True)
class Violation:
    key: str  # what KNOWN_VIOLATIONS holds
    where: str  # file and line, for the reader

    def __str__(self) -> str:
        return f"{self.key}   ({self.where})"


def app_of(dotted: str) -> str | None:
    """The app a dotted module name belongs to, or None for the project's own modules."""
    parts = dotted.split(".")
    if len(parts) < 2 or parts[0] != PACKAGE or parts[1] not in apps():
        return None
    return parts[1]


@functools.cache
def apps() -> frozenset[str]:
    return frozenset(p.parent.name for p in (ROOT / PACKAGE).glob("*/apps.py"))


@functools.cache
def modules() -> dict[str, Module]:
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        found[name] = Module(name, path, path.read_text(encoding="utf-8"))
    return found


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def is_surface(dotted: str) -> bool:
    """An app's pages: views (views.py, views_x.py, x_views.py), urls, admin, api, tags."""
    return any(
        part in SURFACE_NAMES or part.endswith("_views") or part.startswith("views_")
        for part in dotted.split(".")[2:]
    )


@dataclass(frozen=True)
class Imported:
    module: str  # the module the names come from (or the module imported)
    name: str | None  # the name taken from it, for `from module import name`
    line: int


def imports_of(module: Module, tree: ast.Module) -> Iterator[Imported]:
    """Every import in the module, wherever it stands (type-checking blocks included)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Imported(alias.name, None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.name.split(".")
                if not module.is_package:
                    base.pop()
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:
                yield Imported(origin, alias.name, node.lineno)


def target_module(imported: Imported) -> str:
    """The module an import reaches: `from a import b` reaches a.b when b is a module."""
    if imported.name is not None and f"{imported.module}.{imported.name}" in modules():
        return f"{imported.module}.{imported.name}"
    return imported.module


def module_aliases(tree: ast.Module) -> dict[str, str]:
    """Local names bound to the project's modules: `import a.b as m`, `from a import b`."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    aliases[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and not node.level:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in modules():
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def relative_module_aliases(module: Module, tree: ast.Module) -> dict[str, str]:
    """Names bound to sibling modules by `from . import services`."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            for imported in imports_of(module, ast.Module(body=[node], type_ignores=[])):
                target = target_module(imported)
                if target != imported.module and imported.name is not None:
                    aliases[imported.name] = target
    return aliases


def dotted_name(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return list(reversed(parts))


def private_uses(module: Module, tree: ast.Module) -> Iterator[Violation]:
    """`from x import _y`, and `x._y` where x is an imported module of the project."""

    def allowed(target: str) -> bool:
        if target == module.name or not target.startswith(f"{PACKAGE}."):
            return True
        # A test may reach into its own app's modules, never into another app's.
        return module.is_test and app_of(target) == module.app

    for imported in imports_of(module, tree):
        if imported.name is not None and is_private(imported.name) and not allowed(imported.module):
            yield Violation(
                f"private: {module.name} -> {imported.module}",
                f"{module.path.relative_to(ROOT)}:{imported.line} imports {imported.name}",
            )
    aliases = module_aliases(tree) | relative_module_aliases(module, tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and is_private(node.attr)):
            continue
        owner = dotted_name(node.value)
        if owner is None or owner[0] not in aliases:
            continue
        target = ".".join([aliases[owner[0]], *owner[1:]])
        if target in modules() and not allowed(target):
            yield Violation(
                f"private: {module.name} -> {target}",
                f"{module.path.relative_to(ROOT)}:{node.lineno} uses {node.attr}",
            )


def core_dependencies(module: Module, tree: ast.Module) -> Iterator[Violation]:
    """Imports of another app from `core`, and dotted paths naming one (import_string)."""
    if module.app != SHARED_APP or module.is_test:
        return
    for imported in imports_of(module, tree):
        target = target_module(imported)
        if imported.module == PACKAGE and imported.name is not None:
            target = f"{PACKAGE}.{imported.name}"
        app = app_of(target)
        if app is not None and app != SHARED_APP:
            yield Violation(
                f"core: {module.name} -> {target}",
                f"{module.path.relative_to(ROOT)}:{imported.line}",
            )
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            app = app_of(node.value.strip())
            if app is not None and app != SHARED_APP:
                yield Violation(
                    f"core: {module.name} -> {node.value.strip()}",
                    f"{module.path.relative_to(ROOT)}:{node.lineno} names it in a string",
                )


def surface_uses(module: Module, tree: ast.Module) -> Iterator[Violation]:
    """Imports of another app's views, urls, admin, API or template tags, and its templates
    named in Python (render, get_template)."""
    if module.app is None:
        return  # the project's own urls.py and api_urls.py wire every app together
    for imported in imports_of(module, tree):
        target = target_module(imported)
        app = app_of(target)
        if app in (None, SHARED_APP, module.app) or not is_surface(target):
            continue
        yield Violation(
            f"surface: {module.name} -> {target}",
            f"{module.path.relative_to(ROOT)}:{imported.line}",
        )
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = TEMPLATE_NAME.match(node.value)
            if match and match.group(1) in apps() - {SHARED_APP, module.app}:
                yield Violation(
                    f"template: {module.name} -> {node.value}",
                    f"{module.path.relative_to(ROOT)}:{node.lineno}",
                )


def layer_breaches(module: Module, tree: ast.Module) -> Iterator[Violation]:
    """Imports of an app that comes later in APP_ORDER (or of one not placed in it)."""
    if module.app in (None, SHARED_APP) or module.is_test:
        return  # core has its own, stricter rule
    rank = APP_ORDER.index(module.app) if module.app in APP_ORDER else -1
    for imported in imports_of(module, tree):
        target = target_module(imported)
        if imported.module == PACKAGE and imported.name is not None:
            target = f"{PACKAGE}.{imported.name}"
        app = app_of(target)
        if app is None or app == module.app:
            continue
        if app not in APP_ORDER or APP_ORDER.index(app) > rank:
            yield Violation(
                f"layer: {module.name} -> {target}",
                f"{module.path.relative_to(ROOT)}:{imported.line}",
            )


def template_uses() -> Iterator[Violation]:
    """`{% extends %}`, `{% include %}` and `{% load %}` of another app's templates or tags."""
    tag_libraries = {
        path.stem: path.parent.parent.name
        for path in (ROOT / PACKAGE).glob("*/templatetags/*.py")
        if path.stem != "__init__"
    }
    for app in sorted(apps()):
        folder = ROOT / PACKAGE / app / "templates"
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            where = folder.relative_to(ROOT).as_posix()
            for match in TEMPLATE_REFERENCE.finditer(text):
                if match.group(1) in apps() - {SHARED_APP, app}:
                    template = re.split(r"[\"']", text[match.start(1) :], maxsplit=1)[0]
                    yield Violation(
                        f"template: {where} -> {template}",
                        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}",
                    )
            for match in TEMPLATE_LOAD.finditer(text):
                for library in match.group(1).split():
                    owner = tag_libraries.get(library)
                    if owner is not None and owner not in (SHARED_APP, app):
                        yield Violation(
                            f"template: {where} -> {owner}.templatetags.{library}",
                            f"{path.relative_to(ROOT)}",
                        )


@functools.cache
def all_violations() -> tuple[Violation, ...]:
    found: list[Violation] = []
    for module in modules().values():
        tree = ast.parse(module.source, str(module.path))
        found += core_dependencies(module, tree)
        found += private_uses(module, tree)
        found += surface_uses(module, tree)
        found += layer_breaches(module, tree)
    found += template_uses()
    return tuple(found)


def _report(rule: str, advice: str) -> str:
    """The new violations of one rule, one a line, after the advice; empty when none."""
    found = sorted(
        {
            str(v)
            for v in all_violations()
            if v.key.startswith(f"{rule}:") and v.key not in KNOWN_VIOLATIONS
        }
    )
    return "\n".join([advice, *found]) if found else ""


def test_core_imports_no_other_app() -> None:
    assert not (report := _report("core", "core depends on no app (docs/architecture.md):")), report


def test_no_module_uses_another_modules_private_names() -> None:
    advice = (
        "Make the helper public where it belongs (often in core), or keep it in one module "
        "(docs/architecture.md):"
    )
    assert not (report := _report("private", advice)), report


@pytest.mark.parametrize("rule", ["surface", "template"])
def test_no_app_reaches_into_another_apps_pages(rule: str) -> None:
    advice = (
        "Use the other app's services and selectors, or core's shared parts, instead of its "
        "views, API, template tags or templates (docs/architecture.md):"
    )
    assert not (report := _report(rule, advice)), report


def test_apps_depend_one_way() -> None:
    assert set(APP_ORDER) == apps(), "Place every app in APP_ORDER (docs/architecture.md)"
    advice = (
        "An app imports only the apps before it in APP_ORDER; move what both need to the "
        "earlier app or to core, or register it from the later app (docs/architecture.md):"
    )
    assert not (report := _report("layer", advice)), report


def test_the_known_violations_all_still_happen() -> None:
    happening = {v.key for v in all_violations()}
    fixed = sorted(KNOWN_VIOLATIONS - happening)
    assert fixed == [], f"Fixed: remove these from KNOWN_VIOLATIONS in {__file__}"


def _check(name: str, source: str) -> list[str]:
    module = Module(name, ROOT / (name.replace(".", "/") + ".py"), source)
    tree = ast.parse(source)
    found = [*core_dependencies(module, tree), *private_uses(module, tree)]
    found += [*surface_uses(module, tree), *layer_breaches(module, tree)]
    return sorted(v.key for v in found)


def test_the_check_finds_each_kind_of_violation() -> None:
    """The rules on made-up modules, so a change to the checker cannot blind it quietly."""
    assert _check(
        "restorative.people.services",
        "from restorative.practice.models import Meeting\n"
        "from restorative.core.models import TimeStampedModel\n",
    ) == ["layer: restorative.people.services -> restorative.practice.models"]
    assert _check(
        "restorative.practice.plans",
        "from .services import _audit, meeting_record\n"
        "from restorative.people import selectors\n"
        "from restorative.people.api.serializers import FamilySerializer\n"
        "from restorative.practice import views\n"
        "selectors._in_scope(1)\n"
        "selectors.family_get(1)\n"
        "TEMPLATE = 'people/family_detail.html'\n",
    ) == [
        "private: restorative.practice.plans -> restorative.people.selectors",
        "private: restorative.practice.plans -> restorative.practice.services",
        "surface: restorative.practice.plans -> restorative.people.api.serializers",
        "template: restorative.practice.plans -> people/family_detail.html",
    ]
    assert _check(
        "restorative.core.audit",
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from restorative.people.models import Staff\n"
        "HOOK = 'restorative.practice.services.meeting_record'\n",
    ) == [
        "core: restorative.core.audit -> restorative.people.models",
        "core: restorative.core.audit -> restorative.practice.services.meeting_record",
    ]
    # A test may reach into its own app's helpers, not into another app's.
    assert _check(
        "restorative.practice.tests.test_x",
        "from restorative.practice import services\n"
        "from restorative.people import imports\n"
        "services._locked\n"
        "imports._BulkWriter\n",
    ) == ["private: restorative.practice.tests.test_x -> restorative.people.imports"]
