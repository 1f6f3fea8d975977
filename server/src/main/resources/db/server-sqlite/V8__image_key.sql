-- Server schema 8, SQLite (PostgreSQL's is db/server-postgresql/V8; the two differ only where the dialects do): stored
-- images get an integer key, and the two tables of 200-odd rows per image (the match index's lookup keys and the
-- packages as the SBOM names them) are keyed by it instead of the 71-character digest. Those rows were three quarters
-- of a stored image's size (docs/server.md, "Continuous monitoring at scale"), and every page of them not in memory
-- is a read when a change touches an image. WITHOUT ROWID: each table is its primary key's b-tree, not a table plus an
-- index repeating the key.

-- Existing images numbered in push order; a new image takes MAX(id) + 1 in its push's transaction (SQLite has one
-- writer at a time, so two pushes cannot take the same number).
ALTER TABLE image ADD COLUMN id BIGINT;
UPDATE image SET id = r.n FROM (SELECT digest, ROW_NUMBER() OVER (ORDER BY first_pushed, digest) AS n FROM image) AS r
    WHERE r.digest = image.digest;
CREATE UNIQUE INDEX image_id ON image (id);

CREATE TABLE image_advisory_key_v8 (
    image_id  BIGINT NOT NULL,  -- image.id
    purl_type TEXT NOT NULL,
    name      TEXT NOT NULL,
    packages  TEXT,             -- match_package ids, space-separated (V6); NULL: stored before V6
    PRIMARY KEY (image_id, purl_type, name)
) WITHOUT ROWID;
-- rows naming an image no longer stored (there should be none) are not carried over: nothing could re-judge them
INSERT INTO image_advisory_key_v8 (image_id, purl_type, name, packages)
    SELECT i.id, k.purl_type, k.name, k.packages FROM image_advisory_key k JOIN image i ON i.digest = k.digest;
DROP TABLE image_advisory_key;
ALTER TABLE image_advisory_key_v8 RENAME TO image_advisory_key;
CREATE INDEX image_advisory_key_name ON image_advisory_key (purl_type, name);

CREATE TABLE image_package_v8 (
    image_id  BIGINT NOT NULL,  -- image.id
    purl_type TEXT NOT NULL,
    name      TEXT NOT NULL,
    version   TEXT NOT NULL,
    purl      TEXT NOT NULL,
    PRIMARY KEY (image_id, purl)
) WITHOUT ROWID;
INSERT INTO image_package_v8 (image_id, purl_type, name, version, purl)
    SELECT i.id, p.purl_type, p.name, p.version, p.purl FROM image_package p JOIN image i ON i.digest = p.digest;
DROP TABLE image_package;
ALTER TABLE image_package_v8 RENAME TO image_package;
CREATE INDEX image_package_name ON image_package (purl_type, name);
