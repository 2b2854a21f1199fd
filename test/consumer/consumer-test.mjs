#!/usr/bin/env node
// Consumer test: builds and packs nestjs-moltin-auth, checks the tarball, then installs it into two
// fresh apps made from templates/ (NestJS 11 CommonJS and NestJS 12 ESM): the sources and tests in
// templates/shared, with each app's package.json and tsconfig from templates/<name>. Each app compiles with
// tsc, boots against the emulator (dist/src/smoke.js) and runs its Jest suite. Nothing is reused
// between runs: every app gets a new folder and a full `npm install`.
//
// Usage: node test/consumer/consumer-test.mjs [nest11|nest12 ...]
// Set MOLTIN_CONSUMER_KEEP=1 to keep the temporary folder for debugging.
// It prints the time of each step and ends with "consumer: N passed, N failed"; the exit code is 1
// when anything failed.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkPackedPackage } from './tarball-check.mjs';

const consumerDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(consumerDir, '../..');
const libraryRoot = join(repoRoot, 'libs/moltin-auth');

/** Apps to build, each from templates/shared plus templates/<name>, with the Node options its Jest run needs. */
const APPS = [
  { name: 'nest11', jestNodeOptions: '' },
  // NestJS 12 is ESM-only, and Jest runs ES modules only with this flag on Node 20.
  { name: 'nest12', jestNodeOptions: '--experimental-vm-modules' },
];

const MINUTE_MS = 60_000;
const TIMEOUTS_MS = { build: 5 * MINUTE_MS, install: 10 * MINUTE_MS, compile: 5 * MINUTE_MS, smoke: 2 * MINUTE_MS, jest: 5 * MINUTE_MS };

/** npm settings that may pass to the apps' npm; the rest would point npm back at this repository. */
const KEPT_NPM_SETTINGS = new Set(['cache', 'registry', 'userconfig', 'globalconfig', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl']);

const steps = [];

async function main() {
  const requested = process.argv.slice(2);
  const apps = requested.length === 0 ? APPS : APPS.filter((app) => requested.includes(app.name));

  if (apps.length !== requested.length && requested.length > 0) {
    console.error(`Unknown app in ${requested.join(', ')}; choose from ${APPS.map((app) => app.name).join(', ')}`);
    return finish(0, 1);
  }

  const startedAt = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), 'moltin-consumer-'));
  let passed = 0;
  let failed = 0;

  try {
    const tarball = await packLibrary(workDir);

    if (await runCheck('tarball', () => step('check tarball', () => checkPackedPackage(tarball, join(workDir, 'unpacked'), repoRoot)))) {
      passed += 1;
    } else {
      failed += 1;
    }

    const installs = await Promise.all(apps.map((app) => runCheck(app.name, () => installApp(app, tarball, workDir))));

    for (const [index, app] of apps.entries()) {
      const ok = installs[index] && (await runCheck(app.name, () => testApp(app, join(workDir, app.name))));

      if (ok) {
        passed += 1;
      } else {
        failed += 1;
      }
    }
  } catch (error) {
    // The library could not be built or packed, so no app could be tested.
    console.error(`\nFAILED before any app could run: ${error.message}`);
    failed = apps.length + 1 - passed;
  } finally {
    if (process.env.MOLTIN_CONSUMER_KEEP === '1') {
      console.log(`Kept ${workDir}`);
    } else {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  printTimings(performance.now() - startedAt);

  return finish(passed, failed);
}

async function packLibrary(workDir) {
  await step('build library', () => run('npm', ['run', 'build', '--workspace', 'nestjs-moltin-auth'], { cwd: repoRoot, timeoutMs: TIMEOUTS_MS.build }));

  // The build ran just above, so the prepack script would only repeat it.
  const output = await step('pack library', () =>
    run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], { cwd: libraryRoot, timeoutMs: TIMEOUTS_MS.build }),
  );
  const [packed] = JSON.parse(output.stdout);

  console.log(`  ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} KiB packed`);

  return join(workDir, packed.filename);
}

async function installApp(app, tarball, workDir) {
  const appDir = join(workDir, app.name);
  cpSync(join(consumerDir, 'templates', 'shared'), appDir, { recursive: true });
  cpSync(join(consumerDir, 'templates', app.name), appDir, { recursive: true });

  const manifestPath = join(appDir, 'package.json');
  writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace('__TARBALL__', tarball));

  await step(`${app.name}: npm install`, () =>
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: appDir, timeoutMs: TIMEOUTS_MS.install }),
  );
}

async function testApp(app, appDir) {
  const tsc = join(appDir, 'node_modules/typescript/bin/tsc');
  const jest = join(appDir, 'node_modules/jest/bin/jest.js');

  await step(`${app.name}: tsc`, () => run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: appDir, timeoutMs: TIMEOUTS_MS.compile }));

  await step(`${app.name}: import both entry points`, () =>
    run(process.execPath, ['--input-type=module', '-e', IMPORT_CHECK], { cwd: appDir, timeoutMs: TIMEOUTS_MS.smoke }),
  );
  await step(`${app.name}: boot against the emulator`, () =>
    run(process.execPath, ['dist/src/smoke.js'], { cwd: appDir, timeoutMs: TIMEOUTS_MS.smoke, echo: true }),
  );
  await step(`${app.name}: jest`, () =>
    run(process.execPath, [jest, '--ci'], {
      cwd: appDir,
      timeoutMs: TIMEOUTS_MS.jest,
      env: { NODE_OPTIONS: app.jestNodeOptions },
      echo: true,
    }),
  );

  if (existsSync(join(appDir, 'tsconfig.node16.json'))) {
    // Type-checks again with node16 resolution, which reads the exports map and, in a CommonJS
    // app, the CommonJS type files of dependencies such as axios.
    await step(`${app.name}: tsc (node16)`, () => run(process.execPath, [tsc, '-p', 'tsconfig.node16.json'], { cwd: appDir, timeoutMs: TIMEOUTS_MS.compile }));
  }
}

/**
 * Imports both entry points through Node's ESM loader from the app's folder and prints which
 * build each resolved to.
 */
const IMPORT_CHECK = `
const main = await import('nestjs-moltin-auth');
const testing = await import('nestjs-moltin-auth/testing');
for (const name of ['MoltinAuthModule', 'MoltinTokenService', 'MoltinHttpService', 'CustomerAuthGuard']) {
  if (typeof main[name] !== 'function') throw new Error('nestjs-moltin-auth does not export ' + name);
}
for (const name of ['MoltinEmulator', 'MoltinAuthTestingModule', 'ManualClock', 'createFakeTokenService', 'createFakeCustomerAuthGuard']) {
  if (typeof testing[name] !== 'function') throw new Error('nestjs-moltin-auth/testing does not export ' + name);
}
console.log('  import resolves to ' + import.meta.resolve('nestjs-moltin-auth'));
`;

/** Runs `body` as one named check, printing its error; returns whether it passed. */
async function runCheck(name, body) {
  try {
    await body();
    return true;
  } catch (error) {
    console.error(`\nFAILED ${name}: ${error.message}`);
    return false;
  }
}

/** Runs and times one step; the step's error passes through. */
async function step(name, body) {
  console.log(`> ${name}`);
  const startedAt = performance.now();
  const record = { name, seconds: 0, ok: false };
  steps.push(record);

  try {
    const result = await body();
    record.ok = true;
    return result;
  } finally {
    record.seconds = (performance.now() - startedAt) / 1000;
    console.log(`  ${record.ok ? 'done' : 'failed'}: ${name} (${record.seconds.toFixed(1)} s)`);
  }
}

/**
 * Runs a command in its own process group. Rejects when it exits non-zero or outlives
 * `timeoutMs`, in which case the whole group is killed. Output is shown live with `echo`, and
 * otherwise only when the command fails.
 */
function run(command, args, { cwd, timeoutMs, env = {}, echo = false }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...childEnvironment(), ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;

    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (echo) process.stderr.write(chunk);
    });

    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);

      if (code === 0) {
        resolvePromise({ stdout, stderr });
        return;
      }

      if (!echo) {
        process.stdout.write(stdout);
        process.stderr.write(stderr);
      }

      const reason = timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
      reject(new Error(`${[command, ...args].join(' ')} in ${cwd} ${reason}`));
    });
  });
}

/**
 * Returns this process's environment without the npm settings that `npm run` exports, such as
 * the workspace and the local prefix, which would make the apps' npm act on this repository.
 */
function childEnvironment() {
  const env = {};

  for (const [key, value] of Object.entries(process.env)) {
    const setting = key.toLowerCase().startsWith('npm_config_') ? key.slice('npm_config_'.length).toLowerCase() : undefined;

    if (key.toLowerCase().startsWith('npm_') && (setting === undefined || !KEPT_NPM_SETTINGS.has(setting))) {
      continue;
    }

    if (key === 'INIT_CWD' || key === 'NODE_OPTIONS') {
      continue;
    }

    env[key] = value;
  }

  return env;
}

function printTimings(totalMs) {
  console.log('\nStep timings:');

  for (const record of steps) {
    console.log(`  ${record.seconds.toFixed(1).padStart(6)} s  ${record.ok ? 'ok    ' : 'FAILED'}  ${record.name}`);
  }

  console.log(`Consumer test took ${(totalMs / 1000).toFixed(1)} s (npm installs ran in parallel).`);
}

function finish(passed, failed) {
  console.log(`consumer: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
