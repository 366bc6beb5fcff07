import { describe, expect, it } from 'vitest';
import { DOC_LINKS, isDocumentationLink } from '../../shared/doc-links.ts';

describe('documentation links (what the window may open in the OS browser)', () => {
  it('lets every link the app shows through', () => {
    for (const link of Object.values(DOC_LINKS)) expect(isDocumentationLink(link)).toBe(true);
  });

  it('refuses look-alikes, other schemes, credentials, ports and garbage', () => {
    for (const url of [
      'http://owasp.org/',
      'https://owasp.org.evil.test/',
      'https://owasp.org@evil.test/',
      'https://user:pw@owasp.org/',
      'https://owasp.org:8443/',
      'https://evil.test/https://owasp.org/',
      'https://portswigger.net/research/',
      'https://redis.io/download/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'session-lab://x',
      'not a url',
      '',
    ]) {
      expect(isDocumentationLink(url), url).toBe(false);
    }
    // Normalisation happens first: a dot-segment cannot climb out of an allowed prefix.
    expect(isDocumentationLink('https://redis.io/docs/../download/')).toBe(false);
    expect(isDocumentationLink('HTTPS://OWASP.ORG/www-project-top-ten/')).toBe(true);
  });
});
