// Writes sessions into the embedded store back to back, as fast as it can, and tells the parent every 50th one
// it has committed (the write returned), until the parent kills it with SIGKILL. argv[2]: the database file.
import { SqliteStore } from '../../server/store/sqlite-store.ts';

const store = new SqliteStore({ file: process.argv[2]! });
let n = 0;
const write = async () => {
  for (;;) {
    n++;
    await store.multi([
      {
        op: 'set',
        key: `sl:sess:fault-${n}`,
        value: JSON.stringify({ uid: n, created: Date.now(), pad: 'x'.repeat(200) }),
        px: 3_600_000,
      },
      { op: 'sadd', key: `sl:user_sessions:${n % 10}`, members: [`fault-${n}`] },
    ]);
    if (n % 50 === 0) process.send!({ committed: n });
    // Let the IPC message go out now and then.
    if (n % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};
void write();
