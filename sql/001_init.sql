-- Tenants, tokens and their secrets, the audit trail, the revocation epoch.
-- InnoDB, utf8mb4, a primary key on every table: Galera-safe.

CREATE TABLE IF NOT EXISTS tenants (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(128) NOT NULL,
  status ENUM('active', 'suspended') NOT NULL DEFAULT 'active',
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
