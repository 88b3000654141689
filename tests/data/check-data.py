#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The pieces of desktop integration must agree with each other: the desktop file,
# the D-Bus service that activates it, the metainfo and the icons are all named
# after the application ID, and the translations reach the built files.  The
# validators check each file alone; a mismatch between them only shows as an app
# that does not start from the shell or a software centre without an icon.

import configparser
import os
import sys
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
RAW_SCREENSHOTS = 'https://raw.githubusercontent.com/rapportdesk/rapport/main/data/screenshots/'


def read_ini(path, group):
    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    with open(path, encoding='utf-8') as f:
        parser.read_file(f)
    return parser[group]


def check_desktop(path, app_id, problems):
    if os.path.basename(path) != app_id + '.desktop':
        problems.append(f'desktop file {path} is not named {app_id}.desktop')
    entry = read_ini(path, 'Desktop Entry')
    expect = {
        'Exec': 'rapport',
        'Icon': app_id,
        'DBusActivatable': 'true',
        'StartupNotify': 'true',
        'Categories': 'Office;Network;',
        'Type': 'Application',
    }
    for key, value in expect.items():
        if entry.get(key) != value:
            problems.append(f'desktop file: {key}={entry.get(key)!r}, expected {value!r}')
    for key in ('Name', 'Comment', 'Keywords'):
        if not entry.get(key + '[zh_CN]'):
            problems.append(f'desktop file: {key}[zh_CN] is missing: the translation did not merge')
    if not entry.get('Keywords[zh_CN]', ';').endswith(';'):
        problems.append('desktop file: Keywords[zh_CN] must end with a semicolon')


def check_service(path, app_id, bindir, problems):
    if os.path.basename(path) != app_id + '.service':
        problems.append(f'D-Bus service {path} is not named {app_id}.service')
    service = read_ini(path, 'D-BUS Service')
    if service.get('Name') != app_id:
        problems.append(f'D-Bus service: Name={service.get("Name")!r}, expected {app_id!r}')
    exe = os.path.join(bindir, 'rapport') + ' --gapplication-service'
    if service.get('Exec') != exe:
        problems.append(f'D-Bus service: Exec={service.get("Exec")!r}, expected {exe!r}')


def check_metainfo(path, app_id, shots_dir, problems):
    root = ET.parse(path).getroot()
    if root.findtext('id') != app_id:
        problems.append(f'metainfo: id is {root.findtext("id")!r}, expected {app_id!r}')
    launchable = root.find('launchable')
    if launchable is None or launchable.text != app_id + '.desktop':
        problems.append('metainfo: the launchable is not the desktop file')
    releases = [r.get('version') for r in root.iter('release')]
    if '0.1.0' not in releases:
        problems.append('metainfo: release 0.1.0 is missing')
    if root.find('content_rating[@type="oars-1.1"]') is None:
        problems.append('metainfo: no OARS 1.1 content rating')
    if root.findtext('translation[@type="gettext"]') != 'rapport':
        problems.append('metainfo: no gettext translation tag for rapport')
    summaries = {s.get(XML_LANG): s.text for s in root.findall('summary')}
    if not any(lang and lang.replace('-', '_') == 'zh_CN' for lang in summaries):
        problems.append('metainfo: no zh_CN summary: the translation did not merge')

    referenced = []
    for shot in root.iter('screenshot'):
        url = (shot.findtext('image') or '').strip()
        if not url.startswith(RAW_SCREENSHOTS):
            problems.append(f'metainfo: screenshot {url} is not in data/screenshots/')
            continue
        name = url[len(RAW_SCREENSHOTS):]
        referenced.append(name)
        if not os.path.isfile(os.path.join(shots_dir, name)):
            problems.append(f'metainfo: screenshot {name} does not exist in data/screenshots/')
    existing = sorted(n for n in ('today.png', 'inbox.png', 'orders.png', 'disputes.png',
                                  'shipments.png') if os.path.isfile(os.path.join(shots_dir, n)))
    for name in existing:
        if name not in referenced:
            problems.append(f'metainfo: data/screenshots/{name} exists but is not published')
    defaults = [s for s in root.iter('screenshot') if s.get('type') == 'default']
    if referenced and len(defaults) != 1:
        problems.append('metainfo: exactly one screenshot must be the default')
    print(f'screenshots published: {", ".join(referenced) or "none"}')


def check_icon(path, size, symbolic, problems):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        problems.append(f'icon {path}: {e}')
        return
    if root.get('viewBox') != f'0 0 {size} {size}':
        problems.append(f'icon {path}: viewBox is {root.get("viewBox")!r}, expected 0 0 {size} {size}')
    if symbolic:
        # GTK recolours symbolic icons; a second colour would be lost or clash.
        colours = {el.get(attr).lower() for el in root.iter() for attr in ('fill', 'stroke')
                   if el.get(attr) and el.get(attr) != 'none'}
        if len(colours) != 1:
            problems.append(f'icon {path}: a symbolic icon uses one colour, not {sorted(colours)}')


def main(argv):
    if len(argv) != 7:
        sys.stderr.write('usage: check-data.py APP-ID BINDIR DESKTOP SERVICE METAINFO SOURCE-ROOT\n')
        return 2
    app_id, bindir, desktop, service, metainfo, source_root = argv[1:]
    problems = []
    check_desktop(desktop, app_id, problems)
    check_service(service, app_id, bindir, problems)
    check_metainfo(metainfo, app_id, os.path.join(source_root, 'data', 'screenshots'), problems)
    icons = os.path.join(source_root, 'data', 'icons', 'hicolor')
    base_id = 'io.github.rapportdesk.Rapport'
    check_icon(os.path.join(icons, 'scalable', 'apps', base_id + '.svg'), 128, False, problems)
    check_icon(os.path.join(icons, 'symbolic', 'apps', base_id + '-symbolic.svg'), 16, True, problems)
    for p in problems:
        print(p)
    print(f'{len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
