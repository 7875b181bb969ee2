/* The cockpit's common parts: sessions, CSRF, language, layout, errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "outcome.h"
#include "text.h"

#define COOKIE_SESSION	"cockpit_session"
#define COOKIE_PRE	"cockpit_pre"	/* CSRF for the sign-in form */
#define COOKIE_LANG	"cockpit_lang"
#define COOKIE_LEN	43		/* 32 bytes in unpadded base64url */

static const char *const texts[T__MAX][2] = {
	[T_LANG] = { "fr", "en" },
	[T_TITLE] = { "API", "API" },
	[T_CRUMB_ADMIN] = { "Administration", "Administration" },
	[T_CRUMB_TENANT] = { "Tenant", "Tenant" },
	[T_TOKENS] = { "Jetons d'API", "API tokens" },
	[T_NAME] = { "Nom", "Name" },
	[T_DESCRIPTION] = { "Description", "Description" },
	[T_TENANT] = { "Tenant", "Tenant" },
	[T_ALL_TENANTS] = { "Tous les Tenants", "All tenants" },
	[T_PERMISSIONS] = { "Permissions", "Permissions" },
	[T_EXPIRES] = { "Date d'expiration", "Expiration date" },
	[T_EXPIRES_OPTIONAL] = { "facultative", "optional" },
	[T_LAST_USED] = { "Dernière utilisation", "Last used" },
	[T_STATUS] = { "Statut", "Status" },
	[T_ACTIONS] = { "Actions", "Actions" },
	[T_REVOKE] = { "Révoquer", "Revoke" },
	[T_CREATE] = { "Créer", "Create" },
	[T_READ] = { "Lire", "Read" },
	[T_WRITE] = { "Écrire", "Write" },
	[T_CREATE_PERM] = { "Créer", "Create" },
	[T_DELETE] = { "Supprimer", "Delete" },
	[T_NEXT] = { "Suivant", "Next" },
	[T_CANCEL] = { "Annuler", "Cancel" },
	[T_NEW_TOKEN] = { "Votre nouveau jeton", "Your new token" },
	[T_SHOWN_ONCE] = { "Copiez ce jeton maintenant : il ne sera plus "
	    "jamais affiché.", "Copy this token now: it will not be shown "
	    "again." },
	[T_COPY] = { "Copier", "Copy" },
	[T_COPIED] = { "Copié", "Copied" },
	[T_SAVE] = { "Enregistrer", "Save" },
	[T_UNSAVED] = { "Le jeton ne fonctionne qu'une fois enregistré. Sans "
	    "enregistrement, il disparaît au bout de 15 minutes.",
	    "The token works only once saved. Unsaved, it disappears after "
	    "15 minutes." },
	[T_ST_ACTIVE] = { "actif", "active" },
	[T_ST_PENDING] = { "en attente", "pending" },
	[T_ST_REVOKED] = { "révoqué", "revoked" },
	[T_ST_EXPIRED] = { "expiré", "expired" },
	[T_NEVER] = { "jamais", "never" },
	[T_SIGN_IN] = { "Connexion", "Sign in" },
	[T_PASTE_TOKEN] = { "Collez un jeton d'API", "Paste an API token" },
	[T_SIGN_IN_BUTTON] = { "Se connecter", "Sign in" },
	[T_SIGN_OUT] = { "Se déconnecter", "Sign out" },
	[T_BAD_TOKEN] = { "Ce jeton n'est pas valide.",
	    "This token is not valid." },
	[T_CONFIRM_REVOKE] = { "Révoquer ce jeton ? Il cessera aussitôt de "
	    "fonctionner.", "Revoke this token? It stops working at once." },
	[T_CONFIRM] = { "Confirmer", "Confirm" },
	[T_SAVED] = { "Jeton enregistré.", "Token saved." },
	[T_REVOKED] = { "Jeton révoqué.", "Token revoked." },
	[T_CREATED_INFO] = { "Jeton créé", "Token created" },
	[T_NO_TOKENS] = { "Aucun jeton.", "No tokens." },
	[T_OTHER_LANG] = { "English", "Français" },
	[T_SIGNED_IN_AS] = { "Connecté avec", "Signed in with" },
	[T_SHOW] = { "Afficher", "Show" },
	[T_ERR_CSRF] = { "Formulaire expiré ou falsifié (jeton CSRF absent "
	    "ou invalide) : rien n'a été modifié.", "Expired or forged form "
	    "(missing or invalid CSRF token): nothing was changed." },
	[T_ERR_FORBIDDEN] = { "Votre jeton n'a pas la permission requise.",
	    "Your token lacks the permission for this." },
	[T_ERR_NOT_FOUND] = { "Page introuvable.", "Page not found." },
	[T_ERR_GENERIC] = { "La requête a échoué.", "The request failed." },
	[T_ERR_UNAVAILABLE] = { "Service momentanément indisponible : "
	    "réessayez dans un instant.", "Service unavailable for a moment: "
	    "try again shortly." },
	[T_BACK] = { "Retour", "Back" },
	[T_NEW_TOKEN_TITLE] = { "Nouveau jeton d'API", "New API token" },
	[T_TOKEN_LABEL] = { "Jeton", "Token" },
	[T_DUPLICATE] = { "Un jeton de ce tenant porte déjà ce nom.",
	    "A token of this tenant already has this name." },
	[T_FORM_ERRORS] = { "Corrigez les champs signalés.",
	    "Please correct the fields marked below." },
	[T_MORE] = { "Suite", "More" },
	[T_SESSION_ENDED] = { "Session terminée : connectez-vous à nouveau.",
	    "Session ended: please sign in again." },
	[T_ADVANCED] = { "Options avancées", "Advanced options" },
	[T_ALLOWED_CIDRS] = { "Adresses autorisées", "Allowed addresses" },
	[T_CIDRS_HINT] = { "Une adresse ou une plage par ligne (192.0.2.0/24, "
	    "2001:db8::/32). Vide : toute adresse.", "One address or range a "
	    "line (192.0.2.0/24, 2001:db8::/32). Empty: any address." },
	[T_RATE_LIMIT] = { "Limite de requêtes par minute",
	    "Rate limit (requests a minute)" },
	[T_RATE_HINT] = { "Vide : sans limite.", "Empty: no limit." },
};

/* Validation messages of validate.c, in French. */
static const char *const field_fr[][2] = {
	{ "is required", "est obligatoire" },
	{ "must not be empty", "ne doit pas être vide" },
	{ "must not be blank", "ne doit pas être vide" },
	{ "must be at most 128 characters", "128 caractères au plus" },
	{ "must be at most 1024 characters", "1024 caractères au plus" },
	{ "must not contain control characters",
	    "ne doit pas contenir de caractères de contrôle" },
	{ "must be in the future", "doit être dans le futur" },
	{ "must be an RFC 3339 date-time such as 2030-01-31T23:59:59Z",
	    "date invalide" },
	{ "must be before the year 10000", "date invalide" },
	{ "must name at least one permission",
	    "choisissez au moins une permission" },
	{ "unknown permission: use read, write, create and delete",
	    "permission inconnue" },
	{ "no such tenant", "tenant inconnu" },
	{ "given more than once", "donné plusieurs fois" },
	{ "must be valid UTF-8", "doit être en UTF-8 valide" },
	{ "must not contain bidirectional control characters",
	    "ne doit pas contenir de caractères de contrôle bidirectionnel" },
	{ "must not contain zero-width characters",
	    "ne doit pas contenir de caractères de largeur nulle" },
	{ "must not be later than the expiry of the token that creates it",
	    "ne peut pas dépasser la date d'expiration du jeton qui le crée" },
	{ "must not be later than the expiry of the token that created it",
	    "ne peut pas dépasser la date d'expiration du jeton qui l'a créé" },
	{ "must be within the tenant's maximum token lifetime",
	    "dépasse la durée de vie maximale des jetons de ce tenant" },
	{ "must be IPv4 or IPv6 addresses or ranges such as 192.0.2.0/24 or "
	    "2001:db8::/32 (with the host bits zero)", "adresses ou plages "
	    "IPv4 ou IPv6 attendues, comme 192.0.2.0/24 ou 2001:db8::/32 "
	    "(bits d'hôte à zéro)" },
	{ "must hold at most 32 entries", "32 entrées au plus" },
	{ "must be an integer from 1 to 1000000, or null",
	    "un entier de 1 à 1000000, ou vide" },
};

static int
cockpit_lang(struct request *req)
{
	return req->lang;
}

const char *
cockpit_t(struct request *req, enum cockpit_text t)
{
	return texts[t][cockpit_lang(req)];
}

const char *
cockpit_field_message(struct request *req, const char *english)
{
	size_t	 i;

	if (cockpit_lang(req) == 1)
		return english;
	for (i = 0; i < sizeof(field_fr) / sizeof(field_fr[0]); i++)
		if (strcmp(field_fr[i][0], english) == 0)
			return field_fr[i][1];
	return english;
}

/* ?lang= (remembered in a cookie), the cookie, then Accept-Language. */
void
cockpit_choose_lang(struct request *req)
{
	const char	*l = request_arg(req, "lang"), *p;
	double		 q, best_q = -1;
	int		 best = 0, cand;

	if (l != NULL && (strcmp(l, "fr") == 0 || strcmp(l, "en") == 0)) {
		req->lang = strcmp(l, "en") == 0;
		resp_header(req, "Set-Cookie", COOKIE_LANG "=%s; Path=/cockpit/; "
		    "Max-Age=31536000; SameSite=Strict%s", l,
		    req->https ? "; Secure" : "");
		return;
	}
	if ((l = request_cookie(req, COOKIE_LANG)) != NULL &&
	    (strcmp(l, "fr") == 0 || strcmp(l, "en") == 0)) {
		req->lang = strcmp(l, "en") == 0;
		return;
	}
	for (p = req->accept_language; p != NULL && *p != '\0'; ) {
		while (*p == ' ' || *p == ',')
			p++;
		cand = strncasecmp(p, "fr", 2) == 0 ? 0 :
		    strncasecmp(p, "en", 2) == 0 ? 1 : -1;
		q = 1.0;
		while (*p != '\0' && *p != ',') {
			if (strncmp(p, ";q=", 3) == 0)
				q = strtod(p + 3, NULL);
			p++;
		}
		if (cand != -1 && q > best_q) {
			best = cand;
			best_q = q;
		}
	}
	req->lang = best;
}

static void
cockpit_b64(const unsigned char *bin, size_t n, char *out, size_t outlen)
{
	sodium_bin2base64(out, outlen, bin, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Keyed hashes with a purpose prefix, so no value doubles as another. */
static void
cockpit_mac(struct request *req, const char *purpose, const char *value,
    unsigned char out[32])
{
	crypto_generichash_state	 st;

	crypto_generichash_init(&st, req->app->cfg->server_key, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	crypto_generichash_update(&st, (const unsigned char *)value,
	    strlen(value));
	crypto_generichash_final(&st, out, 32);
}

static int
cockpit_cookie_ok(const char *v)
{
	size_t	 i;

	if (v == NULL || strlen(v) != COOKIE_LEN)
		return 0;
	for (i = 0; i < COOKIE_LEN; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' &&
		    v[i] <= 'Z') || (v[i] >= '0' && v[i] <= '9') ||
		    v[i] == '-' || v[i] == '_'))
			return 0;
	return 1;
}

static void
cockpit_security_headers(struct request *req)
{
	resp_header(req, "Content-Security-Policy", "default-src 'none'; "
	    "style-src 'self'; script-src 'self'; img-src 'self' data:; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	resp_header(req, "X-Frame-Options", "DENY");
	resp_header(req, "Referrer-Policy", "no-referrer");
}

/*
 * 1 with req->caller set from the session's token, 0 without a usable
 * session (the caller shows the sign-in page), -1 when the database is
 * down. A session ends with the secret it was opened with (rotated out,
 * revoked, expired), its tenant, or its lifetimes: read on every request,
 * so at once (SPEC §7).
 */
int
cockpit_authenticate(struct request *req)
{
	struct token_auth	 ta;
	unsigned char		 hash[32];
	const char		*cookie;
	time_t			 created, seen, now = time(NULL);
	const struct config	*cfg = req->app->cfg;
	int			 rc;

	cookie = request_cookie(req, COOKIE_SESSION);
	if (!cockpit_cookie_ok(cookie))
		return 0;
	cockpit_mac(req, "session", cookie, hash);
	rc = db_session_get(req->app->db, hash, &ta, &created, &seen);
	if (rc == DB_NOTFOUND)
		return 0;
	if (rc != DB_OK)
		return -1;
	if (now - created > (time_t)cfg->session_max ||
	    now - seen > (time_t)cfg->session_idle ||
	    authn_verdict(&ta, now) != AUTHN_OK) {
		db_session_delete(req->app->db, hash);
		return 0;
	}
	/* From outside the token's addresses: not this session, here. */
	if ((rc = authn_address(req->app, &ta, req->remote_addr)) != AUTHN_OK)
		return rc == AUTHN_UNAVAILABLE ? -1 : 0;
	if (now - seen >= 60)
		db_session_touch(req->app->db, hash);
	/* The session acts as the secret it was opened with (ta.hash). */
	authn_principal(&req->caller, &ta);
	req->authenticated = 1;
	req->session = cookie;
	return 1;
}

/* Starts a session for req->caller: the cookie, and its row. */
int
cockpit_session_start(struct request *req)
{
	unsigned char	 rnd[32], hash[32];
	char		 cookie[COOKIE_LEN + 1];
	int		 rc;

	randombytes_buf(rnd, sizeof(rnd));
	cockpit_b64(rnd, sizeof(rnd), cookie, sizeof(cookie));
	sodium_memzero(rnd, sizeof(rnd));
	cockpit_mac(req, "session", cookie, hash);
	rc = db_session_insert(req->app->db, hash, req->caller.token_id,
	    req->caller.secret, req->remote_addr);
	if (rc == DB_OK)
		resp_header(req, "Set-Cookie", COOKIE_SESSION "=%s; Path=/cockpit/;"
		    " Max-Age=%u; HttpOnly; SameSite=Strict%s", cookie,
		    req->app->cfg->session_max, req->https ? "; Secure" : "");
	req->session = arena_strdup(&req->arena, cookie);
	sodium_memzero(cookie, sizeof(cookie));
	return rc;
}

void
cockpit_session_end(struct request *req)
{
	unsigned char	 hash[32];

	if (req->session != NULL) {
		cockpit_mac(req, "session", req->session, hash);
		db_session_delete(req->app->db, hash);
	}
	resp_header(req, "Set-Cookie", COOKIE_SESSION "=; Path=/cockpit/; "
	    "Max-Age=0; HttpOnly; SameSite=Strict%s",
	    req->https ? "; Secure" : "");
}

/*
 * The CSRF token of a form: derived from the session cookie (or, before
 * sign-in, from a cookie of its own), so nothing needs storing.
 */
static const char *
cockpit_csrf_value(struct request *req)
{
	unsigned char	 rnd[32], mac[32];
	char		*pre, *out;

	if (req->session == NULL) {
		pre = (char *)request_cookie(req, COOKIE_PRE);
		if (!cockpit_cookie_ok(pre)) {
			randombytes_buf(rnd, sizeof(rnd));
			pre = arena_alloc(&req->arena, COOKIE_LEN + 1);
			cockpit_b64(rnd, sizeof(rnd), pre, COOKIE_LEN + 1);
			resp_header(req, "Set-Cookie", COOKIE_PRE "=%s; "
			    "Path=/cockpit/; HttpOnly; SameSite=Strict%s", pre,
			    req->https ? "; Secure" : "");
		}
		cockpit_mac(req, "csrf-pre", pre, mac);
	} else
		cockpit_mac(req, "csrf", req->session, mac);
	out = arena_alloc(&req->arena, COOKIE_LEN + 1);
	cockpit_b64(mac, sizeof(mac), out, COOKIE_LEN + 1);
	return out;
}

void
cockpit_csrf_field(struct request *req)
{
	cockpit_printf(req, "<input type=\"hidden\" name=\"csrf\" "
	    "value=\"%s\">", cockpit_csrf_value(req));
}

/* The form's csrf field matches; it is removed from the input after. */
int
cockpit_csrf_ok(struct request *req)
{
	json_t		*v = json_object_get(req->input_json, "csrf");
	const char	*got, *want;
	int		 ok = 0;

	if (req->session == NULL && !cockpit_cookie_ok(request_cookie(req,
	    COOKIE_PRE)))
		return 0;
	if (json_is_string(v)) {
		got = json_string_value(v);
		want = cockpit_csrf_value(req);
		ok = strlen(got) == COOKIE_LEN &&
		    sodium_memcmp(got, want, COOKIE_LEN) == 0;
	}
	json_object_del(req->input_json, "csrf");
	return ok;
}

void
cockpit_printf(struct request *req, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(&req->resp.body, fmt, ap);
	va_end(ap);
}

void
cockpit_esc(struct request *req, const char *s)
{
	text_html_escape(&req->resp.body, s ? s : "");
}

/*
 * The other language: this same page again when it was a GET. A page that
 * answers a post (the token shown once, a form with errors) has no link:
 * leaving it would lose what it holds.
 */
static void
cockpit_lang_link(struct request *req)
{
	const struct kv	*kv;

	if (req->method == NULL || strcmp(req->method, "GET") != 0)
		return;
	cockpit_printf(req, "<a class=\"lang\" hreflang=\"%s\" href=\"",
	    req->lang ? "fr" : "en");
	cockpit_esc(req, req->path);
	buf_addc(&req->resp.body, '?');
	for (kv = req->args; kv != NULL; kv = kv->next) {
		if (strcmp(kv->key, "lang") == 0 || strcmp(kv->key, "done") == 0)
			continue;
		text_pct_encode(&req->resp.body, kv->key);
		buf_addc(&req->resp.body, '=');
		text_pct_encode(&req->resp.body, kv->val);
		cockpit_printf(req, "&amp;");
	}
	cockpit_printf(req, "lang=%s\">%s</a>", req->lang ? "fr" : "en",
	    cockpit_t(req, T_OTHER_LANG));
}

void
cockpit_begin(struct request *req, int status, const char *title)
{
	resp_html(req, status);
	buf_reset(&req->resp.body);
	cockpit_security_headers(req);
	cockpit_printf(req, "<!doctype html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>",
	    cockpit_t(req, T_LANG));
	cockpit_esc(req, title);
	cockpit_printf(req, " · Cockpit</title>"
	    "<link rel=\"stylesheet\" href=\"/cockpit/static/cockpit.css\">"
	    "<script src=\"/cockpit/static/cockpit.js\" defer></script>"
	    "</head><body><header class=\"top\"><div class=\"brand\">Cockpit"
	    "</div><nav class=\"crumbs\" aria-label=\"breadcrumb\">"
	    "<span>%s</span> › <span>%s</span> › <a href=\"/cockpit/\">%s</a>"
	    "</nav><div class=\"tools\">", cockpit_t(req, T_CRUMB_ADMIN),
	    cockpit_t(req, T_CRUMB_TENANT), cockpit_t(req, T_TITLE));
	cockpit_lang_link(req);
	if (req->session != NULL) {
		cockpit_printf(req, "<span class=\"who\">%s <code>",
		    cockpit_t(req, T_SIGNED_IN_AS));
		cockpit_esc(req, req->caller.token_id);
		cockpit_printf(req, "</code> (");
		cockpit_esc(req, strcmp(req->caller.tenant, TENANT_ALL) == 0 ?
		    cockpit_t(req, T_ALL_TENANTS) : req->caller.tenant);
		cockpit_printf(req, ")</span><form method=\"post\" "
		    "action=\"/cockpit/logout\" class=\"inline\">");
		cockpit_csrf_field(req);
		cockpit_printf(req, "<button type=\"submit\" class=\"link\">%s"
		    "</button></form>", cockpit_t(req, T_SIGN_OUT));
	}
	cockpit_printf(req, "</div></header><main>");
}

void
cockpit_end(struct request *req)
{
	cockpit_printf(req, "</main></body></html>\n");
}

static const char *
cockpit_reason(struct request *req, int status)
{
	static const struct { int status; const char *fr; } fr[] = {
		{ 400, "Requête invalide" }, { 401, "Non authentifié" },
		{ 403, "Accès refusé" }, { 404, "Introuvable" },
		{ 405, "Méthode non autorisée" }, { 408, "Délai dépassé" },
		{ 409, "Conflit" },
		{ 413, "Contenu trop volumineux" },
		{ 415, "Type de contenu non pris en charge" },
		{ 422, "Contenu invalide" }, { 500, "Erreur interne" },
		{ 503, "Service indisponible" },
	};
	size_t	 i;

	if (req->lang == 0)
		for (i = 0; i < sizeof(fr) / sizeof(fr[0]); i++)
			if (fr[i].status == status)
				return fr[i].fr;
	return resp_reason(status);
}

void
cockpit_error(struct request *req, int status, const char *message)
{
	req->input = NULL;
	cockpit_begin(req, status, cockpit_reason(req, status));
	cockpit_printf(req, "<section class=\"card narrow error\" "
	    "role=\"alert\"><h1>%d %s</h1><p>", status,
	    cockpit_reason(req, status));
	cockpit_esc(req, message);
	cockpit_printf(req, "</p><p><a href=\"/cockpit/\">%s</a></p></section>",
	    cockpit_t(req, T_BACK));
	cockpit_end(req);
	if (status == 503)
		resp_header(req, "Retry-After", "1");
}

/*
 * The refusals a change can meet, in both languages, by their code: the
 * domain layer speaks English sentences, the cockpit does not show them.
 */
static const struct {
	const char	*code;
	const char	*text[2];
} cockpit_refusals[] = {
	{ "escalation", { "Votre jeton ne peut pas donner des droits qu'il "
	    "n'a pas, ni agir sur un jeton qui en a davantage.", "Your token "
	    "cannot grant rights it lacks, nor act on a token that holds "
	    "more." } },
	{ "self_extension", { "Un jeton ne peut pas prolonger ni supprimer sa "
	    "propre date d'expiration.", "A token cannot lengthen or remove "
	    "its own expiry." } },
	{ "wrong_status", { "Ce jeton n'est plus dans l'état qui permet cette "
	    "action.", "This token is no longer in a state that allows "
	    "this." } },
	{ "forbidden", { "Votre jeton n'a pas la permission requise.",
	    "Your token lacks the permission for this." } },
};

void
cockpit_outcome(struct request *req, const struct outcome *o)
{
	const char	*msg = NULL;
	size_t		 i;

	switch (o->kind) {
	case OUTCOME_OK:
		return;
	case OUTCOME_UNAUTHORIZED:
		/* The session's secret acts no more: the session ends. */
		cockpit_session_end(req);
		req->session = NULL;
		msg = cockpit_t(req, T_SESSION_ENDED);
		break;
	case OUTCOME_NOT_FOUND:
		msg = cockpit_t(req, T_ERR_NOT_FOUND);
		break;
	case OUTCOME_INVALID:
		msg = cockpit_field_message(req, o->errs.e[0].message);
		break;
	case OUTCOME_UNAVAILABLE:
		msg = cockpit_t(req, T_ERR_UNAVAILABLE);
		break;
	case OUTCOME_FAILED:
		msg = cockpit_t(req, T_ERR_GENERIC);
		break;
	default:
		for (i = 0; i < sizeof(cockpit_refusals) /
		    sizeof(cockpit_refusals[0]); i++)
			if (o->code != NULL &&
			    strcmp(cockpit_refusals[i].code, o->code) == 0)
				msg = cockpit_refusals[i].text[req->lang];
		if (msg == NULL)
			msg = o->reason;
		break;
	}
	cockpit_error(req, outcome_status(o->kind), msg);
}

void
cockpit_redirect(struct request *req, const char *location)
{
	resp_empty(req, 303);
	resp_header(req, "Location", "%s", location);
}
