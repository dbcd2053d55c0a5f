"""Build the hand-made nbdev fixture projects under `tests/fixtures/`.

Usage::

    python tests/make_fixtures.py [FIXTURES_DIR]

Writes (overwriting) two small nbdev projects:

* `ini_proj/`  -- nbdev 2 style project (`settings.ini`), library `inilib`.
* `toml_proj/` -- nbdev 3 style project (`pyproject.toml` + `[tool.nbdev]`), library `tomlproj`.

Notebooks are written exactly as Jupyter writes them: nbformat 4.5 JSON with cell ids,
1-space indent, sorted keys, trailing newline (one notebook in `ini_proj` is nbformat 4.4
without ids). Cell ids are deterministic (derived from notebook path and cell index) so
re-running this script is idempotent. Edit the cell lists below, then re-run this script
and `tests/make_goldens.py` to refresh the expected modules.

Only the standard library is used. See `tests/fixtures/README.md` for what each cell covers.
"""
import hashlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FIXTURES = HERE / "fixtures"

KERNEL_META = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
}


def _cell_id(nb_rel, idx):
    "Deterministic 8-hex-digit cell id, like the ones Jupyter generates"
    return hashlib.sha1(f"{nb_rel}:{idx}".encode()).hexdigest()[:8]


def _lines(src):
    "Split `src` the way Jupyter stores it: list of lines, each but the last ending in newline"
    return src.splitlines(True)


def make_nb(cells, nb_rel, with_ids=True, long_ids=(), nb_meta=None):
    """Notebook dict from `cells`: a list of `(kind, source)` or `(kind, source, cell_metadata)`.

    `kind` is 'code', 'md' or 'raw'. `long_ids` lists indexes of cells that get a uuid-style id;
    `nb_meta` is added to the notebook's metadata."""
    out = []
    for i, c in enumerate(cells):
        kind, src = c[0], c[1]
        meta = c[2] if len(c) > 2 else {}
        cell = {"metadata": meta, "source": _lines(src)}
        if kind == "code":
            cell.update(cell_type="code", execution_count=None, outputs=[])
        elif kind == "md":
            cell["cell_type"] = "markdown"
        elif kind == "raw":
            cell["cell_type"] = "raw"
        else:
            raise ValueError(kind)
        if with_ids:
            cid = _cell_id(nb_rel, i)
            if i in long_ids:
                h = hashlib.sha1(f"long:{nb_rel}:{i}".encode()).hexdigest()
                cid = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
            cell["id"] = cid
        out.append(cell)
    meta = dict(KERNEL_META)
    meta["language_info"] = {"name": "python"}
    meta.update(nb_meta or {})
    return {"cells": out, "metadata": meta, "nbformat": 4, "nbformat_minor": 5 if with_ids else 4}


def write_nb(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Notebook contents. `L` is the library name; `v3` is True for the nbdev 3 project.
# ---------------------------------------------------------------------------------------------

def core_cells(L, v3):
    summary = (f"> Core helpers for {L}.\n> The summary quote continues on a second line."
               if v3 else f"> Core helpers for {L}")
    cells = [
        ("md", f"# Core\n\n{summary}\n\nMore prose that is not part of the docstring."),   # 0 module docstring
        ("code", "#| default_exp core"),                                                 # 1
        ("code", "#| hide\nfrom nbdev.showdoc import show_doc"),                          # 2 hidden, not exported
        ("code", "#| export\nfrom __future__ import annotations\nimport typing"),          # 3 __future__ before __all__
        ("code", '#| export\ndef foo(x: int) -> int:\n    "Add one to `x`"\n    return x + 1'),  # 4 function
        ("code", "assert foo(1) == 2"),                                                  # 5 plain test cell
        ("code", "#|export\n"                                                           # 6 `#|export` no space
                 "a = b = 1\n"
                 "x, y = 1, 2\n"
                 "z: int = 3\n"
                 "z += 1\n"
                 "counter = 0\n"
                 "counter += 1\n"
                 "_hidden = 5\n"
                 "(p, q), r = (1, 2), 3\n"
                 "items = [0]\n"
                 "items[0] = 9\n"
                 "if True:\n"
                 "    cond_var = 1\n"
                 "for loop_var in range(2): pass\n"
                 "import os"),
        ("code", "# | export\nasync def afetch():\n    return 42"),                        # 7 `# | export`
        ("code", "#| exporti\ndef _helper(): return 'h'\n\ndef internal_pub():\n    return _helper()"),  # 8 exporti
        ("code", '#| exports\nclass Thing:\n    "A thing"\n    def meth(self): return \'meth\''),      # 9 exports
        ("code", "#| export\ndef patch(f):\n"                                             # 10 local patch stand-in
                 "    \"Tiny stand-in for fastcore's `patch`: add `f` to the class of its first parameter\"\n"
                 "    cls = typing.get_type_hints(f)[f.__code__.co_varnames[0]]\n"
                 "    setattr(cls, f.__name__, f)\n"
                 "    return f"),
        ("code", "#| export\n@patch\ndef shout(self: Thing) -> str:\n    return 'HI'"),      # 11 @patch excluded
        ("code", "#| export\n_private_name = 42\n"                                        # 12 _all_
                 "def _also_public(): return 'ap'\n"
                 "_all_ = ['_private_name', _also_public]"),
        ("code", "#| eval: false\nfoo(3)"),                                              # 13 quarto, not exported
        ("code", "#| export\n\nGREETING = 'hello'"),                                      # 14 blank line after directive
        ("code", "#| export\n#| eval: false\nSLOW = foo(41)"),                            # 15 quarto opt in exported cell
        ("code", "#| hide\n#| export\nHIDDEN_BUT_EXPORTED = True"),                       # 16 hide+export: exported
        ("code", "#| export"),                                                           # 17 empty exported cell
        ("code", "not_exported = 1\n#| export"),                                         # 18 directive not leading
        ("code", "#| export\n# only a comment"),                                          # 19 comment-only cell
        ("md", "## Tests\n\nSome markdown that is never exported."),                     # 20
        ("raw", "#| export\nraw cells are never exported"),                               # 21
    ]
    if v3:
        cells += [
            ("md", "#| export\nExtra module documentation from an exported markdown cell."),  # 22 nbdev3: docstring
            ("code", "META_EXPORTED = 1", {"nbdev": {"export": "true"}}),                     # 23 nbdev3: metadata directive
        ]
    return cells


def other_cells(L, v3):
    return [
        ("md", "# Other\n\n> Another module"),
        ("code", "#| default_exp other"),
        ("code", "#| export\nimport os\n\ndef thing():\n    return os.sep"),
        ("code", "thing()"),
    ]


def more_cells(L, v3):
    return [
        ("md", "# More\n\nNo description quote here, so no module docstring."),
        ("code", "#| default_exp more"),
        ("code", f"#| export\nfrom {L}.core import foo\n\ndef more_foo(): return foo(10)"),
        ("code", "#| export core\ndef appended_to_core():\n    return 'from 02_more'\n\nAPPENDED = 1"),
        ("code", f"#| export other\nfrom {L}.core import foo as core_foo\nOTHER_CONST = core_foo(0)"),
        ("code", "#| exporti other\n_other_private = 1\nother_internal = 2"),
        ("code", "#| export\nMORE_LAST = True"),
    ]


def deep_cells(L, v3):
    return [
        ("md", "# Deep\n\n> A module in a sub-package"),
        ("code", "#| default_exp sub.deep"),
        ("code", f"#| export\nfrom {L}.core import foo\nfrom {L} import core\n"
                 f"from {L}.other import thing as other_thing\nfrom {L}.sub.helpers import helper\n"
                 f"import {L}.core\nfrom os.path import join"),
        ("code", f"#| export\nfrom {L}.core import (foo as foo2,\n    GREETING)"),
        ("code", f"#| export\ndef lazy():\n    from {L}.core import foo\n    return foo(1)"),
        ("code", f"#| exporti\nfrom {L}.core import foo as _foo_abs"),
        ("code", "#| export\ndef deep_call(): return foo(core.foo(1)) + foo2(0) + len(join('a', other_thing()))"),
    ]


def helpers_cells(L, v3):
    return [
        ("code", "#| default_exp sub.helpers"),
        ("code", "#| export\ndef helper(): return 'help'"),
        ("code", "#| export\n" + "\n".join(f"a_fairly_long_exported_name_{i} = {i}" for i in range(8))),  # wrapped __all__
    ]


def noexp_cells(L, v3):
    "`#| export` without any `#| default_exp`: nbdev warns and writes nothing"
    return [
        ("md", "# No default_exp\n\n> nbdev skips this notebook"),
        ("code", "#| export\nNO_DEFAULT_EXP = True"),
    ]


def empty_cells(L, v3):
    "`#| default_exp` but no exported code cell: no module file is written"
    return [
        ("md", "# Empty\n\n> Nothing exported"),
        ("code", "#| default_exp empty"),
        ("code", "#| exporti other\n"),
        ("code", "not_exported = 1"),
    ]


def meta_cells(L, v3):
    "nbdev 3.3: `default_exp` in the notebook's metadata (`nbdev-clean --nb-meta`), no `#| default_exp` cell"
    return [
        ("md", "# Meta\n\n> The module named in the notebook's metadata"),
        ("code", "#| export\ndef from_meta():\n    return 'meta'"),
        ("code", "assert from_meta() == 'meta'"),
    ]


def index_cells(L, v3):
    return [
        ("md", f"# {L}\n\n> A demo project for litdev's nbdev-compatibility tests"),
        ("code", f"#| hide\nfrom {L}.core import foo"),
        ("code", "foo(1)"),
    ]


def skipped_cells(name):
    return [
        ("code", f"#| default_exp {name}"),
        ("code", "#| export\nSHOULD_NOT_EXIST = True"),
    ]


def checkpoint_cells(L, v3):
    return [
        ("code", "#| default_exp core"),
        ("code", "#| export\nCHECKPOINT_OVERWROTE_CORE = True"),
    ]


# ---------------------------------------------------------------------------------------------
# Project configs
# ---------------------------------------------------------------------------------------------

SETTINGS_INI = """\
[DEFAULT]
# All sections below are required unless otherwise specified.
# See https://github.com/AnswerDotAI/nbdev/blob/main/settings.ini for examples.

### Python library ###
repo = ini-proj
lib_name = inilib
version = 0.1.2
min_python = 3.9
license = apache2
black_formatting = False

### nbdev ###
doc_path = _docs
lib_path = inilib
nbs_path = nbs
recursive = True
tst_flags = notest
put_version_in_init = True

### Docs ###
branch = main
custom_sidebar = False
doc_host = https://example.github.io
doc_baseurl = /ini-proj
git_url = https://github.com/example/ini-proj
title = inilib

### PyPI ###
audience = Developers
author = Example Author
author_email = author@example.com
copyright = 2024 onwards, Example Author
description = A demo nbdev 2 project for litdev tests
keywords = nbdev jupyter notebook python
language = English
status = 3
user = example

### Optional ###
requirements = 
"""

PYPROJECT_TOML = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "tomlproj"
dynamic = ["version"]
description = "A demo nbdev 3 project for litdev tests"
readme = "README.md"
requires-python = ">=3.10"
license = "Apache-2.0"
authors = [{name = "Example Author", email = "author@example.com"}]
keywords = ["nbdev"]
classifiers = [
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
]
dependencies = []

[project.urls]
Repository = "https://github.com/example/toml-proj"
Documentation = "https://example.github.io/toml-proj/"

[project.entry-points.nbdev]
tomlproj = "tomlproj._modidx:d"

[tool.setuptools.dynamic]
version = {attr = "tomlproj.__version__"}

[tool.setuptools.packages.find]
include = ["tomlproj"]

[tool.nbdev]
"""

INI_INIT = '# Hand-written __init__.py: nbdev must keep these lines\nfrom .core import foo\n'
INI_HANDWRITTEN = '"Hand-written module that no exporter may touch"\nHANDWRITTEN = True\n'


def build_project(root, L, v3):
    "Write one fixture project to `root` (removed first)"
    if root.exists(): shutil.rmtree(root)
    nbs = root / "nbs"
    if v3:
        (root).mkdir(parents=True)
        (root / "pyproject.toml").write_text(PYPROJECT_TOML)
    else:
        (root / L).mkdir(parents=True)
        (root / "settings.ini").write_text(SETTINGS_INI)
        (root / L / "__init__.py").write_text(INI_INIT)
        (root / L / "handwritten.py").write_text(INI_HANDWRITTEN)
    nbdefs = [
        ("index.ipynb", index_cells(L, v3), {}),
        ("00_core.ipynb", core_cells(L, v3), {}),
        # ini_proj: nbformat 4.4 notebook without cell ids
        ("01_other.ipynb", other_cells(L, v3), {"with_ids": v3}),
        ("02_more.ipynb", more_cells(L, v3), {"long_ids": (3,)}),
        ("sub/03_deep.ipynb", deep_cells(L, v3), {}),
        ("sub/04_helpers.ipynb", helpers_cells(L, v3), {}),
        ("05_noexp.ipynb", noexp_cells(L, v3), {}),
        ("06_empty.ipynb", empty_cells(L, v3), {}),
        *([("07_meta.ipynb", meta_cells(L, v3), {"nb_meta": {"nbdev": {"default_exp": "meta"}}})] if v3 else []),
        ("_skip.ipynb", skipped_cells("skipped"), {}),
        (".hidden/x.ipynb", skipped_cells("hidden"), {}),
        ("_drafts/y.ipynb", skipped_cells("drafts"), {}),
        (".ipynb_checkpoints/00_core-checkpoint.ipynb", checkpoint_cells(L, v3), {}),
    ]
    for rel, cells, kw in nbdefs:
        write_nb(nbs / rel, make_nb(cells, rel, **kw))


def build_all(fixtures=DEFAULT_FIXTURES):
    fixtures = Path(fixtures)
    build_project(fixtures / "ini_proj", "inilib", v3=False)
    build_project(fixtures / "toml_proj", "tomlproj", v3=True)


if __name__ == "__main__":
    build_all(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_FIXTURES)
