// CPU split during an autocannon run against a running server: node server vs postgres backends vs rest.
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, pid, cookie] = [process.argv[2], process.argv[3], process.argv[4]];
const ticks = (p) => {
  try {
    const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
};
const pgPids = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('postgres');
      } catch {
        return false;
      }
    });
const total = () => {
  const l = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return l.reduce((a, b) => a + b, 0) - l[3] - l[4];
};
const snap = () => ({
  node: ticks(pid),
  pg: pgPids().reduce((a, p) => a + ticks(p), 0),
  all: total(),
  self: ticks(process.pid),
});
await autocannon({ url, headers: { cookie }, connections: 32, duration: 2 });
const a = snap();
const r = await autocannon({
  url,
  headers: { cookie },
  connections: 32,
  duration: Number(process.env.DUR ?? 5),
});
const b = snap();
const n = r.requests.total;
const us = (t) => ((t * 10000) / n).toFixed(0);
console.log(
  `req/s ${r.requests.average} p99 ${r.latency.p99}; CPU µs/request: node ${us(b.node - a.node)}, postgres ${us(b.pg - a.pg)}, autocannon ${us(b.self - a.self)}, all busy ${us(b.all - a.all)}`,
);
