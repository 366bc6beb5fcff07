import { describe, expect, it } from 'vitest';
import {
  firstStepNotDone,
  START_HERE_STEPS,
  START_HERE_STORAGE_KEY,
  StartHereState,
  startHereWanted,
} from '../../renderer/src/start-here/start-here.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
    key: () => null,
    get length() {
      return items.size;
    },
  };
}

describe('the Start here guide', () => {
  it('has 3 to 5 short steps: the two logins, the inspector and the labs', () => {
    expect(START_HERE_STEPS.length).toBeGreaterThanOrEqual(3);
    expect(START_HERE_STEPS.length).toBeLessThanOrEqual(5);
    const titles = START_HERE_STEPS.map((step) => step.title).join(' | ');
    expect(titles).toMatch(/cookie.*token.*Inspector.*labs/is);
    for (const step of START_HERE_STEPS) expect(step.text.length, step.title).toBeLessThan(240);
    expect(START_HERE_STEPS.map((step) => step.target)).toEqual([
      { testId: 'cookie-panel' },
      { testId: 'token-panel' },
      { tab: 'Inspector' },
      { tab: 'Labs' },
    ]);
  });

  it('moves past the steps whose login is done, one after the other, and always keeps the last', () => {
    expect(firstStepNotDone(0, new Set())).toBe(0);
    expect(firstStepNotDone(0, new Set(['cookie-signed-in']))).toBe(1);
    expect(firstStepNotDone(0, new Set(['cookie-signed-in', 'token-held']))).toBe(2);
    // A token alone does not pass the cookie's step: the guide goes in order.
    expect(firstStepNotDone(0, new Set(['token-held']))).toBe(0);
    expect(firstStepNotDone(1, new Set(['token-held']))).toBe(2);
    expect(firstStepNotDone(3, new Set(['cookie-signed-in', 'token-held']))).toBe(3);
  });

  it('opens on first run, stays closed once skipped (in the same storage), and opens again when asked', () => {
    const storage = memoryStorage();
    const first = new StartHereState(storage);
    expect(first.open).toBe(true);
    let told = 0;
    first.subscribe(() => told++);
    first.close();
    expect(first.open).toBe(false);
    expect(told).toBe(1);
    expect(storage.getItem(START_HERE_STORAGE_KEY)).toBe('done');
    // A reload: a new page reads the same storage.
    const reloaded = new StartHereState(storage);
    expect(reloaded.open).toBe(false);
    reloaded.show();
    expect(reloaded.open).toBe(true);
  });

  it('still works when the storage refuses (private mode): it shows, and skipping closes it for this page', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    } as unknown as Storage;
    expect(startHereWanted(refusing)).toBe(true);
    const state = new StartHereState(refusing);
    state.close();
    expect(state.open).toBe(false);
    expect(startHereWanted(null)).toBe(true);
  });
});
