-- Watched registries and the jobs that scan them (issue 12, "the nightly job"). Plain SQL for SQLite and PostgreSQL,
-- as V1: TEXT and BIGINT columns, random text keys, epoch milliseconds.

-- A repository in a registry to rescan on a schedule. Credentials are a reference only (env:NAME, file:/path,
-- docker, docker:/path/config.json, or null for anonymous): the secret itself is read when a run needs it, never stored.
CREATE TABLE watch (
    id           TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    registry     TEXT NOT NULL,      -- host[:port]
    repository   TEXT NOT NULL,      -- path in the registry
    tag_pattern  TEXT NOT NULL,      -- glob: * ? [abc] {a,b}
    schedule     TEXT NOT NULL,      -- cron, 5 fields, UTC
    credentials  TEXT,               -- reference, see above
    insecure     BIGINT NOT NULL,    -- 1: plain HTTP allowed (loopback registries always may)
    enabled      BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- Work for the server's workers. A worker claims a row (FOR UPDATE SKIP LOCKED on PostgreSQL) by setting its lease;
-- it renews the lease while working; a row whose lease has expired is claimed again. A job's results are written in
-- the transaction that marks it done, and only while the lease is still its worker's.
CREATE TABLE job (
    id            TEXT NOT NULL PRIMARY KEY,
    kind          TEXT NOT NULL,     -- watch.run | watch.analyse | watch.finish
    dedupe_key    TEXT UNIQUE,       -- watch-run:WATCH:TICK (one run per schedule tick across replicas), analyse:DIGEST
    payload       TEXT NOT NULL,     -- JSON
    state         TEXT NOT NULL,     -- queued | running | done | failed
    attempts      BIGINT NOT NULL,   -- claims so far
    max_attempts  BIGINT NOT NULL,
    run_after     BIGINT NOT NULL,
    lease_owner   TEXT,
    lease_expires BIGINT,
    created_at    BIGINT NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    result        TEXT,              -- JSON, when done
    error         TEXT               -- the last failure, one line
);
CREATE INDEX job_claim ON job (state, run_after);
CREATE INDEX job_kind ON job (kind, created_at);

-- One run of a watch: scheduled (tick = the cron time it is for) or asked for (tick null).
CREATE TABLE watch_run (
    id            TEXT NOT NULL PRIMARY KEY,
    watch_id      TEXT NOT NULL,
    tick          BIGINT,
    trigger_kind  TEXT NOT NULL,     -- schedule | manual
    state         TEXT NOT NULL,     -- queued | listing | analysing | done | failed
    created_at    BIGINT NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    tags_listed   BIGINT,
    tags_matched  BIGINT,
    to_analyse    BIGINT,            -- digests not stored before this run
    analysed      BIGINT,
    failed        BIGINT,
    rejudged      BIGINT,
    moved         BIGINT,
    disappeared   BIGINT,
    error         TEXT
);
CREATE INDEX watch_run_watch ON watch_run (watch_id, created_at);

-- What a run saw per tag. status: new | moved | unchanged | gone | error (listed, but its manifest could not be read:
-- error says why; the watch keeps what it saw before); needs_analysis = 1 when its digest was not stored yet.
CREATE TABLE watch_run_tag (
    run_id          TEXT NOT NULL,
    tag             TEXT NOT NULL,
    digest          TEXT,            -- null when gone
    previous_digest TEXT,
    status          TEXT NOT NULL,
    needs_analysis  BIGINT NOT NULL,
    error           TEXT,
    PRIMARY KEY (run_id, tag)
);

-- Where each tag of a watch pointed at its last run; gone_at is set when a run no longer listed it.
CREATE TABLE watch_tag (
    watch_id   TEXT NOT NULL,
    tag        TEXT NOT NULL,
    digest     TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    gone_at    BIGINT,
    PRIMARY KEY (watch_id, tag)
);

-- A tag's history now also says what happened: null or 'moved' (it points to digest now), 'deleted' (the registry no
-- longer lists it; digest is where it pointed last).
ALTER TABLE tag_history ADD COLUMN change_kind TEXT;
