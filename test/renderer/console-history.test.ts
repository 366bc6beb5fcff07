import { describe, expect, it } from 'vitest';
import { HISTORY_SIZE, remember, step, type Recall } from '../../renderer/src/console/console-history.ts';

describe("the console's ↑/↓ history", () => {
  it('remembers lines oldest first, a repeated line once, blank ones never, the last 100', () => {
    expect(remember(['GET sl:a'], 'GET sl:a')).toEqual(['GET sl:a']);
    expect(remember(['GET sl:a'], '   ')).toEqual(['GET sl:a']);
    expect(remember(['GET sl:a', 'PING'], 'GET sl:a')).toEqual(['GET sl:a', 'PING', 'GET sl:a']);
    const many = Array.from({ length: HISTORY_SIZE + 5 }, (_, i) => `PING ${i}`).reduce<string[]>(remember, []);
    expect(many).toHaveLength(HISTORY_SIZE);
    expect(many[0]).toBe('PING 5');
  });

  it('walks back from the line being typed, stops at the oldest, and comes back to it', () => {
    const lines = ['one', 'two', 'three'];
    let recall: Recall = { position: null, draft: '' };
    const press = (typed: string, direction: -1 | 1) => {
      const moved = step(lines, recall, typed, direction);
      recall = { position: moved.position, draft: moved.draft };
      return moved.text;
    };
    expect(press('draft', 1)).toBe('draft');
    expect(press('draft', -1)).toBe('three');
    expect(press('three', -1)).toBe('two');
    expect(press('two', -1)).toBe('one');
    expect(press('one', -1)).toBe('one');
    expect(press('one', 1)).toBe('two');
    expect(press('two', 1)).toBe('three');
    expect(press('three', 1)).toBe('draft');
    expect(recall.position).toBeNull();
    expect(step([], recall, 'x', -1).text).toBe('x');
  });
});
