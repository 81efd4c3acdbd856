import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePlatformAdminKey, loadConfig } from '../../server/config.ts';
import { repoRoot } from '../support/process.ts';
import { TEST_ADMIN_KEY } from '../support/server.ts';

const EXPECTED_FORM = /PLATFORM_ADMIN_KEY must be pk_admin_ followed by at least 32 characters/;

describe('PLATFORM_ADMIN_KEY', () => {
  it('takes a generated key, the test key, or none', () => {
    const generated = generatePlatformAdminKey();
    expect(loadConfig({ PLATFORM_ADMIN_KEY: generated }).platformAdminKey).toBe(generated);
    expect(loadConfig({ PLATFORM_ADMIN_KEY: TEST_ADMIN_KEY }).platformAdminKey).toBe(TEST_ADMIN_KEY);
    expect(loadConfig({}).platformAdminKey).toBeUndefined();
    expect(loadConfig({ PLATFORM_ADMIN_KEY: '' }).platformAdminKey).toBeUndefined();
  });

  // Each of these was accepted and then matched no request: every operator call said "Invalid API key."
  it.each([
    ['no prefix', 'test-operator-key-0123456789abcdefghij'],
    ['another prefix', 'sk_admin_test-operator-key-0123456789abcdef'],
    ['too short', 'pk_admin_short'],
    ['whitespace', 'pk_admin_test-operator-key-0123456789abcdef '],
  ])('refuses a key with %s, saying the form it expects', (_label, key) => {
    expect(() => loadConfig({ PLATFORM_ADMIN_KEY: key })).toThrow(EXPECTED_FORM);
  });

  it('stops `node server/main.ts` before it starts anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pay-config-'));
    const child = spawn(process.execPath, ['server/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', DATA_DIR: dataDir, PLATFORM_ADMIN_KEY: 'admin-secret-without-the-prefix-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // A server that does start is stopped again, so the test fails without leaving it running.
    const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
    try {
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code, output).toBe(1);
      expect(output).toMatch(EXPECTED_FORM);
      expect(output).not.toMatch(/Starting embedded PostgreSQL/);
    } finally {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
