-- Server schema 8, PostgreSQL (SQLite's is db/server-sqlite/V8; the two differ only where the dialects do): stored
-- images get an integer key, and the two tables of 200-odd rows per image (the match index's lookup keys and the
-- packages as the SBOM names them) are keyed by it instead of the 71-character digest. Those rows were three quarters
-- of a stored image's size (docs/server.md, "Continuous monitoring at scale"), and every page of them not in memory
-- is a read when a change touches an image.

-- Existing images numbered in push order; a new image takes the next value of image_key (replicas pushing at once
-- never wait for each other's numbers; a number a failed push took is not used again, which is harmless).
ALTER TABLE image ADD COLUMN id BIGINT;
UPDATE image SET id = r.n FROM (SELECT digest, ROW_NUMBER() OVER (ORDER BY first_pushed, digest) AS n FROM image) AS r
    WHERE r.digest = image.digest;
CREATE UNIQUE INDEX image_id ON image (id);
CREATE SEQUENCE image_key;
SELECT setval('image_key', (SELECT COALESCE(MAX(id), 0) + 1 FROM image), false);

CREATE TABLE image_advisory_key_v8 (
    image_id  BIGINT NOT NULL,  -- image.id
    purl_type TEXT NOT NULL,
    name      TEXT NOT NULL,
    packages  TEXT,             -- match_package ids, space-separated (V6); NULL: stored before V6
    PRIMARY KEY (image_id, purl_type, name)
);
-- rows naming an image no longer stored (there should be none) are not carried over: nothing could re-judge them
INSERT INTO image_advisory_key_v8 (image_id, purl_type, name, packages)
    SELECT i.id, k.purl_type, k.name, k.packages FROM image_advisory_key k JOIN image i ON i.digest = k.digest;
DROP TABLE image_advisory_key;
ALTER TABLE image_advisory_key_v8 RENAME TO image_advisory_key;
ALTER INDEX image_advisory_key_v8_pkey RENAME TO image_advisory_key_pkey;
-- image_id in the index too: the images holding a changed package are found from the index alone (index-only scan)
CREATE INDEX image_advisory_key_name ON image_advisory_key (purl_type, name, image_id);

CREATE TABLE image_package_v8 (
    image_id  BIGINT NOT NULL,  -- image.id
    purl_type TEXT NOT NULL,
    name      TEXT NOT NULL,
    version   TEXT NOT NULL,
    purl      TEXT NOT NULL,
    PRIMARY KEY (image_id, purl)
);
INSERT INTO image_package_v8 (image_id, purl_type, name, version, purl)
    SELECT i.id, p.purl_type, p.name, p.version, p.purl FROM image_package p JOIN image i ON i.digest = p.digest;
DROP TABLE image_package;
ALTER TABLE image_package_v8 RENAME TO image_package;
ALTER INDEX image_package_v8_pkey RENAME TO image_package_pkey;
CREATE INDEX image_package_name ON image_package (purl_type, name, image_id);
