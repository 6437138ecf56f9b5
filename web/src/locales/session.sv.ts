// Swedish strings for the guided session; spread into sv.ts.
import type { enSession } from './session.en';
import type { Message } from './message';

export const svSession: Record<keyof typeof enSession, Message> = {
};
