#!/usr/bin/env python3
"""Timings of the notebook merge driver `litdev merge BASE OURS THEIRS PATH` (what git runs).

    python bench/bench_merge.py [--runs 5] [--cells 100,1000,5000]

For a generated notebook of N code cells, each with a stream output, it makes `ours` (every 10th cell edited and
re-run) and `theirs` (every 10th cell, offset by 5, edited; a cell inserted every 50; all execution counts
changed), then times, as the median of --runs runs:

  * process  - the whole `litdev merge` process, as git runs it (startup included)
  * merge    - `litdev.merge.merge_nbs` alone, in this process

and checks the merge is clean. Standard library and litdev only.
"""
import argparse, shutil, statistics, subprocess, tempfile, time
from pathlib import Path
from litdev.merge import merge_nbs
from litdev.nb import nb_json, new_cell, new_nb

def code(i, src, count=None):
    c = new_cell(src, 'code', f'c{i}')
    c.update(execution_count=count, outputs=[{'name': 'stdout', 'output_type': 'stream', 'text': [f'{src}\n']}])
    return c

def versions(n):
    "base, ours and theirs notebook dicts of `n` code cells"
    base = [code(i, f'x{i} = {i}\nprint(x{i})') for i in range(n)]
    ours = [code(i, f'x{i} = {i} * 2\nprint(x{i})', i) if i % 10 == 0 else c for i, c in enumerate(base)]
    theirs = []
    for i, c in enumerate(base):
        theirs.append(code(i, f'x{i} = -{i}\nprint(x{i})', i + 1) if i % 10 == 5 else {**c, 'execution_count': i + 1})
        if i % 50 == 49: theirs.append(code(f'new{i}', f'y{i} = {i}'))
    return [new_nb(cells).d for cells in (base, ours, theirs)]

def median_time(f, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--runs', type=int, default=5)
    p.add_argument('--cells', default='100,1000,5000')
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp())
    print(f"{'cells':>6} {'file KB':>8} {'process s':>10} {'merge s':>8}")
    try:
        for n in map(int, args.cells.split(',')):
            base, ours, theirs = versions(n)
            files = {name: tmp/name for name in ('base', 'ours', 'theirs')}
            for (name, path), d in zip(files.items(), (base, ours, theirs)): path.write_text(nb_json(d))
            def run_process():
                shutil.copy(files['ours'], tmp/'merged')
                r = subprocess.run(['litdev', 'merge', files['base'], tmp/'merged', files['theirs'], 'nb.ipynb'],
                                   capture_output=True, text=True)
                assert r.returncode == 0, r.stderr
            res = merge_nbs(base, ours, theirs)
            assert res.conflicts == 0 and len(res.nb['cells']) == n + n // 50
            t_proc = median_time(run_process, args.runs)
            t_merge = median_time(lambda: merge_nbs(base, ours, theirs), args.runs)
            kb = files['base'].stat().st_size / 1024
            print(f'{n:>6} {kb:>8.0f} {t_proc:>10.3f} {t_merge:>8.3f}')
    finally: shutil.rmtree(tmp)

if __name__ == '__main__': main()
