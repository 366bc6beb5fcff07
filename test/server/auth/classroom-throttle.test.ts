import { describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../../server/accounts/password.ts';
import type { Config } from '../../../server/config.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useAppPerTest } from '../../support/lab-server.ts';
import { TEST_PASSWORDS } from '../../support/test-app.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { scanAll } from '../../support/scan-all.ts';

const CLASS = 30;

/**
 * The tests' scrypt, holding every password check until each of the class's logins has either reached its own
 * check or been answered: all of them are in flight at once, whatever the machine's speed.
 */
class ClassroomHasher extends PasswordHasher {
  entered = 0;
  answered = 0;
  #open!: () => void;
  readonly #allIn = new Promise<void>((resolve) => (this.#open = resolve));

  constructor() {
    super({ N: 1_024, r: 8, p: 1 });
  }

  /** Counts one answered login (a 429 never reaches the check). */
  answer(): void {
    this.answered++;
    this.#check();
  }

  override async verify(password: string, stored: string): Promise<boolean> {
    this.entered++;
    this.#check();
    await this.#allIn;
    return super.verify(password, stored);
  }

  #check(): void {
    if (this.entered + this.answered >= CLASS) this.#open();
  }
}

describe.each(BACKENDS_WITH_CLUSTER)('a classroom behind one address on $name', (backend) => {
  const app = useAppPerTest(backend);

  async function start(config: Partial<Config>, passwords: PasswordHasher = TEST_PASSWORDS): Promise<string> {
    await app.start({ config, passwords }, async (t) => {
      for (let i = 0; i < CLASS; i++) {
        t.accounts.create({
          username: `student${i}`,
          email: `student${i}@session-lab.test`,
          role: 'user',
          passwordHash: await TEST_PASSWORDS.hash(`student${i}-pass`),
        });
      }
    });
    return app.served.url;
  }

  it(`signs in ${CLASS} students at once from one address with the default limits (all 200)`, async () => {
    const hasher = new ClassroomHasher();
    const url = await start({}, hasher);
    const logins = await Promise.all(
      Array.from({ length: CLASS }, (_, i) =>
        new LabClient(url).login(`student${i}`, `student${i}-pass`).then((res) => {
          hasher.answer();
          return res;
        }),
      ),
    );
    expect(logins.map((res) => res.status)).toEqual(Array.from({ length: CLASS }, () => 200));
    // Every login was in its password check at the same time: all of them counted for the address at once.
    expect(hasher.entered).toBe(CLASS);
    // Each success gave the address its attempt back.
    const [ipKey] = await scanAll(app.t.store, 'sl:throttle:ip:*');
    expect(ipKey === undefined || (await app.t.store.get(ipKey)) === '0').toBe(true);
  });

  it('still stops a guessing run at one user with the per-username limit', async () => {
    const url = await start({});
    const guesses = await Promise.all(
      Array.from({ length: 12 }, () => new LabClient(url).login('student0', 'wrong-password')),
    );
    expect(guesses.filter((res) => res.status === 401)).toHaveLength(5);
    const refused = guesses.filter((res) => res.status === 429);
    expect(refused).toHaveLength(7);
    expect(refused[0]!.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    // The right password is refused too until the window ends; another student at the same address signs in.
    expect((await new LabClient(url).login('student0', 'student0-pass')).status).toBe(429);
    expect((await new LabClient(url).login('student1', 'student1-pass')).status).toBe(200);
    expect(await app.t.store.get('sl:throttle:user:student0')).toBe('13');
    expect(await app.t.store.pttl('sl:throttle:user:student0')).toBeGreaterThan(0);
  });

  it('stops a spray over many users from one address with the per-address limit', async () => {
    const url = await start({ loginMaxPerAddress: 20 });
    const spray = await Promise.all(
      Array.from({ length: CLASS }, (_, i) => new LabClient(url).login(`student${i}`, 'Winter2026!')),
    );
    // One guess per user: no username reaches its own limit, the address does.
    expect(spray.filter((res) => res.status === 401)).toHaveLength(20);
    const refused = spray.filter((res) => res.status === 429);
    expect(refused).toHaveLength(CLASS - 20);
    expect(refused[0]!.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    // Even a right password from that address waits for the window now.
    expect((await new LabClient(url).login('student0', 'student0-pass')).status).toBe(429);
    const [ipKey] = await scanAll(app.t.store, 'sl:throttle:ip:*');
    expect(Number(await app.t.store.get(ipKey!))).toBe(CLASS + 1);
    expect(await app.t.store.pttl(ipKey!)).toBeGreaterThan(0);
    const audit = app.t.accounts.db.prepare("SELECT detail FROM audit_events WHERE event = 'throttled'").all() as {
      detail: string;
    }[];
    expect(audit.map((row) => row.detail)).toEqual([ipKey]);
  });
});
