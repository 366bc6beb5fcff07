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
    const values: Record<string, string | boolean | undefined> = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
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
  const given = input.map((source) => source[key]).filter((value) => value !== undefined).at(-1);
  return `invalid ${field.flag} (${field.env}) ${JSON.stringify(given)}: ${issue.message}`;
}

/**
 * Env vars, then flags (flags win), parsed into a {@link Config}. A bad value becomes one
 * {@link StartupError} that names the flag, the env var and the value.
 */
export function loadConfig(env: NodeJS.ProcessEnv, args: string[], overrides: ConfigInput = {}): Config {
  const sources = [configFromEnv(env), configFromArgs(args), overrides];
  try {
    return parseConfig(...sources);
  } catch (error) {
    if (error instanceof z.ZodError) throw new StartupError(describeIssue(error.issues[0]!, sources));
    throw error;
  }
}
