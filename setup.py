"Packaging for litdev: every value comes from settings.ini."
from configparser import ConfigParser
from setuptools import find_packages, setup

cfg = ConfigParser()
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']

def words(key): return cfg.get(key, '').split()

setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    author=cfg['author'],
    author_email=cfg['author_email'],
    url=cfg['git_url'],
    license=cfg['license'],
    keywords=cfg['keywords'],
    python_requires=f">={cfg['min_python']}",
    packages=find_packages(include=[cfg['lib_path'], cfg['lib_path'] + '.*']),
    install_requires=words('requirements'),
    extras_require={'dev': words('dev_requirements')},
    entry_points={'console_scripts': [s.strip() for s in cfg['console_scripts'].splitlines() if s.strip()],
                  'pytest11': ['litdev = litdev.pytest_plugin']},
    zip_safe=False,
)
