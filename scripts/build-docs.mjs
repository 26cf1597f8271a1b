#!/usr/bin/env node
/**
 * `npm run docs`: builds the documentation site into site/ (offline, from a fresh clone).
 *
 * 1. TypeDoc (typedoc.json: typedoc-plugin-markdown + typedoc-vitepress-theme) writes the API
 *    reference as Markdown into docs/reference/ (ignored by git), one page per export, over
 *    the package's three entry points, named as users import them (`neurite`,
 *    `neurite/plots`, `neurite/tfjs`).
 * 2. This script adds the pages that group those exports as users think (tensors and ops,
 *    autograd, layers, …; the table is docs/.vitepress/reference-groups.mjs, and an export
 *    that falls in no group stops the build), docs/reference/index.md, and the command line
 *    page from the real `neurite <command> --help`.
 * 3. `vitepress build docs` renders everything (docs/.vitepress/config.mts) into site/.
 *
 * `--reference-only` stops after step 2; `--out <dir>` builds into another folder than site/
 * (test/docs/links.test.ts builds into a temporary one).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, ReflectionKind, TSConfigReader, TypeDocReader } from 'typedoc';
import { MarkdownPageEvent } from 'typedoc-plugin-markdown';
import { GROUPS, groupOf } from '../docs/.vitepress/reference-groups.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const referenceDir = join(root, 'docs/reference');
const MODULE_NAMES = { index: 'neurite', plots: 'neurite/plots', tfjs: 'neurite/tfjs' };

/** Runs TypeDoc; returns the exports (with their page URL and summary) it documented. */
async function typedoc() {
  rmSync(referenceDir, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({ options: join(root, 'typedoc.json') }, [
    new TypeDocReader(),
    new TSConfigReader(),
  ]);
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.children ?? []) mod.name = MODULE_NAMES[mod.name] ?? mod.name;
  });
  const urls = new Map();
  app.renderer.on(MarkdownPageEvent.BEGIN, (page) => {
    if (page.model && 'id' in page.model) urls.set(page.model.id, page.url);
  });
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the project (see above)');
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors (see above)');
  return collect(project, urls);
}

/** The first paragraph of a reflection's summary, as one line of Markdown. */
function summaryOf(reflection) {
  const target = reflection.signatures?.[0] ?? reflection;
  const parts = target.comment?.summary ?? reflection.comment?.summary ?? [];
  const text = parts
    .map((p) => (p.kind === 'code' ? p.text : p.kind === 'inline-tag' ? `\`${p.text}\`` : p.text))
    .join('');
  return (text.split(/\n\s*\n/)[0] ?? '').replace(/\s*\n\s*/g, ' ').trim();
}

/** Every documented export: module, qualified name, kind, source file, page, summary. */
function collect(project, urls) {
  const out = [];
  const visit = (reflection, moduleName, prefix) => {
    for (const child of reflection.children ?? []) {
      const name = prefix ? `${prefix}.${child.name}` : child.name;
      if (child.kindOf(ReflectionKind.Namespace)) {
        out.push(entry(child, moduleName, name, urls));
        visit(child, moduleName, name);
      } else out.push(entry(child, moduleName, name, urls));
    }
  };
  for (const mod of project.children ?? []) visit(mod, mod.name, '');
  return out;
}

/** The kind users see: a `const` holding a function (layer factories) reads as a function. */
function kindOf(reflection) {
  const declaration =
    reflection.type?.type === 'reflection' ? reflection.type.declaration : undefined;
  if (reflection.kindOf(ReflectionKind.Variable) && declaration?.signatures?.length)
    return 'Function';
  return ReflectionKind.singularString(reflection.kind);
}

function entry(reflection, moduleName, name, urls) {
  const source = reflection.sources?.[0]?.fullFileName ?? reflection.sources?.[0]?.fileName ?? '';
  return {
    module: moduleName,
    name,
    kind: kindOf(reflection),
    namespace: reflection.kindOf(ReflectionKind.Namespace),
    source: source.replace(root, '').replace(/\\/g, '/'),
    url: urls.get(reflection.id),
    summary: summaryOf(reflection),
  };
}

/** A link from docs/reference/<file> to a generated page. */
const link = (url) => `./${url.replace(/^reference\//, '')}`;

/** How the pages write each entry point's namespace object (`import * as nn from 'neurite'`). */
const ALIASES = { neurite: 'nn', 'neurite/plots': 'plots', 'neurite/tfjs': 'tf' };

/** Values first (what you call), then types. */
const KIND_ORDER = ['Class', 'Function', 'Variable', 'Enumeration', 'Interface', 'Type Alias'];

/**
 * A group's exports in sections: the module's own exports, then one section per namespace
 * (`layers`, `optimizers.schedules`), each sorted by kind.
 */
function sections(rows) {
  const out = new Map();
  for (const r of rows) {
    const at = r.name.lastIndexOf('.');
    const ns = r.namespace ? r.name : at === -1 ? '' : r.name.slice(0, at);
    const key = `${r.module}|${ns}`;
    if (!out.has(key)) {
      const alias = ALIASES[r.module] ?? r.module;
      const title = ns ? `\`${alias}.${ns}\`` : `\`${alias}.*\``;
      out.set(key, { title, prefix: ns ? `${ns}.` : '', namespace: null, items: [] });
    }
    const section = out.get(key);
    if (r.namespace) section.namespace = r;
    else section.items.push(r);
  }
  const rank = (r) => {
    const i = KIND_ORDER.indexOf(r.kind);
    return i === -1 ? KIND_ORDER.length : i;
  };
  for (const section of out.values()) section.items.sort((a, b) => rank(a) - rank(b));
  const list = [...out.values()].filter((s) => s.items.length > 0 || s.namespace);
  // A module's own exports before its namespaces.
  return list.sort((a, b) => Number(a.prefix !== '') - Number(b.prefix !== ''));
}

/** docs/reference/groups/<id>.md for every group and docs/reference/index.md. */
function writeGroupPages(entries) {
  const byGroup = new Map(GROUPS.map((g) => [g.id, []]));
  const lost = [];
  for (const e of entries) {
    const group = groupOf(e);
    if (!byGroup.has(group)) lost.push(`${e.module} ${e.name} (${e.source})`);
    else byGroup.get(group).push(e);
  }
  if (lost.length > 0)
    throw new Error(
      `exports in no reference group (add a rule to docs/.vitepress/reference-groups.mjs):\n  ${lost.join('\n  ')}`,
    );
  mkdirSync(join(referenceDir, 'groups'), { recursive: true });
  for (const group of GROUPS) {
    const rows = byGroup.get(group.id);
    const lines = [`# ${group.title}`, '', group.intro, ''];
    const used = [...new Set(rows.map((r) => r.module))];
    lines.push(
      `Names are written as you reach them after ${used
        .map((m) => `\`import * as ${ALIASES[m] ?? m} from '${m}'\``)
        .join(' and ')}.`,
      '',
    );
    for (const section of sections(rows)) {
      lines.push(`## ${section.title}`, '');
      if (section.namespace) {
        const ns = section.namespace;
        const page = ns.url ? ` ([namespace page](.${link(ns.url)}))` : '';
        lines.push(`${ns.summary || `The \`${ns.name}\` namespace.`}${page}`, '');
      }
      for (const r of section.items) {
        const short = r.name.slice(section.prefix.length);
        const name = r.url ? `[\`${short}\`](.${link(r.url)})` : `\`${short}\``;
        lines.push(
          `- ${name} <Badge type="info" text="${r.kind.toLowerCase()}" />${r.summary ? ` ${r.summary}` : ''}`,
        );
      }
      lines.push('');
    }
    writeFileSync(join(referenceDir, 'groups', `${group.id}.md`), lines.join('\n'));
  }
  const index = [
    '# API reference',
    '',
    'Every public export of the three entry points, `neurite`, `neurite/plots` and',
    '`neurite/tfjs`, generated by TypeDoc from the TSDoc comments in the sources: its',
    'signature, its defaults, an example and the errors it throws. The groups below follow',
    'how you use the library; each lists its exports with a one-line summary.',
    '',
    ...GROUPS.map(
      (g) =>
        `- [${g.title}](./groups/${g.id}.md): ${g.intro} (${byGroup.get(g.id).length} exports)`,
    ),
    '- [The command line](./cli.md): every `neurite` command and its options.',
    '',
    'By entry point: [`neurite`](./neurite/index.md), [`neurite/plots`](./neurite/plots/index.md),',
    '[`neurite/tfjs`](./neurite/tfjs/index.md).',
    '',
  ];
  writeFileSync(join(referenceDir, 'index.md'), index.join('\n'));
  return GROUPS.map((g) => ({ text: g.title, link: `/reference/groups/${g.id}` }));
}

/** docs/reference/cli.md from the real help of every command (run from the sources). */
function writeCliPage() {
  const script = `
    import { createProgram } from './src/cli/program.ts';
    const out = [];
    const program = createProgram({ log: () => {}, err: () => {}, exit: () => {} });
    out.push({ name: '', help: program.helpInformation() });
    for (const cmd of program.commands) out.push({ name: cmd.name(), help: cmd.helpInformation() });
    process.stdout.write(JSON.stringify(out));
  `;
  const json = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const helps = JSON.parse(json);
  const lines = [
    '# The command line',
    '',
    'The `neurite` command (installed with the package: `npx neurite …`). This page is',
    "generated from each command's own `--help`, so it always matches the installed version.",
    '',
  ];
  for (const { name, help } of helps) {
    lines.push(
      name ? `## neurite ${name}` : '## neurite',
      '',
      '```text',
      help.trimEnd(),
      '```',
      '',
    );
  }
  writeFileSync(join(referenceDir, 'cli.md'), lines.join('\n'));
}

const started = Date.now();
const entries = await typedoc();
const sidebar = writeGroupPages(entries);
writeCliPage();
writeFileSync(join(referenceDir, 'groups.json'), JSON.stringify(sidebar));
console.log(
  `reference: ${entries.length} exports in ${GROUPS.length} groups (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
if (!process.argv.includes('--reference-only')) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? process.argv[at + 1] : undefined;
  const vitepress = join(root, 'node_modules/vitepress/bin/vitepress.js');
  const args = [vitepress, 'build', 'docs', ...(out ? ['--outDir', resolve(out)] : [])];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`${out ?? 'site/'} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
