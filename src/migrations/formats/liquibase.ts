import { pendingFormat } from './pending.js';

export const liquibase = pendingFormat('liquibase');
