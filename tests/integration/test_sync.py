#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A full sync of a sandbox world equals the world's export; an incremental sync picks up
what the simulated buyers did after the sandbox clock moved."""

import collections

from rpinteg import Ctl, Sandbox, check, finish


def by(rows, key):
    return {str(row[key]): row for row in rows}


def compare(ctl, world, label, parcels=True):
    orders = by(ctl.json("orders"), "order_id")
    world_orders = by(world["orders"], "order_id")
    check(set(orders) == set(world_orders),
          "%s: the cache has the %d orders of the world (has %d)" % (label, len(world_orders), len(orders)))
    wrong_status = [o for o in world_orders if o in orders and orders[o]["status"] != world_orders[o]["order_status"]]
    check(not wrong_status, "%s: every order has the world's status (%d differ)" % (label, len(wrong_status)))
    wrong_buyer = [o for o in world_orders if o in orders and orders[o]["buyer_login_id"] != world_orders[o]["buyer_login_id"]]
    check(not wrong_buyer, "%s: every order has the world's buyer (%d differ)" % (label, len(wrong_buyer)))
    no_country = [o for o in world_orders if o in orders and not orders[o]["country"]]
    check(not no_country, "%s: every order has its buyer's country from the detail call (%d lack it)" % (label, len(no_country)))
    # The full record of a sample of orders: items, address, parcels with their events.
    sample = sorted(world_orders)[:: max(1, len(world_orders) // 40)]
    items_wrong = address_wrong = events_wrong = 0
    world_shipments = {str(s["order_id"]): s for s in world["shipments"]}
    for order_id in sample:
        detail = ctl.json("order", order_id)
        want = world_orders[order_id]
        if [(str(i["child_id"]), i["product_count"]) for i in want["items"]] != \
           [(i["child_id"], i["quantity"]) for i in detail["items"]]:
            items_wrong += 1
        if detail["address"]["zip"] != want["receipt_address"]["zip"] or \
           detail["address"]["city"] != want["receipt_address"]["city"]:
            address_wrong += 1
        if parcels and order_id in world_shipments:
            parcels = {p["tracking_no"]: p for p in detail["shipments"]}
            parcel = parcels.get(world_shipments[order_id]["logistics_no"])
            if parcel is None or len(parcel["events"]) != len(world_shipments[order_id]["events"]):
                events_wrong += 1
    check(items_wrong == 0, "%s: sampled orders have their items (%d of %d differ)" % (label, items_wrong, len(sample)))
    check(address_wrong == 0, "%s: sampled orders have their address (%d of %d differ)" % (label, address_wrong, len(sample)))
    check(events_wrong == 0, "%s: sampled parcels have their tracking events (%d of %d differ)" % (label, events_wrong, len(sample)))

    conversations = by(ctl.json("conversations"), "channel_id")
    world_conversations = by(world["conversations"], "channel_id")
    check(set(conversations) == set(world_conversations),
          "%s: the cache has the %d conversations (has %d)" % (label, len(world_conversations), len(conversations)))

    missing = 0
    extra = 0
    order_wrong = 0
    for channel, conversation in world_conversations.items():
        cached = [m for m in ctl.json("messages", channel) if m["message_id"]]
        want = [str(m["id"]) for m in conversation["messages"]]
        have = [m["message_id"] for m in cached]
        missing += len(set(want) - set(have))
        extra += len(set(have) - set(want))
        if [m for m in have if m in want] != [m for m in want if m in have]:
            order_wrong += 1
    check(missing == 0 and extra == 0,
          "%s: every message of every conversation, no more (%d missing, %d extra)" % (label, missing, extra))
    check(order_wrong == 0, "%s: messages in the world's order (%d conversations differ)" % (label, order_wrong))

    disputes = by(ctl.json("disputes"), "issue_id")
    world_disputes = by(world["disputes"], "issue_id")
    check(set(disputes) == set(world_disputes),
          "%s: the cache has the %d disputes (has %d)" % (label, len(world_disputes), len(disputes)))
    wrong = [i for i in world_disputes if i in disputes and disputes[i]["status"] != world_disputes[i]["issue_status"]]
    check(not wrong, "%s: every dispute has the world's status (%d differ)" % (label, len(wrong)))
    no_deadline = [i for i in world_disputes
                   if i in disputes and world_disputes[i]["timeout_trigger_time"] and not disputes[i]["deadline"]]
    check(not no_deadline, "%s: every dispute with a deadline has it (%d lack it)" % (label, len(no_deadline)))

    shipments = {s["tracking_no"]: s for s in ctl.json("shipments")}
    world_shipments = {s["logistics_no"]: s for s in world["shipments"]}
    check(set(shipments) == set(world_shipments),
          "%s: the cache has the %d shipments (has %d)" % (label, len(world_shipments), len(shipments)))


def main():
    sandbox = Sandbox("--seed", "7", "--orders", "300")
    try:
        ctl = Ctl()
        ctl.add_account(sandbox)
        accounts = ctl.json("account", "list")
        check(len(accounts) == 1 and accounts[0]["base_url"] == sandbox.url,
              "account add against the sandbox completes without interaction")

        ctl.run("sync", "--full", "--quiet")
        compare(ctl, sandbox.export(), "full sync")

        before = sandbox.stats()
        sandbox.advance(3 * 24 * 3600)
        after = sandbox.stats()
        check(after["messages"] > before["messages"] or after["orders"] > before["orders"],
              "three simulated days bring buyer activity (%d → %d messages, %d → %d orders)"
              % (before["messages"], after["messages"], before["orders"], after["orders"]))

        ctl.run("sync", "--quiet")
        # Parcels follow their own polling schedule (in real time, not the sandbox's), so
        # only a full sync promises every timeline is fresh.
        compare(ctl, sandbox.export(), "incremental sync", parcels=False)

        ctl.run("sync", "--full", "--quiet")
        compare(ctl, sandbox.export(), "full sync after activity")
    finally:
        sandbox.stop()
    finish()


if __name__ == "__main__":
    main()
