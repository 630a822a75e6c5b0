import { pendingFormat } from './pending.js';

export const sqlx = pendingFormat('sqlx');
