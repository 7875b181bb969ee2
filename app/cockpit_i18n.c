/* SPDX-License-Identifier: ISC */
/* The cockpit in French and English: texts, field errors, refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "cockpit.h"
#include "cockpit_i18n.h"
#include "http.h"

#define COOKIE_LANG	"cockpit_lang"

static const char *const texts[T__MAX][COCKPIT_LANGS] = {
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
	    "enregistrement, il est abandonné au bout de {0} min.",
	    "The token works only once saved. Unsaved, it is discarded "
	    "after {0} min." },
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
	[T_NO_TOKENS] = { "Aucun jeton.", "No tokens." },
	[T_OTHER_LANG] = { "English", "Français" },
	[T_SIGNED_IN_AS] = { "Connecté avec {0} · {1}",
	    "Signed in with {0} · {1}" },
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

	[T_CHOOSE_TENANT] = { "Choisissez un tenant", "Choose a tenant" },
	[T_EXPIRING_SOON] = { "expire bientôt", "expires soon" },
	[T_FILTER_EXPIRING] = { "Expirant sous 7 jours",
	    "Expiring within 7 days" },
	[T_FILTERED_EXPIRING] = { "expirant sous 7 jours",
	    "expiring within 7 days" },
	[T_FILTERED] = { "Liste filtrée :", "Filtered list:" },
	[T_FILTER_TENANT] = { "tenant {0}", "tenant {0}" },
	[T_SHOW_ALL] = { "Tout afficher", "Show all" },
	[T_SAVED_NAMED] = { "Jeton enregistré : {0} fonctionne dès "
	    "maintenant.", "Token saved: {0} works from now on." },
	[T_REVOKED_NAMED] = { "Jeton révoqué : {0} ne fonctionne plus.",
	    "Token revoked: {0} no longer works." },
	[T_REVOKED_CASCADE] = { "Jeton révoqué : {0} ne fonctionne plus, "
	    "ni les jetons créés à partir de lui ({1} révoqués avec lui).",
	    "Token revoked: {0} no longer works, nor do the tokens made from "
	    "it ({1} revoked with it)." },
	[T_DISCARD] = { "Abandonner", "Discard" },
	[T_CONFIRM_DISCARD] = { "Abandonner ce jeton ? Il n'a jamais été "
	    "enregistré et ne fonctionnera jamais.", "Discard this token? It "
	    "was never saved and will never work." },
	[T_DISCARDED_NAMED] = { "Jeton abandonné : {0} ne fonctionnera "
	    "jamais.", "Token discarded: {0} will never work." },
	[T_NO_EXPIRING] = { "Aucun jeton n'expire dans les 7 jours.",
	    "No token expires within 7 days." },

	[T_DISCARDED_TITLE] = { "Jeton abandonné", "Token discarded" },
	[T_DISCARDED_TEXT] = { "Ce jeton n'a pas été enregistré dans les {0} "
	    "min qui ont suivi sa création : il a été abandonné et ne "
	    "fonctionnera jamais. Créez-en un nouveau.", "This token was not "
	    "saved within {0} min of its creation: it was discarded and will "
	    "never work. Create a new one." },
	[T_ABANDONED_TEXT] = { "Ce jeton a été abandonné avant d'être "
	    "enregistré : il ne fonctionnera jamais. Créez-en un nouveau.",
	    "This token was discarded before it was saved: it will never "
	    "work. Create a new one." },
	[T_TOKEN_GONE] = { "Ce jeton n'existe pas, ou plus : un jeton qui "
	    "n'est pas enregistré dans les {0} min est abandonné.",
	    "This token does not exist, or no longer: a token not saved "
	    "within {0} min is discarded." },

	[T_SECRET_HOW] = { "Cliquez dans le champ, sélectionnez tout "
	    "(Ctrl+A, ou ⌘+A sur Mac) puis copiez (Ctrl+C, ou ⌘+C).",
	    "Click in the field, select all (Ctrl+A, or ⌘+A on a Mac), then "
	    "copy (Ctrl+C, or ⌘+C)." },
	[T_SECRET_HOW_JS] = { "Le jeton est sélectionné : copiez-le avec le "
	    "bouton Copier, ou Ctrl+C (⌘+C sur Mac).", "The token is "
	    "selected: copy it with the Copy button, or Ctrl+C (⌘+C on a "
	    "Mac)." },
	[T_NO_EXPIRY] = { "aucune : le jeton n'expire pas",
	    "none: the token does not expire" },
	[T_NO_DESCRIPTION] = { "aucune", "none" },

	[T_MAX_POLICY] = { "Ce tenant limite la vie des jetons à {0} jours : "
	    "au plus tard le {1}. Vide : le jeton expire au bout de {0} "
	    "jours.", "This tenant limits tokens to {0} days: {1} at the "
	    "latest. Empty: the token expires after {0} days." },
	[T_MAX_PARENT] = { "Votre jeton expire le {0} : choisissez une date "
	    "au plus tard ce jour-là.", "Your token expires on {0}: choose a "
	    "date no later than that day." },
	[T_MAX_NONE] = { "Vide : le jeton n'expire pas.",
	    "Empty: the token does not expire." },

	[T_DETAILS] = { "Détails", "Details" },
	[T_ID] = { "Identifiant", "Id" },
	[T_HINT] = { "Aperçu du secret", "Secret hint" },
	[T_CREATED_AT] = { "Créé le", "Created" },
	[T_CREATED_BY] = { "Créé par", "Created by" },
	[T_BY_CLI] = { "l'opérateur (tenantctl)", "the operator (tenantctl)" },
	[T_OUT_OF_SCOPE] = { "un jeton hors de votre périmètre",
	    "a token outside your scope" },
	[T_LAST_IPS] = { "Dernières adresses", "Last addresses" },
	[T_NO_IPS] = { "aucune", "none" },
	[T_POLICIES] = { "Règles d'accès", "Access policies" },
	[T_ANY_ADDRESS] = { "toute adresse", "any address" },
	[T_NO_LIMIT] = { "sans limite", "no limit" },
	[T_PER_MINUTE] = { "{0} requêtes par minute",
	    "{0} requests a minute" },
	[T_LINEAGE] = { "Jetons créés par ce jeton",
	    "Tokens this token created" },
	[T_NO_CHILDREN] = { "Ce jeton n'a créé aucun jeton.",
	    "This token has created no tokens." },
	[T_MORE_CHILDREN] = { "Les {0} plus récents sont affichés.",
	    "The {0} most recent are shown." },
	[T_AUDIT] = { "Journal d'audit", "Audit trail" },
	[T_AUDIT_WHEN] = { "Date", "When" },
	[T_AUDIT_ACTION] = { "Action", "Action" },
	[T_AUDIT_BY] = { "Par", "By" },
	[T_AUDIT_FROM] = { "Adresse", "From" },
	[T_AUDIT_DETAIL] = { "Détail", "Detail" },
	[T_NO_EVENTS] = { "Aucun événement.", "No events." },
	[T_EV_CREATE] = { "Création", "Created" },
	[T_EV_ACTIVATE] = { "Enregistrement", "Saved" },
	[T_EV_UPDATE] = { "Modification", "Changed" },
	[T_EV_ROTATE] = { "Renouvellement", "Rotated" },
	[T_EV_REVOKE] = { "Révocation", "Revoked" },
	[T_EV_LEAKED] = { "Révocation (secret divulgué)",
	    "Revoked (leaked secret)" },
	[T_SELF_NOTE] = { "C'est le jeton de votre session : le révoquer, ou "
	    "le renouveler sans délai, vous déconnecte.", "This is the token "
	    "of your session: revoking it, or rotating it without a delay, "
	    "signs you out." },
	[T_THIS_TOKEN] = { "ce jeton", "this token" },
	[T_BACK_TO_LIST] = { "Jetons d'API", "API tokens" },
	[T_BACK_TO_TOKEN] = { "Retour au jeton", "Back to the token" },
	[T_PENDING_NOTE] = { "Ce jeton n'est pas enregistré : il ne fonctionne "
	    "pas et sera abandonné au bout de {0} min après sa création.",
	    "This token is not saved: it does not work and will be discarded "
	    "{0} min after its creation." },
	[T_REVOKED_NOTE] = { "Ce jeton est révoqué : il ne peut plus être "
	    "renouvelé ni remis en service.", "This token is revoked: it can "
	    "no longer be rotated or put back into service." },
	[T_NO_ACTIONS] = { "Votre jeton ne peut rien changer à celui-ci.",
	    "Your token cannot change anything about this one." },

	[T_ROTATE] = { "Renouveler", "Rotate" },
	[T_ROTATE_INTRO] = { "Un nouveau secret remplace l'actuel ; le jeton "
	    "garde son identifiant, son nom et ses droits.", "A new secret "
	    "replaces the current one; the token keeps its id, name and "
	    "rights." },
	[T_GRACE] = { "L'ancien secret fonctionne encore",
	    "The old secret keeps working" },
	[T_GRACE_0] = { "pas du tout : il cesse aussitôt",
	    "not at all: it stops at once" },
	[T_GRACE_5M] = { "5 minutes", "5 minutes" },
	[T_GRACE_1H] = { "1 heure", "1 hour" },
	[T_GRACE_24H] = { "24 heures", "24 hours" },
	[T_UNTIL_USED] = { "Seulement jusqu'à la première utilisation du "
	    "nouveau secret (au plus tard à la fin de ce délai)",
	    "Only until the new secret is first used (at the latest when "
	    "this delay ends)" },
	[T_CONFIRM_ROTATE] = { "Renouveler ce jeton ? Son secret actuel "
	    "cessera de fonctionner.", "Rotate this token? Its current secret "
	    "will stop working." },
	[T_NEW_SECRET] = { "Nouveau secret de {0}", "New secret of {0}" },
	[T_OLD_SECRET] = { "Ancien secret", "Old secret" },
	[T_OLD_NOW] = { "ne fonctionne plus", "no longer works" },
	[T_OLD_GRACE] = { "fonctionne jusqu'au {0}", "works until {0}" },
	[T_OLD_UNTIL_USED] = { "fonctionne jusqu'à la première utilisation du "
	    "nouveau, au plus tard le {0}", "works until the new one is first "
	    "used, {0} at the latest" },

	[T_REVOKE_INTRO] = { "Le jeton cesse aussitôt de fonctionner ; il "
	    "reste affiché comme révoqué.", "The token stops working at once; "
	    "it stays listed as revoked." },
	[T_CASCADE] = { "Révoquer aussi les jetons qu'il a créés, et ceux "
	    "qu'ils ont créés", "Also revoke the tokens it created, and those "
	    "they created" },
	[T_CASCADE_WILL] = { "Les jetons qu'il a créés, et ceux qu'ils ont "
	    "créés, seront révoqués aussi.", "The tokens it created, and those "
	    "they created, will be revoked too." },
	[T_ACTIONS_TITLE] = { "Actions", "Actions" },

	[T_ERR_BAD_REQUEST] = { "La requête est mal formée : rechargez la page "
	    "et réessayez.", "The request is malformed: reload the page and "
	    "try again." },
	[T_ERR_METHOD] = { "Cette page ne s'utilise pas ainsi : passez par les "
	    "liens et les boutons du cockpit.", "This page is not used this "
	    "way: go through the cockpit's links and buttons." },
	[T_ERR_TOO_LARGE] = { "Le formulaire envoyé est trop volumineux.",
	    "The form sent is too large." },
	[T_ERR_MEDIA] = { "Ce type de contenu n'est pas accepté : envoyez le "
	    "formulaire de la page.", "This type of content is not accepted: "
	    "send the page's form." },
	[T_ERR_SLOW] = { "Le formulaire est arrivé trop lentement : "
	    "réessayez.", "The form arrived too slowly: try again." },
};

/*
 * Field errors as sentences, by code: what the reader did and what to do,
 * shown next to the field (so they need not name it).
 */
static const char *const field_texts[FE__MAX][COCKPIT_LANGS] = {
	[FE_INVALID] = { "Cette valeur n'est pas valide.",
	    "This value is not valid." },
	[FE_UNKNOWN_FIELD] = { "Ce champ n'est pas attendu ici.",
	    "This field is not expected here." },
	[FE_REPEATED] = { "Ce champ a été envoyé plusieurs fois : envoyez-le "
	    "une seule fois.", "This field was sent more than once: send it "
	    "once." },
	[FE_NOT_STRING] = { "Ce champ doit être un texte.",
	    "This field must be text." },
	[FE_NUL] = { "Ce texte contient un caractère nul, qui n'est pas "
	    "accepté.", "This text contains a NUL character, which is not "
	    "accepted." },
	[FE_UTF8] = { "Ce texte n'est pas en UTF-8 valide.",
	    "This text is not valid UTF-8." },
	[FE_EMPTY] = { "Ce champ est obligatoire : il ne peut pas rester vide.",
	    "This field is required: it cannot be left empty." },
	[FE_TOO_SHORT] = { "Ce texte est trop court.",
	    "This text is too short." },
	[FE_TOO_LONG] = { "Ce texte est trop long : {0} caractères au plus.",
	    "This text is too long: {0} characters at most." },
	[FE_CONTROL] = { "Ce texte contient des caractères de contrôle, qui ne "
	    "sont pas acceptés.", "This text contains control characters, "
	    "which are not accepted." },
	[FE_BIDI] = { "Ce texte contient des caractères de contrôle "
	    "bidirectionnel, qui pourraient faire passer un nom pour un "
	    "autre.", "This text contains bidirectional control characters, "
	    "which could make one name pass for another." },
	[FE_ZERO_WIDTH] = { "Ce nom contient des caractères invisibles (de "
	    "largeur nulle), qui pourraient le faire passer pour un autre.",
	    "This name contains invisible (zero-width) characters, which "
	    "could make it pass for another." },
	[FE_REQUIRED] = { "Ce champ est obligatoire.",
	    "This field is required." },
	[FE_BLANK] = { "Ce nom ne peut pas être fait que d'espaces.",
	    "This name cannot be only spaces." },
	[FE_IMMUTABLE] = { "Ce champ ne peut pas être modifié.",
	    "This field cannot be changed." },
	[FE_BOOLEAN] = { "Choisissez oui ou non.", "Choose yes or no." },
	[FE_STATUS] = { "Ce statut n'est pas possible ici.",
	    "This status is not possible here." },
	[FE_PERMS_TYPE] = { "Les permissions doivent être une liste de noms "
	    "de permissions.", "Permissions must be a list of permission "
	    "names." },
	[FE_PERM_UNKNOWN] = { "Cette permission n'existe pas : choisissez "
	    "parmi Lire, Écrire, Créer et Supprimer.", "This permission does "
	    "not exist: choose among Read, Write, Create and Delete." },
	[FE_PERMS_NONE] = { "Choisissez au moins une permission.",
	    "Choose at least one permission." },
	[FE_DATE_FORMAT] = { "Cette date n'est pas valide : saisissez une date "
	    "comme 2030-01-31.", "This date is not valid: enter a date such "
	    "as 2030-01-31." },
	[FE_DATE_PAST] = { "Cette date est passée : choisissez une date dans "
	    "le futur.", "This date has passed: choose a date in the "
	    "future." },
	[FE_DATE_RANGE] = { "Cette date est trop lointaine : choisissez-la "
	    "avant l'an 10000.", "This date is too far ahead: choose one "
	    "before the year 10000." },
	[FE_TENANT_FORMAT] = { "Ce tenant n'est pas valide : choisissez-en un "
	    "dans la liste.", "This tenant is not valid: choose one from the "
	    "list." },
	[FE_TENANT_ID_FORMAT] = { "Cet identifiant n'est pas valide : 2 à 63 "
	    "lettres minuscules, chiffres ou tirets, sans tiret au début.",
	    "This id is not valid: 2 to 63 lowercase letters, digits or "
	    "hyphens, not starting with a hyphen." },
	[FE_TENANT_REQUIRED] = { "Choisissez un tenant, ou « Tous les "
	    "Tenants ».", "Choose a tenant, or “All tenants”." },
	[FE_TENANT_UNKNOWN] = { "Ce tenant n'existe pas, ou plus : "
	    "choisissez-en un dans la liste.", "This tenant does not exist, or "
	    "no longer: choose one from the list." },
	[FE_LIFETIME_RANGE] = { "Indiquez un nombre de jours de 1 à 3650, ou "
	    "laissez vide.", "Enter a number of days from 1 to 3650, or leave "
	    "it empty." },
	[FE_RATE_RANGE] = { "Indiquez un nombre entier de 1 à 1000000, ou "
	    "laissez vide pour ne pas limiter.", "Enter a whole number from 1 "
	    "to 1000000, or leave it empty for no limit." },
	[FE_GRACE_RANGE] = { "Choisissez un délai de 0 à 24 heures.",
	    "Choose a delay from 0 to 24 hours." },
	[FE_GRACE_NEEDED] = { "Pour garder l'ancien secret jusqu'à la première "
	    "utilisation du nouveau, choisissez aussi un délai maximal.",
	    "To keep the old secret until the new one is first used, also "
	    "choose a longest delay." },
	[FE_CIDRS_TYPE] = { "Les adresses autorisées doivent être une liste "
	    "d'adresses ou de plages.", "Allowed addresses must be a list of "
	    "addresses or ranges." },
	[FE_CIDRS_ENTRY] = { "Mettez une seule adresse ou plage par entrée.",
	    "Put one address or range an entry." },
	[FE_CIDRS_INVALID] = { "Ces adresses ne sont pas valides : donnez des "
	    "adresses ou plages IPv4 ou IPv6, une par ligne, comme "
	    "192.0.2.0/24 ou 2001:db8::/32, bits d'hôte à zéro.", "These "
	    "addresses are not valid: give IPv4 or IPv6 addresses or ranges, "
	    "one a line, such as 192.0.2.0/24 or 2001:db8::/32, host bits "
	    "zero." },
	[FE_CIDRS_TOO_MANY] = { "Indiquez 32 adresses ou plages au plus.",
	    "Give 32 addresses or ranges at most." },
	[FE_LEAKED_LIST] = { "Donnez une liste de 1 à 1000 jetons.",
	    "Give a list of 1 to 1000 tokens." },
	[FE_LIMIT_RANGE] = { "Indiquez un nombre de 1 à 200.",
	    "Enter a number from 1 to 200." },
	[FE_CURSOR] = { "Ce lien de pagination n'est pas valide : repartez du "
	    "début de la liste.", "This page link is not valid: start again "
	    "from the top of the list." },
	[FE_QUERY_TEXT] = { "Cherchez de 1 à 128 caractères imprimables.",
	    "Search for 1 to 128 printable characters." },
	[FE_EXPIRY_PARENT_CREATE] = { "Cette date dépasse l'expiration de "
	    "votre jeton : un jeton ne peut pas durer plus longtemps que celui "
	    "qui le crée.", "This date is later than your own token's expiry: "
	    "a token cannot outlive the token that creates it." },
	[FE_EXPIRY_PARENT] = { "Cette date dépasse l'expiration du jeton qui "
	    "l'a créé : un jeton ne peut pas lui survivre.", "This date is "
	    "later than the expiry of the token that created it: a token "
	    "cannot outlive it." },
	[FE_EXPIRY_POLICY] = { "Cette date dépasse la durée de vie maximale "
	    "des jetons de ce tenant ({0} jours).", "This date is beyond the "
	    "longest lifetime of this tenant's tokens ({0} days)." },
	[FE_DUPLICATE_NAME] = { "Un jeton de ce tenant porte déjà ce nom : "
	    "choisissez-en un autre.", "A token of this tenant already has "
	    "this name: choose another." },
	[FE_UNKNOWN_PARAM] = { "Ce paramètre n'est pas attendu dans "
	    "l'adresse.", "This parameter is not expected in the address." },
	[FE_EXPIRING_RANGE] = { "Indiquez un nombre de jours de 1 à 365.",
	    "Enter a number of days from 1 to 365." },
	[FE_WEBHOOK_URL] = { "Indiquez une adresse https vers un hôte public, "
	    "sans nom d'utilisateur ni fragment.", "Enter an https address of "
	    "a public host, without a user name or fragment." },
};

/*
 * The refusals a change can meet, by their code: the domain layer speaks
 * English sentences, the cockpit does not show them.
 */
static const struct {
	const char	*code;
	const char	*text[COCKPIT_LANGS];
} refusals[] = {
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
	{ "duplicate_name", { "Un jeton de ce tenant porte déjà ce nom.",
	    "A token of this tenant already has this name." } },
	{ "conflict", { "Cette modification entre en conflit avec l'état "
	    "actuel : rechargez la page et réessayez.", "This change "
	    "conflicts with the current state: reload the page and try "
	    "again." } },
};

const char *
cockpit_text_lang(enum cockpit_text t, int lang)
{
	if ((unsigned int)t >= T__MAX || lang < 0 || lang >= COCKPIT_LANGS)
		return NULL;
	return texts[t][lang];
}

const char *
cockpit_t(struct request *req, enum cockpit_text t)
{
	const char	*s = cockpit_text_lang(t, req->lang);

	return s != NULL ? s : "";
}

const char *
cockpit_field_text(enum field_code code, int lang)
{
	if ((unsigned int)code >= FE__MAX || lang < 0 || lang >= COCKPIT_LANGS)
		return NULL;
	return field_texts[code][lang];
}

const char *
cockpit_refusal_text(const char *code, int lang)
{
	size_t	 i;

	if (code == NULL || lang < 0 || lang >= COCKPIT_LANGS)
		return NULL;
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (strcmp(refusals[i].code, code) == 0)
			return refusals[i].text[lang];
	return NULL;
}

char *
cockpit_fill(struct request *req, const char *text, const char *const *args,
    int nargs)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p;
	char		*out;
	int		 k;

	for (p = text; *p != '\0'; p++) {
		if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}') {
			k = p[1] - '0';
			if (k < nargs && args[k] != NULL)
				buf_adds(&b, args[k]);
			p += 2;
		} else
			buf_addc(&b, *p);
	}
	out = arena_strdup(&req->arena, b.p != NULL ? b.p : "");
	buf_free(&b);
	return out;
}

const char *
cockpit_field_message(struct request *req, const struct field_error *e)
{
	const char	*s = cockpit_field_text(e->code, req->lang);
	char		 n[16];
	const char	*args[1] = { n };

	if (s == NULL)
		s = cockpit_field_text(FE_INVALID, req->lang);
	snprintf(n, sizeof(n), "%u", e->arg);
	return cockpit_fill(req, s, args, 1);
}

const char *
cockpit_status_text(struct request *req, int status)
{
	switch (status) {
	case 400:
		return cockpit_t(req, T_ERR_BAD_REQUEST);
	case 404:
		return cockpit_t(req, T_ERR_NOT_FOUND);
	case 405:
		return cockpit_t(req, T_ERR_METHOD);
	case 408:
		return cockpit_t(req, T_ERR_SLOW);
	case 413:
		return cockpit_t(req, T_ERR_TOO_LARGE);
	case 415:
		return cockpit_t(req, T_ERR_MEDIA);
	case 503:
		return cockpit_t(req, T_ERR_UNAVAILABLE);
	default:
		return cockpit_t(req, T_ERR_GENERIC);
	}
}

const char *
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

	if (req->lang == COCKPIT_FR)
		for (i = 0; i < sizeof(fr) / sizeof(fr[0]); i++)
			if (fr[i].status == status)
				return fr[i].fr;
	return resp_reason(status);
}

void
cockpit_choose_lang(struct request *req)
{
	const char	*l = request_arg(req, "lang"), *p;
	double		 q, best_q = -1;
	int		 best = COCKPIT_FR, cand;

	if (l != NULL && (strcmp(l, "fr") == 0 || strcmp(l, "en") == 0)) {
		req->lang = strcmp(l, "en") == 0 ? COCKPIT_EN : COCKPIT_FR;
		resp_header(req, "Set-Cookie", COOKIE_LANG "=%s; Path=/cockpit/; "
		    "Max-Age=31536000; SameSite=Strict%s", l,
		    req->https ? "; Secure" : "");
		return;
	}
	if ((l = request_cookie(req, COOKIE_LANG)) != NULL &&
	    (strcmp(l, "fr") == 0 || strcmp(l, "en") == 0)) {
		req->lang = strcmp(l, "en") == 0 ? COCKPIT_EN : COCKPIT_FR;
		return;
	}
	for (p = req->accept_language; p != NULL && *p != '\0'; ) {
		while (*p == ' ' || *p == ',')
			p++;
		cand = strncasecmp(p, "fr", 2) == 0 ? COCKPIT_FR :
		    strncasecmp(p, "en", 2) == 0 ? COCKPIT_EN : -1;
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
