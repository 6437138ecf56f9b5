// Polish strings for the guided session; spread into pl.ts.
import type { enSession } from './session.en';
import type { Message } from './message';

export const plSession: Record<keyof typeof enSession, Message> = {
};
