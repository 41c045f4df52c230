// Load benchmark of NrmHub's live notifications. Started by run.sh against a running app; see README.md.
//
//   node load.mjs --base http://127.0.0.1:PORT [--rate 50] [--seconds 60] [--clients 1000]
//                 [--users-prefix load] [--users 20] [--drain 20] [--echo 1000] [--client-threads 2] [--server-pid PID] [--out FILE]
//                 [--client-impl node|dotnet|raw]
//
// Passwords come from the environment (NRMHUB_LOAD_PASSWORD for the receiving users, NRMHUB_OFFICER_PASSWORD for
// the officer), never from the command line.
import { Worker } from "node:worker_threads";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import {
  now, signIn as signInAt, referralBody as referralFor, startEchoServer, echoRoundTrips as echoAt, summarize, summarizeErrors,
  startCpuSampler, contention, machine, parseArgs, required, pick, round, fmt, sleep, log, postReferral, runMain,
} from "./common.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// ---------- settings ----------
const args = parseArgs(process.argv.slice(2));
const cfg = {
  base: required(args.base, "--base"),
  rate: Number(args.rate ?? 50),
  seconds: Number(args.seconds ?? 60),
  clients: Number(args.clients ?? 1000),
  users: Number(args.users ?? 20),
  usersPrefix: args["users-prefix"] ?? "load",
  usersDomain: args["users-domain"] ?? "load.nrmhub.local",
  receiver: args.receiver ?? "clean-world",
  drainSeconds: Number(args.drain ?? 20),
  warmupSeconds: Number(args.warmup ?? 5),
  echoRoundTrips: Number(args.echo ?? 1000),
  echoBytes: 100,
  connectConcurrency: Number(args["connect-concurrency"] ?? 50),
  clientThreads: Number(args["client-threads"] ?? 2),
  // raw: one .NET process (tests/NrmHub.Benchmarks `hubclients`, built by run.sh) speaking the hub protocol on bare
  // WebSockets, the lightest reader of the three and the one that adds least of its own to a receipt
  // (docs/performance.md); dotnet: that process with the official .NET client; node: @microsoft/signalr in
  // --client-threads worker threads.
  clientImpl: args["client-impl"] ?? "raw",
  serverPid: args["server-pid"] ? Number(args["server-pid"]) : null,
  officerEmail: args["officer-email"] ?? "officer@demo.nrmhub.local",
  out: args.out ?? join(here, "results", `hub-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
};
if (!["node", "dotnet", "raw"].includes(cfg.clientImpl)) throw new Error(`--client-impl is node, dotnet or raw, not '${cfg.clientImpl}'`);
const dotnetClients = join(here, "..", "NrmHub.Benchmarks", "bin", "Release", "net10.0", "NrmHub.Benchmarks");
if (cfg.clientImpl !== "node" && !existsSync(dotnetClients)) throw new Error(`${dotnetClients} is missing: run run.sh without --skip-build, or --client-impl node`);
const officerPassword = process.env.NRMHUB_OFFICER_PASSWORD ?? "Officer-Demo-2026!";
const usersPassword = required(process.env.NRMHUB_LOAD_PASSWORD, "NRMHUB_LOAD_PASSWORD");
const signIn = (email, password) => signInAt(cfg.base, email, password);
const referralBody = (i) => referralFor(i, cfg.receiver);
const echoRoundTrips = (port, count, gapMs = 0) => echoAt(port, count, gapMs, cfg.echoBytes);



runMain("load.mjs", main);

async function main() {
  log(`config: ${JSON.stringify({ ...cfg, base: cfg.base })}`);
  const result = { startedAt: new Date().toISOString(), config: cfg, machine: { ...machine(), loadAverageBefore: loadavg() } };
  if (loadavg()[0] > 0.5 * availableParallelism()) {
    log(`warning: load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores before the run; other processes will disturb the numbers`);
  }

  // 1. The floor on an idle machine: raw WebSocket echo over loopback, echo server in its own thread.
  const echo = await startEchoServer();
  result.floorIdle = summarize(await echoRoundTrips(echo.port, cfg.echoRoundTrips));
  log(`floor (idle): ${fmt(result.floorIdle)}`);

  // 2. Sign in the officer and the receiving users through the real sign-in form.
  const officerCookie = await signIn(cfg.officerEmail, officerPassword);
  const userEmails = Array.from({ length: cfg.users }, (_, i) => `${cfg.usersPrefix}${String(i + 1).padStart(2, "0")}@${cfg.usersDomain}`);
  const userCookies = [];
  for (const email of userEmails) userCookies.push(await signIn(email, usersPassword));
  log(`signed in: officer + ${userCookies.length} receiving users`);

  // 3. Connect the hub clients, spread evenly over the users and over --client-threads worker threads.
  const receipts = new Map(); // referralId -> { times: number[], atUtc: number, perClient: Uint8Array }
  let otherNotifications = 0;
  let disconnects = 0;
  const disconnectsDuringLoad = [];
  const connectStart = now();
  const threads = cfg.clientImpl !== "node" ? 1 : Math.max(1, Math.min(cfg.clientThreads, cfg.clients));
  const workers = [];
  const shares = Array.from({ length: threads }, () => []);
  for (let j = 0; j < cfg.clients; j++) shares[j % threads].push({ index: j, cookie: userCookies[j % userCookies.length] });
  for (const share of shares) {
    const workerData = { base: cfg.base, clients: share, connectConcurrency: Math.max(1, Math.ceil(cfg.connectConcurrency / threads)), executable: dotnetClients, raw: cfg.clientImpl === "raw" };
    workers.push(new Worker(join(here, cfg.clientImpl === "node" ? "hubclients.mjs" : "hubclients-dotnet.mjs"), { workerData }));
  }
  const ask = (worker, message, replyType) => new Promise((resolve, reject) => {
    const onMessage = (m) => { if (m.type === replyType) { worker.off("message", onMessage); worker.off("error", reject); resolve(m); } };
    worker.on("message", onMessage);
    worker.once("error", reject);
    if (message) worker.postMessage(message);
  });
  const connectReplies = await Promise.all(workers.map((w) => ask(w, null, "connected")));
  const connections = connectReplies.flatMap((r) => r.indexes.map((index) => ({ index })));
  const connectErrors = {};
  for (const r of connectReplies) for (const [k, v] of Object.entries(r.errors)) connectErrors[k] = (connectErrors[k] ?? 0) + v;
  const connectFailures = connectReplies.reduce((a, r) => a + r.failures, 0);
  // The .NET clients' process, whose CPU is the load client's too.
  const clientPids = connectReplies.map((r) => r.pid).filter((pid) => pid);
  for (const r of connectReplies) if (r.clockCheckMs !== undefined) log(`.NET hub clients (pid ${r.pid}): its clock read between two of ours ${r.clockCheckMs.toFixed(3)} ms apart`);
  const connected = connections.length;
  // The workers tag each dropped connection with the phase it dropped in.
  const setPhase = (p) => { for (const w of workers) w.postMessage({ type: "phase", phase: p }); };
  result.connect = { requested: cfg.clients, connected, failures: connectFailures, errors: connectErrors, threads, seconds: (now() - connectStart) / 1000 };
  log(`connected ${connected}/${cfg.clients} hub clients in ${threads} threads in ${result.connect.seconds.toFixed(1)} s (${connectFailures} failed)`);

  // 4. Send referrals at a fixed rate (open loop: a slow response does not delay the next send) for the set time,
  //    measure the echo floor again while the load runs, and sample CPU and event-loop delay.
  // Warm-up at the same rate, not counted: the app's first requests pay for JIT and EF's query compilation.
  setPhase("warm-up");
  const warmup = [];
  await sendAtRate(Math.round(cfg.rate * cfg.warmupSeconds), cfg.rate, warmup);
  const warmupIds = new Set(warmup.filter((s) => s.id !== null).map((s) => s.id));
  await sleep(2000);
  log(`warm-up: ${warmupIds.size}/${warmup.length} referrals created`);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpu = startCpuSampler(cfg.serverPid, clientPids);
  setPhase("load");
  const sends = [];
  const total = Math.round(cfg.rate * cfg.seconds);
  const loadStart = now();
  const floorUnderLoad = echoRoundTrips(echo.port, cfg.echoRoundTrips, (cfg.seconds * 1000 * 0.8) / cfg.echoRoundTrips);
  const sendingSeconds = await sendAtRate(total, cfg.rate, sends);
  const floorLoad = await floorUnderLoad;
  log(`sent ${sends.length} referrals in ${sendingSeconds.toFixed(1)} s`);

  /** Open loop: the i-th request leaves at start + i/rate whatever happened to the earlier ones. */
  async function sendAtRate(count, rate, into) {
    const start = now();
    const inFlight = [];
    await new Promise((resolve) => {
      let next = 0;
      const tick = () => {
        const elapsed = now() - start;
        while (next < count && next * (1000 / rate) <= elapsed) {
          inFlight.push(send(next++, into));
        }
        if (next >= count) return resolve();
        setTimeout(tick, Math.max(0, next * (1000 / rate) - (now() - start)));
      };
      tick();
    });
    const seconds = (now() - start) / 1000;
    await Promise.all(inFlight);
    return seconds;
  }

  async function send(i, into) {
    const record = { i, sentAt: now(), respondedAt: null, status: null, id: null, error: null };
    into.push(record);
    await postReferral(cfg.base, officerCookie, referralBody(i), record);
  }


  // 5. Wait for the stragglers: every connected client should get every referral.
  setPhase("drain");
  const created = sends.filter((s) => s.id !== null);
  const expectedPerReferral = connected;
  const expected = created.length * expectedPerReferral;
  const drainStart = now();
  // Counted in the workers (warm-up receipts included, so "enough" means at least the load's share arrived).
  const warmupExpected = warmupIds.size * expectedPerReferral;
  while (now() - drainStart < cfg.drainSeconds * 1000) {
    const counts = await Promise.all(workers.map((w) => ask(w, { type: "count" }, "count")));
    if (counts.reduce((a, c) => a + c.count, 0) >= expected + warmupExpected) break;
    await sleep(200);
  }
  const drainSeconds = (now() - drainStart) / 1000;
  loopDelay.disable();
  result.cpu = cpu.stop();
  setPhase("done");
  for (const reply of await Promise.all(workers.map((w) => ask(w, { type: "collect" }, "receipts")))) {
    otherNotifications += reply.other;
    disconnects += reply.disconnects;
    disconnectsDuringLoad.push(...reply.drops.filter((d) => d.phase !== "done"));
    for (const [id, atUtc, times, clients] of reply.receipts) {
      let entry = receipts.get(id);
      if (!entry) {
        entry = { times: [], atUtc, perClient: new Uint8Array(cfg.clients) };
        receipts.set(id, entry);
      }
      for (const t of times) entry.times.push(t);
      for (const c of clients) entry.perClient[c]++;
    }
  }

  // 6. Numbers.
  const fromSend = [];
  const fromResponse = [];
  const fromAtUtc = [];
  let received = 0;
  let duplicates = 0;
  const missingPerClient = new Uint32Array(cfg.clients);
  const perSecond = new Map();
  const createdIds = new Set(created.map((s) => s.id));
  for (const s of created) {
    const entry = receipts.get(s.id);
    const bucket = Math.floor((s.sentAt - loadStart) / 1000);
    if (!perSecond.has(bucket)) perSecond.set(bucket, { sent: 0, latencies: [] });
    perSecond.get(bucket).sent++;
    if (!entry) continue;
    for (const t of entry.times) {
      fromSend.push(t - s.sentAt);
      fromResponse.push(t - s.respondedAt);
      fromAtUtc.push(t - entry.atUtc);
      perSecond.get(bucket).latencies.push(t - s.sentAt);
    }
    for (let c = 0; c < cfg.clients; c++) {
      const n = entry.perClient[c];
      if (n > 1) duplicates += n - 1;
    }
    received += entry.times.length;
  }
  // Losses per connected client: a connected client that did not get a referral at least once.
  const connectedIndexes = connections.map((c) => c.index);
  for (const s of created) {
    const entry = receipts.get(s.id);
    for (const index of connectedIndexes) {
      if (!entry || entry.perClient[index] === 0) {
        missingPerClient[index]++;
      }
    }
  }
  const missing = missingPerClient.reduce((a, b) => a + b, 0);
  const unknownReferrals = [...receipts.keys()].filter((id) => !createdIds.has(id) && !warmupIds.has(id)).length;

  const statuses = {};
  for (const s of sends) {
    const key = s.status ?? s.error;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const responseTimes = created.map((s) => s.respondedAt - s.sentAt);

  result.load = {
    warmupReferrals: warmup.length,
    referralsPlanned: total,
    referralsCreated: created.length,
    sendingSeconds,
    achievedRate: total / sendingSeconds,
    statuses,
    errors: summarizeErrors(sends),
    postRoundTrip: summarize(responseTimes),
    drainSeconds,
    clientEventLoopDelayMs: {
      p50: loopDelay.percentile(50) / 1e6,
      p99: loopDelay.percentile(99) / 1e6,
      max: loopDelay.max / 1e6,
    },
  };
  result.delivery = {
    connectedClients: connected,
    expectedReceipts: expected,
    receivedReceipts: received,
    uniqueReceipts: received - duplicates,
    missingReceipts: missing,
    lossRate: expected ? missing / expected : 0,
    duplicates,
    clientsMissingSomething: connectedIndexes.filter((i) => missingPerClient[i] > 0).length,
    notificationsForUnknownReferrals: unknownReferrals,
    otherNotificationTypes: otherNotifications,
    disconnectsDuringRun: disconnectsDuringLoad.length,
    disconnectsTotal: disconnects,
    disconnectSamples: disconnectsDuringLoad.slice(0, 5),
  };
  result.latencyMs = {
    postSentToClientReceipt: summarize(fromSend),
    serverAtUtcToClientReceipt: summarize(fromAtUtc),
    responseReceivedToClientReceipt: summarize(fromResponse),
  };
  result.floorUnderLoad = summarize(floorLoad);
  result.ratio = {
    appP50OverFloorIdleP50: result.latencyMs.postSentToClientReceipt.p50 / result.floorIdle.p50,
    appP50OverFloorUnderLoadP50: result.latencyMs.postSentToClientReceipt.p50 / result.floorUnderLoad.p50,
  };
  result.perSecond = [...perSecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([second, b]) => ({ second, sent: b.sent, receipts: b.latencies.length, ...pick(summarize(b.latencies), ["p50", "p99", "max"]) }));

  // 7. Close and report.
  await Promise.all(workers.map((w) => ask(w, { type: "stop" }, "stopped")));
  await Promise.all(workers.map((w) => w.terminate()));
  await echo.stop();
  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(cfg.out, JSON.stringify(result, null, 2));
  printSummary(result);
  log(`results: ${cfg.out}`);
  return 0;
}

function printSummary(r) {
  const rows = [
    ["app: POST sent -> client receipt", r.latencyMs.postSentToClientReceipt],
    ["app: server atUtc -> client receipt", r.latencyMs.serverAtUtcToClientReceipt],
    ["app: 201 received -> client receipt", r.latencyMs.responseReceivedToClientReceipt],
    ["app: POST round trip (sent -> 201)", r.load.postRoundTrip],
    ["floor: ws echo RTT, idle", r.floorIdle],
    ["floor: ws echo RTT, under load", r.floorUnderLoad],
  ];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(38) : String(c).padStart(10))).join(" ");
  console.log("");
  console.log(line(["latency (ms)", "count", "p50", "p95", "p99", "max"]));
  for (const [name, s] of rows) console.log(line([name, s.count, s.p50, s.p95, s.p99, s.max]));
  console.log("");
  console.log(`ratio of p50s: app (POST sent -> receipt) / floor idle = ${r.ratio.appP50OverFloorIdleP50.toFixed(1)}x; / floor under load = ${r.ratio.appP50OverFloorUnderLoadP50.toFixed(1)}x`);
  const d = r.delivery;
  console.log(`referrals: ${r.load.referralsCreated}/${r.load.referralsPlanned} created at ${r.load.achievedRate.toFixed(1)}/s; statuses ${JSON.stringify(r.load.statuses)}`);
  console.log(`clients: ${d.connectedClients}/${r.config.clients} connected; disconnects during run: ${d.disconnectsDuringRun}`);
  console.log(`receipts: expected ${d.expectedReceipts}, unique ${d.uniqueReceipts}, missing ${d.missingReceipts} (${(100 * d.lossRate).toFixed(3)} %), duplicates ${d.duplicates}, clients missing something ${d.clientsMissingSomething}`);
  console.log(`cpu (cores of ${r.cpu.machineCores}): server ${r.cpu.serverCores}, load client ${r.cpu.loadClientCores}, other processes ${r.cpu.otherProcessesCores}; load average ${r.cpu.loadAverageAtStart} -> ${r.cpu.loadAverageAtEnd}; ${contention(r.cpu)}`);
  console.log(`client event-loop delay p99 ${r.load.clientEventLoopDelayMs.p99.toFixed(1)} ms, max ${r.load.clientEventLoopDelayMs.max.toFixed(1)} ms`);
}

