// Runs the fake Triton as a process (for trying the CLI or the bundle by hand, and for measuring the
// client's own overhead without the server sharing its CPU): `npx tsx test/calibrate/fake-server-main.ts`
// prints `127.0.0.1:PORT` and serves until killed. Models: zero (no service time), bert_k1, bert_k2.
import { startFakeServer } from "./fake-kserve.js";

const bert = (b: number) => ({ inputUs: 150, inferUs: 2000 + 600 * b, outputUs: 80 });

const fake = await startFakeServer([
  { name: "zero", maxBatchSize: 64, instances: 64, serviceUs: () => ({ inputUs: 0, inferUs: 0, outputUs: 0 }) },
  { name: "bert_k1", maxBatchSize: 16, instances: 1, serviceUs: bert, jitter: 0.1 },
  { name: "bert_k2", maxBatchSize: 16, instances: 2, serviceUs: bert, jitter: 0.1, contention: (r) => 1 + 0.6 * (r - 1) },
]);
process.stdout.write(`${fake.url}\n`);
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
