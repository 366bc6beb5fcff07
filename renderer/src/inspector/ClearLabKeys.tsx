import { useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { clearedText } from './clear-keys-words.ts';
import { useInspectorHandle } from './inspector-context.ts';
import './clear-lab-keys.css';

/**
 * "Clear lab keys": removes what earlier labs left in the store (denylist entries, refresh tokens, attempt counters)
 * and says how many it removed, by kind. No confirmation: the label and the line beside it say exactly what goes and
 * what stays; each deletion shows in the command log like any other.
 */
export function ClearLabKeys() {
  const { labKey } = useInspectorHandle();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const clear = async () => {
    setBusy(true);
    try {
      setResult(clearedText(await api.lab.clearKeys(labKey)));
      setError(null);
    } catch (caught) {
      setResult(null);
      setError(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="clear-lab-keys">
      <button type="button" className="small" onClick={() => void clear()} disabled={busy} data-testid="clear-lab-keys">
        {busy ? 'Clearing…' : 'Clear lab keys'}
      </button>{' '}
      <span role="status" data-testid="clear-lab-keys-result">
        {result}
      </span>
      {!result && (
        <span className="muted">deletes leftover denylist, refresh and throttle keys; sessions and accounts stay</span>
      )}
      <ErrorNote error={error} testId="clear-lab-keys-error" />
    </div>
  );
}
