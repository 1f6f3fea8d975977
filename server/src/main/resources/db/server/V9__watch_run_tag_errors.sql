-- How many of a run's matched tags could not be resolved to an image (issue 12): a run whose tags errored must not
-- look clean in the watch list, and one whose every tag errored has failed. Null for runs before this column, and
-- until the run has listed its tags.
ALTER TABLE watch_run ADD COLUMN tag_errors BIGINT;
