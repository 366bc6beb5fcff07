import type { TokenSettingsBody } from '../../../shared/api/tokens.ts';
import { api } from '../api/client.ts';
import type { LabContext } from './lab-types.ts';

type Field = keyof TokenSettingsBody;

/**
 * The token settings as the labs found them before they first switched each one (the launch config, or what the
 * learner chose in the token panel), put back by a lab's reset. Module state: a switch outlives the Labs tab's
 * re-renders, and a lab that switches a setting another lab switched first keeps the first one's "before".
 */
const before = new Map<Field, TokenSettingsBody[Field]>();

/** Switches token settings for a lab, first noting what each switched setting was. */
export async function switchTokenSettings(
  context: LabContext,
  change: Partial<TokenSettingsBody>,
  options: { omitCookies?: boolean } = {},
): Promise<void> {
  const fields = Object.keys(change) as Field[];
  if (fields.some((field) => !before.has(field))) {
    const current = await api.token.settings(context.labKey, options);
    for (const field of fields) if (!before.has(field)) before.set(field, current[field]);
  }
  await api.token.changeSettings(context.labKey, change, options);
}

/** Puts back every token setting a lab switched, as it was before the first switch (a lab's reset). */
export async function restoreTokenSettings(context: LabContext): Promise<void> {
  if (before.size === 0) return;
  await api.token.changeSettings(context.labKey, Object.fromEntries(before) as Partial<TokenSettingsBody>);
  before.clear();
}
