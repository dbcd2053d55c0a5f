#!/usr/bin/env python3
"""Benchmark `litdev docs` (the documentation site) against `jupyter nbconvert --to html`.

    python bench/bench_docs.py [--runs 3] [--sizes 22,100,500] [--projects DIR,...] [--nbconvert-bin DIR] [--no-nbconvert] [--no-self]

Projects: litdev's own notebooks (a copy of settings.ini, nbs/ and litdev/ in a temp folder, so the real docs/
and cache are not touched) and synthetic projects made by bench/gen_project.py (N notebooks x 20 cells),
exported once with `litdev export` (untimed) so their API blocks can import the modules; and, with --projects,
copies of existing projects (e.g. a checkout of nbdev or fastcore, their notebooks unchanged).

Timed, each a whole process (perf_counter around subprocess.run), median of --runs:
  full       `litdev docs` with the site folder and the docs build cache deleted before each run
  no-op      `litdev docs` again, nothing changed
  one nb     `litdev docs` after one notebook's modification time changed (its page is rendered again)
  1 core     full build with --n_workers 1, to show the gain of rendering on every core
  nbconvert  `jupyter nbconvert --to html` of the same notebooks into a temp folder (bare HTML, no execution;
             one run: it is slow), from a separate venv (default /tmp/nbconvenv/bin)

PYTHONDONTWRITEBYTECODE is removed from every timed process (for litdev and nbconvert alike) so .pyc files
are written and reused as on users' machines; each command runs once untimed first.
"""
import argparse, os, platform, shutil, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENV = {k: v for k, v in os.environ.items() if k not in ('PYTHONDONTWRITEBYTECODE', 'IN_TEST')}


def litdev_bin() -> str:
    "The `litdev` script next to this interpreter (a venv's), else next to the real interpreter (not a pyenv shim)"
    for exe in (Path(sys.executable).parent / 'litdev', Path(sys.executable).resolve().parent / 'litdev'):
        if exe.exists(): return str(exe)
    found = shutil.which('litdev')
    if not found: sys.exit('bench_docs: no `litdev` script; pip install -e . first')
    return str(Path(found).resolve())


def run(cmd, cwd) -> float:
    "Seconds `cmd` takes; exits with its output if it fails"
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    secs = time.perf_counter() - start
    if proc.returncode not in (0,):
        print(f'bench_docs: {" ".join(map(str, cmd))} failed ({proc.returncode}) in {cwd}:\n{proc.stdout[-2000:]}\n'
              f'{proc.stderr[-2000:]}', file=sys.stderr)
    return secs


def clean_site(proj: Path):
    for p in [proj / 'docs', proj / '_docs', *(proj / '.litdev_cache').glob('docs-*.json')]:
        if p.is_dir(): shutil.rmtree(p)
        elif p.exists(): p.unlink()


def median(f, runs: int) -> float:
    f()  # untimed warm-up
    return statistics.median(f() for _ in range(runs))


def time_project(proj: Path, runs: int, nbconvert: str) -> dict:
    lit = litdev_bin()
    nbs = sorted((proj / 'nbs').rglob('*.ipynb'))
    one = next(p for p in nbs if p.name[0].isdigit())
    res = {'notebooks': len(nbs)}

    def full(extra=()):
        clean_site(proj)
        return run([lit, 'docs', *extra], proj)
    res['full'] = median(full, runs)
    res['1 core'] = median(lambda: full(['--n_workers', '1']), runs)
    run([lit, 'docs'], proj)
    res['no-op'] = median(lambda: run([lit, 'docs'], proj), runs)

    def touched():
        st = one.stat()
        os.utime(one, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        return run([lit, 'docs'], proj)
    res['one nb'] = median(touched, runs)
    if nbconvert:
        out = Path(tempfile.mkdtemp(prefix='nbconv-'))
        cmd = [nbconvert, '--to', 'html', '--output-dir', str(out), *map(str, nbs)]
        res['nbconvert'] = run(cmd, proj)
        shutil.rmtree(out)
    return res


def self_project(work: Path) -> Path:
    "A copy of litdev's own project (settings.ini, nbs/, litdev/)"
    proj = work / 'litdev-self'
    proj.mkdir()
    shutil.copy(REPO / 'settings.ini', proj)
    for folder in ('nbs', 'litdev'):
        shutil.copytree(REPO / folder, proj / folder, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
    return proj


def copied_project(work: Path, src: Path) -> Path:
    "A copy of an existing project (an nbdev checkout, say), without its built site, caches and git folder"
    proj = work / f'copy-{src.name}'
    shutil.copytree(src, proj, ignore=shutil.ignore_patterns('.git', '_docs', 'docs', '_proc', '.litdev_cache', '__pycache__'))
    return proj


def synthetic_project(work: Path, n: int) -> Path:
    proj = work / f'syn{n}'
    subprocess.run([sys.executable, str(HERE / 'gen_project.py'), str(proj), '--notebooks', str(n), '--cells', '20',
                    '--style', 'ini'], check=True, capture_output=True)
    subprocess.run([litdev_bin(), 'export'], cwd=proj, env=ENV, check=True, capture_output=True)
    return proj


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--sizes', default='22,100,500', help='synthetic project sizes (notebooks), comma-separated')
    ap.add_argument('--projects', default='', help='existing projects to time (copied first), comma-separated folders')
    ap.add_argument('--nbconvert-bin', default='/tmp/nbconvenv/bin', help='folder holding jupyter-nbconvert')
    ap.add_argument('--no-nbconvert', action='store_true')
    ap.add_argument('--no-self', action='store_true', help='skip litdev\'s own site')
    args = ap.parse_args()
    nbconvert = '' if args.no_nbconvert else str(Path(args.nbconvert_bin) / 'jupyter-nbconvert')
    if nbconvert and not Path(nbconvert).exists():
        print(f'bench_docs: no {nbconvert}; nbconvert column skipped (python -m venv /tmp/nbconvenv && '
              '/tmp/nbconvenv/bin/pip install nbconvert)', file=sys.stderr)
        nbconvert = ''
    work = Path(tempfile.mkdtemp(prefix='bench-docs-'))
    projects = ([('litdev', self_project(work))] if not args.no_self else [])
    projects += [(f'synthetic {n}x20', synthetic_project(work, int(n))) for n in args.sizes.split(',') if n]
    projects += [(Path(p).name, copied_project(work, Path(p).resolve())) for p in args.projects.split(',') if p]
    print('# litdev docs benchmark')
    print(f'command:  python bench/bench_docs.py {" ".join(sys.argv[1:])}'.rstrip())
    print(f'date:     {datetime.now(timezone.utc).isoformat(timespec="seconds")}')
    print(f'python:   {platform.python_version()} on {platform.platform()}; nproc: {os.cpu_count()}')
    print(f'litdev:   {litdev_bin()} docs; nbconvert: {nbconvert or "not run"}')
    print(f'timing:   median of {args.runs} runs after 1 warm-up (nbconvert: 1 run), whole process; '
          'PYTHONDONTWRITEBYTECODE removed from the environment')
    print()
    cols = ['full', '1 core', 'no-op', 'one nb', 'nbconvert']
    print(f'{"project":<18} {"notebooks":>9} ' + ' '.join(f'{c:>10}' for c in cols) + f' {"nbconvert/full":>14}')
    rows = []
    for name, proj in projects:
        print(f'timing {name} ...', file=sys.stderr, flush=True)
        r = time_project(proj, args.runs, nbconvert)
        rows.append((name, r))
        cells = ' '.join(f'{r[c]:>9.2f}s' if c in r else f'{"-":>10}' for c in cols)
        ratio = f'{r["nbconvert"] / r["full"]:>13.1f}x' if 'nbconvert' in r else f'{"-":>14}'
        print(f'{name:<18} {r["notebooks"]:>9} {cells} {ratio}', flush=True)
    print('\n## Targets')
    for name, r in rows:
        if 'nbconvert' in r:
            ok = r['full'] * 5 <= r['nbconvert']
            print(f'{"PASS" if ok else "FAIL"}  {name}: full site ({r["full"]:.2f}s) in at most 1/5 of nbconvert\'s time '
                  f'({r["nbconvert"]:.2f}s / 5 = {r["nbconvert"] / 5:.2f}s)')
        if name.startswith(('synthetic 22x', 'synthetic 100x')):
            print(f'{"PASS" if r["one nb"] < 1 else "FAIL"}  {name}: one-notebook rebuild under 1 s ({r["one nb"]:.2f}s)')
    shutil.rmtree(work)


if __name__ == '__main__':
    main()
