#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Publishes in the metainfo only the screenshots that exist in data/screenshots/.
# The images are produced by the UI tests; a software centre shows a broken image
# for a URL that does not resolve, which is worse than no screenshot at all.

import os
import sys
import xml.etree.ElementTree as ET


def main(argv):
    if len(argv) != 4:
        sys.stderr.write('usage: screenshots.py INPUT SCREENSHOT-DIR OUTPUT\n')
        return 2
    source, shots_dir, output = argv[1:]

    tree = ET.parse(source)
    root = tree.getroot()
    for shots in root.findall('screenshots'):
        for shot in list(shots.findall('screenshot')):
            image = shot.find('image')
            name = os.path.basename((image.text or '').strip()) if image is not None else ''
            if not name or not os.path.isfile(os.path.join(shots_dir, name)):
                shots.remove(shot)
        kept = shots.findall('screenshot')
        if not kept:
            root.remove(shots)
            continue
        # Exactly one default: the first one kept, in the order the file lists them.
        for shot in kept:
            shot.attrib.pop('type', None)
        kept[0].set('type', 'default')

    tmp = output + '.tmp'
    tree.write(tmp, encoding='UTF-8', xml_declaration=True)
    with open(tmp, 'a', encoding='UTF-8') as f:
        f.write('\n')
    os.replace(tmp, output)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
