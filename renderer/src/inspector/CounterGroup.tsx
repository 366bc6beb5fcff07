import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { counterSummary } from './counter-folding.ts';
import './counter-group.css';

/**
 * One exchange's attempt-counter bookkeeping as one line that says what it is ("login attempt counters: 6
 * commands"); a click (or Enter/Space: it is a button) shows the commands themselves, drawn by `renderLine`.
 */
export function CounterGroup<T>({
  group,
  renderLine,
  children,
}: {
  group: { id: string; label: string; lines: readonly T[] };
  renderLine: (line: T) => ReactNode;
  /** What follows the summary on its line (time, cause, copy). */
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const list = useRef<HTMLOListElement>(null);
  // Opened at the foot of a scrolled log, the commands would appear out of sight: bring them in.
  useEffect(() => {
    if (open) list.current?.scrollIntoView?.({ block: 'nearest' });
  }, [open]);
  return (
    <li className="counter-group" data-testid="command-group" data-group={group.id}>
      <div className="counter-group-line">
        <button
          type="button"
          className="link counter-toggle"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
        >
          <span className="counter-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>{' '}
          {counterSummary(group)}
        </button>{' '}
        <span className="muted counter-why">(counting attempts, to slow down password guessing)</span> {children}
      </div>
      {open && (
        <ol className="counter-lines" id={listId} ref={list} aria-label={counterSummary(group)}>
          {group.lines.map(renderLine)}
        </ol>
      )}
    </li>
  );
}
