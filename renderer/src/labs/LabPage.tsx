import { useEffect, useState, type ReactNode } from 'react';
import { useLabBook } from './lab-book-context.ts';
import { Gloss } from '../glossary/Gloss.tsx';
import { LabLiveStore } from './LabLiveStore.tsx';
import type { Lab, LabContext, LabStep } from './lab-types.ts';
import { InstructionResult, StepResult } from './StepResult.tsx';
import { useStepStates, type StepState } from './step-memory.ts';

/** Where a step's exchanges end: when the next step was pressed (or never). */
function endOf(from: number, steps: ReadonlyMap<string, StepState>): number {
  let end = Number.POSITIVE_INFINITY;
  for (const other of steps.values()) if (other.from > from && other.from < end) end = other.from;
  return end;
}

/** A step the learner does in the window: marked done, with its result, once the check it leads to is proved. */
function InstructionStep({
  step,
  proof,
  lab,
  children,
}: {
  step: Extract<LabStep, { kind: 'instruction' }>;
  proof: string | undefined;
  lab: Lab;
  children: ReactNode;
}) {
  const check = lab.checks.find((candidate) => candidate.id === step.leadsTo);
  return (
    <>
      <span>{children}</span>
      {proof !== undefined && check && (
        <>
          <span className="step-done" data-testid="lab-step-done">
            {' '}
            ✓ done
          </span>
          <InstructionResult label={check.label} proof={proof} />
        </>
      )}
    </>
  );
}

/** One lab: its goal, its steps (buttons that make real requests, or things to do), its checks and a reset. */
export function LabPage({
  lab,
  context,
  leftNote = null,
}: {
  lab: Lab;
  context: LabContext;
  /** What leaving the lab before undid, said until this one's first step. */
  leftNote?: string | null;
}) {
  const { book, snapshot } = useLabBook();
  const run = snapshot.runs.get(lab.id);
  const proofs = run?.proofs ?? new Map<string, string>();
  const { steps, mark, clear } = useStepStates(lab.id, run?.since ?? null);
  const [resetting, setResetting] = useState<string | null>(null);
  // Solved once is solved: remembered across reloads and resets.
  const solved = (run !== undefined && proofs.size === lab.checks.length) || snapshot.solved.has(lab.id);
  // Leaving the lab runs its `leave` with the panels as they stand then (each render binds the latest context).
  const leave = lab.leave;
  useEffect(() => {
    book.onLeave(lab.id, leave ? () => leave(context) : null);
  });

  const runStep = async (id: string, action: (context: LabContext) => Promise<string | void>) => {
    const from = Date.now();
    mark(id, { from, state: 'running' });
    try {
      // The lab starts on its first step: then it reads the switches it may change, to put them back later.
      await book.start(lab.id);
      const result = await action(context);
      mark(id, { from, state: 'done', result: result ?? null });
    } catch (error) {
      mark(id, { from, state: 'failed', message: (error as Error).message });
    }
  };
  const reset = async () => {
    setResetting('Resetting…');
    try {
      await book.reset(lab.id, async () => {
        await lab.reset?.(context);
      });
      clear();
      setResetting(null);
    } catch (error) {
      setResetting(`The reset failed: ${(error as Error).message}`);
    }
  };

  return (
    <article
      className="lab-page"
      aria-labelledby={`lab-${lab.id}-title`}
      data-testid={`lab-${lab.id}`}
      data-solved={solved ? 'true' : undefined}
    >
      <header className="lab-header">
        <h3 id={`lab-${lab.id}-title`}>{lab.title}</h3>
        <span className="muted">{lab.concept}</span>
        <button
          type="button"
          onClick={() => void reset()}
          disabled={resetting === 'Resetting…'}
          data-testid="lab-reset"
        >
          Reset lab
        </button>
      </header>
      {leftNote && (
        <p className="lab-left-note" role="status" data-testid="lab-left-note">
          {leftNote}
        </p>
      )}
      <p className="lab-goal">
        <strong>Goal:</strong> {lab.goal}
      </p>
      {resetting && <p className={resetting === 'Resetting…' ? 'muted' : 'error-note'}>{resetting}</p>}
      {!run && (
        <p className="muted" data-testid="lab-not-started">
          The lab starts with its first step: what happens before it does not count.
        </p>
      )}
      <div className="lab-body">
        <div className="lab-main">
          <section aria-label="Steps">
            <h4>Steps</h4>
            <ol className="lab-steps">
              {lab.steps.map((step) => {
                const state = steps.get(step.id);
                return (
                  <li key={step.id} data-testid={`lab-step-${step.id}`}>
                    {step.kind === 'action' ? (
                      <>
                        <button
                          type="button"
                          onClick={() => void runStep(step.id, step.run)}
                          data-testid="lab-step-button"
                          disabled={state?.state === 'running'}
                        >
                          {step.label}
                        </button>
                        {step.explain && <span className="muted"> {step.explain}</span>}
                        {state?.state === 'done' && (
                          <span className="step-done" data-testid="lab-step-done">
                            {' '}
                            ✓ done
                          </span>
                        )}
                        {/* Shown as it runs too: a long step (lab 4's busy session) shows its requests as they go. */}
                        {state && (
                          <StepResult
                            from={state.from}
                            to={endOf(state.from, steps)}
                            summary={state.state === 'done' ? state.result : null}
                            running={state.state === 'running'}
                          />
                        )}
                        {state?.state === 'failed' && (
                          <p className="error-note" role="alert">
                            {state.message}
                          </p>
                        )}
                      </>
                    ) : (
                      <InstructionStep
                        step={step}
                        proof={step.leadsTo ? proofs.get(step.leadsTo) : undefined}
                        lab={lab}
                      >
                        {step.text}
                        {step.terms && step.terms.length > 0 && (
                          <span className="muted">
                            {' '}
                            (glossary:{' '}
                            {step.terms.map((term, index) => (
                              <span key={term}>
                                {index > 0 && ' · '}
                                <Gloss term={term} />
                              </span>
                            ))}
                            )
                          </span>
                        )}
                      </InstructionStep>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
          <section aria-label="Checks" aria-live="polite">
            <h4>Checks {solved && <span className="lab-solved">Solved</span>}</h4>
            <ul className="lab-checks">
              {lab.checks.map((check) => {
                const proof = proofs.get(check.id);
                return (
                  <li
                    key={check.id}
                    className={proof ? 'check proved' : 'check'}
                    data-testid={`lab-check-${check.id}`}
                    data-proved={proof ? 'true' : undefined}
                  >
                    <span className="check-mark" aria-hidden="true">
                      {proof ? '✓' : '○'}
                    </span>
                    <span>
                      {check.label}
                      <span className="sr-only">{proof ? ' (proved)' : ' (not yet)'}</span>
                      {proof && <span className="check-proof">{proof}</span>}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
          {solved && (
            <section className="lab-why" aria-label="Why this matters" data-testid="lab-why">
              <h4>Why this matters</h4>
              <p>{lab.why.text}</p>
              <p>
                Read more:{' '}
                <a href={lab.why.source.url} target="_blank" rel="noopener noreferrer">
                  {lab.why.source.label}
                </a>
              </p>
            </section>
          )}
          {lab.panel && <lab.panel context={context} />}
        </div>
        <LabLiveStore since={run?.since ?? null} />
      </div>
    </article>
  );
}
