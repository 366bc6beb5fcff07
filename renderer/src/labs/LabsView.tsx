import { useEffect, useRef } from 'react';
import { useLabBook } from './lab-book-context.ts';
import type { LabCookieHalf, LabTokenHalf } from './lab-types.ts';
import { LabPage } from './LabPage.tsx';
import { LABS } from './labs.ts';
import { useListOverflow } from './use-list-overflow.ts';
import './labs.css';

/** The Labs tab: the list of labs (with how many checks each has proved) beside the open one. */
export function LabsView({
  cookie,
  token,
  labKey,
}: {
  cookie: LabCookieHalf;
  token: LabTokenHalf;
  labKey: string | null;
}) {
  const { book, snapshot } = useLabBook();
  const lab = LABS.find((candidate) => candidate.id === snapshot.active) ?? LABS[0]!;
  useEffect(() => book.open(lab.id), [book, lab.id]);
  const list = useRef<HTMLOListElement>(null);
  const hidden = useListOverflow(list);
  // A page of the list at a time, keeping one row of the last page in view so the learner sees where it went on.
  const page = (direction: 1 | -1) =>
    list.current?.scrollBy({ top: direction * Math.max(24, list.current.clientHeight - 24) });
  return (
    <div className="labs">
      <nav className="lab-list" aria-label="Labs">
        <ol ref={list}>
          {LABS.map((candidate) => {
            const proved = snapshot.runs.get(candidate.id)?.proofs.size ?? 0;
            const solved = proved === candidate.checks.length || snapshot.solved.has(candidate.id);
            return (
              <li key={candidate.id}>
                <button
                  type="button"
                  className={candidate.id === lab.id ? 'lab-link current' : 'lab-link'}
                  aria-current={candidate.id === lab.id ? 'page' : undefined}
                  onClick={() => book.open(candidate.id)}
                  data-testid={`lab-link-${candidate.id}`}
                >
                  <span className="lab-number">{candidate.number}.</span> {candidate.title}
                  <span className={solved ? 'lab-score solved' : 'lab-score'}>
                    {solved ? 'solved' : `${proved}/${candidate.checks.length}`}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
        {/* One place for the cue, under the list, so its height does not change as the learner scrolls. */}
        {hidden.below > 0 ? (
          <button type="button" className="small lab-list-more" onClick={() => page(1)} data-testid="labs-more">
            {hidden.below === 1 ? '1 more lab below ↓' : `${hidden.below} more labs below ↓`}
          </button>
        ) : (
          hidden.above > 0 && (
            <button type="button" className="small lab-list-more" onClick={() => page(-1)} data-testid="labs-more">
              {hidden.above === 1 ? '1 more lab above ↑' : `${hidden.above} more labs above ↑`}
            </button>
          )
        )}
      </nav>
      <LabPage
        key={lab.id}
        lab={lab}
        leftNote={snapshot.left ?? null}
        context={{ cookie, token, labKey, evidence: () => book.evidence(lab.id), begin: () => book.start(lab.id) }}
      />
    </div>
  );
}
