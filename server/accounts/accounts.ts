import Database from 'better-sqlite3';
import { migrateAccounts, newAccountKey } from './accounts-schema.ts';
import { UsernameTakenError } from '../errors.ts';
import type { Role, UserView } from '../../shared/api/users.ts';

/** A user row, with its secrets: never sent as is. */
export interface UserRecord {
  /** Never given to another user, even after this one is deleted. */
  id: number;
  /** 128 random bits made with the account and never changed: every credential carries it (see accounts-schema.ts). */
  accountKey: string;
  username: string;
  email: string;
  role: Role;
  passwordHash: string;
  totpSecret: string | null;
  disabled: boolean;
  demo: boolean;
  createdAt: number;
  updatedAt: number;
}

interface UserRow {
  id: number;
  account_key: string;
  username: string;
  email: string;
  role: Role;
  password_hash: string;
  totp_secret: string | null;
  disabled: number;
  demo: number;
  created_at: number;
  updated_at: number;
}

/** The fields an update may change. */
export type UserChanges = Partial<
  Pick<UserRecord, 'email' | 'role' | 'passwordHash' | 'totpSecret' | 'disabled' | 'demo'>
>;

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    accountKey: row.account_key,
    username: row.username,
    email: row.email,
    role: row.role,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    disabled: row.disabled === 1,
    demo: row.demo === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A user id as text (a path parameter, a token's `sub`), parsed strictly: plain decimal digits of a safe integer, else null. */
export function parseUserId(text: unknown): number | null {
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,14}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** What the API shows of a user. */
export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    mfaEnabled: user.totpSecret !== null,
    disabled: user.disabled,
    demo: user.demo,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/**
 * The users table of the accounts database. Every change goes through this object, so users read by
 * id (once per authenticated request) are kept in memory and forgotten when they change.
 */
export class Accounts {
  readonly db: Database.Database;
  readonly #byId = new Map<number, UserRecord>();
  readonly #now: () => number;
  readonly #sql;

  constructor(file: string, now: () => number = Date.now) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 1000');
    migrateAccounts(this.db);
    this.#now = now;
    this.#sql = {
      byName: this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
      byId: this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?'),
      page: this.db.prepare<[number, number], UserRow>('SELECT * FROM users ORDER BY id LIMIT ? OFFSET ?'),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
      insert: this.db.prepare<[string, string, string, Role, string, number, number, number]>(
        'INSERT INTO users (account_key, username, email, role, password_hash, demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      remove: this.db.prepare<[number]>('DELETE FROM users WHERE id = ?'),
    };
  }

  /** The user with this username, whatever its case. */
  findByUsername(username: string): UserRecord | undefined {
    const row = this.#sql.byName.get(username);
    return row && toRecord(row);
  }

  /** The user with this id (ids are never reused: a deleted user's id finds nobody). */
  findById(id: number): UserRecord | undefined {
    const cached = this.#byId.get(id);
    if (cached) return cached;
    const row = this.#sql.byId.get(id);
    const user = row && toRecord(row);
    if (user) this.#byId.set(id, user);
    return user;
  }

  /**
   * The account a credential names by its id and its key (`acct`): the user, only while it exists and is that very
   * account. The one rule every credential (session, access token, refresh token) is checked by.
   */
  findAccount(id: number, accountKey: unknown): UserRecord | undefined {
    const user = this.findById(id);
    return user && user.accountKey === accountKey ? user : undefined;
  }

  /** One page of users in id order, and how many there are. */
  list(page: number, pageSize: number): { users: UserRecord[]; total: number } {
    return { users: this.#sql.page.all(pageSize, (page - 1) * pageSize).map(toRecord), total: this.count() };
  }

  /** How many users exist. */
  count(): number {
    return this.#sql.count.get()!.n;
  }

  /** Adds a user; a username taken in any case is a {@link UsernameTakenError}. */
  create(user: { username: string; email: string; role: Role; passwordHash: string; demo?: boolean }): UserRecord {
    const now = this.#now();
    try {
      const { lastInsertRowid } = this.#sql.insert.run(
        newAccountKey(),
        user.username,
        user.email,
        user.role,
        user.passwordHash,
        user.demo ? 1 : 0,
        now,
        now,
      );
      return this.findById(Number(lastInsertRowid))!;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new UsernameTakenError(`The username "${user.username}" is taken`);
      throw error;
    }
  }

  /** Changes some fields of a user; returns the updated user, or undefined when there is none. */
  update(id: number, changes: UserChanges): UserRecord | undefined {
    const columns: Record<keyof UserChanges, string> = {
      email: 'email',
      role: 'role',
      passwordHash: 'password_hash',
      totpSecret: 'totp_secret',
      disabled: 'disabled',
      demo: 'demo',
    };
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [
      keyof UserChanges,
      unknown,
    ][];
    const sets = entries.map(([key]) => `${columns[key]} = ?`).concat('updated_at = ?');
    const values = entries.map(([, value]) => (typeof value === 'boolean' ? Number(value) : value)).concat(this.#now());
    this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    this.#byId.delete(id);
    return this.findById(id);
  }

  /** Deletes a user; false when there was none. Their id is never given to another user. */
  delete(id: number): boolean {
    this.#byId.delete(id);
    return this.#sql.remove.run(id).changes > 0;
  }

  /** The demo accounts still as made (their password unchanged), in id order. */
  demoUsers(): UserRecord[] {
    return this.db.prepare<[], UserRow>('SELECT * FROM users WHERE demo = 1 ORDER BY id').all().map(toRecord);
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}
