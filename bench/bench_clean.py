#!/usr/bin/env python3
"""Whole-process benchmark of `litdev_clean`, compared with nbdev's `nbdev-clean`.

    python bench/bench_clean.py [--runs 5] [--notebooks 500] [--cells 20]
                                [--nbdev-bin DIR | --no-nbdev] [--litdev-bin DIR] [--workdir DIR] [--keep]

It generates a synthetic project (gen_project.py), then "runs" every notebook
the way Jupyter would leave it: execution counts on every code cell, outputs
(stream text with a `<... at 0x7f...>` repr, execute results, PNG display
data with output metadata), volatile cell metadata (execution timestamps,
`collapsed`, `scrolled`), and notebook metadata (`language_info`, a
`Python 3 (ipykernel)` kernelspec). The JSON is written as Jupyter writes it.
Then it times, as separate processes with the project as cwd, the median of
--runs runs of:

  * litdev cold        - `litdev_clean` in a fresh copy of the dirty project (copies made before timing)
  * litdev clean       - `litdev_clean` when every notebook is already clean
  * litdev --check     - `litdev_clean --check` when every notebook is already clean
  * --check, no cache  - the same with .litdev_cache/ deleted first (a fresh clone, as in CI)
  * nbdev cold         - nbdev's `nbdev-clean` in a fresh copy of the same dirty project
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
from bench_export import (BenchError, bench_env, cold_runs, fmt_ms, fresh_copies, litdev_script,  # noqa: E402
                          print_table, run_once, script_python)

TARGET_RATIO = 5.0      # litdev cold at least this many times faster than nbdev cold
TARGET_CLEAN_S = 0.5    # litdev_clean (and --check) on an already-clean project


def measure(cmd, cwd, env):
    "(wall seconds, CPU seconds of the process tree) of one run of `cmd`"
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_once(cmd, cwd, env)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime


def medians(ms):
    "(median wall, median CPU) of measurements `ms`"
    return statistics.median(m[0] for m in ms), statistics.median(m[1] for m in ms)


def timed(cmd, cwd, env, runs, before=None):
    "Medians of `runs` runs of `cmd` (after one untimed warm-up): (wall seconds, CPU seconds of the process tree)"
    if before:
        before()
    run_once(cmd, cwd, env)
    ms = []
    for _ in range(runs):
        if before:
            before()
        ms.append(measure(cmd, cwd, env))
    return medians(ms)


def timed_cold(cmds, proj, env, runs):
    "`{tag: (medians, last copy)}` of cold runs of `cmds` (`{tag: command}`) in fresh copies of the dirty project"
    return {tag: (medians(ms), last) for tag, (ms, last) in cold_runs(cmds, proj, env, runs, measure).items()}


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


REWRITE_SCRIPT = """
import os, sys, time
from pathlib import Path
atomic = sys.argv[1] == "atomic"
paths = sorted(Path("nbs").glob("*.ipynb"))
data = [p.read_bytes() + b" " for p in paths]
t = time.perf_counter()
for p, d in zip(paths, data):
    dest = p.with_name("." + p.name + ".tmp") if atomic else p
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    os.write(fd, d)
    os.close(fd)
    if atomic:
        os.replace(dest, p)
print(time.perf_counter() - t)
"""


def rewrite_cost(proj, env, runs, mode):
    "Median seconds to rewrite every notebook of a fresh copy of `proj` (one byte longer), by `mode`: 'atomic' or 'in-place'"
    copies = fresh_copies(proj, runs, mode)
    out = [subprocess.run([sys.executable, "-c", REWRITE_SCRIPT, mode], cwd=c, env=env, capture_output=True,
                          text=True, check=True).stdout for c in copies]
    return statistics.median(float(o) for o in out)


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
    p.add_argument("--litdev-bin", default=None, help="folder holding litdev_clean (default: this checkout "
                   "installed into a fresh venv, not editable, as users install it)")
    p.add_argument("--workdir", default=None)
    p.add_argument("--keep", action="store_true")
    a = p.parse_args(argv)
    env, removed = bench_env()
    nbdev = None if a.no_nbdev else find_nbdev_clean(a.nbdev_bin, env)
    style = "toml" if nbdev else "ini"
    base = Path(a.workdir or tempfile.mkdtemp(prefix="bench_clean_")).resolve()
    try:
        litdev = litdev_script("litdev_clean", a.litdev_bin, base, env, lambda m: print(m, file=sys.stderr))
        cmd = [litdev]
        proj = base / "proj"
        dirty = make_dirty_project(proj, a.notebooks, a.cells, style)
        res = {}
        cold = timed_cold({"litdev": cmd, **({"nbdev": [nbdev[0]]} if nbdev else {})}, proj, env, a.runs)
        res["litdev cold"], cleaned = cold["litdev"]
        res["litdev clean"] = timed(cmd, cleaned, env, a.runs)
        res["litdev --check"] = timed(cmd + ["--check"], cleaned, env, a.runs)
        no_cache = lambda: shutil.rmtree(cleaned / ".litdev_cache", ignore_errors=True)  # noqa: E731
        res["litdev --check, no cache"] = timed(cmd + ["--check"], cleaned, env, a.runs, before=no_cache)
        same = None
        if nbdev:
            res["nbdev cold"], ncleaned = cold["nbdev"]
            res["nbdev clean"] = timed([nbdev[0]], ncleaned, env, a.runs)
            same = same_bytes(cleaned, ncleaned, dirty)
        res["rewrite atomic"] = rewrite_cost(proj, env, a.runs, "atomic")
        res["rewrite in-place"] = rewrite_cost(proj, env, a.runs, "in-place")
        report(a, res, same, dirty, removed, litdev, a.litdev_bin, nbdev, style, env)
    except BenchError as e:
        sys.exit(f"error: {e}")
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"kept: {base}", file=sys.stderr)


def report(a, res, same, dirty, removed, litdev, litdev_bin, nbdev, style, env):
    "Print the header, the table and the targets"
    py = script_python(litdev) or sys.executable
    print("# litdev_clean benchmark")
    print(f"command:  python bench/bench_clean.py --runs {a.runs} --notebooks {a.notebooks} --cells {a.cells}")
    print(f"date:     {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')}")
    print(f"python:   {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}")
    print(f"nproc:    {os.cpu_count()}")
    print(f"litdev:   {litdev}" + ("" if litdev_bin else " (this checkout, installed into a fresh venv with pip, "
                                    "not editable, as users install it; nbdev is in a venv too)"))
    print(f"nbdev:    {nbdev[1]} ({nbdev[0]})" if nbdev else "nbdev:    not run")
    print(f"project:  {a.notebooks} notebooks x {a.cells} cells, {style} style, generated by bench/gen_project.py, "
          "then given execution counts, outputs and volatile metadata as Jupyter leaves them")
    print(f"timing:   median of {a.runs} runs, whole process, cwd=project, after 1 untimed warm-up run of each command; "
          "each cold run in its own fresh copy of the dirty project, all copies made and synced to disk first; "
          "litdev and nbdev cold runs take turns")
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
    print(f"disk:     rewriting the {len(dirty)} notebooks of a fresh copy, no cleaning, one process: atomically "
          f"(temp file + rename, as litdev does) {fmt_ms(res['rewrite atomic'])}, in place (truncate + write, as "
          f"nbdev does) {fmt_ms(res['rewrite in-place'])}; the floor of a cold clean's wall time on this disk")
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
