#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exactly once for every kind of write, not only messages: order confirmations, dispute
solutions (save and agree), shipment declarations, mark read, mark processed and buyer
protection extensions are queued in the outbox and sent while the sandbox fails 30 % of
requests (errors, resets, truncated bodies, throttling, and writes applied but never
answered) and while rapportctl is killed at random moments.  The sandbox's own record of
the writes it applied, and its exported world, must show each operation exactly once.

Marking a conversation read or processed is the one write that is idempotent: a repeat
after an ambiguous failure changes nothing, so Rapport does not page through every unread
conversation to avoid it.  For those two kinds "duplicated" counts what the world shows
twice (nothing can be), and the repeats are printed apart."""

import collections
import json
import os
import random
import signal
import subprocess
import tempfile
import time

from rpinteg import BUILD, Ctl, Sandbox, check, finish, integrity_ok

N = int(os.environ.get("RAPPORT_WRITES", "80"))
# The first few passes of each kind are killed at a random moment.
KILLS = int(os.environ.get("RAPPORT_WRITES_KILLS", "8"))
QUEUE = os.path.join(BUILD, "tests", "integration", "rp-test-outbox")
METHODS = {
    "confirmation": "aliexpress.message.redefining.versiontwo.addmsg",
    "solution-save": "aliexpress.issue.solution.save",
    "solution-agree": "aliexpress.issue.solution.agree",
    "fulfill": "aliexpress.solution.order.fulfill",
    "mark-read": "aliexpress.message.redefining.versiontwo.updatemsgread",
    "mark-processed": "aliexpress.message.redefining.versiontwo.updatemsgprocessed",
    "extend-accept": "aliexpress.trade.redefining.extendsbuyeracceptgoodstime",
}
FAULT_KINDS = ("http_500", "reset", "truncated", "slow", "throttle", "ambiguous")
IDEMPOTENT = ("mark-read", "mark-processed")


def write_key(kind, params):
    """What identifies one operation in the sandbox's record of applied writes."""
    if kind == "confirmation":
        return params.get("create_param") and json.loads(params["create_param"]).get("content")
    if kind == "solution-save":
        return json.loads(params["param_dto"]).get("solution_context")
    if kind == "solution-agree":
        return params.get("issue_id")
    if kind == "fulfill":
        return params.get("logistics_no")
    if kind in ("mark-read", "mark-processed"):
        return params.get("channel_id")
    if kind == "extend-accept":
        return params.get("param0")
    return None


def plan(world, n):
    """The operations of each kind, on distinct orders, conversations and disputes."""
    ops = collections.OrderedDict((kind, []) for kind in METHODS)
    to_ship = [o for o in world["orders"] if o["order_status"] == "WAIT_SELLER_SEND_GOODS"]
    shipped = [o for o in world["orders"] if o["order_status"] == "WAIT_BUYER_ACCEPT_GOODS"]

    for i, order in enumerate(to_ship[:n]):
        text = "Write check: confirmation %03d of order %s, ship as ordered?" % (i, order["order_id"])
        ops["confirmation"].append(({"kind": "confirmation", "channel_id": str(order["order_id"]),
                                     "order_id": str(order["order_id"]),
                                     "buyer_login_id": order["buyer_login_id"], "text": text,
                                     "deadline": 0}, text))
    for i, order in enumerate(to_ship[n:2 * n]):
        tracking = "LP%014d" % (90000000000000 + i)
        ops["fulfill"].append(({"kind": "fulfill", "fulfillment": {
            "order_id": str(order["order_id"]), "service_name": "CAINIAO_STANDARD",
            "tracking_no": tracking}}, tracking))
    # Each extension also reads its order before it is sent (the baseline that tells later
    # whether it took effect): fewer of them keep the suite's time in bounds.
    for order in shipped[:max(1, n * 3 // 5)]:
        ops["extend-accept"].append(({"kind": "extend-accept", "order_id": str(order["order_id"]),
                                      "number": 3}, str(order["order_id"])))

    # Disputes: those whose buyer solution waits for the seller are agreed to or answered
    # with a counter-offer, alternately; the others with a refused buyer solution get one.
    agree_candidates, save_candidates = [], []
    for dispute in world["disputes"]:
        if dispute["issue_status"] != "processing":
            continue
        waiting = [s for s in dispute["solutions"]
                   if s["solution_owner"] == "buyer" and s["status"] == "wait_seller_accept"]
        buyer_solutions = [s for s in dispute["solutions"] if s["solution_owner"] == "buyer"]
        if waiting and len(agree_candidates) <= len(save_candidates):
            agree_candidates.append((dispute, waiting[0]))
        elif buyer_solutions:
            save_candidates.append((dispute, buyer_solutions[0]))
    for dispute, solution in agree_candidates[:n]:
        ops["solution-agree"].append(({"kind": "solution-agree", "issue_id": str(dispute["issue_id"]),
                                       "buyer_login_id": dispute["buyer_login_id"],
                                       "solution_id": str(solution["id"])}, str(dispute["issue_id"])))
    for i, (dispute, solution) in enumerate(save_candidates[:n]):
        text = "Write check: counter-offer %03d, a partial refund and you keep the item" % i
        maximum = int(round(float(dispute["refund_money_max"]["amount"]) * 100))
        ops["solution-save"].append(({"kind": "solution-save", "solution": {
            "issue_id": str(dispute["issue_id"]), "buyer_login_id": dispute["buyer_login_id"],
            "add": True, "solution_type": "refund", "buyer_solution_id": str(solution["id"]),
            "refund_cents": max(1, maximum // 2), "content": text}}, text))

    unread = [c for c in world["conversations"] if c["unread_count"] > 0]
    unprocessed = [c for c in world["conversations"] if c["deal_stat"] == 0]
    used = set()
    for conversation in unread[:n]:
        used.add(conversation["channel_id"])
        ops["mark-read"].append(({"kind": "mark-read", "channel_id": conversation["channel_id"]},
                                 conversation["channel_id"]))
    for conversation in [c for c in unprocessed if c["channel_id"] not in used][:n]:
        ops["mark-processed"].append(({"kind": "mark-processed", "channel_id": conversation["channel_id"],
                                       "flag": True}, conversation["channel_id"]))
    return ops


def queue(ctl, operations):
    result = subprocess.run([QUEUE, "--db", ctl.db], input=json.dumps(operations), capture_output=True,
                            text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError("rp-test-outbox failed: %s" % result.stderr.strip())
    return json.loads(result.stdout)


def fault_total(stats):
    faults = stats.get("faults", {})
    return sum(faults.get(k, 0) for k in FAULT_KINDS)


def applied_writes(state_dir):
    with open(os.path.join(state_dir, "sandbox-state.json"), encoding="utf-8") as f:
        return json.load(f)["writes"]


def effect_counts(world, kind, keys):
    """How many times each operation shows in the exported world, where it leaves a trace
    that a repetition would double; None where the world keeps only a state."""
    counts = collections.Counter()
    if kind == "confirmation":
        for conversation in world["conversations"]:
            for message in conversation["messages"]:
                if message["sender"] == "seller" and message["content"] in keys:
                    counts[message["content"]] += 1
    elif kind == "solution-save":
        for dispute in world["disputes"]:
            for solution in dispute["solutions"]:
                if solution["solution_owner"] == "seller" and solution["content"] in keys:
                    counts[solution["content"]] += 1
    elif kind == "solution-agree":
        for dispute in world["disputes"]:
            if str(dispute["issue_id"]) in keys:
                counts[str(dispute["issue_id"])] = sum(1 for h in dispute["history"]
                                                       if h["action_type"] == "seller_accept")
    elif kind == "fulfill":
        for shipment in world["shipments"]:
            if shipment["logistics_no"] in keys:
                counts[shipment["logistics_no"]] += 1
    elif kind == "mark-read":
        for conversation in world["conversations"]:
            if conversation["channel_id"] in keys and conversation["unread_count"] == 0:
                counts[conversation["channel_id"]] = 1
    elif kind == "mark-processed":
        for conversation in world["conversations"]:
            if conversation["channel_id"] in keys and conversation["deal_stat"] == 1:
                counts[conversation["channel_id"]] = 1
    else:
        return None
    return counts


def run_kind(sandbox, ctl, rng, kind, ops):
    """Queues @ops and sends them through faults and kills; returns (kills, faults)."""
    ids = set(queue(ctl, [op for op, _ in ops]))
    before = fault_total(sandbox.stats())
    sandbox.faults(0.3)
    kills = 0
    bad_integrity = 0
    passes = 0
    deadline = time.monotonic() + 600
    pending = len(ids)
    while pending > 0 and time.monotonic() < deadline:
        passes += 1
        proc = subprocess.Popen(ctl.argv("sync", "--outbox-only", "--quiet"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if passes <= KILLS:
            time.sleep(rng.uniform(0.1, 1.0))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
        proc.wait()
        if not integrity_ok(ctl.db):
            bad_integrity += 1
        items = [i for i in ctl.json("outbox") if i["id"] in ids]
        pending = sum(1 for i in items if i["state"] not in ("sent", "failed-permanent"))
        if pending:
            time.sleep(1)
    sandbox.faults(0)
    faults = fault_total(sandbox.stats()) - before
    check(bad_integrity == 0, "%s: integrity_check ok after every pass (%d failed)" % (kind, bad_integrity))
    items = [i for i in ctl.json("outbox") if i["id"] in ids]
    failed = [i for i in items if i["state"] != "sent"]
    check(not failed, "%s: every item is sent (%d are not: %s)"
          % (kind, len(failed), sorted(set("%s: %s" % (i["state"], i["last_error"]) for i in failed))[:3]))
    return kills, faults


def main():
    rng = random.Random(20261129)
    state_dir = tempfile.mkdtemp(prefix="rapport-writes-")
    # A stopped clock: no buyer acts meanwhile, so each change in the world is the seller's.
    sandbox = Sandbox("--seed", "23", "--orders", "20000", "--speed", "0", "--slow-ms", "200",
                      state_dir=state_dir)
    summary = []
    try:
        ctl = Ctl()
        ctl.add_account(sandbox)
        ops = plan(sandbox.export(), N)
        results = {}
        for kind, kind_ops in ops.items():
            start = time.monotonic()
            results[kind] = run_kind(sandbox, ctl, rng, kind, kind_ops)
            print("%s: %d operations sent in %.1f s" % (kind, len(kind_ops), time.monotonic() - start))

        world = sandbox.export()
        writes = applied_writes(state_dir)
        for kind, kind_ops in ops.items():
            keys = set(key for _, key in kind_ops)
            applied = collections.Counter()
            for write in writes:
                if write["method"] == METHODS[kind]:
                    key = write_key(kind, write["params"])
                    if key in keys:
                        applied[key] += 1
            lost = sum(1 for k in keys if applied[k] == 0)
            repeated = sum(1 for k in keys if applied[k] > 1)
            duplicated = 0 if kind in IDEMPOTENT else repeated
            effects = effect_counts(world, kind, keys)
            if effects is not None:
                lost += sum(1 for k in keys if effects[k] == 0 and applied[k] > 0)
                duplicated += sum(1 for k in keys if effects[k] > 1 and applied[k] <= 1)
            kills, faults = results[kind]
            line = ("%s: %d operations, %d faults injected, %d killed runs, %d lost, %d duplicated"
                    % (kind, len(kind_ops), faults, kills, lost, duplicated))
            if kind in IDEMPOTENT:
                line += " (%d set again after an ambiguous failure, which changes nothing)" % repeated
            summary.append(line)
            check(len(kind_ops) >= min(N, 50) * 3 // 5, "%s: the world gives %d operations" % (kind, len(kind_ops)))
            check(faults > 0, "%s: faults were injected (%d)" % (kind, faults))
            check(lost == 0, "%s: no operation lost (%d were)" % (kind, lost))
            check(duplicated == 0, "%s: no operation applied twice (%d were)" % (kind, duplicated))
        check(integrity_ok(ctl.db), "integrity_check ok at the end")
    finally:
        sandbox.stop()
    for line in summary:
        print(line)
    finish()


if __name__ == "__main__":
    main()
