// Worker thread of load.mjs with --client-impl dotnet or raw: the same protocol as hubclients.mjs, but the hub clients
// live in one .NET process (`NrmHub.Benchmarks hubclients`: the official .NET SignalR client, or with raw the hub
// protocol on bare WebSockets, RawHubClient.cs) and this thread relays.
// Why: Node took 0.8-0.9 of a core to read the 50,000 frames a second of the 1,000-client run, on a 2-core machine
// that also runs the server. The child's receipt times are monotonic milliseconds (CLOCK_MONOTONIC, as
// process.hrtime); they are moved onto now()'s clock here.
import { parentPort, workerData } from "node:worker_threads";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { now } from "./common.mjs";

const { base, clients, connectConcurrency, executable, raw } = workerData;
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

// Workstation GC: one heap and no GC threads per core for a process that holds small lists. NRMHUB_CLIENT_ENV (JSON)
// adds or overrides variables for experiments (docs/performance.md: running its frames inline on the socket engine's
// thread, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, was tried that way and not kept).
const env = { ...process.env, DOTNET_gcServer: "0", ...(process.env.NRMHUB_CLIENT_ENV ? JSON.parse(process.env.NRMHUB_CLIENT_ENV) : {}) };
const child = spawn(executable, ["hubclients"], { stdio: ["pipe", "pipe", "inherit"], env });
child.on("exit", (code, signal) => {
  // Thrown, so that load.mjs' pending question fails instead of waiting for a reply that will not come.
  if (phase !== "stopped") setImmediate(() => { throw new Error(`the .NET hub clients stopped (${code ?? signal})`); });
});
let phase = "connect";
const waiting = [];
createInterface({ input: child.stdout }).on("line", (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return; // a stray line from the runtime, not a reply
  }
  waiting.shift()?.(message);
});
const ask = (message) => new Promise((resolve) => {
  waiting.push(resolve);
  if (message) child.stdin.write(JSON.stringify(message) + "\n");
});

child.stdin.write(JSON.stringify({ base, clients, connectConcurrency, raw }) + "\n");
const connected = await ask(null);
// Both clocks must be CLOCK_MONOTONIC, or every latency is off by their difference: the child's reading must fall
// between two of this thread's. The narrowest of a few round trips bounds the difference.
let clockCheck = null;
for (let i = 0; i < 5; i++) {
  const before = monotonicMs();
  const { clockMs } = await ask({ type: "clock" });
  const after = monotonicMs();
  if (clockMs < before || clockMs > after) throw new Error(`the .NET clients' clock (${clockMs} ms) is not this one (${before}..${after} ms)`);
  if (clockCheck === null || after - before < clockCheck) clockCheck = after - before;
}
parentPort.postMessage({ ...connected, pid: child.pid, clockCheckMs: clockCheck });

parentPort.on("message", async (m) => {
  if (m.type === "phase") child.stdin.write(JSON.stringify(m) + "\n");
  else if (m.type === "count") parentPort.postMessage(await ask(m));
  else if (m.type === "collect") {
    const dir = mkdtempSync(join(tmpdir(), "nrm-receipts-"));
    const reply = await ask({ type: "collect", path: join(dir, "receipts.bin") });
    const offset = now() - monotonicMs();
    const receipts = readReceipts(readFileSync(reply.path), offset);
    rmSync(dir, { recursive: true, force: true });
    parentPort.postMessage({ type: "receipts", receipts, other: reply.other, disconnects: reply.disconnects, drops: reply.drops });
  } else if (m.type === "stop") {
    const reply = await ask(m);
    phase = "stopped";
    parentPort.postMessage(reply);
  }
});

/** The child's binary file (HubClients.WriteReceipts) as hubclients.mjs' [id, atUtc, times, clients] rows. */
function readReceipts(buffer, offset) {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let at = 0;
  const int = () => { const v = view.getInt32(at, true); at += 4; return v; };
  const double = () => { const v = view.getFloat64(at, true); at += 8; return v; };
  const rows = [];
  for (let referrals = int(); referrals > 0; referrals--) {
    const id = int();
    const atUtc = double();
    const n = int();
    const times = new Array(n);
    for (let i = 0; i < n; i++) times[i] = double() + offset;
    const owners = new Array(n);
    for (let i = 0; i < n; i++) owners[i] = int();
    rows.push([id, atUtc, times, owners]);
  }
  return rows;
}
