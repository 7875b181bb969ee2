/* The route table and the dispatcher that runs every check once. */
#ifndef ROUTER_H
#define ROUTER_H

struct request;

enum route_id {
	ROUTE_HEALTH,
	ROUTE__MAX
};

/* Route flags. */
#define R_TOKEN		0x01	/* bearer token required */
#define R_STAR		0x02	/* only "*" tokens */
#define R_BODY		0x04	/* takes a JSON or form body */

struct route {
	const char	*method;
	const char	*pattern;	/* "{x}" matches one path segment */
	const char	*name;		/* for logs and metrics */
	unsigned int	 flags;
	unsigned int	 perm;		/* PERM_* the caller must hold */
	int		(*validate)(struct request *);
	void		(*handle)(struct request *);
};

extern const struct route routes[ROUTE__MAX];

/* Finds the route; 0 found, 404 or 405 (with the Allow list) otherwise. */
int	route_match(struct request *, char *allow, size_t allowlen);
void	route_dispatch(struct request *);

#endif
