// Worker thread of load.mjs: a share of the hub clients, so that parsing 50,000 hub messages a second does not stall
// the thread that sends the referrals and times the echo floor (issue 13: one loop doing all three measured its own
// stalls). Receipt times are wall-clock milliseconds, comparable across threads.
import { parentPort, workerData } from "node:worker_threads";
import { HubConnectionBuilder, HttpTransportType, LogLevel } from "@microsoft/signalr";
import { now } from "./common.mjs";

const { base, clients, connectConcurrency } = workerData; // clients: [{ index, cookie }]
const receipts = new Map(); // referralId -> { atUtc, times: number[], clients: number[] }
const hubs = [];
const errors = {};
const drops = [];
let phase = "connect";
let failures = 0;
let disconnects = 0;
let other = 0;
let count = 0;

async function connect({ index, cookie }) {
  const hub = new HubConnectionBuilder()
    .withUrl(`${base}/hubs/notifications`, { transport: HttpTransportType.WebSockets, skipNegotiation: true, headers: { Cookie: cookie } })
    .configureLogging(LogLevel.None)
    .build();
  // One message carries all a delivery pass found for the user (the hub's contract since issue 13).
  hub.on("NotifyMany", (messages) => {
    const at = now();
    for (const message of messages) {
      if (message.type !== "referral.received") {
        other++;
        continue;
      }
      let entry = receipts.get(message.referralId);
      if (!entry) {
        entry = { atUtc: Date.parse(message.atUtc), times: [], clients: [] };
        receipts.set(message.referralId, entry);
      }
      entry.times.push(at);
      entry.clients.push(index);
      count++;
    }
  });
  hub.onclose((error) => {
    disconnects++;
    if (phase !== "done") drops.push({ client: index, phase, error: String(error ?? "closed") });
  });
  try {
    await hub.start();
    hubs.push(hub);
    return index;
  } catch (e) {
    failures++;
    const key = String(e?.message ?? e).slice(0, 120);
    errors[key] = (errors[key] ?? 0) + 1;
    return null;
  }
}

const connected = [];
for (let i = 0; i < clients.length; i += connectConcurrency) {
  for (const index of await Promise.all(clients.slice(i, i + connectConcurrency).map(connect))) if (index !== null) connected.push(index);
}
parentPort.postMessage({ type: "connected", indexes: connected, failures, errors });

parentPort.on("message", async (m) => {
  if (m.type === "phase") phase = m.phase;
  else if (m.type === "count") parentPort.postMessage({ type: "count", count });
  else if (m.type === "collect") {
    parentPort.postMessage({ type: "receipts", receipts: [...receipts].map(([id, e]) => [id, e.atUtc, e.times, e.clients]), other, disconnects, drops });
  } else if (m.type === "stop") {
    phase = "done";
    await Promise.all(hubs.map((h) => h.stop().catch(() => {})));
    parentPort.postMessage({ type: "stopped" });
  }
});
