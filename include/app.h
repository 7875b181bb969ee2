/* What a worker (or the CLI) holds for its whole life. */
#ifndef APP_H
#define APP_H

struct config;
struct db;

struct app {
	struct config	*cfg;
	struct db	*db;
};

#endif
