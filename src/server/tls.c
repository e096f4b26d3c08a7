/* tls.c: reading and checking the PEM files of HTTPS (tls.h). */
#include "tls.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "textfile.h"

/* Read the PEM file of option into *out: a missing or unreadable file is
 * ERR_IO, one too large or not text ERR_INVALID. */
static int read_pem(const char *option, const char *path, char **out, struct error *err)
{
	struct error e;
	int rc = textfile_read(path, TLS_FILE_MAX, out, &e);
	if (rc)
		return error_set(err, rc == ERR_NOTFOUND ? ERR_IO : rc, "%s: %s", option, e.msg);
	return 0;
}

static gnutls_datum_t datum(const char *text)
{
	return (gnutls_datum_t){(unsigned char *)text, (unsigned)strlen(text)};
}

static int check_cert(const char *cert_file, const char *cert, struct error *err)
{
	gnutls_datum_t c = datum(cert);
	gnutls_x509_crt_t *chain;
	unsigned n;
	int rc = gnutls_x509_crt_list_import2(&chain, &n, &c, GNUTLS_X509_FMT_PEM, 0);
	if (rc < 0)
		return error_set(err, ERR_INVALID, "--tls-cert: %s: not a PEM certificate (%s)", cert_file,
				 gnutls_strerror(rc));
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(chain[i]);
	gnutls_free(chain);
	return 0;
}

static int check_key(const char *key_file, const char *key, struct error *err)
{
	gnutls_datum_t k = datum(key);
	gnutls_x509_privkey_t pk;
	int rc = gnutls_x509_privkey_init(&pk);
	if (rc < 0)
		return error_set(err, ERR_NOMEM, "--tls-key: %s", gnutls_strerror(rc));
	rc = gnutls_x509_privkey_import2(pk, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
	gnutls_x509_privkey_deinit(pk);
	if (rc < 0)
		return error_set(err, ERR_INVALID, "--tls-key: %s: not an unencrypted PEM private key (%s)", key_file,
				 gnutls_strerror(rc));
	return 0;
}

/* Whether the key is the certificate's (GnuTLS checks it when it takes the pair). */
static int check_pair(const char *cert_file, const char *cert, const char *key_file, const char *key,
		      struct error *err)
{
	gnutls_datum_t c = datum(cert), k = datum(key);
	gnutls_certificate_credentials_t cred;
	int rc = gnutls_certificate_allocate_credentials(&cred);
	if (rc < 0)
		return error_set(err, ERR_NOMEM, "--tls-key: %s", gnutls_strerror(rc));
	rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
	gnutls_certificate_free_credentials(cred);
	if (rc < 0)
		return error_set(err, ERR_INVALID, "--tls-key: %s does not go with the certificate of %s (%s)", key_file,
				 cert_file, gnutls_strerror(rc));
	return 0;
}

int tls_pem_load(const char *cert_file, const char *key_file, struct tls_pem *out, struct error *err)
{
	*out = (struct tls_pem){NULL, NULL};
	int rc;
	if ((rc = read_pem("--tls-cert", cert_file, &out->cert, err)) ||
	    (rc = read_pem("--tls-key", key_file, &out->key, err)) || (rc = check_cert(cert_file, out->cert, err)) ||
	    (rc = check_key(key_file, out->key, err)) || (rc = check_pair(cert_file, out->cert, key_file, out->key, err)))
		tls_pem_free(out);
	return rc;
}

void tls_pem_free(struct tls_pem *pem)
{
	if (pem->key)
		sodium_memzero(pem->key, strlen(pem->key));
	free(pem->key);
	free(pem->cert);
	*pem = (struct tls_pem){NULL, NULL};
}
