#!/usr/bin/env python3
"""Generate a synthetic nbdev-style project for benchmarking exporters.

    python bench/gen_project.py DEST --notebooks N --cells M [--style ini|toml] [--seed S]

Creates DEST/settings.ini (nbdev 2 style) or DEST/pyproject.toml with
[project] and [tool.nbdev] (nbdev 3 style), plus DEST/nbs/ holding N notebooks
(000_mod0.ipynb, 001_mod1.ipynb, ...).  Each notebook has a markdown title
cell, a `#| default_exp mod{i}` cell, then M cells: an `#| export` imports
cell, then a seeded mix of `#| export` functions and classes, `#| exporti`
private helpers, plain test cells with asserts (some with outputs), `#| hide`
cells and markdown cells.  Every 10th notebook (10, 20, ...) imports from an
earlier module with an absolute import (`from synlib.mod0 import f0_0`) so
exporters have to rewrite it to a relative one.

Output is deterministic for a given (N, M, style, seed) and is written exactly
as Jupyter writes notebooks: json.dumps(nb, indent=1, sort_keys=True,
ensure_ascii=False) + "\\n".  Standard library only.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

LIB = "synlib"
USER = "synuser"
AUTHOR = "Syn Thetic"
EMAIL = "syn@example.com"
DESCRIPTION = "Synthetic project for benchmarking notebook exporters"

SETTINGS_INI = f"""[DEFAULT]
repo = {LIB}
lib_name = {LIB}
version = 0.0.1
min_python = 3.9
license = apache2
black_formatting = False
doc_path = _docs
lib_path = {LIB}
nbs_path = nbs
recursive = True
tst_flags = notest
put_version_in_init = True
branch = main
custom_sidebar = False
doc_host = https://{USER}.github.io
doc_baseurl = /{LIB}
git_url = https://github.com/{USER}/{LIB}
title = {LIB}
audience = Developers
author = {AUTHOR}
author_email = {EMAIL}
copyright = 2024 onwards, {AUTHOR}
description = {DESCRIPTION}
keywords = nbdev jupyter notebook python
language = English
status = 3
user = {USER}
requirements =
dev_requirements =
"""

PYPROJECT_TOML = f"""[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "{LIB}"
dynamic = ["version"]
description = "{DESCRIPTION}"
readme = "README.md"
requires-python = ">=3.9"
license = "Apache-2.0"
authors = [{{name = "{AUTHOR}", email = "{EMAIL}"}}]
keywords = ["nbdev", "jupyter", "notebook", "python"]
classifiers = [
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
]
dependencies = []

[project.urls]
Repository = "https://github.com/{USER}/{LIB}"
Documentation = "https://{USER}.github.io/{LIB}/"

[project.entry-points.nbdev]
{LIB} = "{LIB}._modidx:d"

[tool.setuptools.dynamic]
version = {{attr = "{LIB}.__version__"}}

[tool.setuptools.packages.find]
include = ["{LIB}"]

[tool.nbdev]
lib_path = "{LIB}"
nbs_path = "nbs"
doc_path = "_docs"
recursive = true
tst_flags = "notest"
put_version_in_init = true
branch = "main"
custom_sidebar = false
"""

NB_METADATA = {
    "kernelspec": {"display_name": "python3", "language": "python", "name": "python3"},
}

# Relative weights of the cell kinds after the fixed leading cells.
KINDS = ("func", "class", "private", "test", "hide", "markdown")
WEIGHTS = (30, 12, 10, 24, 8, 16)


def _lines(src):
    "Split `src` the way Jupyter stores `source`: lines keep their newline, the last has none."
    return src.splitlines(keepends=True)


class _NbBuilder:
    def __init__(self, rng):
        self.rng = rng
        self.cells = []
        self.ids = set()
        self.count = 0

    def _id(self):
        while True:
            cid = "%08x" % self.rng.getrandbits(32)
            if cid not in self.ids:
                self.ids.add(cid)
                return cid

    def md(self, src):
        self.cells.append({"cell_type": "markdown", "id": self._id(), "metadata": {}, "source": _lines(src)})

    def code(self, src, output=None):
        outputs = []
        ec = None
        if output is not None:
            self.count += 1
            ec = self.count
            outputs = [{"data": {"text/plain": [output]}, "execution_count": ec,
                        "metadata": {}, "output_type": "execute_result"}]
        self.cells.append({"cell_type": "code", "execution_count": ec, "id": self._id(),
                           "metadata": {}, "outputs": outputs, "source": _lines(src)})


def _func_src(i, n, k, directive="#| export"):
    name = f"f{i}_{n}"
    return (f"{directive}\n"
            f"def {name}(a, b=1):\n"
            f'    "Return `a` scaled by {k} plus `b` (function {n} of module {i})."\n'
            f"    x = a * {k}\n"
            f"    if x < 0:\n"
            f"        x = -x\n"
            f"    return x + b"), name


def _class_src(i, n, k):
    name = f"C{i}_{n}"
    return (f"#| export\n"
            f"class {name}:\n"
            f'    "A small synthetic class number {n} of module {i}."\n'
            f"    def __init__(self, v={k}):\n"
            f"        self.v = v\n"
            f"\n"
            f"    def double(self):\n"
            f'        "Twice the stored value."\n'
            f"        return self.v * 2\n"
            f"\n"
            f"    def __repr__(self): return f'{name}({{self.v}})'"), name


def make_notebook(i, ncells, seed=0):
    "Build notebook number `i` (a dict) with `ncells` cells after the title and `default_exp` cells."
    rng = random.Random(seed * 1_000_003 + i)
    b = _NbBuilder(rng)
    b.md(f"# Module {i}\n\n> Synthetic module number {i}, generated for exporter benchmarks.")
    b.code(f"#| default_exp mod{i}")
    # Slot 0: imports, with a cross-module absolute import in every 10th notebook.
    imports = "#| export\nimport math\nfrom pathlib import Path"
    src_mod = None
    if i and i % 10 == 0:
        src_mod = i - 10
        imports += f"\nfrom {LIB}.mod{src_mod} import f{src_mod}_0"
    b.code(imports)
    # Slot 1: f{i}_0 always exists so later notebooks can import it.
    funcs, classes, nf, nc, npriv = [], [], 0, 0, 0
    if ncells >= 2:
        src, name = _func_src(i, 0, 1)
        if src_mod is not None:
            src += f" + f{src_mod}_0(0, 0)"
        b.code(src)
        funcs.append((name, 1))
        nf = 1
    for slot in range(2, ncells):
        kind = rng.choices(KINDS, WEIGHTS)[0]
        k = rng.randint(2, 9)
        if kind == "func":
            src, name = _func_src(i, nf, k)
            b.code(src)
            funcs.append((name, k))
            nf += 1
        elif kind == "class":
            src, name = _class_src(i, nc, k)
            b.code(src)
            classes.append((name, k))
            nc += 1
        elif kind == "private":
            b.code(f"#| exporti\n"
                   f"def _helper{i}_{npriv}(xs):\n"
                   f'    "Private helper: sum of squares plus {k}."\n'
                   f"    tot = {k}\n"
                   f"    for x in xs: tot += x * x\n"
                   f"    return tot")
            npriv += 1
        elif kind == "test":
            name, fk = rng.choice(funcs) if funcs else (None, 0)
            if classes and rng.random() < 0.3:
                cname, ck = rng.choice(classes)
                b.code(f"c = {cname}()\nassert c.double() == {2 * ck}\nc", output=f"{cname}({ck})")
            elif name and rng.random() < 0.4:
                b.code(f"{name}(3)", output=str(3 * fk + 1))
            elif name:
                b.code(f"assert {name}(2) == {2 * fk + 1}\nassert {name}(-2, 0) == {2 * fk}")
            else:
                b.code(f"assert math.sqrt({k * k}) == {k}")
        elif kind == "hide":
            b.code(f"#| hide\nimport os\n_tmp{slot} = os.getcwd()\nassert Path(_tmp{slot}).exists()")
        else:
            b.md(f"## Section {slot}\n\nSome prose about `mod{i}`: the functions above are "
                 f"*synthetic* and exist only so exporters have something to parse.")
    return {"cells": b.cells, "metadata": NB_METADATA, "nbformat": 4, "nbformat_minor": 5}


def nb_filename(i):
    return f"{i:03d}_mod{i}.ipynb"


def generate(dest, notebooks, cells, style="ini", seed=0):
    "Write a synthetic project to `dest` (created if needed); returns `dest` as a Path."
    if style not in ("ini", "toml"):
        raise ValueError(f"style must be 'ini' or 'toml', not {style!r}")
    if cells < 2:
        raise ValueError("cells must be at least 2")
    dest = Path(dest)
    nbs = dest / "nbs"
    nbs.mkdir(parents=True, exist_ok=True)
    if style == "ini":
        (dest / "settings.ini").write_text(SETTINGS_INI, encoding="utf-8")
    else:
        (dest / "pyproject.toml").write_text(PYPROJECT_TOML, encoding="utf-8")
    for i in range(notebooks):
        nb = make_notebook(i, cells, seed)
        txt = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (nbs / nb_filename(i)).write_text(txt, encoding="utf-8")
    return dest


def main(argv=None):
    p = argparse.ArgumentParser(description="Generate a synthetic nbdev-style project.")
    p.add_argument("dest", help="project directory to create")
    p.add_argument("--notebooks", "-n", type=int, default=10, help="number of notebooks (default 10)")
    p.add_argument("--cells", "-m", type=int, default=20,
                   help="cells per notebook after the title and default_exp cells (default 20, min 2)")
    p.add_argument("--style", choices=("ini", "toml"), default="ini",
                   help="settings.ini (nbdev 2) or pyproject.toml [tool.nbdev] (nbdev 3); default ini")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    a = p.parse_args(argv)
    if a.cells < 2:
        p.error("--cells must be at least 2")
    if a.notebooks < 0:
        p.error("--notebooks must be >= 0")
    t0 = time.perf_counter()
    generate(a.dest, a.notebooks, a.cells, a.style, a.seed)
    dt = time.perf_counter() - t0
    print(f"Generated {a.notebooks} notebooks x {a.cells} cells ({a.style}) in {a.dest} in {dt:.2f}s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
