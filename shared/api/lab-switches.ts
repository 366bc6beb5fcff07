import { z } from 'zod';

/** One run-time switch that differs from how this launch started: its name in words, its value now and at launch. */
export const changedSwitchSchema = z.object({
  /** Which switch group: what a lab declares it may change, and what the window restores. */
  group: z.enum([
    'token-settings',
    'session-lifetimes',
    'csrf-defences',
    'second-instance',
    'jwt-attacks',
    // Lab 13: the roles its admin changed; lab 14: its own target's CORS policy.
    'account-roles',
    'cors-policy',
    // Whether new cookie-session writes are encrypted at rest.
    'session-encryption',
  ]),
  /** The switch in words, e.g. "token algorithm". */
  name: z.string(),
  now: z.string(),
  launch: z.string(),
});

/**
 * `GET /api/v1/lab/switches` (and the answer of `DELETE`, which puts them all back as the launch configuration has
 * them): every run-time switch the labs may change, and which differ from the launch configuration.
 */
export const labSwitchesSchema = z.object({
  changed: z.array(changedSwitchSchema),
});

export type ChangedSwitch = z.infer<typeof changedSwitchSchema>;
export type LabSwitches = z.infer<typeof labSwitchesSchema>;
/** A group of switches a lab may change. */
export type SwitchGroup = ChangedSwitch['group'];
