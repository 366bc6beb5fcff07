import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('import boundaries (ESLint)', () => {
  it('keep renderer/ away from server/, main/, electron and Node built-ins', async () => {
    expect(
      await boundaryErrors(
        'renderer/src/x.ts',
        "import { createCoreApp } from '../../server/core-app.ts';\nvoid createCoreApp;\n",
      ),
    ).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/x.ts', "import fs from 'node:fs';\nvoid fs;\n")).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/x.ts', "import path from 'path';\nvoid path;\n")).toHaveLength(1);
    expect(
      await boundaryErrors('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('renderer/src/x.ts', "import { readFile } from 'fs/promises';\nvoid readFile;\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('renderer/src/x.ts', "import { Session } from 'inspector';\nvoid Session;\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'renderer/src/x.ts',
        "import { API_PATHS } from '../../shared/api/paths.ts';\nvoid API_PATHS;\n",
      ),
    ).toEqual([]);
    // Our own folders may share a name with a Node module (node:inspector, node:test).
    expect(
      await boundaryErrors(
        'renderer/src/x.ts',
        "import { KeyTable } from './inspector/KeyTable.tsx';\nvoid KeyTable;\n",
      ),
    ).toEqual([]);
  });

  it('keep server/ away from electron, main/ and renderer/', async () => {
    expect(await boundaryErrors('server/x.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(1);
    expect(
      await boundaryErrors('server/x.ts', "import { App } from '../renderer/src/App.tsx';\nvoid App;\n"),
    ).toHaveLength(1);
    expect(await boundaryErrors('server/store/x.ts', "import '../../main/index.ts';\n")).toHaveLength(1);
    expect(await boundaryErrors('server/x.ts', "import fs from 'node:fs';\nvoid fs;\n")).toEqual([]);
  });

  it('keep the core server away from server/labs/: only server/assemble.ts puts the labs into it', async () => {
    const labsImport = (from: string) => `import { labs } from '${from}';\nvoid labs;\n`;
    expect(await boundaryErrors('server/core-app.ts', labsImport('./labs/index.ts'))).toHaveLength(1);
    expect(await boundaryErrors('server/routes/session.ts', labsImport('../labs/index.ts'))).toHaveLength(1);
    expect(await boundaryErrors('server/store/redis-store.ts', labsImport('../labs/lab-window.ts'))).toHaveLength(1);
    expect(await boundaryErrors('server/server.ts', labsImport('./labs/routes/csrf.ts'))).toHaveLength(1);
    // A dynamic import is the same reach as a static one.
    const dynamicImport = (from: string) => `export const later = () => import('${from}');\n`;
    expect(await boundaryErrors('server/core-app.ts', dynamicImport('./labs/index.ts'))).toHaveLength(1);
    expect(await boundaryErrors('server/routes/session.ts', dynamicImport('../labs/lab-window.ts'))).toHaveLength(1);
    expect(await boundaryErrors('server/assemble.ts', dynamicImport('./labs/index.ts'))).toEqual([]);
    expect(await boundaryErrors('server/assemble.ts', labsImport('./labs/index.ts'))).toEqual([]);
    expect(await boundaryErrors('server/labs/routes/x.ts', labsImport('../lab-window.ts'))).toEqual([]);
    // The labs use the core; the labs' own folder is still plain Node.
    expect(
      await boundaryErrors(
        'server/labs/x.ts',
        "import { createCoreApp } from '../core-app.ts';\nvoid createCoreApp;\n",
      ),
    ).toEqual([]);
    expect(await boundaryErrors('server/labs/x.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(1);
  });

  it('keep shared/ free of Node, Electron and every other folder', async () => {
    for (const source of [
      "'node:crypto'",
      "'events'",
      "'electron'",
      "'../server/errors.ts'",
      "'../renderer/src/App.tsx'",
      "'../main/index.ts'",
    ]) {
      expect(await boundaryErrors('shared/x.ts', `import * as m from ${source};\nvoid m;\n`), source).toHaveLength(1);
    }
    expect(await boundaryErrors('shared/x.ts', "import { z } from 'zod';\nvoid z;\n")).toEqual([]);
  });

  it('keep main/ thin: server/ through its entry only, never renderer/; the preload has electron and shared/ only', async () => {
    expect(
      await boundaryErrors('main/x.ts', "import { startServer } from '../server/server.ts';\nvoid startServer;\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'main/x.ts',
        "import { loadConfig } from '../server/config-sources.ts';\nvoid loadConfig;\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'main/x.ts',
        "import { openStore } from '../server/store/open-store.ts';\nvoid openStore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('main/x.ts', "import { App } from '../renderer/src/App.tsx';\nvoid App;\n"),
    ).toHaveLength(1);
    expect(await boundaryErrors('main/x.ts', "import fs from 'node:fs';\nvoid fs;\n")).toEqual([]);
    expect(await boundaryErrors('main/preload.ts', "import fs from 'node:fs';\nvoid fs;\n")).toHaveLength(1);
    expect(
      await boundaryErrors(
        'main/preload.ts',
        "import { startServer } from '../server/server.ts';\nvoid startServer;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'main/preload.ts',
        "import { contextBridge } from 'electron';\nimport { IPC_METHODS } from '../shared/ipc.ts';\nvoid contextBridge; void IPC_METHODS;\n",
      ),
    ).toEqual([]);
  });
});
