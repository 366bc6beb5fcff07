declare module 'cluster-key-slot' {
  /**
   * The Redis Cluster hash slot of a key (0–16383): CRC16 of the name, or of the part between its first `{` and the
   * next `}` when that part is not empty, modulo 16384 — what `CLUSTER KEYSLOT` answers. ioredis routes with it.
   */
  const calculateSlot: (key: string | Buffer) => number;
  export default calculateSlot;
}
