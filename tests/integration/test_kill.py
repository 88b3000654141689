#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rapportctl killed with SIGKILL at random moments during syncs and sends, 50 times: the
cache passes PRAGMA integrity_check every time, and after a final run nothing is lost or
duplicated."""

import collections
import os
import random
import signal
import subprocess
import time

from rpinteg import Ctl, Sandbox, check, finish, integrity_ok

ROUNDS = int(os.environ.get("RAPPORT_KILL_ROUNDS", "50"))


def main():
    rng = random.Random(20261129)
    # Latency enough that a sync lasts longer than the moment it is killed at, however fast
    # the client gets: its length is about its calls times the latency over the calls the
    # engine keeps out at once (16).
    sandbox = Sandbox("--seed", "5", "--orders", "400", "--latency-ms", "50")
    try:
        ctl = Ctl()
        ctl.add_account(sandbox)
        orders = []
        texts = collections.defaultdict(list)
        bad_integrity = 0
        kills = 0

        for round_no in range(ROUNDS):
            if orders and rng.random() < 0.5:
                order = rng.choice(orders)
                text = "Kill test %03d for %s" % (round_no, order)
                argv = ctl.argv("send", "--order", order, text)
                texts[order].append(text)
            else:
                argv = ctl.argv("sync", "--quiet") + (["--full"] if rng.random() < 0.3 else [])
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.0, 1.2))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            if not integrity_ok(ctl.db):
                bad_integrity += 1
            if not orders:
                try:
                    orders = [o["order_id"] for o in ctl.json("orders")][:20]
                except Exception:
                    orders = []

        print("%d rounds, %d killed mid-run" % (ROUNDS, kills))
        check(kills >= ROUNDS // 4, "at least a quarter of the runs were killed mid-run (%d)" % kills)
        check(bad_integrity == 0, "integrity_check ok after every kill (%d failed)" % bad_integrity)

        # A send killed before its item was committed never happened; one committed must
        # arrive exactly once.  Final runs, with nothing killed, send what is left.
        for _ in range(10):
            ctl.run("sync", "--quiet", check_status=False)
            if all(i["state"] in ("sent", "failed-permanent") for i in ctl.json("outbox")):
                break
            time.sleep(1)
        items = ctl.json("outbox")
        pending = [i for i in items if i["state"] != "sent"]
        check(not pending, "every queued message is sent after the final runs (%d are not: %s)"
              % (len(pending), sorted(set(i["state"] for i in pending))))

        world = sandbox.export()
        at_sandbox = collections.Counter()
        for conversation in world["conversations"]:
            for message in conversation["messages"]:
                if message["sender"] == "seller" and message["content"].startswith("Kill test"):
                    at_sandbox[message["content"]] += 1
        cached = collections.Counter()
        for order in texts:
            for message in ctl.json("messages", order):
                if message["content"].startswith("Kill test"):
                    cached[message["content"]] += 1
        duplicated = [t for t, n in at_sandbox.items() if n > 1]
        lost = [t for t in cached if at_sandbox[t] == 0]
        print("operations %d, killed %d, lost %d, duplicated %d"
              % (sum(len(v) for v in texts.values()), kills, len(lost), len(duplicated)))
        check(not duplicated, "no message reached the sandbox twice (%d did)" % len(duplicated))
        check(not lost, "every message in the cache reached the sandbox (%d did not)" % len(lost))
        check(all(n == 1 for n in cached.values()), "no message is twice in the cache")
        check(integrity_ok(ctl.db), "integrity_check ok at the end")
    finally:
        sandbox.stop()
    finish()


if __name__ == "__main__":
    main()
