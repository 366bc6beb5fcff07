import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { DemoAccounts } from '../../../shared/api/demo.ts';

/** The demo accounts (empty when the server runs without them). */
export function useDemoAccounts(): DemoAccounts['accounts'] {
  const [accounts, setAccounts] = useState<DemoAccounts['accounts']>([]);
  useEffect(() => {
    const controller = new AbortController();
    api.demoAccounts(controller.signal).then(
      (result) => setAccounts(result.accounts),
      () => {},
    );
    return () => controller.abort();
  }, []);
  return accounts;
}
