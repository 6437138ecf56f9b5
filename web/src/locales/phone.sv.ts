// Swedish strings for the clinician, plan, sign-in and onboarding screens on a phone; spread into sv.ts.
import type { enPhone } from './phone.en';
import type { Message } from './message';

export const svPhone: Record<keyof typeof enPhone, Message> = {
};
