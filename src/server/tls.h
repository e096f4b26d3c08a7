/* tls.h: the certificate and key of `custody serve --tls-cert FILE
 * --tls-key FILE`, read and checked with GnuTLS before the server listens. */
#ifndef CUSTODY_TLS_H
#define CUSTODY_TLS_H

#include "error.h"

/* The largest certificate chain or key file read (a chain is a few KiB). */
#define TLS_FILE_MAX (1024 * 1024)

/* PEM text, malloc'd, NUL-terminated; both NULL when empty. */
struct tls_pem {
	char *cert, *key;
};

/* Read the certificate chain at cert_file and the unencrypted private key
 * at key_file into *out (which tls_pem_free() releases) and check them:
 * PEM that GnuTLS takes, and the key is the certificate's. Fails with
 * ERR_IO when a file is missing or cannot be read, ERR_INVALID when it is
 * larger than TLS_FILE_MAX, not PEM, an encrypted key, or a key of another
 * certificate, each message naming the option (--tls-cert, --tls-key) and
 * the file; *out is then empty. */
int tls_pem_load(const char *cert_file, const char *key_file, struct tls_pem *out, struct error *err);

/* Free what *pem holds, the key wiped first; *pem is then empty. */
void tls_pem_free(struct tls_pem *pem);

#endif
