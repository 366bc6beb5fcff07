import { Fragment } from 'react';
import { formatTtl } from '../inspector/key-entry.ts';
import { commandTokens, ttlSetBy } from './command-words.ts';
import { Gloss } from './Gloss.tsx';

function ttlNote(ms: number | null): string | undefined {
  if (ms === null) return undefined;
  return ms <= 0 ? 'Here: 0 or less, so the key is deleted at once.' : `Here: ${formatTtl(ms)}.`;
}

/**
 * A redis-cli line as code, its command word and options glossed (hover or focus) and, given `onSelectKey`, its key a
 * link to the key's detail. Its text is the line, unchanged.
 */
export function CommandWords({
  command,
  keyName,
  onSelectKey,
}: {
  command: string;
  /** The key's logical name (on a cluster the line shows it with its hash tag). */
  keyName?: string;
  onSelectKey?: (key: string) => void;
}) {
  const tokens = commandTokens(command);
  return (
    <code className="command-words">
      {tokens.map((token, index) => (
        <Fragment key={index}>
          {index > 0 && ' '}
          {token.kind === 'command' || token.kind === 'option' ? (
            <Gloss term={token.text} note={ttlNote(ttlSetBy(tokens, index))} />
          ) : token.kind === 'key' && onSelectKey ? (
            <button
              type="button"
              className="link command-key"
              onClick={() => onSelectKey(keyName ?? token.text)}
              title={`Show ${keyName ?? token.text}`}
            >
              {token.text}
            </button>
          ) : (
            token.text
          )}
        </Fragment>
      ))}
    </code>
  );
}
