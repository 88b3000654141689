#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Starts the real Rapport under the test X server, walks its accessibility tree (AT-SPI) and
checks that every interactive widget has a name, then drives the page shortcuts with real key
presses and reads back, through the tree, which page is showing.

Usage: test_accessibility.py RAPPORT_BINARY"""

import os
import subprocess
import sys
import time


def a11y_bus_address():
    """The accessibility bus of this D-Bus session, asked of org.a11y.Bus.  GTK and libatspi
    would otherwise trust the AT_SPI_BUS property of the X root window, which another
    session may have left behind on a shared display."""
    result = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                             "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        sys.exit("no accessibility bus: %s" % result.stderr.strip())
    return result.stdout.strip().strip("(),").strip("'")


os.environ["AT_SPI_BUS_ADDRESS"] = a11y_bus_address()
import pyatspi  # noqa: E402  (after the bus address is known)
from gi.repository import GLib  # noqa: E402

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_LINK,
    pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_PAGE_TAB,
}
# The shortcut for each page and the title the content header then shows.
PAGES = [("1", "Today"), ("2", "Inbox"), ("3", "Orders"), ("4", "Disputes"), ("5", "Shipments")]

failures = []


def fail(message):
    print("FAIL: " + message)
    failures.append(message)


def find_app(name, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            try:
                if app is not None and app.name and app.name.lower() == name:
                    if app.childCount > 0:
                        return app
            except Exception:  # the app may vanish while we look
                pass
        time.sleep(0.3)
    return None


def walk(node, depth=0):
    yield node, depth
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            yield from walk(child, depth + 1)


def showing(node):
    # GTK 4.8 reports "visible" but not "showing"; newer GTK reports both.
    try:
        states = node.getState()
        return states.contains(pyatspi.STATE_SHOWING) or states.contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def check_names(app, where):
    checked = 0
    for node, _ in walk(app):
        try:
            role = node.getRole()
        except Exception:
            continue
        if role not in INTERACTIVE or not showing(node):
            continue
        checked += 1
        name = (node.name or "").strip()
        if not name:
            path = []
            parent = node
            while parent is not None and len(path) < 6:
                path.append("%s(%s)" % (parent.getRoleName(), parent.name))
                parent = parent.parent
            fail("%s: a %s has no accessible name: %s" % (where, node.getRoleName(), " < ".join(path)))
    print("%s: checked %d interactive widgets" % (where, checked))
    return checked


def content_title(app):
    """The title in the content pane's header: the second AdwWindowTitle (the first is the
    sidebar's "Rapport")."""
    titles = []
    for node, _ in walk(app):
        try:
            if node.name == "AdwWindowTitle":
                labels = [c.name for c, _ in walk(node) if c.getRole() == pyatspi.ROLE_LABEL and c.name]
                titles.extend(labels[:1])
        except Exception:
            continue
    return [t for t in titles if t != "Rapport"]


def xdotool(*args):
    return subprocess.run(["xdotool", *args], check=False, capture_output=True, text=True)


def main():
    binary = sys.argv[1]
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    env["AT_SPI_BUS_ADDRESS"] = os.environ["AT_SPI_BUS_ADDRESS"]
    env.pop("G_SLICE", None)
    proc = subprocess.Popen([binary], env=env)
    try:
        app = find_app("rapport")
        if app is None:
            fail("Rapport did not appear on the accessibility bus")
            return 1

        # Before GLib 2.76 Rapport starts itself again with GSlice as plain malloc
        # (src/main.c), so that the memory of the objects it drops can go back.
        if (GLib.MAJOR_VERSION, GLib.MINOR_VERSION) < (2, 76):
            with open("/proc/%d/environ" % proc.pid, "rb") as f:
                environ = f.read().split(b"\0")
            if b"G_SLICE=always-malloc" not in environ:
                fail("Rapport runs with GSlice's caches (no G_SLICE=always-malloc)")
        time.sleep(1.0)

        if check_names(app, "main window") == 0:
            fail("no interactive widget found: the tree was not walked")

        # Real key presses: focus the window, then Ctrl+1 … Ctrl+5.
        found = xdotool("search", "--sync", "--onlyvisible", "--pid", str(proc.pid))
        window = found.stdout.split()[-1] if found.stdout.split() else None
        if window is None:
            fail("could not find Rapport's X window")
            return 1
        xdotool("windowfocus", "--sync", window)
        for key, title in PAGES:
            xdotool("key", "--clearmodifiers", "ctrl+" + key)
            end = time.time() + 5
            while time.time() < end and content_title(app) != [title]:
                time.sleep(0.2)
            if content_title(app) != [title]:
                fail("Ctrl+%s did not show the page %r (header shows %r)" % (key, title, content_title(app)))
            else:
                print("Ctrl+%s shows %r" % (key, title))
            check_names(app, "page " + key)

        # Preferences through its shortcut: it must open and be named too.
        xdotool("key", "--clearmodifiers", "ctrl+comma")
        time.sleep(1.5)
        prefs = [n for n in app if n is not None and n.getRole() == pyatspi.ROLE_FRAME]
        if len(prefs) < 2:
            fail("Ctrl+comma did not open Preferences (%d windows showing)" % len(prefs))
        else:
            check_names(app, "preferences")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
