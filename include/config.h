/* SPDX-License-Identifier: ISC */
/* The configuration file: key = value lines; secrets are read from files. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_NODES	8
#define CONFIG_ROLE_RESPONDER	0x1
#define CONFIG_ROLE_AUTHORIZER	0x2

struct db_node {
	char		*socket;	/* unix socket path, or NULL */
	char		*host;		/* TCP host when socket is NULL */
	unsigned int	 port;
};

struct config {
	struct db_node	 nodes[CONFIG_MAX_NODES];
	int		 nnodes;
	char		*db_name;
	char		*db_user;
	char		*db_password_file;
	/* Migrations run as the owner; the workers' account cannot rewrite
	 * the audit (SPEC §7). */
	char		*db_owner_user;
	char		*db_owner_password_file;
	char		*db_worker_role;
	unsigned int	 db_connect_timeout;	/* seconds */
	unsigned int	 db_read_timeout;
	unsigned int	 db_write_timeout;
	unsigned int	 db_retry_ms;		/* wait before reconnecting */
	/* TLS to the database over TCP; verified when a CA is given. */
	char		*db_ssl_ca;
	char		*db_ssl_cert;
	char		*db_ssl_key;
	char		*server_key_file;
	char		*sql_dir;
	char		*metrics_file;
	size_t		 body_limit;
	unsigned int	 body_timeout;		/* seconds for a whole body */
	unsigned int	 purge_interval;	/* seconds between purges */
	unsigned int	 cache_entries;
	char		*cache_file;		/* shared by the host's workers */
	unsigned int	 change_log_keep;	/* epochs the change log keeps */
	char		*ratelimit_file;	/* the host's buckets */
	unsigned int	 ratelimit_buckets;
	unsigned int	 revocation_check_ms;
	unsigned int	 pending_ttl;		/* seconds */
	unsigned int	 session_idle;		/* seconds */
	unsigned int	 session_max;		/* seconds */
	int		 log_level;
	int		 log_priority;		/* LOG_PRIORITY_* */
	unsigned int	 roles;			/* CONFIG_ROLE_* served */
	/* Webhooks may use http and non-public addresses (tests only). */
	int		 webhook_allow_private;

	/* Loaded from the files named above. */
	char		*db_password;
	char		*db_owner_password;
	unsigned char	 server_key[32];
	int		 have_key;
};

void	config_defaults(struct config *);
/* Parses a buffer; on error fills err and returns -1. */
int	config_parse(struct config *, const char *buf, size_t len,
	    char *err, size_t errlen);
int	config_load(struct config *, const char *path, char *err, size_t errlen);
/*
 * Reads the secret files the configuration names: the workers' password,
 * the server key (CONFIG_SECRET_KEY: required), and the owner's password
 * (CONFIG_SECRET_OWNER: only migrations need it; workers never read it).
 */
#define CONFIG_SECRET_KEY	0x1
#define CONFIG_SECRET_OWNER	0x2
int	config_load_secrets(struct config *, int which, char *err,
	    size_t errlen);
int	config_key_parse(const char *buf, size_t len, unsigned char key[32]);
void	config_free(struct config *);

#endif
