import { describe, expect, it } from 'vitest';
import { consoleResponseSchema } from '../../../shared/api/inspector-console.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { useRedisTestApp } from '../../support/redis-test-app.ts';
import { REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { openSse } from '../../support/sse-client.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';

const PATH = '/api/v1/inspector/console';
const asWindow = { 'X-Lab-Key': TEST_LAB_KEY };

describe.each(BACKENDS_WITH_CLUSTER)('the console route (POST /api/v1/inspector/console) on $name', (backend) => {
  const lab = useLabServer(backend);
  const agent = () => new LabClient(lab.served.url).agent;
  const run = async (command: string) => {
    const res = await agent().post(PATH).set(asWindow).send({ command });
    expect(res.status, command).toBe(200);
    return consoleResponseSchema.parse(res.body);
  };

  it("needs this launch's lab key in its header (never in the query), and refuses bad bodies with 400", async () => {
    for (const res of [
      await agent().post(PATH).send({ command: 'DBSIZE' }),
      await agent().post(PATH).set('X-Lab-Key', 'wrong').send({ command: 'DBSIZE' }),
      await agent().post(`${PATH}?labKey=${TEST_LAB_KEY}`).send({ command: 'DBSIZE' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    for (const body of [
      {},
      { command: '' },
      { command: 1 },
      { command: ['GET', 'sl:a'] },
      { command: 'x'.repeat(8_193) },
      { command: 'PING', extra: 1 },
    ]) {
      const res = await agent().post(PATH).set(asWindow).send(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
    const notJson = await agent().post(PATH).set(asWindow).set('Content-Type', 'application/json').send('{command');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_JSON');
  });

  it("runs a line on the app's store: its changes reach the event stream as typed in the console, its answers are redis-cli's", async () => {
    const stream = await openSse(`${lab.served.url}/api/v1/inspector/events?labKey=${TEST_LAB_KEY}`);
    try {
      expect(await run('SET sl:console:route "a b" PX 90000')).toEqual({
        command: 'SET sl:console:route "a b" PX 90000',
        output: 'OK',
        error: false,
      });
      const set = await waitFor('the SET on the stream', () =>
        stream.events.find((e) => e.type === 'key' && e.data.key === 'sl:console:route' && e.data.op === 'set'),
      );
      expect(set.data).toMatchObject({ cause: 'console', pttl: 90_000 });
      expect(String(set.data.command)).toBe(backend.command("SET sl:console:route 'a b' PX 90000"));
      expect((await run('GET sl:console:route')).output).toBe('"a b"');
      // A read changes nothing (no key event) and no exchange made it: it comes as a read of its own, the console's.
      const read = await waitFor('the GET on the stream', () =>
        stream.events.find((e) => e.type === 'read' && e.data.key === 'sl:console:route'),
      );
      expect(read.data).toMatchObject({ cause: 'console', command: backend.command('GET sl:console:route') });
      expect(await run('GET nope')).toMatchObject({
        error: true,
        output: expect.stringMatching(/^\(error\) ERR this console/),
      });
      expect((await run('DEL sl:console:route')).output).toBe('(integer) 1');
      const del = await waitFor('the DEL on the stream', () =>
        stream.events.find((e) => e.type === 'key' && e.data.key === 'sl:console:route' && e.data.op === 'del'),
      );
      expect(del.data.cause).toBe('console');
      // The console's requests are the inspector's own: never recorded as exchanges.
      expect(stream.events.some((e) => e.type === 'http' && String(e.data.path).includes('/inspector/'))).toBe(false);
    } finally {
      stream.close();
    }
  });

  it("answers MEMORY USAGE with Redis' own figure on Redis, and with the value's bytes, labelled, on the embedded store", async () => {
    await run('SET sl:console:memory 0123456789');
    const answer = await run('MEMORY USAGE sl:console:memory');
    if (backend.name === 'sqlite')
      expect(answer.output).toBe(
        "(integer) 10\n(embedded store: the bytes of the value alone, its length or its members' lengths; Redis would add its own bookkeeping)",
      );
    else {
      // Redis counts its own bookkeeping besides the 10 bytes (64 bytes or so on Redis 7).
      const bytes = Number(/^\(integer\) (\d+)$/.exec(answer.output)?.[1]);
      expect(bytes).toBeGreaterThan(10);
    }
    await run('DEL sl:console:memory');
  });
});

describe.runIf(REDIS_SERVER_BIN)('the console while Redis is down', () => {
  const app = useRedisTestApp(REDIS_SERVER_BIN!);

  it('answers 503 STORE_UNAVAILABLE, and works again once Redis is back', async () => {
    const agent = () => new LabClient(app.served.url).agent;
    await app.redis.kill();
    await waitFor('the outage to be seen', () => (app.t.store.status().connected ? undefined : true));
    for (const command of ['GET sl:a', 'SET sl:a b', 'DBSIZE', 'SCAN 0']) {
      const during = await agent().post(PATH).set(asWindow).send({ command });
      expect(during.status, command).toBe(503);
      expect(during.body.error.code).toBe('STORE_UNAVAILABLE');
    }
    // What needs no store still answers.
    expect((await agent().post(PATH).set(asWindow).send({ command: 'FLUSHALL' })).body.error).toBe(true);
    await app.redis.restart();
    await waitFor('the store back', () => (app.t.store.status().connected ? true : undefined), 10_000);
    const after = await agent().post(PATH).set(asWindow).send({ command: 'SET sl:a b' });
    expect(after.status).toBe(200);
    expect(after.body.output).toBe('OK');
  });
});
