-- Advisory store, schema 1. Plain SQL that runs unchanged on SQLite and PostgreSQL:
-- TEXT, BIGINT and DOUBLE PRECISION columns, composite natural keys, no autoincrement.
-- Documents (doc) are the JSON of the core records; the columns beside them are what lookups use.

CREATE TABLE advisory (
    source    TEXT NOT NULL,   -- osv, debian-tracker, alpine-secdb
    id        TEXT NOT NULL,
    feed      TEXT NOT NULL,   -- the feed that wrote the row last
    modified  TEXT,
    withdrawn TEXT,
    doc       TEXT NOT NULL,   -- Advisory JSON without its affected entries
    PRIMARY KEY (source, id)
);
CREATE INDEX advisory_feed ON advisory (feed);

CREATE TABLE advisory_alias (
    source      TEXT NOT NULL,
    advisory_id TEXT NOT NULL,
    alias       TEXT NOT NULL,
    PRIMARY KEY (source, advisory_id, alias)
);
CREATE INDEX advisory_alias_alias ON advisory_alias (alias);

CREATE TABLE affected (
    source         TEXT NOT NULL,
    advisory_id    TEXT NOT NULL,
    ecosystem      TEXT NOT NULL,  -- OSV ecosystem with release suffix: Debian:12
    name           TEXT NOT NULL,  -- normalised package name (PackageNames)
    seq            BIGINT NOT NULL,
    feed           TEXT NOT NULL,
    ecosystem_base TEXT NOT NULL,  -- Debian
    purl_type      TEXT,           -- deb
    distro_release TEXT,
    status         TEXT NOT NULL,
    doc            TEXT NOT NULL,  -- AffectedPackage JSON
    PRIMARY KEY (source, advisory_id, ecosystem, name, seq)
);
CREATE INDEX affected_purl ON affected (purl_type, name);
CREATE INDEX affected_ecosystem ON affected (ecosystem_base, name);
CREATE INDEX affected_feed ON affected (feed);

CREATE TABLE kev (
    cve_id             TEXT NOT NULL PRIMARY KEY,
    feed               TEXT NOT NULL,
    vendor_project     TEXT,
    product            TEXT,
    vulnerability_name TEXT,
    date_added         TEXT,
    due_date           TEXT,
    required_action    TEXT,
    ransomware         TEXT,
    notes              TEXT
);

CREATE TABLE epss (
    cve_id        TEXT NOT NULL PRIMARY KEY,
    feed          TEXT NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    percentile    DOUBLE PRECISION NOT NULL,
    model_version TEXT,
    score_date    TEXT
);

CREATE TABLE nvd (
    cve_id        TEXT NOT NULL PRIMARY KEY,
    feed          TEXT NOT NULL,
    description   TEXT,
    published     TEXT,
    last_modified TEXT,
    doc           TEXT NOT NULL    -- severities JSON
);

-- One row per feed: what was imported when, and what the server said (for conditional downloads).
CREATE TABLE feed_state (
    feed          TEXT NOT NULL PRIMARY KEY,
    kind          TEXT NOT NULL,
    location      TEXT,            -- URL or local path of the last import
    etag          TEXT,
    last_modified TEXT,            -- the server's Last-Modified header, verbatim
    imported_at   TEXT NOT NULL,   -- ISO-8601 instant
    records       BIGINT NOT NULL,
    warnings      BIGINT NOT NULL,
    sha256        TEXT             -- of the imported file
);
