import { useNow } from '../hooks/use-now.ts';
import { useOwnTokenKeys } from '../hooks/use-own-token-keys.ts';
import { useTokenSettings } from '../hooks/use-token-settings.ts';
import type { HeldToken } from '../hooks/use-token-session.ts';
import { tokenStoreLines } from './token-store-words.ts';
import './token-in-store.css';

/** A long key name cut for the panel (the whole name in its tooltip). */
const shortKey = (key: string) => (key.length > 34 ? `${key.slice(0, 33)}…` : key);

/**
 * What the store says about the token this window holds, kept in step with it: on the denylist or not, its login
 * revoked or not, its refresh token and family there (with the time their TTLs leave) or gone. The token itself never
 * changes: this is the server's side of the story. Shown only with the lab key (it reads through the inspector).
 */
export function TokenInStore({ held, labKey }: { held: HeldToken; labKey: string | null }) {
  const own = useOwnTokenKeys(held, labKey);
  const { settings } = useTokenSettings(labKey);
  const now = useNow(500);
  if (!own) return null;
  const lines = tokenStoreLines(own.keys, own.states, settings ? settings.denylist === 'on' : null, now);
  return (
    <section className="token-in-store" aria-label="This token in the store" data-testid="token-in-store">
      <h4>
        This token in the store <span className="muted">(read again whenever one of its keys changes)</span>
      </h4>
      <dl>
        {lines.map((line) => (
          <div
            key={line.id}
            className={`store-line tone-${line.tone}`}
            data-testid={`token-store-${line.id}`}
            data-state={line.state}
          >
            <dt>{line.label}</dt>
            <dd>
              <strong data-testid={`token-store-${line.id}-status`}>{line.status}</strong>
              {line.meaning && <> — {line.meaning}</>}{' '}
              <code className="muted" title={line.key}>
                {shortKey(line.key)}
              </code>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
