-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1.  Times are INTEGER UTC microseconds since the epoch; money is INTEGER
-- minor units beside its ISO 4217 code.  Every row belongs to an account and goes with it.
-- Secrets (app secret, tokens) never live here: they are in the Secret Service.

CREATE TABLE accounts (
  id           INTEGER PRIMARY KEY,
  marketplace  TEXT NOT NULL,
  base_url     TEXT NOT NULL,
  app_key      TEXT NOT NULL,
  name         TEXT NOT NULL DEFAULT '',
  seller_id    TEXT,
  created_at   INTEGER NOT NULL
);

CREATE TABLE orders (
  id                   INTEGER PRIMARY KEY,
  account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  order_id             TEXT NOT NULL,
  raw_status           TEXT,
  status               INTEGER NOT NULL DEFAULT 0,
  issue_status         TEXT,
  logistics_status     TEXT,
  created_at           INTEGER NOT NULL DEFAULT 0,
  paid_at              INTEGER NOT NULL DEFAULT 0,
  modified_at          INTEGER NOT NULL DEFAULT 0,
  ship_by              INTEGER NOT NULL DEFAULT 0,
  buyer_login_id       TEXT,
  buyer_name           TEXT,
  buyer_country        TEXT,
  total_cents          INTEGER NOT NULL DEFAULT 0,
  total_currency       TEXT NOT NULL DEFAULT '',
  memo                 TEXT,
  addr_contact_person  TEXT,
  addr_country         TEXT,
  addr_province        TEXT,
  addr_city            TEXT,
  addr_address         TEXT,
  addr_address2        TEXT,
  addr_detail_address  TEXT,
  addr_zip             TEXT,
  addr_phone           TEXT,
  has_detail           INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, order_id)
);

CREATE INDEX orders_by_created ON orders (account_id, created_at DESC, id DESC);
CREATE INDEX orders_by_modified ON orders (account_id, modified_at DESC, id DESC);
CREATE INDEX orders_by_status ON orders (account_id, status, created_at DESC, id DESC);
-- "No ship-by time" sorts last: the list query uses this very expression.
CREATE INDEX orders_by_ship_by
  ON orders (account_id, (CASE WHEN ship_by = 0 THEN 9223372036854775807 ELSE ship_by END), id);
CREATE INDEX orders_all_by_created ON orders (created_at DESC, id DESC);
CREATE INDEX orders_all_by_modified ON orders (modified_at DESC, id DESC);
CREATE INDEX orders_all_by_ship_by
  ON orders ((CASE WHEN ship_by = 0 THEN 9223372036854775807 ELSE ship_by END), id);

CREATE TABLE order_items (
  id                INTEGER PRIMARY KEY,
  account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  order_row         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  child_id          TEXT,
  product_id        TEXT,
  title             TEXT,
  variant           TEXT,
  sku               TEXT,
  quantity          INTEGER NOT NULL DEFAULT 0,
  unit_price_cents  INTEGER NOT NULL DEFAULT 0,
  unit_price_currency TEXT NOT NULL DEFAULT '',
  image_url         TEXT,
  memo              TEXT
);

CREATE INDEX order_items_by_order ON order_items (order_row, position);

-- Local-only knowledge about an order that no sync may overwrite: the confirmation state,
-- its deadline, the reason given for overriding the note gate, …
CREATE TABLE order_state (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  order_id    TEXT NOT NULL,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, order_id, key)
) WITHOUT ROWID;

CREATE TABLE conversations (
  id                   INTEGER PRIMARY KEY,
  account_id           INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  channel_id           TEXT NOT NULL,
  buyer_login_id       TEXT,
  buyer_name           TEXT,
  order_id             TEXT,
  unread_count         INTEGER NOT NULL DEFAULT 0,
  read                 INTEGER NOT NULL DEFAULT 0,
  processed            INTEGER NOT NULL DEFAULT 0,
  rank                 INTEGER NOT NULL DEFAULT 0,
  last_message_at      INTEGER NOT NULL DEFAULT 0,
  last_message_text    TEXT,
  last_message_is_own  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, channel_id)
);

CREATE INDEX conversations_by_activity ON conversations (account_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_all_by_activity ON conversations (last_message_at DESC, id DESC);

CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  payload     TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'queued',
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  ambiguous   INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  not_before  INTEGER NOT NULL DEFAULT 0,
  sent_at     INTEGER NOT NULL DEFAULT 0,
  remote_id   TEXT
);

CREATE INDEX outbox_by_target ON outbox (account_id, target_id, id);
CREATE INDEX outbox_by_state ON outbox (state, not_before, id);

CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id       TEXT,
  channel_id       TEXT NOT NULL,
  sender_login_id  TEXT,
  sender_name      TEXT,
  is_own           INTEGER NOT NULL DEFAULT 0,
  content          TEXT NOT NULL DEFAULT '',
  sent_at          INTEGER NOT NULL DEFAULT 0,
  message_type     TEXT,
  extern_id        TEXT,
  image_urls       TEXT,
  outbox_id        INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
  UNIQUE (account_id, message_id)
);

CREATE INDEX messages_by_channel ON messages (account_id, channel_id, sent_at, id);
CREATE INDEX messages_by_outbox ON messages (outbox_id) WHERE outbox_id IS NOT NULL;

-- A full-text copy of each message and its buyer's name, rowid = messages.id.  It keeps its
-- own content so that highlight() can report match offsets; the store maintains it.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content,
  buyer_name,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- The FTS copy must not contain the two marker characters highlight() brackets matches
-- with, so they become spaces: same byte length, so offsets still fit the real content.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO messages_fts (rowid, content, buyer_name)
  VALUES (new.id,
          replace (replace (new.content, char (1), ' '), char (2), ' '),
          replace (replace (coalesce ((SELECT c.buyer_name FROM conversations c
                                       WHERE c.account_id = new.account_id
                                         AND c.channel_id = new.channel_id),
                                      CASE WHEN new.is_own THEN NULL ELSE new.sender_name END,
                                      ''),
                            char (1), ' '), char (2), ' '));
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, channel_id, sender_name, is_own ON messages
BEGIN
  DELETE FROM messages_fts WHERE rowid = old.id;
  INSERT INTO messages_fts (rowid, content, buyer_name)
  VALUES (new.id,
          replace (replace (new.content, char (1), ' '), char (2), ' '),
          replace (replace (coalesce ((SELECT c.buyer_name FROM conversations c
                                       WHERE c.account_id = new.account_id
                                         AND c.channel_id = new.channel_id),
                                      CASE WHEN new.is_own THEN NULL ELSE new.sender_name END,
                                      ''),
                            char (1), ' '), char (2), ' '));
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
BEGIN
  DELETE FROM messages_fts WHERE rowid = old.id;
END;

-- A conversation that arrives (or is renamed) after its messages re-indexes their buyer name.
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations
WHEN new.buyer_name IS NOT NULL
BEGIN
  UPDATE messages_fts
     SET buyer_name = replace (replace (new.buyer_name, char (1), ' '), char (2), ' ')
   WHERE rowid IN (SELECT id FROM messages
                   WHERE account_id = new.account_id AND channel_id = new.channel_id);
END;

CREATE TRIGGER conversations_fts_update AFTER UPDATE OF buyer_name ON conversations
WHEN new.buyer_name IS NOT old.buyer_name
BEGIN
  UPDATE messages_fts
     SET buyer_name = replace (replace (coalesce (new.buyer_name, ''), char (1), ' '), char (2), ' ')
   WHERE rowid IN (SELECT id FROM messages
                   WHERE account_id = new.account_id AND channel_id = new.channel_id);
END;

CREATE TABLE disputes (
  id                      INTEGER PRIMARY KEY,
  account_id              INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  issue_id                TEXT NOT NULL,
  order_id                TEXT,
  parent_order_id         TEXT,
  buyer_login_id          TEXT,
  status                  INTEGER NOT NULL DEFAULT 0,
  raw_status              TEXT,
  reason                  TEXT,
  reason_id               TEXT,
  detail_status           TEXT,
  timeout_type            TEXT,
  deadline                INTEGER NOT NULL DEFAULT 0,
  created_at              INTEGER NOT NULL DEFAULT 0,
  modified_at             INTEGER NOT NULL DEFAULT 0,
  product_name            TEXT,
  product_price_cents     INTEGER NOT NULL DEFAULT 0,
  product_price_currency  TEXT NOT NULL DEFAULT '',
  refund_max_cents        INTEGER NOT NULL DEFAULT 0,
  refund_max_currency     TEXT NOT NULL DEFAULT '',
  has_detail              INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, issue_id)
);

CREATE INDEX disputes_by_deadline ON disputes (account_id, deadline, id);
CREATE INDEX disputes_by_order ON disputes (account_id, order_id);

CREATE TABLE dispute_solutions (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  dispute_row      INTEGER NOT NULL REFERENCES disputes (id) ON DELETE CASCADE,
  party            TEXT NOT NULL,          -- buyer, seller, platform: which list it came in
  position         INTEGER NOT NULL,
  solution_id      TEXT,
  solution_type    TEXT,
  owner            TEXT,
  status           TEXT,
  is_default       INTEGER NOT NULL DEFAULT 0,
  refund_cents     INTEGER NOT NULL DEFAULT 0,
  refund_currency  TEXT NOT NULL DEFAULT '',
  content          TEXT,
  created_at       INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX dispute_solutions_by_dispute ON dispute_solutions (dispute_row, party, position);

CREATE TABLE dispute_events (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  dispute_row  INTEGER NOT NULL REFERENCES disputes (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  action_type  TEXT,
  actor        TEXT,
  content      TEXT,
  at           INTEGER NOT NULL DEFAULT 0,
  attachments  TEXT
);

CREATE INDEX dispute_events_by_dispute ON dispute_events (dispute_row, position);

CREATE TABLE shipments (
  id              INTEGER PRIMARY KEY,
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  order_id        TEXT NOT NULL,
  tracking_no     TEXT NOT NULL,
  service_name    TEXT,
  to_country      TEXT,
  shipped_at      INTEGER NOT NULL DEFAULT 0,
  received_at     INTEGER NOT NULL DEFAULT 0,
  receive_status  TEXT,
  status          INTEGER NOT NULL DEFAULT 0,
  last_event_at   INTEGER NOT NULL DEFAULT 0,
  last_polled_at  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, order_id, tracking_no)
);

CREATE INDEX shipments_by_shipped ON shipments (account_id, shipped_at DESC, id DESC);

CREATE TABLE tracking_events (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  shipment_row  INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  at            INTEGER NOT NULL DEFAULT 0,
  description   TEXT,
  address       TEXT,
  action_code   TEXT
);

CREATE INDEX tracking_events_by_shipment ON tracking_events (shipment_row, position);

CREATE TABLE sync_cursors (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  resource    TEXT NOT NULL,
  value       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, resource)
) WITHOUT ROWID;
