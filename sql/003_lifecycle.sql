-- SPDX-License-Identifier: ISC
-- Lifecycle integrity (SPEC §7): retired tenant ids, the tenant lifetime
-- policy, lineage lookups, sessions bound to a secret, and the rows that
-- every conflicting change writes so that Galera certification, not a
-- local lock, decides the races. Every statement can run twice.

-- A deleted tenant keeps its row as a tombstone ('deleted'): its id is
-- retired for good, and nobody inherits its tokens or audit.
ALTER TABLE tenants
  MODIFY COLUMN status ENUM('active', 'suspended', 'deleted') NOT NULL DEFAULT 'active',
  ADD COLUMN IF NOT EXISTS max_token_lifetime_days SMALLINT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS deleted_at DATETIME NULL,
  ADD COLUMN IF NOT EXISTS write_gen BIGINT UNSIGNED NOT NULL DEFAULT 0;

-- Tenants deleted before this migration left only their audit: retire
-- their ids too.
INSERT IGNORE INTO tenants (id, name, status, created_at, updated_at, deleted_at)
  SELECT target_id, target_id, 'deleted', MIN(at), MAX(at), MAX(at)
  FROM audit WHERE action = 'tenant.delete' AND target_type = 'tenant'
  GROUP BY target_id;

-- write_gen: a token that creates another writes its own row, so that a
-- concurrent revoke of it conflicts with the creation on every node.
-- tokens_created_by: the children of a token (cascade, expiry clamp).
ALTER TABLE tokens
  ADD COLUMN IF NOT EXISTS write_gen BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD INDEX IF NOT EXISTS tokens_created_by (created_by, status);

-- A session lives as long as the secret it was opened with; sessions made
-- before that rule cannot say which secret that was, and end now.
ALTER TABLE sessions
  ADD COLUMN IF NOT EXISTS secret_hash BINARY(32) NULL;
DELETE FROM sessions WHERE secret_hash IS NULL;
