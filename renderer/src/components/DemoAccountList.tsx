import { useDemoAccounts } from '../hooks/use-demo-accounts.ts';

/** The demo accounts with their passwords: lab fixtures, printed on purpose. */
export function DemoAccountList() {
  const accounts = useDemoAccounts();
  if (accounts.length === 0) return null;
  return (
    <section className="card" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title">Demo accounts</h2>
      <p className="muted">For the lab only: these passwords are printed here on purpose. Changing one removes it from this list.</p>
      <table className="demo-accounts">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Password</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.username} data-testid="demo-account">
              <td>
                <code>{account.username}</code>
              </td>
              <td>
                <code>{account.password}</code>
              </td>
              <td>{account.role}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
