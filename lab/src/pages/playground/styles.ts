/** The playground's own styles (scoped by `pg-` class names; the shell's CSS does the rest). */
export const PLAYGROUND_CSS = `
.pg-intro { margin: 0 0 0.75rem; max-width: 60rem; }
.pg-toolbar { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem 1.25rem; margin-bottom: 0.5rem; }
.pg-epoch { font-variant-numeric: tabular-nums; font-weight: 600; min-width: 8rem; padding-bottom: 0.4rem; }
.pg-note { margin: 0.25rem 0 0.5rem; padding: 0.4rem 0.75rem; border-left: 4px solid var(--accent); background: var(--code-bg); max-width: 60rem; }
.pg-message:empty { display: none; }
.pg-message { margin: 0.5rem 0; }
.pg-grid { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); grid-template-areas: 'out' 'data' 'net'; }
.pg-output { grid-area: out; }
.pg-slot-data { grid-area: data; min-width: 0; }
.pg-slot-net { grid-area: net; min-width: 0; }
@media (min-width: 1100px) {
  .pg-grid { grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr); grid-template-areas: 'data out' 'net out'; align-items: start; }
  .pg-output { position: sticky; top: 0.5rem; }
}
.pg-panel { border: 1px solid var(--border); border-radius: 8px; background: var(--panel); padding: 0.25rem 0.9rem 0.75rem; min-width: 0; }
.pg-panel h2 { margin-top: 0.5rem; }
.pg-panel h3 { font-size: 1rem; margin: 0.9rem 0 0.25rem; }
.pg-map { max-width: 30rem; cursor: crosshair; }
.pg-stats { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.25rem 1rem; margin: 0.5rem 0; max-width: 30rem; }
.pg-stats div { display: flex; justify-content: space-between; gap: 0.5rem; border-bottom: 1px solid var(--border); }
.pg-stats dt { color: var(--muted); font-size: 0.9rem; }
.pg-stats dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
.pg-chart { min-height: 190px; max-width: 30rem; }
.pg-check { display: inline-flex; align-items: center; gap: 0.3rem; white-space: nowrap; }
.pg-number { width: 7rem; padding: 0.3rem 0.4rem; border: 1px solid var(--border); border-radius: 6px; background: var(--panel); color: var(--fg); }
.pg-file { display: inline-block; padding: 0.4rem 0.8rem; border: 1px dashed var(--border); border-radius: 6px; cursor: pointer; }
input[type='file'].visually-hidden:focus-visible + .pg-file { outline: 3px solid var(--focus); outline-offset: 2px; }
.pg-hint { color: var(--muted); font-size: 0.9rem; margin: 0.75rem 0 0.25rem; }
.pg-label { color: var(--muted); font-size: 0.85rem; }
.pg-draw .buttons { margin: 0.25rem 0 0.5rem; }
.pg-class[aria-checked='true'] { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent) inset; font-weight: 600; }
.pg-swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 50%; margin-right: 0.35rem; vertical-align: -0.05rem; }
.pg-layer { border-top: 1px solid var(--border); padding: 0.5rem 0; margin: 0; }
.pg-layer-head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; margin: 0.4rem 0; }
.pg-layer-head .control { flex-direction: row; align-items: center; gap: 0.4rem; }
.pg-icon { min-width: 2.2rem; padding: 0.2rem 0.5rem; font-weight: 700; }
.pg-units { min-width: 1.6rem; text-align: center; font-variant-numeric: tabular-nums; font-weight: 600; }
.pg-neurons { display: flex; flex-wrap: wrap; gap: 3px; }
.pg-neurons canvas { border: 1px solid var(--border); border-radius: 3px; background: #fff; }
.pg-n-l { width: 44px; height: 44px; }
.pg-n-m { width: 32px; height: 32px; }
.pg-n-s { width: 24px; height: 24px; }
@media (max-width: 480px) {
  .pg-n-l { width: 34px; height: 34px; }
  .pg-n-m { width: 28px; height: 28px; }
  .pg-n-s { width: 22px; height: 22px; }
}
.pg-output-layer { color: var(--muted); }
`;
