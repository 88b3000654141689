# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared pieces of the integration tests: a rapport-sandbox on loopback and rapportctl
against a private cache."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

BUILD = os.environ.get("RAPPORT_BUILD_DIR", ".")
SANDBOX = os.path.join(BUILD, "src", "sandbox", "rapport-sandbox")
RAPPORTCTL = os.path.join(BUILD, "src", "cli", "rapportctl")

failures = []


def check(condition, message):
    if condition:
        print("ok - " + message)
    else:
        print("FAIL - " + message)
        failures.append(message)
    return condition


def finish():
    print("%d checks failed" % len(failures))
    sys.exit(1 if failures else 0)


class Sandbox:
    def __init__(self, *args, state_dir=None):
        argv = [SANDBOX, "--listen", "127.0.0.1:0"]
        if state_dir:
            argv += ["--state-dir", state_dir]
        argv += list(args)
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        line = self.proc.stdout.readline().strip()
        prefix = "rapport-sandbox listening on "
        if not line.startswith(prefix):
            self.proc.kill()
            raise RuntimeError("rapport-sandbox did not start: %r" % line)
        self.url = line[len(prefix):]

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=120) as reply:
            return json.loads(reply.read().decode("utf-8"))

    def post(self, path):
        request = urllib.request.Request(self.url + path, data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=120) as reply:
            body = reply.read().decode("utf-8")
            return json.loads(body) if body.strip() else None

    def stats(self):
        return self.get("/sandbox/stats")

    def export(self):
        return self.get("/sandbox/export")

    def advance(self, seconds):
        return self.post("/sandbox/clock?advance=%d" % seconds)

    def faults(self, rate):
        return self.post("/sandbox/faults?rate=%s" % rate)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Ctl:
    def __init__(self, db=None):
        self.dir = tempfile.mkdtemp(prefix="rapportctl-")
        self.db = db or os.path.join(self.dir, "rapport.db")

    def argv(self, *args):
        return [RAPPORTCTL, "--db", self.db] + list(args)

    def run(self, *args, check_status=True, env=None, timeout=1800):
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        result = subprocess.run(self.argv(*args), capture_output=True, text=True, env=full_env,
                                timeout=timeout)
        if check_status and result.returncode != 0:
            raise RuntimeError("rapportctl %s failed (%d): %s" % (" ".join(args), result.returncode,
                                                                   result.stderr.strip()))
        return result

    def json(self, *args):
        return json.loads(self.run("--json", *args).stdout)

    def add_account(self, sandbox):
        return self.run("account", "add", "--marketplace", sandbox.url, "--app-key", "sandbox",
                        env={"RAPPORT_APP_SECRET": "sandbox-secret"})


def integrity_ok(db):
    import sqlite3
    connection = sqlite3.connect(db)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
