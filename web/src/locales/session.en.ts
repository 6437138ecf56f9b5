// English strings for the guided session; spread into en.ts.
import type { Message } from './message';

export const enSession = {
  'sess.sets': 'Sets', 'sess.set_n': 'Set {n}', 'sess.log_set_n': 'Log set {n}', 'sess.last': 'last time',
  'sess.next_exercise': 'Next exercise', 'sess.reps_range': '{low}–{high} reps', 'sess.reps_only': '{reps} reps', 'sess.values_for': 'For set {n}:', 'sess.could_not': 'Could not finish set {n}',
  'sess.not_finished': 'not finished', 'sess.rir_short': '{rir} in reserve', 'sess.rir_none': 'Not chosen',
  'sess.edit': 'Edit', 'sess.edit_set': 'Edit set {n}', 'sess.save': 'Save', 'sess.cancel': 'Cancel', 'sess.delete': 'Delete',
  'sess.delete_q': 'Delete set {n}?', 'sess.delete_yes': 'Delete it', 'sess.delete_no': 'Keep it',
  'sess.deleted': 'Set {n} deleted.', 'sess.corrected': 'Set {n} corrected.',
  'sess.plates': 'Bar {bar}, then on each side: {plates} {unit}.',
  'sess.bar_heavier': 'That is more than {load}: use a lighter bar or dumbbells.',
  'sess.gear': 'Your bar and plates', 'sess.bar': 'Bar', 'sess.plates_have': 'Plates you have (each)',
  'sess.rest_exercise': 'Rest, then the next exercise', 'sess.go_on': 'Go on',
  'sess.hold_start': 'Start {seconds} s hold', 'sess.hold_resume': 'Resume hold', 'sess.hold_reset': 'Reset',
  'sess.hold_over': 'Hold over.', 'sess.holds_done': '{done} of {total} done',
  'sess.planned': 'Planned: {minutes} min', 'sess.time_left': 'Time left', 'sess.bout': 'Bout {n} of {total}: {time} left',
  'sess.elapsed': '{time} done', 'sess.minutes_done': 'Minutes done',
  'sess.swap_today': 'Only today', 'sess.swap_from_now': 'From now on', 'sess.swap_when': 'For how long',
  'sess.swap_queued': 'Swap saved; it is sent when you are online.', 'sess.swapped': 'Swapped for today: {name}.',
  'sess.changes_title': 'Your physiotherapist changed your plan', 'sess.changes_ok': 'Got it',
  'sess.summary_title': 'Session finished', 'sess.summary_sets': 'Sets', 'sess.summary_reps': 'Reps',
  'sess.summary_load': 'Total lifted', 'sess.summary_cardio': 'Cardio', 'sess.summary_items': 'Balance and stretching',
  'sess.plan_renewed': 'Your plan was made again from your profile with the latest version of MSFit\'s rules.',
  'sess.summary_edit': 'Something wrong? Open the exercise and edit the set.', 'sess.reopen': 'Back to the session',
} satisfies Record<string, Message>;
