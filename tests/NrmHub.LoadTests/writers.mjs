// Writer contention (issue 13, goal 3): --writers officers send referrals through POST /api/referrals as fast as
// the app answers (closed loop: each writer sends its next one when the last is answered) for --seconds, then keep
// writing while this script kills the app with SIGKILL. Every referral the app acknowledged (201) is written to
// --acknowledged, one "id caseCode" per line, for verify-durable.py to look for in the database file. Started by
// run.sh --scenario writers; see README.md.
//
//   node writers.mjs --base URL --server-pid PID --acknowledged FILE [--writers 8] [--seconds 30] [--warmup 3]
//                    [--kill-after 3] [--goal 300]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { now, signIn, referralBody, summarize, startCpuSampler, contention, machine, parseArgs, required, round, sleep, log, apiHeaders, runMain } from "./common.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const cfg = {
  base: required(args.base, "--base"),
  serverPid: Number(required(args["server-pid"], "--server-pid")),
  acknowledged: required(args.acknowledged, "--acknowledged"),
  writers: Number(args.writers ?? 8),
  seconds: Number(args.seconds ?? 30),
  warmupSeconds: Number(args.warmup ?? 3),
  killAfterSeconds: Number(args["kill-after"] ?? 3),
  goal: Number(args.goal ?? 300),
  out: args.out ?? join(here, "results", `writers-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
};
const password = required(process.env.NRMHUB_LOAD_PASSWORD, "NRMHUB_LOAD_PASSWORD");

runMain("writers.mjs", main);

async function main() {
  log(`config: ${JSON.stringify(cfg)}`);
  const result = { scenario: "writers", startedAt: new Date().toISOString(), config: cfg, machine: { ...machine(), loadAverageBefore: loadavg() } };
  const cookies = [];
  for (let w = 1; w <= cfg.writers; w++) cookies.push(await signIn(cfg.base, `send${String(w).padStart(2, "0")}@load.nrmhub.local`, password));
  log(`signed in ${cookies.length} writers`);

  const acknowledged = [];
  let sequence = 0;
  let phase = "warm-up";
  const records = [];

  /** One writer: the next request leaves when the last one is answered, until told to stop. */
  async function writer(cookie, until) {
    while (!until()) {
      const i = sequence++;
      const record = { phase, sentAt: now(), ms: null, status: null, code: null };
      try {
        const response = await fetch(`${cfg.base}/api/referrals`, { method: "POST", headers: apiHeaders(cookie), body: JSON.stringify(referralBody(i)) });
        const body = await response.json().catch(() => null);
        record.status = response.status;
        if (response.status === 201) acknowledged.push(`${body.id} ${body.caseCode}`);
        else record.code = body?.code ?? `HTTP ${response.status}`;
      } catch (e) {
        record.code = String(e?.cause?.code ?? e?.message ?? e);
      }
      record.ms = now() - record.sentAt;
      if (record.phase === phase) records.push(record);
      if (phase === "crash" && record.code) return; // the app is gone: stop this writer
    }
  }

  // Warm-up (JIT, EF's query compilation), not counted.
  const warmEnd = now() + cfg.warmupSeconds * 1000;
  await Promise.all(cookies.map((c) => writer(c, () => now() >= warmEnd)));
  records.length = 0;

  // The measured period.
  phase = "load";
  const cpu = startCpuSampler(cfg.serverPid);
  const start = now();
  const end = start + cfg.seconds * 1000;
  await Promise.all(cookies.map((c) => writer(c, () => now() >= end)));
  const elapsed = (now() - start) / 1000;
  result.cpu = cpu.stop();
  const load = records.filter((r) => r.phase === "load");
  const ok = load.filter((r) => r.status === 201);
  const perSecond = new Map();
  for (const r of ok) {
    const s = Math.floor((r.sentAt + r.ms - start) / 1000);
    if (s < cfg.seconds) perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
  }
  const rates = [...Array(Math.floor(cfg.seconds)).keys()].map((s) => perSecond.get(s) ?? 0);
  const statuses = {};
  const codes = {};
  for (const r of load) {
    statuses[r.status ?? "none"] = (statuses[r.status ?? "none"] ?? 0) + 1;
    if (r.code) codes[r.code] = (codes[r.code] ?? 0) + 1;
  }
  result.load = {
    seconds: round(elapsed),
    requests: load.length,
    acknowledged: ok.length,
    referralsPerSecond: round(ok.length / elapsed),
    perSecond: rates,
    slowestSecond: Math.min(...rates),
    latencyMs: summarize(ok.map((r) => r.ms)),
    statuses,
    errors: codes,
    // A busy database shows up as a 5xx or as an error code naming it; either would have reached a user.
    busySurfaced: load.filter((r) => (r.status ?? 0) >= 500 || /busy|locked|sqlite/i.test(r.code ?? "")).length,
  };

  // The crash: keep writing, kill the app in the middle of it, and keep what it had acknowledged.
  phase = "crash";
  const before = acknowledged.length;
  const writing = cookies.map((c) => writer(c, () => false));
  await sleep(cfg.killAfterSeconds * 1000);
  process.kill(cfg.serverPid, "SIGKILL");
  const killedAt = now();
  await Promise.race([Promise.all(writing), sleep(15000)]);
  result.crash = {
    killedAfterSeconds: cfg.killAfterSeconds,
    acknowledgedDuringCrashPhase: acknowledged.length - before,
    answeredBeforeKill: records.filter((r) => r.phase === "crash" && r.sentAt + r.ms < killedAt).length,
    requestsFailedByTheKill: records.filter((r) => r.phase === "crash" && r.code).length,
    totalAcknowledged: acknowledged.length,
  };
  mkdirSync(dirname(cfg.acknowledged), { recursive: true });
  writeFileSync(cfg.acknowledged, acknowledged.join("\n") + "\n");

  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(cfg.out, JSON.stringify(result, null, 2));
  print(result);
  log(`results: ${cfg.out}`);
  return 0;
}

function print(r) {
  const l = r.load;
  const s = l.latencyMs;
  console.log("");
  console.log(`writers: ${r.config.writers} closed-loop writers for ${l.seconds} s`);
  console.log(`throughput: ${l.referralsPerSecond} referrals/s acknowledged (goal >= ${r.config.goal}: ${l.referralsPerSecond >= r.config.goal ? "met" : "NOT met"}); slowest second ${l.slowestSecond}`);
  console.log(`latency of an acknowledged write (ms): p50 ${s.p50}, p95 ${s.p95}, p99 ${s.p99}, max ${s.max}`);
  console.log(`statuses ${JSON.stringify(l.statuses)}; errors ${JSON.stringify(l.errors)}; busy or 5xx surfaced: ${l.busySurfaced}`);
  console.log(`cpu (cores of ${r.cpu.machineCores}): server ${r.cpu.serverCores}, load client ${r.cpu.loadClientCores}, other processes ${r.cpu.otherProcessesCores}; load average ${r.cpu.loadAverageAtStart} -> ${r.cpu.loadAverageAtEnd}; ${contention(r.cpu)}`);
  console.log(`server CPU per referral: ${round((1000 * r.cpu.serverCores) / l.referralsPerSecond)} ms`);
  console.log(`crash: SIGKILL ${r.crash.killedAfterSeconds} s into more writing; ${r.crash.acknowledgedDuringCrashPhase} acknowledged in that phase, ${r.crash.requestsFailedByTheKill} cut off; ${r.crash.totalAcknowledged} acknowledged in all`);
}
