// Polish strings for the clinician, plan, sign-in and onboarding screens on a phone; spread into pl.ts.
import type { enPhone } from './phone.en';
import type { Message } from './message';

export const plPhone: Record<keyof typeof enPhone, Message> = {
};
