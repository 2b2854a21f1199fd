// Checks of the packed nestjs-moltin-auth tarball: it holds only the built library and its docs,
// its source maps carry their sources or point inside it, and every path in package.json
// resolves to a file in it.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

/** Every file in the tarball must match this: the docs, or built output of one of the two builds. */
const ALLOWED_FILE = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(cjs|esm)\/(package\.json|.+\.(js|d\.ts|js\.map)))$/;

/** Tests, specs, sources, the example app and build leftovers, which must not ship. */
const FORBIDDEN_FILE = /(\.(spec|e2e-spec|test)\.|(^|\/)(__tests__|tests?|src|bench|examples?|coverage)\/|(^|\/)main\.(js|d\.ts)$|\.tsbuildinfo$|(^|\/)tsconfig[^/]*\.json$)/;

/**
 * Unpacks `tarball` into `unpackDir` and runs every check. Throws one error that lists all
 * problems found.
 */
export function checkPackedPackage(tarball, unpackDir, repoRoot) {
  mkdirSync(unpackDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', unpackDir]);

  const packageDir = join(unpackDir, 'package');
  const files = listFiles(packageDir);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const problems = [
    ...checkFileList(files),
    ...checkSourceMaps(packageDir, files),
    ...checkMapReferences(packageDir, files),
    ...checkManifestPaths(packageDir, manifest),
    ...checkNoLocalPaths(packageDir, files, repoRoot),
  ];

  if (problems.length > 0) {
    throw new Error(`the tarball has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }

  const maps = files.filter((file) => file.endsWith('.map')).length;
  console.log(`  ${files.length} files checked: no tests, specs or sources; ${maps} source maps carry their sources; every package.json path resolves`);
}

function listFiles(root) {
  const files = [];

  for (const entry of readdirSync(root, { recursive: true })) {
    const path = join(root, entry);

    if (statSync(path).isFile()) {
      files.push(relative(root, path).split(sep).join('/'));
    }
  }

  return files.sort();
}

function checkFileList(files) {
  const problems = [];

  for (const required of REQUIRED_FILES) {
    if (!files.includes(required)) {
      problems.push(`${required} is missing`);
    }
  }

  for (const file of files) {
    if (FORBIDDEN_FILE.test(file)) {
      problems.push(`${file} is a test, spec, source or example file and must not ship`);
    } else if (!ALLOWED_FILE.test(file)) {
      problems.push(`${file} is neither built output nor a doc file`);
    }
  }

  return problems;
}

/**
 * Checks that each map names only sources inside the tarball, or embeds the text of those outside
 * it (the library's `src/`) in `sourcesContent`, so that debuggers never need the missing files.
 */
function checkSourceMaps(packageDir, files) {
  const problems = [];

  for (const file of files.filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(packageDir, file), 'utf8'));
    const sources = Array.isArray(map.sources) ? map.sources : [];
    const contents = Array.isArray(map.sourcesContent) ? map.sourcesContent : [];

    if (sources.length === 0) {
      problems.push(`${file} lists no sources`);
    }

    for (const [index, source] of sources.entries()) {
      const target = resolve(dirname(join(packageDir, file)), map.sourceRoot ?? '', source);
      const inside = target.startsWith(packageDir + sep) && existsSync(target);

      if (!inside && (typeof contents[index] !== 'string' || contents[index].length === 0)) {
        problems.push(`${file} points to ${source}, outside the tarball, without embedding its content`);
      }
    }
  }

  return problems;
}

/** Each `sourceMappingURL` comment must name a map in the tarball. */
function checkMapReferences(packageDir, files) {
  const problems = [];

  for (const file of files.filter((name) => name.endsWith('.js'))) {
    const match = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(packageDir, file), 'utf8'));

    if (match && !match[1].startsWith('data:') && !existsSync(resolve(dirname(join(packageDir, file)), match[1]))) {
      problems.push(`${file} refers to the missing source map ${match[1]}`);
    }
  }

  return problems;
}

/** `main`, `module`, `types`, `typesVersions` and every `exports` target must exist. */
function checkManifestPaths(packageDir, manifest) {
  const problems = [];
  const targets = [];

  for (const field of ['main', 'module', 'types']) {
    if (manifest[field] !== undefined) {
      targets.push([field, manifest[field]]);
    }
  }

  for (const [pattern, paths] of Object.entries(manifest.typesVersions?.['*'] ?? {})) {
    paths.forEach((path) => targets.push([`typesVersions["*"]["${pattern}"]`, path]));
  }

  if (manifest.exports === undefined) {
    problems.push('package.json has no exports map');
  } else {
    collectExportTargets(manifest.exports, 'exports', targets, problems);
  }

  for (const [field, path] of targets) {
    if (!path.startsWith('./')) {
      problems.push(`${field} is "${path}"; paths must start with "./"`);
    } else if (!existsSync(join(packageDir, path)) || !statSync(join(packageDir, path)).isFile()) {
      problems.push(`${field} points to ${path}, which is not in the tarball`);
    }
  }

  for (const subpath of ['.', './testing']) {
    if (manifest.exports?.[subpath] === undefined) {
      problems.push(`exports has no "${subpath}" entry`);
    }
  }

  return problems;
}

/**
 * Walks the exports map. TypeScript reads conditions in order and stops at the first match, so
 * `types` must come first in each condition object.
 */
function collectExportTargets(value, field, targets, problems) {
  if (typeof value === 'string') {
    targets.push([field, value]);
    return;
  }

  const keys = Object.keys(value ?? {});

  if (keys.includes('types') && keys[0] !== 'types') {
    problems.push(`${field} lists "types" after ${keys[0]}; TypeScript needs it first`);
  }

  for (const key of keys) {
    collectExportTargets(value[key], `${field}["${key}"]`, targets, problems);
  }
}

/** No shipped file may name the folder it was built in. */
function checkNoLocalPaths(packageDir, files, repoRoot) {
  return files
    .filter((file) => readFileSync(join(packageDir, file), 'utf8').includes(repoRoot))
    .map((file) => `${file} contains the build machine's path ${repoRoot}`);
}
