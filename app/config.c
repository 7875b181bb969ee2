/* SPDX-License-Identifier: ISC */
/* Parsing of the configuration file and loading of the secret files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "config.h"
#include "log.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/tenantapi"
#endif

#define CONFIG_FILE_MAX	(1024 * 1024)

enum config_type { CT_STR, CT_UINT, CT_SIZE, CT_LEVEL, CT_NODE, CT_ROLES,
    CT_PRIORITY, CT_BOOL };

struct config_key {
	const char		*name;
	enum config_type	 type;
	size_t			 off;
	unsigned long		 min, max;
};

#define O(f)	offsetof(struct config, f)
static const struct config_key config_keys[] = {
	{ "db_node", CT_NODE, 0, 0, 0 },
	{ "db_socket", CT_NODE, 0, 0, 0 },
	{ "db_name", CT_STR, O(db_name), 0, 0 },
	{ "db_user", CT_STR, O(db_user), 0, 0 },
	{ "db_password_file", CT_STR, O(db_password_file), 0, 0 },
	{ "db_owner_user", CT_STR, O(db_owner_user), 0, 0 },
	{ "db_owner_password_file", CT_STR, O(db_owner_password_file), 0, 0 },
	{ "db_worker_role", CT_STR, O(db_worker_role), 0, 0 },
	{ "db_connect_timeout", CT_UINT, O(db_connect_timeout), 1, 600 },
	{ "db_read_timeout", CT_UINT, O(db_read_timeout), 1, 3600 },
	{ "db_write_timeout", CT_UINT, O(db_write_timeout), 1, 3600 },
	{ "db_retry_ms", CT_UINT, O(db_retry_ms), 0, 60000 },
	{ "db_ssl_ca", CT_STR, O(db_ssl_ca), 0, 0 },
	{ "db_ssl_cert", CT_STR, O(db_ssl_cert), 0, 0 },
	{ "db_ssl_key", CT_STR, O(db_ssl_key), 0, 0 },
	{ "server_key_file", CT_STR, O(server_key_file), 0, 0 },
	{ "sql_dir", CT_STR, O(sql_dir), 0, 0 },
	{ "metrics_file", CT_STR, O(metrics_file), 0, 0 },
	{ "body_limit", CT_SIZE, O(body_limit), 1024, 16 * 1024 * 1024 },
	{ "body_timeout", CT_UINT, O(body_timeout), 1, 600 },
	{ "purge_interval", CT_UINT, O(purge_interval), 1, 86400 },
	{ "cache_entries", CT_UINT, O(cache_entries), 0, 1 << 24 },
	{ "cache_file", CT_STR, O(cache_file), 0, 0 },
	{ "change_log_keep", CT_UINT, O(change_log_keep), 100, 100000000 },
	{ "ratelimit_file", CT_STR, O(ratelimit_file), 0, 0 },
	{ "ratelimit_buckets", CT_UINT, O(ratelimit_buckets), 64, 1 << 24 },
	{ "revocation_check_ms", CT_UINT, O(revocation_check_ms), 10, 900 },
	{ "pending_ttl", CT_UINT, O(pending_ttl), 60, 86400 },
	{ "session_idle", CT_UINT, O(session_idle), 60, 86400 * 7 },
	{ "session_max", CT_UINT, O(session_max), 60, 86400 * 30 },
	{ "log_level", CT_LEVEL, O(log_level), 0, 0 },
	{ "log_priority", CT_PRIORITY, O(log_priority), 0, 0 },
	{ "fcgi_roles", CT_ROLES, O(roles), 0, 0 },
	{ "webhook_allow_private", CT_BOOL, O(webhook_allow_private), 0, 0 },
};
#undef O

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->db_name = strdup("tenantapi");
	c->db_user = strdup("tenantapi");
	c->sql_dir = strdup(PKGDATADIR "/sql");
	c->db_connect_timeout = 2;
	c->db_read_timeout = 10;
	c->db_write_timeout = 10;
	c->db_retry_ms = 200;
	c->body_limit = 64 * 1024;
	c->body_timeout = 5;
	c->purge_interval = 60;
	c->cache_entries = 196608;
	c->change_log_keep = 100000;
	c->ratelimit_buckets = 65536;
	c->revocation_check_ms = 500;
	c->pending_ttl = 900;
	c->session_idle = 1800;
	c->session_max = 12 * 3600;
	c->log_level = LOG_INFO;
	c->log_priority = LOG_PRIORITY_AUTO;
	c->roles = CONFIG_ROLE_RESPONDER | CONFIG_ROLE_AUTHORIZER;
	if (c->db_name == NULL || c->db_user == NULL || c->sql_dir == NULL)
		fatal("config_defaults");
}

/* "unix:/path", "/path", "host:port" or "host" (port 3306). */
static int
config_node(struct config *c, const char *v, const char **why)
{
	struct db_node	*n;
	const char	*colon;
	char		*end;
	unsigned long	 port = 3306;

	if (c->nnodes == CONFIG_MAX_NODES) {
		*why = "too many database nodes";
		return -1;
	}
	n = &c->nodes[c->nnodes];
	memset(n, 0, sizeof(*n));
	if (strncmp(v, "unix:", 5) == 0)
		v += 5;
	if (*v == '/') {
		if ((n->socket = strdup(v)) == NULL)
			fatal("strdup");
	} else {
		colon = strrchr(v, ':');
		if (colon != NULL) {
			errno = 0;
			port = strtoul(colon + 1, &end, 10);
			if (colon[1] == '\0' || *end != '\0' || port == 0 ||
			    port > 65535) {
				*why = "bad port";
				return -1;
			}
		}
		if (colon == v || *v == '\0') {
			*why = "empty host";
			return -1;
		}
		n->host = colon ? strndup(v, (size_t)(colon - v)) : strdup(v);
		if (n->host == NULL)
			fatal("strdup");
	}
	n->port = (unsigned int)port;
	c->nnodes++;
	return 0;
}

static int
config_set(struct config *c, const char *key, const char *val,
    const char **why)
{
	const struct config_key	*k;
	unsigned long		 u;
	char			*end, **sp;
	size_t			 i;
	int			 lvl;

	for (i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++)
		if (strcmp(config_keys[i].name, key) == 0)
			break;
	if (i == sizeof(config_keys) / sizeof(config_keys[0])) {
		*why = "unknown key";
		return -1;
	}
	k = &config_keys[i];
	switch (k->type) {
	case CT_NODE:
		return config_node(c, val, why);
	case CT_STR:
		sp = (char **)((char *)c + k->off);
		free(*sp);
		if ((*sp = strdup(val)) == NULL)
			fatal("strdup");
		return 0;
	case CT_ROLES:
		if (strcmp(val, "responder") == 0)
			c->roles = CONFIG_ROLE_RESPONDER;
		else if (strcmp(val, "authorizer") == 0)
			c->roles = CONFIG_ROLE_AUTHORIZER;
		else if (strcmp(val, "any") == 0)
			c->roles = CONFIG_ROLE_RESPONDER |
			    CONFIG_ROLE_AUTHORIZER;
		else {
			*why = "expected responder, authorizer or any";
			return -1;
		}
		return 0;
	case CT_PRIORITY:
		if (strcmp(val, "auto") == 0)
			c->log_priority = LOG_PRIORITY_AUTO;
		else if (strcmp(val, "on") == 0)
			c->log_priority = LOG_PRIORITY_ON;
		else if (strcmp(val, "off") == 0)
			c->log_priority = LOG_PRIORITY_OFF;
		else {
			*why = "expected auto, on or off";
			return -1;
		}
		return 0;
	case CT_BOOL:
		if (strcmp(val, "yes") == 0 || strcmp(val, "on") == 0 ||
		    strcmp(val, "true") == 0 || strcmp(val, "1") == 0)
			*(int *)((char *)c + k->off) = 1;
		else if (strcmp(val, "no") == 0 || strcmp(val, "off") == 0 ||
		    strcmp(val, "false") == 0 || strcmp(val, "0") == 0)
			*(int *)((char *)c + k->off) = 0;
		else {
			*why = "expected yes or no";
			return -1;
		}
		return 0;
	case CT_LEVEL:
		if ((lvl = log_level_parse(val)) == -1) {
			*why = "expected error, warn, info or debug";
			return -1;
		}
		c->log_level = lvl;
		return 0;
	case CT_UINT:
	case CT_SIZE:
		if (!isdigit((unsigned char)*val)) {
			*why = "expected a number";
			return -1;
		}
		errno = 0;
		u = strtoul(val, &end, 10);
		if (errno != 0 || *end != '\0' || u < k->min || u > k->max) {
			*why = "number out of range";
			return -1;
		}
		if (k->type == CT_UINT)
			*(unsigned int *)((char *)c + k->off) = (unsigned int)u;
		else
			*(size_t *)((char *)c + k->off) = u;
		return 0;
	}
	return -1;
}

int
config_parse(struct config *c, const char *buf, size_t len, char *err,
    size_t errlen)
{
	const char	*p = buf, *end = buf + len, *nl, *eq;
	char		 line[4096], *key, *val, *e;
	const char	*why = "invalid";
	size_t		 n;
	int		 lineno = 0;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "line %d: too long", lineno);
			return -1;
		}
		if (memchr(p, '\0', n) != NULL) {
			snprintf(err, errlen, "line %d: NUL byte", lineno);
			return -1;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl ? nl + 1 : end;

		for (key = line; isspace((unsigned char)*key); key++)
			;
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errlen, "line %d: expected key = value",
			    lineno);
			return -1;
		}
		val = (char *)eq + 1;
		for (e = (char *)eq; e > key && isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		while (isspace((unsigned char)*val))
			val++;
		for (e = val + strlen(val); e > val &&
		    isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		if (*key == '\0' || *val == '\0') {
			snprintf(err, errlen, "line %d: empty key or value",
			    lineno);
			return -1;
		}
		if (config_set(c, key, val, &why) == -1) {
			snprintf(err, errlen, "line %d: %s: %s", lineno, key,
			    why);
			return -1;
		}
	}
	return 0;
}

/* Reads a whole small file; refuses anything over max bytes. */
static char *
config_slurp(const char *path, size_t max, size_t *lenp, char *err,
    size_t errlen)
{
	struct stat	 st;
	char		*buf = NULL;
	ssize_t		 r;
	size_t		 len = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > max) {
		snprintf(err, errlen, "%s: not a regular file of at most %zu "
		    "bytes", path, max);
		goto fail;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		fatal("malloc");
	while (len < (size_t)st.st_size) {
		r = read(fd, buf + len, (size_t)st.st_size - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, errlen, "%s: read failed", path);
			goto fail;
		}
		len += (size_t)r;
	}
	buf[len] = '\0';
	close(fd);
	*lenp = len;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	char	*buf;
	size_t	 len;
	int	 rc;

	if ((buf = config_slurp(path, CONFIG_FILE_MAX, &len, err, errlen)) ==
	    NULL)
		return -1;
	rc = config_parse(c, buf, len, err, errlen);
	free(buf);
	return rc;
}

/* 64 hexadecimal digits, surrounding white space allowed. */
int
config_key_parse(const char *buf, size_t len, unsigned char key[32])
{
	size_t	 bin_len;

	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char)*buf)) {
		buf++;
		len--;
	}
	if (len != 64)
		return -1;
	if (sodium_hex2bin(key, 32, buf, len, NULL, &bin_len, NULL) != 0 ||
	    bin_len != 32)
		return -1;
	return 0;
}

int
config_load_secrets(struct config *c, int which, char *err, size_t errlen)
{
	/* The workers' password, and the owner's that migrations run with. */
	const struct {
		const char	 *file;
		char		**dst;
	} pw[] = {
		{ c->db_password_file, &c->db_password },
		{ which & CONFIG_SECRET_OWNER ? c->db_owner_password_file :
		    NULL, &c->db_owner_password },
	};
	int		 need_key = (which & CONFIG_SECRET_KEY) != 0;
	struct stat	 st;
	char		*buf;
	size_t		 len, i;

	for (i = 0; i < sizeof(pw) / sizeof(pw[0]); i++) {
		if (pw[i].file == NULL)
			continue;
		if ((buf = config_slurp(pw[i].file, 4096, &len, err,
		    errlen)) == NULL)
			return -1;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (*pw[i].dst != NULL) {
			sodium_memzero(*pw[i].dst, strlen(*pw[i].dst));
			free(*pw[i].dst);
		}
		*pw[i].dst = buf;
	}
	if (c->server_key_file == NULL) {
		if (!need_key)
			return 0;
		snprintf(err, errlen, "server_key_file is not set");
		return -1;
	}
	if ((buf = config_slurp(c->server_key_file, 4096, &len, err,
	    errlen)) == NULL)
		return need_key ? -1 : 0;
	if (config_key_parse(buf, len, c->server_key) == -1) {
		sodium_memzero(buf, len);
		free(buf);
		snprintf(err, errlen, "%s: expected 64 hexadecimal digits",
		    c->server_key_file);
		return -1;
	}
	sodium_memzero(buf, len);
	free(buf);
	c->have_key = 1;
	if (stat(c->server_key_file, &st) == 0 && (st.st_mode & 0007) != 0)
		log_warnx("%s is readable by others: chmod o-rwx it",
		    c->server_key_file);
	return 0;
}

void
config_free(struct config *c)
{
	int	 i;

	for (i = 0; i < c->nnodes; i++) {
		free(c->nodes[i].socket);
		free(c->nodes[i].host);
	}
	free(c->db_name);
	free(c->db_user);
	free(c->db_password_file);
	free(c->db_owner_user);
	free(c->db_owner_password_file);
	free(c->db_worker_role);
	free(c->db_ssl_ca);
	free(c->db_ssl_cert);
	free(c->db_ssl_key);
	free(c->server_key_file);
	free(c->sql_dir);
	free(c->metrics_file);
	free(c->cache_file);
	free(c->ratelimit_file);
	if (c->db_password != NULL) {
		sodium_memzero(c->db_password, strlen(c->db_password));
		free(c->db_password);
	}
	if (c->db_owner_password != NULL) {
		sodium_memzero(c->db_owner_password,
		    strlen(c->db_owner_password));
		free(c->db_owner_password);
	}
	sodium_memzero(c->server_key, sizeof(c->server_key));
	memset(c, 0, sizeof(*c));
}
