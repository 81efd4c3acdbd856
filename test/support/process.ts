import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Runs `node server/main.ts` (what `npm start` runs) and waits until it prints `ready`. */
export async function startServerProcess(env: Record<string, string>, ready = /Health:/, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: '', PLATFORM_ADMIN_KEY: '', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, exited };
}

/** A GraphQL call to a server process, returning `data`. */
export async function graphqlAt(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()).data;
}

/** A live key of a business on a server process, created with the operator's key. */
export async function liveKeyAt(url: string, adminKey: string, businessId: string, scopes: string[] = ['checkouts:write', 'invoices:write']): Promise<string> {
  const data = await graphqlAt(url, adminKey, `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, {
    input: { businessId, name: 'live', mode: 'LIVE', scopes },
  });
  if (!data?.createApiKey?.secret) throw new Error('live key not created');
  return data.createApiKey.secret as string;
}

/** What an e2e test runs against: `npm start`'s process on its own embedded PostgreSQL. */
export interface Stack {
  url: string;
  server: ServerProcess;
  cluster: EmbeddedDatabase;
  stop(): Promise<void>;
}

/** Starts a cluster with database `name` and the server process on a free loopback port (`env` over the defaults). */
export async function startStack(name: string, env: Record<string, string> = {}): Promise<Stack> {
  const scratch = mkdtempSync(join(tmpdir(), `pay-${name}-`));
  const cluster = await startEmbeddedPostgres(scratch);
  const removeCluster = async () => {
    await cluster.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await cluster.createDatabase(name);
    const port = await freePort();
    const server = await startServerProcess({ PORT: String(port), DATABASE_URL: cluster.urlFor(name), ...env });
    return {
      url: `http://127.0.0.1:${port}`,
      server,
      cluster,
      async stop() {
        server.child.kill('SIGTERM');
        await server.exited;
        await removeCluster();
      },
    };
  } catch (error) {
    await removeCluster();
    throw error;
  }
}
