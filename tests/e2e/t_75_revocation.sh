# SPDX-License-Identifier: ISC
# Revocation within 1 s: a token used through every worker of both pools,
# then revoked (or rotated, or its tenant suspended or deleted) through the
# API; every worker must refuse it within a second of that call returning.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
RA=$(unique rv)
new_tenant "$RA"
T1=$(new_token "$RA" read "rv-revoke")
T1ID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$RA' AND name = 'rv-revoke'")
revocation "revoke" "$T1" all areq "$ADMIN" DELETE "/api/v1/tokens/$T1ID"

T2=$(new_token "$RA" read "rv-rotate")
T2ID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$RA' AND name = 'rv-rotate'")
revocation "rotate" "$T2" all ajson "$ADMIN" POST "/api/v1/tokens/$T2ID/rotate" '{}'
remember "$(jb .token)"

T3=$(new_token "$RA" read "rv-suspend")
revocation "tenant suspension" "$T3" all ajson "$ADMIN" PATCH "/api/v1/tenants/$RA" '{"status":"suspended"}'

RB=$(unique rd)
new_tenant "$RB"
T4=$(new_token "$RB" read "rv-delete")
revocation "tenant deletion" "$T4" all areq "$ADMIN" DELETE "/api/v1/tenants/$RB"
