/* SPDX-License-Identifier: ISC */
/* Every SQL statement of the product: DB_STMT(id, read-only, text). */

/*
 * A DATETIME as seconds since 1970: UNIX_TIMESTAMP() and FROM_UNIXTIME()
 * stop in 2038 on MariaDB 10.11, and tokens carry dates up to 9999. Times
 * go in as DATETIME parameters (DBA_T); the connection's zone is UTC.
 */
#define DB_SECS(col)	"TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', " col ")"

#define DB_TENANT_COLS \
    "te.id, te.name, te.status, " DB_SECS("te.created_at") ", " \
    DB_SECS("te.updated_at") ", te.max_token_lifetime_days, te.webhook_url"
#define DB_TOKEN_COLS \
    "t.seq, t.id, t.tenant_id, t.name, t.description, t.permissions, " \
    "t.status, t.hint, " DB_SECS("t.expires_at") ", " \
    DB_SECS("t.created_at") ", t.created_by, " \
    DB_SECS("t.updated_at") ", " DB_SECS("t.revoked_at") ", " \
    DB_SECS("t.last_used_at") ", t.allowed_cidrs, t.rate_limit_per_minute, " \
    "(SELECT SUBSTRING_INDEX(GROUP_CONCAT(CONCAT(i.address, '@', " \
    DB_SECS("i.at") ") ORDER BY i.at DESC, i.address SEPARATOR ','), " \
    "',', 5) FROM token_ips i WHERE i.token_seq = t.seq)"
/* What the gatekeeper, a session and a write's re-read decide on. */
#define DB_AUTH_COLS \
    "t.id, t.tenant_id, t.permissions, t.status, " DB_SECS("t.expires_at") \
    ", " DB_SECS("s.not_after") ", " \
    "CASE WHEN t.tenant_id = '*' THEN 'active' " \
    "ELSE IFNULL(te.status, 'deleted') END, s.hash, " \
    DB_SECS("t.last_used_at") ", t.allowed_cidrs, t.rate_limit_per_minute, " \
    "s.first_use_pending"
/*
 * Reads that must see writes made through another Galera node first (a GET
 * after a POST through another pool, the revocation epoch) wait for the
 * cluster's causality; on a standalone server this costs nothing.
 */
#define DB_SYNC "SET STATEMENT wsrep_sync_wait = 1 FOR "
/* A pending token older than the TTL is gone, whether purged yet or not. */
#define DB_NOT_STALE \
    "NOT (t.status = 'pending' AND " \
    "t.created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND)"

/* A table read: a Galera node out of the Primary Component refuses it. */
DB_STMT(DB_PING, 1, "SELECT id FROM auth_epoch WHERE id = 1")
DB_STMT(DB_MIGRATION_APPLIED, 1,
    "SELECT version FROM schema_migrations WHERE version = ?")
DB_STMT(DB_MIGRATION_RECORD, 0,
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?, ?, UTC_TIMESTAMP())")

DB_STMT(DB_TENANT_INSERT, 0,
    "INSERT INTO tenants (id, name, status, created_at, updated_at, "
    "max_token_lifetime_days) "
    "VALUES (?, ?, 'active', UTC_TIMESTAMP(), UTC_TIMESTAMP(), ?)")
DB_STMT(DB_TENANT_GET, 1,
    DB_SYNC "SELECT " DB_TENANT_COLS " FROM tenants te WHERE te.id = ?")
DB_STMT(DB_TENANT_GET_LOCKED, 0,
    DB_SYNC "SELECT " DB_TENANT_COLS " FROM tenants te WHERE te.id = ? FOR UPDATE")
DB_STMT(DB_TENANT_LIST, 1,
    DB_SYNC "SELECT " DB_TENANT_COLS " FROM tenants te "
    "WHERE te.status <> 'deleted' AND (? = '*' OR te.id = ?) "
    "AND (? IS NULL OR te.id > ?) ORDER BY te.id LIMIT ?")
DB_STMT(DB_TENANT_UPDATE, 0,
    "UPDATE tenants SET name = ?, status = ?, max_token_lifetime_days = ?, "
    "updated_at = UTC_TIMESTAMP(), write_gen = write_gen + 1 WHERE id = ?")
/* The secret is stored sealed (webhook.c), never in clear. */
DB_STMT(DB_TENANT_SET_WEBHOOK, 0,
    "UPDATE tenants SET webhook_url = ?, webhook_secret_box = ?, "
    "updated_at = UTC_TIMESTAMP(), write_gen = write_gen + 1 WHERE id = ?")
/*
 * A change that adds a token to a tenant writes the tenant's row: its
 * deletion writes it too, so one of the two waits for (one node) or fails
 * certification against (Galera) the other, whichever node each ran on.
 */
DB_STMT(DB_TENANT_CLAIM, 0,
    "UPDATE tenants SET write_gen = write_gen + 1 "
    "WHERE id = ? AND status <> 'deleted'")
/* A deleted tenant stays as a tombstone: its id is never used again. */
DB_STMT(DB_TENANT_RETIRE, 0,
    "UPDATE tenants SET status = 'deleted', deleted_at = UTC_TIMESTAMP(), "
    "updated_at = UTC_TIMESTAMP(), write_gen = write_gen + 1 "
    "WHERE id = ? AND status <> 'deleted'")

DB_STMT(DB_TOKEN_INSERT, 0,
    "INSERT INTO tokens (id, tenant_id, name, live_name, description, "
    "permissions, status, hint, expires_at, created_at, created_by, "
    "updated_at, allowed_cidrs, rate_limit_per_minute) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?, "
    "UTC_TIMESTAMP(), ?, ?)")
DB_STMT(DB_TOKEN_GET, 1,
    DB_SYNC "SELECT " DB_TOKEN_COLS " FROM tokens t WHERE t.id = ? AND "
    DB_NOT_STALE)
DB_STMT(DB_TOKEN_GET_LOCKED, 0,
    DB_SYNC "SELECT " DB_TOKEN_COLS " FROM tokens t WHERE t.id = ? AND "
    DB_NOT_STALE " FOR UPDATE")
DB_STMT(DB_TOKEN_LIST, 1,
    DB_SYNC "SELECT " DB_TOKEN_COLS " FROM tokens t "
    "WHERE (? = '*' OR t.tenant_id = ?) "
    "AND (? IS NULL OR t.tenant_id = ?) "
    "AND (? IS NULL OR (CASE WHEN t.status = 'active' AND "
    "t.expires_at <= UTC_TIMESTAMP() THEN 'expired' ELSE t.status END) = ?) "
    "AND (? IS NULL OR INSTR(LOWER(t.name), LOWER(?)) > 0) "
    "AND (? IS NULL OR (t.status = 'active' AND "
    "t.expires_at > UTC_TIMESTAMP() AND "
    "t.expires_at <= UTC_TIMESTAMP() + INTERVAL ? DAY)) "
    "AND (? IS NULL OR t.seq < ?) "
    "AND " DB_NOT_STALE " ORDER BY t.seq DESC LIMIT ?")
DB_STMT(DB_TOKEN_UPDATE, 0,
    "UPDATE tokens SET name = ?, live_name = IF(status = 'revoked', NULL, ?), "
    "description = ?, permissions = ?, expires_at = ?, allowed_cidrs = ?, "
    "rate_limit_per_minute = ?, updated_at = UTC_TIMESTAMP() WHERE seq = ?")
DB_STMT(DB_TOKEN_ACTIVATE, 0,
    "UPDATE tokens SET status = 'active', updated_at = UTC_TIMESTAMP() "
    "WHERE seq = ? AND status = 'pending'")
DB_STMT(DB_TOKEN_REVOKE, 0,
    "UPDATE tokens SET status = 'revoked', live_name = NULL, "
    "revoked_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() "
    "WHERE seq = ? AND status <> 'revoked'")
DB_STMT(DB_TOKEN_SET_HINT, 0,
    "UPDATE tokens SET hint = ?, updated_at = UTC_TIMESTAMP() WHERE seq = ?")
/*
 * A token that creates another writes its own row first: a concurrent
 * revoke (cascading or not) of it writes that row too, so the two cannot
 * both commit unseen by each other, on one node or on a cluster.
 */
/*
 * What the gate noted of its use (a worker writes it every 10 s at most):
 * one statement for every token and one for every address, whatever
 * their number, each a JSON array of [id, time] or [id, address, time].
 */
#define DB_USES(cols) "JSON_TABLE(?, '$[*]' COLUMNS (" \
    "id VARCHAR(20) CHARACTER SET ascii PATH '$[0]'" cols ")) j"
DB_STMT(DB_USAGE_WRITE, 0,
    "UPDATE tokens t JOIN " DB_USES(", at DATETIME PATH '$[1]'") " "
    "ON t.id = j.id SET t.last_used_at = j.at "
    "WHERE t.last_used_at IS NULL OR t.last_used_at < j.at")
DB_STMT(DB_IPS_WRITE, 0,
    "INSERT INTO token_ips (token_seq, address, at) "
    "SELECT t.seq, j.address, j.at FROM " DB_USES(", "
    "address VARCHAR(45) CHARACTER SET ascii PATH '$[1]', "
    "at DATETIME PATH '$[2]'") " JOIN tokens t ON t.id = j.id "
    "ON DUPLICATE KEY UPDATE at = GREATEST(token_ips.at, VALUES(at))")
/* The 5 newest addresses of those tokens stay (each token once: IN). */
DB_STMT(DB_IPS_TRIM, 0,
    "DELETE i FROM token_ips i JOIN (SELECT x.token_seq, x.address, "
    "ROW_NUMBER() OVER (PARTITION BY x.token_seq ORDER BY x.at DESC, "
    "x.address) rn FROM token_ips x JOIN tokens t ON t.seq = x.token_seq "
    "WHERE t.id IN (SELECT j.id FROM " DB_USES("") ")) r "
    "ON r.token_seq = i.token_seq AND r.address = i.address WHERE r.rn > 5")
/* The allowed_cidrs of a secret's token, whole (a gate check). */
DB_STMT(DB_AUTH_CIDRS, 1,
    "SELECT t.allowed_cidrs FROM token_secrets s JOIN tokens t "
    "ON t.seq = s.token_seq WHERE s.hash = ?")
DB_STMT(DB_TOKEN_CLAIM, 0,
    "UPDATE tokens SET write_gen = write_gen + 1 WHERE id = ?")
/* Every token a token made, for its page (tokens_created_by). */
DB_STMT(DB_TOKEN_CREATED, 1,
    DB_SYNC "SELECT " DB_TOKEN_COLS " FROM tokens t WHERE t.created_by = ? "
    "AND " DB_NOT_STALE " ORDER BY t.seq DESC LIMIT ?")
/* The tokens a token made, still standing: lineage. */
DB_STMT(DB_TOKEN_CHILDREN, 0,
    "SELECT t.seq, t.id, t.tenant_id FROM tokens t WHERE t.created_by = ? "
    "AND t.status <> 'revoked' FOR UPDATE")
/* No token outlives its parent: a shortened expiry reaches the children. */
DB_STMT(DB_TOKEN_CLAMP, 0,
    "UPDATE tokens SET expires_at = ?, updated_at = UTC_TIMESTAMP() "
    "WHERE id = ? AND status <> 'revoked' AND "
    "(expires_at IS NULL OR expires_at > ?)")
DB_STMT(DB_TOKEN_DROP_STALE_NAME, 0,
    "DELETE FROM tokens WHERE tenant_id = ? AND live_name = ? AND "
    "status = 'pending' AND created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND")
DB_STMT(DB_TOKENS_REVOKE_TENANT, 0,
    "UPDATE tokens SET status = 'revoked', live_name = NULL, "
    "revoked_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() "
    "WHERE tenant_id = ? AND status <> 'revoked'")

DB_STMT(DB_SECRET_INSERT, 0,
    "INSERT INTO token_secrets (hash, token_seq, not_after, "
    "first_use_pending) VALUES (?, ?, NULL, ?)")
/* A rotation "until used": the new secret is the newest one only. */
DB_STMT(DB_SECRETS_NOT_NEW, 0,
    "UPDATE token_secrets SET first_use_pending = 0 WHERE token_seq = ? "
    "AND first_use_pending = 1")
/* The first use of a new secret: the old ones waiting for it end now. */
DB_STMT(DB_SECRET_FIRST_USE, 0,
    "UPDATE token_secrets SET first_use_pending = 0 WHERE hash = ? AND "
    "first_use_pending = 1")
DB_STMT(DB_SECRET_TOKEN, 0,
    "SELECT s.token_seq, " DB_SECS("s.not_after") ", t.id, t.tenant_id, "
    "t.status FROM token_secrets s JOIN tokens t ON t.seq = s.token_seq "
    "WHERE s.hash = ? FOR UPDATE")
DB_STMT(DB_SECRETS_END_ON_USE, 0,
    "UPDATE token_secrets SET not_after = UTC_TIMESTAMP(), "
    "ends_on_first_use = 0 WHERE token_seq = ? AND ends_on_first_use = 1 "
    "AND not_after > UTC_TIMESTAMP()")
/* A leaked old secret still in its grace: cut now. */
DB_STMT(DB_SECRET_CUT, 0,
    "UPDATE token_secrets SET not_after = UTC_TIMESTAMP(), "
    "ends_on_first_use = 0 WHERE hash = ? AND not_after > UTC_TIMESTAMP()")
/*
 * Old secrets stay (as hashes) so that a refusal can say "revoked" or
 * "rotated" rather than "unknown"; purge forgets them after 30 days.
 */
DB_STMT(DB_SECRETS_DELETE_OLD, 0,
    "DELETE FROM token_secrets WHERE token_seq = ? AND not_after IS NOT NULL "
    "AND not_after < UTC_TIMESTAMP()")
DB_STMT(DB_SECRETS_GRACE, 0,
    "UPDATE token_secrets SET not_after = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
    "ends_on_first_use = ? WHERE token_seq = ? AND (not_after IS NULL OR "
    "not_after > UTC_TIMESTAMP() + INTERVAL ? SECOND)")
DB_STMT(DB_SECRETS_DELETE_STALE_NAME, 0,
    "DELETE s FROM token_secrets s JOIN tokens t ON t.seq = s.token_seq "
    "WHERE t.tenant_id = ? AND t.live_name = ? AND t.status = 'pending' AND "
    "t.created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND")

/* The gatekeeper's lookup: one indexed read by the keyed hash. */
DB_STMT(DB_AUTH_LOOKUP, 1,
    "SELECT " DB_AUTH_COLS " "
    "FROM token_secrets s JOIN tokens t ON t.seq = s.token_seq "
    "LEFT JOIN tenants te ON te.id = t.tenant_id WHERE s.hash = ?")

/* On a cluster, a hash not found may be a token just made on another node. */
DB_STMT(DB_AUTH_LOOKUP_SYNC, 1,
    DB_SYNC "SELECT " DB_AUTH_COLS " "
    "FROM token_secrets s JOIN tokens t ON t.seq = s.token_seq "
    "LEFT JOIN tenants te ON te.id = t.tenant_id WHERE s.hash = ?")

DB_STMT(DB_EPOCH_BUMP, 0,
    "UPDATE auth_epoch SET epoch = epoch + 1 WHERE id = 1")
/* Logged right after the bump, with the epoch it made (see cache.c). */
DB_STMT(DB_CHANGE_TOKEN, 0,
    "INSERT INTO auth_changes (epoch, kind, subject) "
    "SELECT e.epoch, 1, s.hash FROM auth_epoch e "
    "JOIN token_secrets s ON s.token_seq = ? WHERE e.id = 1")
DB_STMT(DB_CHANGE_TENANT, 0,
    "INSERT INTO auth_changes (epoch, kind, subject) "
    "SELECT e.epoch, 2, ? FROM auth_epoch e WHERE e.id = 1")
/*
 * The epoch, the oldest epoch the log still holds, and the changes after
 * the cache's epoch up to that epoch: one snapshot.
 */
DB_STMT(DB_CHANGES_SINCE, 1,
    DB_SYNC "SELECT e.epoch, (SELECT MIN(x.epoch) FROM auth_changes x), "
    "c.epoch, c.kind, c.subject FROM auth_epoch e "
    "LEFT JOIN auth_changes c ON c.epoch > ? AND c.epoch <= e.epoch "
    "WHERE e.id = 1 ORDER BY c.epoch LIMIT ?")
DB_STMT(DB_CHANGES_PRUNE, 0,
    "DELETE FROM auth_changes WHERE epoch + ? < "
    "(SELECT epoch FROM auth_epoch WHERE id = 1) LIMIT 10000")
DB_STMT(DB_EPOCH_GET, 1,
    DB_SYNC "SELECT epoch FROM auth_epoch WHERE id = 1")

DB_STMT(DB_AUDIT_INSERT, 0,
    "INSERT INTO audit (at, actor, tenant_id, action, target_type, "
    "target_id, client_addr, request_id, detail) "
    "VALUES (UTC_TIMESTAMP(3), ?, ?, ?, ?, ?, ?, ?, ?)")
DB_STMT(DB_AUDIT_LIST, 1,
    DB_SYNC "SELECT a.seq, CONCAT(LEFT(DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%s.%f'), 23), "
    "'Z'), a.actor, "
    "a.tenant_id, a.action, a.target_type, a.target_id, a.client_addr, "
    "a.request_id, a.detail FROM audit a "
    "WHERE (? = '*' OR a.tenant_id = ?) AND (? IS NULL OR a.tenant_id = ?) "
    "AND (? IS NULL OR a.at >= ?) "
    "AND (? IS NULL OR a.seq < ?) ORDER BY a.seq DESC LIMIT ?")

/*
 * One token's events: its tenant's, read newest first by audit_tenant,
 * kept when they target it (every token event is written with the
 * token's tenant).
 */
DB_STMT(DB_AUDIT_TOKEN, 1,
    DB_SYNC "SELECT a.seq, CONCAT(LEFT(DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%s.%f'), 23), "
    "'Z'), a.actor, "
    "a.tenant_id, a.action, a.target_type, a.target_id, a.client_addr, "
    "a.request_id, a.detail FROM audit a "
    "WHERE a.tenant_id = ? AND a.target_type = 'token' AND a.target_id = ? "
    "ORDER BY a.seq DESC LIMIT ?")

DB_STMT(DB_PURGE_PENDING_SECRETS, 0,
    "DELETE s FROM token_secrets s JOIN tokens t ON t.seq = s.token_seq "
    "WHERE t.status = 'pending' AND "
    "t.created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND")
DB_STMT(DB_PURGE_PENDING, 0,
    "DELETE FROM tokens WHERE status = 'pending' AND "
    "created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND")
DB_STMT(DB_PURGE_GRACE, 0,
    "DELETE FROM token_secrets WHERE not_after IS NOT NULL AND "
    "not_after < UTC_TIMESTAMP() - INTERVAL 30 DAY")

DB_STMT(DB_SESSION_INSERT, 0,
    "INSERT INTO sessions (hash, token_id, secret_hash, created_at, "
    "last_seen_at, client_addr) "
    "VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), ?)")
/*
 * The session with what its secret is now: the same checks as a bearer
 * presenting it. A secret forgotten since (rotated out long ago) ends it.
 */
DB_STMT(DB_SESSION_GET, 1,
    DB_SYNC "SELECT " DB_AUTH_COLS ", "
    DB_SECS("ss.created_at") ", " DB_SECS("ss.last_seen_at") ", "
    "ss.secret_hash "
    "FROM sessions ss JOIN token_secrets s ON s.hash = ss.secret_hash "
    "JOIN tokens t ON t.seq = s.token_seq AND t.id = ss.token_id "
    "LEFT JOIN tenants te ON te.id = t.tenant_id WHERE ss.hash = ?")
DB_STMT(DB_SESSION_TOUCH, 0,
    "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() WHERE hash = ?")
DB_STMT(DB_SESSION_DELETE, 0, "DELETE FROM sessions WHERE hash = ?")
DB_STMT(DB_SESSION_PURGE, 0,
    "DELETE FROM sessions WHERE last_seen_at < UTC_TIMESTAMP() - "
    "INTERVAL ? SECOND OR created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND")

/*
 * Expiry notices (notices.c): the next notice each token is due, 1, 7 or
 * 30 days before its expiry (the nearest threshold it has crossed), for
 * the active tokens of active tenants with a webhook, unless sent for
 * this expiry already.
 */
DB_STMT(DB_NOTICE_DUE, 1,
    DB_SYNC "SELECT d.seq, d.id, d.tenant_id, d.name, d.hint, "
    DB_SECS("d.expires_at") ", d.webhook_url, d.webhook_secret_box, d.days "
    "FROM (SELECT t.seq, t.id, t.tenant_id, t.name, t.hint, t.expires_at, "
    "te.webhook_url, te.webhook_secret_box, CASE "
    "WHEN t.expires_at <= UTC_TIMESTAMP() + INTERVAL 1 DAY THEN 1 "
    "WHEN t.expires_at <= UTC_TIMESTAMP() + INTERVAL 7 DAY THEN 7 "
    "ELSE 30 END AS days FROM tokens t JOIN tenants te "
    "ON te.id = t.tenant_id WHERE te.webhook_url IS NOT NULL AND "
    "te.status = 'active' AND t.status = 'active' AND "
    "t.expires_at > UTC_TIMESTAMP() AND "
    "t.expires_at <= UTC_TIMESTAMP() + INTERVAL 30 DAY AND t.seq > ?) d "
    "LEFT JOIN token_notices n ON n.token_seq = d.seq AND n.days = d.days "
    "AND n.expires_at = d.expires_at AND n.sent_at IS NOT NULL "
    "WHERE n.token_seq IS NULL ORDER BY d.seq LIMIT ?")
/* The token is still as the notice says: active, this expiry, a webhook. */
DB_STMT(DB_NOTICE_CURRENT, 0,
    "SELECT t.seq FROM tokens t JOIN tenants te ON te.id = t.tenant_id "
    "WHERE t.seq = ? AND t.status = 'active' AND t.expires_at = ? AND "
    "te.status = 'active' AND te.webhook_url IS NOT NULL")
DB_STMT(DB_NOTICE_GET, 0,
    "SELECT " DB_SECS("expires_at") ", sent_at IS NOT NULL, "
    "IFNULL(claimed_until > UTC_TIMESTAMP(), 0), attempts "
    "FROM token_notices WHERE token_seq = ? AND days = ? FOR UPDATE")
DB_STMT(DB_NOTICE_INSERT, 0,
    "INSERT INTO token_notices (token_seq, days, expires_at, attempts, "
    "claimed_until) VALUES (?, ?, ?, 0, UTC_TIMESTAMP() + INTERVAL ? SECOND)")
/* A notice of an earlier expiry: the new expiry starts it afresh. */
DB_STMT(DB_NOTICE_RESET, 0,
    "UPDATE token_notices SET expires_at = ?, sent_at = NULL, attempts = 0, "
    "last_attempt_at = NULL, last_status = NULL, last_error = NULL, "
    "claimed_until = UTC_TIMESTAMP() + INTERVAL ? SECOND "
    "WHERE token_seq = ? AND days = ?")
/* One run delivers it; another that meets the claim leaves it alone. */
DB_STMT(DB_NOTICE_HOLD, 0,
    "UPDATE token_notices SET claimed_until = UTC_TIMESTAMP() + "
    "INTERVAL ? SECOND WHERE token_seq = ? AND days = ?")
DB_STMT(DB_NOTICE_RECORD, 0,
    "UPDATE token_notices SET attempts = attempts + 1, "
    "last_attempt_at = UTC_TIMESTAMP(), "
    "sent_at = IF(?, UTC_TIMESTAMP(), NULL), last_status = ?, "
    "last_error = ?, claimed_until = NULL "
    "WHERE token_seq = ? AND days = ? AND expires_at = ?")
/* Notices of expiries more than 30 days gone say nothing any more. */
DB_STMT(DB_NOTICE_PRUNE, 0,
    "DELETE FROM token_notices WHERE expires_at < "
    "UTC_TIMESTAMP() - INTERVAL 30 DAY LIMIT 10000")
