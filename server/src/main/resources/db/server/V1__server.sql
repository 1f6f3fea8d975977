-- The repository server's tables, schema 1. Plain SQL that runs unchanged on SQLite and PostgreSQL (as the advisory
-- store's): TEXT, BIGINT and BYTEA columns, natural or random text keys, no autoincrement. Times are epoch
-- milliseconds (BIGINT) so that they sort and compare the same on both. Documents (JSON) sit beside the columns that
-- filters and joins use. Flyway records this schema in server_schema_history, apart from the advisory store's.

-- One row per image digest: the image as last pushed. The SBOM is CycloneDX JSON, gzip-compressed.
CREATE TABLE image (
    digest         TEXT NOT NULL PRIMARY KEY,  -- sha256:... manifest digest (content digest for fs: and SBOM sources)
    digest_kind    TEXT NOT NULL,              -- manifest | content
    repository     TEXT NOT NULL,
    first_pushed   BIGINT NOT NULL,
    last_pushed    BIGINT NOT NULL,
    pushed_by      TEXT NOT NULL,              -- token name
    facts          TEXT NOT NULL,              -- JSON: platform, config, layers, distro, base image, secrets summary
    sbom           BYTEA NOT NULL,             -- CycloneDX JSON, gzip
    sbom_sha256    TEXT NOT NULL,              -- of the uncompressed SBOM
    package_count  BIGINT NOT NULL,
    judgement_id   TEXT,                       -- the current judgement (verdict, score)
    grade          TEXT,                       -- copied from the current judgement for list filters
    score          BIGINT,
    verdict        TEXT                        -- compliant | violated | no_data
);
CREATE INDEX image_repository ON image (repository);
CREATE INDEX image_grade ON image (grade);
CREATE INDEX image_verdict ON image (verdict);

-- Where a tag points now, and every move it made.
CREATE TABLE image_tag (
    repository TEXT NOT NULL,
    tag        TEXT NOT NULL,
    digest     TEXT NOT NULL,
    since      BIGINT NOT NULL,
    PRIMARY KEY (repository, tag)
);
CREATE INDEX image_tag_digest ON image_tag (digest);

CREATE TABLE tag_history (
    id              TEXT NOT NULL PRIMARY KEY,
    repository      TEXT NOT NULL,
    tag             TEXT NOT NULL,
    digest          TEXT NOT NULL,
    previous_digest TEXT,
    at              BIGINT NOT NULL
);
CREATE INDEX tag_history_tag ON tag_history (repository, tag, at);

-- Which packages each stored SBOM holds: the index continuous monitoring (issue 12) re-judges from, so that a new
-- advisory for (ecosystem, name) touches only the images that hold that package.
CREATE TABLE image_package (
    digest    TEXT NOT NULL,
    purl_type TEXT NOT NULL,
    name      TEXT NOT NULL,
    version   TEXT NOT NULL,
    purl      TEXT NOT NULL,
    PRIMARY KEY (digest, purl)
);
CREATE INDEX image_package_name ON image_package (purl_type, name);

-- Findings per image, kept across judgements: first seen, resolved when a later judgement no longer has them.
CREATE TABLE finding (
    digest        TEXT NOT NULL,
    finding_key   TEXT NOT NULL,      -- advisory id + package purl
    advisory_id   TEXT NOT NULL,
    aliases       TEXT NOT NULL,      -- JSON array
    package       TEXT NOT NULL,
    version       TEXT NOT NULL,
    purl          TEXT NOT NULL,
    severity      TEXT NOT NULL,
    fixed_version TEXT,
    kev           BIGINT NOT NULL,    -- 1 when in CISA KEV
    suppressed    BIGINT NOT NULL,    -- 1 when a VEX statement suppresses it
    vex_status    TEXT,
    first_seen    BIGINT NOT NULL,
    resolved_at   BIGINT,
    doc           TEXT NOT NULL,      -- the Finding as JSON (VEX decision included)
    PRIMARY KEY (digest, finding_key)
);
CREATE INDEX finding_advisory ON finding (advisory_id);
CREATE INDEX finding_open ON finding (digest, resolved_at);

-- Every judgement of an image: verdict, score, each policy's result, and what it was judged against.
CREATE TABLE judgement (
    id             TEXT NOT NULL PRIMARY KEY,
    digest         TEXT NOT NULL,
    judged_at      BIGINT NOT NULL,
    cause          TEXT NOT NULL,     -- push | policy | vex | advisories
    policy_version BIGINT,            -- null: the default set (no policy file published)
    vex_revision   BIGINT NOT NULL,   -- how many VEX changes the server had made
    db_state       TEXT NOT NULL,     -- JSON: advisory database location, newest import, records per feed
    verdict        TEXT NOT NULL,
    grade          TEXT NOT NULL,
    score          BIGINT NOT NULL,   -- percent
    points         BIGINT NOT NULL,
    maximum        BIGINT NOT NULL,
    results        TEXT NOT NULL,     -- JSON: the PolicyResult list
    summary        TEXT NOT NULL      -- JSON: finding counts by severity, suppressed count
);
CREATE INDEX judgement_digest ON judgement (digest, judged_at);

-- The policy file, every version; the highest is the active one.
CREATE TABLE policy_version (
    version    BIGINT NOT NULL PRIMARY KEY,
    yaml       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    comment    TEXT
);

-- VEX statements made on the server. state: approved (applies) | proposed | rejected (issue 13's desk uses the last
-- two); review_date: after it the statement stops applying (issue 13).
CREATE TABLE vex_statement (
    id            TEXT NOT NULL PRIMARY KEY,
    vulnerability TEXT NOT NULL,
    status        TEXT NOT NULL,
    state         TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    created_by    TEXT NOT NULL,
    decided_at    BIGINT,
    decided_by    TEXT,
    review_date   BIGINT,
    doc           TEXT NOT NULL       -- the statement as OpenVEX JSON
);
CREATE INDEX vex_statement_vulnerability ON vex_statement (vulnerability);

-- API tokens: only the SHA-256 of the token is kept.
CREATE TABLE api_token (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    last_used   BIGINT,
    revoked_at  BIGINT
);

-- Every change of policy, VEX or token: who, when, what before and after. Rows are only ever inserted.
CREATE TABLE audit_log (
    id          TEXT NOT NULL PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,        -- policy.publish, vex.create, token.create...
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before_doc  TEXT,
    after_doc   TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Server-wide counters (vex revision...), one row each.
CREATE TABLE server_state (
    name  TEXT NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO server_state (name, value) VALUES ('vex_revision', 0);
