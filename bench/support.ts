import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { signPartnerBody } from '../server/domain/partner-signature.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));

/** Starts a bench server in its own process (so load and server do not share a core) and waits for its URL. */
export async function startBenchServer(script: string, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, `${benchDir}servers/${script}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /^LISTENING (\S+)$/m.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/** A bounded autocannon run on loopback. */
export async function load(options: {
  url: string;
  body: string;
  headers?: Record<string, string>;
  seconds: number;
  connections: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    duration: options.seconds,
    connections: options.connections,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

export const ratio = (value: number, baseline: number) => (baseline ? value / baseline : 0);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `vite build` of the widget into dist/widget, as `npm start` does. */
export function buildWidget(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
}

/** Runs `job` on `workers` loops until `seconds` pass; returns completed operations per second. */
export async function throughput(workers: number, seconds: number, job: (worker: number) => Promise<boolean>): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (Date.now() < deadline) if (await job(worker)) done++;
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * POSTs a partner webhook signed with `secret`, as the bank would, over a keep-alive node:http
 * socket: the load generator shares the machine with the server, so it should cost as little as
 * it can (fetch costs about three times the CPU per request).
 */
export function postPartnerWebhook(baseUrl: string, secret: string, payload: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const raw = JSON.stringify({ event: 'payment.completed', timestamp: new Date().toISOString(), ...payload });
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/v1/webhooks/alat-payment`,
      {
        method: 'POST',
        agent: keepAlive,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw), 'x-signature': signPartnerBody(secret, raw) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

/** A GraphQL caller of a bench server (`data` only: benches check what they need). */
export type BenchGql = (key: string, query: string, variables?: Record<string, unknown>) => Promise<any>;
export function graphqlClient(url: string): BenchGql {
  return async (key, query, variables = {}) =>
    (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json())
    ).data;
}

/** A new enterprise business in Nigeria, onboarded with the operator's key: its test secret key. */
export async function onboardBenchBusiness(gql: BenchGql, adminKey: string, name: string): Promise<string> {
  const data = await gql(
    adminKey,
    `mutation ($name: String!) { createBusiness(input: { name: $name, plan: ENTERPRISE, country: "NG", defaultCurrency: "NGN" }) { testSecretKey } }`,
    { name },
  );
  if (!data?.createBusiness?.testSecretKey) throw new Error(`onboarding ${name} failed`);
  return data.createBusiness.testSecretKey;
}
