-- What a watched tag itself named at its last run: an image index or a manifest (watch_tag.digest is the image of the
-- server's platform in it). A run asks the registry for the tag's digest with a HEAD first and downloads the manifest
-- only when that digest is not one it knows; rows from before this column have none and are fetched once.
ALTER TABLE watch_tag ADD COLUMN tag_digest TEXT;

-- The job metrics (GET /api/v1/jobs/metrics) read the job of each kind that finished last.
CREATE INDEX job_kind_finished ON job (kind, finished_at);
