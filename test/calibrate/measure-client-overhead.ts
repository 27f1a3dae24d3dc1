// Measures the load generator's own ceiling: closed-loop ModelInfer calls per second and µs per call
// against the fake Triton (zero service time) running in a separate process on loopback.
// Run: `npx tsx test/calibrate/measure-client-overhead.ts` (not part of the test suite).
import { spawn } from "node:child_process";
import { KServeClient } from "../../src/calibrate/client.js";
import { startClosedLoop } from "../../src/calibrate/closed-loop.js";
import { makeInputs } from "../../src/calibrate/input-tensors.js";
import { RequestLog } from "../../src/calibrate/request-log.js";

const server = spawn(process.execPath, ["--import", "tsx", new URL("./fake-server-main.ts", import.meta.url).pathname], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((resolve) => server.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
const client = new KServeClient({ url, ssl: false, headers: [] });
const durationMs = Number(process.env.DURATION_MS ?? 3000);

const shapes: readonly (readonly [number, number])[] = [
  [1, 8],
  [8, 128],
];
for (const [b, seq] of shapes) {
  const request = client.prepareInfer({
    model: "zero",
    inputs: makeInputs([{ name: "input_ids", datatype: "INT32", shape: [-1, -1] }], "zero", { batchSize: b, batching: true, seqLen: seq }),
  });
  for (const concurrency of [1, 8, 64]) {
    // warm-up, then measure
    const warm = startClosedLoop({ client, request, concurrency, log: new RequestLog() });
    await new Promise((r) => setTimeout(r, 500));
    await warm.stop();
    const log = new RequestLog();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const loop = startClosedLoop({ client, request, concurrency, log });
    await new Promise((r) => setTimeout(r, durationMs));
    await loop.stop();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const lat: number[] = [];
    let send = 0;
    let recv = 0;
    for (let i = 0; i < log.length; i++) {
      lat.push(log.latencyUs(i));
      send += log.sendUs(i);
      recv += log.recvUs(i);
    }
    lat.sort((x, y) => x - y);
    const n = log.length;
    const cpuUs = cpu.user + cpu.system;
    console.log(
      `b=${b} (${b * seq * 4} B input) concurrency ${concurrency}: ${((n * 1000) / wall).toFixed(0)} calls/s, ` +
        `latency p50 ${lat[Math.floor(n / 2)]?.toFixed(0)} µs, client CPU ${(cpuUs / n).toFixed(0)} µs/call ` +
        `(${((cpuUs / 1000 / wall) * 100).toFixed(0)} % of a core), send ${(send / n).toFixed(1)} µs, recv ${(recv / n).toFixed(1)} µs`,
    );
  }
}
client.close();
server.kill("SIGTERM");
