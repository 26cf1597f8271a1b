/**
 * Compiled steps: trace once, replay per batch (see compiled-step.ts). The training loop
 * (training/) runs its train, test and predict steps through a CompiledStep each.
 */
export { CompiledStep, type JitCompile, MAX_SIGNATURES, type StepBody } from './compiled-step.js';
export type { Plan } from './plan.js';
