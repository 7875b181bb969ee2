-- SPDX-License-Identifier: ISC
-- Policies at the gate (SPEC §8): a token's address ranges and rate
-- limit, the last addresses it was used from, and rotation until the new
-- secret's first use.

-- allowed_cidrs: canonical ranges, comma-separated (NULL: any address).
-- rate_limit_per_minute: NULL for none.
ALTER TABLE tokens
  ADD COLUMN IF NOT EXISTS allowed_cidrs VARCHAR(1500) CHARACTER SET ascii NULL,
  ADD COLUMN IF NOT EXISTS rate_limit_per_minute INT UNSIGNED NULL;

-- A rotation "until used": the new secret waits for its first acceptance
-- by the gate (first_use_pending); the old ones end then
-- (ends_on_first_use), or when their grace runs out.
ALTER TABLE token_secrets
  ADD COLUMN IF NOT EXISTS first_use_pending TINYINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS ends_on_first_use TINYINT UNSIGNED NOT NULL DEFAULT 0;

-- The last distinct addresses a token was used from, to the minute; the
-- workers keep 5 a token.
CREATE TABLE IF NOT EXISTS token_ips (
  token_seq BIGINT UNSIGNED NOT NULL,
  address VARCHAR(45) CHARACTER SET ascii NOT NULL,
  at DATETIME NOT NULL,
  PRIMARY KEY (token_seq, address)
) ENGINE=InnoDB;
