import type Router from '@koa/router';
import type { SessionCipher } from '../../auth/session-cipher.ts';
import type { Config } from '../../config.ts';
import type { LabWindow } from '../lab-window.ts';
import { parseInput } from '../../validate.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { sessionEncryptionChangeSchema, type SessionEncryption } from '../../../shared/api/lab-session-encryption.ts';
import { createRouter } from '../../routes/router.ts';

/** Whether this launch started with session encryption on (what the switches' restore puts back). */
export function encryptionAtLaunch(config: Config): boolean {
  return config.encryptSessions === 'on';
}

/**
 * The session-encryption switch of the app's own window (the lab key): `GET` it, `PUT {enabled}` to turn the
 * encryption of new writes on or off, `POST /rotate` for a new current key. Reads accept both forms either way, so
 * flipping it never signs anyone out; `DELETE /api/v1/lab/switches` puts it back as the launch had it.
 */
export function labSessionEncryptionRoutes(cipher: SessionCipher, config: Config, guard: LabWindow): Router {
  const current = (): SessionEncryption => ({
    enabled: cipher.enabled,
    atLaunch: encryptionAtLaunch(config),
    currentKid: cipher.currentKid(),
    kids: cipher.keyIds(),
  });
  const router = createRouter(API_PATHS.labSessionEncryption);
  router.use(guard.only('The session-encryption switch'));
  router.get('/', (ctx) => {
    ctx.body = current();
  });
  router.put('/', (ctx) => {
    cipher.enabled = parseInput(sessionEncryptionChangeSchema, ctx.request.body).enabled;
    ctx.body = current();
  });
  router.post('/rotate', (ctx) => {
    cipher.rotate();
    ctx.body = current();
  });
  return router;
}
