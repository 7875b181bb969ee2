/* SPDX-License-Identifier: ISC */
/* Cockpit sign-in by pasting an API token, and sign-out. */
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "http.h"
#include "validate.h"

static void
cockpit_login_page(struct request *req, int status, const char *error)
{
	cockpit_begin(req, status, cockpit_t(req, T_SIGN_IN));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>%s</h1>",
	    cockpit_t(req, T_SIGN_IN));
	if (error != NULL) {
		cockpit_printf(req, "<p class=\"error\" role=\"alert\">");
		cockpit_esc(req, error);
		cockpit_printf(req, "</p>");
	}
	cockpit_printf(req, "<form method=\"post\" action=\"/cockpit/login\">");
	cockpit_csrf_field(req);
	cockpit_printf(req, "<label for=\"token\">%s</label>"
	    "<input type=\"password\" id=\"token\" name=\"token\" required "
	    "autocomplete=\"off\" spellcheck=\"false\" "
	    "placeholder=\"giot_1…\">"
	    "<div class=\"actions\"><button type=\"submit\" "
	    "class=\"primary\">%s</button></div></form></section>",
	    cockpit_t(req, T_PASTE_TOKEN), cockpit_t(req, T_SIGN_IN_BUTTON));
	cockpit_end(req);
}

void
cockpit_login_form(struct request *req)
{
	if (req->session != NULL) {
		cockpit_redirect(req, "/cockpit/");
		return;
	}
	cockpit_login_page(req, 200, NULL);
}

void
cockpit_login_invalid(struct request *req)
{
	cockpit_login_page(req, 401, cockpit_t(req, T_BAD_TOKEN));
}

void
cockpit_login(struct request *req)
{
	const struct cockpit_input *in = req->input;
	const char	*tok = in->token;
	size_t		 len;
	int		 rc;

	if (tok == NULL) {
		cockpit_login_invalid(req);
		return;
	}
	len = strlen(tok);
	while (len > 0 && (tok[len - 1] == ' ' || tok[len - 1] == '\n' ||
	    tok[len - 1] == '\r'))
		len--;
	while (len > 0 && *tok == ' ') {
		tok++;
		len--;
	}
	rc = authn_token(req->app, tok, len, req->remote_addr, 1,
	    &req->caller);
	/* The pasted secret is not needed any more. */
	sodium_memzero((char *)in->token, strlen(in->token));
	if (req->body != NULL)
		sodium_memzero((char *)req->body, req->body_len);
	if (rc == AUTHN_UNAVAILABLE) {
		cockpit_error(req, 503, cockpit_t(req, T_ERR_UNAVAILABLE));
		return;
	}
	if (rc != AUTHN_OK) {
		cockpit_login_invalid(req);
		return;
	}
	if (cockpit_session_start(req) != 0) {
		cockpit_error(req, 503, cockpit_t(req, T_ERR_UNAVAILABLE));
		return;
	}
	cockpit_redirect(req, "/cockpit/");
}

void
cockpit_logout(struct request *req)
{
	cockpit_session_end(req);
	cockpit_redirect(req, "/cockpit/login");
}
