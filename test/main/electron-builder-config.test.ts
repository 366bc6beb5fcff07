import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration, TargetConfigType } from 'electron-builder';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const BETTER_SQLITE3 = path.dirname(require.resolve('better-sqlite3/package.json'));
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };

// Loaded the way `electron-builder` loads it (electron-builder.yml, `extends`, file sets normalized).
const config = await getConfig(ROOT, null, null);

// The JSON schema that ships in electron-builder's npm package.
const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as { $schema: string };

/** Ajv over scheme.json: draft-07, which is what Ajv's default class speaks. */
function schemeValidator() {
  // Strict mode on, with two allowances: scheme.json writes unions as `type: [a, b]`, and it uses ajv-keywords'
  // `typeof: "function"` for hooks (afterPack…) and, by a generator slip, for linux.desktop.entry (typed
  // `{ [key: string]: string }` in app-builder-lib's .d.ts). YAML holds no functions, and electron-builder's own
  // Ajv ignores that keyword (strict: false), so it is declared here without a check.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'typeof' });
  return ajv.compile(scheme);
}
const validate = schemeValidator();

/** Ajv's errors as `path: message params`, readable in a failed expectation. */
function schemaErrors(candidate: unknown): string[] {
  if (validate(candidate)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(root)'}: ${error.message} ${JSON.stringify(error.params)}`,
  );
}

/** The check `electron-builder` runs before building (it throws on an invalid config). */
function validatedByElectronBuilder(candidate: unknown): Promise<void> {
  // A disabled logger: validateConfiguration only reads isEnabled. Cloned: its Ajv coerces types in place.
  const quietLogger = { isEnabled: false } as Parameters<typeof validateConfiguration>[1];
  return validateConfiguration(structuredClone(candidate) as Configuration, quietLogger);
}

function targetNames(target: TargetConfigType | undefined): string[] {
  return [target ?? []].flat().map((entry) => (typeof entry === 'string' ? entry : entry.target));
}

/** The `files` patterns that apply to the app directory itself (no `from`). */
function appFilePatterns(files: Configuration['files']): string[] {
  return [files ?? []]
    .flat()
    .flatMap((entry) =>
      typeof entry === 'string'
        ? [entry]
        : entry.from === undefined || entry.from === '.'
          ? [entry.filter ?? []].flat()
          : [],
    );
}

/** electron-builder's rule (app-builder-lib util/filter.js): minimatch with `dot`, in order; the last pattern that matches decides. */
function selectedBy(patterns: string[], file: string): boolean {
  let selected = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) selected = !negated;
  }
  return selected;
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const relativeToApp = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const prebuilds = readdirSync(path.join(BETTER_SQLITE3, 'prebuilds')).map((name) =>
  path.join(BETTER_SQLITE3, 'prebuilds', name),
);

describe('electron-builder.yml', () => {
  it('matches the JSON schema shipped in app-builder-lib (scheme.json)', () => {
    expect(scheme.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schemaErrors(config)).toEqual([]);
  });

  it('passes the validation electron-builder itself runs', async () => {
    await expect(validatedByElectronBuilder(config)).resolves.toBeUndefined();
  });

  it('fails both checks with an unknown key or a value of the wrong type', async () => {
    const misspelled = { ...config, asarUnpak: config.asarUnpack };
    expect(schemaErrors(misspelled)).toContain(
      '(root): must NOT have additional properties {"additionalProperty":"asarUnpak"}',
    );
    await expect(validatedByElectronBuilder(misspelled)).rejects.toThrow(/unknown property 'asarUnpak'/);

    const wrongType = { ...config, nsis: { ...config.nsis, oneClick: 'no' } };
    expect(schemaErrors(wrongType)).toContain('/nsis/oneClick: must be boolean {"type":"boolean"}');
    await expect(validatedByElectronBuilder(wrongType)).rejects.toThrow(/nsis\.oneClick should be a boolean/);
  });

  it('names the app and puts version and arch in every artifact name', () => {
    expect(config).toMatchObject({
      appId: 'dev.sessionlab.app',
      productName: 'Session Lab',
      directories: { output: 'release', buildResources: 'main/resources' },
    });
    expect(config.artifactName).toContain('${version}');
    expect(config.artifactName).toContain('${arch}');
  });

  it('builds AppImage and deb on Linux, an assisted per-user NSIS installer on Windows, a hardened DMG on macOS', () => {
    expect(targetNames(config.linux?.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux).toMatchObject({ category: 'Education', desktop: { entry: { Name: 'Session Lab' } } });
    expect(targetNames(config.win?.target)).toContain('nsis');
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true, perMachine: false });
    expect(targetNames(config.mac?.target)).toContain('dmg');
    expect(config.mac).toMatchObject({ category: 'public.app-category.education', hardenedRuntime: true });
  });

  it('packs the built app and package.json, no sources and no source maps', () => {
    const files = appFilePatterns(config.files);
    for (const file of [
      PACKAGE.main,
      'dist/main/index.js',
      'dist/main/preload.cjs',
      'dist/renderer/index.html',
      'dist/server/server.js',
      'dist/shared/ipc.js',
      'package.json',
    ]) {
      expect(selectedBy(files, file), file).toBe(true);
    }
    for (const file of [
      'dist/main/index.js.map',
      'dist/server/server.js.map',
      'server/server.ts',
      'main/index.ts',
      'test/main/electron-builder-config.test.ts',
      'electron-builder.yml',
    ]) {
      expect(selectedBy(files, file), file).toBe(false);
    }
  });

  it('has a PNG icon of at least 512×512 where electron-builder looks for it', () => {
    expect(config.icon).toBeTypeOf('string');
    const icon = path.join(ROOT, config.directories?.buildResources ?? '', config.icon as string);
    expect(existsSync(icon), icon).toBe(true);
    const size = pngSize(readFileSync(icon));
    expect(size).not.toBeNull();
    expect(size?.width).toBeGreaterThanOrEqual(512);
    expect(size?.height).toBe(size?.width);
  });
});

describe('better-sqlite3 in the packaged app', () => {
  // lib/binding.js loads build/Release/better_sqlite3.node when compiled from source, else prebuilds/<platform>-<arch>.node.
  const { getPrebuildPath } = require(path.join(BETTER_SQLITE3, 'lib', 'binding.js')) as {
    getPrebuildPath(): string | null;
  };

  // electron-builder filters node_modules with `**/*` followed by the `files` patterns.
  const nodeModulePatterns = ['**/*', ...appFilePatterns(config.files)];

  it('packs every native binary it may load, unpacked out of app.asar', () => {
    const loadedHere = getPrebuildPath();
    expect(loadedHere).not.toBeNull();
    const candidates = [
      loadedHere as string,
      path.join(BETTER_SQLITE3, 'build', 'Release', 'better_sqlite3.node'),
      ...prebuilds,
    ];
    const unpack = [config.asarUnpack ?? []].flat();
    expect(config.asar).toBe(true);
    for (const file of candidates.map(relativeToApp)) {
      expect(selectedBy(nodeModulePatterns, file), file).toBe(true);
      expect(selectedBy(unpack, file), file).toBe(true);
    }
  });

  it('leaves out its SQLite and C++ sources, and nothing it runs', () => {
    for (const file of ['deps/sqlite3/sqlite3.c', 'src/better_sqlite3.cpp']) {
      expect(selectedBy(nodeModulePatterns, relativeToApp(path.join(BETTER_SQLITE3, file))), file).toBe(false);
    }
    for (const file of ['lib/index.js', 'lib/binding.js', 'package.json']) {
      expect(selectedBy(nodeModulePatterns, relativeToApp(path.join(BETTER_SQLITE3, file))), file).toBe(true);
    }
  });

  it('ships N-API prebuilds only, which Electron loads without a rebuild (npmRebuild: false)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(prebuilds.map((file) => path.basename(file))).toEqual(
      expect.arrayContaining(['linux-x64.node', 'win32-x64.node', 'darwin-x64.node', 'darwin-arm64.node']),
    );
    for (const file of prebuilds) {
      const bytes = readFileSync(file);
      expect(bytes.includes('napi_register_module_v1'), file).toBe(true);
      // V8's C++ API, mangled the Itanium (_ZN2v8) or the MSVC (@v8@@) way: a V8-ABI addon would need a rebuild.
      expect(bytes.includes('_ZN2v8') || bytes.includes('@v8@@'), file).toBe(false);
    }
  });
});
