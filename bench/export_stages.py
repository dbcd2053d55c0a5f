#!/usr/bin/env python3
"""Where a cold export's instructions go beyond the floor's, step by step, counted by valgrind.

    python bench/export_stages.py [--notebooks 24] [--cells 200] [--style toml] [--litdev-bin DIR]

On one project made by bench/gen_project.py it counts, with callgrind (see count_instructions.py), one process
that runs the export's steps up to step N, for each N in turn, each step on every notebook before the next:
the difference between two counts is what that step costs. The steps are litdev's own functions, called as
`export` calls them: imports and the configuration, reading the JSON, checking its shape (`nb.check_nb`), the
notebook model (`Notebook`, then `directives.parse_nb_directives`), the export processor (`export.exported_cells`),
`ast.parse` of the exported cells alone, then the whole of `export.cell_info` (the names, symbols and imports it
reads), the whole plan (`export.plan_export`: module texts, `__all__`, `_modidx.py`), and the whole command (writing,
the export record). The floor (bench/floor_export.py) is split the same way: imports, reading, and the whole
script. PYTHONHASHSEED is fixed, so that the counts repeat exactly. Needs `valgrind`; standard library only.
"""
import argparse, shutil, subprocess, sys, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_project  # noqa: E402
from bench_export import bench_env, litdev_script  # noqa: E402
from count_instructions import FLOOR, SERIAL_EXPORT, instructions  # noqa: E402

SETUP = "import litdev.cli, litdev.export, glob, json\nfrom litdev import nb as N, directives as D, export as E\n"
STEPS = [  # (name, the code that runs every step up to this one; each adds one step to the one before)
    ('imports and configuration', "cfg = litdev.config.get_config()"),
    ('read the JSON', "paths = E.notebook_paths(cfg)\nds = [json.loads(N.read_nb_text(p)) for p in paths]"),
    ('check its shape (nb.check_nb)', "for d, p in zip(ds, paths): N._check_format(d, p); N.check_nb(d, p)"),
    ('notebook model and directives', "nbs = [D.parse_nb_directives(N.Notebook(d, p)) for d, p in zip(ds, paths)]"),
    ('export processor (exported_cells)', "mods = [E.exported_cells(nb) for nb in nbs]\n"
                                          "mcs = [mc for m in mods for cells in m.values() for mc in cells]"),
    ('ast.parse of exported cells', "import ast\nfor mc in mcs: ast.parse(mc.cell.code, '<cell>')"),
]
INFO = "for mc in mcs: E.cell_info(mc)"  # replaces the last step: `ast.parse` and what `code_info` reads
PLAN = SETUP + "cfg = litdev.config.get_config()\nE.plan_export(cfg)"
FLOOR_READ = ("import sys, json; sys.path.insert(0, {bench!r}); import floor_export\nfrom pathlib import Path\n"
              "argparse = __import__('argparse'); argparse.ArgumentParser().add_argument('x')\n"
              "[json.loads(p.read_text(encoding='utf-8')) for p in sorted(Path('nbs').rglob('*.ipynb'))]")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--notebooks', type=int, default=24)
    p.add_argument('--cells', type=int, default=200)
    p.add_argument('--style', choices=['ini', 'toml'], default='toml')
    p.add_argument('--litdev-bin', metavar='DIR', help='directory holding litdev_export (default: a fresh venv)')
    args = p.parse_args(argv)
    if not shutil.which('valgrind'): sys.exit('error: valgrind is not installed (apt install valgrind)')
    env, _ = bench_env()
    env['PYTHONHASHSEED'] = '0'
    work = Path(tempfile.mkdtemp(prefix='litdev_stages_'))
    try:
        script = litdev_script('litdev_export', args.litdev_bin, work, env, lambda m: print(m, file=sys.stderr))
        python, proj = str(Path(script).parent / 'python'), work / 'p'
        gen_project.generate(proj, args.notebooks, args.cells, args.style)
        def count(code):
            subprocess.run([python, '-c', code], cwd=proj, env=env, check=True, stdout=subprocess.DEVNULL)  # .pyc
            for made in (proj / gen_project.LIB, proj / '.litdev_cache'): shutil.rmtree(made, ignore_errors=True)
            return instructions(python, code, proj, env) / 1e6
        print(f'# instructions (millions) of one process, {args.notebooks}x{args.cells} ({args.style}), cumulative')
        print(f"{'python -c pass':44s} {count('pass'):8.1f}")
        floor_read = count(FLOOR_READ.format(bench=str(Path(__file__).resolve().parent)))
        print(f"{'floor: imports and reading':44s} {floor_read:8.1f}")
        print(f"{'floor: whole script':44s} {count(FLOOR):8.1f}")
        before, code = 0, SETUP
        for name, step in STEPS:
            code += step + '\n'
            now = count(code)
            print(f'{"litdev: + " + name:44s} {now:8.1f}  (+{now - before:.1f})')
            before = now
        info = count(code.replace(STEPS[-1][1], INFO))
        print(f'{"litdev: + cell_info (names, imports)":44s} {info:8.1f}  (+{info - before:.1f} over ast.parse alone)')
        plan = count(PLAN)
        print(f'{"litdev: whole plan (plan_export)":44s} {plan:8.1f}  (+{plan - info:.1f})')
        whole = count(SERIAL_EXPORT)
        print(f'{"litdev: whole command (litdev_export)":44s} {whole:8.1f}  (+{whole - plan:.1f})')
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
