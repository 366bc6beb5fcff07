import { Gloss } from '../glossary/Gloss.tsx';
import { placementLine, type Placement } from './key-placement.ts';

/**
 * Where a key lives on a Redis Cluster, in the key detail: its slot and master first, then in a sentence how a cluster
 * decides it (the glosses say more). Nothing off a cluster.
 */
export function KeyPlacement({ placement }: { placement: Placement }) {
  const line = placementLine(placement);
  if (!line) return null;
  return (
    <p className="key-placement" data-testid="key-placement">
      <strong>{line}</strong>{' '}
      <span className="muted">
        — a cluster splits keys into 16,384 <Gloss term="hash slot">hash slots</Gloss> by a hash of the name (of its{' '}
        <Gloss term="hash tag" /> in {'{braces}'}, when it has one); each master serves a range of slots.
      </span>
    </p>
  );
}
