/**
 * The Node side of bench/browser-throughput.ts: runs bench/browser/program.ts in this
 * process and prints its result as one JSON line (then exits: the backend's worker threads
 * would keep Node alive).
 *
 * node --import tsx bench/browser/node-run.ts '{"rows":8192,"batches":[32,128],"budget":5,"warmupSeconds":3,"predictRows":10000,"predictCalls":5}'
 */
import { runThroughput, type ThroughputArgs } from './program.js';

const raw = process.argv[2];
if (!raw) throw new Error('usage: node --import tsx bench/browser/node-run.ts <json args>');
const result = await runThroughput(JSON.parse(raw) as ThroughputArgs);
console.log(JSON.stringify(result));
process.exit(0);
