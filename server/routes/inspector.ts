import type Router from '@koa/router';
import { createRouter } from './router.ts';
import type { Context } from 'koa';
import { NotFoundError } from '../errors.ts';
import type { EventHub } from '../inspector/event-hub.ts';
import { toHar } from '../inspector/har.ts';
import { SseBatch } from '../inspector/sse-batch.ts';
import { keyDetail, keyRow } from '../inspector/key-views.ts';
import { flipCiphertextByte, sealPlainRecord, serverSees } from '../inspector/encrypted-record.ts';
import type { SessionCipher } from '../auth/session-cipher.ts';
import { KeyGroupCounter } from '../inspector/key-groups.ts';
import { keyGroupsQuerySchema } from '../../shared/api/key-groups.ts';
import { requireLabKey } from '../inspector/lab-key.ts';
import type { KeyStore } from '../store/types.ts';
import { parseInput } from '../validate.ts';
import { expireBodySchema, keyPageQuerySchema } from '../../shared/api/inspector.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';
import { runConsoleLine } from '../inspector/console.ts';
import { writeCause } from '../inspector/exchange-context.ts';
import { consoleRequestSchema } from '../../shared/api/inspector-console.ts';

/** The prefix of the inspector's routes (not recorded as exchanges). */
export const INSPECTOR_PREFIX = `${API_PREFIX}/inspector`;

/** What the inspector routes need. */
export interface InspectorRouteDeps {
  store: KeyStore;
  hub: EventHub;
  /** The recorded exchanges, oldest first. */
  exchanges: () => readonly HttpEvent[];
  version: string;
  labKey: string;
  decode: (key: string, raw: string) => Record<string, unknown> | null;
  /** Encrypted session records: what the server decrypts them to (shown beside the ciphertext). */
  cipher: SessionCipher;
}

function appKey(ctx: Context): string {
  const key = String(ctx.params.key);
  if (!key.startsWith('sl:')) throw new NotFoundError('Only Session Lab keys (sl:…) are shown');
  return key;
}

/** The key browser, the learner's actions on keys, and the event stream; all behind the lab key. */
export function inspectorRoutes(deps: InspectorRouteDeps): Router {
  const { store, hub } = deps;
  const router = createRouter(INSPECTOR_PREFIX);
  // EventSource cannot send a header: the stream alone may take the key as ?labKey=.
  const eventsPath = `${INSPECTOR_PREFIX}/events`;
  router.use(requireLabKey(deps.labKey, { queryAllowed: (ctx) => ctx.method === 'GET' && ctx.path === eventsPath }));

  router.get('/keys', async (ctx) => {
    const { match, cursor, count } = parseInput(keyPageQuerySchema, ctx.query);
    const page = await store.scan(cursor, { match, count });
    const rows = await Promise.all(page.keys.map((key) => keyRow(store, key)));
    ctx.body = { cursor: page.cursor, keys: rows.filter((row) => row !== null) };
  });

  const keyGroups = new KeyGroupCounter(store);
  router.get('/key-groups', async (ctx) => {
    ctx.body = await keyGroups.count(parseInput(keyGroupsQuerySchema, ctx.query).match);
  });

  router.get('/keys/:key', async (ctx) => {
    const detail = await keyDetail(store, appKey(ctx), deps.decode, (key, raw) => serverSees(key, raw, deps.cipher));
    if (!detail) throw new NotFoundError(`No key ${ctx.params.key}`);
    ctx.body = detail;
  });

  router.delete('/keys/:key', async (ctx) => {
    if ((await store.del(appKey(ctx))) === 0) throw new NotFoundError(`No key ${ctx.params.key}`);
    ctx.status = 204;
  });

  // The learner's tamper action on an encrypted session record: one byte of its ciphertext flipped, its TTL kept.
  router.post('/keys/:key/tamper', async (ctx) => {
    ctx.body = await flipCiphertextByte(store, appKey(ctx));
  });

  // "Encrypt this record now": a plain session record rewritten sealed through the store (the SET shows), TTL kept.
  router.post('/keys/:key/seal', async (ctx) => {
    ctx.body = await sealPlainRecord(store, appKey(ctx), deps.cipher);
  });

  router.post('/keys/:key/expire', async (ctx) => {
    const key = appKey(ctx);
    const { ms } = parseInput(expireBodySchema, ctx.request.body);
    const changed = ms < 0 ? await store.persist(key) : await store.pexpire(key, ms);
    if (!changed && !(await store.exists(key))) throw new NotFoundError(`No key ${ctx.params.key}`);
    ctx.body = { key, pttl: await store.pttl(key) };
  });

  // The learner's redis-cli console: its changes go through the store, announced as typed in the console.
  router.post('/console', async (ctx) => {
    const { command } = parseInput(consoleRequestSchema, ctx.request.body);
    ctx.body = { command, ...(await writeCause.run('console', () => runConsoleLine(store, command))) };
  });

  router.get('/har', (ctx) => {
    ctx.set('Content-Disposition', 'attachment; filename="session-lab.har"');
    ctx.body = toHar(deps.exchanges(), `${ctx.protocol}://${ctx.host}`, deps.version);
  });

  router.get('/events', (ctx) => {
    const header = ctx.get('Last-Event-ID') || String(ctx.query.lastEventId ?? '');
    const lastEventId = /^\d+$/.test(header) ? Number(header) : undefined;
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const stream = new SseBatch();
    stream.write('retry: 2000\n\n');
    const detach = hub.attach(stream, lastEventId);
    ctx.req.once('close', () => {
      detach();
      stream.end();
    });
    ctx.status = 200;
    ctx.body = stream;
  });

  return router;
}
