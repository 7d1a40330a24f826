import type * as YamlModule from 'yaml';

// The YAML library costs more start-up than the rest of the package together, and an app that renders no node
// bootstrap, rules or scrape configuration never needs it: it is loaded on first use (require caches it after).
function yaml(): typeof YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}

/** YAML text of a value (`lineWidth: 0` keeps long strings, PromQL or shell, on one line). */
export function toYaml(value: unknown, options?: YamlModule.ToStringOptions): string {
  return yaml().stringify(value, options);
}

/** The value of YAML text. */
export function fromYaml(text: string): any {
  return yaml().parse(text);
}
