import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { groupLabel } from '../../../shared/key-groups.ts';
import { useNow } from '../hooks/use-now.ts';
import { formatSize, groupWords, keyCount, measureWords } from './key-group-words.ts';
import type { KeyTreeSnapshot } from './key-groups-model.ts';
import { useKeyGroups } from './use-key-groups.ts';
import './key-tree.css';

/** How long a count that changed live stays highlighted. */
const CHANGED_MS = 1_500;
const ROOT = 'root';

/** One visible row of the tree, in order (for the arrow keys). */
interface Row {
  id: string;
  parent: string | null;
  kind: 'root' | 'group' | 'key' | 'more';
  prefix?: string;
  key?: string;
  expanded?: boolean;
}

function visibleRows(tree: KeyTreeSnapshot, rootOpen: boolean): Row[] {
  const rows: Row[] = [{ id: ROOT, parent: null, kind: 'root', expanded: rootOpen }];
  if (!rootOpen) return rows;
  for (const group of tree.groups) {
    const id = `g:${group.prefix}`;
    const open = tree.open.get(group.prefix);
    rows.push({ id, parent: ROOT, kind: 'group', prefix: group.prefix, expanded: open !== undefined });
    if (!open) continue;
    for (const key of open.keys) rows.push({ id: `k:${key}`, parent: id, kind: 'key', key, prefix: group.prefix });
    if (open.cursor !== '0') rows.push({ id: `m:${group.prefix}`, parent: id, kind: 'more', prefix: group.prefix });
  }
  return rows;
}

/**
 * The keys grouped by kind (`sl:` → `sess`, `refresh`, `denylist`…), counted by the server over the whole store and
 * followed live; a group opens to its keys. A tree as ARIA has it: one tab stop, the arrow keys move, open and close.
 */
export function KeyTree({
  match,
  selected,
  onSelect,
}: {
  match: string;
  selected: string | null;
  onSelect: (key: string) => void;
}) {
  const id = useId();
  const { tree, model } = useKeyGroups(match);
  const now = useNow(500);
  const [rootOpen, setRootOpen] = useState(true);
  const [focused, setFocused] = useState(ROOT);
  const items = useRef(new Map<string, HTMLLIElement>());
  const moved = useRef(false);
  const rows = visibleRows(tree, rootOpen);
  const current = rows.find((row) => row.id === focused) ?? rows[0]!;

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    items.current.get(current.id)?.focus();
  }, [current.id]);

  const toggle = (row: Row) => {
    if (row.kind === 'root') setRootOpen(!rootOpen);
    else if (row.kind === 'group' && row.prefix) {
      if (row.expanded) model.collapse(row.prefix);
      else void model.expand(row.prefix);
    }
  };
  const activate = (row: Row) => {
    if (row.kind === 'key' && row.key) onSelect(row.key);
    else if (row.kind === 'more' && row.prefix) void model.more(row.prefix);
    else toggle(row);
  };
  const moveTo = (row: Row | undefined) => {
    if (!row) return;
    moved.current = true;
    setFocused(row.id);
    items.current.get(row.id)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = rows.indexOf(current);
    const expandable = current.kind === 'root' || current.kind === 'group';
    const handled: Record<string, () => void> = {
      ArrowDown: () => moveTo(rows[at + 1]),
      ArrowUp: () => moveTo(rows[at - 1]),
      Home: () => moveTo(rows[0]),
      End: () => moveTo(rows.at(-1)),
      ArrowRight: () => {
        if (expandable && !current.expanded) toggle(current);
        else if (expandable) moveTo(rows[at + 1]?.parent === current.id ? rows[at + 1] : undefined);
      },
      ArrowLeft: () => {
        if (expandable && current.expanded) toggle(current);
        else moveTo(rows.find((row) => row.id === current.parent));
      },
      Enter: () => activate(current),
      ' ': () => activate(current),
    };
    const action = handled[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  const item = (row: Row, label: string) => ({
    ref: (element: HTMLLIElement | null) => {
      if (element) items.current.set(row.id, element);
      else items.current.delete(row.id);
    },
    role: 'treeitem',
    tabIndex: row.id === current.id ? 0 : -1,
    'aria-labelledby': label,
    onFocus: (event: { target: EventTarget; currentTarget: EventTarget }) => {
      if (event.target === event.currentTarget) setFocused(row.id);
    },
  });

  const total = tree.groups.reduce((sum, group) => sum + group.count, 0);
  const measured = tree.counted ? measureWords(tree.counted.measure) : null;
  const totalBytes = tree.groups.every((group) => group.bytes !== null)
    ? tree.groups.reduce((sum, group) => sum + (group.bytes ?? 0), 0)
    : null;
  const figures = (count: number, bytes: number | null, uncertain: boolean) => (
    <>
      <span className="tree-count" data-testid="tree-count">
        {keyCount(count)}
        {uncertain && (
          <span className="muted" title="A key changed that this window cannot place exactly: the server counts again">
            {' '}
            (recounting…)
          </span>
        )}
      </span>
      <span className="tree-bytes" title={measured?.meaning}>
        {bytes === null ? '—' : formatSize(bytes)}
      </span>
    </>
  );
  const byPrefix = new Map(tree.groups.map((group) => [group.prefix, group]));
  // Flat items with aria-level (ARIA's tree without nested groups): each item's name is its own line only.
  const treeItem = (row: Row) => {
    const labelId = `${id}-${row.id}`;
    const common = {
      ...item(row, labelId),
      'aria-level': row.kind === 'root' ? 1 : row.kind === 'group' ? 2 : 3,
    };
    if (row.kind === 'root' || row.kind === 'group') {
      const group = row.prefix ? byPrefix.get(row.prefix) : undefined;
      const words = group ? groupWords(group.prefix) : 'everything Session Lab keeps';
      const changed = group?.changedAt != null && now - group.changedAt < CHANGED_MS;
      return (
        <li
          key={row.id}
          {...common}
          aria-expanded={row.expanded}
          data-testid={group ? 'tree-group' : 'tree-root'}
          data-prefix={group?.prefix}
        >
          <div id={labelId} className={`tree-row${changed ? ' tree-changed' : ''}`} onClick={() => toggle(row)}>
            <span className="tree-twisty" aria-hidden="true">
              {row.expanded ? '▾' : '▸'}
            </span>
            <span className="tree-label">
              <code className="tree-name">{group ? groupLabel(group.prefix) : 'sl:'}</code>
              {words && <span className="tree-words">{words}</span>}
            </span>
            {group ? figures(group.count, group.bytes, group.uncertain) : figures(total, totalBytes, false)}
          </div>
        </li>
      );
    }
    if (row.kind === 'key' && row.key) {
      const key = row.key;
      return (
        <li key={row.id} {...common} aria-selected={key === selected} data-testid="tree-key" data-key={key}>
          <div
            id={labelId}
            className={`tree-row tree-leaf${key === selected ? ' selected' : ''}`}
            onClick={() => onSelect(key)}
            title={key}
          >
            <span className="tree-key">{key}</span>
          </div>
        </li>
      );
    }
    return (
      <li key={row.id} {...common}>
        <div id={labelId} className="tree-row tree-leaf" onClick={() => void model.more(row.prefix!)}>
          <span className="tree-more">Load more keys of {groupLabel(row.prefix!)}</span>
        </div>
      </li>
    );
  };
  const opening = [...tree.open].filter(([, open]) => open.loading || open.error);

  return (
    <div className="key-tree">
      <p className="muted tree-explain" data-testid="tree-summary">
        {tree.counted
          ? // The live total first: the server's count is where it started (a SET in the console adds to it at once).
            `${keyCount(total)} now: the server counted ${tree.counted.scanned.toLocaleString('en')} (a SCAN of ${tree.counted.complete ? 'the whole store' : 'the first keys only: it stopped at its limit'}, ${Math.round(tree.counted.ms)} ms), then followed each change live. `
          : tree.loading
            ? 'Counting the keys… '
            : ''}
        {measured?.meaning}
      </p>
      {tree.error && (
        <p className="error-note" role="alert">
          {tree.error}
        </p>
      )}
      <div className="tree-row tree-columns" aria-hidden="true">
        <span />
        <span>kind of key (open one for its keys)</span>
        <span>count</span>
        <span>{measured?.heading ?? 'size'}</span>
      </div>
      <div className="tree-scroll">
        <ul role="tree" aria-label="Keys grouped by kind" className="tree-root" onKeyDown={onKeyDown}>
          {rows.map(treeItem)}
        </ul>
        {opening.map(([prefix, open]) =>
          open.error ? (
            <p key={prefix} className="error-note tree-note" role="alert">
              {groupLabel(prefix)}: {open.error}
            </p>
          ) : (
            <p key={prefix} className="muted tree-note">
              Reading the keys of {groupLabel(prefix)}…
            </p>
          ),
        )}
        {tree.counted && tree.groups.length === 0 && (
          <p className="muted empty">No keys match {match}. Log in on either side and watch.</p>
        )}
      </div>
    </div>
  );
}
