import { toUserView, type UserRecord } from '../accounts/accounts.ts';
import { hashSid } from '../accounts/audit-log.ts';
import type { SessionRecord } from './session-record.ts';
import type { MeResponse } from '../../shared/api/session.ts';

/** The user and the session's metadata, as `GET /api/v1/session/me` and a login answer them. */
export function meResponse(
  user: UserRecord,
  sid: string,
  record: SessionRecord,
  csrfToken: string,
  idleTtlMs: number,
): MeResponse {
  return {
    user: toUserView(user),
    session: {
      id: hashSid(sid),
      state: record.state,
      createdAt: record.created,
      lastSeenAt: record.seen,
      // A remembered session has no idle timeout: its key lives to its end.
      idleExpiresAt: record.remember === true ? record.until : Math.min(record.seen + idleTtlMs, record.until),
      absoluteExpiresAt: record.until,
      remembered: record.remember === true,
      mfaVerified: record.mfa,
      csrfToken,
    },
  };
}
