#!/usr/bin/env python3
"""Whole-process benchmark of `litdev_clean`, compared with nbdev's `nbdev-clean`.

    python bench/bench_clean.py [--runs 5] [--notebooks 500] [--cells 20]
                                [--nbdev-bin DIR | --no-nbdev] [--workdir DIR] [--keep]

It generates a synthetic project (gen_project.py), then "runs" every notebook
the way Jupyter would leave it: execution counts on every code cell, outputs
(stream text with a `<... at 0x7f...>` repr, execute results, PNG display
data with output metadata), volatile cell metadata (execution timestamps,
`collapsed`, `scrolled`), and notebook metadata (`language_info`, a
`Python 3 (ipykernel)` kernelspec). The JSON is written as Jupyter writes it.
Then it times, as separate processes with the project as cwd, the median of
--runs runs of:

  * litdev cold        - `litdev_clean` on the dirty notebooks (restored before each run)
  * litdev clean       - `litdev_clean` when every notebook is already clean
  * litdev --check     - `litdev_clean --check` when every notebook is already clean
  * --check, no cache  - the same with .litdev_cache/ deleted first (a fresh clone, as in CI)
  * nbdev cold         - nbdev's `nbdev-clean` on a copy of the same dirty notebooks
  * nbdev clean        - `nbdev-clean` when every notebook is already clean

and counts the notebooks litdev and nbdev cleaned to identical bytes.
PYTHONDONTWRITEBYTECODE and IN_TEST are removed from the environment of
every timed subprocess (so .pyc files are written and reused, as on users'
machines), and each command gets one untimed warm-up run. pyenv/asdf shims are
resolved to the real console scripts. Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_project  # noqa: E402
from bench_export import (BenchError, bench_env, fmt_ms, print_table, resolve_shim,  # noqa: E402
                          run_once, script_python)

TARGET_RATIO = 5.0      # litdev cold at least this many times faster than nbdev cold
TARGET_CLEAN_S = 0.5    # litdev_clean (and --check) on an already-clean project


def timed(cmd, cwd, env, runs, before=None):
    "Medians of `runs` runs of `cmd` (after one untimed warm-up): (wall seconds, CPU seconds of the process tree)"
    if before:
        before()
    run_once(cmd, cwd, env)
    walls, cpus = [], []
    for _ in range(runs):
        if before:
            before()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(run_once(cmd, cwd, env))
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def nb_text(nb):
    "Notebook dict `nb` as Jupyter writes it"
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def run_like_jupyter(nb, seed):
    "Notebook dict `nb` as Jupyter saves it after running every cell: counts, outputs and volatile metadata."
    rng = random.Random(seed)
    count = 0
    for cell in nb["cells"]:
        stamp = f"2026-11-27T10:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{rng.randrange(10**6):06d}Z"
        if cell["cell_type"] != "code":
            cell["metadata"] = {"editable": True, "slideshow": {"slide_type": ""}}
            continue
        count += 1
        cell["execution_count"] = count
        cell["metadata"] = {"collapsed": False, "scrolled": rng.random() < 0.5, "tags": [],
                            "execution": {"iopub.execute_input": stamp, "shell.execute_reply": stamp}}
        for o in cell["outputs"]:
            o["execution_count"] = count
        roll = rng.random()
        if roll < 0.3:
            addr = f"0x7f{rng.getrandbits(40):010x}"
            cell["outputs"].insert(0, {"name": "stdout", "output_type": "stream",
                                       "text": [f"<synlib.Thing object at {addr}>\n", "done\n"]})
        elif roll < 0.4:
            png = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/") for _ in range(400)) + "\n"
            cell["outputs"].append({"data": {"image/png": png, "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
                                    "metadata": {"needs_background": "light"}, "output_type": "display_data"})
    nb["metadata"] = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                      "language_info": {"name": "python", "version": "3.11.7", "file_extension": ".py"}}
    return nb


def make_dirty_project(dest, notebooks, cells, style):
    "A generated project whose notebooks look as Jupyter leaves them; {path: dirty text}"
    gen_project.generate(dest, notebooks, cells, style)
    dirty = {}
    for i in range(notebooks):
        path = dest / "nbs" / gen_project.nb_filename(i)
        dirty[path.name] = nb_text(run_like_jupyter(json.loads(path.read_text(encoding="utf-8")), i))
        path.write_text(dirty[path.name], encoding="utf-8")
    return dirty


def restore(proj, dirty):
    "Put the dirty notebooks back (untimed)"
    def go():
        for name, text in dirty.items():
            (proj / "nbs" / name).write_text(text, encoding="utf-8")
    return go


def find_nbdev_clean(nbdev_bin, env):
    "(nbdev-clean script, version) or None"
    d = Path(nbdev_bin or "/tmp/nbdevenv/bin")
    for name in ("nbdev-clean", "nbdev_clean"):
        script = d / name
        if script.is_file() and os.access(script, os.X_OK):
            py = d / "python" if (d / "python").exists() else script_python(str(script))
            r = subprocess.run([str(py), "-c", "import nbdev;print(nbdev.__version__)"], env=env,
                               capture_output=True, text=True)
            if r.returncode == 0:
                return str(script), r.stdout.strip()
    if nbdev_bin:
        sys.exit(f"error: no working nbdev-clean in {nbdev_bin}")
    found = shutil.which("nbdev-clean") or shutil.which("nbdev_clean")
    return (found, "?") if found else None


def same_bytes(a, b, dirty):
    "How many notebooks are byte-identical in projects `a` and `b`"
    return sum((a / "nbs" / n).read_bytes() == (b / "nbs" / n).read_bytes() for n in dirty)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--notebooks", type=int, default=500)
    p.add_argument("--cells", type=int, default=20)
    p.add_argument("--nbdev-bin", default=None)
    p.add_argument("--no-nbdev", action="store_true")
    p.add_argument("--workdir", default=None)
    p.add_argument("--keep", action="store_true")
    a = p.parse_args(argv)
    env, removed = bench_env()
    litdev = shutil.which("litdev_clean") or shutil.which("litdev")
    if not litdev:
        sys.exit("error: neither litdev_clean nor litdev is on PATH; pip install -e . first")
    shim, litdev = litdev, resolve_shim(litdev, env)
    cmd = [litdev] if Path(litdev).name == "litdev_clean" else [litdev, "clean"]
    nbdev = None if a.no_nbdev else find_nbdev_clean(a.nbdev_bin, env)
    style = "toml" if nbdev else "ini"
    base = Path(a.workdir or tempfile.mkdtemp(prefix="bench_clean_")).resolve()
    try:
        proj = base / "litdev_proj"
        dirty = make_dirty_project(proj, a.notebooks, a.cells, style)
        res = {}
        res["litdev cold"] = timed(cmd, proj, env, a.runs, before=restore(proj, dirty))
        res["litdev clean"] = timed(cmd, proj, env, a.runs)
        res["litdev --check"] = timed(cmd + ["--check"], proj, env, a.runs)
        no_cache = lambda: shutil.rmtree(proj / ".litdev_cache", ignore_errors=True)  # noqa: E731
        res["litdev --check, no cache"] = timed(cmd + ["--check"], proj, env, a.runs, before=no_cache)
        same = None
        if nbdev:
            nproj = base / "nbdev_proj"
            shutil.copytree(proj, nproj)
            restore(nproj, dirty)()
            res["nbdev cold"] = timed([nbdev[0]], nproj, env, a.runs, before=restore(nproj, dirty))
            res["nbdev clean"] = timed([nbdev[0]], nproj, env, a.runs)
            same = same_bytes(proj, nproj, dirty)
        report(a, res, same, dirty, removed, litdev, shim, nbdev, style, env)
    except BenchError as e:
        sys.exit(f"error: {e}")
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"kept: {base}", file=sys.stderr)


def report(a, res, same, dirty, removed, litdev, shim, nbdev, style, env):
    "Print the header, the table and the targets"
    py = script_python(litdev) or sys.executable
    print("# litdev_clean benchmark")
    print(f"command:  python bench/bench_clean.py --runs {a.runs} --notebooks {a.notebooks} --cells {a.cells}")
    print(f"date:     {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')}")
    print(f"python:   {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}")
    print(f"nproc:    {os.cpu_count()}")
    print(f"litdev:   {litdev}" + (f" (resolved from shim {shim})" if shim != litdev else ""))
    print(f"nbdev:    {nbdev[1]} ({nbdev[0]})" if nbdev else "nbdev:    not run")
    print(f"project:  {a.notebooks} notebooks x {a.cells} cells, {style} style, generated by bench/gen_project.py, "
          "then given execution counts, outputs and volatile metadata as Jupyter leaves them")
    print(f"timing:   median of {a.runs} runs, whole process, cwd=project, after 1 untimed warm-up run of each command")
    print("env:      removed from every timed subprocess: "
          + (", ".join(f"{k}={v!r}" for k, v in removed.items()) or "nothing (PYTHONDONTWRITEBYTECODE, IN_TEST not set)"))
    t0 = timed([py, "-c", "pass"], Path.cwd(), env, a.runs)
    print(f"baseline: `python -c pass` with litdev's interpreter: {fmt_ms(t0[0])} wall, {fmt_ms(t0[1])} CPU")
    print("columns:  wall-clock time / CPU time (user+sys of the whole process tree, from getrusage; "
          "less disturbed by other load on the machine)")
    print()
    keys = ["litdev cold", "litdev clean", "litdev --check", "litdev --check, no cache", "nbdev cold", "nbdev clean"]
    names = ["litdev cold", "litdev already clean", "litdev --check", "--check, no cache", "nbdev cold",
             "nbdev already clean"]
    both = lambda k: f"{fmt_ms(res[k][0])} / {fmt_ms(res[k][1])}" if k in res else "-"
    ratios = [res["nbdev cold"][i] / res["litdev cold"][i] for i in (0, 1)] if "nbdev cold" in res else None
    row = [f"{a.notebooks}x{a.cells}"] + [both(k) for k in keys]
    row += [f"{ratios[0]:.1f}x / {ratios[1]:.1f}x" if ratios else "-", f"{same}/{len(dirty)}" if same is not None else "-"]
    print_table(["notebooks x cells"] + names + ["nbdev/litdev cold", "same bytes"], [row])
    print()
    print("## Targets (wall-clock)")
    if ratios:
        print(f"{'PASS' if ratios[0] >= TARGET_RATIO else 'FAIL'}  litdev cold >= {TARGET_RATIO:.0f}x faster than "
              f"nbdev cold: {ratios[0]:.1f}x (CPU time: {ratios[1]:.1f}x)")
    for key in ("litdev clean", "litdev --check", "litdev --check, no cache"):
        ok = res[key][0] < TARGET_CLEAN_S
        print(f"{'PASS' if ok else 'FAIL'}  {key} on an already-clean project under {TARGET_CLEAN_S} s: "
              f"{fmt_ms(res[key][0])} (CPU time: {fmt_ms(res[key][1])})")


if __name__ == "__main__":
    main()
