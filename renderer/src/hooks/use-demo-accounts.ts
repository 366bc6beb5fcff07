import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { DemoAccounts } from '../../../shared/api/demo.ts';

// They do not change while the server runs: asked once per page, shared by both login forms.
let request: Promise<DemoAccounts['accounts']> | null = null;

/** The demo accounts (empty when the server runs without them). */
export function useDemoAccounts(): DemoAccounts['accounts'] {
  const [accounts, setAccounts] = useState<DemoAccounts['accounts']>([]);
  useEffect(() => {
    let live = true;
    request ??= api.demoAccounts().then(
      (result) => result.accounts,
      (error: unknown) => {
        request = null;
        throw error;
      },
    );
    request.then(
      (result) => live && setAccounts(result),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return accounts;
}
