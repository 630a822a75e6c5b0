import { pendingFormat } from './pending.js';

export const sqitch = pendingFormat('sqitch');
