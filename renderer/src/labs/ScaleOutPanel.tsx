import { useEffect } from 'react';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { secondInstanceStatusSchema, type SecondInstanceStatus } from '../../../shared/api/lab-scale-out.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { api } from '../api/client.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import { errorCode } from './evidence.ts';
import type { LabContext } from './lab-types.ts';

/** How many of B's answers the panel lists. */
const SHOWN_ANSWERS = 6;

/** Instance B's state as the newest answer of the second-instance route in the exchange log says it, or null. */
export function instanceStatus(exchanges: readonly HttpEvent[]): SecondInstanceStatus | null {
  // The log is newest first.
  for (const exchange of exchanges) {
    if (exchange.path !== API_PATHS.labSecondInstance || exchange.status !== 200 || exchange.instance) continue;
    try {
      const parsed = secondInstanceStatusSchema.safeParse(JSON.parse(exchange.responseBody ?? 'null'));
      if (parsed.success) return parsed.data;
    } catch {
      // A cut body says nothing.
    }
  }
  return null;
}

function storeName(kind: 'redis' | 'sqlite' | undefined): string {
  return kind === 'redis' ? 'Redis' : kind === 'sqlite' ? 'the embedded store (SQLite file)' : 'the store';
}

/** Lab 9's picture: the two instances and the store(s) behind them, and B's latest answers, all from the inspector's stream. */
export function ScaleOutPanel({ context }: { context: LabContext }) {
  const { exchanges, metrics } = useInspector();
  // Asking once puts B's state in the exchange log, which is where the panel reads it.
  useEffect(() => {
    api.labSecondInstance.status(context.labKey).catch(() => {});
  }, [context.labKey]);
  const status = instanceStatus(exchanges);
  const running = status?.running === true;
  const shared = running && status.store === 'shared';
  const store = storeName(metrics?.storeKind);
  const answers = exchanges.filter((exchange) => exchange.instance).slice(0, SHOWN_ANSWERS);
  return (
    <section className="scale-out-panel" aria-label="Instances" data-testid="scale-out-panel">
      <h4>Instances</h4>
      <div className="topology">
        <div className="node client">this window: the cookie and the token go to the instance the lab picks</div>
        <div className="node instance">
          <strong>A</strong> {window.location.host}
          <span className="muted"> this server</span>
        </div>
        <div className={running ? 'node instance' : 'node instance off'} data-testid="instance-b">
          <strong>B</strong> {running ? `127.0.0.1:${status.port}` : 'not running'}
          {running && <span className="muted"> the same app, again</span>}
        </div>
        {shared ? (
          <div className="node store wide" data-testid="store-shared">
            {store}, shared by A and B
          </div>
        ) : (
          <>
            <div className="node store">{store}</div>
            <div className={running ? 'node store memory' : 'node store off'} data-testid="store-b">
              {running ? 'B’s own memory (:memory:), which A never wrote to' : '—'}
            </div>
          </>
        )}
      </div>
      <h5>B’s latest answers</h5>
      {answers.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="instance-answers" data-testid="instance-answers">
          {answers.map((exchange) => {
            const code = errorCode(exchange);
            return (
              <li key={exchange.id}>
                <span className="muted">#{exchange.id}</span> {exchange.method} {exchange.path} →{' '}
                <span className={exchange.status >= 400 ? 'status bad' : 'status'}>
                  {exchange.status}
                  {code ? ` ${code}` : ''}
                </span>{' '}
                <span className="muted">({exchange.instance!.store === 'shared' ? 'shared store' : 'own memory'})</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
