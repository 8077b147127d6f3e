#!/bin/bash
# The entrypoint of docker-compose.yml's Kafka broker: SASL_SSL only for clients, SCRAM-SHA-512 users, ACLs by the
# kafka-topics one-shot service (docs/operations.md, "Kafka: users, ACLs and TLS"). It writes server.properties from
# the KAFKA_* variables (KAFKA_FOO_BAR -> foo.bar, ___ -> -, __ -> _, as the apache/kafka image does), makes a CA and
# a broker certificate once into the kafka-tls volume (its ca.pem is what the services trust), formats the storage
# once with the users, then runs the broker. The passwords come from FLEETFUSION_KAFKA_*_PASSWORD.
set -euo pipefail

TLS=/etc/kafka/secrets
CONFIG=/tmp/server.properties
STORE_PASSWORD=$FLEETFUSION_KAFKA_KEYSTORE_PASSWORD

if [ ! -f "$TLS/broker.p12" ]; then
  rm -f "$TLS/ca.p12" "$TLS/ca.pem" "$TLS/broker.csr" "$TLS/broker.pem"
  keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=FleetFusion compose Kafka CA" -ext bc:c \
    -validity 3650 -storetype PKCS12 -keystore "$TLS/ca.p12" -storepass "$STORE_PASSWORD"
  keytool -exportcert -rfc -alias ca -keystore "$TLS/ca.p12" -storepass "$STORE_PASSWORD" -file "$TLS/ca.pem"
  keytool -genkeypair -alias broker -keyalg EC -groupname secp256r1 -dname CN=kafka -validity 3650 \
    -storetype PKCS12 -keystore "$TLS/broker.p12.tmp" -storepass "$STORE_PASSWORD"
  keytool -certreq -alias broker -keystore "$TLS/broker.p12.tmp" -storepass "$STORE_PASSWORD" -file "$TLS/broker.csr"
  keytool -gencert -rfc -alias ca -keystore "$TLS/ca.p12" -storepass "$STORE_PASSWORD" -infile "$TLS/broker.csr" \
    -outfile "$TLS/broker.pem" -ext SAN=dns:kafka,dns:localhost,ip:127.0.0.1 -validity 3650
  keytool -importcert -noprompt -alias ca -file "$TLS/ca.pem" -keystore "$TLS/broker.p12.tmp" -storepass "$STORE_PASSWORD"
  keytool -importcert -noprompt -alias broker -file "$TLS/broker.pem" -keystore "$TLS/broker.p12.tmp" -storepass "$STORE_PASSWORD"
  chmod 644 "$TLS/ca.pem"
  mv "$TLS/broker.p12.tmp" "$TLS/broker.p12"
fi

: >"$CONFIG"
for variable in $(compgen -e | grep '^KAFKA_'); do
  case $variable in KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_LOG4J_OPTS) continue ;; esac
  name=$(printf '%s' "${variable#KAFKA_}" | tr 'A-Z' 'a-z' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  printf '%s=%s\n' "$name" "${!variable}" >>"$CONFIG"
done
scram() { printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' "$1" "$2"; }
{
  printf 'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=%s\n' "$(scram admin "$FLEETFUSION_KAFKA_ADMIN_PASSWORD")"
  printf 'listener.name.host.scram-sha-512.sasl.jaas.config=%s\n' "$(scram admin "$FLEETFUSION_KAFKA_ADMIN_PASSWORD")"
  printf 'ssl.keystore.type=PKCS12\nssl.keystore.location=%s\nssl.keystore.password=%s\n' "$TLS/broker.p12" "$STORE_PASSWORD"
  printf 'ssl.truststore.type=PEM\nssl.truststore.location=%s\n' "$TLS/ca.pem"
} >>"$CONFIG"
# the admin's client configuration, for the health check and `docker-compose exec kafka` tools
printf 'security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\nssl.truststore.type=PEM\nssl.truststore.location=%s\n' \
  "$(scram admin "$FLEETFUSION_KAFKA_ADMIN_PASSWORD")" "$TLS/ca.pem" >/tmp/admin.properties

if [ ! -f "$KAFKA_LOG_DIRS/meta.properties" ]; then
  /opt/kafka/bin/kafka-storage.sh format -t "$CLUSTER_ID" -c "$CONFIG" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$FLEETFUSION_KAFKA_ADMIN_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=webhook-ingest,password=$FLEETFUSION_KAFKA_WEBHOOK_INGEST_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=onboarding-service,password=$FLEETFUSION_KAFKA_ONBOARDING_SERVICE_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=tenant-store,password=$FLEETFUSION_KAFKA_TENANT_STORE_PASSWORD]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$CONFIG"
