// The page path (issue 13, goals 2 and 5): what the real users have open. Started by run.sh against a running app.
//
//   node pages.mjs --base http://127.0.0.1:PORT --server-pid PID [--pages 200] [--rate 20] [--seconds 60]
//                  [--existing "100 10000"] [--users 20] [--warmup 15] [--drain 20] [--memory-pages 40] [--out FILE]
//
// For each list length in --existing: the lists are filled to that many referrals, --pages pages are opened in
// headless Debian chromium (half the receivers' /inbox, half the senders' /referrals, spread over --users accounts
// each), and referrals are sent at --rate for --seconds. A MutationObserver in every page notes when each referral's
// row first appears; the row's time minus the POST's send time is the latency. Before the pages open, circuit memory
// is measured: the server's managed heap after a full GC (dotnet-gcdump), with --memory-pages hello-world circuits
// (the layout and a sentence: /not-found) and then as many inbox circuits.
//
// Passwords come from the environment (NRMHUB_LOAD_PASSWORD), never from the command line.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadavg, tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import {
  now, signIn, referralBody, startEchoServer, echoRoundTrips, summarize, startCpuSampler, contention, machine, parseArgs, required,
  round, fmt, sleep, log, postReferral, runMain,
} from "./common.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

const args = parseArgs(process.argv.slice(2));
const cfg = {
  base: required(args.base, "--base"),
  serverPid: Number(required(args["server-pid"], "--server-pid")),
  pages: Number(args.pages ?? 200),
  rate: Number(args.rate ?? 20),
  seconds: Number(args.seconds ?? 60),
  existing: String(args.existing ?? "100 10000").split(/[\s,]+/).filter(Boolean).map(Number),
  users: Number(args.users ?? 20),
  warmupSeconds: Number(args.warmup ?? 15),
  drainSeconds: Number(args.drain ?? 20),
  memoryPages: Number(args["memory-pages"] ?? 40),
  openConcurrency: Number(args["open-concurrency"] ?? 4),
  seedConcurrency: Number(args["seed-concurrency"] ?? 8),
  chromium: args.chromium ?? "/usr/bin/chromium",
  receiver: args.receiver ?? "clean-world",
  // Keeps each heap reading's report (types by size) in this folder, to see what a circuit holds.
  heapReports: args["heap-reports"] ?? null,
  out: args.out ?? join(here, "results", `pages-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
};
const password = required(process.env.NRMHUB_LOAD_PASSWORD, "NRMHUB_LOAD_PASSWORD");

// Notes the first time each referral row (class nrm-row-<id>) is in the document. Installed before the app's own
// scripts, when the page has no root element yet: hence it observes the Document itself. It reads the DOM only.
const observer = `(() => {
  const seen = new Map();
  window.__nrmSeen = seen;
  const scan = () => {
    const at = performance.timeOrigin + performance.now();
    for (const row of document.querySelectorAll('tr[class*="nrm-row-"]')) {
      const m = /nrm-row-(\\d+)/.exec(row.className);
      if (m && !seen.has(+m[1])) seen.set(+m[1], at);
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
})();`;

runMain("pages.mjs", main);

async function main() {
  log(`config: ${JSON.stringify(cfg)}`);
  const result = { scenario: "pages", startedAt: new Date().toISOString(), config: cfg, machine: { ...machine(), loadAverageBefore: loadavg() }, rounds: [] };
  const echo = await startEchoServer();
  result.floorIdle = summarize(await echoRoundTrips(echo.port, 1000));
  log(`floor (idle): ${fmt(result.floorIdle)}`);

  const email = (prefix, i) => `${prefix}${String(i + 1).padStart(2, "0")}@load.nrmhub.local`;
  const receivers = [];
  const senders = [];
  for (let i = 0; i < cfg.users; i++) {
    receivers.push(await signIn(cfg.base, email("load", i), password));
    senders.push(await signIn(cfg.base, email("send", i), password));
  }
  log(`signed in ${receivers.length} receivers and ${senders.length} senders`);

  const browser = await chromium.launch({
    executablePath: cfg.chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  let seeded = 0;
  try {
    for (const existing of cfg.existing) {
      if (existing > seeded) {
        const started = now();
        await seed(senders, existing - seeded, seeded);
        log(`lists filled: ${existing} load referrals (+${existing - seeded} in ${round((now() - started) / 1000)} s)`);
        seeded = existing;
      }
      result.rounds.push(await measureRound(browser, receivers, senders, existing, echo));
    }
  } finally {
    await browser.close();
    await echo.stop();
  }

  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(cfg.out, JSON.stringify(result, null, 2));
  printSummary(result);
  log(`results: ${cfg.out}`);
  const missing = result.rounds.reduce((a, r) => a + r.delivery.missingRows, 0);
  return missing === 0 ? 0 : 3;
}

/** One measured run with the lists at `existing` referrals. */
async function measureRound(browser, receivers, senders, existing, echo) {
  log(`round: ${existing} existing referrals`);
  const contexts = [];
  const contextFor = async (cookie) => {
    const context = await browser.newContext({ baseURL: cfg.base, viewport: { width: 1366, height: 900 }, locale: "en-GB" });
    await context.addCookies(cookieList(cookie));
    await context.addInitScript(observer);
    contexts.push(context);
    return context;
  };
  const receiverContexts = [];
  const senderContexts = [];
  for (const cookie of receivers) receiverContexts.push(await contextFor(cookie));
  for (const cookie of senders) senderContexts.push(await contextFor(cookie));

  // Circuit memory first, on a quiet server: hello-world circuits, then as many inbox circuits, a full GC before each
  // reading. The inbox pages stay open as part of the measured pages.
  const memory = { pages: cfg.memoryPages };
  memory.baselineBytes = heapBytes(`${existing}-baseline`);
  const hello = await openPages(Array.from({ length: cfg.memoryPages }, (_, i) => ({ context: receiverContexts[i % cfg.users], path: "/not-found", kind: "hello" })), false);
  memory.withHelloBytes = heapBytes(`${existing}-hello`);
  const pages = await openPages(Array.from({ length: cfg.memoryPages }, (_, i) => ({ context: receiverContexts[i % cfg.users], path: "/inbox", kind: "inbox" })), true);
  memory.withInboxBytes = heapBytes(`${existing}-inbox`);
  memory.helloCircuitBytes = Math.round((memory.withHelloBytes - memory.baselineBytes) / cfg.memoryPages);
  memory.inboxCircuitBytes = Math.round((memory.withInboxBytes - memory.withHelloBytes) / cfg.memoryPages);
  memory.ratio = round(memory.inboxCircuitBytes / memory.helloCircuitBytes);
  log(`circuit memory: hello-world ${kb(memory.helloCircuitBytes)}, inbox ${kb(memory.inboxCircuitBytes)} (${memory.ratio}x)`);
  await Promise.all(hello.map((p) => p.page.close()));

  // The rest of the pages: inbox pages of the receivers up to half, my-referrals pages of the senders for the rest.
  const inboxTotal = Math.ceil(cfg.pages / 2);
  const wanted = [];
  for (let i = pages.length; i < inboxTotal; i++) wanted.push({ context: receiverContexts[i % cfg.users], path: "/inbox", kind: "inbox" });
  for (let i = 0; i < cfg.pages - inboxTotal; i++) wanted.push({ context: senderContexts[i % cfg.users], path: "/referrals", kind: "my-referrals" });
  pages.push(...(await openPages(wanted, true)));
  log(`${pages.length} pages open (${pages.filter((p) => p.kind === "inbox").length} inbox, ${pages.filter((p) => p.kind === "my-referrals").length} my-referrals)`);

  // Warm-up at the same rate, then the measured period.
  await sendAt(senders, cfg.rate, cfg.warmupSeconds, []);
  await sleep(2000);
  const sends = [];
  const floorUnderLoad = [];
  const cpu = startCpuSampler(cfg.serverPid);
  const browserStart = browserTicks();
  const floor = echoRoundTrips(echo.port, Math.max(50, cfg.seconds * 10), 100).then((t) => floorUnderLoad.push(...t));
  const sendingSeconds = await sendAt(senders, cfg.rate, cfg.seconds, sends);
  const created = sends.filter((s) => s.id !== null);
  const ids = new Set(created.map((s) => s.id));

  // Drain: every open page should show every created referral.
  const drainStart = now();
  let complete = false;
  while (!complete && now() - drainStart < cfg.drainSeconds * 1000) {
    const counts = await Promise.all(pages.map((p) => p.page.evaluate((wantedIds) => wantedIds.filter((id) => window.__nrmSeen.has(id)).length, [...ids]).catch(() => -1)));
    complete = counts.every((c) => c === ids.size);
    if (!complete) await sleep(500);
  }
  const cpuUse = cpu.stop();
  const browserCores = round((browserTicks() - browserStart) / 100 / cpuUse.seconds);
  await floor;

  // Collect what each page saw.
  const sentAt = new Map(created.map((s) => [s.id, s]));
  const latency = { all: [], inbox: [], "my-referrals": [] };
  const fromResponse = [];
  let missingRows = 0;
  let pagesMissing = 0;
  let pagesLost = 0;
  const samples = [];
  const missingByKind = {};
  for (const p of pages) {
    const seen = new Map(await p.page.evaluate(() => [...window.__nrmSeen]).catch(() => { p.lost = true; return []; }));
    let missed = 0;
    for (const id of ids) {
      const at = seen.get(id);
      if (at === undefined) {
        missed++;
        continue;
      }
      const s = sentAt.get(id);
      latency.all.push(at - s.sentAt);
      latency[p.kind].push(at - s.sentAt);
      fromResponse.push(at - s.respondedAt);
    }
    if (missed && samples.length < 3) {
      // What a page that missed rows shows: where it is, what it saw, whether it is waiting for its circuit.
      samples.push(await p.page.evaluate(() => ({
        url: location.pathname,
        seen: window.__nrmSeen.size,
        newestSeen: Math.max(0, ...window.__nrmSeen.keys()),
        rows: [...document.querySelectorAll('tr[class*="nrm-row-"]')].slice(0, 3).map((r) => r.className),
        reconnecting: !!document.querySelector("#components-reconnect-modal[open], .components-reconnect-show"),
      })).catch((e) => ({ error: String(e) })));
    }
    missingRows += missed;
    if (missed) pagesMissing++;
    if (missed) missingByKind[p.kind] = (missingByKind[p.kind] ?? 0) + 1;
    if (p.lost) pagesLost++;
  }
  await Promise.all(contexts.map((c) => c.close()));

  const statuses = {};
  for (const s of sends) statuses[s.status ?? s.error] = (statuses[s.status ?? s.error] ?? 0) + 1;
  const r = {
    existing,
    memory,
    load: {
      referralsCreated: created.length,
      sendingSeconds: round(sendingSeconds),
      achievedRate: round(sends.length / sendingSeconds),
      statuses,
      postRoundTrip: summarize(created.map((s) => s.respondedAt - s.sentAt)),
      drainSeconds: round((now() - drainStart) / 1000),
    },
    delivery: { pages: pages.length, expectedRows: pages.length * ids.size, missingRows, pagesMissingSomething: pagesMissing, pagesMissingByKind: missingByKind, pagesThatDidNotAnswer: pagesLost, samplesOfPagesMissingRows: samples, newestCreated: Math.max(0, ...ids) },
    latencyMs: {
      postSentToRowInPage: summarize(latency.all),
      inbox: summarize(latency.inbox),
      myReferrals: summarize(latency["my-referrals"]),
      responseReceivedToRowInPage: summarize(fromResponse),
    },
    floorUnderLoad: summarize(floorUnderLoad),
    cpu: { ...cpuUse, browserCores, otherProcessesCores: round(cpuUse.otherProcessesCores - browserCores) },
    serverCpuMsPerReferral: round((cpuUse.serverCores * cpuUse.seconds * 1000) / Math.max(1, created.length)),
  };
  r.ratio = { rowP95OverFloorUnderLoadP95: round(r.latencyMs.postSentToRowInPage.p95 / Math.max(0.01, r.floorUnderLoad.p95)) };
  log(`round ${existing}: row in page ${fmt(r.latencyMs.postSentToRowInPage)}; missing ${missingRows}; server ${r.serverCpuMsPerReferral} ms CPU per referral`);
  return r;
}

/** Opens pages a few at a time; a page counts once the circuit is up (and, for lists, its first rows are shown). */
async function openPages(specs, list) {
  const opened = [];
  let next = 0;
  async function worker() {
    while (next < specs.length) {
      const spec = specs[next++];
      const page = await spec.context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(spec.path);
      await page.locator("main[data-interactive=yes] [data-testid=page-title]").waitFor();
      if (list) await page.locator('tr[class*="nrm-row-"]').first().waitFor();
      opened.push({ page, kind: spec.kind });
    }
  }
  await Promise.all(Array.from({ length: cfg.openConcurrency }, worker));
  return opened;
}

/** Referrals at a fixed rate from the senders in turn; returns the seconds it took to send them. */
async function sendAt(senders, rate, seconds, into) {
  const count = Math.round(rate * seconds);
  const inFlight = [];
  const start = now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    inFlight.push(send(senders[i % senders.length], into));
  }
  const elapsed = (now() - start) / 1000;
  await Promise.all(inFlight);
  return elapsed;
}

let sequence = 0;
function send(cookie, into) {
  const record = { sentAt: now(), respondedAt: null, status: null, id: null, error: null };
  into.push(record);
  return postReferral(cfg.base, cookie, referralBody(sequence++, cfg.receiver), record);
}

/** Fills the lists with `count` more referrals, as fast as --seed-concurrency writers go. */
async function seed(senders, count) {
  let left = count;
  const failures = [];
  await Promise.all(Array.from({ length: cfg.seedConcurrency }, async (_, w) => {
    while (left > 0) {
      left--;
      const r = await send(senders[w % senders.length], []);
      if (r.status !== 201) failures.push(r.error);
    }
  }));
  if (failures.length) throw new Error(`${failures.length} referrals of the fill failed, e.g. ${failures[0]}`);
}

/** The server's managed heap after a full, compacting GC (dotnet-gcdump forces one), in bytes. */
function heapBytes(label) {
  const file = join(tmpdir(), `nrmhub-pages-${process.pid}-${Date.now()}.gcdump`);
  try {
    execFileSync("dotnet", ["dotnet-gcdump", "collect", "-p", String(cfg.serverPid), "-o", file], { cwd: root, stdio: "pipe", timeout: 120_000 });
    const report = execFileSync("dotnet", ["dotnet-gcdump", "report", file], { cwd: root, stdio: "pipe", timeout: 120_000, maxBuffer: 64 << 20 }).toString();
    const total = /^\s*([\d,]+)\s+GC Heap bytes/m.exec(report);
    if (!total) throw new Error(`dotnet-gcdump report has no 'GC Heap bytes' line:\n${report.slice(0, 500)}`);
    if (cfg.heapReports) {
      mkdirSync(cfg.heapReports, { recursive: true });
      writeFileSync(join(cfg.heapReports, `${label}.txt`), report);
    }
    return Number(total[1].replace(/,/g, ""));
  } finally {
    rmSync(file, { force: true });
  }
}

/** CPU clock ticks of every chromium process on the machine (the browser and its renderers). */
function browserTicks() {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (!/chrom/i.test(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we read it
    }
  }
  return ticks;
}

function cookieList(header) {
  return header.split("; ").map((pair) => {
    const eq = pair.indexOf("=");
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: cfg.base };
  });
}

const kb = (bytes) => `${Math.round(bytes / 1024)} KB`;

function printSummary(result) {
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(44) : String(c).padStart(10))).join(" ");
  for (const r of result.rounds) {
    console.log("");
    console.log(`--- ${r.existing} existing referrals, ${r.delivery.pages} pages, ${r.load.achievedRate}/s for ${r.load.sendingSeconds} s ---`);
    console.log(line(["latency (ms)", "count", "p50", "p95", "p99", "max"]));
    for (const [name, s] of [
      ["app: POST sent -> row in page (all)", r.latencyMs.postSentToRowInPage],
      ["app: POST sent -> row in page (inbox)", r.latencyMs.inbox],
      ["app: POST sent -> row in page (my-referrals)", r.latencyMs.myReferrals],
      ["app: 201 received -> row in page", r.latencyMs.responseReceivedToRowInPage],
      ["app: POST round trip (sent -> 201)", r.load.postRoundTrip],
      ["floor: ws echo RTT, idle", result.floorIdle],
      ["floor: ws echo RTT, under load", r.floorUnderLoad],
    ]) console.log(line([name, s.count, s.p50, s.p95, s.p99, s.max]));
    console.log(`ratio of p95s: row in page / floor under load = ${r.ratio.rowP95OverFloorUnderLoadP95}x`);
    console.log(`rows: expected ${r.delivery.expectedRows}, missing ${r.delivery.missingRows}; pages missing something ${r.delivery.pagesMissingSomething} ${JSON.stringify(r.delivery.pagesMissingByKind)}, not answering ${r.delivery.pagesThatDidNotAnswer}; statuses ${JSON.stringify(r.load.statuses)}`);
    console.log(`cpu (cores of ${r.cpu.machineCores}): server ${r.cpu.serverCores}, chromium ${r.cpu.browserCores}, load client ${r.cpu.loadClientCores}, other ${r.cpu.otherProcessesCores}; server ${r.serverCpuMsPerReferral} ms CPU per referral; load average ${r.cpu.loadAverageAtStart} -> ${r.cpu.loadAverageAtEnd}; ${contention(r.cpu)}`);
    for (const sample of r.delivery.samplesOfPagesMissingRows) console.log(`a page missing rows (newest created ${r.delivery.newestCreated}): ${JSON.stringify(sample)}`);
    console.log(`circuit memory: hello-world ${kb(r.memory.helloCircuitBytes)}, inbox ${kb(r.memory.inboxCircuitBytes)} (${r.memory.ratio}x, goal <= 2x)`);
  }
}
