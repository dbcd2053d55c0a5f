"""Regenerate the golden ("expected") output of the REAL nbdev exporter for the fixture projects.

Usage::

    python tests/make_goldens.py [--nbdev3-venv /tmp/nbdevenv] [--nbdev2-venv /tmp/nbdev2env]
                                 [--create-venvs] [--rebuild-fixtures] [--fixtures tests/fixtures]

For each fixture project this script

1. copies the project to a temporary directory (the fixture itself is never modified),
2. runs nbdev's exporter there (`nbdev_export` from nbdev 2 for `ini_proj`, which uses
   `settings.ini`; `nbdev-export` from nbdev 3 for `toml_proj`, which uses `pyproject.toml`),
   with `XDG_CONFIG_HOME` pointed at an empty directory so no user nbdev config leaks in,
3. writes `tests/fixtures/<proj>.expected/`: every `.py` file of the library folder after the
   export (generated modules, `__init__.py`, `_modidx.py`, and untouched hand-written files),
   plus every other file the exporter created or changed outside the library folder
   (nbdev 2 creates `pyproject.toml`; nbdev 3 may write `nbs/llms.txt`), at the same relative path,
4. checks that every expected module imports with a plain `python -S` (no site-packages, so no
   fastcore/nbdev), with the expected folder first on `sys.path`.

The venvs are tools for regenerating goldens only; litdev never depends on nbdev.
`--create-venvs` creates missing venvs with the pinned versions that produced the committed goldens:

* nbdev 3: `nbdev==3.3.26` (fastcore/execnb as resolved by pip)
* nbdev 2: `nbdev==2.4.14 execnb==0.1.14 fastcore==1.8.18` (nbdev 2.4.14 does not import with
  execnb>=0.2 or fastcore>=1.9, which pip picks by default).

`--rebuild-fixtures` first rewrites the fixture projects from `tests/make_fixtures.py`.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PINS = {
    "nbdev2": ["nbdev==2.4.14", "execnb==0.1.14", "fastcore==1.8.18"],
    "nbdev3": ["nbdev==3.3.26"],
}
# project dir name -> (venv kind, library folder, exporter command names to try)
PROJECTS = {
    "ini_proj": ("nbdev2", "inilib", ("nbdev_export", "nbdev-export")),
    "toml_proj": ("nbdev3", "tomlproj", ("nbdev-export", "nbdev_export")),
}


def ensure_venv(path, kind, create):
    path = Path(path)
    if (path / "bin" / "python").exists(): return path
    if not create: sys.exit(f"venv {path} missing: pass --create-venvs or create it with: pip install {' '.join(PINS[kind])}")
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    subprocess.run([str(path / "bin" / "pip"), "install", "-q", *PINS[kind]], check=True)
    return path


def _snapshot(root):
    "Map of relative path -> bytes for every file under `root`"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _nbdev_version(venv):
    out = subprocess.run([str(venv / "bin" / "python"), "-c", "import nbdev; print(nbdev.__version__)"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def export_project(proj_dir, venv, lib, cmds, out_dir):
    "Run nbdev's exporter on a temp copy of `proj_dir` and write the golden files to `out_dir`"
    venv = Path(venv)
    exe = next((venv / "bin" / c for c in cmds if (venv / "bin" / c).exists()), None)
    if exe is None: sys.exit(f"no nbdev exporter in {venv}/bin")
    with tempfile.TemporaryDirectory() as td:
        work = Path(td) / proj_dir.name
        shutil.copytree(proj_dir, work)
        before = _snapshot(work)
        xdg = Path(td) / "xdg"
        xdg.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("IN_TEST", "PYTHONPATH", "VIRTUAL_ENV")}
        env.update(XDG_CONFIG_HOME=str(xdg), PYTHONDONTWRITEBYTECODE="1")
        res = subprocess.run([str(exe)], cwd=work, env=env, capture_output=True, text=True)
        if res.returncode: sys.exit(f"{exe} failed in {work}:\n{res.stdout}\n{res.stderr}")
        if res.stderr.strip(): print(f"[{proj_dir.name}] exporter stderr:\n{res.stderr}")
        after = _snapshot(work)
        if out_dir.exists(): shutil.rmtree(out_dir)
        written = []
        for rel, data in sorted(after.items()):
            if "__pycache__" in rel: continue
            in_lib = rel.startswith(lib + "/") and rel.endswith(".py")
            changed = before.get(rel) != data
            if in_lib or changed:
                dest = out_dir / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                written.append(rel + ("" if changed else "  (unchanged)"))
        gone = sorted(set(before) - set(after))
        if gone: print(f"[{proj_dir.name}] WARNING: exporter deleted {gone}")
    print(f"[{proj_dir.name}] nbdev {_nbdev_version(venv)} -> {out_dir}")
    for w in written: print("   ", w)


def check_imports(out_dir, lib):
    "Import every module under `out_dir/lib` with a bare interpreter (no site-packages)"
    mods = []
    for p in sorted((out_dir / lib).rglob("*.py")):
        parts = p.relative_to(out_dir).with_suffix("").parts
        if parts[-1] == "__init__": parts = parts[:-1]
        mods.append(".".join(parts))
    code = ("import importlib, sys\nsys.path.insert(0, sys.argv[1])\n"
            "for m in sys.argv[2:]: importlib.import_module(m)\nprint('imported', len(sys.argv[2:]), 'modules')")
    res = subprocess.run([sys.executable, "-S", "-B", "-c", code, str(out_dir), *mods], capture_output=True, text=True)
    if res.returncode: sys.exit(f"import check failed for {out_dir}:\n{res.stderr}")
    print("   ", res.stdout.strip())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nbdev3-venv", default="/tmp/nbdevenv")
    ap.add_argument("--nbdev2-venv", default="/tmp/nbdev2env")
    ap.add_argument("--fixtures", default=str(HERE / "fixtures"))
    ap.add_argument("--create-venvs", action="store_true", help="create missing venvs with pinned nbdev versions")
    ap.add_argument("--rebuild-fixtures", action="store_true", help="rewrite fixture projects from make_fixtures.py first")
    args = ap.parse_args(argv)
    fixtures = Path(args.fixtures).resolve()
    if args.rebuild_fixtures:
        sys.path.insert(0, str(HERE))
        from make_fixtures import build_all
        build_all(fixtures)
    venvs = {"nbdev2": ensure_venv(args.nbdev2_venv, "nbdev2", args.create_venvs),
             "nbdev3": ensure_venv(args.nbdev3_venv, "nbdev3", args.create_venvs)}
    for name, (kind, lib, cmds) in PROJECTS.items():
        out = fixtures / f"{name}.expected"
        export_project(fixtures / name, venvs[kind], lib, cmds, out)
        check_imports(out, lib)


if __name__ == "__main__":
    main()
