import { z } from 'zod';

/** The longest line the console takes (a session record is about 200 bytes; a line past this is a paste gone wrong). */
export const CONSOLE_LINE_MAX = 8_192;

/** `POST /api/v1/inspector/console {command}`: one line as typed in redis-cli (its quoting rules). */
export const consoleRequestSchema = z.strictObject({
  command: z.string().min(1, 'type a command').max(CONSOLE_LINE_MAX, `at most ${CONSOLE_LINE_MAX} characters`),
});

/** The console's answer: what redis-cli would print for the line, and whether that is an error. */
export const consoleResponseSchema = z.object({
  /** The line as it was sent. */
  command: z.string(),
  /** redis-cli's text: `"value"`, `(integer) 1`, `(nil)`, numbered arrays, `(error) …`; lines joined by `\n`. */
  output: z.string(),
  /** Whether the answer is (or holds) a Redis error. */
  error: z.boolean(),
});

/** The body of a console line. */
export type ConsoleRequest = z.infer<typeof consoleRequestSchema>;
/** The console's answer to one line. */
export type ConsoleResponse = z.infer<typeof consoleResponseSchema>;
