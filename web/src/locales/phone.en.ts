// English strings for the clinician, plan, sign-in and onboarding screens on a phone; spread into en.ts.
import type { Message } from './message';

export const enPhone = {
} satisfies Record<string, Message>;
