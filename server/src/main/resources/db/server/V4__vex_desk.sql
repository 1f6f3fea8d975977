-- Issue 13's VEX desk: a developer proposes a statement, the security role approves or rejects it with a comment;
-- an approved statement with a review date stops applying after that date. Schema 4 (2 and 3 are issue 12's).

-- The security role's comment on its decision (required when rejecting).
ALTER TABLE vex_statement ADD COLUMN decision_comment TEXT;
-- The stored image the proposal was made from (the finding's image), when it was made from one.
ALTER TABLE vex_statement ADD COLUMN source_digest TEXT;
-- When the server noticed that the review date had passed, re-judged the images and said so; null until then. Set
-- with a compare-and-set, so one replica of several does the re-judging and raises the alert.
ALTER TABLE vex_statement ADD COLUMN expired_at BIGINT;

CREATE INDEX vex_statement_state ON vex_statement (state, created_at);
CREATE INDEX vex_statement_review ON vex_statement (review_date);
