import { CounterGroup } from '../inspector/CounterGroup.tsx';
import { foldCounters } from '../inspector/counter-folding.ts';
import { exchangeCommands, type ExchangeCommand } from '../inspector/exchange-commands.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import { StoreCommandLine } from './StoreCommandLine.tsx';
import {
  isPageLoad,
  provingExchangeId,
  STEP_EXCHANGES_SHOWN,
  stepExchangeOf,
  stepExchanges,
  type StepExchange,
} from './step-result.ts';

/** The store commands shown under one exchange at most. */
const COMMANDS_SHOWN = 8;

function Command({ entry }: { entry: ExchangeCommand }) {
  return <StoreCommandLine read={entry.read} command={entry.command} />;
}

/** An exchange's store commands in the order it ran them, its attempt-counter bookkeeping folded into one line. */
function Commands({ exchange, reads, writes }: Pick<StepExchange, 'exchange' | 'reads' | 'writes'>) {
  const all = exchangeCommands(exchange.id, reads, writes);
  if (all.length === 0) return null;
  const folded = foldCounters(all, (line) => line, 'oldest-first');
  return (
    <ul className="step-commands" aria-label="Store commands">
      {folded
        .slice(0, COMMANDS_SHOWN)
        .map((item) =>
          item.kind === 'line' ? (
            <Command key={item.line.id} entry={item.line} />
          ) : (
            <CounterGroup key={item.id} group={item} renderLine={(line) => <Command key={line.id} entry={line} />} />
          ),
        )}
      {folded.length > COMMANDS_SHOWN && (
        <li className="muted">
          and {folded.length - COMMANDS_SHOWN} more (the exchange&apos;s detail in the Inspector has them all)
        </li>
      )}
    </ul>
  );
}

/** One exchange of a step: the answer in words, what it did to the store, then the raw line and its store commands. */
function ExchangeOutcome({ found: { exchange, words, store, raw, reads, writes } }: { found: StepExchange }) {
  return (
    <li data-testid="lab-step-exchange" data-status={exchange.status}>
      <span className={exchange.status >= 400 ? 'step-answer refused' : 'step-answer'}>{words}</span>{' '}
      <span className="muted">{store}</span>
      <code className="step-raw">{raw}</code>
      <Commands exchange={exchange} reads={reads} writes={writes} />
    </li>
  );
}

/**
 * What a step the learner does in the window led to, once the check it leads to is proved: the check in words, then
 * the exchange that proved it (as an action step shows its own), or the raw proof when no exchange of the log did
 * (the inspector's own calls are not recorded: its DEL is shown as the store command).
 */
export function InstructionResult({ label, proof }: { label: string; proof: string }) {
  const snapshot = useInspector();
  const id = provingExchangeId(proof);
  const exchange = id === null ? undefined : snapshot.exchanges.find((candidate) => candidate.id === id);
  return (
    <div className="step-result" data-testid="lab-step-outcome">
      <p data-testid="lab-step-result">{label}.</p>
      {exchange ? (
        <ul className="step-exchanges">
          <ExchangeOutcome found={stepExchangeOf(snapshot, exchange)} />
        </ul>
      ) : (
        <code className="step-raw">{proof}</code>
      )}
    </div>
  );
}

/**
 * What a step did, under its button: the sentence its action answered (if any), then every exchange the server saw
 * while it ran: the answer in words, what it did to the store, and the raw request line and store commands.
 */
export function StepResult({
  from,
  to,
  summary,
  running,
}: {
  from: number;
  to: number;
  summary: string | null;
  running: boolean;
}) {
  const snapshot = useInspector();
  const all = stepExchanges(snapshot, from, to);
  // The pages a step loads (a lab's frame, the vulnerable page) are said in one line: its API calls are the story.
  const pages = all.filter(({ exchange }) => isPageLoad(exchange));
  const found = all.filter(({ exchange }) => !isPageLoad(exchange));
  const shown = found.slice(-STEP_EXCHANGES_SHOWN);
  const earlier = found.length - shown.length;
  return (
    <div className="step-result" data-testid="lab-step-outcome">
      {/* A summary's own line breaks stay (lab 14 gives the preflight a line of its own). */}
      {summary && (
        <p style={{ whiteSpace: 'pre-line' }} data-testid="lab-step-result">
          {summary}
        </p>
      )}
      {pages.length > 0 && (
        <p className="muted">
          It loaded {pages.length === 1 ? 'a page' : `${pages.length} pages`}:{' '}
          {[...new Set(pages.map(({ exchange }) => exchange.path.split('?')[0]))].join(', ')}.
        </p>
      )}
      {earlier > 0 && (
        <p className="muted">
          {earlier === 1 ? '1 earlier request' : `${earlier} earlier requests`} of this step{' '}
          {earlier === 1 ? 'is' : 'are'} in the HTTP log.
        </p>
      )}
      {shown.length > 0 && (
        <ul className="step-exchanges">
          {shown.map((found) => (
            <ExchangeOutcome key={found.exchange.id} found={found} />
          ))}
        </ul>
      )}
      {all.length === 0 && !summary && (
        <p className="muted">
          {running ? 'Waiting for its first request…' : 'It made no request to the server: it happened in this window.'}
        </p>
      )}
    </div>
  );
}
