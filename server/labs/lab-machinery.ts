import { randomBytes } from 'node:crypto';
import { createCoreApp, type CoreExtension, type CoreParts } from '../core-app.ts';
import type { Closers } from '../closers.ts';
import type { EvilOrigin } from './evil-origin.ts';
import { LabWindow } from './lab-window.ts';
import { loadLane } from './load-lane.ts';
import { LoadLab } from './load-run.ts';
import { CSRF_DEFENCES_AT_LAUNCH, labCsrfDefenceRoutes, labCsrfRoutes } from './routes/csrf.ts';
import { LAB_EXEMPTIONS } from './route-table.ts';
import { labSwitchRoutes } from './routes/switches.ts';
import { labClearKeysRoutes } from './routes/clear-keys.ts';
import { labEvilOriginRoutes } from './routes/evil-origin.ts';
import { JwtKidFolder } from './jwt-kid-folder.ts';
import { JwtTarget } from './jwt-target-issuer.ts';
import { jwtAttackSwitchSource, labJwtAttackRoutes } from './routes/jwt-attacks.ts';
import { labLoadRoutes } from './routes/load.ts';
import { labPageRoutes } from './routes/pages.ts';
import { labSecondInstanceRoutes } from './routes/second-instance.ts';
import { labSessionSettingsRoutes } from './routes/session-settings.ts';
import { labSessionEncryptionRoutes } from './routes/session-encryption.ts';
import { labStoreOutageRoutes } from './routes/store-outage.ts';
import { labTokenSizeRoutes } from './routes/token-size.ts';
import { labToolRoutes } from './routes/tools.ts';
import { labXssSiteRoutes } from './routes/xss-site.ts';
import { CorsLabPolicy, labCorsTargetRoutes, labCorsWindowRoutes } from './routes/cors.ts';
import { ChangedRoles, labStaleClaimsRoutes } from './routes/stale-claims.ts';
import { CorsSites } from './cors-sites.ts';
import { SecondInstance } from './second-instance.ts';
import { XssSite } from './xss-site.ts';

/** What the labs are given besides the core's parts. */
export interface LabsOptions {
  /** Where the labs hand their servers and processes (the evil origin, lab 5's site, a load run, instance B). */
  closers: Closers;
  /** The attacker's server of labs 5 and 6 (its owner closes it; a test reads it). */
  evilOrigin: EvilOrigin;
}

/** Every extension point the labs fill, each of them present. */
export type LabsExtension = Required<Pick<CoreExtension, 'routes' | 'authedRoutes' | 'tally' | 'exemptions'>>;

/**
 * The labs' machinery, built on the first request to a lab path (see {@link labs} in `index.ts`): their routes under
 * `/api/v1/lab/` (each behind the one lab-window guard, {@link LabWindow}), their pages under `/lab/`, the load run's
 * requests counted instead of recorded, lab 6's target's own exceptions, and the labs' own servers: the evil origin,
 * lab 5's site (this same app on a port of its own) and lab 9's instance B (a second auth server, built with
 * {@link createCoreApp}). The routers' order is the one `route-table.ts` lists.
 */
export function buildLabs(
  options: LabsOptions,
  { deps, services, inspector, callback, checks }: CoreParts,
): LabsExtension {
  const { closers } = options;
  const now = services.now;
  const guard = new LabWindow(deps.labKey, checks);
  const { evilOrigin } = options;
  const load = new LoadLab({
    hub: deps.hub,
    accounts: services.accounts,
    logger: deps.logger,
    now,
    lane: loadLane(checks, deps.logger),
    conditions: () => ({
      store:
        services.store.kind === 'redis' && services.config.redisCluster !== 'off'
          ? 'redis-cluster'
          : services.store.kind,
      algorithm: services.tokens.settings.algorithm,
      denylist: services.tokens.settings.denylist,
    }),
  });
  closers.add(() => load.stop());
  // Lab 9's instance B: another auth server over the first's store (or one of its own), sharing what two instances
  // deployed with one configuration share (the switches, the lifetimes) and the inspector, so its exchanges show
  // in the same log, tagged. It has no labs: it is the app a learner's requests reach, nothing more.
  const secondInstance = new SecondInstance({
    sharedStore: services.store,
    now,
    build: (instanceStore, mode, instanceClosers) => {
      // B's own memory is not the app's store: the inspector watches it too, so B's commands are drawn on its lane.
      if (mode === 'memory') instanceClosers.add(inspector.observeOwnStore(instanceStore));
      return createCoreApp(
        {
          ...deps,
          store: instanceStore,
          storeReason:
            mode === 'shared'
              ? `lab 9's instance B, on the first instance's store (${deps.storeReason})`
              : "lab 9's instance B, on an in-memory store of its own",
          // B has no labs and no inspector of its own (it records into A's): its key opens nothing, and nobody is told it.
          labKey: randomBytes(24).toString('base64url'),
          closers: instanceClosers,
          inspector,
          tokenSettings: services.tokens.settings,
          lifetimes: services.lifetimes,
          sessionCipher: services.cipher,
        },
        [() => ({ instance: { name: 'B', store: mode, storeTimeUnmeasured: mode === 'memory' } })],
      ).app;
    },
  });
  closers.add(() => secondInstance.close());
  // Lab 5's site: this app again, on a port of its own, answering its vulnerable page and two token routes only.
  // Lab 6's defences, switched by the window, read by the target and by the switches' summary.
  const csrfDefences = { ...CSRF_DEFENCES_AT_LAUNCH };
  const xssSite = new XssSite(callback);
  closers.add(() => xssSite.close());
  // The JWT attack labs' target: its own issuer and switches, and the folder its naive verifier reads kid from.
  const jwtTarget = new JwtTarget(now);
  const kidFolder = new JwtKidFolder();
  closers.add(() => kidFolder.remove());
  const naiveKeySources = {
    target: jwtTarget,
    kidFolder,
    evilOrigins: () => (evilOrigin.urls ? [evilOrigin.urls.url, evilOrigin.urls.sameSiteUrl] : []),
    jkuTimeoutMs: 2_000,
  };
  // Lab 13's changed roles and lab 14's CORS policy and pages.
  const changedRoles = new ChangedRoles(services.accounts, services.accountPolicy);
  const corsPolicy = new CorsLabPolicy();
  const corsSites = new CorsSites(now);
  closers.add(() => corsSites.close());
  // The labs' own switches, summed up and restored by /lab/switches.
  const switchSources = [jwtAttackSwitchSource(jwtTarget, evilOrigin), changedRoles, corsPolicy];
  return {
    // What the app's own window uses with its lab key, and the labs' pages: no cookie session is read on the way in (the
    // guard reads the credentials of a caller without the key itself, and only then).
    routes: [
      labToolRoutes(services, guard, secondInstance),
      labSessionSettingsRoutes(services.lifetimes, services.config, guard),
      labStoreOutageRoutes(services.store, guard, now),
      labCsrfDefenceRoutes(services.config, guard, csrfDefences),
      labTokenSizeRoutes(services, guard),
      labSwitchRoutes(services, csrfDefences, secondInstance, guard, switchSources),
      labClearKeysRoutes(services.store, guard),
      labSessionEncryptionRoutes(services.cipher, services.config, guard),
      labLoadRoutes(load, guard),
      labSecondInstanceRoutes(secondInstance, guard),
      labEvilOriginRoutes(evilOrigin, guard),
      labXssSiteRoutes(xssSite, guard),
      labPageRoutes(evilOrigin, xssSite),
      labStaleClaimsRoutes(services.accounts, changedRoles, guard),
      labCorsWindowRoutes(corsPolicy, corsSites, guard),
      ...labJwtAttackRoutes(services, jwtTarget, naiveKeySources, evilOrigin, guard),
    ],
    // Behind the credential readers: the two targets that are about the cookie session (labs 6 and 14).
    authedRoutes: [labCsrfRoutes(services.config, csrfDefences), labCorsTargetRoutes(corsPolicy, corsSites)],
    // A load run's requests are counted into its `load` events, not recorded one by one (see LoadLab).
    tally: load.tally,
    exemptions: LAB_EXEMPTIONS,
  };
}
