import { bridge } from './desktop-bridge.ts';
import { LAB_KEY_PARAM } from '../../../shared/lab-key.ts';

const STORAGE_KEY = 'sessionlab:lab-key';

/**
 * This launch's lab key, without which the inspector answers 401. Inside Electron the preload hands it
 * over; in a browser it arrives in the URL's fragment (`#labKey=…`, never sent to a server), is kept in
 * sessionStorage for reloads, and is taken out of the address bar so it is not shared by accident.
 */
export async function loadLabKey(): Promise<string | null> {
  const viaBridge = bridge();
  if (viaBridge) return (await viaBridge.serverInfo()).labKey;
  return labKeyFromPage();
}

/** The lab key a browser page has (fragment, then sessionStorage); no bridge involved, so no waiting. */
export function labKeyFromPage(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get(LAB_KEY_PARAM);
  if (fromHash) {
    sessionStorage.setItem(STORAGE_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}
