/**
 * Call campaigns end to end through pages and API, on every dialect: a manager creates a campaign and imports
 * seed 004's CSV (French headers, `;`, Latin-1; or no header at all), operators take targets under a server-side
 * lock (refused to others with the holder's name, 50 concurrent "Next call" never share a target), submit calls
 * under seed 004's rules with a recording whose real duration is measured, and re-imports never delete a call.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { Browser, countRows, eventually, makeUser } from '../../test/http.js';
import { liveWebm } from '../../test/media.js';

const importIdOf = (res: { headers: Record<string, unknown> }) =>
  Number(/\/imports\/(\d+)/.exec(String(res.headers['hx-redirect']))?.[1]);

async function runImport(
  env: TestEnv,
  who: Browser,
  campaignId: number,
  file: Buffer,
  settings?: Record<string, string>,
) {
  const up = await who.upload(
    '/imports',
    { entity: 'call_targets', scope: String(campaignId) },
    { name: 'entreprises.csv', content: file },
  );
  expect(up.statusCode, up.body).toBe(204);
  const id = importIdOf(up);
  if (settings) expect((await who.post(`/imports/${id}`, settings)).statusCode).toBe(303);
  const preview = await who.get(`/imports/${id}`);
  expect((await who.post(`/imports/${id}/start`)).statusCode).toBe(303);
  const done = await eventually(async () => {
    const row = await env.deps.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (row.state === 'done' || row.state === 'failed') ? row : undefined;
  });
  return { id, done, preview: preview.body };
}

const targetsOf = (env: TestEnv, campaignId: number) =>
  env.deps.db
    .selectFrom('campaignTargets as t')
    .innerJoin('companies as c', 'c.id', 't.companyId')
    .select([
      't.id',
      't.state',
      't.callsCount',
      'c.name',
      'c.phone',
      'c.product',
      'c.validityScoreTenths',
      'c.legalForm',
    ])
    .where('t.campaignId', '=', campaignId)
    .orderBy('t.id')
    .execute();

const json = (res: { body: string }) => JSON.parse(res.body);

describeEachDialect(
  'call campaigns',
  (env) => {
    let manager: Browser;
    let alice: Browser;
    let bob: Browser;
    let aliceId: number;
    let campaignId: number;

    beforeAll(async () => {
      manager = new Browser(env.app);
      alice = new Browser(env.app);
      bob = new Browser(env.app);
      const m = await makeUser(env, { roles: ['manager'] });
      const a = await makeUser(env, { roles: ['operator'], username: `alice_${env.dialect}` });
      const b = await makeUser(env, { roles: ['operator'] });
      aliceId = a.id;
      await env.deps.db
        .updateTable('users')
        .set({ firstName: 'Alice', lastName: 'Martin' })
        .where('id', '=', a.id)
        .execute();
      await manager.login(m.username, m.password);
      await alice.login(a.username, a.password);
      await bob.login(b.username, b.password);
    });

    it('lets managers create campaigns, refuses operators and taken names', async () => {
      const res = await manager.post('/call-campaigns', {
        name: 'PME Transformation',
        description: 'Vague 1',
      });
      expect(res.statusCode).toBe(303);
      campaignId = Number(/\/call-campaigns\/(\d+)/.exec(String(res.headers.location))?.[1]);
      expect(campaignId).toBeGreaterThan(0);
      const again = await manager.post('/call-campaigns', { name: 'pme transformation' });
      expect(again.statusCode).toBe(422);
      expect(again.body).toContain('data-field-error="name"');
      const refused = await alice.post('/call-campaigns', { name: 'Mine' });
      expect(refused.statusCode).toBe(403);
      expect(await countRows(env, 'callCampaigns')).toBe(1);
    });

    it('imports seed 004’s CSV: French headers, `;`, Latin-1, placeholders, score and status rules', async () => {
      const csv = Buffer.from(
        [
          'Nom;Téléphone;Filière;Activité;Localisation;Forme;NIU;Score;Etat',
          'Société Générale Agro;+237 650 00 00 01;Cacao;Transformation;Douala;SARL;M0123;7,3;pending',
          ';+237 650 00 00 02;Café;;Yaoundé;SA;;abc;inconnu',
          'Boulangerie Élodie;;Blé;Panification;Bafoussam;EI;;9.25;Déjà appelé',
          'Huilerie du Sud;650000004;Palme;;Kribi;;;;in_progress',
        ].join('\r\n'),
        'latin1',
      );
      const { done, preview } = await runImport(env, manager, campaignId, csv);
      expect(preview).toMatch(/<option value="windows-1252" selected/);
      expect(preview).toMatch(/<option value=";" selected/);
      expect(done).toMatchObject({ state: 'done', createdCount: 4, errorCount: 0, totalRows: 4 });
      const targets = await targetsOf(env, campaignId);
      // Phones are stored E.164, one written without + read as dialled in DEFAULT_COUNTRY (Cameroon here).
      expect(targets.map((t) => [t.name, t.phone, t.product, t.validityScoreTenths, t.state])).toEqual([
        ['Société Générale Agro', '+237650000001', 'Cacao', 73, 'pending'],
        ['Entreprise 3', '+237650000002', 'Café', 0, 'pending'],
        ['Boulangerie Élodie', 'Non renseigne', 'Blé', 93, 'done'],
        ['Huilerie du Sud', '+237650000004', 'Palme', 0, 'pending'],
      ]);
      const queue = await alice.get(`/call-campaigns/${campaignId}?q=elodie`);
      expect(queue.statusCode).toBe(200);
      expect(queue.body).toContain('Boulangerie Élodie');
      expect(queue.body).not.toContain('Huilerie du Sud');
    });

    it('reads a file without a header row by position, and refuses a file missing the name and phone columns', async () => {
      const headerless = Buffer.from(
        'Scierie Nord,+237 677 11 22 33,Bois,Sciage,Bertoua,SARL,N77,5.5,callback\r\n',
      );
      const { done } = await runImport(env, manager, campaignId, headerless);
      expect(done).toMatchObject({ state: 'done', createdCount: 1, totalRows: 1 });
      const row = (await targetsOf(env, campaignId)).find((t) => t.name === 'Scierie Nord');
      expect(row).toMatchObject({
        product: 'Bois',
        validityScoreTenths: 55,
        state: 'callback',
        legalForm: 'SARL',
      });

      const up = await manager.upload(
        '/imports',
        { entity: 'call_targets', scope: String(campaignId) },
        { name: 'partial.csv', content: Buffer.from('Produit;Activité\r\nCacao;Transformation\r\n') },
      );
      const id = importIdOf(up);
      await manager.post(`/imports/${id}`, {
        header: 'yes',
        encoding: 'utf-8',
        delimiter: ';',
        mode: 'append',
        map_0: 'product',
        map_1: 'activity',
      });
      const page = await manager.get(`/imports/${id}`);
      expect(page.body).toContain('data-missing');
      await manager.post(`/imports/${id}/start`);
      const state = await env.deps.db
        .selectFrom('imports')
        .select('state')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(state.state).toBe('draft');
    });

    it('refuses 10 MB of garbage without writing anything', async () => {
      const before = await countRows(env, 'campaignTargets');
      const garbage = Buffer.alloc(10 * 1024 * 1024);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
      const up = await manager.upload(
        '/imports',
        { entity: 'call_targets', scope: String(campaignId) },
        { name: 'junk.csv', content: garbage },
      );
      // Refused at upload (not a spreadsheet, or too large for an import), with a message on the form.
      expect([200, 400]).toContain(up.statusCode);
      expect(up.body).toContain('data-error');
      expect(await countRows(env, 'campaignTargets')).toBe(before);
    });

    it('locks a target for one operator; the other is refused with the holder’s name and sees it taken', async () => {
      const [first] = await targetsOf(env, campaignId);
      const lock = await alice.post(`/api/v1/call-targets/${first!.id}/lock`);
      expect(lock.statusCode).toBe(200);
      expect(json(lock)).toMatchObject({ target: { state: 'in_progress', locked_by: { user_id: aliceId } } });

      const refused = await bob.post(`/api/v1/call-targets/${first!.id}/lock`);
      expect(refused.statusCode).toBe(409);
      expect(json(refused).code).toBe('call_target.locked');
      expect(json(refused).errors._[0].message).toContain('Alice Martin');
      // The problem's own words name the holder too, under a title that says what happened.
      expect(json(refused).detail).toBe('Alice Martin is calling this company right now.');
      expect(json(refused).title).toBe('Conflicts with the current state');
      const form = await bob.get(`/call-targets/${first!.id}/call`);
      expect(form.statusCode).toBe(409);
      expect(form.body).toContain('Alice Martin');
      const queue = await bob.get(`/call-campaigns/${campaignId}`);
      expect(queue.body).toMatch(new RegExp(`data-target="${first!.id}" data-target-state="in_progress"`));
      expect(queue.body).toMatch(
        new RegExp(`disabled="" data-start-call="${first!.id}"|disabled data-start-call="${first!.id}"`),
      );

      // Bob cannot submit a call for it either.
      const sneaky = await bob.post(`/api/v1/call-targets/${first!.id}/calls`, {
        recording: 'none',
        number_status: 'no_answer',
      });
      expect(sneaky.statusCode).toBe(409);
      expect(await countRows(env, 'calls')).toBe(0);

      const beat = await alice.post(`/api/v1/call-targets/${first!.id}/heartbeat`);
      expect(beat.statusCode).toBe(200);
      // Releasing someone else's lock does nothing; the holder's release frees it.
      expect((await bob.post(`/api/v1/call-targets/${first!.id}/release`)).statusCode).toBe(204);
      expect((await bob.post(`/api/v1/call-targets/${first!.id}/lock`)).statusCode).toBe(409);
      expect((await alice.post(`/api/v1/call-targets/${first!.id}/release`)).statusCode).toBe(204);
      expect((await bob.post(`/api/v1/call-targets/${first!.id}/lock`)).statusCode).toBe(200);
      // An expired lock (no heartbeat) can be taken by another operator.
      await env.deps.db
        .updateTable('campaignTargets')
        .set({ lockExpiresAt: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', first!.id)
        .execute();
      expect((await alice.post(`/api/v1/call-targets/${first!.id}/lock`)).statusCode).toBe(200);
      expect((await bob.post(`/api/v1/call-targets/${first!.id}/heartbeat`)).statusCode).toBe(409);
      await alice.post(`/api/v1/call-targets/${first!.id}/release`);
    });

    it('opens a target’s call form without taking it: only the “Take this call” POST locks', async () => {
      const [, second] = await targetsOf(env, campaignId);
      const row = () =>
        env.deps.db.selectFrom('campaignTargets').selectAll().where('id', '=', second!.id).executeTakeFirst();
      const before = await row();
      // A link (another site's, or seed 004's old address) opens the page and changes nothing.
      for (const url of [`/call-targets/${second!.id}/call`, `/appels/${second!.id}/remplir/`]) {
        let res = await alice.get(url);
        if (res.statusCode === 302) res = await alice.get(String(res.headers.location));
        expect(res.statusCode, url).toBe(200);
        expect(res.body).toContain('data-take-call');
        expect(res.body).not.toContain('data-call-form');
      }
      expect(await row()).toEqual(before);
      const take = await alice.post(`/call-targets/${second!.id}/start`);
      expect(take.headers.location).toBe(`/call-targets/${second!.id}/call`);
      expect((await row())?.lockUserId).toBe(aliceId);
      const form = await alice.get(`/call-targets/${second!.id}/call`);
      expect(form.body).toContain('data-call-form');
      expect(form.body).not.toContain('data-take-call');
      expect((await bob.get(`/call-targets/${second!.id}/call`)).statusCode).toBe(409);
      await alice.post(`/api/v1/call-targets/${second!.id}/release`);
    });

    it('checks the call form with seed 004’s rules and messages, writing nothing until it is right', async () => {
      const [first] = await targetsOf(env, campaignId);
      await alice.post(`/api/v1/call-targets/${first!.id}/lock`);
      const api = `/api/v1/call-targets/${first!.id}/calls`;
      const fr = { 'accept-language': 'fr' };
      const send = (body: Record<string, string>) =>
        env.app.inject({
          method: 'POST',
          url: api,
          payload: new URLSearchParams({ ...body, _csrf: alice.csrf }).toString(),
          headers: { cookie: alice.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', ...fr },
        });
      const noChoice = await send({ number_status: 'answered' });
      expect(noChoice.statusCode).toBe(400);
      expect(json(noChoice).errors.recording[0].message).toBe(
        'Lancez le micro ou continuez sans enregistrement avant de sélectionner un statut.',
      );
      const noStatus = await send({ recording: 'none' });
      expect(json(noStatus).errors.number_status[0].message).toBe("Cliquez d'abord sur un statut.");
      const noCallStatus = await send({ recording: 'none', number_status: 'answered' });
      expect(json(noCallStatus).errors.call_status[0].message).toBe("Choisissez un statut d'appel.");
      const noWhen = await send({ recording: 'none', number_status: 'answered', call_status: 'callback' });
      expect(json(noWhen).errors.callback_at).toBeDefined();
      const micWithoutFile = await send({ recording: 'mic', number_status: 'no_answer' });
      expect(json(micWithoutFile).errors.recording).toBeDefined();
      expect(await countRows(env, 'calls')).toBe(0);

      // A callback keeps the company for later, at the time given (local time of the company's zone).
      const ok = await send({
        recording: 'none',
        number_status: 'answered',
        call_status: 'callback',
        callback_at: '2020-01-02T10:30',
        presentation_level: 'complete',
      });
      expect(ok.statusCode).toBe(201);
      const call = json(ok);
      expect(call).toMatchObject({
        source: 'campaign',
        number_status: 'answered',
        call_status: 'callback',
        presentation_level: '',
        lead_result: 'hesitant',
        survey_status: 'incomplete',
        recording: null,
      });
      const target = (await targetsOf(env, campaignId)).find((t) => t.id === first!.id);
      expect(target).toMatchObject({ state: 'callback', callsCount: 1 });
      // Due callbacks come first with "Next call": the one imported without a time (as soon as possible), then this one.
      const scierie = (await targetsOf(env, campaignId)).find((t) => t.name === 'Scierie Nord')!;
      const next = await bob.post(`/api/v1/call-campaigns/${campaignId}/next`);
      const after = await bob.post(`/api/v1/call-campaigns/${campaignId}/next`);
      expect([json(next).target.id, json(after).target.id]).toEqual([scierie.id, first!.id]);
      await bob.post(`/api/v1/call-targets/${first!.id}/release`);
      await bob.post(`/api/v1/call-targets/${scierie.id}/release`);
    });

    it('saves an accepted call with its recording: real duration measured, seekable audio served with ranges', async () => {
      const targets = await targetsOf(env, campaignId);
      const target = targets.find((t) => t.state === 'pending')!;
      await alice.post(`/api/v1/call-targets/${target.id}/lock`);
      const fields = {
        recording: 'mic',
        number_status: 'answered',
        call_status: 'accepted',
        presentation_level: 'complete',
        free_questions_level: 'complete',
        guided_questions_level: 'partial',
        person_name: 'M. Ndzi',
        recording_started_at: '2026-11-24T09:00:00.000Z',
        recording_stopped_at: '2026-11-24T09:00:03.000Z',
      };
      const res = await alice.upload(
        `/api/v1/call-targets/${target.id}/calls`,
        fields,
        { name: 'call.webm', content: liveWebm(3.2), type: 'audio/webm', field: 'recording' },
        { accept: 'application/json' },
      );
      expect(res.statusCode, res.body).toBe(201);
      const call = json(res);
      expect(call).toMatchObject({
        survey_status: 'partial',
        lead_result: 'success',
        recording: { mime_type: 'audio/webm', duration_seconds: 3.2 },
      });
      expect((await targetsOf(env, campaignId)).find((t) => t.id === target.id)?.state).toBe('done');

      const audio = await bob.get(call.recording.url, { range: 'bytes=0-99' });
      expect(audio.statusCode).toBe(206);
      expect(audio.headers['content-type']).toBe('audio/webm');
      expect(audio.rawPayload.length).toBe(100);
      const whole = await bob.get(call.recording.url);
      expect(whole.rawPayload.indexOf(Buffer.from([0x44, 0x89, 0x88]))).toBeGreaterThan(0);

      // A done company is refused with seed 004's message.
      const again = await alice.post(`/api/v1/call-targets/${target.id}/lock`, {}, { csrf: true });
      expect(again.statusCode).toBe(409);
      expect(json(again).code).toBe('call_target.done');
      const page = await alice.get(`/call-targets/${target.id}/call`, { 'accept-language': 'fr' });
      expect(page.statusCode).toBe(409);
    });

    it('refuses a recording that is not audio or is over the size limit, keeping nothing', async () => {
      const target = (await targetsOf(env, campaignId)).find((t) => t.state === 'pending')!;
      await alice.post(`/api/v1/call-targets/${target.id}/lock`);
      const calls = await countRows(env, 'calls');
      const files = await countRows(env, 'files');
      const text = await alice.upload(
        `/api/v1/call-targets/${target.id}/calls`,
        { recording: 'mic', number_status: 'voicemail' },
        {
          name: 'call.webm',
          content: Buffer.from('<html>definitely not audio</html>'.repeat(100)),
          type: 'audio/webm',
          field: 'recording',
        },
        { accept: 'application/json' },
      );
      expect(text.statusCode).toBe(415);
      const big = await alice.upload(
        `/api/v1/call-targets/${target.id}/calls`,
        { recording: 'mic', number_status: 'voicemail' },
        {
          name: 'call.webm',
          content: Buffer.concat([liveWebm(1), Buffer.alloc(env.config.uploadLimits.audio)]),
          type: 'audio/webm',
          field: 'recording',
        },
        { accept: 'application/json' },
      );
      expect(big.statusCode).toBe(413);
      expect(await countRows(env, 'calls')).toBe(calls);
      expect(await countRows(env, 'files')).toBe(files);
      await alice.post(`/api/v1/call-targets/${target.id}/release`);
    });

    it('refuses a fake WAV as a recording: a WAV header over anything else, keeping nothing', async () => {
      const target = (await targetsOf(env, campaignId)).find((t) => t.state === 'pending')!;
      await alice.post(`/api/v1/call-targets/${target.id}/lock`);
      const calls = await countRows(env, 'calls');
      const files = await countRows(env, 'files');
      const fake = Buffer.concat([
        Buffer.from('RIFF\x10\x00\x00\x00WAVE', 'latin1'),
        Buffer.from('this is no audio at all, only text after a WAV header. '.repeat(40)),
      ]);
      const res = await alice.upload(
        `/api/v1/call-targets/${target.id}/calls`,
        { recording: 'mic', number_status: 'voicemail' },
        { name: 'call.wav', content: fake, type: 'audio/wav', field: 'recording' },
        { accept: 'application/json' },
      );
      expect(res.statusCode).toBe(415);
      expect(json(res).code).toBe('file.audio_unreadable');
      expect(await countRows(env, 'calls')).toBe(calls);
      expect(await countRows(env, 'files')).toBe(files);
      await alice.post(`/api/v1/call-targets/${target.id}/release`);
    });

    it('never hands the same target to two of 50 concurrent "Next call" requests', async () => {
      const res = await manager.post('/call-campaigns', { name: `Rush ${env.dialect}` });
      const rush = Number(/\/call-campaigns\/(\d+)/.exec(String(res.headers.location))?.[1]);
      const rows = Array.from(
        { length: 40 },
        (_, i) => `Entreprise ${i};+237 655 000 ${String(i).padStart(3, '0')}`,
      );
      const { done } = await runImport(env, manager, rush, Buffer.from(['nom;tel', ...rows].join('\n')));
      expect(done.createdCount).toBe(40);
      const operators = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const u = await makeUser(env, { roles: ['operator'] });
          const b = new Browser(env.app);
          await b.login(u.username, u.password);
          await b.get('/login');
          return b;
        }),
      );
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => operators[i % 5]!.post(`/api/v1/call-campaigns/${rush}/next`)),
      );
      const given = answers.filter((a) => a.statusCode === 200).map((a) => json(a).target.id as number);
      expect(answers.filter((a) => a.statusCode === 204)).toHaveLength(10);
      expect(given).toHaveLength(40);
      expect(new Set(given).size).toBe(40);
    });

    it('imports a file of several batches: phones repeated across batches, companies known elsewhere, and a file that breaks late writes nothing', async () => {
      // Another campaign already knows one company: the import reuses it instead of creating a twin.
      const other = await manager.post('/call-campaigns', { name: `Autre ${env.dialect}` });
      const otherId = Number(/\/call-campaigns\/(\d+)/.exec(String(other.headers.location))?.[1]);
      const known = Buffer.from('nom;tel\r\nConnue SARL;+237 651 00 00 00\r\n');
      expect((await runImport(env, manager, otherId, known)).done.state).toBe('done');
      const made = await manager.post('/call-campaigns', { name: `Lots ${env.dialect}` });
      const bigId = Number(/\/call-campaigns\/(\d+)/.exec(String(made.headers.location))?.[1]);
      const companiesBefore = await countRows(env, 'companies');
      const lines = ['nom;tel;produit'];
      for (let i = 0; i < 12_000; i++) lines.push(`Lot ${i};+237 69${String(i).padStart(7, '0')};Cacao`);
      lines[3] = 'Connue SARL (lot);237651000000;Café'; // known in the other campaign
      lines.push('Lot 1 renommé;+237 690000001;Palme'); // the phone of row 2, in the third batch
      const { done } = await runImport(env, manager, bigId, Buffer.from(lines.join('\r\n')));
      expect(done).toMatchObject({ state: 'done', createdCount: 12_000, updatedCount: 1, errorCount: 0 });
      expect(await countRows(env, 'companies')).toBe(companiesBefore + 11_999);
      const targets = await targetsOf(env, bigId);
      expect(targets).toHaveLength(12_000);
      expect(new Set(targets.map((t) => t.id)).size).toBe(12_000);
      expect(targets.find((t) => t.name === 'Lot 1 renommé')).toMatchObject({
        product: 'Palme',
        state: 'pending',
      });
      expect(targets.some((t) => t.name === 'Lot 1')).toBe(false);
      const reused = await env.deps.db
        .selectFrom('campaignTargets')
        .select(['campaignId', 'companyId'])
        .where('companyId', 'in', (eb) =>
          eb.selectFrom('companies').select('id').where('phoneKey', '=', '237651000000'),
        )
        .orderBy('campaignId')
        .execute();
      expect(reused.map((t) => t.campaignId)).toEqual([otherId, bigId]);
      expect(new Set(reused.map((t) => t.companyId)).size).toBe(1);
      // The trigger-kept counts agree with the rows.
      const counts = await env.deps.db
        .selectFrom('campaignTargetCounts')
        .select(['state', 'n'])
        .where('campaignId', '=', bigId)
        .execute();
      expect(counts).toEqual([{ state: 'pending', n: 12_000 }]);
      // New phones for the search, one found by its digits whatever way it is typed.
      const search = await manager.get(
        `/call-campaigns/${bigId}?q=${encodeURIComponent('+237 69 001 1999')}`,
      );
      expect(search.body).toContain('Lot 11999');

      // A file whose 11,000th row breaks the CSV: the batches written before it are rolled back with it.
      const broken = [
        ...lines.slice(0, 11_000).map((l) => l.replace('Lot ', 'Cassé ')),
        'x"y;"z',
        ...lines.slice(11_000),
      ];
      const brokenId = Number(
        /\/call-campaigns\/(\d+)/.exec(
          String((await manager.post('/call-campaigns', { name: `Cassé ${env.dialect}` })).headers.location),
        )?.[1],
      );
      const before = await countRows(env, 'companies');
      const failed = await runImport(env, manager, brokenId, Buffer.from(broken.join('\r\n')));
      expect(failed.done.state).toBe('failed');
      expect(failed.done.failure).toMatch(/Line 11\d\d\d/);
      expect(await targetsOf(env, brokenId)).toEqual([]);
      expect(await countRows(env, 'companies')).toBe(before);
    });

    it('re-import "replace" drops only uncalled pending companies; calls and recordings stay', async () => {
      const calls = await countRows(env, 'calls');
      const recordings = await countRows(env, 'recordings');
      const csv = Buffer.from('nom;tel\r\nNouvelle SA;+237 699 99 99 99\r\n');
      const { done } = await runImport(env, manager, campaignId, csv, {
        header: 'yes',
        encoding: 'utf-8',
        delimiter: ';',
        mode: 'replace',
        map_0: 'name',
        map_1: 'phone',
      });
      expect(done.state).toBe('done');
      const targets = await targetsOf(env, campaignId);
      expect(targets.filter((t) => t.state === 'pending').map((t) => t.name)).toEqual(['Nouvelle SA']);
      expect(targets.some((t) => t.state === 'done' && t.callsCount === 1)).toBe(true);
      expect(targets.some((t) => t.state === 'callback')).toBe(true);
      expect(await countRows(env, 'calls')).toBe(calls);
      expect(await countRows(env, 'recordings')).toBe(recordings);
      // Append/update by phone updates in place instead of duplicating.
      const update = Buffer.from('nom;tel;score\r\nNouvelle SA (renommée);237699999999;8\r\n');
      const second = await runImport(env, manager, campaignId, update);
      expect(second.done).toMatchObject({ createdCount: 0, updatedCount: 1 });
      const updated = (await targetsOf(env, campaignId)).filter((t) => t.name.startsWith('Nouvelle SA'));
      expect(updated).toMatchObject([{ name: 'Nouvelle SA (renommée)', validityScoreTenths: 80 }]);
      // The same file again changes nothing, so the company row is not rewritten (its updated time stays).
      const stampOf = async () =>
        (
          await env.deps.db
            .selectFrom('companies')
            .select('updatedAt')
            .where('phoneKey', '=', '237699999999')
            .executeTakeFirstOrThrow()
        ).updatedAt;
      const stamp = await stampOf();
      await new Promise((r) => setTimeout(r, 5));
      const third = await runImport(env, manager, campaignId, update);
      expect(third.done).toMatchObject({ createdCount: 0, updatedCount: 0, skippedCount: 1 });
      expect(await stampOf()).toBe(stamp);
    });

    it('exports seed 004’s columns as a real XLSX in the reader’s language, and shows the dashboard', async () => {
      const res = await manager.get(`/calls/export?campaign=${campaignId}&format=xlsx`, {
        'accept-language': 'fr',
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-disposition'])).toMatch(/PME_Transformation_consolidee_\d{8}\.xlsx/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 4)).toEqual(['Entreprise', 'Téléphone', 'Produit', 'Activité']);
      const rows: unknown[][] = [];
      ws.eachRow((r, i) => {
        if (i > 1) rows.push((r.values as unknown[]).slice(1));
      });
      expect(rows).toHaveLength(2);
      const accepted = rows.find((r) => r[9] === 'Accepte le questionnaire')!;
      expect(accepted).toBeDefined();
      expect(accepted[8]).toBe("Décroche l'appel");
      expect(accepted[13]).toBe('Partiel');
      expect(accepted[15]).toBe('Oui');
      // Seed 004's date-time: a real date cell shown YYYY-MM-DD HH:MM.
      expect(accepted[14]).toBeInstanceOf(Date);
      expect(ws.getRow(rows.indexOf(accepted) + 2).getCell(15).numFmt).toBe('yyyy-mm-dd hh:mm');

      const dash = await manager.get(`/call-campaigns/dashboard?campaign=${campaignId}`);
      expect(dash.statusCode).toBe(200);
      // Alice made both calls: an incomplete callback (1 point) and an accepted call with all levels (2 points).
      expect(dash.body).toMatch(/data-operator="Alice Martin" data-points="3" data-ratio="100"/);
      expect(dash.body).toMatch(/data-stat="answered"[\s\S]*?>2</);
      const api = json(await manager.get(`/api/v1/call-campaigns/${campaignId}/dashboard`));
      expect(api.calls.byOutcome).toEqual({ callback: 1, accepted: 1 });
      // The trigger-kept counts agree with the rows after imports, replaces, calls and callbacks.
      const all = await targetsOf(env, campaignId);
      const want: Record<string, number> = {
        pending: 0,
        in_progress: 0,
        callback: 0,
        done: 0,
        total: all.length,
      };
      for (const t of all) want[t.state] = (want[t.state] ?? 0) + 1;
      expect(api.targets).toEqual(want);
    });
  },
  // Seed 004's companies are in Cameroon: numbers written without + are dialled there.
  { DEFAULT_COUNTRY: 'CM' },
);

describe('seed pages lead to Sova pages after login', () => {
  describeEachDialect('seed 004 / 000 addresses', (env) => {
    it('redirects to login first, then to the page', async () => {
      const anon = new Browser(env.app);
      expect((await anon.get('/appels/')).headers.location).toMatch(/^\/(login|setup)/);
      const u = await makeUser(env, { roles: ['operator'] });
      const b = new Browser(env.app);
      await b.login(u.username, u.password);
      const cases: [string, string][] = [
        ['/appels/', '/call-campaigns'],
        ['/appels/7/remplir/', '/call-targets/7/call'],
        ['/import-entreprises/', '/call-campaigns'],
        ['/export/', '/calls'],
        ['/contacts/', '/companies'],
        ['/call/list/', '/calls?mine=1'],
        ['/new_call/', '/calls'],
        ['/call_item/edit/5/', '/calls/5/edit'],
        ['/call_item/delete/5/', '/calls/5/delete'],
        ['/appels/acces/', '/login'],
      ];
      for (const [from, to] of cases) expect((await b.get(from)).headers.location, from).toBe(to);
    });
  });
});
