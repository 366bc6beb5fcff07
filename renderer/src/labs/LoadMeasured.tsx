import type { LoadEvent } from '../../../shared/api/lab-load.ts';
import { measuredWords } from './load-words.ts';

/** Beside the figures: what each check measured, and that the figures are the checks' own cost. */
export function LoadMeasured({ latest }: { latest: LoadEvent }) {
  const words = measuredWords(latest.conditions);
  const checks = (['session', 'token'] as const).filter((target) => latest.totals[target] !== undefined);
  return (
    <div className="load-measured" data-testid="load-measured">
      <ul>
        {checks.map((target) => (
          <li key={target} data-testid={`load-measured-${target}`}>
            <strong>{target === 'session' ? 'Session check' : 'Token check'}:</strong> {words[target]}.
          </li>
        ))}
      </ul>
      <p className="muted">
        Counted, not recorded: each request ran the check alone, without the app’s own work for pages (recording,
        security headers, the Host/Origin guard, routing), so these are the mechanism’s costs.
      </p>
    </div>
  );
}
