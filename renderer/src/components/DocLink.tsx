import type { ReactNode } from 'react';
import { DOC_LINKS } from '../../../shared/doc-links.ts';

/** The name of a documentation link in shared/doc-links.ts. */
export type DocLinkName = keyof typeof DOC_LINKS;

/** A documentation link. It opens outside the page: a new tab in a browser, the OS browser in the desktop app. */
export function DocLink({ name, children }: { name: DocLinkName; children: ReactNode }) {
  return (
    <a href={DOC_LINKS[name]} target="_blank" rel="noopener noreferrer" data-testid={`doc-link-${name}`}>
      {children}
      <span className="sr-only"> (opens in a new window)</span>
    </a>
  );
}

/** A small "Read more:" line at the foot of a panel. */
export function ReadMore({ links }: { links: { name: DocLinkName; label: string }[] }) {
  return (
    <p className="read-more">
      Read more:{' '}
      {links.map((link, index) => (
        <span key={link.name}>
          {index > 0 && ' · '}
          <DocLink name={link.name}>{link.label}</DocLink>
        </span>
      ))}
    </p>
  );
}
