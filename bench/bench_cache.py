#!/usr/bin/env python3
"""The cache's storage format: JSON (litdev.cache) against marshal (the export record's earlier form).

    python bench/bench_cache.py [--notebooks 100] [--cells 20] [--runs 20]

Generates a project (gen_project.py), exports it once with the installed litdev (so
`.litdev_cache/export_nbs.json` holds every notebook's export), then times in this process, median of
--runs, writing and reading that cache's entries as JSON (as `Cache.save` and `Cache` do) and as marshal,
and prints both sizes. In-process timings of the format alone: no subprocess is timed, so
PYTHONDONTWRITEBYTECODE does not matter here. Standard library only (plus the installed litdev).
"""
import argparse, json, marshal, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

def median_ms(f, runs:int)->float:
    "Median milliseconds of `runs` calls of `f`"
    times = []
    for _ in range(runs):
        start = time.perf_counter(); f(); times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--notebooks', type=int, default=100)
    p.add_argument('--cells', type=int, default=20)
    p.add_argument('--runs', type=int, default=20)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp())
    try:
        proj = work/'proj'
        gen = [sys.executable, str(Path(__file__).with_name('gen_project.py')), str(proj), '-n', str(args.notebooks), '-m', str(args.cells)]
        subprocess.run(gen, check=True, capture_output=True)
        subprocess.run([sys.executable, '-c', 'import sys; from litdev.cli import export_cli; sys.argv = ["litdev_export"]; export_cli()'],
                       cwd=proj, check=True, capture_output=True)
        data = json.loads((proj/'.litdev_cache'/'export_nbs.json').read_bytes())
        as_json, as_marshal = json.dumps(data, separators=(',', ':')).encode(), marshal.dumps(data)
        print(f'{args.notebooks}x{args.cells} project, every notebook\'s export, median of {args.runs}')
        print(f'  JSON    {len(as_json):>9,} bytes  write {median_ms(lambda: json.dumps(data, separators=(",", ":")), args.runs):6.2f} ms'
              f'  read {median_ms(lambda: json.loads(as_json), args.runs):6.2f} ms')
        print(f'  marshal {len(as_marshal):>9,} bytes  write {median_ms(lambda: marshal.dumps(data), args.runs):6.2f} ms'
              f'  read {median_ms(lambda: marshal.loads(as_marshal), args.runs):6.2f} ms')
    finally: shutil.rmtree(work)

if __name__ == '__main__': main()
