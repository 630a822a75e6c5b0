import { pendingFormat } from './pending.js';

export const drizzle = pendingFormat('drizzle');
