// Remote servers: TLS with a private root certificate (--ssl --root-certs) and auth headers (-H) reach
// the server; a wrong header or a TLS mismatch is one line naming the server.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KServeClient } from "../../src/calibrate/client.js";
import { parseHeader } from "../../src/calibrate/endpoint.js";
import { KServeError } from "../../src/calibrate/kserve-error.js";
import { startFakeServer, type FakeServer } from "./fake-kserve.js";

const svc = () => ({ inputUs: 0, inferUs: 100, outputUs: 0 });

function haveOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveOpenssl())("TLS and headers", () => {
  let fake: FakeServer;
  let cert: Buffer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "servesim-tls-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
        "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
      { stdio: "ignore" },
    );
    cert = readFileSync(join(dir, "cert.pem"));
    fake = await startFakeServer([{ name: "m", maxBatchSize: 1, instances: 1, serviceUs: svc }], {
      tls: { key: readFileSync(join(dir, "key.pem")), cert },
      requireHeader: ["authorization", "Bearer t0ken"],
    });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("connects over TLS with the root certificate and the header", async () => {
    const c = new KServeClient({ url: fake.url, ssl: true, rootCerts: cert, headers: [parseHeader("Authorization: Bearer t0ken")] });
    try {
      expect(await c.serverLive()).toBe(true);
      expect((await c.modelConfig("m")).name).toBe("m");
    } finally {
      c.close();
    }
  });

  it("reports a missing header as one line", async () => {
    const c = new KServeClient({ url: fake.url, ssl: true, rootCerts: cert, headers: [] });
    const err = await c.serverLive().catch((e: unknown) => e);
    c.close();
    expect(err).toBeInstanceOf(KServeError);
    expect((err as KServeError).kind).toBe("restricted");
    expect((err as KServeError).message).toMatch(/ServerLive on server 127\.0\.0\.1:\d+: missing or wrong header 'authorization'/);
  });

  it("reports plaintext against a TLS server as unreachable, quickly", async () => {
    const c = new KServeClient({ url: fake.url, ssl: false, headers: [], controlDeadlineMs: 3000 });
    const t0 = Date.now();
    const err = await c.serverLive().catch((e: unknown) => e);
    c.close();
    expect(err).toBeInstanceOf(KServeError);
    expect((err as KServeError).message).toContain(`cannot reach server ${fake.url}`);
    expect((err as KServeError).message.includes("\n")).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
