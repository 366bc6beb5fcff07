import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import type { ChangedSwitch } from '../../../shared/api/lab-switches.ts';

/**
 * While any run-time switch differs from how this launch started (a lab, or the token panel's switches, changed it),
 * a banner names each, with one button that puts them all back. It asks the server again whenever this window
 * changes something under /api/v1/lab/.
 */
export function SwitchesBanner({ labKey }: { labKey: string | null }) {
  const { exchanges } = useInspector();
  const [changed, setChanged] = useState<ChangedSwitch[]>([]);
  const [restoring, setRestoring] = useState(false);
  const lastLabChange = exchanges.find(
    (exchange) => exchange.method !== 'GET' && exchange.path.startsWith('/api/v1/lab/'),
  );
  const trigger = lastLabChange?.id ?? 0;
  useEffect(() => {
    if (!labKey) return;
    let live = true;
    api.labSwitches.read(labKey).then(
      (answer) => live && setChanged(answer.changed),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [labKey, trigger]);
  if (changed.length === 0) return null;
  const restore = async () => {
    setRestoring(true);
    try {
      setChanged((await api.labSwitches.restore(labKey)).changed);
    } finally {
      setRestoring(false);
    }
  };
  return (
    <div className="switches-banner" role="status" data-testid="switches-banner">
      <strong>Changed from this launch&apos;s settings:</strong>{' '}
      {changed.map((entry, index) => (
        <span key={entry.name} data-testid="changed-switch">
          {index > 0 && ', '}
          {entry.name} {entry.now} <span className="muted">(was {entry.launch})</span>
        </span>
      ))}{' '}
      <button
        type="button"
        className="small"
        onClick={() => void restore()}
        disabled={restoring}
        data-testid="restore-switches"
      >
        Restore the launch settings
      </button>
    </div>
  );
}
