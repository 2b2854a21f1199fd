// Builds the package twice, as CommonJS for NestJS 11 apps and as ESM for NestJS 12 apps,
// and marks each output folder with its module type so Node loads it correctly.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(packageRoot, 'dist'), { recursive: true, force: true });

for (const [tsconfig, folder, type] of [
  ['tsconfig.lib.json', 'cjs', 'commonjs'],
  ['tsconfig.esm.json', 'esm', 'module'],
]) {
  execFileSync(process.execPath, [tsc, '-p', join(packageRoot, tsconfig)], { stdio: 'inherit' });
  writeFileSync(join(packageRoot, 'dist', folder, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
}
