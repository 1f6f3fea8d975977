-- Continuous monitoring (issue 12): what re-judges stored images when advisories, VEX or the policy change, the alerts
-- that raises and the webhooks that carry them. Same SQL on SQLite and PostgreSQL, as V1.

-- What caused a judgement beyond its kind: the advisory ids of the change, the VEX statements, the policy version
-- (JSON), and the findings that came and went with it.
ALTER TABLE judgement ADD COLUMN cause_detail TEXT;

-- The keys the matcher looks advisories up by, per stored SBOM: (purl type, normalised name), OS packages by their
-- source package. A changed advisory names its package the same way, so this finds the images it can touch.
-- (image_package holds the binary packages as the SBOM lists them: libsope1, where Debian's advisory names sope.)
CREATE TABLE image_advisory_key (
    digest    TEXT NOT NULL,
    purl_type TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (digest, purl_type, name)
);
CREATE INDEX image_advisory_key_name ON image_advisory_key (purl_type, name);

-- How far each trigger has been followed: the advisory database's change log (its identity and last seq), the VEX
-- revision, the policy version. A replica works on a range only while it holds the lease (owner, lease_until), so
-- several replicas never judge the same range at once; a replica that dies loses the lease when it runs out.
CREATE TABLE monitor_cursor (
    name        TEXT NOT NULL PRIMARY KEY,  -- advisories | vex | policy
    identity    TEXT NOT NULL,              -- advisories: the advisory database's identity; else ''
    position    BIGINT NOT NULL,
    owner       TEXT,
    lease_until BIGINT,
    updated_at  BIGINT NOT NULL
);

-- Alerts, written in the transaction of the judgement that raised them.
CREATE TABLE alert (
    id             TEXT NOT NULL PRIMARY KEY,
    created        BIGINT NOT NULL,
    kind           TEXT NOT NULL,   -- new_finding | new_kev | verdict_changed | grade_dropped
    digest         TEXT NOT NULL,
    repository     TEXT NOT NULL,
    judgement_id   TEXT NOT NULL,
    cause          TEXT NOT NULL,   -- advisories | vex | policy | push ...
    severity       TEXT,            -- the highest severity among the alert's findings
    advisories     TEXT NOT NULL,   -- JSON array of advisory ids
    verdict_before TEXT,
    verdict_after  TEXT,
    grade_before   TEXT,
    grade_after    TEXT,
    doc            TEXT NOT NULL    -- JSON: the findings (id, package, version, severity, kev) and the cause's detail
);
CREATE INDEX alert_created ON alert (created, id);
CREATE INDEX alert_digest ON alert (digest, created);

-- Webhooks: where alerts are POSTed. The secret keys the HMAC of each delivery; the API never returns it.
CREATE TABLE webhook (
    id          TEXT NOT NULL PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    format      TEXT NOT NULL,   -- warden | slack
    kinds       TEXT NOT NULL,   -- JSON array of alert kinds; empty: every kind
    active      BIGINT NOT NULL,
    description TEXT,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL
);

-- The outbox: one row per (webhook, alert), written with the alert; a worker sends it, with retries and backoff.
CREATE TABLE webhook_delivery (
    id           TEXT NOT NULL PRIMARY KEY,
    webhook_id   TEXT NOT NULL,
    alert_id     TEXT NOT NULL,
    event        TEXT NOT NULL,   -- X-Warden-Event
    body         TEXT NOT NULL,   -- the exact bytes sent (UTF-8), which the signature covers
    state        TEXT NOT NULL,   -- pending | delivered | failed
    attempts     BIGINT NOT NULL,
    next_attempt BIGINT NOT NULL,
    last_status  BIGINT,
    last_error   TEXT,
    created      BIGINT NOT NULL,
    delivered_at BIGINT,
    owner        TEXT,            -- the replica sending it now, until lease_until
    lease_until  BIGINT
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (state, next_attempt);
CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, created);

-- Server settings set through the API (alert.threshold...).
CREATE TABLE server_setting (
    name       TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);
