import type { ReactNode } from 'react';
import { CommandWords } from '../glossary/CommandWords.tsx';

/** One store command in a lab's lists: marked read (quieter) or write, its words glossed, and what follows it. */
export function StoreCommandLine({
  read,
  command,
  children,
}: {
  read: boolean;
  command: string;
  children?: ReactNode;
}) {
  return (
    <li className={read ? 'command-read' : 'command-write'} data-kind={read ? 'read' : 'write'}>
      <span className="command-kind">{read ? 'read' : 'write'}</span> <CommandWords command={command} />
      {children}
    </li>
  );
}
