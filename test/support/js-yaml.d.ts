declare module 'js-yaml' {
  /** Parses one YAML document into plain values (js-yaml 4's safe default schema); throws a YAMLException when it is not YAML. */
  export function load(text: string, options?: { filename?: string }): unknown;
}
