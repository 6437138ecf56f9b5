// A UI message: plain text, or a plural message with one text per plural category of the
// language (Intl.PluralRules: 'one', 'few', 'many', 'other' in Polish; 'one' and 'other' in
// English and Swedish), chosen by the number in its {count}.
export type Plural = { [C in Intl.LDMLPluralRule]?: string } & { other: string };
export type Message = string | Plural;
