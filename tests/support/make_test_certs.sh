#!/usr/bin/env bash
# Makes the certificates the TLS tests use, in DIR, with the openssl command:
#   ca.pem (+ca-key.pem)        the CA that signs everything below
#   other-ca.pem                an unrelated CA (the "wrong CA")
#   server.pem/server-key.pem   for swarm-master.test and 127.0.0.1, signed by ca.pem
#   client.pem/client-key.pem   a client certificate, signed by ca.pem
set -euo pipefail
dir=$1
cd "$dir"
quiet() { "$@" 2>/dev/null; }
make_ca() {  # name
    quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj "/CN=$1 test CA" -keyout "$1-key.pem" -out "$1.pem"
}
sign() {  # name subject extensions
    quiet openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -subj "$2" -keyout "$1-key.pem" -out "$1.csr"
    printf '%s\n' "$3" > "$1.ext"
    quiet openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
        -extfile "$1.ext" -out "$1.pem"
}
make_ca ca
make_ca other-ca
sign server "/CN=swarm-master.test" \
    "subjectAltName=DNS:swarm-master.test,IP:127.0.0.1
extendedKeyUsage=serverAuth"
sign client "/CN=swarm-sd" "extendedKeyUsage=clientAuth"
