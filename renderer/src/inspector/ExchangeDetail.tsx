import { CopyButton } from '../components/CopyButton.tsx';
import { CommandWords } from '../glossary/CommandWords.tsx';
import { curlCommand } from './curl.ts';
import { foldCounters } from './counter-folding.ts';
import { CounterGroup } from './CounterGroup.tsx';
import { StoreWaterfall } from './StoreWaterfall.tsx';
import { otherPageWords } from './OtherPageTag.tsx';
import { exchangeOrigin } from '../../../shared/exchange-origin.ts';
import type { CommandEntry, ReadEntry } from './inspector-model.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';

function Headers({ title, headers }: { title: string; headers: HttpEvent['requestHeaders'] }) {
  return (
    <>
      <h4>{title}</h4>
      <dl className="headers">
        {Object.entries(headers).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{Array.isArray(value) ? value.join('\n') : value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** One exchange: what it read and wrote in the store, headers both ways, bodies, and "Copy as curl". */
export function ExchangeDetail({
  exchange,
  caused,
  reads,
  onSelectKey,
  onClose,
}: {
  exchange: HttpEvent;
  caused: CommandEntry[];
  reads: ReadEntry[];
  onSelectKey: (key: string) => void;
  onClose: () => void;
}) {
  const sentTo = exchangeOrigin(exchange, window.location.origin);
  const causedLine = (command: CommandEntry) => (
    <li key={command.seq}>
      <CommandWords command={command.command} keyName={command.key} onSelectKey={onSelectKey} />
    </li>
  );
  return (
    <section className="exchange-detail" aria-label={`Exchange ${exchange.id}`} data-testid="exchange-detail">
      <header className="detail-header">
        <h3>
          #{exchange.id} {exchange.method} {exchange.path} → {exchange.status}
        </h3>
        <CopyButton
          text={curlCommand(exchange, window.location.origin)}
          label="Copy as curl"
          what={`exchange ${exchange.id}`}
        />
        <button type="button" className="small" onClick={onClose} aria-label="Close the exchange detail">
          ×
        </button>
      </header>
      <p className="muted">
        {new Date(exchange.startedAt).toLocaleTimeString()} · {exchange.duration} ms
        {exchange.instance &&
          ` · answered by instance ${exchange.instance.name} (lab 9), ${exchange.instance.store === 'shared' ? 'on the shared store' : 'on its own in-memory store'}`}
        {!exchange.instance &&
          sentTo !== window.location.origin &&
          ` · sent to ${sentTo}, another origin than this window's (another port)`}
        {exchange.from &&
          ` · ${otherPageWords(exchange.from)}, not this window (kept apart from your own, so it never pushes them out)`}
      </p>
      <StoreWaterfall exchange={exchange} />
      <h4>Store reads it made</h4>
      {reads.length === 0 ? (
        <p className="muted" data-testid="exchange-reads-none">
          None: the server answered without looking anything up in the store.
        </p>
      ) : (
        <>
          <p>
            The server looked up {reads.length === 1 ? '1 key' : `${reads.length} keys`} in the store to answer
            {exchange.readsDropped ? ` (and ${exchange.readsDropped} more, not listed)` : ''}:
          </p>
          <ul className="caused reads" data-testid="exchange-reads">
            {reads.map((read) => (
              <li key={read.seq} className="command-read">
                <CommandWords command={read.command} keyName={read.key} onSelectKey={onSelectKey} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Store changes it caused</h4>
      {caused.length === 0 ? (
        <p className="muted">None: it wrote nothing to the store.</p>
      ) : (
        <ul className="caused" data-testid="exchange-caused">
          {foldCounters(caused, (command) => command, 'oldest-first').map((item) =>
            item.kind === 'line' ? (
              causedLine(item.line)
            ) : (
              <CounterGroup key={item.id} group={item} renderLine={causedLine} />
            ),
          )}
        </ul>
      )}
      <Headers title="Request headers" headers={exchange.requestHeaders} />
      {exchange.requestBody !== null && (
        <>
          <h4>Request body</h4>
          <pre className="value" tabIndex={0}>
            {exchange.requestBody}
          </pre>
        </>
      )}
      <Headers title="Response headers" headers={exchange.responseHeaders} />
      {exchange.responseBody !== null && (
        <>
          <h4>Response body</h4>
          <pre className="value" tabIndex={0}>
            {exchange.responseBody}
          </pre>
        </>
      )}
    </section>
  );
}
