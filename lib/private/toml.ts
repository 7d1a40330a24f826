// smol-toml ships a CommonJS build but declares its types for ES modules only; it is loaded on first use, as only
// Bottlerocket nodes and the guardrails' user-data reader need it.
interface TomlModule {
  stringify(value: Record<string, unknown>): string;
  parse(text: string): Record<string, any>;
}

function toml(): TomlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('smol-toml');
}

/** TOML text of a table. */
export function toToml(value: Record<string, unknown>): string {
  return toml().stringify(value);
}

/** The table of TOML text. */
export function fromToml(text: string): Record<string, any> {
  return toml().parse(text);
}
