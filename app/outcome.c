/* SPDX-License-Identifier: ISC */
/* Outcomes of the domain layer and the one mapping to HTTP statuses. */
#include "db.h"
#include "outcome.h"

int
outcome_status(enum outcome_kind kind)
{
	static const int status[OUTCOME__MAX] = {
		[OUTCOME_OK] = 200,
		[OUTCOME_NOT_FOUND] = 404,
		[OUTCOME_UNAUTHORIZED] = 401,
		[OUTCOME_FORBIDDEN] = 403,
		[OUTCOME_CONFLICT] = 409,
		[OUTCOME_INVALID] = 422,
		[OUTCOME_UNAVAILABLE] = 503,
		[OUTCOME_FAILED] = 500,
	};

	return kind < OUTCOME__MAX ? status[kind] : 500;
}

int
outcome_refuse(struct outcome *o, enum outcome_kind kind, const char *code,
    const char *reason)
{
	o->kind = kind;
	o->code = code;
	o->reason = reason;
	return DB_REFUSED;
}

int
outcome_field_arg(struct outcome *o, const char *field, enum field_code code,
    unsigned int arg, const char *message)
{
	errlist_add_arg(&o->errs, field, code, arg, message);
	o->kind = OUTCOME_INVALID;
	o->code = "validation_failed";
	o->reason = "some fields are invalid";
	return DB_REFUSED;
}

int
outcome_field(struct outcome *o, const char *field, enum field_code code,
    const char *message)
{
	return outcome_field_arg(o, field, code, 0, message);
}

void
outcome_db(struct outcome *o, int rc)
{
	switch (rc) {
	case DB_OK:
		o->kind = OUTCOME_OK;
		break;
	case DB_REFUSED:
		break;		/* said by whoever refused */
	case DB_NOTFOUND:
		outcome_refuse(o, OUTCOME_NOT_FOUND, "not_found",
		    "no such resource");
		break;
	case DB_DUP:
		outcome_refuse(o, OUTCOME_CONFLICT, "conflict",
		    "a resource with these unique fields already exists");
		break;
	case DB_DOWN:
	case DB_CONFLICT:
		outcome_refuse(o, OUTCOME_UNAVAILABLE, "unavailable",
		    "the database is not answering");
		break;
	default:
		outcome_refuse(o, OUTCOME_FAILED, "internal_error",
		    "the request failed");
		break;
	}
}
