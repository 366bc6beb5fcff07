import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { useInspectorHandle } from '../inspector/inspector-context.ts';
import { remember, step, type Recall } from './console-history.ts';
import './redis-console.css';

/** One line typed and what came back: redis-cli's text, or why the server gave none. */
interface Entry {
  id: number;
  command: string;
  output: string;
  kind: 'answer' | 'error' | 'failure';
}

/** What a first-time learner can try: a click puts it in the prompt. */
const EXAMPLES = ['SET sl:demo:hello world PX 60000', 'GET sl:demo:hello', 'PTTL sl:demo:hello'];

/** How many answers the console keeps on screen. */
const KEPT = 200;

/**
 * The redis-cli console: the learner types commands and gets redis-cli's answers, run on the store the server uses
 * (Redis, or the embedded store interpreting the same commands). A change it makes shows in the command log, as from
 * the inspector, and in the key table. ↑/↓ recall earlier lines; Enter runs one.
 */
export function RedisConsole() {
  const { labKey } = useInspectorHandle();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [typed, setTyped] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const [recall, setRecall] = useState<Recall>({ position: null, draft: '' });
  const [busy, setBusy] = useState(false);
  const nextId = useRef(1);
  const output = useRef<HTMLDivElement>(null);
  const inputId = useId();
  const hintId = useId();

  // The newest answer is shown from its first line (a long one, KEYS or HELP, is read from its start), not its end.
  useEffect(() => {
    const box = output.current;
    const newest = box?.lastElementChild;
    if (!box || !newest) return;
    box.scrollTop += newest.getBoundingClientRect().top - box.getBoundingClientRect().top;
  }, [entries]);

  const add = (entry: Omit<Entry, 'id'>) =>
    setEntries((before) => [...before, { ...entry, id: nextId.current++ }].slice(-KEPT));

  const run = async () => {
    const command = typed;
    if (command.trim() === '') return;
    setLines((before) => remember(before, command));
    setRecall({ position: null, draft: '' });
    setTyped('');
    if (/^\s*clear\s*$/i.test(command)) {
      // redis-cli's own CLEAR: it empties the screen and sends nothing.
      setEntries([]);
      return;
    }
    setBusy(true);
    try {
      const answer = await api.inspector.console(labKey, command);
      add({ command, output: answer.output, kind: answer.error ? 'error' : 'answer' });
    } catch (caught) {
      const error = caught as ApiError;
      add({ command, output: failureText(error), kind: 'failure' });
    } finally {
      setBusy(false);
    }
  };

  const input = useRef<HTMLInputElement>(null);
  const fill = (example: string) => {
    setTyped(example);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const moved = step(lines, recall, typed, event.key === 'ArrowUp' ? -1 : 1);
    setRecall({ position: moved.position, draft: moved.draft });
    setTyped(moved.text);
  };

  return (
    <section className="redis-console" aria-labelledby={`${inputId}-title`} data-testid="redis-console">
      <div className="section-header">
        <h3 id={`${inputId}-title`}>Console</h3>
        <span className="muted redis-console-what">redis-cli, on the app's own store</span>
        {entries.length > 0 && (
          <button type="button" className="small" onClick={() => setEntries([])}>
            Clear
          </button>
        )}
      </div>
      <div
        className="redis-console-output"
        ref={output}
        role="log"
        aria-label="Console answers"
        tabIndex={0}
        data-testid="console-output"
      >
        {entries.length === 0 && (
          <p className="muted redis-console-empty">
            Try{' '}
            {EXAMPLES.map((example, i) => (
              <span key={example}>
                <button type="button" className="link redis-console-example" onClick={() => fill(example)}>
                  <code>{example}</code>
                </button>
                {i < EXAMPLES.length - 1 ? ', then ' : ''}
              </span>
            ))}
            : the key shows in the key table, each command in the command log (as typed in the console).{' '}
            <code>HELP</code> lists every command.
          </p>
        )}
        {entries.map((entry) => (
          <div key={entry.id} className="redis-console-entry" data-testid="console-entry">
            <pre className="redis-console-command">
              <span aria-hidden="true">&gt; </span>
              {entry.command}
            </pre>
            <pre className={`redis-console-answer ${entry.kind}`} data-testid="console-answer">
              {entry.output}
            </pre>
          </div>
        ))}
      </div>
      <form
        className="redis-console-input"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <label htmlFor={inputId} className="redis-console-prompt">
          <span aria-hidden="true">&gt;</span>
          <span className="sr-only">redis-cli command</span>
        </label>
        <input
          id={inputId}
          ref={input}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={hintId}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="GET sl:…"
          data-testid="console-input"
        />
        <button type="submit" className="small" disabled={busy || typed.trim() === ''}>
          Run
        </button>
      </form>
      <p id={hintId} className="muted redis-console-hint">
        Enter runs it · ↑/↓ earlier lines · <code>sl:</code> keys only
      </p>
    </section>
  );
}

/** Why a line got no answer, in words first, then the server's code. */
function failureText(error: ApiError): string {
  if (error.code === 'STORE_UNAVAILABLE')
    return `The store does not answer (${error.status} ${error.code}): ${error.message}`;
  if (error.code === 'LAB_KEY_REQUIRED') return `Only the window the server opened may use the console (${error.code})`;
  return `No answer: ${error.message} (${error.status} ${error.code})`;
}
