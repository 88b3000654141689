#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Completes a task of Today the way a seller would, through the keyboard, and watches it
leave, reading everything back through the accessibility tree (AT-SPI).

The real `rapport --demo` runs against the demo marketplace.  A buyer waits for an answer:
Today lists "Answer <buyer>".  The search finds that task, Enter opens the conversation
with the keyboard in the composer, the reply is typed and sent with Ctrl+Enter, and the task
leaves Today once the marketplace has the message.

Usage: test_today_task.py RAPPORT_BINARY  (under an X server, with a Secret Service)"""

import os
import re
import subprocess
import sys
import threading
import time


def a11y_bus_address():
    result = subprocess.run(["gdbus", "call", "--session", "--dest", "org.a11y.Bus",
                             "--object-path", "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        sys.exit("no accessibility bus: %s" % result.stderr.strip())
    return result.stdout.strip().strip("(),").strip("'")


os.environ["AT_SPI_BUS_ADDRESS"] = a11y_bus_address()
import pyatspi  # noqa: E402  (after the bus address is known)

# Names xdotool can type on any keyboard layout.
PLAIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'-]+$")
REPLY = "Thank you for your message. We are looking into it now and will write again today."


def find_app(name, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        for app in pyatspi.Registry.getDesktop(0):
            try:
                if app is not None and app.name and app.name.lower() == name and app.childCount > 0:
                    return app
            except Exception:
                pass
        time.sleep(0.3)
    return None


def walk(node):
    yield node
    try:
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is not None:
                yield from walk(child)
    except Exception:
        return


def task_names(app):
    """The tasks Today lists now: each row is a panel named "<title>. <urgency> <why>"."""
    names = []
    for node in walk(app):
        try:
            if node.getRole() == pyatspi.ROLE_PANEL and node.name and node.name.startswith("Answer "):
                names.append(node.name)
        except Exception:
            continue
    return names


def answer_tasks(app):
    """Buyer → how many "Answer <buyer>" tasks are listed."""
    counts = {}
    for name in task_names(app):
        buyer = name[len("Answer "):].split(".", 1)[0]
        counts[buyer] = counts.get(buyer, 0) + 1
    return counts


def xdotool(*args):
    return subprocess.run(["xdotool", *args], check=False, capture_output=True, text=True)


def wait_for(predicate, timeout, step=0.5):
    end = time.time() + timeout
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def main():
    binary = sys.argv[1]
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    if "RAPPORT_SANDBOX" not in env and "RAPPORT_BUILD_DIR" in env:
        env["RAPPORT_SANDBOX"] = os.path.join(env["RAPPORT_BUILD_DIR"], "src", "sandbox", "rapport-sandbox")
    # The X server must answer before Rapport starts: on a loaded machine a display that
    # was just started can refuse connections for a moment.
    if not wait_for(lambda: xdotool("getdisplaygeometry").returncode == 0, 30):
        print("FAIL: the display %s does not answer" % env.get("DISPLAY"))
        return 1
    proc = subprocess.Popen([binary, "--demo"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        proc.wait(timeout=3)
        print("FAIL: Rapport exited at once (status %d): %s" % (proc.returncode, proc.stderr.read()))
        return 1
    except subprocess.TimeoutExpired:
        pass
    # Its messages go on to the test's log.
    threading.Thread(target=lambda: sys.stderr.write(proc.stderr.read()), daemon=True).start()
    try:
        app = find_app("rapport", 60)
        if app is None:
            print("FAIL: Rapport did not appear on the accessibility bus")
            return 1

        # The demo syncs, then Today lists buyers waiting for an answer.
        def pick():
            for buyer, count in sorted(answer_tasks(app).items()):
                if count == 1 and PLAIN_NAME.match(buyer):
                    return buyer
            return None

        buyer = wait_for(pick, 180, 1.0)
        if buyer is None:
            print("FAIL: Today listed no buyer waiting for an answer: %r" % task_names(app))
            return 1
        print("task: Answer %s" % buyer)

        found = xdotool("search", "--sync", "--onlyvisible", "--pid", str(proc.pid))
        window = found.stdout.split()[-1] if found.stdout.split() else None
        if window is None:
            print("FAIL: could not find Rapport's X window")
            return 1
        xdotool("windowfocus", "--sync", window)

        # Search Today for the buyer: only that task stays.
        xdotool("key", "--clearmodifiers", "ctrl+1")
        time.sleep(0.5)
        xdotool("key", "--clearmodifiers", "ctrl+f")
        time.sleep(0.3)
        xdotool("type", "--delay", "20", buyer)
        if not wait_for(lambda: list(answer_tasks(app)) == [buyer], 10):
            print("FAIL: searching Today for %r lists %r" % (buyer, task_names(app)))
            return 1

        # Enter opens the conversation, the keyboard in the composer; Ctrl+Enter sends.
        xdotool("key", "--clearmodifiers", "Return")
        time.sleep(1.5)
        xdotool("type", "--delay", "5", REPLY)
        time.sleep(0.3)

        def composer_has_reply():
            for node in walk(app):
                try:
                    if node.getRole() == pyatspi.ROLE_TEXT and REPLY in node.queryText().getText(0, -1):
                        return True
                except Exception:
                    continue
            return False

        if not wait_for(composer_has_reply, 5):
            print("FAIL: the reply did not reach the composer of %s's conversation" % buyer)
            return 1
        xdotool("key", "--clearmodifiers", "ctrl+Return")

        # Back on Today (the search still holds the buyer): the task leaves once the
        # marketplace has the reply.
        time.sleep(1.0)
        xdotool("key", "--clearmodifiers", "ctrl+1")
        if not wait_for(lambda: buyer not in answer_tasks(app), 90, 1.0):
            print("FAIL: the task to answer %s is still listed: %r" % (buyer, task_names(app)))
            return 1
        print("the task to answer %s left Today" % buyer)

        # And the reply is in the conversation, as a message, no longer in the composer.
        def reply_shown():
            for node in walk(app):
                try:
                    if node.getRole() == pyatspi.ROLE_LABEL and node.name and REPLY in node.name:
                        return True
                except Exception:
                    continue
            return False

        if not reply_shown():
            print("FAIL: the reply to %s is not shown in the conversation" % buyer)
            return 1
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    return 0


if __name__ == "__main__":
    sys.exit(main())
