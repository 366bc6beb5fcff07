declare module 'har-validator' {
  /** har-validator's promise API: resolves with the HAR when it fits the HAR 1.2 schema, rejects with the errors otherwise. */
  const validate: { har(data: unknown): Promise<unknown> };
  export default validate;
}
