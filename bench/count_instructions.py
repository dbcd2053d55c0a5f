#!/usr/bin/env python3
"""Instructions a cold `litdev_export` executes, counted by valgrind: a figure that, unlike time, does not drift.

    python bench/count_instructions.py [--sizes 10,100] [--cells 20] [--style toml] [--litdev-bin DIR] [--floor]

This VM's speed drifts by up to a factor of two, so a 5% gain cannot be seen in wall-clock times. valgrind's
callgrind tool counts the instructions a process executes, which is the same from run to run, so changes to
litdev's start-up and per-notebook work can be compared exactly. For each generated project it counts one cold
export (fresh copy, no package folder, no cache) with the work done in one process (`litdev.workers.cores`
set to 1, so that forked workers are not left out), and prints the interpreter's own start (`python -c pass`)
and the imports a whole export loads, for scale. The counts are for comparing litdev with itself: valgrind
slows everything about 50 times, so nbdev is not counted. With `--floor`, bench/floor_export.py (the least an
export must do) is counted on the same project too, and the ratio litdev / floor printed: a figure for the
floor target that the machine's load does not move. Needs `valgrind` on PATH; standard library only.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_project  # noqa: E402
from bench_export import bench_env, int_list, litdev_script  # noqa: E402

SERIAL_EXPORT = ("import sys, litdev.workers as p; p.cores = lambda: 1; from litdev.cli import export_cli; "
                 "sys.argv = ['litdev_export']; export_cli()")
IMPORTS = "import litdev.cli, litdev.export, litdev.config, litdev.code"
FLOOR = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); import floor_export; "
         "floor_export.main([])")


def instructions(python, code, cwd, env):
    "Instructions executed by `python -c code` in `cwd`, as valgrind's callgrind counts them"
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, "-c", code],
                       cwd=cwd, env=env, capture_output=True, text=True)
    counts = re.findall(r"Collected : (\d+)", r.stderr)
    if r.returncode or not counts:
        sys.exit(f"error: valgrind {python} -c {code!r} failed:\n{r.stderr[-2000:]}")
    return int(counts[-1])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int_list, default=[10, 100], help="notebook counts (default 10,100)")
    p.add_argument("--cells", type=int, default=20, help="cells per notebook (default 20)")
    p.add_argument("--style", choices=["ini", "toml"], default="toml", help="project config style (default toml)")
    p.add_argument("--litdev-bin", metavar="DIR", help="directory holding litdev_export (default: a fresh venv)")
    p.add_argument("--floor", action="store_true", help="count bench/floor_export.py on each project too")
    args = p.parse_args(argv)
    if not shutil.which("valgrind"):
        sys.exit("error: valgrind is not installed (apt install valgrind)")
    env, removed = bench_env()
    work = Path(tempfile.mkdtemp(prefix="litdev_instr_"))
    try:
        script = litdev_script("litdev_export", args.litdev_bin, work, env, lambda m: print(m, file=sys.stderr))
        python = str(Path(script).parent / "python")
        print(f"# instructions (millions), valgrind --tool=callgrind; removed from the environment: {', '.join(removed)}")
        print(f"python -c pass: {instructions(python, 'pass', work, env) / 1e6:.1f}")
        print(f"imports of an export: {instructions(python, IMPORTS, work, env) / 1e6:.1f}")
        for n in args.sizes:
            proj = work / f"p{n}"
            gen_project.generate(proj, n, args.cells, args.style)
            subprocess.run([python, "-c", SERIAL_EXPORT], cwd=proj, env=env, check=True, stdout=subprocess.DEVNULL)
            shutil.rmtree(proj / gen_project.LIB), shutil.rmtree(proj / ".litdev_cache")  # the warm-up wrote .pyc files
            count = instructions(python, SERIAL_EXPORT, proj, env)
            print(f"cold export, {n}x{args.cells} ({args.style}), one process: {count / 1e6:.1f}")
            if args.floor:
                subprocess.run([python, "-c", FLOOR], cwd=proj, env=env, check=True)  # warm-up, as above
                shutil.rmtree(proj / gen_project.LIB)
                floor = instructions(python, FLOOR, proj, env)
                print(f"floor, {n}x{args.cells}: {floor / 1e6:.1f}; litdev / floor = {count / floor:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
