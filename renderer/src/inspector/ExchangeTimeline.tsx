import { useState } from 'react';
import { api } from '../api/client.ts';
import { useInspector, useInspectorHandle } from './inspector-context.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { isPlumbing } from './plumbing.ts';
import { OtherPageTag } from './OtherPageTag.tsx';

/** The mark of an exchange lab 9's second instance answered, not this server. */
export function InstanceTag({ instance }: { instance: NonNullable<HttpEvent['instance']> }) {
  return (
    <span
      className="instance-tag"
      title={`answered by instance ${instance.name} (${instance.store === 'shared' ? 'on the shared store' : 'on its own in-memory store'}), not this server`}
    >
      {instance.name}
    </span>
  );
}

/** Every HTTP exchange, newest first (DevTools' Network panel), with the HAR export. */
export function ExchangeTimeline({ selected, onSelect }: { selected: number | null; onSelect: (id: number) => void }) {
  const { exchanges, caused } = useInspector();
  const { labKey } = useInspectorHandle();
  const [exportError, setExportError] = useState<string | null>(null);
  const [showPlumbing, setShowPlumbing] = useState(false);
  const shown = showPlumbing ? exchanges : exchanges.filter((exchange) => !isPlumbing(exchange));
  const hidden = exchanges.length - shown.length;
  const exportHar = async () => {
    try {
      const blob = await api.inspector.har(labKey);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `session-lab-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}.har`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExportError(null);
    } catch (error) {
      setExportError((error as Error).message);
    }
  };
  return (
    <section className="exchange-timeline" aria-label="HTTP exchanges">
      <header className="section-header">
        <h3>HTTP</h3>
        <label
          className="muted read-toggle"
          title="The window's own polls and re-reads (health, session list, switches) and its files"
        >
          <input
            type="checkbox"
            checked={showPlumbing}
            onChange={(event) => setShowPlumbing(event.target.checked)}
            data-testid="show-plumbing"
          />{' '}
          plumbing{hidden > 0 ? ` (${hidden} hidden)` : ''}
        </label>
        <button type="button" className="small" onClick={() => void exportHar()} data-testid="export-har">
          Export HAR
        </button>
      </header>
      {exportError && (
        <p className="error-note" role="alert">
          {exportError}
        </p>
      )}
      <div className="scroll">
        <table>
          <caption className="sr-only">HTTP exchanges, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">ms</th>
              <th scope="col">Keys</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((exchange) => (
              <tr
                key={exchange.id}
                className={exchange.id === selected ? 'selected' : undefined}
                data-testid="exchange-row"
                data-exchange={exchange.id}
              >
                <td className="muted">{exchange.id}</td>
                <td>
                  <button
                    type="button"
                    className="key-name"
                    onClick={() => onSelect(exchange.id)}
                    aria-pressed={exchange.id === selected}
                  >
                    {exchange.instance && <InstanceTag instance={exchange.instance} />}
                    {exchange.method} {exchange.path}
                  </button>
                  {exchange.from && <OtherPageTag from={exchange.from} />}
                </td>
                <td className={exchange.status >= 400 ? 'status bad' : 'status'}>{exchange.status}</td>
                <td>{exchange.duration}</td>
                <td>{caused.get(exchange.id)?.length ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && (
          <p className="muted empty">
            {exchanges.length === 0
              ? 'No exchange since this page opened.'
              : 'Only the window’s own background requests so far (its health polls and re-reads): tick “plumbing” to see them.'}
          </p>
        )}
      </div>
    </section>
  );
}
