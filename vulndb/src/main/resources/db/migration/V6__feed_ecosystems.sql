-- Advisory store, schema 6 (issue 12): which ecosystems each advisory feed's records name (affected.ecosystem_base:
-- Debian, Alpine, PyPI, Maven...), written by every import. A shipped sample part stops counting as "the data" for an
-- ecosystem only once a feed of the user's own covers that ecosystem (VulnDb.describe). Filled here for the feeds
-- imported before. Same SQL on SQLite and PostgreSQL.
CREATE TABLE feed_ecosystem (
    feed      TEXT NOT NULL,
    ecosystem TEXT NOT NULL,
    PRIMARY KEY (feed, ecosystem)
);
INSERT INTO feed_ecosystem (feed, ecosystem) SELECT DISTINCT feed, ecosystem_base FROM affected;
