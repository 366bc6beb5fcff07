import { describe, expect, it } from 'vitest';
import { allowsSite, CORS_TERMS, policyWords, preflightWords } from '../../renderer/src/labs/cors-words.ts';
import { definitionOf } from '../../renderer/src/glossary/glossary.ts';

const origins = { partnerOrigin: 'http://127.0.0.1:5001', attackerOrigin: 'http://127.0.0.1:5002' };

describe('lab 14 words', () => {
  it('a policy step says what the target answers from now on, and to whom', () => {
    const allowlist = policyWords('allowlist', origins);
    expect(allowlist).toMatch(
      /lets the partner’s page \(http:\/\/127\.0\.0\.1:5001\) read alice’s account, and nobody else/,
    );
    expect(allowlist).toContain('Access-Control-Allow-Origin: http://127.0.0.1:5001');
    expect(allowlist).toMatch(/the attacker’s page \(http:\/\/127\.0\.0\.1:5002\) included, it still sends no/);
    const reflect = policyWords('reflect', origins);
    expect(reflect).toMatch(/lets any page read alice’s account: it copies whatever Origin/);
    expect(reflect).toContain('Access-Control-Allow-Credentials: true');
    expect(policyWords('same-origin', origins)).toMatch(/no Access-Control-Allow-Origin/);
    // Before the pages started, the words still say whose origin.
    expect(policyWords('allowlist', { partnerOrigin: null, attackerOrigin: null })).toMatch(
      /lets the partner’s page read/,
    );
  });

  it('the preflight gets words of its own: which request, why, and what OPTIONS answered', () => {
    const refused = preflightWords('same-origin', 'attacker', 'http://127.0.0.1:5002');
    expect(refused).toMatch(
      /^Preflight: the second GET carries the X-Cors-Lab header, which a simple GET may not carry/,
    );
    expect(refused).toMatch(
      /OPTIONS answered 204 with no Access-Control-Allow-Origin: no permission, so the browser never sent that GET/,
    );
    expect(preflightWords('allowlist', 'attacker', 'x')).toMatch(/never sent/);
    expect(preflightWords('allowlist', 'partner', 'http://127.0.0.1:5001')).toMatch(
      /Access-Control-Allow-Origin: http:\/\/127\.0\.0\.1:5001 and Access-Control-Allow-Headers: X-Cors-Lab: permission/,
    );
    expect(allowsSite('reflect', 'attacker')).toBe(true);
    expect(allowsSite('allowlist', 'attacker')).toBe(false);
  });

  it('explains "simple GET" and "preflight" before the first attack, and the glossary has both', () => {
    expect(CORS_TERMS).toMatch(/A simple GET is/);
    expect(CORS_TERMS).toMatch(/A preflight is/);
    expect(definitionOf('simple GET')).toMatch(/no custom header/);
    expect(definitionOf('preflight')).toMatch(/OPTIONS/);
  });
});
