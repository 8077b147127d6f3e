// Node peer of webhook-ingest: verify the Svix signature with the svix library, publish the delivery to Kafka with
// kafkajs (acks=-1, i.e. all in-sync replicas), answer 204 only after the broker's acknowledgement.
// env: PORT, CLERK_WEBHOOK_SECRET, KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL (SASL_SSL or PLAINTEXT),
// KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_TRUSTSTORE_PEM (the broker's CA), KAFKA_TOPIC, PEER_WORKERS
import cluster from 'node:cluster';
import http from 'node:http';
import { Webhook } from 'svix';
import { kafkaFromEnv } from './kafka.mjs';

const MAX_BODY = 1024 * 1024;
const workers = Number(process.env.PEER_WORKERS || 1);
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const producer = kafkaFromEnv('webhook-ingest-node-peer').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const topic = process.env.KAFKA_TOPIC || 'clerk.events';
  const webhook = new Webhook(process.env.CLERK_WEBHOOK_SECRET);

  http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/webhooks/clerk') { res.writeHead(404).end(); return; }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) { res.writeHead(413).end(); req.destroy(); } else chunks.push(chunk);
    });
    req.on('end', async () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      let event;
      try {
        event = webhook.verify(payload, req.headers);
      } catch {
        res.writeHead(401).end();
        return;
      }
      try {
        await producer.send({ topic, acks: -1, messages: [{ key: event.data?.id ?? req.headers['svix-id'],
          value: payload, headers: { 'svix-id': req.headers['svix-id'], 'event-type': String(event.type) } }] });
        res.writeHead(204).end();
      } catch {
        res.writeHead(503, { 'retry-after': '10' }).end();
      }
    });
  }).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on ${process.env.PORT}`));
}
