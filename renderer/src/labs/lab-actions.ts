import { api } from '../api/client.ts';
import type { LabContext } from './lab-types.ts';

/** A demo account's username and password (the server prints them on purpose); an error when there is none. */
export async function demoAccount(username: string): Promise<{ username: string; password: string }> {
  const account = (await api.demoAccounts()).accounts.find((candidate) => candidate.username === username);
  if (!account)
    throw new Error(`there is no demo account "${username}" (the server was started with --no-demo-accounts)`);
  return account;
}

/** Logs the cookie half in as a demo account, through the cookie panel's own login. */
export async function cookieLogin(context: LabContext, username = 'alice'): Promise<void> {
  const { password } = await demoAccount(username);
  await context.cookie.login(username, password);
}

/** Logs the token half in as a demo account, through the token panel's own login. */
export async function tokenLogin(context: LabContext, username = 'alice'): Promise<void> {
  const { password } = await demoAccount(username);
  await context.token.login(username, password);
}

/** Logs both halves in as the same demo account (cookie first, then token). */
export async function signInBoth(context: LabContext, username = 'alice'): Promise<void> {
  await cookieLogin(context, username);
  await tokenLogin(context, username);
}

/** Signs both halves out, as far as they are signed in (a lab's usual reset). */
export async function signOutBoth(context: LabContext): Promise<void> {
  if (context.cookie.state.status !== 'signed-out') await context.cookie.logout();
  if (context.token.held) await context.token.logout();
}
