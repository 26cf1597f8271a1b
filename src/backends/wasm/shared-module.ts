/**
 * Turns the kernels' module into one whose memory is a shared memory imported as
 * `env.memory`, so that several instances (the main thread's and the workers') run on the
 * same tensor data. The code needs no change for that: an imported memory is memory 0 just
 * like a defined one. Only the binary's sections are rewritten here (the memory section
 * becomes an import entry), so one build serves both the single-threaded and the threaded
 * backend.
 */

interface Section {
  readonly id: number;
  /** Offsets of the payload in the module's bytes. */
  readonly start: number;
  readonly end: number;
}

function readU32(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let p = at;
  for (;;) {
    const byte = bytes[p++];
    if (byte === undefined || shift > 28) throw new Error('internal: malformed LEB128 in wasm');
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, p];
  }
}

function u32(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sections(bytes: Uint8Array): Section[] {
  const out: Section[] = [];
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p]!;
    const [size, start] = readU32(bytes, p + 1);
    out.push({ id, start, end: start + size });
    p = start + size;
  }
  return out;
}

const IMPORT = 2;
const MEMORY = 5;
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/**
 * The module with its memory replaced by an import `env.memory` of a shared memory of
 * `maxPages` pages at most, and the initial size (pages) that memory needs. Throws if the
 * module does not have the expected layout (one defined memory, an import section).
 */
export function sharedMemoryVariant(
  bytes: Uint8Array,
  maxPages: number,
): { bytes: Uint8Array<ArrayBuffer>; initialPages: number } {
  const list = sections(bytes);
  const mem = list.find((s) => s.id === MEMORY);
  const imp = list.find((s) => s.id === IMPORT);
  if (!mem || !imp) throw new Error('internal: the kernels module has no memory or import section');
  const [count, limitsAt] = readU32(bytes, mem.start);
  if (count !== 1) throw new Error('internal: the kernels module defines several memories');
  const flags = bytes[limitsAt]!;
  const [initialPages] = readU32(bytes, limitsAt + 1);
  if (flags !== 0 && flags !== 1) throw new Error('internal: unexpected memory limits in wasm');
  // Import section: one more entry, `env.memory` as a shared memory (limits flag 3).
  const [n, entriesAt] = readU32(bytes, imp.start);
  const entry = [
    ...u32(3),
    ...ascii('env'),
    ...u32(6),
    ...ascii('memory'),
    0x02,
    0x03,
    ...u32(initialPages),
    ...u32(maxPages),
  ];
  const payload = [...u32(n + 1), ...bytes.subarray(entriesAt, imp.end), ...entry];
  const parts: number[][] = [[...bytes.subarray(0, 8)]];
  for (const s of list) {
    if (s.id === MEMORY) continue;
    const body = s.id === IMPORT ? payload : [...bytes.subarray(s.start, s.end)];
    parts.push([s.id, ...u32(body.length)], body);
  }
  const out = new Uint8Array(parts.reduce((t, p) => t + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, initialPages };
}
