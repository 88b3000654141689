-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2.  Search runs as the seller types, from the first letter: a one-letter
-- prefix query without its own prefix index walks every term that starts with that letter
-- (tens of milliseconds over 400,000 messages), with one it is a single lookup.  FTS5 cannot
-- change its prefix option in place, so the index is rebuilt from the messages.  The
-- triggers of version 1 keep maintaining it: they name the table, not its options.

DROP TABLE messages_fts;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content,
  buyer_name,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

INSERT INTO messages_fts (rowid, content, buyer_name)
SELECT m.id,
       replace (replace (m.content, char (1), ' '), char (2), ' '),
       replace (replace (coalesce ((SELECT c.buyer_name FROM conversations c
                                    WHERE c.account_id = m.account_id
                                      AND c.channel_id = m.channel_id),
                                   CASE WHEN m.is_own THEN NULL ELSE m.sender_name END,
                                   ''),
                         char (1), ' '), char (2), ' ')
FROM messages m;
