import { corsLab } from './lab-cors.ts';
import { csrfLab } from './lab-csrf.ts';
import { expiryLab } from './lab-expiry.ts';
import { loadLab } from './lab-load.ts';
import { outageLab } from './lab-outage.ts';
import { payloadSizeLab } from './lab-payload-size.ts';
import { revocationLab } from './lab-revocation.ts';
import { scaleOutLab } from './lab-scale-out.ts';
import type { Lab } from './lab-types.ts';
import { serverSideKillLab } from './lab-server-side-kill.ts';
import { staleClaimsLab } from './lab-stale-claims.ts';
import { sessionFixationLab } from './lab-session-fixation.ts';
import { jwtConfusionLab } from './lab-jwt-confusion.ts';
import { jwtKeyInjectionLab } from './lab-jwt-key-injection.ts';
import { jwtKidLab } from './lab-jwt-kid.ts';
import { jwtWeakKeyLab } from './lab-jwt-weak-key.ts';
import { tamperingLab } from './lab-tampering.ts';
import { whereStateLivesLab } from './lab-where-state-lives.ts';
import { xssTheftLab } from './lab-xss-theft.ts';

/** Every lab, in the order the Labs tab lists them. */
export const LABS: Lab[] = [
  whereStateLivesLab,
  revocationLab,
  serverSideKillLab,
  expiryLab,
  xssTheftLab,
  csrfLab,
  sessionFixationLab,
  tamperingLab,
  scaleOutLab,
  outageLab,
  payloadSizeLab,
  loadLab,
  staleClaimsLab,
  corsLab,
  jwtWeakKeyLab,
  jwtKeyInjectionLab,
  jwtKidLab,
  jwtConfusionLab,
];
