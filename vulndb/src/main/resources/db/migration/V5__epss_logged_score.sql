-- Advisory store, schema 5 (issue 12): EPSS changes go into the change log like KEV and NVD ones, so a watcher
-- re-judges the images with findings of a CVE whose score moved. Scores drift a little every day for every CVE: a
-- change is logged once the score is far enough from the score last logged for the CVE
-- (ChangeRecorder.EPSS_LOGGED_CHANGE), which this column keeps, so slow drift is logged when it adds up instead of
-- never. Null until the first import that logs. Same SQL on SQLite and PostgreSQL.
ALTER TABLE epss ADD COLUMN logged_score DOUBLE PRECISION;
