#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# po/POTFILES.in must list every file under src/ and data/ that has translatable
# strings, every listed file must exist, and the list must stay sorted and unique.
# A file missing from the list silently ships English to every translated locale.

import os
import re
import sys

C_KEYWORD = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)\s*\(')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']', re.I)
DESKTOP_KEY = re.compile(r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)\s*=', re.M)
METAINFO_TEXT = re.compile(r'<(?:name|summary|p|li|caption|developer_name)(?:\s[^>]*)?>')
GSCHEMA_TEXT = re.compile(r'<(?:summary|description)>|<default[^>]*\bl10n=')

SCANNED_DIRS = ('src', 'data')


def kind_of(path):
    name = os.path.basename(path)
    if name.endswith(('.c', '.h')):
        return 'c'
    if name.endswith('.ui'):
        return 'ui'
    if re.search(r'\.desktop(\.in)+$', name):
        return 'desktop'
    if re.search(r'\.(metainfo|appdata)\.xml(\.in)+$', name):
        return 'metainfo'
    if re.search(r'\.gschema\.xml(\.in)*$', name):
        return 'gschema'
    return None


def has_translatable_strings(path, kind):
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except UnicodeDecodeError:
        return False
    if kind == 'c':
        return bool(C_KEYWORD.search(C_COMMENT.sub('', text)))
    if kind == 'ui':
        return bool(UI_TRANSLATABLE.search(text))
    if kind == 'desktop':
        return bool(DESKTOP_KEY.search(text))
    if kind == 'metainfo':
        return bool(METAINFO_TEXT.search(text))
    if kind == 'gschema':
        return bool(GSCHEMA_TEXT.search(text))
    return False


def translatable_files(root):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                kind = kind_of(path)
                if kind and has_translatable_strings(path, kind):
                    found.append(os.path.relpath(path, root))
    return found


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: check-potfiles.py SOURCE-ROOT\n')
        return 2
    root = argv[1]
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    listed = read_potfiles(potfiles)
    problems = []

    missing = [f for f in translatable_files(root) if f not in listed]
    for f in missing:
        problems.append(f'{f} has translatable strings but is not listed in po/POTFILES.in')

    for f in listed:
        if not os.path.isfile(os.path.join(root, f)):
            problems.append(f'{f} is listed in po/POTFILES.in but does not exist')

    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted (LC_ALL=C sort)')
    duplicates = sorted({f for f in listed if listed.count(f) > 1})
    for f in duplicates:
        problems.append(f'{f} is listed more than once in po/POTFILES.in')

    if not listed:
        problems.append('po/POTFILES.in lists no files')

    for p in problems:
        print(p)
    print(f'{len(listed)} files listed, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
