// The Kafka client of the peers, connected as the suite's services are: SASL_SSL with SCRAM-SHA-512 and the broker's
// CA (test-support's secured broker), or PLAINTEXT; from the variables of the suite's infra.env.
import fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';

// kafkajs 2 warns at every start that its default partitioner changed in 2.0: irrelevant here (one partition)
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export function kafkaFromEnv(clientId) {
  const secured = process.env.KAFKA_SECURITY_PROTOCOL === 'SASL_SSL';
  return new Kafka({
    clientId,
    brokers: process.env.KAFKA_BOOTSTRAP_SERVERS.split(','),
    ssl: secured ? { ca: [fs.readFileSync(process.env.KAFKA_TRUSTSTORE_PEM, 'utf8')] } : false,
    sasl: secured ? { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME,
      password: process.env.KAFKA_SASL_PASSWORD } : undefined,
    logLevel: logLevel.WARN,
  });
}
