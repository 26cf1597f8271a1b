/** Helpers turning initializers and regularizers into `{className, config}` configs. */
import { get as getInitializer, type InitializerIdentifier } from '../initializers/index.js';
import type { Regularizer } from '../regularizers/index.js';
import type { ConfigValue } from './layer.js';

export function serializeInitializer(init: InitializerIdentifier): ConfigValue {
  const i = getInitializer(init);
  return { className: i.className, config: { ...i.getConfig() } };
}

export function serializeRegularizer(reg: Regularizer | null): ConfigValue {
  return reg ? { className: reg.className, config: { ...reg.getConfig() } } : null;
}
