-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 5.  An outbox item remembers that it keeps the buyer's quiet hours because
-- it was scheduled: a send that fails and is retried later is held back in the buyer's night
-- like the first try.  Until now the state 'scheduled' was the only trace of it, and the
-- first failure lost it.

ALTER TABLE outbox ADD COLUMN keeps_quiet_hours INTEGER NOT NULL DEFAULT 0;

UPDATE outbox SET keeps_quiet_hours = 1 WHERE state = 'scheduled';
