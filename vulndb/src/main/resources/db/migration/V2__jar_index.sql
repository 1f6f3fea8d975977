-- Jar index, schema 2: SHA-1 of a jar file -> the Maven coordinates it was published under. Fed by
-- 'warden db import DIR' (Maven/Gradle repository layouts) and Trivy's Java index (trivy-java.db);
-- consulted for every Java archive without pom.properties. Same SQL on SQLite and PostgreSQL.
-- One SHA-1 may have several coordinates (relocations, re-uploads) and several feeds may hold it.

CREATE TABLE jar_index (
    sha1        TEXT NOT NULL,   -- lower-case hex
    group_id    TEXT NOT NULL,
    artifact_id TEXT NOT NULL,
    version     TEXT NOT NULL,
    feed        TEXT NOT NULL,   -- jars:/abs/path/of/the/repository, trivy-java-db, ...
    PRIMARY KEY (sha1, group_id, artifact_id, version, feed)
);
CREATE INDEX jar_index_feed ON jar_index (feed);
