/**
 * A small XML reader for the SVG documents the plots render, so tests check structure
 * (elements, classes, texts) instead of matching strings. It handles what SVG output
 * contains: elements, attributes in quotes, text, entities, comments and declarations.
 */

export interface SvgElement {
  name: string;
  attrs: Record<string, string>;
  children: SvgElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e] ?? m;
  });
}

/** Parses an XML document; throws on mismatched or unclosed tags. */
export function parseSvg(xml: string): SvgElement {
  const root: SvgElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: SvgElement[] = [root];
  const tag =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(xml)) !== null) {
    const top = stack[stack.length - 1]!;
    const between = xml.slice(last, m.index);
    if (between.includes('<')) throw new Error(`parseSvg: malformed markup near offset ${last}`);
    top.text += decode(between);
    last = tag.lastIndex;
    const [, closing, name, attrText, selfClosing] = m;
    if (!name) continue; // comment, declaration
    if (closing) {
      if (top.name !== name) throw new Error(`parseSvg: </${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
    const el: SvgElement = { name, attrs, children: [], text: '' };
    top.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (xml.slice(last).trim() !== '') throw new Error('parseSvg: text after the last tag');
  if (stack.length !== 1)
    throw new Error(`parseSvg: <${stack[stack.length - 1]!.name}> is not closed`);
  if (root.children.length !== 1) throw new Error('parseSvg: expected one root element');
  return root.children[0]!;
}

/** Every element below `el` (depth first) that satisfies `pred`. */
export function findAll(el: SvgElement, pred: (e: SvgElement) => boolean): SvgElement[] {
  const out: SvgElement[] = [];
  const walk = (e: SvgElement): void => {
    for (const c of e.children) {
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/** Elements whose class list contains `cls` (Vega marks groups as `mark-line role-mark`). */
export const byClass = (el: SvgElement, cls: string): SvgElement[] =>
  findAll(el, (e) => (e.attrs.class ?? '').split(/\s+/).includes(cls));

/** All text below `el`, concatenated. */
export function textOf(el: SvgElement): string {
  return el.text + el.children.map(textOf).join('');
}

/** The texts of the `<text>` elements inside groups with class `cls`. */
export const textsIn = (el: SvgElement, cls: string): string[] =>
  byClass(el, cls).flatMap((g) => findAll(g, (e) => e.name === 'text').map(textOf));

/** Number of `<path>` elements drawn by marks of type `mark` (`line`, `rect`, `rule`…). */
export const markPaths = (el: SvgElement, mark: string): number =>
  byClass(el, `mark-${mark}`)
    .filter((g) => (g.attrs.class ?? '').includes('role-mark'))
    .reduce(
      (n, g) =>
        n +
        g.children.filter((c) => c.name === 'path' || c.name === 'image' || c.name === 'text')
          .length,
      0,
    );

/** Parses and checks the document is a standalone SVG with a positive size. */
export function parseFigure(svg: string): SvgElement {
  const root = parseSvg(svg);
  if (root.name !== 'svg') throw new Error(`expected an <svg> root, received <${root.name}>`);
  if (!(Number(root.attrs.width) > 0 && Number(root.attrs.height) > 0))
    throw new Error(
      `expected a positive width and height, received ${root.attrs.width}x${root.attrs.height}`,
    );
  return root;
}
