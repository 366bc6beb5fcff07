import path from 'node:path';
import type { App } from 'electron';
import { pino, type Logger } from 'pino';

/**
 * The server's log in the desktop app: a file in Electron's logs folder, not stdout. A Windows GUI app has no
 * stdout, and pino's write to it would fail with EBADF in the main process (pinojs/pino#1868).
 */
export function serverLogFile(logsDir: string): { file: string; logger: (level: string) => Logger } {
  const file = path.join(logsDir, 'server.log');
  let made: Logger | undefined;
  return {
    file,
    logger: (level) => {
      made ??= pino(
        { level, base: { name: 'session-lab' } },
        pino.destination({ dest: file, mkdir: true, sync: true }),
      );
      made.level = level;
      return made;
    },
  };
}

/** Electron's logs folder, or `<userData>/logs` where Electron cannot name one (it has thrown "Failed to get 'logs' path"). */
export function appLogsDir(app: Pick<App, 'getPath'>): string {
  try {
    return app.getPath('logs');
  } catch {
    return path.join(app.getPath('userData'), 'logs');
  }
}
