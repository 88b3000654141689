#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every translation in po/LINGUAS must compile (msgfmt --check) and be complete:
# the strings are extracted afresh from po/POTFILES.in, exactly as the
# rapport-pot target does, merged into a copy of the .po, and every message left
# untranslated or fuzzy is listed.  zh_CN must be one of the languages.

import os
import re
import subprocess
import sys
import tempfile

# The same keywords and flags as meson's 'glib' gettext preset.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

REQUIRED_LANGUAGES = ('zh_CN',)


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    out = []
    i = 1
    while i < len(s) - 1:
        c = s[i]
        if c == '\\':
            i += 1
            c = s[i]
            out.append({'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': '\r'}.get(c, '\\' + c))
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def parse_po(path):
    """Returns the live (non-obsolete) entries as dicts: ctxt, id, plural, strs, fuzzy,
    flags, refs."""
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and 'id' in entry:
            entries.append(entry)

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n')
            if not line.strip():
                finish()
                entry, field = None, None
                continue
            if line.startswith('#~'):
                continue
            if entry is None:
                entry = {'ctxt': None, 'plural': None, 'strs': {}, 'fuzzy': False,
                         'flags': set(), 'refs': []}
            if line.startswith('#,'):
                entry['flags'].update(x.strip() for x in line[2:].split(','))
                entry['fuzzy'] = 'fuzzy' in entry['flags']
            elif line.startswith('#:'):
                entry['refs'].extend(line[2:].split())
            elif line.startswith('#'):
                continue
            elif line.startswith('msgctxt '):
                field = 'ctxt'
                entry['ctxt'] = unquote(line[8:])
            elif line.startswith('msgid_plural '):
                field = 'plural'
                entry['plural'] = unquote(line[13:])
            elif line.startswith('msgid '):
                field = 'id'
                entry['id'] = unquote(line[6:])
            elif line.startswith('msgstr['):
                n = int(line[7:line.index(']')])
                field = ('str', n)
                entry['strs'][n] = unquote(line[line.index(']') + 1:])
            elif line.startswith('msgstr '):
                field = ('str', 0)
                entry['strs'][0] = unquote(line[7:])
            elif line.startswith('"'):
                if isinstance(field, tuple):
                    entry['strs'][field[1]] += unquote(line)
                else:
                    entry[field] = entry[field] + unquote(line)
    finish()
    return entries


# A '%' followed by a space and a letter ("15% above") reads as a C directive
# ("% a"), so xgettext guesses c-format and no natural translation can match it.
FALSE_DIRECTIVE = re.compile(r'%[ +#0-]+[a-zA-Z]')


def describe(entry):
    text = entry['id'].replace('\n', '\\n')
    if entry['ctxt']:
        text = f'{entry["ctxt"]}|{text}'
    if entry['refs']:
        text += f' ({", ".join(entry["refs"])})'
    if 'c-format' in entry['flags'] and FALSE_DIRECTIVE.search(entry['id']):
        text += ('\n    the source string is taken for a C format; if it is not one, put '
                 '/* xgettext:no-c-format */ on the line before it')
    return text


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write('usage: check-translation.py SOURCE-ROOT [LANGUAGE...]\n')
        return 2
    root = argv[1]
    po_dir = os.path.join(root, 'po')

    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        linguas = [w for line in f for w in line.split('#')[0].split()]
    languages = argv[2:] or linguas

    failed = False
    for lang in REQUIRED_LANGUAGES:
        if lang not in linguas:
            print(f'{lang} is missing from po/LINGUAS')
            failed = True

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'rapport.pot')
        res = run(['xgettext', '--package-name=rapport', '-D', root,
                   '-f', os.path.join(po_dir, 'POTFILES.in'), '-o', pot] + XGETTEXT_ARGS)
        if res.returncode != 0:
            print('xgettext failed:\n' + res.stdout)
            return 1
        template = [e for e in parse_po(pot) if e['id']]
        if not template:
            print('xgettext extracted no strings from po/POTFILES.in')
            return 1
        print(f'{len(template)} strings extracted from po/POTFILES.in')

        for lang in languages:
            po = os.path.join(po_dir, lang + '.po')
            if not os.path.isfile(po):
                print(f'{lang}: po/{lang}.po does not exist')
                failed = True
                continue

            res = run(['msgfmt', '--check', '--check-accelerators=_', '-o', os.devnull, po])
            if res.returncode != 0:
                print(f'{lang}: msgfmt --check failed:\n{res.stdout}')
                failed = True

            merged = os.path.join(tmp, lang + '.po')
            res = run(['msgmerge', '--quiet', '--no-wrap', '-o', merged, po, pot])
            if res.returncode != 0:
                print(f'{lang}: msgmerge failed:\n{res.stdout}')
                failed = True
                continue

            untranslated, fuzzy = [], []
            for e in parse_po(merged):
                if not e['id']:
                    continue
                if e['fuzzy']:
                    fuzzy.append(e)
                elif not e['strs'] or any(not s for s in e['strs'].values()):
                    untranslated.append(e)
            for e in untranslated:
                print(f'{lang}: untranslated: {describe(e)}')
            for e in fuzzy:
                print(f'{lang}: fuzzy: {describe(e)}')
            done = len(template) - len(untranslated) - len(fuzzy)
            print(f'{lang}: {done}/{len(template)} translated, '
                  f'{len(untranslated)} untranslated, {len(fuzzy)} fuzzy')
            if untranslated or fuzzy:
                failed = True

    if failed:
        print('Refresh with: meson compile -C BUILDDIR rapport-update-po, then translate (see po/README.md)')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
