import { z } from 'zod';
import { api } from '../api/client.ts';
import {
  corsAttemptSchema,
  CORS_FRAME_PATH,
  CORS_LAB_HEADER,
  CORS_RUN_MESSAGE,
  type CorsAttempt,
  type CorsMode,
  type CorsSite,
} from '../../../shared/api/lab-cors.ts';
import { requestHeader } from './evidence.ts';
import { CorsPanel } from './CorsPanel.tsx';
import { corsView } from './cors-attack-view.ts';
import { accountIn, crossOriginReads, describeCorsExchange, preflights, readableByCaller } from './cors-evidence.ts';
import { CORS_TERMS, policyWords, preflightWords } from './cors-words.ts';
import { cookieLogin, signOutBoth } from './lab-actions.ts';
import { askFramedPage, closeLabFrame, openLabFrame } from './lab-frame.ts';
import type { Lab, LabContext, LabStep } from './lab-types.ts';

const answerSchema = z.object({
  type: z.literal(CORS_RUN_MESSAGE),
  report: z.object({ simple: corsAttemptSchema, preflighted: corsAttemptSchema }),
});

const WHO: Record<CorsSite, string> = { partner: 'The partner’s page', attacker: 'The attacker’s page' };

/** One attempt in words: what the page could read, and, when blocked, what happened to the request. */
function attemptWords(attempt: CorsAttempt, preflighted: boolean): string {
  if (attempt.read) return `read the answer (HTTP ${attempt.status ?? '?'})`;
  const blocked = `could not read the answer: the browser blocked it (${attempt.error ?? 'no reason given'})`;
  return preflighted
    ? `${blocked}; its OPTIONS got no permission, so the GET itself was never sent`
    : `${blocked}, though the server did answer it (its exchange is below): CORS keeps the answer from the page, it does not stop the request`;
}

/** Has a site's page call the target (a simple GET, then one that needs a preflight) and says what it could read. */
async function runSite(context: LabContext, site: CorsSite): Promise<string> {
  const sites = await api.labCors.startSites(context.labKey);
  corsView.set({ script: sites.script });
  await openLabFrame(`${CORS_FRAME_PATH}?site=${site}`);
  // The frame shows the page under the window's own host name (the same site as the window).
  const host = window.location.hostname === 'localhost' ? 'localhost' : '127.0.0.1';
  const origin = (site === 'partner' ? sites.partnerOrigin : sites.attackerOrigin).replace('127.0.0.1', host);
  const { report } = await askFramedPage({ type: CORS_RUN_MESSAGE }, origin, (data) => {
    const parsed = answerSchema.safeParse(data);
    return parsed.success ? parsed.data : null;
  });
  // What the page reported home (the attacker's server's loot), as that server holds it.
  const home = (await api.labCors.reports(context.labKey)).reports.filter((sent) => sent.site === site).at(-1);
  const { runs, mode } = corsView.get();
  if (home) corsView.set({ runs: [...runs, { report: home, mode }] });
  return `${WHO[site]} (${origin}): the simple GET ${attemptWords(report.simple, false)}. The GET with ${CORS_LAB_HEADER}, which needs a preflight, ${attemptWords(report.preflighted, true)}.\n${preflightWords(mode, site, origin)}`;
}

const siteStep = (id: string, site: CorsSite, label: string, explain?: string): LabStep => ({
  kind: 'action',
  id,
  label,
  run: (context) => runSite(context, site),
  ...(explain ? { explain } : {}),
});

const policyStep = (id: string, mode: CorsMode, label: string, explain: string): LabStep => ({
  kind: 'action',
  id,
  label,
  run: async (context) => {
    const policy = await api.labCors.setPolicy(context.labKey, mode);
    corsView.set({ mode });
    return policyWords(policy.mode, policy);
  },
  explain,
});

/** Lab 14: CORS decides which other origins may READ a credentialed answer; reflecting any Origin hands it to all. */
export const corsLab: Lab = {
  id: 'cors',
  number: 14,
  title: 'CORS with credentials',
  concept: 'Cookies ride along; CORS decides who reads the answer',
  switches: ['cors-policy'],
  panel: CorsPanel,
  goal:
    'Have a page of another origin fetch alice’s account from this app with credentials: "include". ' +
    'By default the browser sends the request, cookie and all, but keeps the answer from the page; an allowlist lets one partner origin read it; ' +
    'reflecting any Origin with credentials (the classic mistake) lets the attacker’s page read it too.',
  why: {
    text:
      'CORS does not stop requests: it tells the browser which other origins may read an answer. With credentials, the server must name the exact origin (never "*") and allow credentials, so a server that echoes back whatever Origin it is sent, with Access-Control-Allow-Credentials: true, lets every site the user visits read their data. ' +
      'Answers that depend on the Origin also need Vary: Origin, so a cache never hands one origin’s answer to another.',
    source: {
      label: 'PortSwigger Web Security Academy: CORS, server-generated ACAO header from the client-specified Origin',
      url: 'https://portswigger.net/web-security/cors',
    },
  },
  steps: [
    {
      kind: 'action',
      id: 'cookie-login',
      label: 'Log in with a cookie session (alice)',
      run: (context) => cookieLogin(context),
    },
    {
      kind: 'instruction',
      id: 'same-site',
      text: 'The partner’s and the attacker’s pages run on 127.0.0.1 with ports of their own: other origins, but the same site (SameSite ignores ports), so your SameSite=Lax session cookie goes along with credentials: "include". From another site it would not be sent at all.',
    },
    { kind: 'instruction', id: 'cors-terms', text: CORS_TERMS, terms: ['simple GET', 'preflight'] },
    siteStep(
      'attacker-default',
      'attacker',
      'The attacker’s page asks for alice’s account',
      'default policy: same origin only',
    ),
    policyStep(
      'allowlist',
      'allowlist',
      'Allow the partner’s origin',
      'an allowlist of one: the partner’s exact origin',
    ),
    siteStep('partner', 'partner', 'The partner’s page asks'),
    siteStep('attacker-allowlist', 'attacker', 'The attacker’s page asks again'),
    policyStep(
      'reflect',
      'reflect',
      'Dangerous: reflect any Origin, with credentials',
      'the classic mistake, on this lab’s target only',
    ),
    siteStep('attacker-reflect', 'attacker', 'The attacker’s page asks once more'),
  ],
  checks: [
    {
      id: 'blocked',
      label:
        'By default the server answered the other origin, cookie and all, but named no origin: the browser kept the answer from the page',
      proof: (evidence) => {
        const hidden = crossOriginReads(evidence, 'same-origin').find((exchange) => !readableByCaller(exchange));
        return hidden ? `${describeCorsExchange(hidden)}, with the session cookie` : null;
      },
    },
    {
      id: 'preflight',
      label: 'A request with a custom header was preflighted: the browser asked first with OPTIONS',
      proof: (evidence) => {
        const asked = preflights(evidence)[0];
        return asked
          ? `${describeCorsExchange(asked)}, Access-Control-Request-Headers: ${requestHeader(asked, 'access-control-request-headers') ?? 'none'}`
          : null;
      },
    },
    {
      id: 'partner',
      label: 'The allowlist let the partner read: its exact origin, with credentials allowed',
      proof: (evidence) => {
        const read = crossOriginReads(evidence, 'allowlist').find(readableByCaller);
        return read ? describeCorsExchange(read) : null;
      },
    },
    {
      id: 'allowlist-only',
      label: 'The allowlist named the partner alone: another origin still got no Access-Control-Allow-Origin',
      proof: (evidence) => {
        const reads = crossOriginReads(evidence, 'allowlist');
        const allowed = reads.find(readableByCaller);
        const refused = reads.find(
          (exchange) =>
            !readableByCaller(exchange) &&
            requestHeader(exchange, 'origin') !== requestHeader(allowed ?? exchange, 'origin'),
        );
        return allowed && refused ? describeCorsExchange(refused) : null;
      },
    },
    {
      id: 'reflected',
      label: 'Reflecting any Origin with credentials let the attacker’s page read alice’s data',
      proof: (evidence) => {
        const stolen = crossOriginReads(evidence, 'reflect').find(readableByCaller);
        if (!stolen) return null;
        const what = accountIn(stolen);
        return `${describeCorsExchange(stolen)}${what ? `: it read ${what}` : ''}`;
      },
    },
  ],
  reset: async (context) => {
    closeLabFrame();
    corsView.reset();
    await api.labCors.setPolicy(context.labKey, 'same-origin');
    await api.labCors.forgetReports(context.labKey);
    await signOutBoth(context);
  },
};
