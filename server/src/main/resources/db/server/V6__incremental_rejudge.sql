-- Incremental re-evaluation (issue 12 "Scale"): when an advisory changes, only the packages it names are matched
-- again, from these rows, without reading the stored SBOM back. Same SQL on SQLite and PostgreSQL, as V1.

-- The packages the matcher matches, each as the SBOM read back with the facts applied gives it (JSON), stored once
-- however many images hold it (a fleet's images hold the same packages over and over): id is the SHA-256 of doc.
CREATE TABLE match_package (
    id  TEXT NOT NULL PRIMARY KEY,
    doc TEXT NOT NULL
);

-- The packages matched through each of an image's lookup keys: match_package ids, space-separated (usually one;
-- rpm packages are under their binary and their source name). NULL: stored before V6.
ALTER TABLE image_advisory_key ADD COLUMN packages TEXT;

-- What matching and VEX read of a stored SBOM beside its packages: its distro (OS packages' releases) and the image
-- (digest, repository, tags a VEX product may name), as JSON. NULL: stored before V6, not indexed yet; such an image
-- is re-judged in full, which indexes it.
ALTER TABLE image ADD COLUMN match_view TEXT;
