import { FeedStore } from './feed-store.ts';
import type { ExpireCondition, SetOptions, WriteOp, WriteResult } from './types.ts';

/**
 * A store whose writes are ops: each write of the store contract is made into its {@link WriteOp} here, once, and
 * handed to the backend's `writeOne`, which validates, runs and announces it (the embedded store in one SQLite
 * transaction, Redis as one command). `del` is each backend's own (several keys at once).
 */
export abstract class OpStore extends FeedStore {
  /** Runs one write op and announces it; its result as the store contract types it. */
  protected abstract writeOne(op: WriteOp): Promise<WriteResult>;

  set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    return this.writeOne({ op: 'set', key, value, ...options }) as Promise<boolean>;
  }

  pexpire(key: string, ms: number, when?: ExpireCondition): Promise<boolean> {
    return this.writeOne(when ? { op: 'pexpire', key, ms, when } : { op: 'pexpire', key, ms }) as Promise<boolean>;
  }

  incr(key: string, by?: number): Promise<number> {
    return this.writeOne(by === undefined ? { op: 'incr', key } : { op: 'incr', key, by }) as Promise<number>;
  }

  persist(key: string): Promise<boolean> {
    return this.writeOne({ op: 'persist', key }) as Promise<boolean>;
  }

  sadd(key: string, ...members: string[]): Promise<number> {
    return this.writeOne({ op: 'sadd', key, members }) as Promise<number>;
  }

  srem(key: string, ...members: string[]): Promise<number> {
    return this.writeOne({ op: 'srem', key, members }) as Promise<number>;
  }

  zadd(key: string, score: number, member: string): Promise<number> {
    return this.writeOne({ op: 'zadd', key, entries: [{ score, member }] }) as Promise<number>;
  }

  zrem(key: string, ...members: string[]): Promise<number> {
    return this.writeOne({ op: 'zrem', key, members }) as Promise<number>;
  }
}
