-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 4.  Messages are indexed for search in batches instead of as each statement
-- writes them.  FTS5 writes out what it holds at every statement savepoint, so with triggers
-- writing into it every statement of a sync's page left a small index segment behind, and
-- FTS5 kept merging them: the largest part of the cache's time in a full sync.  The triggers
-- now only note which messages need (re)indexing; the store indexes them a few thousand at
-- a time in one statement, when it has been idle a moment, before every search and before
-- it closes (rp-store-db.c, index_pending_messages()).  Deletions reach the index at once.

CREATE TABLE messages_fts_pending (
  id  INTEGER PRIMARY KEY   -- messages.id
);

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER conversations_fts_insert;
DROP TRIGGER conversations_fts_update;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO messages_fts_pending (id)
  SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = new.id);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, channel_id, sender_name, is_own ON messages
BEGIN
  INSERT INTO messages_fts_pending (id)
  SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = new.id);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
BEGIN
  DELETE FROM messages_fts_pending WHERE id = old.id;
  DELETE FROM messages_fts WHERE rowid = old.id;
END;

-- A conversation that arrives (or is renamed) after its messages re-indexes their buyer name.
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations
WHEN new.buyer_name IS NOT NULL
BEGIN
  INSERT INTO messages_fts_pending (id)
  SELECT id FROM messages
  WHERE account_id = new.account_id AND channel_id = new.channel_id
    AND id NOT IN (SELECT id FROM messages_fts_pending);
END;

CREATE TRIGGER conversations_fts_update AFTER UPDATE OF buyer_name ON conversations
WHEN new.buyer_name IS NOT old.buyer_name
BEGIN
  INSERT INTO messages_fts_pending (id)
  SELECT id FROM messages
  WHERE account_id = new.account_id AND channel_id = new.channel_id
    AND id NOT IN (SELECT id FROM messages_fts_pending);
END;
