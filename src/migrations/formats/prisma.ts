import { pendingFormat } from './pending.js';

export const prisma = pendingFormat('prisma');
