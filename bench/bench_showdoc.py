#!/usr/bin/env python3
"""Time litdev.showdoc and litdev.doclinks on litdev's own symbols and notebooks (in-process, one run).

    python bench/bench_showdoc.py

Prints: the time to build the project's `SymbolIndex`; `doc_html` of every symbol in `litdev/_modidx.py`
(classes include their methods' blocks), split into classes and functions; `link_backticks` over the
markdown cells of `nbs/`, first run (stdlib modules imported on first use) and again.
"""
import importlib, inspect, json, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def symbols(modidx:dict)->list:
    "The objects named in a `_modidx` dict that can still be found in their modules"
    objs = []
    for mod, syms in modidx['syms'].items():
        for full in syms:
            obj = importlib.import_module(mod)
            try:
                for part in full[len(mod) + 1:].split('.'): obj = getattr(obj, part)
            except AttributeError: continue
            objs.append(obj)
    return objs


def timed(f, *args):
    start = time.perf_counter()
    res = f(*args)
    return res, time.perf_counter() - start


def main():
    from litdev.config import get_config
    from litdev.doclinks import SymbolIndex, link_backticks, read_modidx
    from litdev.showdoc import doc_html
    cfg = get_config(REPO)
    idx, t_idx = timed(SymbolIndex.for_project, cfg)
    print(f'SymbolIndex.for_project: {t_idx * 1000:.1f} ms')
    objs = symbols(read_modidx(cfg.lib_path/'_modidx.py'))
    for kind, sel in (('classes', [o for o in objs if inspect.isclass(o)]),
                      ('functions', [o for o in objs if not inspect.isclass(o)])):
        _, dt = timed(lambda: [doc_html(o, source_url=cfg) for o in sel])
        print(f'doc_html, {kind}: {len(sel)} in {dt:.2f} s ({dt / max(len(sel), 1) * 1000:.1f} ms each)')
    texts = [''.join(c['source']) for p in sorted(cfg.nbs_path.glob('*.ipynb'))
             for c in json.loads(p.read_text(encoding='utf-8'))['cells'] if c['cell_type'] == 'markdown']
    for run in ('first', 'again'):
        _, dt = timed(lambda: [link_backticks(t, idx, page='x.html') for t in texts])
        print(f'link_backticks ({run}): {len(texts)} markdown cells, {sum(map(len, texts)) // 1000} kB in {dt * 1000:.0f} ms')


if __name__ == '__main__':
    main()
