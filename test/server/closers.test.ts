import { describe, expect, it } from 'vitest';
import { Closers } from '../../server/closers.ts';

describe('Closers', () => {
  it('runs every closer once, newest first, and a failing one does not stop the rest', async () => {
    const ran: string[] = [];
    const closers = new Closers();
    closers.add(() => ran.push('evil origin'));
    closers.add(async () => {
      ran.push('load');
      throw new Error('the child would not stop');
    });
    closers.add(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ran.push('instance B');
    });
    const failures = await closers.closeAll();
    expect(ran).toEqual(['instance B', 'load', 'evil origin']);
    expect(failures).toEqual([new Error('the child would not stop')]);
    expect(await closers.closeAll()).toEqual([]);
    expect(ran).toHaveLength(3);
  });

  it('runs a closer added after the close at once', async () => {
    const closers = new Closers();
    await closers.closeAll();
    const late = new Promise<string>((resolve) => closers.add(() => resolve('closed')));
    expect(await late).toBe('closed');
  });
});
