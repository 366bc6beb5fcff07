import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { definitionOf, type GlossaryTerm } from './glossary.ts';
import './glossary.css';

const TIP_WIDTH = 320;

/**
 * The id of the definition's hidden element, made once per word in <body>: every gloss of the word points its
 * aria-describedby at it, and the text a row shows (the command log's "SET sl:sess:…") stays only the word.
 */
function definitionId(term: string, definition: string): string {
  // An id holds no space (aria-describedby is a space-separated list of ids): "simple GET" → gloss-simple-GET.
  const id = `gloss-${term.replace(/\s+/g, '-')}`;
  if (!document.getElementById(id)) {
    const element = document.createElement('span');
    element.id = id;
    element.hidden = true;
    element.textContent = definition;
    document.body.append(element);
  }
  return id;
}

/** Where the tip goes: under the word, or above it when the word is near the bottom; never off the window's sides. */
function tipPlace(anchor: DOMRect): CSSProperties {
  const left = Math.max(8, Math.min(anchor.left, window.innerWidth - TIP_WIDTH - 8));
  return anchor.bottom + 90 > window.innerHeight
    ? { left, bottom: window.innerHeight - anchor.top + 4 }
    : { left, top: anchor.bottom + 4 };
}

/**
 * An abbreviation with its definition: a quiet button (so a keyboard reaches it) whose accessible description is the
 * definition, and a tip that shows on hover and on focus. The tip stays while the pointer is over it; Escape hides it.
 * Nothing is trapped and nothing is covered for good: the tip goes when the pointer or the focus leaves.
 */
export function Gloss({
  term,
  note,
  children,
}: {
  term: GlossaryTerm | (string & {});
  /** What the word means where it stands ("here: 30 min"), after the definition. */
  note?: string;
  children?: ReactNode;
}) {
  const definition = definitionOf(term);
  const ref = useRef<HTMLButtonElement>(null);
  const [place, setPlace] = useState<CSSProperties | null>(null);
  const closeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const open = () => {
    clearTimeout(closeTimer.current);
    if (ref.current) setPlace(tipPlace(ref.current.getBoundingClientRect()));
  };
  const close = () => {
    clearTimeout(closeTimer.current);
    setPlace(null);
  };
  // A short grace period lets the pointer travel from the word onto its tip.
  const closeSoon = () => {
    clearTimeout(closeTimer.current);
    closeTimer.current = setTimeout(() => setPlace(null), 150);
  };
  const shown = place !== null;
  useEffect(() => {
    if (!shown) return;
    // When anything scrolls (focusing the word may scroll it into view) the tip follows the word.
    const onScroll = () => {
      if (ref.current) setPlace(tipPlace(ref.current.getBoundingClientRect()));
    };
    window.addEventListener('scroll', onScroll, true);
    return () => window.removeEventListener('scroll', onScroll, true);
  }, [shown]);
  useEffect(() => () => clearTimeout(closeTimer.current), []);
  if (!definition) return <>{children ?? term}</>;
  return (
    <>
      <button
        ref={ref}
        type="button"
        className="gloss"
        data-testid="gloss"
        data-term={term}
        aria-describedby={definitionId(term, definition)}
        onMouseEnter={open}
        onMouseLeave={closeSoon}
        onFocus={open}
        onBlur={close}
        onClick={() => (place ? close() : open())}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && place) {
            event.stopPropagation();
            close();
          }
        }}
      >
        {children ?? term}
      </button>
      {place &&
        createPortal(
          <div
            className="gloss-tip"
            role="tooltip"
            data-testid="gloss-tip"
            style={place}
            onMouseEnter={open}
            onMouseLeave={closeSoon}
          >
            <strong>{term}</strong> — {definition}
            {note && <span className="gloss-note">{note}</span>}
          </div>,
          document.body,
        )}
    </>
  );
}
