#!/usr/bin/env python3
"""Whole-process benchmark of `litdev_export`, compared with nbdev's exporter.

    python bench/bench_export.py [--runs 5] [--sizes 10,100,500] [--cells 20]
                                 [--scale-notebooks 100] [--scale-cells 10,20,40]
                                 [--nbdev-bin DIR | --no-nbdev] [--litdev-bin DIR] [--workdir DIR] [--keep]

For every generated project (see gen_project.py) it times, as separate
processes with the project as cwd, the median of --runs runs of:

  * litdev cold   - `litdev_export` in a fresh copy of the project, never exported (no package folder, no cache)
  * litdev no-op  - `litdev_export` again when nothing changed
  * one nb edited - `litdev_export` after one notebook gained a cell (untimed edit before each run)
  * --help        - `litdev_export --help`
  * nbdev cold    - nbdev's exporter in a fresh copy of the project, if found

litdev is this checkout installed into a fresh venv (pip install --no-deps, not editable), as users install it
and as nbdev is installed in its venv; --litdev-bin DIR uses the litdev_export in DIR instead. Every copy a
cold run uses is made and synced to disk before any timing, and nothing is deleted until the end.

PYTHONDONTWRITEBYTECODE (and IN_TEST, which makes nbdev_export a no-op) is
removed from the environment of every timed subprocess, and every command gets
one untimed warm-up run first, so .pyc files exist as on a user's machine.
Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_project  # noqa: E402

LIB = gen_project.LIB
REPO = Path(__file__).resolve().parent.parent

TARGET_RATIO = 5.0           # litdev cold at most 0.2 of nbdev cold (issue 13; issue 2's 10x was set against stand-ins
                             # for the standard library, which issue 13 removed)
TARGET_MIN_NBS = 20          # ... on projects of this many notebooks or more (below, Python's start dominates)
TARGET_NOOP_MS = 100.0       # no-op export of 100 notebooks
TARGET_NOOP_NBS = 100
TARGET_HELP_MS = 100.0       # litdev_export --help
UNSET_VARS = ("PYTHONDONTWRITEBYTECODE", "IN_TEST")


class BenchError(Exception):
    pass


def int_list(s):
    try:
        return [int(x) for x in s.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {s!r}")


def bench_env():
    env = dict(os.environ)
    removed = {k: env.pop(k) for k in UNSET_VARS if k in env}
    return env, removed


def run_once(cmd, cwd, env):
    "Run `cmd` in `cwd`; return elapsed seconds. Raises BenchError on a non-zero exit."
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if r.returncode:
        err = r.stderr.decode(errors="replace").strip()
        raise BenchError(f"`{shlex.join(cmd)}` in {cwd} exited {r.returncode}:\n{err[-2000:]}")
    return dt


def fresh_copies(proj, k, tag):
    """`k` copies of project `proj`, flushed to disk before any run: every cold run gets a project never exported,
    and nothing is deleted while timing (on this VM's disk, creating files soon after deleting many is several
    times slower, a cost that would fall on whichever command runs next)."""
    copies = [proj.with_name(f"{proj.name}-{tag}{i}") for i in range(k)]
    for c in copies:
        shutil.copytree(proj, c)
    os.sync()
    time.sleep(1)
    return copies


def cold_runs(cmds, proj, env, runs, measure=run_once):
    """`{tag: ([measure of each run], last copy)}` for `cmds` (`{tag: command}`): `runs` runs of each command, each
    in its own fresh copy of `proj`, after one untimed warm-up run each (.pyc files, OS caches). The commands take
    turns, run after run, so that a machine whose speed drifts (this VM's does) slows them alike."""
    copies = {tag: fresh_copies(proj, runs + 1, tag) for tag in cmds}
    res = {tag: [] for tag in cmds}
    for i in range(runs + 1):
        for tag, cmd in cmds.items():
            m = measure(cmd, copies[tag][i], env)
            if i:
                res[tag].append(m)
    return {tag: (res[tag], copies[tag][-1]) for tag in cmds}


def install_litdev(base, env, log, deps=False):
    """A venv in `base` with this checkout installed as users install it (not editable), like nbdev in its venv.
    `--no-deps` unless `deps`: export and clean import none of litdev's dependencies (the test runner does).
    Returns its bin folder."""
    venv = base / "litdev-venv"
    log(f"installing {REPO} into {venv} (pip install{'' if deps else ' --no-deps'}, not editable)")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    # the current pip, as users have it: since pip 25.0 its console scripts no longer `import re` (pip PR #13166);
    # the pip that `venv` bundles with Python 3.11 (23.2) still writes scripts that do
    if subprocess.run(pip + ["-U", "pip"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        log("could not upgrade pip in the venv (offline?): its console scripts are the bundled pip's")
    subprocess.run(pip + ([] if deps else ["--no-deps"]) + [str(REPO)], env=env, check=True, stdout=subprocess.DEVNULL)
    return venv / "bin"


def script_imports_re(script):
    "Whether a console script's own text imports `re` (pip before 25.0 wrote such scripts), as a note for the report"
    try:
        return "import re" in Path(script).read_text(errors="replace").splitlines()[:4]
    except OSError:
        return False


def litdev_script(name, bin_dir, base, env, log):
    "Path of litdev's console script `name`, from `bin_dir` (default: a fresh venv, see install_litdev)"
    script = Path(bin_dir or install_litdev(base, env, log)) / name
    if not script.is_file():
        sys.exit(f"error: no {name} in {script.parent}")
    return str(script)


def timed(cmd, cwd, env, runs, before=None):
    "Median of `runs` timed runs of `cmd`, after one untimed warm-up; `before()` runs untimed before each."
    if before: before()
    run_once(cmd, cwd, env)  # warm-up: creates .pyc files, fills OS caches
    times = []
    for _ in range(runs):
        if before: before()
        times.append(run_once(cmd, cwd, env))
    return statistics.median(times)


def interleaved(cmds, env, runs):
    """`{tag: [seconds of each run]}` for `cmds` (`{tag: (command, cwd)}`): one untimed warm-up of each, then `runs`
    rounds in which each command runs once, in turn, so that load from other work on the machine falls on all alike"""
    for cmd, cwd in cmds.values():
        run_once(cmd, cwd, env)
    times = {tag: [] for tag in cmds}
    for _ in range(runs):
        for tag, (cmd, cwd) in cmds.items():
            times[tag].append(run_once(cmd, cwd, env))
    return times


def script_python(script):
    "The interpreter named in a console script's shebang line (None if not a Python shebang)."
    try:
        with open(script, "rb") as f:
            line = f.readline().decode(errors="replace").strip()
    except OSError:
        return None
    if not line.startswith("#!"):
        return None
    parts = line[2:].split()
    if parts and parts[0].endswith("/env") and len(parts) > 1:
        parts = parts[1:]
    if parts and "python" in Path(parts[0]).name:
        return shutil.which(parts[0]) or parts[0]
    return None


def resolve_shim(script, env):
    "If `script` is a pyenv/asdf shim (a shell script that re-dispatches), return the real executable."
    if script_python(script) is not None:
        return script
    name = Path(script).name
    for cmd in (["pyenv", "which", name], ["asdf", "which", name]):
        if shutil.which(cmd[0]):
            r = subprocess.run(cmd, env=env, capture_output=True, text=True)
            real = r.stdout.strip()
            if r.returncode == 0 and real and Path(real).is_file():
                return real
    return script


def find_nbdev(nbdev_bin, env):
    """Return (export_script, version_string, major) for nbdev, or None.

    Looks in `nbdev_bin` if given, else /tmp/nbdevvenv/bin, /tmp/nbdevenv/bin, then PATH."""
    names = ("nbdev-export", "nbdev_export")
    cands = []
    if nbdev_bin:
        cands.append(("dir", Path(nbdev_bin)))
    else:
        cands.append(("dir", Path("/tmp/nbdevvenv/bin")))
        cands.append(("dir", Path("/tmp/nbdevenv/bin")))
        cands.append(("path", None))
    for kind, d in cands:
        script = None
        if kind == "dir":
            for n in names:
                p = d / n
                if p.is_file() and os.access(p, os.X_OK):
                    script = str(p)
                    break
            py = d / "python"
            py = str(py) if py.exists() else script_python(script) if script else None
        else:
            for n in names:
                script = shutil.which(n)
                if script:
                    break
            py = script_python(script) if script else None
        if not script or not py:
            if nbdev_bin:
                sys.exit(f"error: no nbdev-export/nbdev_export script (or its python) in {nbdev_bin}")
            continue
        r = subprocess.run([py, "-c", "import nbdev;print(nbdev.__version__)"],
                           env=env, capture_output=True, text=True)
        if r.returncode:
            if nbdev_bin:
                sys.exit(f"error: `{py} -c 'import nbdev'` failed:\n{r.stderr}")
            continue
        ver = r.stdout.strip()
        try:
            major = int(ver.split(".")[0])
        except ValueError:
            major = 2
        return script, ver, major
    return None


def fmt_ms(s):
    return "-" if s is None else f"{s * 1000:.0f} ms" if s >= 0.0995 else f"{s * 1000:.1f} ms"


def print_table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(str(h).rjust(w) for h, w in zip(headers, widths))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths)))


def _after_docstring(path):
    "A generated module's text from its AUTOGENERATED header on (nbdev 3 writes a different docstring)"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return text[text.find("# AUTOGENERATED"):] if "# AUTOGENERATED" in text else None


def compare_outputs(a, b):
    "Count generated mod*.py files in lib folder `a` that are identical in `b`, docstring aside."
    fa = sorted((Path(a) / LIB).glob("mod*.py"))
    same = sum(1 for f in fa if _after_docstring(f) is not None
               and _after_docstring(f) == _after_docstring(Path(b) / LIB / f.name))
    return same, len(fa)


def edit_one(proj):
    "An untimed edit before each run: a new last cell in the first notebook, dated 10 s back (as if saved a while ago)"
    state = {"n": 0}

    def edit():
        path = sorted((proj / "nbs").glob("*.ipynb"))[0]
        nb = json.loads(path.read_text(encoding="utf-8"))
        state["n"] += 1
        nb["cells"].append({"cell_type": "code", "execution_count": None, "id": f"edit{state['n']}",
                            "metadata": {}, "outputs": [], "source": [f"#| export\nedited_{state['n']} = 1"]})
        path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        past = time.time() - 10
        os.utime(path, (past, past))
    return edit


def bench_project(n, m, args, style, litdev, nbdev, env, workdir, log):
    "Time one project size; returns a dict of results."
    res = {"n": n, "m": m}
    proj = workdir / f"p{n}x{m}"
    t0 = time.perf_counter()
    gen_project.generate(proj, n, m, style=style, seed=args.seed)
    log(f"[{n}x{m}] generated {n} notebooks ({style}) in {time.perf_counter() - t0:.2f}s")
    try:
        cold = cold_runs({"litdev": [litdev], **({"nbdev": [nbdev[0]]} if nbdev else {})}, proj, env, args.runs)
        res["cold"], exported = statistics.median(cold["litdev"][0]), cold["litdev"][1]
        log(f"[{n}x{m}] litdev cold   {fmt_ms(res['cold'])}")
        if nbdev:
            res["nbdev"] = statistics.median(cold["nbdev"][0])
            log(f"[{n}x{m}] nbdev cold    {fmt_ms(res['nbdev'])}")
            res["same"] = compare_outputs(cold["nbdev"][1], exported)
        res["noop"] = timed([litdev], exported, env, args.runs)
        log(f"[{n}x{m}] litdev no-op  {fmt_ms(res['noop'])}")
        res["edit"] = timed([litdev], exported, env, args.runs, before=edit_one(exported))
        log(f"[{n}x{m}] litdev edit   {fmt_ms(res['edit'])}")
        res["help"] = timed([litdev, "--help"], exported, env, args.runs)
        log(f"[{n}x{m}] litdev --help {fmt_ms(res['help'])}")
    except BenchError as e:
        log(f"[{n}x{m}] FAILED: {e}")
        res["error"] = str(e)
    return res


def print_header(args, argv, litdev, nbdev, style, removed, startup):
    "The report's first lines: how, where and with what the figures were measured"
    sys.stderr.flush()
    print("# litdev_export benchmark")
    print(f"command:  python bench/bench_export.py {shlex.join(sys.argv[1:] if argv is None else argv)}".rstrip())
    print(f"date:     {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"python:   {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}")
    print(f"nproc:    {os.cpu_count()}")
    print(f"litdev:   {litdev}" + ("" if args.litdev_bin else " (this checkout, installed into a fresh venv "
                                    "with pip, not editable, as users install it; nbdev is in a venv too)"))
    print("nbdev:    " + (f"{nbdev[1]} ({nbdev[0]})" if nbdev else "not run"))
    scripts = [(name, s) for name, s in (("litdev", litdev), ("nbdev", nbdev and nbdev[0])) if s]
    print("scripts:  " + "; ".join(f"{name}'s {'imports' if script_imports_re(s) else 'does not import'} `re` itself"
                                   for name, s in scripts) + " (pip >= 25.0 writes console scripts without it)")
    print(f"projects: {style} style, generated by bench/gen_project.py (seed {args.seed})")
    print(f"timing:   median of {args.runs} runs, whole process (perf_counter around subprocess.run), "
          "cwd=project, after 1 untimed warm-up run of each command; each cold run in its own fresh copy of "
          "the project (never exported, no package folder, no cache), all copies made and synced to disk first; "
          "litdev and nbdev cold runs take turns")
    unset = ", ".join(f"{k}={removed[k]!r}" if k in removed else f"{k} (was not set)" for k in UNSET_VARS)
    print(f"env:      removed from every timed subprocess (litdev and nbdev alike): {unset}; "
          "so .pyc files are written and reused as on users' machines")
    if startup is not None:
        print(f"baseline: `python -c pass` with litdev's interpreter: {fmt_ms(startup)}")
    print()


def print_tables(args, results, sizes, scale):
    "The notebook-count and cells-scaling tables"
    def row(n, m):
        r = results[n, m]
        if "error" in r:
            return [f"{n}x{m}", "FAILED", "-", "-", "-", "-", "-", "-"]
        nb = r.get("nbdev")
        ratio = f"{nb / r['cold']:.1f}x" if nb else "-"
        same = f"{r['same'][0]}/{r['same'][1]}" if "same" in r else "-"
        return [f"{n}x{m}", fmt_ms(r["cold"]), fmt_ms(r["noop"]), fmt_ms(r["edit"]), fmt_ms(r["help"]), fmt_ms(nb),
                ratio, same]

    hdr = ["notebooks x cells", "litdev cold", "litdev no-op", "one nb edited", "--help", "nbdev cold",
           "nbdev/litdev", "same modules"]
    print("## Notebook-count series")
    print_table(hdr, [row(n, m) for n, m in sizes])
    if scale:
        print()
        print(f"## Cells-scaling series ({args.scale_notebooks} notebooks)")
        rows, prev = [], None
        for n, m in scale:
            r = results[n, m]
            base_row = row(n, m)
            marg = ["-", "-"]
            if prev and "error" not in r and "error" not in prev[1]:
                dk = n * (m - prev[0]) / 1000
                for j, key in enumerate(("cold", "nbdev")):
                    if r.get(key) and prev[1].get(key) and dk:
                        marg[j] = fmt_ms((r[key] - prev[1][key]) / dk)
            prev = (m, r)
            rows.append(base_row[:2] + [marg[0]] + base_row[5:7] + [marg[1]])
        print_table(["notebooks x cells", "litdev cold", "litdev ms/1k extra cells", "nbdev cold", "nbdev/litdev",
                     "nbdev ms/1k extra cells"], rows)
        print("(ms/1k extra cells: cost of the added cells relative to the previous row; "
              "roughly constant means time is linear in cells)")


def print_targets(args, results, nbdev):
    "PASS or FAIL for each target"
    print()
    print("## Targets")
    checks = []
    ok_rows = [((n, m), r) for (n, m), r in results.items() if "error" not in r]
    if nbdev:
        for (n, m), r in sorted(ok_rows):
            if r.get("nbdev") and n >= TARGET_MIN_NBS:
                ratio = r["nbdev"] / r["cold"]
                checks.append((ratio >= TARGET_RATIO,
                               f"litdev cold <= {1 / TARGET_RATIO:.1f} of nbdev cold, {n}x{m}: {1 / ratio:.2f}"))
    else:
        print(f"n/a   litdev cold <= {1 / TARGET_RATIO:.1f} of nbdev cold (nbdev not run)")
    noop = [(m, r) for (n, m), r in ok_rows if n == TARGET_NOOP_NBS]
    if noop:
        m, r = min(noop, key=lambda x: abs(x[0] - args.cells))
        checks.append((r["noop"] * 1000 < TARGET_NOOP_MS,
                       f"no-op export of {TARGET_NOOP_NBS}x{m} under {TARGET_NOOP_MS:.0f} ms: {fmt_ms(r['noop'])}"))
    else:
        print(f"n/a   no-op export of {TARGET_NOOP_NBS} notebooks under {TARGET_NOOP_MS:.0f} ms "
              f"(no {TARGET_NOOP_NBS}-notebook project measured)")
    if ok_rows:
        h = max(r["help"] for _, r in ok_rows)
        checks.append((h * 1000 < TARGET_HELP_MS,
                       f"litdev_export --help under {TARGET_HELP_MS:.0f} ms (slowest median): {fmt_ms(h)}"))
    for ok, msg in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {msg}")


def parse_args(argv):
    "The command line's options, checked"
    p = argparse.ArgumentParser(description="Benchmark litdev_export (and nbdev's exporter) on synthetic projects.")
    p.add_argument("--runs", type=int, default=5, help="timed runs per measurement; the median is reported (default 5)")
    p.add_argument("--sizes", type=int_list, default=[10, 100, 500], help="notebook counts (default 10,100,500)")
    p.add_argument("--cells", type=int, default=20, help="cells per notebook for --sizes (default 20)")
    p.add_argument("--scale-notebooks", type=int, default=100,
                   help="notebook count of the cells-scaling series (default 100)")
    p.add_argument("--scale-cells", type=int_list, default=[10, 20, 40],
                   help="cells per notebook of the cells-scaling series (default 10,20,40; empty string to skip)")
    p.add_argument("--nbdev-bin", metavar="DIR",
                   help="directory holding nbdev's export script and python "
                        "(default: /tmp/nbdevvenv/bin, /tmp/nbdevenv/bin, then PATH)")
    p.add_argument("--no-nbdev", action="store_true", help="do not run nbdev even if found")
    p.add_argument("--litdev-bin", metavar="DIR",
                   help="directory holding litdev_export (default: this checkout installed into a fresh venv)")
    p.add_argument("--style", choices=("ini", "toml"),
                   help="project config style (default: what the nbdev found needs; ini without nbdev)")
    p.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    p.add_argument("--workdir", help="where to generate projects (default: a fresh temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be >= 1")
    if args.cells < 2 or any(c < 2 for c in args.scale_cells):
        p.error("cells per notebook must be >= 2")
    return args


def main(argv=None):
    args = parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    env, removed = bench_env()
    nbdev = None if args.no_nbdev else find_nbdev(args.nbdev_bin, env)
    style = args.style or ("toml" if nbdev and nbdev[2] >= 3 else "ini")

    base = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="litdev-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    base = base.resolve()
    litdev = litdev_script("litdev_export", args.litdev_bin, base, env, log)

    litdev_py = script_python(litdev) or sys.executable
    startup = None
    try:
        startup = timed([litdev_py, "-c", "pass"], base, env, args.runs)
    except BenchError:
        pass

    sizes = [(n, args.cells) for n in args.sizes]
    scale = [(args.scale_notebooks, m) for m in args.scale_cells]
    results = {}
    try:
        for n, m in sizes + scale:
            if (n, m) not in results:
                results[n, m] = bench_project(n, m, args, style, litdev, nbdev, env, base, log)
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print_header(args, argv, litdev, nbdev, style, removed, startup)
    print_tables(args, results, sizes, scale)
    print_targets(args, results, nbdev)
    failed = [r for r in results.values() if "error" in r]
    for r in failed:
        lines = r["error"].splitlines()
        print(f"ERROR {r['n']}x{r['m']}: {lines[0]} {lines[-1] if len(lines) > 1 else ''}".rstrip())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
