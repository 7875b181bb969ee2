/* SPDX-License-Identifier: ISC */
/* Unit tests of the configuration parser. */
#include <string.h>

#include "config.h"
#include "log.h"
#include "../tap.h"

static int
parse(struct config *c, const char *text, char *err, size_t errlen)
{
	config_free(c);
	config_defaults(c);
	return config_parse(c, text, strlen(text), err, errlen);
}

int
main(void)
{
	struct config	 c;
	char		 err[256];
	unsigned char	 key[32];

	log_init("test", LOG_ERR);
	config_defaults(&c);
	ok(c.body_limit == 65536 && c.nnodes == 0, "defaults");

	ok(parse(&c, "# comment\n\n  db_name = tapi  \n"
	    "db_node = unix:/run/db.sock\ndb_node = 10.0.0.2:3307\n"
	    "db_node = db3\nbody_limit=2048\nlog_level = debug\n", err,
	    sizeof(err)) == 0, "a valid file parses");
	ok(strcmp(c.db_name, "tapi") == 0, "strings are trimmed");
	ok(c.nnodes == 3 && c.nodes[0].socket != NULL &&
	    strcmp(c.nodes[0].socket, "/run/db.sock") == 0, "unix node");
	ok(c.nodes[1].host && strcmp(c.nodes[1].host, "10.0.0.2") == 0 &&
	    c.nodes[1].port == 3307, "host:port node");
	ok(c.nodes[2].port == 3306, "default port");
	ok(c.body_limit == 2048 && c.log_level == LOG_DEBUG, "numbers, level");

	ok(parse(&c, "nope = 1\n", err, sizeof(err)) == -1 &&
	    strstr(err, "line 1") && strstr(err, "unknown key"),
	    "unknown key refused with its line: %s", err);
	ok(parse(&c, "\n\nbody_limit = 12x\n", err, sizeof(err)) == -1 &&
	    strstr(err, "line 3"), "bad number refused: %s", err);
	ok(parse(&c, "body_limit = 10\n", err, sizeof(err)) == -1,
	    "number below the minimum refused");
	ok(parse(&c, "body_limit = 99999999999999999999999\n", err,
	    sizeof(err)) == -1, "overflowing number refused");
	ok(parse(&c, "body_limit = -5\n", err, sizeof(err)) == -1,
	    "negative number refused");
	ok(parse(&c, "db_name\n", err, sizeof(err)) == -1,
	    "line without = refused");
	ok(parse(&c, "db_name = \n", err, sizeof(err)) == -1,
	    "empty value refused");
	ok(parse(&c, "db_node = host:0\n", err, sizeof(err)) == -1,
	    "port 0 refused");
	ok(parse(&c, "db_node = :3306\n", err, sizeof(err)) == -1,
	    "empty host refused");
	ok(parse(&c, "log_level = loud\n", err, sizeof(err)) == -1,
	    "unknown log level refused");
	ok(config_parse(&c, "db_name = a\0b\n", 14, err, sizeof(err)) == -1,
	    "NUL byte refused");
	ok(parse(&c, "", err, sizeof(err)) == 0 && !c.webhook_allow_private,
	    "webhook_allow_private is off by default");
	ok(parse(&c, "webhook_allow_private = yes\n", err, sizeof(err)) == 0 &&
	    c.webhook_allow_private, "webhook_allow_private = yes");
	ok(parse(&c, "webhook_allow_private = yes\nwebhook_allow_private = "
	    "off\n", err, sizeof(err)) == 0 && !c.webhook_allow_private,
	    "  and off again");
	ok(parse(&c, "webhook_allow_private = maybe\n", err, sizeof(err)) ==
	    -1 && strstr(err, "yes or no"), "a yes/no key refuses anything "
	    "else: %s", err);

	ok(parse(&c, "db_ssl_ca = /etc/ca.pem\ndb_ssl_cert = /etc/c.pem\n"
	    "db_ssl_key = /etc/c.key\n", err, sizeof(err)) == 0 &&
	    strcmp(c.db_ssl_ca, "/etc/ca.pem") == 0 &&
	    strcmp(c.db_ssl_cert, "/etc/c.pem") == 0 &&
	    strcmp(c.db_ssl_key, "/etc/c.key") == 0, "TLS keys");
	ok(parse(&c, "db_node = h:1\n", err, sizeof(err)) == 0 &&
	    c.db_ssl_ca == NULL && c.db_ssl_cert == NULL &&
	    c.db_ssl_key == NULL, "no TLS unless asked for");
	ok(c.log_priority == LOG_PRIORITY_AUTO, "log_priority: auto by default");
	ok(parse(&c, "log_priority = on\n", err, sizeof(err)) == 0 &&
	    c.log_priority == LOG_PRIORITY_ON, "log_priority = on");
	ok(parse(&c, "log_priority = off\n", err, sizeof(err)) == 0 &&
	    c.log_priority == LOG_PRIORITY_OFF, "log_priority = off");
	ok(parse(&c, "log_priority = loud\n", err, sizeof(err)) == -1,
	    "log_priority: other values refused");

	ok(config_key_parse("00112233445566778899aabbccddeeff"
	    "00112233445566778899AABBCCDDEEFF\n", 65, key) == 0 &&
	    key[1] == 0x11 && key[31] == 0xff, "hex key parsed");
	ok(config_key_parse("0011", 4, key) == -1, "short key refused");
	ok(config_key_parse("zz112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff", 64, key) == -1,
	    "non-hex key refused");
	config_free(&c);
	return tap_done();
}
