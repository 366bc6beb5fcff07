import { api } from '../api/client.ts';
import type { CsrfDefences } from '../../../shared/api/lab-attacks.ts';
import type { JwtAttackSwitches } from '../../../shared/api/lab-jwt-attacks.ts';
import type { SessionSettings } from '../../../shared/api/lab-session.ts';
import type { SwitchGroup } from '../../../shared/api/lab-switches.ts';
import type { TokenSettingsBody } from '../../../shared/api/tokens.ts';
import type { CorsMode } from '../../../shared/api/lab-cors.ts';

/** The values of the switches a lab declared, as they were when it started. */
export interface SwitchSnapshot {
  token?: TokenSettingsBody;
  session?: SessionSettings;
  csrf?: CsrfDefences;
  instanceRunning?: boolean;
  /** Lab 13: the roles its admin changes are put back (the server remembers what they were). */
  roles?: true;
  cors?: CorsMode;
  jwtAttacks?: JwtAttackSwitches;
  /** Whether new session writes were encrypted at rest. */
  sessionEncryption?: boolean;
}

/** Reads the current values of the switch groups a lab may change (the app's own window only: the lab key). */
export async function captureSwitches(groups: readonly SwitchGroup[], labKey: string | null): Promise<SwitchSnapshot> {
  const snapshot: SwitchSnapshot = {};
  await Promise.all(
    groups.map(async (group) => {
      if (group === 'token-settings') snapshot.token = await api.token.settings(labKey);
      if (group === 'session-lifetimes') snapshot.session = await api.sessionSettings.read(labKey);
      if (group === 'csrf-defences') {
        const { originCheck, csrfToken } = await api.lab.readCsrfDefences(labKey);
        snapshot.csrf = { originCheck, csrfToken };
      }
      if (group === 'account-roles') snapshot.roles = true;
      if (group === 'cors-policy') snapshot.cors = (await api.labCors.policy(labKey)).mode;
      if (group === 'second-instance') snapshot.instanceRunning = (await api.labSecondInstance.status(labKey)).running;
      if (group === 'jwt-attacks') snapshot.jwtAttacks = await api.labJwt.switches(labKey);
      if (group === 'session-encryption')
        snapshot.sessionEncryption = (await api.sessionEncryption.read(labKey)).enabled;
    }),
  );
  return snapshot;
}

/** Puts the switches back as a snapshot has them. */
export async function restoreSwitches(snapshot: SwitchSnapshot, labKey: string | null): Promise<void> {
  await Promise.all([
    snapshot.token && api.token.changeSettings(labKey, snapshot.token),
    snapshot.session && api.sessionSettings.change(labKey, snapshot.session),
    snapshot.csrf && api.lab.csrfDefences(labKey, snapshot.csrf),
    snapshot.instanceRunning === false && api.labSecondInstance.stop(labKey),
    snapshot.roles && api.labStaleClaims.restore(labKey),
    snapshot.cors && api.labCors.setPolicy(labKey, snapshot.cors),
    snapshot.jwtAttacks && api.labJwt.change(labKey, snapshot.jwtAttacks),
    snapshot.sessionEncryption !== undefined && api.sessionEncryption.change(labKey, snapshot.sessionEncryption),
  ]);
}
