#!/usr/bin/env python3
"""The modules a whole `litdev_export` loads: a measurement, not a test.

    python bench/export_imports.py [--litdev-root DIR]

Builds a small nbdev 3 project (pyproject.toml, two notebooks, one in a sub-folder) in a temp folder and runs
`litdev_export` on it three times, each in a fresh `python -S` process (no `site`, so nothing else is loaded
first): cold, no-op, and `--check`. For each run it prints how many modules were loaded beyond a bare
`python -S`, the standard-library and third-party ones by name, and litdev's own. Jupyter's machinery
(IPython, jupyter_client, pygments, jinja2, markdown_it) should never appear: the export imports none of it.
PYTHONDONTWRITEBYTECODE is removed from the runs' environment, as a user's machine does not set it.
Standard library only.
"""
import argparse, os, subprocess, sys, tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = '''[project]
name = "ilib"
dynamic = ["version"]
authors = [{name = "Ann", email = "ann@example.com"}]
[project.urls]
Repository = "https://github.com/ann/ilib"
Documentation = "https://ann.github.io/ilib/"
[tool.nbdev]
put_version_in_init = true  # a comment
'''
HEAVY = {'IPython', 'jupyter_client', 'pygments', 'jinja2', 'markdown_it', 'nbformat', 'nbconvert'}
LIST = "import atexit, sys; atexit.register(lambda: print('loaded:', *sorted(sys.modules)))\n"


def make_project(root:Path):
    "A small project: a core notebook and one in a sub-folder that imports from it"
    sys.path.insert(0, str(REPO))
    from litdev.nb import new_nb, write_nb
    (root/'nbs'/'sub').mkdir(parents=True)
    (root/'pyproject.toml').write_text(PYPROJECT)
    write_nb(new_nb(['# Core\n> The core', '#| default_exp core',
                     '#| export\nfrom __future__ import annotations\ndef f(): return 1', '#| hide\nassert f() == 1'],
                    root/'nbs'/'00_core.ipynb'))
    write_nb(new_nb(['#| default_exp sub.more', '#| export\nfrom ilib.core import f\n@patch\ndef g(self:int): pass',
                     '#| exporti\n_x = 1'], root/'nbs'/'sub'/'01_more.ipynb'))


def loaded(code:str, cwd:Path, env:dict)->set:
    "The modules a `python -S` process has loaded when `code` ends"
    r = subprocess.run([sys.executable, '-S', '-c', LIST + code], cwd=cwd, env=env, capture_output=True, text=True)
    if 'Traceback' in r.stderr: raise SystemExit(r.stderr)
    return set(r.stdout.rpartition('loaded:')[2].split())


def main(argv=None):
    p = argparse.ArgumentParser(description='List the modules a whole litdev_export loads.')
    p.add_argument('--litdev-root', default=str(REPO), help='the checkout whose litdev is run (default: this one)')
    args = p.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONDONTWRITEBYTECODE'}
    print('PYTHONDONTWRITEBYTECODE removed from the runs\' environment')
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root)
        base = loaded('pass', root, env)
        for name, extra in [('cold', []), ('no-op', []), ('--check', ['--check'])]:
            code = (f'sys.path.insert(0, {args.litdev_root!r}); sys.argv = ["litdev_export", *{extra!r}]\n'
                    'from litdev.cli import export_cli\ntry: export_cli()\nexcept SystemExit: pass')
            mods = loaded(code, root, env) - base - {'__main__'}
            own = sorted(m for m in mods if m.split('.')[0] == 'litdev')
            others = sorted(m for m in mods if m.split('.')[0] != 'litdev' and not m.startswith('_'))
            print(f'\n{name}: {len(mods)} modules beyond `python -S` ({len(own)} of litdev)')
            print('  litdev:', ' '.join(own))
            print('  others:', ' '.join(others))
            if HEAVY & {m.split('.')[0] for m in mods}: print('  HEAVY:', ' '.join(sorted(HEAVY & mods)))


if __name__ == '__main__':
    main()
