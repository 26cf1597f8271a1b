/** Initializers and regularizers in layer configs: their `{className, config}`. */
import { get as getInitializer, type InitializerIdentifier } from '../initializers/index.js';
import type { Regularizer } from '../regularizers/index.js';
import { serialize } from '../serialization/registry.js';
import type { ConfigValue } from './layer.js';

export function serializeInitializer(init: InitializerIdentifier): ConfigValue {
  return { ...serialize(getInitializer(init)) };
}

export function serializeRegularizer(reg: Regularizer | null): ConfigValue {
  return reg ? { ...serialize(reg) } : null;
}
