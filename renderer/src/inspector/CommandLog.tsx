import { useState } from 'react';
import { CopyButton } from '../components/CopyButton.tsx';
import { CommandWords } from '../glossary/CommandWords.tsx';
import { useInspector } from './inspector-context.ts';
import type { CommandEntry, ReadEntry } from './inspector-model.ts';
import { isPlumbing } from './plumbing.ts';
import { foldCounters } from './counter-folding.ts';
import { CounterGroup } from './CounterGroup.tsx';
import { causeWords } from './gone-words.ts';

function causeText(command: CommandEntry | ReadEntry, ownStoreOfB: ReadonlySet<number>): string {
  const where = ('store' in command && command.store === 'b') || ownStoreOfB.has(command.cause as number);
  return where ? `${causeWords(command.cause)}, in instance B’s own store` : causeWords(command.cause);
}

/** A line of the log: a write (it changed a key) or a read (it only looked). */
type LogLine = { kind: 'write'; entry: CommandEntry } | { kind: 'read'; entry: ReadEntry };

/** Writes and reads together, newest first (by the server's clock, then by arrival). */
function merged(commands: CommandEntry[], reads: ReadEntry[]): LogLine[] {
  const lines: LogLine[] = [
    ...commands.map((entry) => ({ kind: 'write' as const, entry })),
    ...reads.map((entry) => ({ kind: 'read' as const, entry })),
  ];
  return lines.sort((a, b) => b.entry.at - a.entry.at || b.entry.seq - a.entry.seq);
}

/** The redis-cli commands the app sent the store, newest first, each copyable: writes, and (unless hidden) reads. */
export function CommandLog({
  onSelectExchange,
  onSelectKey,
}: {
  onSelectExchange: (id: number) => void;
  onSelectKey: (key: string) => void;
}) {
  const { commands, reads, exchanges } = useInspector();
  const [showReads, setShowReads] = useState(true);
  // The reads of the window's own plumbing (its session list re-read, its polls) are not the learner's: left out.
  const plumbing = new Set(exchanges.filter(isPlumbing).map((exchange) => exchange.id));
  const learnerReads = reads.filter((read) => typeof read.cause !== 'number' || !plumbing.has(read.cause));
  // Lab 9's instance B on its own memory: what its exchanges ran is said to be there, not in the app's store.
  const ownStoreOfB = new Set(
    exchanges.filter((exchange) => exchange.instance?.store === 'memory').map((exchange) => exchange.id),
  );
  const lines = showReads
    ? merged(commands, learnerReads)
    : commands.map((entry) => ({ kind: 'write' as const, entry }));
  const renderLine = ({ kind, entry }: LogLine) => (
    <li
      key={`${kind}-${entry.seq}`}
      className={kind === 'read' ? 'command-read' : `op-${(entry as CommandEntry).op}`}
      data-testid="command"
      data-kind={kind}
    >
      <time className="muted">{new Date(entry.at).toLocaleTimeString()}</time>{' '}
      {kind === 'read' && <span className="read-badge">read</span>}{' '}
      <CommandWords command={entry.command} keyName={entry.key} onSelectKey={onSelectKey} />{' '}
      {typeof entry.cause === 'number' ? (
        <button type="button" className="link muted" onClick={() => onSelectExchange(entry.cause as number)}>
          {causeText(entry, ownStoreOfB)}
        </button>
      ) : (
        <span className="muted">{causeText(entry, ownStoreOfB)}</span>
      )}{' '}
      <CopyButton text={entry.command} what={entry.command} />
    </li>
  );
  return (
    <section className="command-log" aria-label="Command log">
      <header className="section-header">
        <h3>Commands</h3>
        <label className="muted read-toggle">
          <input
            type="checkbox"
            checked={showReads}
            onChange={(event) => setShowReads(event.target.checked)}
            data-testid="show-reads"
          />{' '}
          reads too
        </label>
        {lines.length > 0 && (
          <CopyButton
            text={[...lines]
              .reverse()
              .map((line) => line.entry.command)
              .join('\n')}
            label="Copy all"
            what="commands"
          />
        )}
      </header>
      <ol className="scroll log" data-testid="command-log">
        {lines.length === 0 && (
          <li className="muted">
            {showReads
              ? 'The app has not used the store since this page opened.'
              : 'The store has not changed since this page opened.'}
          </li>
        )}
        {foldCounters(lines, (line) => line.entry, 'newest-first').map((item) =>
          item.kind === 'line' ? (
            renderLine(item.line)
          ) : (
            <CounterGroup key={item.id} group={item} renderLine={renderLine}>
              <button type="button" className="link muted" onClick={() => onSelectExchange(item.cause)}>
                by exchange #{item.cause}
              </button>{' '}
              <CopyButton
                text={[...item.lines]
                  .reverse()
                  .map((line) => line.entry.command)
                  .join('\n')}
                what={`the ${item.label}' commands`}
              />
            </CounterGroup>
          ),
        )}
      </ol>
    </section>
  );
}
