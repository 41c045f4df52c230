// What the load scenarios share: signing in through the real form, a synthetic referral, the loopback echo floor,
// percentiles, CPU sampling from /proc and small helpers. See README.md.
import { WebSocket } from "ws";
import { Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Wall clock in ms with sub-ms resolution. */
export const now = () => performance.timeOrigin + performance.now();

// ---------- the app ----------

export async function signIn(base, email, password) {
  const jar = new Map();
  const keep = (response) => {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0];
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const form = await fetch(`${base}/Account/Login`, { redirect: "manual" });
  keep(form);
  const token = /name="__RequestVerificationToken" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error("No antiforgery token on the sign-in form");
  const response = await fetch(`${base}/Account/Login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: header() },
    body: new URLSearchParams({ __RequestVerificationToken: token, _handler: "login", "Input.Email": email, "Input.Password": password }),
  });
  keep(response);
  if (response.status !== 302) throw new Error(`Sign-in of ${email} failed: HTTP ${response.status}`);
  return header();
}

/** Headers of an API call: JSON, the signed-in cookie, and the API's CSRF guard. */
export function apiHeaders(cookie) {
  return { "Content-Type": "application/json", Cookie: cookie, "X-NrmHub-Client": "1" };
}

/**
 * Sends one referral and fills `record` ({sentAt, respondedAt, status, id, error}) with what happened; the error is
 * the API's code, the HTTP status or the network error.
 */
export async function postReferral(base, cookie, body, record) {
  record.sentAt = now();
  try {
    const response = await fetch(`${base}/api/referrals`, { method: "POST", headers: apiHeaders(cookie), body: JSON.stringify(body) });
    const answer = await response.json().catch(() => null);
    record.respondedAt = now();
    record.status = response.status;
    if (response.status === 201) record.id = answer.id;
    else record.error = answer?.code ?? `HTTP ${response.status}`;
  } catch (e) {
    record.respondedAt = now();
    record.error = String(e?.cause?.code ?? e?.message ?? e);
  }
  return record;
}

/** Runs a scenario's main and exits with its code, or 1 with the stack. */
export function runMain(name, main) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`${name} failed:`, e?.stack ?? e);
      process.exit(1);
    },
  );
}

/** A synthetic person: no real personal data goes into a load test. */
export function referralBody(i, receiver = "clean-world") {
  return {
    toActorCode: receiver,
    services: ["Shelter"],
    urgency: "Routine",
    reason: `Load test referral ${i}`,
    consent: "Given",
    person: {
      fullName: `Load Test Person ${i}`,
      ageGroup: "Adult25To59",
      sex: i % 2 ? "Female" : "Male",
      vulnerabilities: [],
      exploitationForm: "Labour",
      regionIdentified: "Baku",
    },
  };
}

// ---------- the floor: raw WebSocket echo on loopback ----------

export async function startEchoServer() {
  const worker = new Worker(
    `
    const { parentPort } = require("node:worker_threads");
    const { WebSocketServer } = require(${JSON.stringify(join(here, "node_modules", "ws"))});
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
    server.on("connection", (socket) => socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })));
    server.on("listening", () => parentPort.postMessage(server.address().port));
    parentPort.on("message", () => server.close(() => process.exit(0)));
    `,
    { eval: true },
  );
  const port = await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    port,
    stop: () => new Promise((resolve) => { worker.once("exit", resolve); worker.postMessage("stop"); }),
  };
}

/** Sequential round trips of a ~100-byte text message; with a gap, spreads them over time. */
export async function echoRoundTrips(port, count, gapMs = 0, bytes = 100) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
  const payload = JSON.stringify({ type: 1, target: "NotifyMany", arguments: [[{ id: 1, pad: "x".repeat(40) }]] }).padEnd(bytes, " ");
  const once = () => new Promise((resolve) => {
    const start = now();
    socket.once("message", () => resolve(now() - start));
    socket.send(payload);
  });
  for (let i = 0; i < 50; i++) await once(); // warm-up, not counted
  const times = [];
  for (let i = 0; i < count; i++) {
    times.push(await once());
    if (gapMs > 0) await sleep(gapMs);
  }
  socket.close();
  return times;
}

// ---------- measuring ----------

export function summarize(values) {
  if (values.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: sorted.length, min: round(sorted[0]), p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1]), mean: round(sum / sorted.length) };
}

export function summarizeErrors(sends) {
  const errors = {};
  for (const s of sends) if (s.error) errors[s.error] = (errors[s.error] ?? 0) + 1;
  return errors;
}

/**
 * CPU use, as a number of cores busy on average: the server process and this process (from /proc and
 * process.cpuUsage), and the whole machine (from /proc/stat). "Others" is what neither of the two used: on a shared
 * machine it shows how much the numbers were disturbed. clientPids: processes the load client started (the .NET hub
 * clients), whose CPU is the load client's too.
 */
export function startCpuSampler(pid, clientPids = []) {
  const ticks = (p = pid) => {
    if (!p) return null;
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s on Linux)
    } catch {
      return null;
    }
  };
  const machineTicks = () => {
    try {
      const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
      const idle = cpu[3] + (cpu[4] ?? 0);
      return { busy: cpu.slice(0, 8).reduce((a, b) => a + b, 0) - idle, steal: cpu[7] ?? 0 };
    } catch {
      return null;
    }
  };
  // Pressure stall information: microseconds in which at least one runnable task waited for a CPU. On a machine the
  // server shares with its load, that waiting is what latency is made of; the load average only hints at it.
  const cpuWaitMicros = () => {
    try {
      return Number(/^some .*total=(\d+)/m.exec(readFileSync("/proc/pressure/cpu", "utf8"))[1]);
    } catch {
      return null;
    }
  };
  const childTicks = () => clientPids.reduce((sum, p) => sum + (ticks(p) ?? 0), 0);
  const start = { at: now(), server: ticks(), children: childTicks(), self: process.cpuUsage(), machine: machineTicks(), cpuWait: cpuWaitMicros(), loadavg: loadavg()[0] };
  return {
    stop() {
      const seconds = (now() - start.at) / 1000;
      const server = ticks();
      const self = process.cpuUsage(start.self);
      const end = machineTicks();
      const serverCores = server !== null && start.server !== null ? (server - start.server) / 100 / seconds : null;
      const clientCores = (self.user + self.system) / 1e6 / seconds + (childTicks() - start.children) / 100 / seconds;
      const machineBusy = end && start.machine ? (end.busy - start.machine.busy) / 100 / seconds : null;
      const cpuWait = cpuWaitMicros();
      return {
        seconds: round(seconds),
        serverCores: serverCores === null ? null : round(serverCores),
        loadClientCores: round(clientCores),
        machineBusyCores: machineBusy === null ? null : round(machineBusy),
        otherProcessesCores: machineBusy === null || serverCores === null ? null : round(machineBusy - serverCores - clientCores),
        machineCores: machine().cores,
        // Share of the run in which some task was ready to run but had no CPU (null where the kernel has no PSI).
        cpuWaitShare: cpuWait === null || start.cpuWait === null ? null : round((cpuWait - start.cpuWait) / 1e6 / seconds),
        // Time the hypervisor gave this machine's CPUs to someone else (0 where it does not report it).
        stealCores: end && start.machine ? round((end.steal - start.machine.steal) / 100 / seconds) : null,
        loadAverageAtStart: round(start.loadavg),
        loadAverageAtEnd: round(loadavg()[0]),
      };
    },
  };
}

/** "CPU wait 61 % of the run, steal 0.00 cores": how contended the machine was while a scenario ran. */
export function contention(cpu) {
  const wait = cpu.cpuWaitShare === null ? "n/a" : `${Math.round(100 * cpu.cpuWaitShare)} %`;
  return `tasks waiting for a CPU ${wait} of the run (PSI), steal ${cpu.stealCores ?? "n/a"} cores`;
}

export function machine() {
  return { cores: availableParallelism(), node: process.version, platform: process.platform };
}

// ---------- small things ----------

export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) throw new Error(`Unexpected argument ${argv[i]}`);
    const key = argv[i].slice(2);
    const value = argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
    out[key] = value;
  }
  return out;
}

export function required(value, name) {
  if (value === undefined || value === "") throw new Error(`${name} is required`);
  return value;
}

export function pick(o, keys) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

export function round(x) {
  return Math.round(x * 100) / 100;
}

export function fmt(s) {
  return `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms (n=${s.count})`;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function log(text) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
}
