#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the Flatpak manifest: the app ID, a released GNOME runtime new enough
# for GTK 4.14 and libadwaita 1.5, the sandbox holes STYLE.md allows and no
# others, every third-party module pinned, and the app module built from this
# very tree with its tests run.

import json
import os
import re
import sys

APP_ID = 'io.github.rapportdesk.Rapport'
# GNOME 46 is the first runtime with GTK 4.14 and libadwaita 1.5.
MIN_RUNTIME = 46
REQUIRED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}
ALLOWED_EXTRA_FINISH_ARGS = {
    '--talk-name=org.kde.StatusNotifierWatcher',
}
FORBIDDEN_FILESYSTEMS = ('home', 'host', 'host-os', 'host-etc', '~', '/')


def module_name(module):
    return module.get('name', '?') if isinstance(module, dict) else str(module)


def load_module(module, base):
    """Modules may be given inline or as a path to a JSON file next to the manifest."""
    if isinstance(module, str):
        path = os.path.join(base, module)
        with open(path, encoding='utf-8') as f:
            return json.load(f), os.path.dirname(path)
    return module, base


def source_problems(module, base, problems):
    name = module_name(module)
    for src in module.get('sources', []):
        if isinstance(src, str):
            with open(os.path.join(base, src), encoding='utf-8') as f:
                loaded = json.load(f)
            srcs = loaded if isinstance(loaded, list) else [loaded]
        else:
            srcs = [src]
        for s in srcs:
            kind = s.get('type')
            if kind == 'git':
                if not (s.get('tag') and re.fullmatch(r'[0-9a-f]{40}', s.get('commit', ''))):
                    problems.append(f'module {name}: git source {s.get("url")} is not pinned '
                                    'by tag and full commit')
            elif kind in ('archive', 'file'):
                if 'url' in s and not re.fullmatch(r'[0-9a-f]{64}', s.get('sha256', '')):
                    problems.append(f'module {name}: {kind} source {s.get("url")} has no sha256')
            elif kind in ('patch', 'shell', 'script'):
                pass
            else:
                problems.append(f'module {name}: source type {kind!r} cannot be pinned')
    for sub in module.get('modules', []):
        sub, sub_base = load_module(sub, base)
        source_problems(sub, sub_base, problems)


def finish_arg_problems(args, problems):
    missing = REQUIRED_FINISH_ARGS - set(args)
    for a in sorted(missing):
        problems.append(f'finish-args lacks {a}')
    for a in args:
        key, _, value = a.partition('=')
        if key == '--filesystem':
            path = value.split(':')[0]
            if path in FORBIDDEN_FILESYSTEMS or path.startswith(('home/', '~/', '/')):
                problems.append(f'finish-args grants {a}')
        if key in ('--talk-name', '--own-name', '--system-talk-name') and '*' in value:
            problems.append(f'finish-args has a bus name wildcard: {a}')
        if a in ('--socket=session-bus', '--socket=system-bus', '--device=all', '--socket=x11'):
            problems.append(f'finish-args grants {a}')
        if a not in REQUIRED_FINISH_ARGS and a not in ALLOWED_EXTRA_FINISH_ARGS:
            problems.append(f'finish-args has {a}, which STYLE.md does not allow')


def app_module_problems(module, manifest_dir, source_root, problems):
    if not isinstance(module, dict):
        problems.append('the last module must be the app, inline')
        return
    if module.get('buildsystem') != 'meson':
        problems.append('the app module is not built with meson')
    if module.get('run-tests') is not True:
        problems.append('the app module does not run the tests ("run-tests": true)')
    if '-Dprofile=default' not in module.get('config-opts', []):
        problems.append('the app module must build -Dprofile=default to match the app ID')
    sources = module.get('sources', [])
    if sources != [{'type': 'dir', 'path': '..'}]:
        problems.append('the app module sources must be exactly [{"type": "dir", "path": ".."}]')
        return
    tree = os.path.normpath(os.path.join(manifest_dir, '..'))
    if not os.path.samefile(tree, source_root):
        problems.append(f'the app module points at {tree}, not at this tree {source_root}')
    meson_build = os.path.join(tree, 'meson.build')
    try:
        with open(meson_build, encoding='utf-8') as f:
            text = f.read()
    except OSError as e:
        problems.append(f'cannot read {meson_build}: {e}')
        return
    if not re.search(r"^project\s*\(\s*'rapport'", text, re.M):
        problems.append(f"{meson_build} does not declare project('rapport')")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write('usage: check-flatpak.py MANIFEST SOURCE-ROOT\n')
        return 2
    manifest_path, source_root = argv[1], argv[2]
    manifest_dir = os.path.dirname(os.path.abspath(manifest_path))
    with open(manifest_path, encoding='utf-8') as f:
        manifest = json.load(f)
    problems = []

    app_id = manifest.get('id', manifest.get('app-id'))
    if app_id != APP_ID:
        problems.append(f'app ID is {app_id!r}, expected {APP_ID!r}')
    if os.path.basename(manifest_path) != APP_ID + '.json':
        problems.append('the manifest file is not named after the app ID')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append('runtime/sdk must be org.gnome.Platform/org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    if not re.fullmatch(r'\d+', version):
        problems.append(f'runtime-version {version!r} is not a released GNOME version')
    elif int(version) < MIN_RUNTIME:
        problems.append(f'runtime-version {version} is older than GNOME {MIN_RUNTIME}')
    if manifest.get('command') != 'rapport':
        problems.append('command must be rapport')

    finish_arg_problems(manifest.get('finish-args', []), problems)

    modules = manifest.get('modules', [])
    if not modules:
        problems.append('the manifest has no modules')
    else:
        for m in modules[:-1]:
            m, base = load_module(m, manifest_dir)
            if any(s == {'type': 'dir', 'path': '..'} for s in m.get('sources', [])):
                problems.append(f'module {module_name(m)}: only the last module may be this tree')
            source_problems(m, base, problems)
        app_module_problems(modules[-1], manifest_dir, source_root, problems)

    for p in problems:
        print(p)
    print(f'{len(modules)} modules, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
