-- SPDX-License-Identifier: ISC
-- Expiry notices (SPEC §8): a tenant's webhook, and the record of every
-- notice sent to it, so that each is sent once and failures are retried.

-- webhook_secret_box: the secret sealed with a key derived from the
-- server key (crypto_secretbox: nonce, MAC, ciphertext), never in clear.
ALTER TABLE tenants
  ADD COLUMN IF NOT EXISTS webhook_url VARCHAR(1024) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN IF NOT EXISTS webhook_secret_box VARBINARY(128) NULL;

-- The active tokens expiring soon (?expiring_within=, the notices).
ALTER TABLE tokens
  ADD INDEX IF NOT EXISTS tokens_expiry (status, expires_at);

-- One row a token and threshold (days: 30, 7 or 1), about one expiry
-- (expires_at): a new expiry starts the token's notices afresh.
-- claimed_until: a run is delivering it (another run leaves it alone).
CREATE TABLE IF NOT EXISTS token_notices (
  token_seq BIGINT UNSIGNED NOT NULL,
  days TINYINT UNSIGNED NOT NULL,
  expires_at DATETIME NOT NULL,
  sent_at DATETIME NULL,
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  last_attempt_at DATETIME NULL,
  last_status SMALLINT UNSIGNED NULL,
  last_error VARCHAR(255) NULL,
  claimed_until DATETIME NULL,
  PRIMARY KEY (token_seq, days),
  KEY token_notices_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
