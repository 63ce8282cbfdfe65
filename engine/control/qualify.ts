/** @module qualify: qualified parameter names: engine names stay bare, others are `<namespace>.<name>`. */

/** `qualify('scene.ink', 'bleed')` -> `scene.ink.bleed`; `qualify('', 'temperature')` -> `temperature`. */
export function qualify(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}
