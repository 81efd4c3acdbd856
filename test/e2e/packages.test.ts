import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWebhookSecret, signedWebhookHeaders } from '../../server/domain/webhook-signature.ts';
import { launchChromium } from '../support/browser.ts';
import { repoRoot } from '../support/process.ts';

/**
 * The published packages as an integrator gets them: `npm pack`, installed from the tarballs into
 * an empty project by the system's Node 20 and its npm, and run there (not from this repository).
 */
const SYSTEM_NODE = process.env.SYSTEM_NODE || '/usr/bin/node';
const SYSTEM_NPM = join(SYSTEM_NODE, '../../lib/node_modules/npm/bin/npm-cli.js');
const run = promisify(execFile);

let project: string;
beforeAll(async () => {
  const { stdout: version } = await run(SYSTEM_NODE, ['--version']);
  expect(version.trim()).toMatch(/^v20\./);
  project = mkdtempSync(join(tmpdir(), 'pay-packages-'));
  // Packing runs each package's build (prepack) with this repository's toolchain.
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project, '-w', '@pay-checkout/verify-webhook', '-w', '@pay-checkout/element'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  const packed = (JSON.parse(stdout) as Array<{ filename: string }>).map((entry) => join(project, entry.filename));
  expect(packed).toHaveLength(2);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'integrator', private: true }));
  await run(SYSTEM_NODE, [SYSTEM_NPM, 'install', '--no-audit', '--no-fund', '--offline', ...packed], {
    cwd: project,
    env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}` },
  });
}, 300_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

async function nodeIn(dir: string, file: string, code: string, env: Record<string, string> = {}): Promise<string> {
  writeFileSync(join(dir, file), code);
  const { stdout } = await run(SYSTEM_NODE, [file], { cwd: dir, env: { ...process.env, ...env } });
  return stdout;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function startedBy(child: ChildProcess, ready: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found[1] ?? found[0]);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

describe('@pay-checkout/verify-webhook from its tarball on Node 20', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: 'evt_1', type: 'payment.received', createdAt: '2026-12-02T10:00:00.000Z', livemode: false, data: { amountMinor: 1500 } });
  const signed = () => signedWebhookHeaders({ eventId: 'evt_1', timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] });

  it('is plain JavaScript with declarations and no dependencies', () => {
    const installed = join(project, 'node_modules/@pay-checkout/verify-webhook');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
    const files = readdirSync(installed, { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/esm/web.js']));
    // Nothing else was installed alongside the two packages.
    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['@pay-checkout']);
  });

  it('verifies a real signature with import, require and Web Crypto, and refuses a tampered one', async () => {
    const input = { headers: signed(), body, secret };
    writeFileSync(join(project, 'delivery.json'), JSON.stringify(input));
    const checks = `
      const { headers, body, secret } = JSON.parse(readFileSync('delivery.json', 'utf8'));
      const results = [
        verifyWebhook({ secret, headers, rawBody: body }).ok,
        verifyWebhook({ secret, headers, rawBody: Buffer.from(body) }).ok,
        verifyWebhook({ secret, headers, rawBody: body + ' ' }).ok,
        verifyWebhook({ secret: secret.replace(/.$/, 'x'), headers, rawBody: body }).ok,
        verifyWebhook({ secrets: ['whsec_other', secret], headers, rawBody: body }).ok,
        (await verifyWebhookAsync({ secret, headers: new Headers(headers), rawBody: body })).ok,
        (await verifyWebhookAsync({ secret, headers, rawBody: body.replace('1500', '9500') })).ok,
      ];
      console.log(JSON.stringify(results));`;
    const expected = [true, true, false, false, true, true, false];
    const esm = await nodeIn(
      project,
      'check.mjs',
      `import { readFileSync } from 'node:fs'; import { verifyWebhook, verifyWebhookAsync } from '@pay-checkout/verify-webhook'; ${checks}`,
    );
    expect(JSON.parse(esm)).toEqual(expected);
    const cjs = await nodeIn(
      project,
      'check.cjs',
      `const { readFileSync } = require('node:fs'); const { verifyWebhook, verifyWebhookAsync } = require('@pay-checkout/verify-webhook'); (async () => { ${checks} })();`,
    );
    expect(JSON.parse(cjs)).toEqual(expected);
    // The Web Crypto build, as a Worker would load it (no node:crypto in it).
    const webSource = readFileSync(join(project, 'node_modules/@pay-checkout/verify-webhook/dist/esm/web.js'), 'utf8');
    expect(webSource).not.toMatch(/node:/);
    const web = await nodeIn(
      project,
      'check-web.mjs',
      `import { readFileSync } from 'node:fs'; import { verifyWebhookAsync } from '@pay-checkout/verify-webhook/web';
       const { headers, body, secret } = JSON.parse(readFileSync('delivery.json', 'utf8'));
       console.log(JSON.stringify([(await verifyWebhookAsync({ secret, headers, rawBody: new TextEncoder().encode(body) })).ok,
         (await verifyWebhookAsync({ secret, headers, rawBody: body + 'x' })).ok]));`,
    );
    expect(JSON.parse(web)).toEqual([true, false]);
  });

  it("runs the README's receiver as written", async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const receiver = /```js\n(import \{ createServer \} from 'node:http';\nimport \{ verifyWebhook \} from '@pay-checkout\/verify-webhook';[^]*?)```/.exec(
      readme,
    )?.[1];
    expect(receiver).toBeDefined();
    writeFileSync(join(project, 'receiver.mjs'), receiver!);
    const port = await freePort();
    const child = spawn(SYSTEM_NODE, ['receiver.mjs'], { cwd: project, env: { ...process.env, WHSEC: secret, PORT: String(port) }, stdio: 'pipe' });
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await fetch(`http://127.0.0.1:${port}/`, { method: 'OPTIONS' });
          break;
        } catch (error) {
          if (attempt > 100) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      const good = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: signed(), body });
      expect(good.status).toBe(200);
      const forged = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: signed(), body: body.replace('1500', '150000') });
      expect(forged.status).toBe(400);
      expect(await forged.text()).toBe('No signature matches.');
    } finally {
      child.kill();
    }
  });
});

describe('@pay-checkout/element from its tarball', () => {
  const installed = () => join(project, 'node_modules/@pay-checkout/element');
  type Manifest = {
    modules: Array<{
      declarations?: Array<{
        tagName?: string;
        attributes?: Array<{ name: string }>;
        events?: Array<{ name: string }>;
        cssParts?: Array<{ name: string }>;
        members?: Array<{ name: string; kind: string }>;
      }>;
    }>;
  };
  const declaration = (tag: string) =>
    (JSON.parse(readFileSync(join(installed(), 'custom-elements.json'), 'utf8')) as Manifest).modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === tag);

  it('has a custom-elements manifest with the attributes, events, parts and properties of <pay-checkout>', () => {
    const manifest = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.customElements).toBe('custom-elements.json');
    expect(manifest.dependencies ?? {}).toEqual({});
    const checkout = declaration('pay-checkout')!;
    expect(checkout.attributes!.map((a) => a.name).sort()).toEqual(['checkout', 'locale', 'redirect', 'server', 'theme', 'transport']);
    expect(checkout.events!.map((e) => e.name).sort()).toEqual(['pay-error', 'pay-expired', 'pay-ready', 'pay-redirect', 'pay-status', 'pay-success']);
    expect(checkout.members!.filter((m) => m.kind === 'field').map((m) => m.name)).toEqual(expect.arrayContaining(['checkout', 'server', 'messages', 'theme']));
    // Every part the element's templates draw is documented (a new part without a `@csspart` fails here).
    const sources = ['pay-checkout.ts', ...readdirSync(join(repoRoot, 'widget/components/pay-checkout/views')).map((file) => `views/${file}`)];
    const drawn = new Set(
      [
        ...sources.map((file) => readFileSync(join(repoRoot, 'widget/components/pay-checkout', file), 'utf8')),
        readFileSync(join(repoRoot, 'widget/components/pay-amount/pay-amount.ts'), 'utf8'),
      ].flatMap((source) => [...source.matchAll(/\bpart="([\w-]+)"/g)].map((match) => match[1]!)),
    );
    const documented = new Set(checkout.cssParts!.map((part) => part.name));
    expect([...drawn].filter((part) => !documented.has(part))).toEqual([]);
    expect(declaration('pay-amount')!.events!.map((e) => e.name)).toEqual(['pay-amount-input']);
  });

  it('loads in Chromium from the packed files, as a module and as a classic script', async () => {
    // The system's Node serves the integrator's project, resolving the package the way Node does.
    const server = spawn(
      SYSTEM_NODE,
      [
        '--input-type=module',
        '-e',
        `import { createServer } from 'node:http';
         import { readFileSync } from 'node:fs';
         import { fileURLToPath } from 'node:url';
         const register = fileURLToPath(import.meta.resolve('@pay-checkout/element/register'));
         const embed = fileURLToPath(import.meta.resolve('@pay-checkout/element/embed.js'));
         const dir = register.slice(0, register.lastIndexOf('/') + 1);
         const pages = {
           '/module.html': '<!doctype html><pay-checkout checkout="plink_missing"></pay-checkout><script type="module" src="/pkg/register.js"></script>',
           '/classic.html': '<!doctype html><pay-checkout checkout="plink_missing"></pay-checkout><script src="/embed.js"></script>',
         };
         createServer((request, response) => {
           const path = request.url.split('?')[0];
           if (pages[path]) return response.writeHead(200, { 'content-type': 'text/html' }).end(pages[path]);
           try {
             const file = path === '/embed.js' ? embed : path.startsWith('/pkg/') && !path.includes('..') ? dir + path.slice(5) : null;
             if (file) return response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
           } catch {}
           response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Not found"}]}');
         }).listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port); });`,
      ],
      { cwd: project, stdio: 'pipe' },
    );
    const port = await startedBy(server, /listening (\d+)/);
    const browser = await launchChromium();
    try {
      for (const page of ['module', 'classic']) {
        const tab = await browser.newPage();
        const errors: string[] = [];
        tab.on('pageerror', (error) => errors.push(error.message));
        await tab.addInitScript(() => {
          const seen: string[] = [];
          (window as unknown as { seen: string[] }).seen = seen;
          document.addEventListener('pay-error', (event) => seen.push((event as Event & { code: string }).code));
        });
        await tab.goto(`http://127.0.0.1:${port}/${page}.html`);
        // Defined, drawn in its shadow root, and telling the page that this server has no such checkout.
        await tab.waitForFunction(() => (window as unknown as { seen: string[] }).seen.length > 0, undefined, { timeout: 20_000 });
        const state = await tab.evaluate(() => ({
          defined: Boolean(customElements.get('pay-checkout')) && Boolean(customElements.get('pay-amount')),
          shadow: Boolean(document.querySelector('pay-checkout')!.shadowRoot?.innerHTML.length),
          seen: (window as unknown as { seen: string[] }).seen,
          embed: typeof (window as unknown as { PayCheckoutEmbed?: { registerLocale?: unknown } }).PayCheckoutEmbed?.registerLocale,
        }));
        expect(state).toMatchObject({ defined: true, shadow: true });
        expect(['LOAD_FAILED', 'NOT_FOUND']).toContain(state.seen[0]);
        expect(state.embed).toBe(page === 'classic' ? 'function' : 'undefined');
        expect(errors).toEqual([]);
        await tab.close();
      }
    } finally {
      await browser.close();
      server.kill();
    }
  });
});
