import { CopyButton } from '../components/CopyButton.tsx';
import { useInspector } from './inspector-context.ts';
import type { CommandEntry } from './inspector-model.ts';

function causeText(command: CommandEntry): string {
  if (command.cause === 'expiry') return 'by the TTL';
  if (command.cause === 'inspector') return 'from the inspector';
  if (command.cause === 'load') return 'by the load run';
  return `by exchange #${command.cause}`;
}

/** The redis-cli commands behind the store's changes, newest first, each copyable. */
export function CommandLog({
  onSelectExchange,
  onSelectKey,
}: {
  onSelectExchange: (id: number) => void;
  onSelectKey: (key: string) => void;
}) {
  const { commands } = useInspector();
  return (
    <section className="command-log" aria-label="Command log">
      <header className="section-header">
        <h3>Commands</h3>
        {commands.length > 0 && (
          <CopyButton
            text={[...commands]
              .reverse()
              .map((command) => command.command)
              .join('\n')}
            label="Copy all"
            what="commands"
          />
        )}
      </header>
      <ol className="scroll log" data-testid="command-log">
        {commands.length === 0 && <li className="muted">The store has not changed since this page opened.</li>}
        {commands.map((command) => (
          <li key={command.seq} className={`op-${command.op}`} data-testid="command">
            <time className="muted">{new Date(command.at).toLocaleTimeString()}</time>{' '}
            <button
              type="button"
              className="link command-text"
              onClick={() => onSelectKey(command.key)}
              title={`Show ${command.key}`}
            >
              <code>{command.command}</code>
            </button>{' '}
            {typeof command.cause === 'number' ? (
              <button type="button" className="link muted" onClick={() => onSelectExchange(command.cause as number)}>
                {causeText(command)}
              </button>
            ) : (
              <span className="muted">{causeText(command)}</span>
            )}{' '}
            <CopyButton text={command.command} what={command.command} />
          </li>
        ))}
      </ol>
    </section>
  );
}
