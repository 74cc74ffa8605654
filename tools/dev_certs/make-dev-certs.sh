#!/bin/sh
# Makes a development CA and certificates for the gatekeeper gRPC gateway, with openssl:
#
#   tools/dev_certs/make-dev-certs.sh DIR [SERVER_NAME ...]
#
# DIR/ca.pem, ca.key            the development CA (10 years; never use it in production)
# DIR/server.pem, server.key    the server, valid for localhost, 127.0.0.1, ::1 and every
#                               SERVER_NAME given (DNS names or IP addresses)
# DIR/customs.pem|.key          client certificates, one per role: the role is the OU
# DIR/officer.pem|.key          (OU=customs, OU=officer, OU=licensing); the CN names the
# DIR/licensing.pem|.key        caller (officer-dev, ...), which Dispose records as officerId
# DIR/norole.pem|.key           a client certificate of the CA with no gatekeeper role
#
# Keys are EC P-256 (fast to make: the whole set takes well under a second).
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [SERVER_NAME ...]" >&2
  exit 64
fi
dir=$1
shift
mkdir -p "$dir"
cd "$dir"

days=3650
subject_base="/C=EU/O=Gatekeeper development"

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

new_key ca.key
openssl req -x509 -new -key ca.key -sha256 -days "$days" -out ca.pem \
  -subj "$subject_base/CN=gatekeeper development CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

# sign NAME SUBJECT EXTFILE_CONTENT
sign() {
  name=$1
  subject=$2
  extensions=$3
  new_key "$name.key"
  openssl req -new -key "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  printf '%s\n' "$extensions" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
    -days "$days" -sha256 -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

alt_names="DNS:localhost,IP:127.0.0.1,IP:::1"
for extra in "$@"; do
  case $extra in
    *[!0-9.]*) case $extra in *:*) alt_names="$alt_names,IP:$extra" ;;
                                *) alt_names="$alt_names,DNS:$extra" ;; esac ;;
    *) alt_names="$alt_names,IP:$extra" ;;
  esac
done
sign server "$subject_base/OU=server/CN=localhost" \
  "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$alt_names"

client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
for role in customs officer licensing; do
  sign "$role" "$subject_base/OU=$role/CN=$role-dev" "$client_ext"
done
sign norole "$subject_base/OU=visitors/CN=norole-dev" "$client_ext"
rm -f ca.srl

echo "made ca.pem, server.pem and client certificates customs, officer, licensing, norole in $(pwd)"
