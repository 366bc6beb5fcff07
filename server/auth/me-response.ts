import { toUserView, type UserRecord } from '../accounts/accounts.ts';
import { hashSid } from '../accounts/audit-log.ts';
import type { Config } from '../config.ts';
import type { SessionRecord } from './session-record.ts';
import type { MeResponse } from '../../shared/api/session.ts';

/** The user and the session's metadata, as `GET /api/v1/session/me` and a login answer them. */
export function meResponse(user: UserRecord, sid: string, record: SessionRecord, config: Config): MeResponse {
  return {
    user: toUserView(user),
    session: {
      id: hashSid(sid),
      state: record.state,
      createdAt: record.createdAt,
      lastSeenAt: record.lastSeenAt,
      idleExpiresAt: Math.min(record.lastSeenAt + config.sessionIdleTtlMs, record.absoluteExpiresAt),
      absoluteExpiresAt: record.absoluteExpiresAt,
      mfaVerified: record.mfaVerified,
      csrfToken: record.csrf,
    },
  };
}
