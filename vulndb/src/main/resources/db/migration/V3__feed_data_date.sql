-- How current each feed's data is, from the records themselves (issue 15: reports show the data's date, not the
-- import time), and whether the feed is a sample shipped with Warden rather than the complete source.
ALTER TABLE feed_state ADD COLUMN data_date TEXT;
ALTER TABLE feed_state ADD COLUMN sample INTEGER NOT NULL DEFAULT 0;
