#!/usr/bin/env python3
"""Per-notebook overhead of kernel mode (`litdev.kernel.run_nb_kernel`) against in-process `litdev.run.run_nb`.

    python bench/bench_kernel.py [--runs 5] [--kernel python3]

A trivial notebook (one cell, `x = 1`) is run --runs times each way, after one untimed warm-up run of each,
all in this one process (as a litdev_test worker would). Reported, each the median:

  * run_nb          - in-process run of the notebook
  * run_nb_kernel   - the same notebook in a new kernel (start, wait until ready, run, shut down)
  * overhead        - run_nb_kernel - run_nb: what kernel mode adds per notebook
  * start / stop    - `litdev.kernel.kernel()` alone: entering (start + ready) and leaving (kill + cleanup)
"""

import argparse, datetime, os, platform, shutil, statistics, sys, tempfile, time
from pathlib import Path


def median_ms(fn, runs):
    fn()  # warm-up, untimed
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def start_stop_ms(name, folder, runs):
    from litdev.kernel import kernel
    starts, stops = [], []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        cm = kernel(name, folder)
        cm.__enter__()
        t1 = time.perf_counter()
        cm.__exit__(None, None, None)
        t2 = time.perf_counter()
        if i: starts.append((t1 - t0) * 1000); stops.append((t2 - t1) * 1000)
    return statistics.median(starts), statistics.median(stops)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--runs', type=int, default=5)
    p.add_argument('--kernel', default='python3')
    args = p.parse_args()
    from litdev.nb import new_nb, write_nb
    from litdev.run import run_nb
    from litdev.kernel import TRANSPORT, run_nb_kernel
    folder = Path(tempfile.mkdtemp(prefix='litdev-bench-kernel-'))
    try:
        nb = folder/'trivial.ipynb'
        write_nb(new_nb(['x = 1'], nb))
        def in_process():
            assert run_nb(nb).status == 'passed'
        def in_kernel():
            res = run_nb_kernel(nb, kernel_name=args.kernel)
            assert res.status == 'passed', res.failure
        inproc, _ = median_ms(in_process, args.runs)
        kern, all_kern = median_ms(in_kernel, args.runs)
        start, stop = start_stop_ms(args.kernel, folder, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print('# litdev kernel-mode overhead')
    print(f'command:  python bench/bench_kernel.py --runs {args.runs} --kernel {args.kernel}')
    print(f'date:     {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}')
    print(f'python:   {platform.python_version()} on {platform.platform()}; nproc {os.cpu_count()}')
    print(f'kernel:   {args.kernel}, transport {TRANSPORT}; notebook: one cell `x = 1`; median of {args.runs} '
          f'after 1 warm-up, in one process')
    print(f'run_nb          {inproc:8.1f} ms')
    print(f'run_nb_kernel   {kern:8.1f} ms   (runs: {", ".join(f"{t:.0f}" for t in all_kern)})')
    print(f'overhead        {kern - inproc:8.1f} ms per notebook')
    print(f'  start+ready   {start:8.1f} ms')
    print(f'  shutdown      {stop:8.1f} ms')


if __name__ == '__main__':
    sys.exit(main())
