import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import {
  firstStepNotDone,
  START_HERE_STEPS,
  startHere,
  type StartHereCondition,
  type StartHereTarget,
} from './start-here.ts';
import './start-here.css';

const HEADER_BUTTON_ID = 'start-here-open';
const GUIDE_ID = 'start-here';

/** The element a step points at, or null when it is not on screen (the panels may be hidden). */
function targetElement(target: StartHereTarget): Element | null {
  if ('testId' in target) return document.querySelector(`[data-testid="${target.testId}"]`);
  return [...document.querySelectorAll('[role="tab"]')].find((element) => element.textContent === target.tab) ?? null;
}

function useStartHereOpen(): boolean {
  return useSyncExternalStore(startHere.subscribe, () => startHere.open);
}

/**
 * The first-run guide: a strip under the header, in the page's flow (it covers nothing and traps no focus), that
 * walks through the two logins, the inspector and the labs, outlining each while its step shows. Skipped or
 * finished once, it stays closed (localStorage); the header's "Start here" opens it again. A step the learner has done
 * (a login on either side) moves it on by itself, saying so.
 */
export function StartHere({ done }: { done: ReadonlySet<StartHereCondition> }) {
  const open = useStartHereOpen();
  const [index, setIndex] = useState(0);
  const [justDone, setJustDone] = useState<string | null>(null);
  const step = START_HERE_STEPS[index]!;
  // What was done when the guide last looked: a step is passed when what it asks for has just happened (or had, when
  // the guide opened), so Back still shows a step done long ago.
  const seen = useRef<ReadonlySet<StartHereCondition> | null>(null);
  const doneKey = [...done].sort().join(' ');
  useEffect(() => {
    if (!open) {
      seen.current = null;
      return;
    }
    const before = seen.current;
    seen.current = new Set(done);
    const fresh = before === null ? done : new Set([...done].filter((condition) => !before.has(condition)));
    const next = firstStepNotDone(index, fresh);
    if (next === index) return;
    const passed = START_HERE_STEPS[next - 1]!;
    setJustDone(passed.doneWords ?? passed.title);
    setIndex(next);
    // Only what was done (doneKey: `done` is a new set at each render) and the opening move it, never Back or Next.
  }, [open, doneKey]);
  useEffect(() => {
    if (!open) return;
    const target = targetElement(step.target);
    target?.classList.add('start-here-target');
    return () => target?.classList.remove('start-here-target');
  }, [open, step]);
  useEffect(() => {
    if (open) return;
    setIndex(0);
    setJustDone(null);
  }, [open]);
  if (!open) return null;
  const close = () => {
    startHere.close();
    document.getElementById(HEADER_BUTTON_ID)?.focus();
  };
  const last = index === START_HERE_STEPS.length - 1;
  return (
    <section
      id={GUIDE_ID}
      className="start-here"
      aria-labelledby="start-here-title"
      tabIndex={-1}
      data-testid="start-here"
    >
      <p className="start-here-step" aria-live="polite">
        <strong id="start-here-title">Start here</strong>{' '}
        {justDone && (
          <span className="start-here-done" data-testid="start-here-done">
            ✓ {justDone}.
          </span>
        )}{' '}
        <span className="start-here-count">
          · step {index + 1} of {START_HERE_STEPS.length} ·
        </span>{' '}
        <strong data-testid="start-here-step-title">{step.title}.</strong> {step.text}
      </p>
      <div className="start-here-actions">
        {index > 0 && (
          <button
            type="button"
            className="small"
            onClick={() => {
              setJustDone(null);
              setIndex(index - 1);
            }}
          >
            Back
          </button>
        )}
        <button
          type="button"
          className="small primary"
          onClick={() => {
            setJustDone(null);
            if (last) close();
            else setIndex(index + 1);
          }}
          data-testid="start-here-next"
        >
          {last ? 'Done' : 'Next'}
        </button>
        {!last && (
          <button type="button" className="small" onClick={close} data-testid="start-here-skip">
            Skip the guide
          </button>
        )}
      </div>
    </section>
  );
}

/** The header's button that opens the guide again (the keyboard lands on it), or closes it. */
export function StartHereButton() {
  const open = useStartHereOpen();
  const toggle = () => {
    if (open) return startHere.close();
    startHere.show();
    requestAnimationFrame(() => document.getElementById(GUIDE_ID)?.focus());
  };
  return (
    <button
      type="button"
      id={HEADER_BUTTON_ID}
      className="small start-here-open"
      onClick={toggle}
      aria-controls={open ? GUIDE_ID : undefined}
      aria-pressed={open}
      data-testid="start-here-open"
    >
      Start here
    </button>
  );
}
