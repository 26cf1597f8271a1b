/** The Neurite program that runs the page's current race, for the code panel. */
import { OPTIMIZERS, optimizerCode } from './catalogue.js';
import { racers, type RaceState } from './state.js';
import { SURFACES } from './surfaces.js';

/** The race as a standalone program: the surface, the optimizers, the loop. */
export function raceCode(state: RaceState): string {
  const surface = SURFACES[state.surface];
  const [x0, y0] = state.start;
  const body = surface.code.startsWith('{') ? ` ${surface.code}` : `\n  ${surface.code}`;
  const list = racers(state);
  const entries = list.length
    ? list
        .map((r) => `  ${JSON.stringify(OPTIMIZERS[r.id].label)}: ${optimizerCode(r)},`)
        .join('\n')
    : '  // (no optimizer is switched on)';
  return `import * as nn from 'neurite';

// ${surface.formula}
const f = (x: nn.Tensor, y: nn.Tensor): nn.Tensor =>${body};

const optimizers = {
${entries}
};

for (const [name, optimizer] of Object.entries(optimizers)) {
  // Each optimizer moves its own copy of the point (x, y).
  const x = nn.variable(${x0});
  const y = nn.variable(${y0});
  const path: number[][] = [[${x0}, ${y0}]];
  for (let step = 0; step < ${state.steps}; step++) {
    // One step: f's gradient by autograd, then the optimizer's update of x and y.
    optimizer.minimize(() => f(x, y), [x, y]);
    path.push([x.dataSync()[0]!, y.dataSync()[0]!]);
  }
  const loss = nn.tidy(() => f(x, y).dataSync()[0]!);
  console.log(name, path[path.length - 1], loss);
}
`;
}
