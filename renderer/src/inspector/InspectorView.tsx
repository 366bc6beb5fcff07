import { CommandLog } from './CommandLog.tsx';
import { RedisConsole } from '../console/RedisConsole.tsx';
import { ExchangeDetail } from './ExchangeDetail.tsx';
import { ExchangeTimeline } from './ExchangeTimeline.tsx';
import { useInspector } from './inspector-context.ts';
import { KeyDetail } from './KeyDetail.tsx';
import { KeyTable } from './KeyTable.tsx';
import './key-open.css';
import { useSelectedExchange, useSelectedKey } from './selection.ts';

/** The inspector: keys (and one key's detail), the command log, and the HTTP exchanges (and one's detail). */
export function InspectorView() {
  const { exchanges, caused, readBy, stream, notice } = useInspector();
  // Shared with the sequence diagram: an exchange or a key selected there is the one selected here.
  const [key, setKey] = useSelectedKey();
  const [exchangeId, setExchangeId] = useSelectedExchange();
  const exchange = exchangeId === null ? undefined : exchanges.find((candidate) => candidate.id === exchangeId);
  if (stream === 'no-lab-key') {
    return (
      <div className="inspector-locked" role="status">
        <h3>The inspector is locked</h3>
        <p>
          It shows session ids and tokens, so it opens only for the window the server launched. Open the URL the server
          printed (it ends in <code>#labKey=…</code>).
        </p>
      </div>
    );
  }
  return (
    // With a key open, its column widens (the commands and the HTTP log stack beside it) so the detail can lay its
    // words and its value side by side.
    <div className={key ? 'inspector key-open' : 'inspector'}>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="inspector-column keys-column">
        <KeyTable selected={key} onSelect={setKey} />
        {key && <KeyDetail keyName={key} onClose={() => setKey(null)} />}
      </div>
      <div className="inspector-column commands-column">
        <CommandLog onSelectExchange={setExchangeId} onSelectKey={setKey} />
        <RedisConsole />
      </div>
      <div className="inspector-column http-column">
        <ExchangeTimeline selected={exchangeId} onSelect={setExchangeId} />
        {exchange && (
          <ExchangeDetail
            exchange={exchange}
            caused={caused.get(exchange.id) ?? []}
            reads={readBy.get(exchange.id) ?? []}
            onSelectKey={setKey}
            onClose={() => setExchangeId(null)}
          />
        )}
      </div>
    </div>
  );
}
