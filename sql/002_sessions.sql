-- SPDX-License-Identifier: ISC
-- Cockpit sign-in sessions: the cookie is stored only as a keyed hash.
-- A session acts as the token that signed in; revoking that token (or
-- suspending its tenant) ends the session too.

CREATE TABLE IF NOT EXISTS sessions (
  hash BINARY(32) NOT NULL,
  token_id CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  client_addr VARCHAR(64) NULL,
  PRIMARY KEY (hash),
  KEY sessions_token (token_id),
  KEY sessions_seen (last_seen_at)
) ENGINE=InnoDB;
