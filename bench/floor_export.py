#!/usr/bin/env python3
"""The floor of an export: the least work any exporter must do, in plain standard-library Python.

    python bench/floor_export.py [PROJECT] [--lib NAME]

Run from (or given) a project made by bench/gen_project.py, it reads each notebook under `nbs/` as JSON, takes
the code cells whose first line is an export directive (`#| export`, `#| exports`, `#| exporti`) and the
notebook's `#| default_exp` module, parses each exported cell with `ast.parse`, and writes one file per module
into the package folder. No markers, `__all__`, relative imports, symbol index, checks or cache: what is left is
reading, parsing and writing, which an exporter cannot skip. bench/bench_floor.py times litdev_export against it.
"""
import argparse, ast, json
from pathlib import Path

EXPORTS = ('#| export', '#| exports', '#| exporti')


def notebook_modules(path:Path)->dict:
    "`{module: [code]}` of one notebook's exported cells, each parsed once"
    nb = json.loads(path.read_text(encoding='utf-8'))
    default, modules = None, {}
    for cell in nb['cells']:
        if cell['cell_type'] != 'code': continue
        first, _, code = ''.join(cell['source']).partition('\n')
        if first.startswith('#| default_exp '): default = first.split()[-1]
        elif first.strip() in EXPORTS:
            ast.parse(code)
            modules.setdefault(default, []).append(code)
    return modules


def main(argv=None):
    p = argparse.ArgumentParser(description='The least an export must do: read, parse, write.')
    p.add_argument('project', nargs='?', default='.', help='the project folder (default: this one)')
    p.add_argument('--lib', default='synlib', help='the package folder to write (default: synlib)')
    args = p.parse_args(argv)
    root = Path(args.project)
    modules = {}
    for path in sorted((root/'nbs').rglob('*.ipynb')):
        for name, codes in notebook_modules(path).items(): modules.setdefault(name, []).extend(codes)
    (root/args.lib).mkdir(exist_ok=True)
    for name, codes in modules.items(): (root/args.lib/f'{name}.py').write_text('\n\n'.join(codes), encoding='utf-8')


if __name__ == '__main__':
    main()
