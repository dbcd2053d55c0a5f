#!/usr/bin/env python3
"""Whole-process benchmark of `litdev_test`, compared with nbdev's test runner.

    python bench/bench_test.py [--runs 3] [--sizes 20,100] [--cells 20] [--heavy 10] [--n-workers N]
                               [--pkg-import 20 --import-delay 0.3] [--nbdev-bin DIR | --no-nbdev] [--own]

For each synthetic project (gen_project.py, toml style so nbdev 3 can run it too, plus --heavy notebooks that
import a moderately heavy library: numpy when installed, else the `email` and `asyncio` packages, plus
--pkg-import notebooks that start with `from synlib.mod0 import *` of the project's own package, whose import
is made to take --import-delay seconds) it times,
as separate processes with the project as cwd, the median of --runs runs of:

  * litdev cold  - `litdev_test --no-cache`
  * litdev warm  - `litdev_test` with every notebook remembered as passed (nothing changed)
  * nbdev cold   - `nbdev_test` (nbdev 3's `nbdev-test`), if found
  * overhead     - per notebook, with one worker: (wall time - the notebooks' own run time) / notebooks,
                   the notebooks' own time read from litdev's JUnit report
  * memory       - the largest max RSS of a worker process (from the JUnit report), in MB
  * CPU/nb       - CPU seconds (user + system, the runner and all its workers) of a cold one-worker run, per
                   notebook: unlike wall time, hardly changed by other work on a busy machine

With --own it also times litdev's own notebooks (cold and warm) from the repository root.

With --targets it also checks issue 12's speed targets on two more synthetic projects (toml style):

  * import-bound: --import-bound notebooks (default 24), each starting `from synlib.x import *` of a module
    that takes 0.3 s to import (a time.sleep in it), little compute: `litdev_test --no-cache` against
    `nbdev_test`, the two taking turns run after run (target: the median of the rounds' litdev/nbdev ratios at
    most 0.5), the CPU seconds of each, the per-notebook overhead of a one-worker run (target: under 50 ms),
    then a second `litdev_test` with nothing changed (target: under 0.5 s)
  * slow-bound: one notebook sleeping --slow seconds (default 4) and 12 notebooks of 0.25 s: the whole
    `litdev_test --no-cache` against that one notebook run alone (target: within 10%), both with the
    times of a previous run known (the run starts the slowest first) and with none known

--sizes '' skips the classic projects.
litdev is this checkout installed by the script into a fresh venv, with its dependencies and not editable, as
users install it (an editable install adds an import hook to every process), unless --litdev-bin DIR names the
folder of the litdev_test to time.
PYTHONDONTWRITEBYTECODE is removed from the environment of every timed process (users' machines keep
bytecode), and every command gets one untimed warm-up run first. Standard library only.
"""
import argparse, datetime, os, platform, shutil, statistics, subprocess, sys, tempfile
from pathlib import Path
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_project  # noqa: E402
from bench_export import bench_env, find_nbdev, fmt_ms, install_litdev, interleaved, print_table, run_once, timed  # noqa: E402

HEAVY = 'import numpy as np\nassert np.arange(3).sum() == 3'
LIGHT = 'import email.mime.text, asyncio\nassert email.mime.text.MIMEText("x").get_payload() == "x"'


def add_heavy(proj, k):
    "Add `k` notebooks that import a moderately heavy library"
    import json
    code = HEAVY if shutil.which('python') and _has_numpy() else LIGHT
    for i in range(k):
        nb = {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': f'h{i:07d}', 'metadata': {},
                         'outputs': [], 'source': code.splitlines(True)}],
              'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}},
              'nbformat': 4, 'nbformat_minor': 5}
        (Path(proj) / 'nbs' / f'900_heavy{i}.ipynb').write_text(json.dumps(nb, indent=1, sort_keys=True) + '\n')
    return 'numpy' if code == HEAVY else 'email+asyncio'


def add_pkg_import(proj, k, delay):
    "Add `k` notebooks that import the project's own package, and make importing it take `delay` seconds"
    import json
    init = Path(proj) / 'synlib' / '__init__.py'
    init.write_text(init.read_text() + f'\nimport time\ntime.sleep({delay})  # a slow package import\n')
    for i in range(k):
        nb = {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': f'p{i:07d}', 'metadata': {}, 'outputs': [],
                         'source': ['from synlib.mod0 import *\n', 'assert callable(f0_0)']}],
              'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}},
              'nbformat': 4, 'nbformat_minor': 5}
        (Path(proj) / 'nbs' / f'950_pkg{i}.ipynb').write_text(json.dumps(nb, indent=1, sort_keys=True) + '\n')


def _has_numpy():
    return subprocess.run([sys.executable, '-c', 'import numpy'], capture_output=True).returncode == 0


def cpu_per_notebook(cmd, cwd, env, runs, n):
    "Median over `runs` runs of `cmd` of the CPU seconds it and every process it started used, per notebook"
    import resource
    per = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run_once(cmd, cwd, env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        per.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / n)
    return statistics.median(per)


def junit_figures(path):
    "(sum of notebook times, largest worker max RSS in MB) from a litdev JUnit report"
    root = ElementTree.parse(path).getroot()
    total = sum(float(c.get('time', 0)) for c in root.iter('testcase'))
    rss = [int(p.get('value')) for p in root.iter('property') if p.get('name') == 'max_rss_kb']
    return total, (max(rss) / 1024 if rss else None)


def cores():
    try: return len(os.sched_getaffinity(0))
    except AttributeError: return os.cpu_count() or 1


def litdev_workers(args):
    "litdev_test's arguments for --n-workers: none for its default (the cores, one more beside notebooks that wait)"
    return [] if args.n_workers is None else ['--n_workers', str(args.n_workers)]


def nbdev_workers(args)->str:
    "nbdev_test's --n_workers: the cores by default"
    return str(args.n_workers or cores())


def workers_said(args)->str:
    if args.n_workers: return f'{args.n_workers} workers'
    return f'{cores()} workers (litdev_test its default: {cores()}, one more beside notebooks that wait)'


def bench_project(n, args, litdev, nbdev, env, workdir):
    proj = workdir / f'p{n}'
    gen_project.main([str(proj), '--notebooks', str(n), '--cells', str(args.cells), '--style', 'toml'])
    heavy = add_heavy(proj, args.heavy)
    run_once([litdev['export']], proj, env)
    if args.pkg_import: add_pkg_import(proj, args.pkg_import, args.import_delay)
    test = [litdev['test'], *litdev_workers(args)]
    cold = timed(test + ['--no-cache'], proj, env, args.runs)
    run_once(test, proj, env)
    warm = timed(test, proj, env, args.runs)
    junit = workdir / f'p{n}.xml'
    one = timed([litdev['test'], '--no-cache', '--n_workers', '1', '--junitxml', str(junit)], proj, env, args.runs)
    own_time, rss = junit_figures(junit)
    total = n + args.heavy + args.pkg_import
    overhead = (one - own_time) / total
    cpu = cpu_per_notebook([litdev['test'], '--no-cache', '--n_workers', '1'], proj, env, args.runs, total)
    nb_cold = None
    if nbdev:
        nbproj = workdir / f'p{n}-nbdev'
        shutil.copytree(proj, nbproj, ignore=shutil.ignore_patterns('.litdev_cache'))
        nb_cold = timed([nbdev, '--n-workers' if 'nbdev-' in nbdev else '--n_workers', nbdev_workers(args)], nbproj, env, args.runs)
    return dict(n=total, heavy=heavy, cold=cold, warm=warm, overhead=overhead, rss=rss, nbdev=nb_cold, cpu=cpu)


def _skeleton(proj):
    "A toml-style project `proj` (package synlib) with an empty nbs/ folder"
    gen_project.main([str(proj), '--notebooks', '1', '--cells', '2', '--style', 'toml'])
    shutil.rmtree(proj / 'nbs')
    (proj / 'nbs').mkdir()


def write_nb(path, *sources):
    "A notebook of code cells `sources`, as Jupyter writes it"
    import json
    cells = [{'cell_type': 'code', 'execution_count': None, 'id': f'c{i:07d}', 'metadata': {}, 'outputs': [],
              'source': src.splitlines(True)} for i, src in enumerate(sources)]
    nb = {'cells': cells, 'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}},
          'nbformat': 4, 'nbformat_minor': 5}
    Path(path).write_text(json.dumps(nb, indent=1, sort_keys=True) + '\n')


def make_import_bound(proj, n, litdev_export, env):
    "Issue 12's import-bound project in `proj`: `n` notebooks, all but the first `from synlib.x import *` (0.3 s)"
    _skeleton(proj)
    write_nb(proj / 'nbs' / '00_x.ipynb', '#| default_exp x',
             '#| export\nimport time\ntime.sleep(0.3)  # a package that takes 0.3 s to import\n\ndef f(i): return i + 1',
             'assert f(1) == 2')
    for i in range(1, n):
        write_nb(proj / 'nbs' / f'{i:02d}_uses.ipynb', 'from synlib.x import *', f'assert sum(f(j) for j in range({i * 100})) > 0')
    run_once([litdev_export], proj, env)


def import_bound(args, litdev, nbdev, env, workdir):
    "(litdev cold, litdev with nothing changed, nbdev cold) on a project whose cost is importing its package"
    proj = workdir / 'imports'
    make_import_bound(proj, args.import_bound, litdev['export'], env)
    test = [litdev['test'], *litdev_workers(args)]
    cmds = {'litdev': (test + ['--no-cache'], proj)}
    if nbdev:
        nbproj = workdir / 'imports-nbdev'
        shutil.copytree(proj, nbproj, ignore=shutil.ignore_patterns('.litdev_cache'))
        cmds['nbdev'] = ([nbdev, '--n-workers' if 'nbdev-' in nbdev else '--n_workers', nbdev_workers(args)], nbproj)
    cold = interleaved(cmds, env, args.runs)
    cpu = {tag: cpu_per_notebook(cmd, cwd, env, args.runs, 1) for tag, (cmd, cwd) in cmds.items()}
    junit = workdir / 'imports.xml'
    one = timed([litdev['test'], '--no-cache', '--n_workers', '1', '--junitxml', str(junit)], proj, env, args.runs)
    overhead = (one - junit_figures(junit)[0]) / args.import_bound
    run_once(test, proj, env)
    warm = timed(test, proj, env, args.runs)
    return cold, warm, cpu, overhead


def slow_bound(args, litdev, env, workdir):
    "(the slow notebook alone, the whole run with times known, the whole run with none known)"
    proj = workdir / 'slow'
    _skeleton(proj)
    write_nb(proj / 'nbs' / '00_quick.ipynb', 'import time\ntime.sleep(0.25)')  # the first by name
    write_nb(proj / 'nbs' / '50_slow.ipynb', f'import time\ntime.sleep({args.slow})')
    for i in range(1, 12): write_nb(proj / 'nbs' / f'{i:02d}_quick.ipynb', 'import time\ntime.sleep(0.25)')
    run_once([litdev['export']], proj, env)
    test = [litdev['test'], '--no-cache', *litdev_workers(args)]
    alone = timed(test + ['nbs/50_slow.ipynb'], proj, env, args.runs)
    known = timed(test, proj, env, args.runs)
    times = proj / '.litdev_cache' / 'test.json'  # the test cache, whose kept times order the run
    unknown = timed(test, proj, env, args.runs, before=lambda: times.unlink(missing_ok=True))
    return alone, known, unknown


def targets(args, litdev, nbdev, env, workdir):
    "Issue 12's speed targets"
    ok = lambda c: 'PASS' if c else 'FAIL'
    cold, warm, cpu, overhead = import_bound(args, litdev, nbdev, env, workdir)
    med = {tag: statistics.median(ts) for tag, ts in cold.items()}
    print(f'import-bound project, {args.import_bound} notebooks importing a 0.3 s module, {workers_said(args)}, '
          f'litdev and nbdev taking turns:')
    print(f"  litdev cold {fmt_ms(med['litdev'])}, nbdev cold {fmt_ms(med.get('nbdev'))}, "
          f"litdev with nothing changed {fmt_ms(warm)}")
    if 'nbdev' in cold:
        ratios = sorted(a / b for a, b in zip(cold['litdev'], cold['nbdev']))
        ratio = statistics.median(ratios)
        print(f"  each round's litdev/nbdev: {', '.join(f'{r:.2f}' for r in ratios)}")
        print(f'  target litdev cold <= half of nbdev: {ok(ratio <= 0.5)} (median of the rounds: {ratio:.2f} of it)')
    print(f'  CPU seconds of a cold run (the runner and all its processes): '
          + ', '.join(f'{tag} {fmt_ms(c)}' for tag, c in cpu.items()))
    print(f'  target overhead < 50 ms/notebook (one worker: wall time less the notebooks\' own): '
          f'{ok(overhead < 0.05)} ({overhead * 1000:.0f} ms)')
    print(f'  target nothing changed < 0.5 s: {ok(warm < 0.5)} ({warm:.2f} s)')
    alone, known, unknown = slow_bound(args, litdev, env, workdir)
    print(f'slow-bound project, one {args.slow:g} s notebook and 12 of 0.25 s, {workers_said(args)}:')
    print(f'  the slow notebook alone {fmt_ms(alone)}; whole run {fmt_ms(known)} (times known), {fmt_ms(unknown)} (none known)')
    print(f'  target whole run within 10% of the slow notebook: {ok(known <= 1.1 * alone)} ({known / alone:.2f}x)')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--runs', type=int, default=3)
    p.add_argument('--sizes', default='20,100')
    p.add_argument('--cells', type=int, default=20)
    p.add_argument('--heavy', type=int, default=10)
    p.add_argument('--n-workers', type=int, default=None, help="workers for both (default: litdev_test's own default, "
                   'the cores and one more beside notebooks that wait; nbdev_test the cores)')
    p.add_argument('--pkg-import', type=int, default=0, help="notebooks importing the project's own package")
    p.add_argument('--import-delay', type=float, default=0.3, help='seconds importing the package takes')
    p.add_argument('--nbdev-bin')
    p.add_argument('--litdev-bin', metavar='DIR', help='folder of litdev_test and litdev_export (default: this checkout '
                                                       'installed into a fresh venv, not editable, as users install it)')
    p.add_argument('--no-nbdev', action='store_true')
    p.add_argument('--own', action='store_true', help="also time litdev's own notebooks")
    p.add_argument('--targets', action='store_true', help="also check issue 12's import-bound and slow-bound targets")
    p.add_argument('--import-bound', type=int, default=24, help='notebooks of the import-bound project')
    p.add_argument('--slow', type=float, default=4.0, help='seconds of the slow-bound project\'s slow notebook')
    args = p.parse_args(argv)
    env, removed = bench_env()
    venv_base = Path(tempfile.mkdtemp(prefix='litdev-bench-'))
    def log(msg): print(msg, file=sys.stderr, flush=True)
    try: _run(args, env, removed, venv_base, log, argv)
    finally: shutil.rmtree(venv_base, ignore_errors=True)


def _run(args, env, removed, venv_base, log, argv):
    "Install litdev unless given, then time what `args` ask for"
    bin_dir = Path(args.litdev_bin or install_litdev(venv_base, env, log, deps=True))
    litdev = {k: str(bin_dir / f'litdev_{k}') for k in ('export', 'test')}
    found = None if args.no_nbdev else find_nbdev(args.nbdev_bin, env)
    nbdev = str(Path(found[0]).with_name(Path(found[0]).name.replace('export', 'test'))) if found else None
    print(f'# litdev_test benchmark, {datetime.date.today()}, Python {platform.python_version()}, {os.cpu_count()} cores')
    print(f'# removed from the timed processes\' environment: {", ".join(removed) or "nothing"}')
    print(f'# nbdev: {found[1] + " " + nbdev if found else "not found"}')
    print(f'# litdev: {litdev["test"]}' + ('' if args.litdev_bin else ' (this checkout, installed by the script, not editable)'))
    print(f'# reproduce: python bench/bench_test.py {" ".join(argv if argv is not None else sys.argv[1:])}')
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.targets: targets(args, litdev, nbdev, env, Path(tmp))
        for n in [int(x) for x in args.sizes.split(',') if x]:
            r = bench_project(n, args, litdev, nbdev, env, Path(tmp))
            ratio = f"{r['nbdev'] / r['cold']:.1f}x" if r['nbdev'] else '-'
            pkg = f', {args.pkg_import} import synlib' if args.pkg_import else ''
            rows.append([f"{r['n']} ({args.heavy} import {r['heavy']}{pkg})", fmt_ms(r['cold']), fmt_ms(r['warm']),
                         fmt_ms(r['overhead']), fmt_ms(r['cpu']), f"{r['rss']:.0f} MB" if r['rss'] else '-',
                         fmt_ms(r['nbdev']), ratio])
            _targets(r)
    if rows: print_table(['notebooks', 'litdev cold', 'litdev warm', 'overhead/nb', 'CPU/nb', 'worker RSS', 'nbdev cold',
                          'nbdev/litdev'], rows)
    if args.own: _own(litdev, env, args)


def _targets(r):
    ok = lambda c: 'PASS' if c else 'FAIL'
    if r['nbdev']: print(f"  target cold >= 2x faster than nbdev: {ok(r['nbdev'] / r['cold'] >= 2)} ({r['nbdev'] / r['cold']:.1f}x)")
    print(f"  target overhead < 50 ms/notebook: {ok(r['overhead'] < 0.05)} ({r['overhead'] * 1000:.0f} ms)")
    if r['n'] >= 100: print(f"  target warm < 0.5 s for {r['n']} notebooks: {ok(r['warm'] < 0.5)} ({r['warm']:.2f} s)")


def _own(litdev, env, args):
    root = Path(__file__).resolve().parents[1]
    cold = timed([litdev['test'], '--no-cache'], root, env, args.runs)
    run_once([litdev['test']], root, env)
    warm = timed([litdev['test']], root, env, args.runs)
    print(f"litdev's own notebooks: cold {fmt_ms(cold)}, warm {fmt_ms(warm)}")


if __name__ == '__main__': main()
