-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 3.
--
-- accept_by: when the buyer's time to confirm receipt ends (the marketplace's over_time_left
-- of a shipped order).  Buyer protection ends then: a parcel still travelling at that moment
-- is a dispute waiting to happen, so Shipments counts down to it.
--
-- items_summary: the order's product names in one line, so that the orders list shows and
-- searches them without joining the items of 100,000 orders.  Filled from the items already
-- cached.
--
-- notices: the once-only notices already given (a dispute deadline alert, a closed
-- confirmation window…), so that a restart neither repeats nor forgets them.

ALTER TABLE orders ADD COLUMN accept_by INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN items_summary TEXT NOT NULL DEFAULT '';

UPDATE orders
   SET items_summary = coalesce ((SELECT substr (group_concat (i.title, ' '), 1, 500)
                                    FROM (SELECT title FROM order_items
                                           WHERE order_items.order_row = orders.id
                                             AND title IS NOT NULL
                                           ORDER BY position) AS i), '');

CREATE TABLE notices (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  fired_at    INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
) WITHOUT ROWID;
