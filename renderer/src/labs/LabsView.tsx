import { useEffect } from 'react';
import { useLabBook } from './lab-book-context.ts';
import type { LabCookieHalf, LabTokenHalf } from './lab-types.ts';
import { LabPage } from './LabPage.tsx';
import { LABS } from './labs.ts';
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
  return (
    <div className="labs">
      <nav className="lab-list" aria-label="Labs">
        <ol>
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
      </nav>
      <LabPage
        key={lab.id}
        lab={lab}
        context={{ cookie, token, labKey, evidence: () => book.evidence(lab.id), begin: () => book.start(lab.id) }}
      />
    </div>
  );
}
