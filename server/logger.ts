import { pino, type Logger, type DestinationStream } from 'pino';
import type { Config } from './config.ts';

/** The server's pino logger (JSON lines on stdout unless a destination is given). */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  return pino({ level, base: { name: 'session-lab' } }, destination);
}
