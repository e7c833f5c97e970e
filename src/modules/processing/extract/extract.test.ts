/** The extractor's tricky cases: names in other grammatical cases, legal forms, titles, next steps and days. */
import { describe, expect, it } from 'vitest';
import { extractFields } from './extract.js';
import { detectLanguage } from './language.js';
import { groupNumberWords, spellDigits } from './number-words.js';

/** A Wednesday, 12:00 in Moscow and 10:00 in Paris. */
const now = new Date('2026-03-11T09:00:00Z');
const fields = (text: string, timeZone = 'Europe/Moscow') => extractFields(text, { now, timeZone }).fields;

describe('language', () => {
  it('tells Russian, French and English apart', () => {
    expect(detectLanguage('Здравствуйте, меня зовут Иван, ООO «Ромашка»')).toBe('ru');
    expect(detectLanguage('Bonjour, je suis Claire Dubois de Lumière SARL.')).toBe('fr');
    expect(detectLanguage('Hi, this is John Smith from Globex LLC.')).toBe('en');
    expect(detectLanguage('Call notes: Globex LLC, $25,000.')).toBe('en');
    expect(detectLanguage('Call me back on Wednesday.')).toBe('en');
    expect(detectLanguage('Rappelez-moi mercredi.')).toBe('fr');
  });
});

describe('numbers said in words', () => {
  it('groups words the way a listener hears them', () => {
    expect(spellDigits('восемь девятьсот три, сто двадцать', 'ru')).toBe('8 903 120');
    expect(spellDigits('soixante et onze, quatre-vingt-dix-huit', 'fr')).toBe('71 98');
    expect(spellDigits('two hundred and fifty thousand', 'en')).toBe('250000');
    // A lone word is usually an article or a pronoun: left alone.
    expect(spellDigits('un devis pour one client', 'fr')).toBe('un devis pour one client');
    expect(
      groupNumberWords(
        [
          { value: 0, kind: 'zero' },
          { value: 6, kind: 'unit' },
        ],
        'fr',
      ),
    ).toEqual([0, 6]);
  });
});

describe('company, person and title', () => {
  it('reads a Russian legal form with nested quotes and a name in the instrumental', () => {
    const f = fields('Говорил с Сергеем Николаевичем Волковым, юрист ООО «Правовой центр «Гарант»».');
    expect(f.company).toBe('ООО «Правовой центр «Гарант»»');
    expect(f.person).toBe('Сергей Николаевич Волков');
    expect(f.position).toBe('юрист');
  });

  it('puts genitive and dative names and a genitive company back in the nominative', () => {
    expect(fields('Звонок от Козлова Виктора, начальник IT-отдела.').person).toBe('Козлов Виктор');
    expect(fields('Звонок Ивановой Марине, ПАО «Банк Развития».').person).toBe('Иванова Марина');
    expect(fields('Пётр из «Газпромнефть-Снабжения» спросил про сроки.').company).toBe(
      'Газпромнефть-Снабжение',
    );
    const f = fields('Разговаривал с финансовым директором Олегом Титовым, АО «Вымпел».');
    expect([f.person, f.position]).toEqual(['Олег Титов', 'финансовый директор']);
  });

  it('reads an individual entrepreneur as both the company and the person', () => {
    const f = fields('ИП Кузнецов Андрей Викторович, тел. +7 (912) 345-67-89.');
    expect([f.company, f.person, f.phone]).toEqual([
      'ИП Кузнецов Андрей Викторович',
      'Кузнецов Андрей Викторович',
      '+79123456789',
    ]);
  });

  it('reads Latin legal forms after or before the name, and titles around the name', () => {
    const fr = fields(
      'Bonjour, je suis Claire Dubois, directrice commerciale chez Lumière SARL.',
      'Europe/Paris',
    );
    expect([fr.company, fr.person, fr.position]).toEqual([
      'Lumière SARL',
      'Claire Dubois',
      'directrice commerciale',
    ]);
    expect(fields('Client : SAS DataVert. Contact : Lucie Mercier, responsable RSE.').company).toBe(
      'SAS DataVert',
    );
    const en = fields('Call notes: spoke with Sarah Connor, CTO of Skynet Robotics Inc. They want images.');
    expect([en.company, en.person, en.position]).toEqual(['Skynet Robotics Inc.', 'Sarah Connor', 'CTO']);
    expect(fields('This is David Miller, VP of Sales at Initech, Inc.').company).toBe('Initech, Inc.');
    expect(fields('It’s Chris. I run a small bakery, Crumbs & Co. Thanks.').company).toBe('Crumbs & Co.');
  });

  it('does not take the caller for the company when both follow "from"', () => {
    const f = fields('Inbound call from Mike at Brightline. He asked about speech datasets.');
    expect([f.person, f.company]).toEqual(['Mike', 'Brightline']);
  });
});

describe('next step', () => {
  it('gives the day in the caller’s zone, a weekday said on that weekday meaning next week', () => {
    expect(fields('Перезвоните, пожалуйста, в пятницу.').nextStep).toEqual({
      text: 'Перезвоните, пожалуйста, в пятницу.',
      date: '2026-03-13',
    });
    // Phone digits are no time of day: "22 в среду" is not 22 o'clock today.
    expect(fields('Позвоните мне по номеру 8 985 000 11 22 в среду.').nextStep?.date).toBe('2026-03-18');
    expect(fields('Call me back on Wednesday.', 'Europe/London').nextStep?.date).toBe('2026-03-18');
    expect(fields('Rappelez-moi mercredi.', 'Europe/Paris').nextStep?.date).toBe('2026-03-18');
    expect(fields('Созвон 16.03 в 10:00.').nextStep).toMatchObject({ date: '2026-03-16', time: '10:00' });
    expect(fields('Rappeler jeudi 19 mars à 14h.', 'Europe/Paris').nextStep).toMatchObject({
      date: '2026-03-19',
      time: '14:00',
    });
    expect(fields("Let's speak again on the 20th.", 'Europe/London').nextStep?.date).toBe('2026-03-20');
    expect(fields('Send the proposal next Tuesday.', 'Europe/London').nextStep?.date).toBe('2026-03-17');
  });

  it('gives no day for a vague time, and no step for what already happened', () => {
    const vague = fields('Перезвоните на следующей неделе.').nextStep;
    expect(vague?.text).toBe('Перезвоните на следующей неделе.');
    expect(vague?.date).toBeUndefined();
    expect(fields('Перезвонил клиенту по заявке 5561.').nextStep).toBeUndefined();
    expect(fields('Hello, nothing to report.').nextStep).toBeUndefined();
  });

  it('counts the day in the given zone when it differs from UTC', () => {
    // 23:30 UTC on Wednesday is already Thursday in Moscow: "tomorrow" is Friday there.
    const late = new Date('2026-03-11T23:30:00Z');
    expect(
      extractFields('Перезвонить завтра.', { now: late, timeZone: 'Europe/Moscow' }).fields.nextStep?.date,
    ).toBe('2026-03-13');
    expect(
      extractFields('Call me back tomorrow.', { now: late, timeZone: 'UTC' }).fields.nextStep?.date,
    ).toBe('2026-03-12');
  });
});

describe('request and data type', () => {
  it('takes the request sentence and the kind of data it names', () => {
    const f = fields('Здравствуйте. Нам нужна разметка аудиозаписей звонков, 5000 файлов.');
    expect(f.description).toBe('Нам нужна разметка аудиозаписей звонков, 5000 файлов.');
    expect(f.dataType).toBe('audio');
    expect(fields('Il cherche des vidéos à sous-titrer et des transcriptions.').dataType).toBe('video');
    expect(fields('Sentiment analysis of 100,000 chat transcripts.').dataType).toBe('text');
    expect(fields('Voicemail: please call back.').dataType).toBeUndefined();
  });

  it('leaves out every field it cannot read', () => {
    expect(extractFields('', { now }).fields).toEqual({});
    expect(extractFields('Алло? Алло! Не слышно.', { now }).fields).toEqual({});
  });
});
