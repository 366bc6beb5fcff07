import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CONFIG_FIELDS, type ConfigInput, type ConfigKey, parseConfig, type Config } from './config.ts';
import { StartupError } from './errors.ts';

const keys = Object.keys(CONFIG_FIELDS) as ConfigKey[];

/** Reads the settings that environment variables give (see {@link CONFIG_FIELDS} for the names). */
export function configFromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  return Object.fromEntries(keys.map((key) => [key, env[CONFIG_FIELDS[key].env] || undefined]));
}

/** Reads the settings that CLI flags give; unknown flags and stray arguments are a {@link StartupError}. */
export function configFromArgs(args: string[]): ConfigInput {
  const options = {
    ...Object.fromEntries(keys.map((key) => [CONFIG_FIELDS[key].flag.slice(2), { type: 'string' as const }])),
    'no-demo-accounts': { type: 'boolean' as const },
  };
  try {
    const values: Record<string, string | boolean | undefined> = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: false,
    }).values;
    const input: ConfigInput = Object.fromEntries(keys.map((key) => [key, values[CONFIG_FIELDS[key].flag.slice(2)]]));
    if (values['no-demo-accounts']) input.demoAccounts = false;
    return input;
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

function describeIssue(issue: z.core.$ZodIssue, input: ConfigInput[]): string {
  const key = issue.path[0] as ConfigKey | undefined;
  if (key === undefined || !(key in CONFIG_FIELDS)) return issue.message;
  const field = CONFIG_FIELDS[key];
  const given = input
    .map((source) => source[key])
    .filter((value) => value !== undefined)
    .at(-1);
  return `invalid ${field.flag} (${field.env}) ${JSON.stringify(given)}: ${issue.message}`;
}

/** Where settings come from besides env vars and flags: a lower layer they override, and a higher one. */
export interface ConfigLayers {
  /** Under env vars and flags (the desktop app's saved settings at launch). */
  base?: ConfigInput;
  /** Over everything (what the caller decides, such as the desktop app's data dir). */
  overrides?: ConfigInput;
}

/**
 * `base`, then env vars, then flags, then `overrides` (later wins), parsed into a {@link Config}. A bad value
 * becomes one {@link StartupError} that names the flag, the env var and the value.
 */
export function loadConfig(env: NodeJS.ProcessEnv, args: string[], layers: ConfigLayers = {}): Config {
  const sources = [layers.base ?? {}, configFromEnv(env), configFromArgs(args), layers.overrides ?? {}];
  try {
    return parseConfig(...sources);
  } catch (error) {
    if (error instanceof z.ZodError) throw new StartupError(describeIssue(error.issues[0]!, sources));
    throw error;
  }
}

/**
 * The config flags among a command line that also carries other programs' switches (Electron's and
 * Chromium's): `--store redis` and `--store=redis` are taken, anything else is left alone.
 */
export function knownConfigArgs(argv: string[]): string[] {
  const flags = new Set<string>(keys.map((key) => CONFIG_FIELDS[key].flag));
  const taken: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const [name] = arg.split('=', 1) as [string];
    if (arg === '--no-demo-accounts') taken.push(arg);
    else if (flags.has(name) && arg.includes('=')) taken.push(arg);
    else if (flags.has(arg) && index + 1 < argv.length) taken.push(arg, argv[++index]!);
  }
  return taken;
}
