-- SPDX-License-Identifier: ISC
-- Tenants, tokens and their secrets, the audit trail, the revocation epoch.
-- InnoDB, utf8mb4, a primary key on every table, no locks or triggers:
-- everything here also runs on a Galera cluster.

CREATE TABLE IF NOT EXISTS tenants (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(128) NOT NULL,
  status ENUM('active', 'suspended') NOT NULL DEFAULT 'active',
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- tenant_id is a tenant's id or '*' (all tenants). live_name is the name
-- while the token is not revoked and NULL after: names are unique among
-- the non-revoked tokens of a tenant.
CREATE TABLE IF NOT EXISTS tokens (
  seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  id CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(128) NOT NULL,
  live_name VARCHAR(128) NULL,
  description VARCHAR(1024) NOT NULL DEFAULT '',
  permissions TINYINT UNSIGNED NOT NULL,
  status ENUM('pending', 'active', 'revoked') NOT NULL,
  hint VARCHAR(32) NOT NULL,
  expires_at DATETIME NULL,
  created_at DATETIME NOT NULL,
  created_by VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  updated_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  last_used_at DATETIME NULL,
  PRIMARY KEY (seq),
  UNIQUE KEY tokens_id (id),
  UNIQUE KEY tokens_live_name (tenant_id, live_name),
  KEY tokens_tenant (tenant_id, seq),
  KEY tokens_status (status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Keyed BLAKE2b-256 hashes of token secrets, never the secrets. A rotated
-- secret may stay valid until not_after (the grace period).
CREATE TABLE IF NOT EXISTS token_secrets (
  hash BINARY(32) NOT NULL,
  token_seq BIGINT UNSIGNED NOT NULL,
  not_after DATETIME NULL,
  PRIMARY KEY (hash),
  KEY token_secrets_token (token_seq)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS audit (
  seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  at DATETIME(3) NOT NULL,
  actor VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  action VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  target_type VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  target_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  client_addr VARCHAR(64) NULL,
  request_id VARCHAR(64) NULL,
  detail VARCHAR(2048) NULL,
  PRIMARY KEY (seq),
  KEY audit_tenant (tenant_id, seq),
  KEY audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Bumped in the transaction of every revoke, rotate, permission change and
-- tenant suspension or deletion: workers drop their cached verdicts when
-- it moves.
CREATE TABLE IF NOT EXISTS auth_epoch (
  id TINYINT UNSIGNED NOT NULL,
  epoch BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

INSERT IGNORE INTO auth_epoch (id, epoch) VALUES (1, 0);
