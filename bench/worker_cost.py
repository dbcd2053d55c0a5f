#!/usr/bin/env python3
"""What one forked `litdev_test` worker costs on issue 12's import-bound project: CPU, page faults, instructions.

    python bench/worker_cost.py [--runs 5] [--python PY ...] [--instructions] [--floor]

Builds the import-bound project (bench_test.make_import_bound: 24 notebooks, all but the first
`from synlib.x import *`), then, in a process of each interpreter PY (default: this one; the litdev it imports is
the one measured), does what `litdev_test`'s runner does before forking (`litdev.preload.warm` with IPython and the
package) and runs the 23 notebooks that use the package through `litdev.pool.run_parallel`, one worker at a time.
Per notebook: the workers' CPU time and minor page faults (copy-on-write copies, mostly), from `getrusage` of the
children, and the runner's own CPU time; the median of `--runs` processes, taking turns between the interpreters.
With --instructions, each worker's instructions are counted too, by valgrind's callgrind from the moment it is
forked (`--zero-before=fork`; PYTHONHASHSEED=0, so that the count repeats exactly): the median worker. With
--floor, the same with bench/test_floor.py's bare worker (the notebook's code cells in a fresh shell, nothing else)
in place of litdev's (with the last PY). Compare two checkouts by giving each one's venv python. Standard library only.
"""
import argparse, re, shutil, statistics, subprocess, sys, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_export import bench_env  # noqa: E402
from bench_test import make_import_bound  # noqa: E402
from test_floor import BARE_RUNNER  # noqa: E402

MEASURE = '''
import os, resource, sys
from pathlib import Path
from litdev.config import get_config
from litdev.pool import run_parallel, staged_preload
from litdev.preload import warm
from litdev.test import read_to_run
if sys.argv[1] == 'floor':
    import litdev.pool as pool
    pool.work = BARE_WORK
cfg = get_config()
paths = sorted(cfg.root.glob('nbs/*_uses.ipynb'))
nbs = {str(p): read_to_run(p) for p in paths}
warm(staged_preload([(paths[0], nbs[str(paths[0])])], cfg)[str(paths[0])], cfg.root)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
for res in run_parallel(paths, 1, notebooks=nbs, tst_flags=cfg.tst_flags, root=cfg.root, lib_path=cfg.lib_path):
    assert res.status == 'passed', res
me2, kids2 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = lambda a, b: (b.ru_utime + b.ru_stime - a.ru_utime - a.ru_stime) * 1000 / len(paths)
print(cpu(kids, kids2), (kids2.ru_minflt - kids.ru_minflt) / len(paths), cpu(me, me2))
'''


def bare_work_source()->str:
    "test_floor's bare worker, as source to define in the measuring process"
    start = BARE_RUNNER.index('def bare_work')
    return BARE_RUNNER[start:BARE_RUNNER.index('\npool.work')]


def script(floor:bool)->str:
    "The measuring program: litdev's worker, or (`floor`) the bare one"
    head = ('from litdev.run import RunResult\nfrom litdev.shell import active, execute, new_shell\n'
            + bare_work_source() + '\nBARE_WORK = bare_work\n') if floor else ''
    return head + MEASURE


def measure(python, proj, env, floor=False)->tuple:
    "(worker CPU ms, worker page faults, runner CPU ms) per notebook, from one process"
    out = subprocess.run([python, '-c', script(floor), 'floor' if floor else 'litdev'], cwd=proj, env=env,
                         capture_output=True, text=True)
    if out.returncode: sys.exit(f'error: {python} failed:\n{out.stderr[-2000:]}')
    return tuple(float(x) for x in out.stdout.split())


def instructions(python, proj, env, floor=False)->float:
    "The median worker's instructions (millions), counted by callgrind from its fork"
    cmd = ['valgrind', '--tool=callgrind', '--zero-before=fork', '--callgrind-out-file=/dev/null',
           python, '-c', script(floor), 'floor' if floor else 'litdev']
    out = subprocess.run(cmd, cwd=proj, env={**env, 'PYTHONHASHSEED': '0'}, capture_output=True, text=True)
    counts = [(int(p), int(n)) for p, n in re.findall(r'==(\d+)== Collected : (\d+)', out.stderr)]
    if out.returncode or not counts: sys.exit(f'error: valgrind {python} failed:\n{out.stderr[-2000:]}')
    runner = min(p for p, _ in counts)  # the first process valgrind started
    return statistics.median(n for p, n in counts if p != runner) / 1e6


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--runs', type=int, default=5, help='processes per interpreter; medians reported (default 5)')
    p.add_argument('--python', nargs='+', default=[sys.executable], help='interpreters whose litdev to measure')
    p.add_argument('--instructions', action='store_true', help='count instructions with valgrind too')
    p.add_argument('--floor', action='store_true', help="measure test_floor.py's bare worker too")
    args = p.parse_args(argv)
    env, removed = bench_env()
    base = Path(tempfile.mkdtemp(prefix='litdev-worker-cost-'))
    try: report(args, base / 'imports', env, removed)
    finally: shutil.rmtree(base, ignore_errors=True)


def report(args, proj, env, removed):
    make_import_bound(proj, 24, str(Path(args.python[-1]).with_name('litdev_export')), env)
    kinds = [(py, False) for py in args.python] + ([(args.python[-1], True)] if args.floor else [])
    rounds = {kind: [] for kind in kinds}
    for _ in range(args.runs):
        for py, floor in kinds: rounds[py, floor].append(measure(py, proj, env, floor))
    print(f'# workers of litdev_test on the import-bound project: per notebook, median of {args.runs} processes')
    print(f'# reproduce: python bench/worker_cost.py {" ".join(sys.argv[1:])}')
    print(f'# removed from the environment: {", ".join(removed) or "nothing"}')
    for (py, floor), runs in rounds.items():
        cpu, faults, runner = (statistics.median(r[i] for r in runs) for i in range(3))
        count = f'  {instructions(py, proj, env, floor):6.2f} M instructions' if args.instructions else ''
        print(f'{"floor" if floor else "litdev"} {py}: worker {cpu:5.2f} ms CPU, {faults:5.0f} page faults; '
              f'runner {runner:4.2f} ms CPU{count}')


if __name__ == '__main__':
    main()
