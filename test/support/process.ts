import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
