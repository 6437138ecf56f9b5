// Swedish strings for the clinician, plan, sign-in and onboarding screens on a phone; spread into sv.ts.
import type { enPhone } from './phone.en';
import type { Message } from './message';

export const svPhone: Record<keyof typeof enPhone, Message> = {
  'plan.why_general': 'Det här följer planens regler för träning vid MS.',
  'plan.instead_of': 'I stället för {exercise}.',
  'plan.sources': { one: 'Källa ({count})', other: 'Källor ({count})' },
  'plan.warnings_count': { one: 'Viktigt: {count} meddelande. Tryck för att läsa.', other: 'Viktigt: {count} meddelanden. Tryck för att läsa.' },
  'plan.warnings_more': { one: '{count} meddelande till. Tryck för att läsa.', other: '{count} meddelanden till. Tryck för att läsa.' },
  'plan.start_today': 'Starta dagens pass',
  'plan.today': 'i dag',
  'clin.checkins': 'Senaste incheckningar',
  'clin.no_checkins': 'Inga incheckningar än.',
  'clin.checkin_fatigue': 'trötthet {fatigue} av 10',
  'clin.checkin_sleep': 'sömn {sleep} av 10',
  'clin.checkin_hot': 'kände sig varm',
  'clin.checkin_relapse': 'möjligt skov',
  'clin.checkin_symptoms': 'symtom: {symptoms}',
  'clin.checkin_no_symptoms': 'inga symtom',
  'auth.show_password': 'Visa lösenord',
  'onb.hr_off_beta': 'Med betablockerare används inga pulsmål: läkemedlet sänker pulsen, så pulsen visar inte hur hårt du arbetar. Du går i stället efter ansträngning.',
};
