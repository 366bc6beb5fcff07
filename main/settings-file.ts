import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, settingsPatchSchema, settingsSchema, type Settings } from '../shared/settings.ts';

/** The settings file's name inside the data dir. */
export const SETTINGS_FILE = 'settings.json';

/**
 * The desktop app's settings, kept as JSON in the data dir. A file that cannot be read as settings is
 * moved aside (never overwritten), and the defaults are used; `problem` says what happened.
 */
export class SettingsFile {
  readonly file: string;
  #current: Settings;
  /** Why the saved settings were not used, when they were not. */
  readonly problem: string | null = null;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE);
    const loaded = readSettings(this.file);
    this.#current = loaded.settings;
    this.problem = loaded.problem;
  }

  /** The settings now in force. */
  get current(): Settings {
    return this.#current;
  }

  /**
   * Checks a change (unknown fields and bad values throw a `z.ZodError`), writes it to disk atomically
   * and returns the settings before and after.
   */
  update(patch: unknown): { before: Settings; after: Settings } {
    const parsed = settingsPatchSchema.parse(patch);
    const before = this.#current;
    const after = settingsSchema.parse({ ...before, ...parsed });
    this.replace(after);
    return { before, after };
  }

  /** Writes complete settings (write to a temporary file, then rename: a crash leaves the old or the new file). */
  replace(settings: Settings): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    this.#current = settings;
  }
}

function readSettings(file: string): { settings: Settings; problem: string | null } {
  if (!existsSync(file)) return { settings: DEFAULT_SETTINGS, problem: null };
  try {
    return { settings: settingsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), problem: null };
  } catch (error) {
    // Keep what the learner had: the unreadable file stays next to the new one for them to look at.
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    return {
      settings: DEFAULT_SETTINGS,
      problem: `${path.basename(file)} could not be read (${(error as Error).message.split('\n')[0]}); it was moved to ${path.basename(aside)} and the defaults are used`,
    };
  }
}
