"""How many committed files `litdev_export` changes on unchanged checkouts of real nbdev projects, next to nbdev's own export.

Not a speed measurement: the check behind issue 15's "zero-diff adoption". For each project line `name git-dir commit` of
PROJECTS (a text file), the commit is extracted into WORK/name/base and committed to a fresh git repository; copies of it
get `nbdev_export` (from NBDEV_BIN, e.g. a venv with the nbdev version that wrote the files) and `litdev_export` (from
LITDEV_BIN). It prints one JSON line a project: files changed by each (`git status --porcelain`), and whether
`litdev_export --check` passes on the unchanged checkout.

    python bench/adoption.py PROJECTS LITDEV_BIN NBDEV_BIN [WORK] [names...]

A git dir can come from any clone (`git clone --bare`); third-party files are only ever written under WORK.
"""
import json, os, shutil, subprocess, sys

def sh(cmd, cwd, env=None):
    return subprocess.run(cmd, cwd=cwd, shell=True, capture_output=True, text=True, env=env)

def checkout(work, name, gitdir, commit):
    base = os.path.join(work, name, 'base')
    if not os.path.exists(base):
        os.makedirs(base)
        sh(f'git --git-dir={gitdir} archive {commit} | tar -x -C {base}', '/')
        sh('git init -q && git add -A && git -c user.name=x -c user.email=x@x commit -qm base', base)
    return base

def fresh_copy(base, kind):
    dest = os.path.join(os.path.dirname(base), kind)
    if os.path.exists(dest): shutil.rmtree(dest)
    shutil.copytree(base, dest, symlinks=True)
    return dest

def changed(folder):
    return [l[3:] for l in sh('git status --porcelain', folder).stdout.splitlines() if '.litdev_cache' not in l]

def last_line(text): return (text.strip().splitlines() or [''])[-1][:200]

def run_tool(bin_dir, exe, folder):
    "Files `exe` changed in `folder`, or its error"
    r = sh(os.path.join(bin_dir, exe), folder, {**os.environ, 'PATH': bin_dir + os.pathsep + os.environ['PATH']})
    return changed(folder) if r.returncode == 0 else 'error: ' + last_line(r.stderr)

def measure(work, name, gitdir, commit, litdev_bin, nbdev_bin):
    base = checkout(work, name, gitdir, commit)
    exe = 'nbdev-export' if os.path.exists(os.path.join(nbdev_bin, 'nbdev-export')) else 'nbdev_export'
    check = sh(os.path.join(litdev_bin, 'litdev_export') + ' --check', fresh_copy(base, 'check'))
    return {'project': name, 'nbdev': run_tool(nbdev_bin, exe, fresh_copy(base, 'nbdev')),
            'litdev': run_tool(litdev_bin, 'litdev_export', fresh_copy(base, 'litdev')),
            'check': 'pass' if check.returncode == 0 else 'fail: ' + last_line(check.stderr)}

if __name__ == '__main__':
    projects, litdev_bin, nbdev_bin, *rest = sys.argv[1:]
    work, only = (rest[0], rest[1:]) if rest else ('/tmp/adoption', [])
    for line in open(projects):
        if not line.strip() or line.startswith('#'): continue
        name, gitdir, commit = line.split()
        if not only or name in only: print(json.dumps(measure(work, name, gitdir, commit, litdev_bin, nbdev_bin)), flush=True)
