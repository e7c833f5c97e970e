/**
 * The words of the contract PDF (seed 002's "IT Services Agreement") in English, Russian and French. The layout
 * lives in `contract-pdf.ts`; this file holds only text, with the contract's facts already written the reader's
 * way (names, amount, dates) and placed into the clauses.
 */
import type { Locale } from '../../platform/i18n/index.js';

/** The contract's facts as the document prints them (already formatted for the language). */
export interface ContractFacts {
  company: string;
  client: string;
  service: string;
  amount: string;
  currencyName: string;
  currencyCode: string;
  signedOn: string;
  endsOn: string;
}

export interface ContractSection {
  heading: string;
  /**
   * Numbered clauses. A `scope` clause introduces the service's own description, which follows it indented; both
   * are left out when the service has no description.
   */
  clauses: (f: ContractFacts) => (string | { scope: string })[];
}

export interface ContractText {
  title: string;
  number: (n: string) => string;
  signedOn: (date: string) => string;
  preamble: (f: ContractFacts) => string;
  sections: ContractSection[];
  signatures: string;
  copies: string;
  contractor: string;
  client: string;
  email: string;
  phone: string;
  signature: string;
  date: string;
  version: (n: number) => string;
  generated: (at: string) => string;
  page: (n: number, of: number) => string;
}

const en: ContractText = {
  title: 'IT Services Agreement',
  number: (n) => `No. ${n}`,
  signedOn: (d) => `Date of signing: ${d}`,
  preamble: (f) =>
    `${f.company} (the “Contractor”) and ${f.client} (the “Client”), together the “Parties”, have concluded ` +
    'this Agreement as follows.',
  sections: [
    {
      heading: '1. Subject of the Agreement',
      clauses: (f) => [
        `The Contractor undertakes to provide the Client with the information technology services “${f.service}” ` +
          '(the “Services”), and the Client undertakes to accept and pay for them on the terms of this Agreement.',
        { scope: 'The scope of the Services is as follows:' },
        'The Services are deemed rendered when the Client accepts them or raises no written objection within ' +
          'five working days of their delivery.',
      ],
    },
    {
      heading: '2. Term of the Agreement',
      clauses: (f) => [
        `This Agreement enters into force on ${f.signedOn}, the date it is signed by both Parties, and remains ` +
          `in force until ${f.endsOn} inclusive.`,
        'Either Party may terminate this Agreement early by giving the other Party written notice at least ' +
          'thirty calendar days in advance.',
        'Termination does not release the Parties from obligations that arose before it, including payment for ' +
          'Services already rendered.',
      ],
    },
    {
      heading: '3. Payment',
      clauses: (f) => [
        `The total amount payable under this Agreement is ${f.amount}. The currency of payment is ` +
          `${f.currencyName} (${f.currencyCode}).`,
        'The Client pays on the basis of the Contractor’s invoices, by bank transfer, within ten working days ' +
          'of receiving each invoice.',
        `All payments are to be completed no later than ${f.endsOn}, the end date of this Agreement.`,
        'A payment is made on the day the funds are credited to the Contractor’s account.',
      ],
    },
    {
      heading: '4. Confidentiality',
      clauses: () => [
        'Each Party keeps confidential the technical, commercial, financial and personal information received ' +
          'from the other Party under this Agreement and does not disclose it to third parties without the ' +
          'other Party’s written consent.',
        'This obligation does not cover information that is publicly available or must be disclosed by law, ' +
          'and it remains in force for three years after this Agreement ends.',
        'The Contractor processes the Client’s personal data only to perform this Agreement and in accordance ' +
          'with applicable law.',
      ],
    },
    {
      heading: '5. Liability',
      clauses: () => [
        'The Parties are liable for the failure to perform, or the improper performance of, their obligations ' +
          'in accordance with applicable law.',
        'The Contractor’s total liability under this Agreement is limited to the total amount stated in ' +
          'clause 3.1.',
        'Neither Party is liable for a failure caused by circumstances beyond its reasonable control (force ' +
          'majeure), provided it informs the other Party without delay.',
        'The Parties settle disputes by negotiation; a dispute not settled within thirty days is referred to ' +
          'the competent court.',
      ],
    },
  ],
  signatures: 'Signatures of the Parties',
  copies: 'This Agreement is made in two copies of equal legal force, one for each Party.',
  contractor: 'Contractor',
  client: 'Client',
  email: 'Email',
  phone: 'Phone',
  signature: 'Signature',
  date: 'Date',
  version: (n) => `Version ${n}`,
  generated: (at) => `Generated ${at}`,
  page: (n, of) => `Page ${n} of ${of}`,
};

const ru: ContractText = {
  title: 'Договор на оказание IT-услуг',
  number: (n) => `№ ${n}`,
  signedOn: (d) => `Дата подписания: ${d}`,
  preamble: (f) =>
    `${f.company} (далее — «Исполнитель») и ${f.client} (далее — «Заказчик»), вместе именуемые «Стороны», ` +
    'заключили настоящий Договор о нижеследующем.',
  sections: [
    {
      heading: '1. Предмет договора',
      clauses: (f) => [
        `Исполнитель обязуется оказать Заказчику услуги в области информационных технологий «${f.service}» ` +
          '(далее — «Услуги»), а Заказчик обязуется принять и оплатить их на условиях настоящего Договора.',
        { scope: 'Состав Услуг:' },
        'Услуги считаются оказанными, когда Заказчик принял их или не направил письменных возражений в течение ' +
          'пяти рабочих дней после их передачи.',
      ],
    },
    {
      heading: '2. Срок действия договора',
      clauses: (f) => [
        `Договор вступает в силу ${f.signedOn}, в день его подписания обеими Сторонами, и действует ` +
          `до ${f.endsOn} включительно.`,
        'Каждая из Сторон вправе досрочно расторгнуть Договор, письменно уведомив другую Сторону не менее чем ' +
          'за тридцать календарных дней.',
        'Расторжение Договора не освобождает Стороны от обязательств, возникших до него, в том числе от оплаты ' +
          'уже оказанных Услуг.',
      ],
    },
    {
      heading: '3. Стоимость и порядок оплаты',
      clauses: (f) => [
        `Общая стоимость Услуг по настоящему Договору составляет ${f.amount}. Валюта расчётов — ` +
          `${f.currencyName} (${f.currencyCode}).`,
        'Заказчик оплачивает Услуги на основании счетов Исполнителя безналичным переводом в течение десяти ' +
          'рабочих дней с даты получения каждого счёта.',
        `Все расчёты должны быть завершены не позднее ${f.endsOn}, даты окончания действия Договора.`,
        'Датой оплаты считается день зачисления денежных средств на счёт Исполнителя.',
      ],
    },
    {
      heading: '4. Конфиденциальность',
      clauses: () => [
        'Каждая из Сторон сохраняет в тайне технические, коммерческие, финансовые и персональные сведения, ' +
          'полученные от другой Стороны по настоящему Договору, и не раскрывает их третьим лицам без ' +
          'письменного согласия другой Стороны.',
        'Это обязательство не распространяется на общедоступные сведения и на сведения, раскрытие которых ' +
          'требует закон, и действует в течение трёх лет после окончания Договора.',
        'Исполнитель обрабатывает персональные данные Заказчика только для исполнения настоящего Договора и в ' +
          'соответствии с применимым законодательством.',
      ],
    },
    {
      heading: '5. Ответственность сторон',
      clauses: () => [
        'За неисполнение или ненадлежащее исполнение обязательств по Договору Стороны несут ответственность в ' +
          'соответствии с применимым законодательством.',
        'Общая ответственность Исполнителя по настоящему Договору ограничена суммой, указанной в пункте 3.1.',
        'Стороны освобождаются от ответственности за неисполнение, вызванное обстоятельствами непреодолимой ' +
          'силы, при условии незамедлительного уведомления другой Стороны.',
        'Споры Стороны разрешают путём переговоров; спор, не урегулированный в течение тридцати дней, ' +
          'передаётся на рассмотрение в компетентный суд.',
      ],
    },
  ],
  signatures: 'Подписи сторон',
  copies:
    'Договор составлен в двух экземплярах, имеющих равную юридическую силу, по одному для каждой из Сторон.',
  contractor: 'Исполнитель',
  client: 'Заказчик',
  email: 'Эл. почта',
  phone: 'Телефон',
  signature: 'Подпись',
  date: 'Дата',
  version: (n) => `Версия ${n}`,
  generated: (at) => `Сформирован ${at}`,
  page: (n, of) => `Страница ${n} из ${of}`,
};

/* French sets a non-breaking space before « : » and inside « guillemets ». */
const fr: ContractText = {
  title: 'Contrat de prestation de services informatiques',
  number: (n) => `n° ${n}`,
  signedOn: (d) => `Date de signature\u00a0: ${d}`,
  preamble: (f) =>
    `${f.company} (ci-après le «\u00a0Prestataire\u00a0») et ${f.client} (ci-après le «\u00a0Client\u00a0»), ` +
    'ensemble les «\u00a0Parties\u00a0», ont conclu le présent Contrat dans les termes suivants.',
  sections: [
    {
      heading: '1. Objet du contrat',
      clauses: (f) => [
        `Le Prestataire s’engage à fournir au Client les services informatiques «\u00a0${f.service}\u00a0» ` +
          '(ci-après les «\u00a0Services\u00a0»), et le Client s’engage à les réceptionner et à les payer aux ' +
          'conditions du présent Contrat.',
        { scope: 'Les Services comprennent\u00a0:' },
        'Les Services sont réputés fournis lorsque le Client les a acceptés ou n’a formulé aucune objection ' +
          'écrite dans les cinq jours ouvrés suivant leur livraison.',
      ],
    },
    {
      heading: '2. Durée du contrat',
      clauses: (f) => [
        `Le présent Contrat entre en vigueur le ${f.signedOn}, date de sa signature par les deux Parties, et ` +
          `reste en vigueur jusqu’au ${f.endsOn} inclus.`,
        'Chaque Partie peut résilier le Contrat par anticipation en avisant l’autre Partie par écrit au moins ' +
          'trente jours calendaires à l’avance.',
        'La résiliation ne libère pas les Parties des obligations nées avant elle, notamment du paiement des ' +
          'Services déjà fournis.',
      ],
    },
    {
      heading: '3. Prix et modalités de paiement',
      clauses: (f) => [
        `Le montant total dû au titre du présent Contrat s’élève à ${f.amount}. Devise de paiement\u00a0: ` +
          `${f.currencyName} (${f.currencyCode}).`,
        'Le Client paie sur la base des factures du Prestataire, par virement bancaire, dans les dix jours ' +
          'ouvrés suivant la réception de chaque facture.',
        `Tous les paiements doivent être effectués au plus tard le ${f.endsOn}, date de fin du Contrat.`,
        'Un paiement est réputé effectué le jour où les fonds sont crédités sur le compte du Prestataire.',
      ],
    },
    {
      heading: '4. Confidentialité',
      clauses: () => [
        'Chaque Partie garde confidentielles les informations techniques, commerciales, financières et ' +
          'personnelles reçues de l’autre Partie au titre du Contrat et ne les communique pas à des tiers sans ' +
          'l’accord écrit de l’autre Partie.',
        'Cette obligation ne s’applique pas aux informations publiques ou dont la loi impose la communication, ' +
          'et elle demeure en vigueur pendant trois ans après la fin du Contrat.',
        'Le Prestataire traite les données personnelles du Client uniquement pour exécuter le présent Contrat ' +
          'et conformément à la législation applicable.',
      ],
    },
    {
      heading: '5. Responsabilité des parties',
      clauses: () => [
        'Les Parties sont responsables de l’inexécution ou de la mauvaise exécution de leurs obligations ' +
          'conformément à la législation applicable.',
        'La responsabilité totale du Prestataire au titre du Contrat est limitée au montant indiqué à ' +
          'l’article 3.1.',
        'Aucune Partie n’est responsable d’une inexécution due à un cas de force majeure, à condition d’en ' +
          'informer l’autre Partie sans délai.',
        'Les Parties règlent leurs différends à l’amiable\u00a0; un différend non réglé dans un délai de trente ' +
          'jours est porté devant la juridiction compétente.',
      ],
    },
  ],
  signatures: 'Signatures des parties',
  copies:
    'Le présent Contrat est établi en deux exemplaires ayant la même valeur juridique, un pour chaque Partie.',
  contractor: 'Prestataire',
  client: 'Client',
  email: 'E-mail',
  phone: 'Téléphone',
  signature: 'Signature',
  date: 'Date',
  version: (n) => `Version ${n}`,
  generated: (at) => `Généré le ${at}`,
  page: (n, of) => `Page ${n} sur ${of}`,
};

export const CONTRACT_TEXT: Record<Locale, ContractText> = { en, ru, fr };
