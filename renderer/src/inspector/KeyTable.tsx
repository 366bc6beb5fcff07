import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Gloss } from '../glossary/Gloss.tsx';
import { useNow } from '../hooks/use-now.ts';
import { ClearLabKeys } from './ClearLabKeys.tsx';
import { useInspector, useInspectorHandle } from './inspector-context.ts';
import { formatTtl, remainingMs, type KeyEntry } from './key-entry.ts';
import { KeyTree } from './KeyTree.tsx';
import { useKeyView } from './key-view.ts';
import { masterCell, showsMasters } from './key-placement.ts';

const PAGE_ROWS = 100;
/** How long a new key stays highlighted. */
const NEW_ROW_MS = 2_000;

function MasterCell({ entry }: { entry: KeyEntry }) {
  const { host, port, title } = masterCell(entry);
  return (
    <td className="master" title={title} data-testid="key-master">
      {host}
      <wbr />
      {port}
    </td>
  );
}

function rowClass(entry: KeyEntry, now: number, selected: boolean): string {
  const classes = ['key-row'];
  if (entry.goneAt !== null) classes.push('row-gone');
  else if (entry.appearedAt !== null && now - entry.appearedAt < NEW_ROW_MS) classes.push('row-new');
  if (selected) classes.push('selected');
  return classes.join(' ');
}

/**
 * The keyspace, live: as a tree of groups counted by the server (the view a large store opens to), or as a table with
 * new keys on top and highlighted, removed ones fading out, TTLs counting down. The learner's choice is remembered.
 */
export function KeyTable({ selected, onSelect }: { selected: string | null; onSelect: (key: string) => void }) {
  const id = useId();
  const { model } = useInspectorHandle();
  const { keys, match, cursor, scanning, scanError } = useInspector();
  const now = useNow(250);
  const [pattern, setPattern] = useState(match);
  const [limit, setLimit] = useState(PAGE_ROWS);
  const shown = keys.slice(0, limit);
  // On a Redis Cluster only: which master holds each key (the rows say so by carrying their slot).
  const masters = showsMasters(keys);
  // More than one key page at the first look: a large store, which opens as the tree.
  const large = useRef(false);
  if (cursor !== '0') large.current = true;
  const [view, setView] = useKeyView(large.current);
  const filter = (event: FormEvent) => {
    event.preventDefault();
    setLimit(PAGE_ROWS);
    void model.setMatch(pattern.startsWith('sl:') ? pattern : `sl:${pattern}`);
  };
  // Opening a key shrinks the list to a few rows (its detail takes the height): keep the chosen row among them.
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected !== null) root.current?.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const more = () => {
    if (keys.length > limit) setLimit(limit + PAGE_ROWS);
    else void model.scanMore().then(() => setLimit(limit + PAGE_ROWS));
  };
  return (
    <div className="key-table" ref={root}>
      <form className="inline-form" onSubmit={filter} role="search">
        <span className="key-view-switch" role="group" aria-label="Show the keys">
          {(['tree', 'flat'] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              className="small"
              aria-pressed={view === choice}
              onClick={() => setView(choice)}
              data-testid={`key-view-${choice}`}
              title={
                choice === 'tree' ? 'Grouped by kind, with counts and sizes' : 'One row per key, with TTL and value'
              }
            >
              {choice === 'tree' ? 'Tree' : 'Flat'}
            </button>
          ))}
        </span>
        <label htmlFor={`${id}-match`}>Keys matching</label>
        <input
          id={`${id}-match`}
          value={pattern}
          onChange={(event) => setPattern(event.target.value)}
          spellCheck={false}
          data-testid="key-filter"
        />
        <button type="submit">Filter</button>
      </form>
      {scanError && (
        <p className="error-note" role="alert">
          {scanError}
        </p>
      )}
      {view === 'tree' ? (
        <KeyTree match={match} selected={selected} onSelect={onSelect} />
      ) : (
        <>
          <div className="scroll">
            <table className={masters ? 'with-masters' : undefined}>
              <caption className="sr-only">Keys in the store</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Type</th>
                  <th scope="col">TTL</th>
                  {masters && (
                    <th scope="col" title="The cluster master that holds the key (hover a cell for its hash slot)">
                      Master
                    </th>
                  )}
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((entry) => (
                  <tr
                    key={entry.key}
                    className={rowClass(entry, now, entry.key === selected)}
                    data-testid="key-row"
                    data-key={entry.key}
                    data-gone={entry.goneAt !== null ? 'true' : undefined}
                  >
                    <td>
                      <button
                        type="button"
                        className="key-name"
                        onClick={() => onSelect(entry.key)}
                        aria-pressed={entry.key === selected}
                        title={entry.key}
                      >
                        {entry.key}
                      </button>
                    </td>
                    <td>
                      {entry.type === 'unknown' ? '…' : entry.type === 'zset' ? <Gloss term="zset" /> : entry.type}
                    </td>
                    <td className="ttl" data-testid="key-ttl">
                      {entry.goneAt !== null
                        ? entry.goneBy === 'del'
                          ? 'deleted'
                          : entry.goneBy
                        : formatTtl(remainingMs(entry, now))}
                    </td>
                    {masters && <MasterCell entry={entry} />}
                    <td className="preview" title={entry.preview ?? ''}>
                      {entry.preview ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {keys.length === 0 && !scanning && (
              <p className="muted empty">No keys match {match}. Log in on either side and watch.</p>
            )}
          </div>
          <p className="table-foot muted">
            <span data-testid="key-count">
              {shown.length} of {keys.length} keys shown
            </span>
            {cursor === '0' ? ' · whole keyspace scanned' : ' · more in the store'}
            {(keys.length > limit || cursor !== '0') && (
              <button type="button" className="small" onClick={more} disabled={scanning}>
                {scanning ? 'Scanning…' : 'Load more'}
              </button>
            )}
          </p>
        </>
      )}
      <ClearLabKeys />
    </div>
  );
}
