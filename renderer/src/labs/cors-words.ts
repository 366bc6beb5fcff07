import { CORS_LAB_HEADER, type CorsMode, type CorsSite } from '../../../shared/api/lab-cors.ts';

/** The origins the lab's two pages run on, once started (null before). */
export interface CorsOrigins {
  partnerOrigin: string | null;
  attackerOrigin: string | null;
}

/** Whether the target, under `mode`, names a site's origin in `Access-Control-Allow-Origin` (with credentials). */
export const allowsSite = (mode: CorsMode, site: CorsSite): boolean =>
  mode === 'reflect' || (mode === 'allowlist' && site === 'partner');

const named = (origin: string | null, fallback: string) => (origin ? `${fallback} (${origin})` : fallback);

/** What the target answers from now on, for whom: the result of a policy step, in words first, headers second. */
export function policyWords(mode: CorsMode, origins: CorsOrigins): string {
  const partner = named(origins.partnerOrigin, 'the partner’s page');
  const attacker = named(origins.attackerOrigin, 'the attacker’s page');
  if (mode === 'allowlist')
    return (
      `From now on the target lets ${partner} read alice’s account, and nobody else: to a request from that exact origin it answers ` +
      `Access-Control-Allow-Origin: ${origins.partnerOrigin ?? '<the partner’s origin>'} and Access-Control-Allow-Credentials: true; ` +
      `to any other Origin, ${attacker} included, it still sends no Access-Control-Allow-Origin.`
    );
  if (mode === 'reflect')
    return (
      `From now on the target lets any page read alice’s account: it copies whatever Origin a request carries into ` +
      `Access-Control-Allow-Origin, with Access-Control-Allow-Credentials: true, so ${attacker} gets its own origin back. ` +
      'Only this lab’s target does this; the rest of the API is unchanged.'
    );
  return 'From now on the target names no other origin: it sends no Access-Control-Allow-Origin, so no other page may read its answers.';
}

/** The preflight's own moment: which request needed it, why, and what OPTIONS answered under the policy. */
export function preflightWords(mode: CorsMode, site: CorsSite, origin: string): string {
  const why =
    `Preflight: the second GET carries the ${CORS_LAB_HEADER} header, which a simple GET may not carry, so before sending it ` +
    `the browser asked first with OPTIONS (Origin ${origin}, Access-Control-Request-Headers: ${CORS_LAB_HEADER.toLowerCase()}).`;
  return allowsSite(mode, site)
    ? `${why} OPTIONS answered 204 with Access-Control-Allow-Origin: ${origin} and Access-Control-Allow-Headers: ${CORS_LAB_HEADER}: permission, so the browser then sent the GET.`
    : `${why} OPTIONS answered 204 with no Access-Control-Allow-Origin: no permission, so the browser never sent that GET.`;
}

/** The two words lab 14 uses from its first attack on, for the step that introduces them. */
export const CORS_TERMS =
  'Two words first. A simple GET is a request a page could always send (a plain GET with no custom header): the browser sends it at once, cookie and all, and only afterwards decides whether the page may read the answer. ' +
  `A preflight is the question the browser asks first, with OPTIONS, before any other request (here a GET with the custom ${CORS_LAB_HEADER} header): the server must allow the origin and the header, or the request is never sent.`;
