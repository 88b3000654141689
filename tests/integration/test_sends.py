#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exactly once under faults: 1,000 messages queued and sent while the sandbox fails 30 %
of requests (errors, resets, truncated bodies, throttling, and writes applied but never
answered) reach the sandbox exactly once each, in order within each conversation."""

import collections
import os
import subprocess
import time

from rpinteg import Ctl, Sandbox, check, finish

N = int(os.environ.get("RAPPORT_SENDS", "1000"))
CHANNELS = 25


def main():
    # Slow answers take 0.2 s instead of 3 s: the same fault, a shorter test.
    sandbox = Sandbox("--seed", "11", "--orders", "60", "--slow-ms", "200")
    try:
        ctl = Ctl()
        ctl.add_account(sandbox)
        ctl.run("sync", "--full", "--quiet")
        orders = [o["order_id"] for o in ctl.json("orders")][:CHANNELS]
        check(len(orders) == CHANNELS, "the world has %d orders to write to" % CHANNELS)

        sandbox.faults(0.3)
        start = time.monotonic()
        texts = collections.defaultdict(list)
        # Queue everything first, then send: one process a message would measure process
        # start-up, not the outbox.
        for i in range(N):
            order = orders[i % len(orders)]
            text = "Rapport delivery check %04d for order %s" % (i, order)
            ctl.run("send", "--queue-only", "--order", order, text)
            texts[order].append(text)

        passes = 0
        pending = N
        deadline = time.monotonic() + 900
        while pending > 0 and time.monotonic() < deadline:
            passes += 1
            ctl.run("sync", "--outbox-only", "--quiet", check_status=False)
            items = ctl.json("outbox")
            pending = sum(1 for item in items if item["state"] not in ("sent", "failed-permanent"))
            if pending:
                time.sleep(1)
        elapsed = time.monotonic() - start

        items = ctl.json("outbox")
        permanent = [item for item in items if item["state"] == "failed-permanent"]
        sent = [item for item in items if item["state"] == "sent"]
        stats = sandbox.stats()
        print("sent %d messages in %.1f s over %d passes; faults injected: %s"
              % (len(sent), elapsed, passes, stats.get("faults")))
        check(not permanent, "no message failed for good (%d did: %s)"
              % (len(permanent), permanent[0]["last_error"] if permanent else ""))
        check(len(sent) == N, "all %d outbox items are sent (%d are)" % (N, len(sent)))

        sandbox.faults(0)
        world = sandbox.export()
        at_sandbox = collections.defaultdict(list)
        for conversation in world["conversations"]:
            if conversation.get("order_id") is not None and str(conversation["order_id"]) in texts:
                at_sandbox[str(conversation["order_id"])] += [
                    m["content"] for m in conversation["messages"]
                    if m["sender"] == "seller" and m["content"].startswith("Rapport delivery check")]

        total = sum(len(v) for v in at_sandbox.values())
        duplicated = sum(len(v) - len(set(v)) for v in at_sandbox.values())
        lost = sum(len(set(texts[o]) - set(at_sandbox.get(o, []))) for o in texts)
        out_of_order = [o for o in texts if at_sandbox.get(o, []) != texts[o]]
        if out_of_order:
            o = out_of_order[0]
            print("order %s: sent %r… found %r…" % (o, texts[o][:3], at_sandbox.get(o, [])[:3]))
        print("operations %d, faults %s, lost %d, duplicated %d" % (N, stats.get("faults"), lost, duplicated))
        check(total == N, "exactly %d messages arrived at the sandbox (%d did)" % (N, total))
        check(lost == 0, "no message lost (%d were)" % lost)
        check(duplicated == 0, "no message duplicated (%d were)" % duplicated)
        check(not out_of_order, "every conversation has its messages in order (%d do not)" % len(out_of_order))
    finally:
        sandbox.stop()
    finish()


if __name__ == "__main__":
    main()
