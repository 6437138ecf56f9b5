// Polish strings for the clinician, plan, sign-in and onboarding screens on a phone; spread into pl.ts.
import type { enPhone } from './phone.en';
import type { Message } from './message';

export const plPhone: Record<keyof typeof enPhone, Message> = {
  'plan.why_general': 'To wynika z zasad planu dotyczących ćwiczeń przy SM.',
  'plan.instead_of': 'Zamiast: {exercise}.',
  'plan.sources': { one: 'Źródło ({count})', few: 'Źródła ({count})', many: 'Źródła ({count})', other: 'Źródła ({count})' },
  'plan.warnings_count': {
    one: 'Ważne: {count} uwaga. Dotknij, aby przeczytać.', few: 'Ważne: {count} uwagi. Dotknij, aby przeczytać.',
    many: 'Ważne: {count} uwag. Dotknij, aby przeczytać.', other: 'Ważne: {count} uwagi. Dotknij, aby przeczytać.',
  },
  'plan.warnings_more': {
    one: 'Jeszcze {count} uwaga. Dotknij, aby przeczytać.', few: 'Jeszcze {count} uwagi. Dotknij, aby przeczytać.',
    many: 'Jeszcze {count} uwag. Dotknij, aby przeczytać.', other: 'Jeszcze {count} uwagi. Dotknij, aby przeczytać.',
  },
  'plan.start_today': 'Rozpocznij dzisiejszą sesję',
  'plan.today': 'dziś',
  'clin.checkins': 'Ostatnie zgłoszenia samopoczucia',
  'clin.no_checkins': 'Brak zgłoszeń samopoczucia.',
  'clin.checkin_fatigue': 'zmęczenie {fatigue} na 10',
  'clin.checkin_sleep': 'sen {sleep} na 10',
  'clin.checkin_hot': 'odczuwał(a) gorąco',
  'clin.checkin_relapse': 'możliwy rzut',
  'clin.checkin_symptoms': 'objawy: {symptoms}',
  'clin.checkin_no_symptoms': 'brak objawów',
  'auth.show_password': 'Pokaż hasło',
  'onb.hr_off_beta': 'Przy beta-blokerach cele tętna są pominięte: lek spowalnia serce, więc tętno nie pokazuje, jak ciężko pracujesz. Zamiast tego kierujesz się odczuwanym wysiłkiem.',
};
