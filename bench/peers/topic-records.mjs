// Prints the number of records on a Kafka topic (sum of its partitions' end offsets), so that the benchmark can check
// that every 2xx answer of a webhook run is a record. Same connection settings as ingest-svix.mjs.
import { kafkaFromEnv } from './kafka.mjs';

const admin = kafkaFromEnv('bench-topic-records').admin();
await admin.connect();
const offsets = await admin.fetchTopicOffsets(process.env.KAFKA_TOPIC || 'clerk.events');
console.log(offsets.reduce((sum, partition) => sum + Number(partition.high), 0));
await admin.disconnect();
