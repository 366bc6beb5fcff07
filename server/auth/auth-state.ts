import type { UserRecord } from '../accounts/accounts.ts';
import type { SessionKeyUnknownError, SessionUnreadableError } from '../errors.ts';
import type { SessionRecord } from './session-record.ts';

/** Who a request is, once its credential checked out. */
export interface AuthState {
  user: UserRecord;
  /** The session id behind the cookie. */
  sid: string;
  /** The live session (koa-session's object: changing it changes what is saved). */
  record: SessionRecord;
  /** The session's CSRF token, derived from its id (never stored). */
  csrfToken: string;
}

declare module 'koa' {
  interface DefaultState {
    /** Set when a valid session cookie came with the request. */
    auth?: AuthState;
    /** The session id koa-session works with in this request (the cookie's, or a newly generated one). */
    sid?: string;
    /** The id a well-signed cookie brought, whether or not its session still exists. */
    cookieSid?: string;
    /** Set by a login: the session being saved is new, so it also joins its user's index. */
    sessionIsNew?: boolean;
    /** The user a new session id is made for (its id begins with the user's tag). */
    sessionOwner?: number;
    /** Set once a route has saved the session itself (a login's regenerate): nothing left to commit. */
    sessionCommitted?: boolean;
    /** Why the session cookie was refused, when it was. */
    cookieProblem?: string;
    /** Why the cookie's session record was refused, when it is encrypted and did not decrypt (it is kept, never trusted). */
    sessionProblem?: SessionUnreadableError | SessionKeyUnknownError;
  }
}
