// Platform benchmarks used by bench/run.mjs: job throughput, 50 MB upload/download, SSE fan-out latency.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { get, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Runs bench/jobs.ts (bundled to dist/bench/jobs.mjs) on SQLite, and on PostgreSQL in a scratch database. */
export async function benchJobs(pgUrl, count = 5000) {
  const rows = [];
  const run = (extra) => {
    const r = spawnSync('node', ['dist/bench/jobs.mjs'], {
      env: { PATH: process.env.PATH, BENCH_JOBS: String(count), ...extra },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`jobs bench failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  rows.push({ database: 'sqlite', ...run({}) });
  if (pgUrl) {
    const name = `sova_bench_jobs_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    try {
      rows.push({ database: 'postgres', ...run({ BENCH_DATABASE_URL: url.toString() }) });
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  return rows;
}

/** A 50 MB "recording": a WAV header (so the content sniffer accepts it as audio) and noise. */
export async function makeAudioFile(mb = 50) {
  const dir = mkdtempSync(join(tmpdir(), 'sova-bench-file-'));
  const path = join(dir, 'big.wav');
  const size = mb * 1024 * 1024;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(size - 8, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(size - 44, 40);
  const out = createWriteStream(path);
  out.write(header);
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  let written = 44;
  while (written < size) {
    const n = Math.min(chunk.length, size - written);
    if (!out.write(chunk.subarray(0, n))) await new Promise((r) => out.once('drain', r));
    written += n;
  }
  await new Promise((r) => out.end(r));
  return { path, size, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Uploads the file through POST /api/v1/files (streamed multipart), then downloads it; samples server RSS. */
export async function benchFile(sova, file, rssMb) {
  const boundary = `----sovabench${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const baseline = rssMb(sova.pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(sova.pid));
  }, 20);

  const upStart = performance.now();
  const uploaded = await new Promise((resolve, reject) => {
    const req = request(
      `${sova.base}/api/v1/files?kind=audio`,
      {
        method: 'POST',
        headers: {
          cookie: sova.cookie,
          'x-csrf-token': sova.csrf,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + file.size + tail.length,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () =>
          res.statusCode === 201
            ? resolve(JSON.parse(body))
            : reject(new Error(`upload ${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file.path);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
  const upMs = performance.now() - upStart;
  const upPeak = peak;

  peak = rssMb(sova.pid);
  const downBaseline = peak;
  const downStart = performance.now();
  let received = 0;
  await new Promise((resolve, reject) => {
    get(`${sova.base}${uploaded.content_url}`, { headers: { cookie: sova.cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`download ${res.statusCode}`));
      res.on('data', (c) => {
        received += c.length;
      });
      res.on('end', resolve);
      res.on('error', reject);
    }).on('error', reject);
  });
  const downMs = performance.now() - downStart;
  clearInterval(sampler);
  if (received !== file.size) throw new Error(`downloaded ${received} of ${file.size} bytes`);
  const mb = file.size / 1024 / 1024;
  return {
    'upload MB/s': Math.round(mb / (upMs / 1000)),
    'download MB/s': Math.round(mb / (downMs / 1000)),
    'RSS before MB': Math.round(baseline),
    'peak RSS upload MB': Math.round(upPeak),
    'peak RSS download MB': Math.round(Math.max(peak, downBaseline)),
    state: uploaded.state,
  };
}

/** Connects `clients` SSE streams, publishes `rounds` announcements and measures publish → receive latency. */
export async function benchSse(sova, clients = 500, rounds = 20) {
  const latencies = [];
  const sockets = [];
  let expected = 0;
  await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise((resolve, reject) => {
          const req = get(
            `${sova.base}/events`,
            { headers: { cookie: sova.cookie, accept: 'text/event-stream' } },
            (res) => {
              if (res.statusCode !== 200) return reject(new Error(`SSE ${res.statusCode}`));
              let buffer = '';
              res.setEncoding('utf8');
              res.on('data', (chunk) => {
                buffer += chunk;
                let end = buffer.indexOf('\n\n');
                while (end >= 0) {
                  const block = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  if (block.startsWith('event: announcement')) {
                    const data = JSON.parse(block.split('\ndata: ')[1]);
                    latencies.push(Date.now() - data.at);
                  }
                  end = buffer.indexOf('\n\n');
                }
              });
              resolve();
            },
          );
          req.on('error', reject);
          sockets.push(req);
        }),
    ),
  );
  for (let i = 0; i < rounds; i++) {
    const res = await fetch(`${sova.base}/admin/announcements`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: sova.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: `bench ${i}`, audience: 'all', _csrf: sova.csrf }).toString(),
    });
    if (res.status !== 303) throw new Error(`announcement ${res.status}`);
    expected += clients;
    await new Promise((r) => setTimeout(r, 250));
  }
  const until = Date.now() + 10_000;
  while (latencies.length < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  for (const s of sockets) s.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    clients,
    events: rounds,
    delivered: `${latencies.length}/${expected}`,
    'p50 ms': percentile(sorted, 50),
    'p99 ms': percentile(sorted, 99),
    'max ms': sorted[sorted.length - 1],
  };
}
