// English strings for the clinician, plan, sign-in and onboarding screens on a phone; spread into en.ts.
import type { Message } from './message';

export const enPhone = {
  'plan.why_general': 'This follows the plan’s rules for exercise with MS.',
  'plan.instead_of': 'Instead of {exercise}.',
  'plan.sources': { one: 'Source ({count})', other: 'Sources ({count})' },
  'plan.warnings_count': { one: 'Important: {count} note. Tap to read.', other: 'Important: {count} notes. Tap to read.' },
  'plan.warnings_more': { one: '{count} more note. Tap to read.', other: '{count} more notes. Tap to read.' },
  'plan.start_today': 'Start today’s session',
  'plan.today': 'today',
  'clin.checkins': 'Recent check-ins',
  'clin.no_checkins': 'No check-ins yet.',
  'clin.checkin_fatigue': 'tiredness {fatigue} of 10',
  'clin.checkin_sleep': 'sleep {sleep} of 10',
  'clin.checkin_hot': 'felt hot',
  'clin.checkin_relapse': 'possible relapse',
  'clin.checkin_symptoms': 'symptoms: {symptoms}',
  'clin.checkin_no_symptoms': 'no symptoms',
  'auth.show_password': 'Show password',
  'onb.hr_off_beta': 'With beta-blockers, heart-rate targets are left out: the medicine slows the heart, so your heart rate does not show how hard you are working. You go by effort instead.',
} satisfies Record<string, Message>;
