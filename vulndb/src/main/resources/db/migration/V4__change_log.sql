-- Change log, schema 4 (issue 12): every import writes, in its own transaction, which advisories it added, changed or
-- withdrew and which packages they name, so that a server watching this database re-judges only the stored images
-- that hold those packages. Same SQL on SQLite and PostgreSQL.

-- One row per (advisory, package) an import touched. seq grows by one per row and is handed out under the lock of
-- change_state's single row, so rows become visible in seq order even on PostgreSQL (a reader that has seen seq N
-- never later finds a new row below N).
CREATE TABLE change_log (
    seq         BIGINT NOT NULL PRIMARY KEY,
    at          BIGINT NOT NULL,   -- epoch milliseconds of the import
    feed        TEXT NOT NULL,
    source      TEXT NOT NULL,     -- osv, debian-tracker, alpine-secdb, kev, nvd; '*' for kind 'all'
    advisory_id TEXT NOT NULL,     -- the advisory or CVE; '*' for kind 'all'
    kind        TEXT NOT NULL,     -- added | changed | withdrawn | all (too many to list: everything may have changed)
    purl_type   TEXT,              -- the package it names; null when the ecosystem has no purl type
    name        TEXT
);

-- One row: this database's identity (set to a random value when first opened, and anew whenever 'warden db import
-- BUNDLE' swaps in a whole database file) and the last seq handed out.
CREATE TABLE change_state (
    id       BIGINT NOT NULL PRIMARY KEY,
    identity TEXT NOT NULL,
    last_seq BIGINT NOT NULL
);
INSERT INTO change_state (id, identity, last_seq) VALUES (1, '', 0);
