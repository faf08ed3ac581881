// The 当场处罚决定书's receipt on the phone (行政处罚法 Art 52; issue 23), one part of two forms: the
// action page /cases/summary/new and a township's delegated matter. Both show the partial
// views/partials/summary-receipt.hbs (signature pads of api/public/signing.js) and read it here.

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The posted pads as the API's `receipt`: the party's signature, or the refusal with its witness. */
export function readReceiptForm(b: Record<string, unknown>): Record<string, unknown> | undefined {
  const v = (k: string) => str(b[`receipt.${k}`]);
  if (b['receipt.mode'] === 'REFUSED') {
    return { refused: defined({ reason: v('refused.reason'), witness: defined({ name: v('refused.witness.name'), image: v('refused.witness.image'), signedAt: v('refused.witness.signedAt') }) }) };
  }
  if (b['receipt.mode'] === 'SIGNED' || v('party.image')) return defined({ signature: v('party.image'), signedAt: v('party.signedAt'), name: v('party.name') });
  return undefined;
}

/** The partial's context: the two pads, what was typed, and the message of a refused submit. */
export function receiptFormContext(values: Record<string, unknown>, error?: string, partyNameField = 'party.name') {
  const form = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {
    form, errors: {}, error,
    signPads: [
      { prefix: 'receipt.party', label: '当事人（签收人）', nameFrom: partyNameField, name: form['receipt.party.name'] ?? '' },
      { prefix: 'receipt.refused.witness', label: '见证人（当事人拒绝签收时）', name: form['receipt.refused.witness.name'] ?? '' },
    ],
  };
}
