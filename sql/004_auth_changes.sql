-- SPDX-License-Identifier: ISC
-- The change log the gate's caches follow (SPEC §9): every change that
-- can alter a verdict logs what it concerns (a secret's hash, kind 1, or a
-- tenant, kind 2) with the epoch it bumped auth_epoch to, in its own
-- transaction. A worker evicts just those entries; it empties its cache
-- only when the log no longer holds every epoch since its last read.
-- Workers prune epochs older than change_log_keep.

CREATE TABLE IF NOT EXISTS auth_changes (
  seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  epoch BIGINT UNSIGNED NOT NULL,
  kind TINYINT UNSIGNED NOT NULL,
  subject VARBINARY(64) NOT NULL,
  PRIMARY KEY (seq),
  KEY auth_changes_epoch (epoch)
) ENGINE=InnoDB;
