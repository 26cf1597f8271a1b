/** The generic registry (src/serialization/registry.ts), on a toy kind. */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { Registry, serialize } from '../../src/serialization/registry.js';

class Shape {
  constructor(
    readonly className: string,
    readonly config: Readonly<Record<string, unknown>>,
  ) {}
  getConfig(): Readonly<Record<string, unknown>> {
    return this.config;
  }
}

interface SquareArgs {
  sideLength?: number;
}

class Square extends Shape {
  constructor(args: SquareArgs = {}) {
    super('Square', { sideLength: args.sideLength ?? 1 });
  }
}

function makeRegistry(): {
  shapes: Registry<Shape>;
  square: (args?: SquareArgs) => Square;
  circle: (args?: { radius?: number }) => Shape;
} {
  const shapes = new Registry<Shape>({
    kind: 'shape',
    namespace: 'nn.shapes',
    where: 'getShape',
    is: (x): x is Shape => x instanceof Shape,
    accepts: 'a shape id, a Shape or a {className, config} object',
    keys: { sideLength: 'side' },
  });
  const square = shapes.registerClass(Square, { className: 'Square', positional: 'sideLength' });
  const circle = shapes.register((a: { radius?: number } = {}) => new Shape('Circle', a), {
    className: 'Circle',
    aliases: ['disk', 'round_thing'],
    positional: 'radius',
  });
  return { shapes, square, circle };
}

describe('Registry', () => {
  test('finds by id, class name, snake_case, alias, in any letter case', () => {
    const { shapes } = makeRegistry();
    for (const name of ['square', 'Square', 'SQUARE'])
      expect(shapes.find(name)?.className).toBe('Square');
    for (const name of ['circle', 'Circle', 'disk', 'roundThing', 'ROUND_THING']) {
      expect(shapes.find(name)?.className).toBe('Circle');
    }
    expect(shapes.find('triangle')).toBeUndefined();
    expect(shapes.findClass('Square')?.id).toBe('square');
    expect(shapes.findClass('square')).toBeUndefined(); // exact, as files spell it
    expect(shapes.ids()).toEqual(['square', 'circle']);
    expect(shapes.classNames()).toEqual(['Square', 'Circle']);
    expect(shapes.listing()).toBe('square, circle (disk, round_thing)');
  });

  test('get: ids, instances, our and Keras spellings of saved objects', () => {
    const { shapes, square } = makeRegistry();
    expect(shapes.get('square').getConfig()).toEqual({ sideLength: 1 });
    const s = square({ sideLength: 3 });
    expect(shapes.get(s)).toBe(s);
    expect(shapes.get({ className: 'Square', config: { sideLength: 2 } }).getConfig()).toEqual({
      sideLength: 2,
    });
    // Keras's class_name, and the kind's key table read backwards.
    expect(shapes.get({ class_name: 'Square', config: { side: 4 } }).getConfig()).toEqual({
      sideLength: 4,
    });
    expect(shapes.get({ class_name: 'Circle', config: { radius_cm: 4 } }).getConfig()).toEqual({
      radiusCm: 4,
    });
  });

  test('errors: unknown names list the ids with aliases; bad identifiers and configs', () => {
    const { shapes } = makeRegistry();
    expect(() => shapes.get('triangle')).toThrow(
      "getShape: unknown shape 'triangle'; valid ids: square, circle (disk, round_thing)",
    );
    expect(() => shapes.get({ className: 'Triangle' })).toThrow(/unknown shape 'Triangle'/);
    expect(() => shapes.get({ className: 'Square', config: [1] } as never)).toThrow(
      "getShape: the config of 'Square' must be an object, received an array of 1 item",
    );
    expect(() => shapes.get(7 as never)).toThrow(
      'getShape: expected a shape id, a Shape or a {className, config} object, received the number 7',
    );
    expect(() => shapes.get({ name: 'x' } as never)).toThrow(/received an object \{name\}/);
    expect(() => shapes.get('x', 'elsewhere')).toThrow(/^elsewhere: unknown shape 'x'/);
  });

  test('a name registered twice is a programming error', () => {
    const { shapes } = makeRegistry();
    expect(() => shapes.register(() => new Shape('Disk', {}), { className: 'Disk' })).toThrow(
      /shape 'disk' is registered twice \(Circle, Disk\)/,
    );
  });

  test('the returned factories take an options object only', () => {
    const { square, circle } = makeRegistry();
    expect(square().getConfig()).toEqual({ sideLength: 1 });
    expect(square({ sideLength: 5 }).getConfig()).toEqual({ sideLength: 5 });
    expect(() => (square as (a: unknown) => Square)(5)).toThrow(
      'square: expected an options object, received the number 5; write nn.shapes.square({sideLength: 5})',
    );
    expect(() => (circle as (a: unknown) => Shape)('big')).toThrow(
      `circle: expected an options object, received the string 'big'; write nn.shapes.circle({radius: 'big'})`,
    );
    expect(() => (circle as (a: unknown) => Shape)(null)).toThrow(
      'circle: expected an options object, received null; write nn.shapes.circle({radius: …})',
    );
  });

  test('serialize gives {className, config}, a copy of the config', () => {
    const s = new Square({ sideLength: 2 });
    const out = serialize(s);
    expect(out).toEqual({ className: 'Square', config: { sideLength: 2 } });
    expect(out.config).not.toBe(s.config);
    expect(serialize(nn.initializers.heNormal({ seed: 3 }))).toEqual({
      className: 'HeNormal',
      config: { seed: 3 },
    });
  });
});
