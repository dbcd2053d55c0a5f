#!/usr/bin/env python3
"""`litdev_test` on a real project (issue 12): the whole run against its slowest notebook, and against nbdev_test.

    python bench/bench_project.py --project /tmp/rp/fastcore --bin /tmp/pv-fastcore/bin --slow nbs/03a_parallel.ipynb
                                  [--skip nbs/00_test.ipynb,nbs/03b_net.ipynb] [--runs 3] [--n-workers N]

`--bin` is a venv where the project, litdev and nbdev are installed (`litdev_test`, `nbdev-test`). The project is
copied to a temporary folder (its checkout is left alone), the `--skip` notebooks marked `skip_exec: true` (those
that cannot pass on this machine: a library not installed, no network), and with the project as cwd it times:

  * slow alone     - `litdev_test --no-cache <slow>`: the critical path, the floor of a whole run
  * first run      - `litdev_test --no-cache` with no notebook times known (its cache folder removed first)
  * cold           - `litdev_test --no-cache` once the notebooks' times are known (the slowest starts first)
  * second run     - `litdev_test` with nothing changed since the last run
  * nbdev_test     - `nbdev-test` (nbdev 3), if `--bin` has it
  * floor          - each notebook's own time in one one-worker run (from its JUnit report): with N workers no
                     run is shorter than max(the slowest, the sum / N), plus start-up and imports
  * CPU floor      - the CPU time (user + system) a cold run used, litdev_test and all it started,
                     over the cores: no run here is shorter, however the notebooks are scheduled;
                     beside it, the CPU the notebooks of 1 s or more used by their kept busy shares
                     (time x share, in the one-worker run)

Each is the median of --runs runs after one untimed warm-up (the first run: the median of --runs runs, each after
the cache folder is removed). Slow alone, cold and nbdev_test take turns, run after run, so that load from other work
falls on them alike; `same round` is the median of each run's time over the slow notebook's in the same round, what the
target checks. PYTHONDONTWRITEBYTECODE is removed from the timed processes' environment (users'
machines keep bytecode). Targets: cold within 10% of slow alone; second run under 0.5 s. Without --n-workers litdev_test
runs with its default (the cores, and one more beside notebooks that wait) and nbdev_test with the cores. Standard library only.
"""
import argparse, json, os, shlex, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_export  # noqa: E402
from bench_export import BenchError, bench_env, interleaved, print_table, timed  # noqa: E402

RETRIED, INTERLEAVED = [], ('slow alone', 'cold', 'nbdev_test')
CPU = {}  # command -> CPU seconds (user + system) of each successful run of it, with all it started


def children_cpu():
    "CPU seconds used so far by the processes this one has waited for"
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(cmd, cwd, env, attempts=3):
    "Seconds `cmd` took in `cwd`; run again when it fails (timing-sensitive notebooks on a loaded machine), up to `attempts`"
    for i in range(attempts):
        t0, cpu0 = time.perf_counter(), children_cpu()
        r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
        took = time.perf_counter() - t0
        if not r.returncode:
            CPU.setdefault(tuple(cmd), []).append(children_cpu() - cpu0)
            return took
        said = (r.stdout + r.stderr).decode(errors='replace').splitlines()
        failed = [line for line in said if line.startswith('FAILED')] or said[-3:]
        if i == attempts - 1: raise BenchError(f'`{shlex.join(cmd)}` in {cwd} exited {r.returncode}:\n' + '\n'.join(failed))
        RETRIED.append(f'{shlex.join(cmd[-2:])}: ' + '; '.join(failed))


bench_export.run_once = run_once  # `timed` uses it too


def copy_project(src, skip):
    "A copy of the project at `src` in a temporary folder, the notebooks `skip` (relative paths) marked `skip_exec`"
    dest = Path(tempfile.mkdtemp(prefix='litdev-bench-')) / Path(src).name
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns('.litdev_cache', '.git'))
    for rel in skip:  # front matter in a first raw cell, which both nbdev_test and litdev_test read
        nb = json.loads((dest / rel).read_text(encoding='utf-8'))
        nb['cells'].insert(0, {'cell_type': 'raw', 'id': 'benchskip', 'metadata': {},
                               'source': ['---\n', 'skip_exec: true\n', '---']})
        (dest / rel).write_text(json.dumps(nb, indent=1), encoding='utf-8')
    return dest


def first_runs(cmd, proj, env, runs):
    "Median of `runs` runs of `cmd`, each with no notebook times known (litdev's cache folder removed)"
    def forget(): shutil.rmtree(proj / '.litdev_cache', ignore_errors=True)
    times = []
    for _ in range(runs):
        forget()
        times.append(run_once(cmd, proj, env))
    return statistics.median(times)


def measure(args):
    "`{label: [seconds of each run]}` for each timed command"
    env, removed = bench_env()
    proj, bin_dir = copy_project(args.project, args.skip), Path(args.bin)
    test = [str(bin_dir / 'litdev_test'), *([] if args.default else ['--n-workers', str(args.n_workers)])]
    found = {'first run': [first_runs([*test, '--no-cache'], proj, env, args.runs)]}
    cmds = {'slow alone': ([*test, '--no-cache', args.slow], proj), 'cold': ([*test, '--no-cache'], proj)}
    nbdev = bin_dir / 'nbdev-test'
    if nbdev.exists():  # fastcore's newer script parser spells it --n-workers
        said = subprocess.run([str(nbdev), '--help'], capture_output=True, text=True).stdout
        flag = '--n-workers' if '--n-workers' in said else '--n_workers'
        cmds['nbdev_test'] = ([str(nbdev), flag, str(args.n_workers)], proj)
    CPU.clear()  # the first runs ran the cold command: only cold runs (and a warm-up) from here
    found.update(interleaved(cmds, env, args.runs))  # in turns: load from other work falls on each alike
    found['cold CPU'] = CPU[tuple(cmds['cold'][0])]
    found['second run'] = [timed(test, proj, env, args.runs)]
    found['own times'] = own_times(bin_dir, proj, env)
    found['kept CPU'] = kept_cpu(proj)  # from the one-worker run just made
    shutil.rmtree(proj.parent)
    return found, removed


def own_times(bin_dir, proj, env):
    "Each notebook's own run time (seconds, from the JUnit report) in a one-worker `litdev_test --no-cache`"
    from xml.etree import ElementTree
    junit = proj.parent / 'one-worker.xml'
    run_once([str(bin_dir / 'litdev_test'), '--no-cache', '--n-workers', '1', '--junitxml', str(junit)], proj, env)
    return [float(c.get('time', 0)) for c in ElementTree.parse(junit).getroot().iter('testcase') if c.find('skipped') is None]


def kept_cpu(proj):
    "CPU seconds of the notebooks whose busy share was kept (time x share), and seconds of the rest"
    kept = json.loads((proj / '.litdev_cache' / 'test.json').read_text())['kept']
    times, busy = kept.get('times', {}), kept.get('busy', {})
    known = sum(t * busy[nb] for nb, t in times.items() if nb in busy)
    return known, sum(t for nb, t in times.items() if nb not in busy)


def report(args, found, removed):
    "The table and the targets, PASS or FAIL"
    print(f'project: {args.project} (skipping {", ".join(args.skip) or "nothing"}), slowest: {args.slow}, '
          f'{args.n_workers} workers{" (litdev_test its default: one more beside notebooks that wait)" if args.default else ""}, median of {args.runs}; removed from the environment: {sorted(removed)}')
    own, slow = found.pop('own times'), found['slow alone']
    cold_cpu, kept_cpu = found.pop('cold CPU'), found.pop('kept CPU')
    med = {k: statistics.median(v) for k, v in found.items()}
    per_round = lambda k: statistics.median([a / b for a, b in zip(found[k], slow)]) if k in INTERLEAVED else None
    rows = [[k, f'{v:.2f}', f'{v / med["slow alone"]:.2f}x', f'{per_round(k):.2f}x' if per_round(k) else '-']
            for k, v in med.items()]
    print_table(['run', 'seconds', 'vs slow alone', 'same round'], rows)
    checks = [('cold within 10% of the slowest notebook alone', per_round('cold') <= 1.1),
              ('second run with nothing changed under 0.5 s', med['second run'] < 0.5)]
    for label, ok in checks: print(f'{"PASS" if ok else "FAIL"}  {label}')
    floor = max(max(own), sum(own) / args.n_workers)
    print(f'floor: the notebooks\' own times, one worker: slowest {max(own):.2f} s, all {sum(own):.2f} s; with '
          f'{args.n_workers} workers no run is shorter than max(slowest, all / {args.n_workers}) = {floor:.2f} s '
          f'plus start-up and imports ({floor / med["slow alone"]:.2f}x slow alone, before those)')
    cores = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    cpu, (nb_cpu, short) = statistics.median(cold_cpu), kept_cpu
    print(f'CPU floor: a cold run used {cpu:.2f} s of CPU (median, user + system of litdev_test '
          f'and all it started); on {cores} cores no run is shorter than {cpu:.2f} / {cores} = '
          f'{cpu / cores:.2f} s ({cpu / cores / med["slow alone"]:.2f}x slow alone); notebooks of '
          f'1 s or more kept busy shares worth {nb_cpu:.2f} s of CPU (time x share, one worker), '
          f'the shorter ones took {short:.2f} s in all')
    for failed in RETRIED: print(f'retried after a failed run: {failed}')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--project', required=True, help='the project checkout (left unchanged)')
    p.add_argument('--bin', required=True, help='bin folder of a venv with the project, litdev and nbdev')
    p.add_argument('--slow', required=True, help="the slowest notebook, relative to the project")
    p.add_argument('--skip', default='', help='comma-separated notebooks not to run (marked skip_exec in the copy)')
    p.add_argument('--runs', type=int, default=3)
    p.add_argument('--n-workers', type=int, default=None, help="workers for both (default: litdev_test's own default, "
                   'the cores and one more beside notebooks that wait; nbdev_test the cores)')
    args = p.parse_args(argv)
    args.default = args.n_workers is None
    if args.default: args.n_workers = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    args.skip = [d for d in args.skip.split(',') if d]
    report(args, *measure(args))


if __name__ == '__main__':
    main()
