/**
 * Freezes a JSON-like value and everything inside it, and returns it. The portal's store keeps
 * what it is handed and hands it out again without copying (deep copies of whole dossiers were
 * most of the mock's own work per call), so what it holds must never change afterwards: a frozen
 * value makes an accidental edit throw instead of silently rewriting the portal's memory. Parts
 * that are frozen already are not walked again, so re-storing a merged dossier stays cheap.
 */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
