// English strings for the guided session; spread into en.ts.
import type { Message } from './message';

export const enSession = {
} satisfies Record<string, Message>;
