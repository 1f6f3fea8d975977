-- The console's sign-in sessions (issue 13). A session is made when someone signs in with an API token; the browser
-- holds a random value in an HttpOnly cookie and the server keeps only its SHA-256 (as it does for tokens), so a copy
-- of the database signs no one in. The role is the token's, read on every request: revoking the token ends its
-- sessions at once. Rows past their idle or absolute expiry are deleted when someone signs in.
CREATE TABLE console_session (
    id_hash     TEXT NOT NULL PRIMARY KEY,  -- SHA-256 (hex) of the cookie's value
    token_id    TEXT NOT NULL,              -- api_token.id signed in with
    created_at  BIGINT NOT NULL,            -- absolute expiry counts from here
    last_seen   BIGINT NOT NULL             -- idle expiry counts from here
);
CREATE INDEX console_session_token ON console_session (token_id);
CREATE INDEX console_session_seen ON console_session (last_seen);
