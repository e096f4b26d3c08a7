#!/usr/bin/env bash
# HTTPS (docs/api.md "HTTPS"): `serve --tls-cert FILE --tls-key FILE` with a
# self-signed certificate answers over TLS to a client that trusts it, the
# same JSON as without TLS, with Strict-Transport-Security; plain HTTP on
# that port gets no answer; a client that does not trust the certificate
# refuses it. Bad certificate or key files are refused before listening,
# naming the file: one without the other (2), missing or unreadable (3),
# not PEM, too large, encrypted, or a key of another certificate (1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash" || exit 1
source "$(dirname "${BASH_SOURCE[0]}")/lib/server.bash" || exit 1
e2e_setup

command -v openssl >/dev/null || fail "openssl is not installed (scripts/bootstrap installs it)"

say "two self-signed certificates for 127.0.0.1 and their keys, one key encrypted"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout key.pem -out cert.pem \
	-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>openssl.err ||
	fail "openssl req: $(cat openssl.err)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other.pem -out othercert.pem \
	-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>openssl.err ||
	fail "openssl req: $(cat openssl.err)"
openssl pkey -in key.pem -aes256 -passout pass:secret -out encrypted.pem 2>openssl.err ||
	fail "openssl pkey: $(cat openssl.err)"
ok "cert.pem key.pem, othercert.pem other.pem, encrypted.pem"

expect_ok custody init
expect_ok custody ingest "$EXAMPLE"
expect_ok custody user add root --role admin
TOKEN=$(custody user token root)
ROUTES=(/api/occupancy /api/facilities /api/people/A123456789 /api/flags)

say "the answers over plain HTTP, for comparison"
serve_start
for route in "${ROUTES[@]}"; do
	http GET "$route" "$TOKEN"
	expect_status 200
	expect_security_headers
	cp "$OUT" "plain$(echo "$route" | tr / _).json"
done
serve_stop
ok "${#ROUTES[@]} answers"

say "serve --tls-cert --tls-key: HTTPS, the same JSON"
serve_start --tls-cert cert.pem --tls-key key.pem
[[ $BASE == https://127.0.0.1:* ]] || fail "serve --tls-cert printed $BASE, not https://127.0.0.1:PORT"
export CURL_CA_BUNDLE=$E2E_WORK/cert.pem
for route in "${ROUTES[@]}"; do
	http GET "$route" "$TOKEN"
	expect_status 200
	expect_security_headers tls
	cmp -s "$OUT" "plain$(echo "$route" | tr / _).json" || fail "GET $route over HTTPS differs from plain HTTP"
done
http GET / -
expect_status 200
expect_security_headers tls
http GET /api/occupancy -
expect_error 401
expect_security_headers tls
ok "the same JSON, with Strict-Transport-Security, on answers and errors"

say "a client that trusts another certificate refuses this one"
unset CURL_CA_BUNDLE
rc=0
curl -s -o /dev/null --max-time 10 --cacert othercert.pem -H "Authorization: Bearer $TOKEN" "$BASE/api/occupancy" ||
	rc=$?
[ "$rc" = 60 ] || fail "curl without the certificate: exit $rc, not 60 (certificate not trusted)"
ok "curl exit $rc"

say "plain HTTP on the HTTPS port gets no answer"
plain=http://${BASE#https://}
rc=0
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $TOKEN" "$plain/api/occupancy") ||
	rc=$?
[ "$rc" != 0 ] && [ "$STATUS" = 000 ] || fail "plain HTTP to $plain: HTTP $STATUS, curl exit $rc: $(head -c 200 "$OUT")"
serve_alive
ok "curl exit $rc, no HTTP answer; the server still runs"
serve_stop

say "bad certificate and key files are refused before listening"
head -c 2000000 /dev/zero | tr '\0' A >huge.pem
echo 'not a certificate' >garbage.pem
mkdir adir.pem
# refuse STATUS TEXT OPTIONS...: serve exits with STATUS, naming TEXT
refuse()
{
	local status=$1 text=$2
	shift 2
	expect_exit "$status" timeout 10 "$CUSTODY" --db "$DB" serve --listen 127.0.0.1:0 "$@"
	expect_stderr_contains "$text"
	! grep -q '^listening' "$OUT" || fail "serve $* listened: $(cat "$OUT")"
}
refuse 2 "--tls-cert and --tls-key go together" --tls-cert cert.pem
refuse 2 "--tls-cert and --tls-key go together" --tls-key key.pem
refuse 3 "--tls-cert: missing.pem" --tls-cert missing.pem --tls-key key.pem
refuse 3 "--tls-key: missing.pem" --tls-cert cert.pem --tls-key missing.pem
refuse 3 "--tls-cert: adir.pem" --tls-cert adir.pem --tls-key key.pem
refuse 1 "--tls-cert: garbage.pem: not a PEM certificate" --tls-cert garbage.pem --tls-key key.pem
refuse 1 "--tls-cert: key.pem: not a PEM certificate" --tls-cert key.pem --tls-key key.pem
refuse 1 "--tls-key: cert.pem: not an unencrypted PEM private key" --tls-cert cert.pem --tls-key cert.pem
refuse 1 "--tls-key: encrypted.pem: not an unencrypted PEM private key" --tls-cert cert.pem --tls-key encrypted.pem
refuse 1 "--tls-key: other.pem does not go with the certificate of cert.pem" --tls-cert cert.pem --tls-key other.pem
refuse 1 "--tls-cert: huge.pem: larger than" --tls-cert huge.pem --tls-key key.pem
ok "2 for one without the other, 3 for unreadable files, 1 for bad contents"
