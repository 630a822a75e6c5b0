import { pendingFormat } from './pending.js';

export const goose = pendingFormat('goose');
