import type { HttpEvent } from '../../../shared/inspector-events.ts';
import './other-page-tag.css';

/** Who sent an exchange another page sent, in words: its origin, or that the browser did not say. */
export function otherPageWords(from: NonNullable<HttpEvent['from']>): string {
  return `from another page: ${from.origin ?? 'its origin not named'}`;
}

/** The mark of an exchange another page sent (a lab's attacker or partner page, or any web page), not this window. */
export function OtherPageTag({ from }: { from: NonNullable<HttpEvent['from']> }) {
  return (
    <span
      className="other-page-tag"
      data-testid="other-page-tag"
      title={
        'Sent by a page of another origin, not by this window (the browser said so in Sec-Fetch-Site or Origin). ' +
        'Such exchanges are kept apart, at most 100, so they never push your own out of this log.'
      }
    >
      {otherPageWords(from)}
    </span>
  );
}
