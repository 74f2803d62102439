"""`import gradio`, without the .pyi stub writing that costs ~1.2 s of every start."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys


class NoStubWriting(importlib.abc.MetaPathFinder):
    """Loads gradio.component_meta with its stub writer turned off.

    Gradio 6 rewrites the .pyi type stubs in its own site-packages folder at every import:
    for each of its ~80 component classes it reads and ast-parses the class's source file
    (component_meta.create_or_modify_pyi). That is ~1.2 s of the ~2.6 s `import gradio`
    on these 2-core machines, for files only editors read. The module can only be reached
    while the package imports (gradio/__init__ imports everything), hence a finder that
    swaps the function for a no-op right after the module runs.
    tests/web/test_app.py checks that Gradio still calls it, and that the swap took."""

    def find_spec(self, name, path, target=None):
        if name != "gradio.component_meta":
            return None
        sys.meta_path.remove(self)  # once: the next lookup finds the real spec
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            module.create_or_modify_pyi = no_stubs

        spec.loader.exec_module = exec_module
        return spec


def no_stubs(*_args, **_kwargs) -> None:
    """What Gradio's stub writer does here: nothing."""


def import_gradio():
    """`import gradio`, without its stub writing (see NoStubWriting)."""
    if "gradio" not in sys.modules:  # else too late: the classes, and their stubs, exist
        sys.meta_path.insert(0, NoStubWriting())
    import gradio

    return gradio
