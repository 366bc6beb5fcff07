import { NotAnIntegerError, WrongTypeError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import { splitRedisArgs } from '../../shared/redis-cli-args.ts';
import { CONSOLE_COMMANDS, supportedList } from './console-commands.ts';
import { CONSOLE_PREFIX, outsidePrefix } from './console-keyspace.ts';
import { ConsoleArgumentError, NOT_AN_INTEGER } from './console-options.ts';
import { formatReply, reply, type Reply } from './console-reply.ts';

/** What the console answers to one line: redis-cli's text, and whether it was an error. */
export interface ConsoleAnswer {
  output: string;
  error: boolean;
}

/** Commands that stay refused whatever is typed: they would wipe, reconfigure, stop or watch the app's store. */
export const REFUSED_COMMANDS = [
  'FLUSHALL',
  'FLUSHDB',
  'CONFIG',
  'SHUTDOWN',
  'DEBUG',
  'MONITOR',
  'SCRIPT',
  'EVAL',
  'EVALSHA',
  'EVAL_RO',
  'EVALSHA_RO',
  'FUNCTION',
  'FCALL',
  'FCALL_RO',
  'CLIENT',
  'ACL',
];

/** Redis quotes at most this much of each argument in its unknown-command error. */
const QUOTED_ARG = 128;

function unknown(name: string, args: string[]): Reply {
  const quotedArgs = args.map((arg) => `'${arg.slice(0, QUOTED_ARG)}' `).join('');
  return reply.error(
    `ERR unknown command '${name}', with args beginning with: ${quotedArgs}(this console runs ${supportedList()}; HELP shows how)`,
  );
}

/** The store's refusals in Redis' words; anything else (an outage, a bug) is the route's to answer. */
function storeError(error: unknown): Reply | null {
  if (error instanceof ConsoleArgumentError) return reply.error(error.message);
  if (error instanceof WrongTypeError)
    return reply.error(
      error.message.startsWith('WRONGTYPE')
        ? error.message
        : 'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
  if (error instanceof NotAnIntegerError) return reply.error(NOT_AN_INTEGER);
  // A refusal Redis itself answered (an invalid cursor): its own words.
  if (error instanceof Error && error.name === 'ReplyError') return reply.error(error.message);
  return null;
}

/**
 * Runs one line typed in the console against the store the server uses, through the store's interface, so a change is
 * announced on the change feed as any other (with the inspector as its cause) and the same command gives the same
 * answer on Redis, a Redis Cluster and the embedded store. Answers the text redis-cli would print. A store that does
 * not answer rejects (StoreUnavailableError), as every store call does.
 */
export async function runConsoleLine(store: KeyStore, line: string): Promise<ConsoleAnswer> {
  const args = splitRedisArgs(line);
  if (args === null) return { output: 'Invalid argument(s)', error: true };
  if (args.length === 0) return { output: '', error: false };
  const [name, ...rest] = args as [string, ...string[]];
  const replies = await answer(store, name, rest);
  const list = Array.isArray(replies) ? replies : [replies];
  return { output: list.map(formatReply).join('\n'), error: list.some((one) => one.kind === 'error') };
}

async function answer(store: KeyStore, name: string, args: string[]): Promise<Reply | Reply[]> {
  const upper = name.toUpperCase();
  if (REFUSED_COMMANDS.includes(upper))
    return reply.error(
      `ERR ${upper} is refused here: this console never runs ${REFUSED_COMMANDS.join(', ')} on the app's store`,
    );
  const command = Object.hasOwn(CONSOLE_COMMANDS, upper) ? CONSOLE_COMMANDS[upper] : undefined;
  if (!command) return unknown(name, args);
  if (args.length < command.min || (command.max !== undefined && args.length > command.max))
    return reply.error(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
  const keys =
    command.keysFrom !== undefined ? args.slice(command.keysFrom) : (command.keys ?? []).map((i) => args[i]!);
  const outside = keys.find((key) => !key.startsWith(CONSOLE_PREFIX));
  if (outside !== undefined) return reply.error(outsidePrefix(outside));
  try {
    return await command.run(store, args);
  } catch (error) {
    const refused = storeError(error);
    if (refused) return refused;
    throw error;
  }
}
