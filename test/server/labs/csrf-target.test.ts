import { describe, expect, it } from 'vitest';
import { csrfDefencesResponseSchema } from '../../../shared/api/lab-attacks.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

const TRANSFER = '/api/v1/lab/csrf/transfer';
const DEFENCES = '/api/v1/lab/csrf/defences';

describe("the CSRF lab's target and its switches (lab 6)", () => {
  const lab = useLabServer();
  const evil = 'http://127.0.0.1:1';
  /** A form post as a page on `origin` sends it: the browser's cookies, that Origin, no CSRF header. */
  const forged = (client: LabClient, origin: string, form = 'to=mallory&amount=1000') =>
    client.agent.post(TRANSFER).set('Origin', origin).type('form').send(form);
  const switchTo = (client: LabClient, change: object) =>
    client.agent.put(DEFENCES).set('X-Lab-Key', TEST_LAB_KEY).set('Origin', client.url).send(change);
  const restore = (client: LabClient) =>
    client.agent.delete(DEFENCES).set('X-Lab-Key', TEST_LAB_KEY).set('Origin', client.url);

  it('switches are for the lab window only; bad switch input is 400; DELETE restores every defence', async () => {
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    for (const res of [
      await alice.get(DEFENCES),
      await alice.put(DEFENCES, { originCheck: false }),
      await alice.delete(DEFENCES),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    const bad = await switchTo(alice, { originCheck: 'no' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await switchTo(alice, { sameSite: 'none' })).body.error.code).toBe('VALIDATION_FAILED');
    expect(
      csrfDefencesResponseSchema.parse((await switchTo(alice, { originCheck: false, csrfToken: false })).body),
    ).toEqual({ originCheck: false, csrfToken: false, sameSite: 'lax' });
    expect(csrfDefencesResponseSchema.parse((await restore(alice)).body)).toEqual({
      originCheck: true,
      csrfToken: true,
      sameSite: 'lax',
    });
  });

  it('a forged form is refused by each defence in turn, and goes through with all of them off', async () => {
    const alice = new LabClient(lab.served.url);
    // No cookie came (what SameSite does for a cross-site form): nothing to act for.
    const anonymous = await forged(alice, evil);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('NOT_AUTHENTICATED');
    await alice.login('alice', 'alice-lab-pass');
    const byOrigin = await forged(alice, evil);
    expect(byOrigin.status).toBe(403);
    expect(byOrigin.body.error.code).toBe('FORBIDDEN_ORIGIN');
    await switchTo(alice, { originCheck: false });
    const byToken = await forged(alice, evil);
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.code).toBe('CSRF_FAILED');
    await switchTo(alice, { csrfToken: false });
    const through = await forged(alice, evil);
    expect(through.status).toBe(200);
    expect(through.body.transferred).toEqual({ from: 'alice', to: 'mallory', amount: 1000 });
    const badForm = await forged(alice, evil, 'to=&amount=lots');
    expect(badForm.status).toBe(400);
    expect(badForm.body.error.code).toBe('VALIDATION_FAILED');
    await restore(alice);
    // The app's own page, with the token (header or form field), passes every defence.
    const own = await alice.post(TRANSFER).type('form').send('to=bob&amount=5');
    expect(own.status).toBe(200);
    const field = await alice.agent
      .post(TRANSFER)
      .set('Origin', alice.url)
      .type('form')
      .send(`to=bob&amount=5&csrf_token=${encodeURIComponent(alice.csrf)}`);
    expect(field.status).toBe(200);
    expect((await forged(alice, evil)).body.error.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('takes a form on its own path only: the real routes still refuse forms and foreign Origins', async () => {
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    await switchTo(alice, { originCheck: false, csrfToken: false });
    try {
      const form = await alice.agent
        .post('/api/v1/session/logout')
        .set('Origin', alice.url)
        .set('X-CSRF-Token', alice.csrf)
        .type('form')
        .send('a=1');
      expect(form.status).toBe(415);
      expect(form.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const foreign = await alice.agent
        .post('/api/v1/session/logout')
        .set('Origin', evil)
        .set('X-CSRF-Token', alice.csrf);
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.code).toBe('FORBIDDEN_ORIGIN');
      // Another spelling of the target is not the target: the host guard's Origin check applies.
      const spelled = await alice.agent.post(`${TRANSFER}/`).set('Origin', evil).type('form').send('to=m&amount=1');
      expect(spelled.status).toBe(403);
      expect(spelled.body.error.code).toBe('FORBIDDEN_ORIGIN');
      const json = await alice.agent.post(TRANSFER).set('Origin', evil).send({ to: 'mallory', amount: '1' });
      expect(json.status).toBe(200);
    } finally {
      await restore(alice);
    }
  });
});
