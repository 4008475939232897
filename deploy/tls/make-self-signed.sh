#!/bin/sh
# A self-signed certificate for trying Weir over HTTPS on one machine:
#   deploy/tls/make-self-signed.sh [DIR] [NAME ...]
# writes DIR/weir.crt and DIR/weir.key (default DIR: ./tls), valid for 825 days, for
# localhost, 127.0.0.1, ::1 and any further NAMEs (host names or IP addresses).
# Clients must be told to trust weir.crt (curl --cacert, Node's `ca` option); browsers will
# warn. For production, use a certificate from your CA or Let's Encrypt instead.
set -eu

dir=${1:-./tls}
[ $# -gt 0 ] && shift

command -v openssl >/dev/null 2>&1 || {
  echo "make-self-signed.sh: openssl is not installed (apt-get install openssl)" >&2
  exit 2
}

san="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do
  case $name in
    *[!0-9.]*) case $name in *:*) san="$san,IP:$name" ;; *) san="$san,DNS:$name" ;; esac ;;
    *) san="$san,IP:$name" ;;
  esac
done

mkdir -p "$dir"
umask 077
# EC P-256: as strong as RSA-3072 for a fraction of the handshake cost. 825 days is the
# longest validity Apple platforms accept for a TLS server certificate.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$dir/weir.key" -out "$dir/weir.crt" -days 825 \
  -subj "/CN=localhost" \
  -addext "subjectAltName=$san" \
  -addext "basicConstraints=critical,CA:FALSE" \
  -addext "keyUsage=critical,digitalSignature" \
  -addext "extendedKeyUsage=serverAuth" 2>/dev/null
chmod 644 "$dir/weir.crt"
echo "Wrote $dir/weir.crt and $dir/weir.key (subjectAltName $san)"
