"""The structure, checked from the code's own `import` statements (function-level ones
included): no import circles, and no import up a layer. The layers are qa/'s folders:
LAYERS below only orders them (docs/architecture.md draws them); a module's layer is the
folder it is in, so a new module needs no entry here, and a new folder must be placed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qa.core.config import ROOT

# Bottom first. A module imports modules of its own layer or of layers below it, never
# above. A subpackage's layer is its folder (qa/stores/folder/ is in "stores").
LAYERS = (
    "qa.core",  # settings, the ranking profile, records, errors, safe file reads
    "qa.text",  # articles into text: sources, documents, paragraphs, passages, entities
    "qa.words",  # BM25, word by word, answer kinds, names, languages, follow-ups
    "qa.encoders",  # ONNX, torch, multilingual; the export and models/
    "qa.stores",  # the protocol, the manifest; folder/ and milvus/ as peers
    "qa.answering",  # ranking, what covers a question, the bold sentence, the page's HTML
    "qa.building",  # the pipeline, on Ray, qa add
    "qa",  # the public API (qa/__init__.py, api.py) and manage.py (a running app's index)
    "qa_web",  # the page: the only package that imports Gradio
    "qa.cli",  # entry points: the command line (and qa/__main__.py), app.py
)
ENTRY = {"app", "qa.__main__"}  # entry points outside qa/cli/
PACKAGES = ("qa", "qa_web")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the project, by dotted name (subpackages included)."""
    found = {"app": root / "app.py"}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules: set[str]) -> dict[str, int]:
    """The project modules `name` imports → the line of the first such import."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from .x import y, from . import y
                base = ".".join(filter(None, [package, node.module]))
            targets = [f"{base}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # a name in a module: the module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.setdefault(target, node.lineno)
    return found


def import_graph(root: Path = ROOT) -> dict[str, dict[str, int]]:
    files = module_files(root)
    return {name: imports_of(name, path, set(files)) for name, path in files.items()}


def layer_of(name: str) -> int:
    """The rank of a module's layer: the innermost listed package holding it."""
    if name in ENTRY:
        return LAYERS.index("qa.cli")
    best = None
    for rank, package in enumerate(LAYERS):
        if name == package or name.startswith(package + "."):
            if best is None or len(package) > len(LAYERS[best]):
                best = rank
    if best is None or (LAYERS[best] == "qa" and name.count(".") > 1):
        raise LookupError(name)  # a folder of qa/ that LAYERS does not place
    return best


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        order[v] = low[v] = len(order)
        stack.append(v)
        for w in graph[v]:
            if w not in order:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in order:
            visit(v)
    return found


def test_there_are_no_import_circles():
    assert cycles(import_graph()) == []


def test_every_module_is_in_a_placed_folder():
    for name in import_graph():
        try:
            layer_of(name)
        except LookupError:
            pytest.fail(f"{name}: its folder is not in tests/test_layers.py LAYERS")


def test_no_import_runs_up_a_layer():
    upward = [
        f"{module} ({LAYERS[layer_of(module)]}) imports {target} ({LAYERS[layer_of(target)]}) "
        f"at line {line}"
        for module, targets in import_graph().items()
        for target, line in targets.items()
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_each_folder_says_what_it_is_and_what_it_may_import():
    for package in LAYERS[:7]:
        init = ROOT / package.replace(".", "/") / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "Import" in doc, f"{init}: say what it may import"


def test_the_top_level_and_each_folder_stay_small():
    top = [p for p in (ROOT / "qa").iterdir() if p.name != "__pycache__"]
    assert len(top) <= 12, sorted(p.name for p in top)
    for folder in (ROOT / "qa").rglob("*/"):
        if folder.name in ("__pycache__", "models") or "models" in folder.parts:
            continue
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= 10, folder


def test_only_the_page_imports_gradio():
    for name, path in module_files().items():
        if name.startswith("qa_web"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                modules.append(getattr(node, "module", None) or "")
                assert not any(m.split(".")[0] == "gradio" for m in modules), name


def test_the_checks_see_a_circle_and_a_climb(tmp_path):
    """The checks themselves: a copy of the code with one import added goes red."""
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            copy = tmp_path / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(path.read_text(encoding="utf-8"))
    (tmp_path / "app.py").write_text((ROOT / "app.py").read_text(encoding="utf-8"))
    assert cycles(import_graph(tmp_path)) == []
    types = tmp_path / "qa" / "core" / "types.py"
    types.write_text(
        types.read_text(encoding="utf-8")
        + "\n\ndef later():\n    from qa.answering.chat import answer\n"
    )
    graph = import_graph(tmp_path)
    chat = "qa.answering.chat"
    assert graph["qa.core.types"] == {chat: graph["qa.core.types"][chat]}
    assert any("qa.core.types" in c and chat in c for c in cycles(graph))
    assert layer_of(chat) > layer_of("qa.core.types")  # and it climbs
    assert layer_of("qa.stores.milvus.index") == layer_of("qa.stores")  # peers in a folder
    with pytest.raises(LookupError):
        layer_of("qa.nowhere.module")
