#!/usr/bin/env python3
"""The floor under `litdev_test` on issue 12's import-bound project, timed beside litdev and nbdev in one run.

    python bench/test_floor.py [--runs 7] [--notebooks 24] [--n-workers 2] [--nbdev-bin DIR] [--litdev-bin DIR]
                               [--base-bin DIR]

Issue 12 asks that each notebook run as in a fresh kernel: a fresh process with a fresh IPython shell, forked from a
runner that imported IPython and the notebooks' modules, the project's package included, once. On the import-bound
project (bench_test.py --targets: 24 notebooks, all but the first `from synlib.x import *` of a module that takes
0.3 s to import) no such runner can take less than:

  * chain  - its start, IPython with a notebook shell made, and the package's import, one after the other: the
             notebooks that use the package cannot be forked before (`python -c "from litdev.shell import
             prepare; prepare(); import synlib.x"` in the project)
  * floor  - litdev's own pool (`litdev.pool.run_parallel`: the same preload, schedule and forks) with a worker that
             does only what IPython must: the notebook's code cells in a fresh shell, then the result (no locators,
             timeouts, leftover threads, captured file descriptors, IN_TEST, result cache...)

Both are timed with `litdev_test --no-cache` and `nbdev_test`, the four taking turns, run after run, so that load
from other work falls on all alike; each is reported against nbdev's time in the same round (the median of the
rounds). litdev is this checkout installed into a fresh venv (not editable, with its dependencies) unless
--litdev-bin DIR; with --base-bin DIR, the litdev_test in DIR (another version, say main's) takes its turn too.
PYTHONDONTWRITEBYTECODE is removed from every timed process. Standard library only.
"""
import argparse, shutil, statistics, sys, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_export import bench_env, find_nbdev, install_litdev, interleaved  # noqa: E402
from bench_test import make_import_bound  # noqa: E402

CHAIN = 'from litdev.shell import prepare; prepare(); import synlib.x'

BARE_RUNNER = '''
import sys
import litdev.pool as pool
from litdev.cli import test_cli
from litdev.run import RunResult
from litdev.shell import active, execute, new_shell

def bare_work(conn, path, runner=None, grace=10, stack=None, nb=None, **kwargs):
    "Only what IPython must do: the notebook's code cells in a fresh shell; then the result"
    shell = new_shell()
    with active(shell):
        for cell in nb.cells:
            if cell.cell_type == 'code': execute(shell, cell.source, str(path))
    conn.send(('cells done', 0))
    conn.send(('result', RunResult(str(path))))
    conn.close()

pool.work = bare_work
sys.argv = ['litdev_test', '--no-cache', '--n_workers', sys.argv[1]]
sys.exit(test_cli())
'''


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--runs', type=int, default=7, help='rounds; the median of the rounds is reported (default 7)')
    p.add_argument('--notebooks', type=int, default=24)
    p.add_argument('--n-workers', type=int, default=2)
    p.add_argument('--nbdev-bin', metavar='DIR')
    p.add_argument('--litdev-bin', metavar='DIR', help='folder of litdev_test (default: this checkout, installed)')
    p.add_argument('--base-bin', metavar='DIR', help='folder of another litdev_test to time beside it')
    args = p.parse_args(argv)
    env, removed = bench_env()
    found = find_nbdev(args.nbdev_bin, env) or sys.exit('nbdev not found: --nbdev-bin DIR')
    nbdev = str(Path(found[0]).with_name(Path(found[0]).name.replace('export', 'test')))
    base = Path(tempfile.mkdtemp(prefix='litdev-test-floor-'))
    try:
        bin_dir = Path(args.litdev_bin or install_litdev(base, env, lambda m: print(m, file=sys.stderr), deps=True))
        rounds = measure(args, bin_dir, nbdev, env, base)
    finally: shutil.rmtree(base, ignore_errors=True)
    report(args, rounds, bin_dir, found, removed)


def measure(args, bin_dir, nbdev, env, base)->dict:
    "`{tag: [seconds of each round]}` for the chain, the floor, litdev_test and nbdev_test"
    proj, py, workers = base / 'imports', str(bin_dir / 'python'), str(args.n_workers)
    make_import_bound(proj, args.notebooks, str(bin_dir / 'litdev_export'), env)
    nbproj = base / 'imports-nbdev'
    shutil.copytree(proj, nbproj, ignore=shutil.ignore_patterns('.litdev_cache'))
    (base / 'bare_runner.py').write_text(BARE_RUNNER)
    cmds = {'chain': ([py, '-c', CHAIN], proj),
            'floor': ([py, str(base / 'bare_runner.py'), workers], proj),
            'litdev_test': ([str(bin_dir / 'litdev_test'), '--no-cache', '--n_workers', workers], proj),
            'nbdev_test': ([nbdev, '--n-workers', workers], nbproj)}
    if args.base_bin:
        cmds['base'] = ([str(Path(args.base_bin) / 'litdev_test'), '--no-cache', '--n_workers', workers], proj)
    return interleaved(cmds, env, args.runs)


def report(args, rounds, bin_dir, found, removed):
    print(f'# litdev_test against its floor and nbdev_test: {args.notebooks} import-bound notebooks, '
          f'{args.n_workers} workers, {args.runs} rounds')
    print(f'# reproduce: python bench/test_floor.py {" ".join(sys.argv[1:])}')
    print(f'# litdev: {bin_dir}; nbdev {found[1]}; removed from the environment: {", ".join(removed) or "nothing"}')
    ref = rounds['nbdev_test']
    for tag, times in rounds.items():
        ratio = statistics.median(t / r for t, r in zip(times, ref))
        print(f'{tag:>12}  {statistics.median(times) * 1000:6.0f} ms  {ratio:5.2f} of nbdev_test'
              f'  (rounds: {", ".join(f"{t / r:.2f}" for t, r in zip(times, ref))})')


if __name__ == '__main__':
    main()
