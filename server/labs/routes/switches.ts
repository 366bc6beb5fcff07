import type Router from '@koa/router';
import type { AuthServices } from '../../auth/auth-services.ts';
import { configuredLifetimes } from '../../auth/session-registry.ts';
import { initialTokenSettings } from '../../tokens/token-settings.ts';
import type { LabWindow } from '../lab-window.ts';
import type { SecondInstance } from '../second-instance.ts';
import { CSRF_DEFENCES_AT_LAUNCH } from './csrf.ts';
import { encryptionAtLaunch } from './session-encryption.ts';
import type { CsrfDefences } from '../../../shared/api/lab-attacks.ts';
import type { ChangedSwitch, LabSwitches } from '../../../shared/api/lab-switches.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { createRouter } from '../../routes/router.ts';

/** A lab's own switches, for the summary and the restore (lab 13's changed roles, lab 14's CORS policy). */
export interface LabSwitchSource {
  /** Its switches that differ now from how this launch started, in words. */
  changed(): ChangedSwitch[];
  /** Puts them back as this launch started them. */
  restore(): Promise<void> | void;
}

const seconds = (ms: number) => (ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`);
const onOff = (on: boolean) => (on ? 'on' : 'off');

/**
 * `GET /api/v1/lab/switches`: every run-time switch the labs may change that differs now from the launch configuration
 * (the token half's switches, the cookie session's lifetimes, lab 6's defences, lab 9's instance B), in words.
 * `DELETE` puts them all back as the launch configuration has them and stops instance B. The app's own window only.
 */
export function labSwitchRoutes(
  services: AuthServices,
  csrfDefences: CsrfDefences,
  secondInstance: SecondInstance,
  guard: LabWindow,
  sources: readonly LabSwitchSource[] = [],
): Router {
  const { config, lifetimes, tokens, cipher } = services;
  const launchTokens = initialTokenSettings(config);
  const launchLifetimes = configuredLifetimes(config);

  const changed = (): ChangedSwitch[] => {
    const list: ChangedSwitch[] = [];
    const add = (group: ChangedSwitch['group'], name: string, now: string, launch: string) => {
      if (now !== launch) list.push({ group, name, now, launch });
    };
    const t = tokens.settings;
    add('token-settings', 'token algorithm', t.algorithm, launchTokens.algorithm);
    add('token-settings', 'token delivery', t.delivery, launchTokens.delivery);
    add('token-settings', 'denylist', t.denylist, launchTokens.denylist);
    add('token-settings', 'access-token lifetime', seconds(t.accessTtlMs), seconds(launchTokens.accessTtlMs));
    add('session-lifetimes', 'session idle timeout', seconds(lifetimes.idleTtlMs), seconds(launchLifetimes.idleTtlMs));
    add(
      'session-lifetimes',
      'session absolute lifetime',
      seconds(lifetimes.absoluteTtlMs),
      seconds(launchLifetimes.absoluteTtlMs),
    );
    add('session-lifetimes', 'session renewal interval', seconds(lifetimes.touchMs), seconds(launchLifetimes.touchMs));
    add(
      'csrf-defences',
      'CSRF Origin check',
      onOff(csrfDefences.originCheck),
      onOff(CSRF_DEFENCES_AT_LAUNCH.originCheck),
    );
    add('csrf-defences', 'CSRF token check', onOff(csrfDefences.csrfToken), onOff(CSRF_DEFENCES_AT_LAUNCH.csrfToken));
    add('second-instance', "lab 9's instance B", secondInstance.port === null ? 'stopped' : 'running', 'stopped');
    add('session-encryption', 'session encryption at rest', onOff(cipher.enabled), onOff(encryptionAtLaunch(config)));
    for (const source of sources) list.push(...source.changed());
    return list;
  };
  const answer = (): LabSwitches => ({ changed: changed() });

  const router = createRouter(API_PATHS.labSwitches);
  router.use(guard.only('The lab switches'));
  router.get('/', (ctx) => {
    ctx.body = answer();
  });
  router.delete('/', async (ctx) => {
    Object.assign(tokens.settings, launchTokens);
    Object.assign(lifetimes, launchLifetimes);
    Object.assign(csrfDefences, CSRF_DEFENCES_AT_LAUNCH);
    cipher.enabled = encryptionAtLaunch(config);
    if (secondInstance.port !== null) await secondInstance.stop();
    for (const source of sources) await source.restore();
    ctx.body = answer();
  });
  return router;
}
