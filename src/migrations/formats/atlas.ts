import { pendingFormat } from './pending.js';

export const atlas = pendingFormat('atlas');
